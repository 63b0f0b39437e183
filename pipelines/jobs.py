"""Jobs: one job rebuilds and publishes the whole warehouse; another draws the operator's
charts from the published file (kept out of the refresh so a refresh stays as fast as the
data allows and never fails over a picture)."""

import dagster as dg

from pipelines.hooks import peak_memory

CHARTS = dg.AssetKey(["charts"])

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(CHARTS),
    description="Read the raw folder, extract and validate every table, publish warehouse.duckdb atomically.",
    hooks={peak_memory},
)

draw_charts = dg.define_asset_job(
    "draw_charts",
    selection=dg.AssetSelection.assets(CHARTS),
    description="Draw the timeline and top-entities charts from the published warehouse into the UI's metadata.",
)

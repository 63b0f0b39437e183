"""Jobs: one job rebuilds and publishes the whole warehouse, then draws the operator's
charts and scores its quality from the published file (both steps only warn when they
cannot do their work, so a refresh never fails over a picture or a grade); another
redraws the charts alone."""

import dagster as dg

from pipelines.hooks import peak_memory

CHARTS = dg.AssetKey(["charts"])

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Read the raw folder, extract and validate every table, publish warehouse.duckdb atomically, "
                "then draw the charts and score the quality of what was published.",
    hooks={peak_memory},
)

draw_charts = dg.define_asset_job(
    "draw_charts",
    selection=dg.AssetSelection.assets(CHARTS),
    description="Draw the timeline and top-entities charts from the published warehouse into the UI's metadata.",
)

"""Jobs: one job rebuilds and publishes the whole warehouse."""

import dagster as dg

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Read the raw folder, extract and validate every table, publish warehouse.duckdb atomically.",
)

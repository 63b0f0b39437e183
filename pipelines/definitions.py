"""The one `Definitions` of the project: assets by layer, their checks, the refresh job,
its schedule and the sensor on the raw folder."""

import dagster as dg

from assets import documents, ingest, publish, sentences
from assets.resources import paths_from_env
from pipelines.jobs import refresh_warehouse
from pipelines.schedules import daily_refresh
from pipelines.sensors import raw_folder_sensor

asset_modules = [ingest, documents, sentences, publish]

defs = dg.Definitions(
    assets=dg.load_assets_from_modules(asset_modules),
    asset_checks=dg.load_asset_checks_from_modules(asset_modules),
    jobs=[refresh_warehouse],
    schedules=[daily_refresh],
    sensors=[raw_folder_sensor],
    resources={"paths": paths_from_env()},
    executor=dg.in_process_executor,
)

"""The one `Definitions` of the project: assets by layer, their checks, the refresh job,
its schedule, the sensor on the raw folder and the warehouse's freshness policy."""

import dagster as dg

from assets import documents, entities, events, facts, ingest, publish, sentences
from assets.resources import WarehousePaths, paths_from_env
from pipelines.freshness import with_freshness
from pipelines.jobs import refresh_warehouse
from pipelines.schedules import daily_refresh
from pipelines.sensors import raw_folder_sensor

ASSET_MODULES = [ingest, documents, sentences, entities, events, facts, publish]


def build_definitions(paths: WarehousePaths) -> dg.Definitions:
    """Definitions reading and publishing where `paths` says (tests point it at tmp dirs)."""
    return dg.Definitions(
        assets=with_freshness(dg.load_assets_from_modules(ASSET_MODULES)),
        asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[refresh_warehouse],
        schedules=[daily_refresh],
        sensors=[raw_folder_sensor],
        resources={"paths": paths},
        executor=dg.in_process_executor,
    )


defs = build_definitions(paths_from_env())

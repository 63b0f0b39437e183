"""The one `Definitions` of the project: assets by layer, their checks, the refresh job,
its schedule, the raw folder's sensor, the charts job and the warehouse's freshness policy."""

import dagster as dg

from assets import charts, documents, entities, events, extraction, facts, ingest, publish, quality, sentences
from assets.io_manager import WarehouseIOManager
from assets.quality import QualityGold, gold_from_env
from assets.resources import WarehousePaths, paths_from_env
from pipelines.executors import executor_from_env
from pipelines.freshness import with_freshness
from pipelines.jobs import draw_charts, refresh_warehouse
from pipelines.schedules import daily_refresh
from pipelines.sensors import raw_folder_sensor

ASSET_MODULES = [ingest, extraction, documents, sentences, entities, events, facts, publish, charts, quality]


def build_definitions(paths: WarehousePaths, gold: QualityGold | None = None) -> dg.Definitions:
    """Definitions reading and publishing where `paths` says (tests point it at tmp dirs),
    scoring quality against `gold` (default: QUALITY_GOLD, else the shipped corpus's gold)."""
    return dg.Definitions(
        assets=with_freshness(dg.load_assets_from_modules(ASSET_MODULES)),
        asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[refresh_warehouse, draw_charts],
        schedules=[daily_refresh],
        sensors=[raw_folder_sensor],
        resources={"paths": paths, "io_manager": WarehouseIOManager(paths=paths),
                   "quality_gold": gold or gold_from_env()},
        executor=executor_from_env(),
    )


defs = build_definitions(paths_from_env())

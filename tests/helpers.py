"""Run the real pipeline in-process on a folder, as the CLI would."""

from pathlib import Path

import dagster as dg

from assets.resources import WarehousePaths
from pipelines.definitions import build_definitions

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"


def run_pipeline(raw_dir: Path, warehouse_dir: Path, instance: dg.DagsterInstance | None = None):
    """Execute refresh_warehouse on `raw_dir`, publishing into `warehouse_dir`."""
    defs = build_definitions(WarehousePaths(raw_dir=str(raw_dir), warehouse_dir=str(warehouse_dir)))
    job = defs.resolve_job_def("refresh_warehouse")
    return job.execute_in_process(instance=instance or dg.DagsterInstance.ephemeral(), raise_on_error=False)

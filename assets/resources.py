"""Where the pipeline reads and writes, configured once for every asset."""

import os
from pathlib import Path

import dagster as dg


class WarehousePaths(dg.ConfigurableResource):
    """The raw folder to read and the folder the warehouse is published in.

    Defaults come from RAW_DIR and WAREHOUSE_DIR (else `raw/` and `warehouse/`), the
    fixed interface other tools call."""

    raw_dir: str = "raw"
    warehouse_dir: str = "warehouse"

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir).resolve()

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse_dir).resolve()

    @property
    def published_file(self) -> Path:
        return self.warehouse_path / "warehouse.duckdb"


def paths_from_env() -> WarehousePaths:
    return WarehousePaths(raw_dir=os.environ.get("RAW_DIR", "raw"),
                          warehouse_dir=os.environ.get("WAREHOUSE_DIR", "warehouse"))

"""How outputs pass between steps: as files in the warehouse folder, in standard formats.

Two kinds of output travel: a `Parted` pointer (the table's Parquet parts are already on
disk, storage.parts) and a `Validated` table small enough to hold (core.source_files: one
row per file, without its text). Dagster's default IO manager pickles both into
DAGSTER_HOME, which ties a warehouse's steps to one Dagster instance and puts a format of
our own between them. This one writes a pointer as JSON and a table as Parquet, under the
warehouse folder they belong to (`.work/io/`), so a step on another process or machine
(the Dask engine, the multiprocess executor) reads them with any Parquet reader, and two
warehouses run from one Dagster instance never read each other's outputs.

Every output is a small JSON file replaced by a rename; a table's Parquet files go into a
fresh folder first, so a reader sees the previous output or the new one, never half, and a
replaced folder is removed only hours later (a run at the same time may be reading it)."""

import json
import os
import shutil
import time
import uuid
from dataclasses import asdict
from pathlib import Path

import dagster as dg

from assets.resources import WarehousePaths
from assets.validation import Validated
from storage.parquet_files import read_frame, write_once
from storage.parts import Parted, WorkFolderError, work_root


def io_root(warehouse_dir: Path) -> Path:
    return work_root(warehouse_dir) / "io"


def _pointer_file(root: Path, key: dg.AssetKey) -> Path:
    return root / f"{'__'.join(key.path)}.json"


def write_pointer(path: Path, pointer: dict) -> None:
    """Replace the JSON file at `path` by a rename: readers see the old or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    temporary.write_text(json.dumps(pointer, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def store_output(root: Path, key: dg.AssetKey, value: object) -> None:
    """Write `value` (Parted, Validated or None) as the output of asset `key`."""
    pointer_file = _pointer_file(root, key)
    if value is None:
        return
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkFolderError(f"cannot create the warehouse folder's working area {root} "
                              f"({error.strerror or error}); the published warehouse was left as it was") from error
    if isinstance(value, Parted):
        write_pointer(pointer_file, {"kind": "parted", **asdict(value)})
        return
    if not isinstance(value, Validated):
        raise TypeError(f"{key.to_user_string()}: outputs are Parted or Validated, not {type(value).__name__}")
    folder = root / f"{'__'.join(key.path)}-{uuid.uuid4().hex[:8]}"
    write_once(value.table, folder / "table.parquet")
    write_once(value.rejected, folder / "rejected.parquet")
    write_pointer(pointer_file, {"kind": "validated", "folder": folder.name})
    remove_replaced(root, key, keep=folder.name)


# A replaced table stays this long: another run of the same warehouse may have read the
# pointer just before it was replaced and be reading the folder now (two runs at once).
REPLACED_KEEP_SECONDS = 6 * 3600


def remove_replaced(root: Path, key: dg.AssetKey, keep: str, older_than: float = REPLACED_KEEP_SECONDS) -> None:
    """Delete the folders of earlier outputs of `key` not touched for `older_than` seconds."""
    now = time.time()
    for folder in root.glob(f"{'__'.join(key.path)}-*"):
        try:
            if folder.name != keep and folder.is_dir() and now - folder.stat().st_mtime > older_than:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # removed by another run meanwhile


def read_pointer(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def load_output(root: Path, key: dg.AssetKey) -> Parted | Validated:
    pointer = read_pointer(_pointer_file(root, key))
    if pointer is None:
        raise FileNotFoundError(f"{key.to_user_string()} has no output in {root}: materialise it first")
    kind = pointer.pop("kind")
    if kind == "parted":
        batches = pointer.pop("batches")
        return Parted(**pointer, batches=None if batches is None else tuple(tuple(b) for b in batches))
    folder = root / pointer["folder"]
    return Validated(read_frame(folder / "table.parquet"), read_frame(folder / "rejected.parquet"))


class WarehouseIOManager(dg.ConfigurableIOManager):
    """Outputs as JSON pointers and Parquet tables under the warehouse folder's `.work/io/`."""

    paths: WarehousePaths

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        store_output(io_root(self.paths.warehouse_path), context.asset_key, obj)

    def load_input(self, context: dg.InputContext) -> Parted | Validated:
        return load_output(io_root(self.paths.warehouse_path), context.asset_key)

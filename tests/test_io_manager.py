"""Outputs between steps are JSON pointers and Parquet tables in the warehouse folder."""

import os
import time

import dagster as dg
import pandas as pd

from assets.io_manager import REPLACED_KEEP_SECONDS, io_root, load_output, store_output
from assets.validation import Validated, empty_rejected
from storage.parts import Parted

KEY = dg.AssetKey(["core", "source_files"])


def _table(n: int) -> pd.DataFrame:
    return pd.DataFrame({"file_id": [f"f_{i}" for i in range(n)],
                         "n_chars": pd.array([10 * i if i else None for i in range(n)], dtype="Int64"),
                         "ingested_at": pd.to_datetime(["2026-12-05 00:00:00"] * n)})


def test_a_table_comes_back_with_its_dtypes_and_a_replaced_output_is_removed_once_stale(tmp_path):
    root = io_root(tmp_path)
    store_output(root, KEY, Validated(_table(3), empty_rejected()))
    first = {p.name for p in root.iterdir() if p.is_dir()}
    store_output(root, KEY, Validated(_table(2), empty_rejected()))
    loaded = load_output(root, KEY)
    pd.testing.assert_frame_equal(loaded.table, _table(2))
    assert list(loaded.rejected.columns) == list(empty_rejected().columns)
    # a run at the same time may still read the replaced folder: it stays, until it is stale
    assert first <= {p.name for p in root.iterdir() if p.is_dir()}
    (old,) = first
    os.utime(root / old, (time.time() - REPLACED_KEEP_SECONDS - 60,) * 2)
    store_output(root, KEY, Validated(_table(1), empty_rejected()))
    assert not first & {p.name for p in root.iterdir() if p.is_dir()}  # the stale folder is gone
    assert len([p for p in root.iterdir() if p.is_dir()]) == 2  # the last two outputs
    assert not any(p.suffix == ".pkl" or p.read_bytes()[:1] == b"\x80" for p in root.rglob("*") if p.is_file())


def test_a_parted_pointer_comes_back_equal(tmp_path):
    pointer = Parted("core.sentences", str(tmp_path / "x"), 2, 10, 1, (("a", "b"), ("c",)))
    store_output(io_root(tmp_path), dg.AssetKey(["core", "sentences"]), pointer)
    assert load_output(io_root(tmp_path), dg.AssetKey(["core", "sentences"])) == pointer
    assert load_output(io_root(tmp_path), dg.AssetKey(["core", "sentences"])).batches == (("a", "b"), ("c",))

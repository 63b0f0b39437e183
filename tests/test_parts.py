"""Core tables pass between steps as parts on disk, one per batch of files: a part is
only read for the files it was written for, and a failed step leaves the last parts."""

import hashlib

import pandas as pd
import pytest

import pyarrow as pa

from storage.parts import Parted, PartsMismatch, batch_key, file_batches, n_outside, parts_writer
from assets.validation import Validated, empty_rejected


def _files(n: int) -> pd.DataFrame:
    return pd.DataFrame({"file_id": [f"f_{i:016x}" for i in range(n)], "sha256": [f"{i:064x}" for i in range(n)],
                         "status": ["loaded", "quarantined", *["loaded"] * (n - 2)], "n_chars": [10] * n})


def _rows(batch: pd.DataFrame) -> Validated:
    return Validated(pd.DataFrame({"file_id": batch["file_id"], "n": range(len(batch))}), empty_rejected())


def _written(folder, files: pd.DataFrame) -> Parted:
    """core.things written for `files`, two files of ten characters per part."""
    with parts_writer(folder, "core.things", ["file_id", "n"]) as writer:
        for batch in file_batches(files, batch_chars=20):
            writer.write(_rows(batch), batch)
        return writer.finish()


def _hashed_files(n: int, n_chars: int = 1000) -> pd.DataFrame:
    """n loaded files with real content hashes (where batches end depends on them)."""
    shas = [hashlib.sha256(f"file {i}".encode()).hexdigest() for i in range(n)]
    return pd.DataFrame({"file_id": [f"f_{i:016x}" for i in range(n)], "sha256": shas, "status": "loaded",
                         "n_chars": n_chars})


def test_batches_cover_the_loaded_files_in_order_by_their_text():
    files = _files(7)
    batches = file_batches(files, batch_chars=20)
    assert pd.concat(batches)["file_id"].tolist() == files.loc[files["status"] == "loaded", "file_id"].tolist()
    assert all(b["n_chars"].sum() <= 30 for b in batches)  # never past 1.5 times the limit
    files.loc[3, "n_chars"] = 95  # a long file: its batch closes with it, the next starts after it
    assert any(b["file_id"].iloc[-1] == files.loc[3, "file_id"] for b in file_batches(files, batch_chars=20))
    assert file_batches(files.assign(status="quarantined")) == []
    many = _hashed_files(2000)
    sizes = [b["n_chars"].sum() for b in file_batches(many, batch_chars=50_000)]
    assert 25 <= len(sizes) <= 60 and max(sizes) <= 75_000  # about 40 batches of about the limit


def test_a_file_added_or_removed_changes_its_own_batch_not_every_batch_after_it():
    """Batch ends are chosen by the files' content, not by a running total, so the
    batches after a change keep their files (and their parts are reused)."""
    files = _hashed_files(2000)
    before = {batch_key(b) for b in file_batches(files, batch_chars=50_000)}
    removed = {batch_key(b) for b in file_batches(files.drop(index=100), batch_chars=50_000)}
    added = {batch_key(b) for b in file_batches(pd.concat([files.iloc[:100], _hashed_files(2001).iloc[2000:],
                                                           files.iloc[100:]]), batch_chars=50_000)}
    assert len(before - removed) <= 2 and len(before - added) <= 2 and len(before) > 25


def test_a_part_is_read_only_for_the_files_it_was_written_for(tmp_path):
    files = _files(6)
    table = _written(tmp_path, files)
    assert table.n_parts == len(file_batches(files, batch_chars=20)) > 1 and table.n_rows == 5
    first, second = file_batches(files, batch_chars=20)[:2]
    assert list(table.part_for(0, first)["file_id"]) == list(first["file_id"])
    with pytest.raises(PartsMismatch, match="core.things was written for other files"):
        table.part_for(0, second)  # e.g. core.source_files was materialised again since
    with pytest.raises(PartsMismatch):
        table.part_for(0, pd.concat([first, second]))  # more files than the part holds
    assert list(table.read()["file_id"]) == list(files.loc[files["status"] == "loaded", "file_id"])


def test_a_failed_step_leaves_the_last_parts_and_no_half_written_folder(tmp_path):
    files = _files(4)
    table = _written(tmp_path, files)
    with pytest.raises(ZeroDivisionError):
        with parts_writer(tmp_path, "core.things", ["file_id", "n"]) as writer:
            writer.write(_rows(files.iloc[:1]), files.iloc[:1])
            raise ZeroDivisionError
    assert sorted(p.name for p in tmp_path.iterdir()) == ["core.things"]
    assert len(table.read()) == 3


def test_a_table_with_no_files_has_its_columns(tmp_path):
    with parts_writer(tmp_path, "core.things", ["file_id", "n"]) as writer:
        table = writer.finish()
    assert table.n_parts == 0 and list(table.read().columns) == ["file_id", "n"] and table.rejected().empty


def test_a_part_built_from_the_same_key_is_linked_with_its_refused_rows(tmp_path):
    """The next materialisation takes the file of a part whose key did not change (the
    same inode: nothing read or written again), with the rows validation refused in it."""
    files = _hashed_files(3, n_chars=10)
    refused = empty_rejected().reindex(range(1)).assign(table_name="core.things", reason="a refused row")
    with parts_writer(tmp_path, "core.things", ["file_id", "n"]) as writer:
        writer.write(Validated(_rows(files.iloc[:2]).table, refused), files.iloc[:2], key="k-first")
        writer.write(_rows(files.iloc[2:]), files.iloc[2:], key="k-second")
        first = writer.finish()
    inode = first.part_file(0).stat().st_ino
    with parts_writer(tmp_path, "core.things", ["file_id", "n"]) as writer:
        assert writer.reuse("k-unknown", files.iloc[:2]) is None
        rows = writer.reuse("k-first", files.iloc[:2], ["n"])
        assert rows is not None and list(rows.columns) == ["file_id", "n"]  # the first part is read whole
        writer.write(_rows(files.iloc[2:]), files.iloc[2:], key="k-changed")
        second = writer.finish()
    assert second.part_keys == ("k-first", "k-changed") and writer.n_reused == 1
    assert second.part_file(0).stat().st_ino == inode
    assert len(second.rejected()) == 1 and second.read()["file_id"].tolist() == files["file_id"].tolist()
    assert first.part_keys == ("k-first", "k-second")


def test_orphan_counts_read_every_part_and_count_ids_not_known(tmp_path):
    """What the orphan checks count: ids set but unknown, across parts, in id and list
    columns, with a part whose column is all empty (Arrow type null) among them."""
    parts = [pd.DataFrame({"entity_id": ["e1", "e9"], "participants": [("e1", "e2"), ("e7",)]}),
             pd.DataFrame({"entity_id": [None, None], "participants": [(), ()]}),
             pd.DataFrame({"entity_id": ["e2", None], "participants": [("e8", "e9"), ("e2",)]})]
    with parts_writer(tmp_path, "core.facts", ["entity_id", "participants"]) as writer:
        for rows in parts:
            writer.write(Validated(rows, empty_rejected()))
        facts = writer.finish()
    assert facts.n_parts == 3
    known = pa.array(["e1", "e2"])
    table = facts.columns(["entity_id", "participants"])
    assert n_outside(table["entity_id"], known) == 1  # e9; the empty ids are not orphans
    assert n_outside(table["participants"], known) == 3  # e7, e8, e9
    assert sorted(facts.ids("entity_id").drop_null().to_pylist()) == ["e1", "e2", "e9"]
    assert n_outside(pa.array([None, None]), pa.array([], pa.null())) == 0

"""Core tables pass between steps as parts on disk, one per batch of files: a part is
only read for the files it was written for, and a failed step leaves the last parts."""

import pandas as pd
import pytest

from storage.parts import Parted, PartsMismatch, file_batches, parts_writer
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


def test_batches_cover_the_loaded_files_in_order_by_their_text():
    files = _files(7)
    batches = file_batches(files, batch_chars=20)
    assert [list(b["file_id"]) for b in batches] == [[f"f_{i:016x}" for i in pair] for pair in ([0, 2], [3, 4], [5, 6])]
    files.loc[3, "n_chars"] = 95  # a long file: its batch closes with it, the next starts after it
    assert [len(b) for b in file_batches(files, batch_chars=20)] == [2, 1, 2, 1]
    assert file_batches(files.assign(status="quarantined")) == []


def test_a_part_is_read_only_for_the_files_it_was_written_for(tmp_path):
    files = _files(6)
    table = _written(tmp_path, files)
    assert table.n_parts == 3 and table.n_rows == 5
    first, second = file_batches(files, batch_chars=20)[:2]
    assert list(table.part_for(0, first)["file_id"]) == list(first["file_id"])
    with pytest.raises(PartsMismatch, match="core.things was written for other files"):
        table.part_for(0, second)  # e.g. core.source_files was materialised again since
    with pytest.raises(PartsMismatch):
        table.part_for(0, file_batches(_files(7), batch_chars=20)[0].iloc[:1])
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

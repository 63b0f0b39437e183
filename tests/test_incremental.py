"""A run does work in proportion to what changed: unchanged files cost a stat, steps whose
inputs and code are unchanged hand back their last tables, and publish keeps the tables of
the published file when they are the ones it holds. (tests/test_soak.py checks that all of
this gives what a clean rebuild gives.)"""

import os
import shutil
import time
from datetime import datetime

import duckdb
import pytest

import textmine
from assets import ingest
from storage.manifest import RACY_NANOSECONDS, Manifest
from storage.warehouse_file import built_from, replace_atomically
from tests.helpers import run_pipeline

NOW = datetime(2026, 1, 1)
TEXT = "CSTO exercise ends\n\n12.10.2023\n\nThe CSTO exercise ended in Kyrgyzstan with a parade.\n"


def _age(path, seconds: float = 10) -> None:
    """Date the file back, out of the window in which a same-tick rewrite could hide."""
    then = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(then, then))


def _ingest(raw, manifest, texts: set[str]):
    return ingest.ingest(raw, {}, NOW, keep_text=lambda sha, _text: texts.add(sha), manifest=manifest,
                         has_text=texts.__contains__)


def test_unchanged_files_cost_a_stat_and_changed_ones_are_read_again(tmp_path, monkeypatch):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    raw.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (raw / name).write_text(TEXT.replace("parade", f"parade of {name}"), encoding="utf-8")
        _age(raw / name)
    (raw / "d.txt").write_text(TEXT, encoding="utf-8")  # written just now: inside the racy window
    texts: set[str] = set()
    first = Manifest(cache)
    before = _ingest(raw, first, texts)
    first.save()
    read = []
    real_read = ingest.read_file
    monkeypatch.setattr(ingest, "read_file", lambda path: read.append(path.name) or real_read(path))
    (raw / "b.txt").write_text(TEXT.replace("parade", "parade of B.txt"), encoding="utf-8")  # same size
    _age(raw / "b.txt")  # and an old modification time: only its change time tells
    (raw / "c.txt").rename(raw / "e.txt")
    after = _ingest(raw, Manifest(cache), texts)
    assert sorted(read) == ["b.txt", "d.txt", "e.txt"]  # a.txt was only stat'ed
    same = ["file_id", "sha256", "n_bytes", "n_chars", "encoding", "status", "status_reason"]
    assert after[after["path"] == "a.txt"][same].values.tolist() == before[before["path"] == "a.txt"][same].values.tolist()
    assert after.set_index("path").loc["b.txt", "sha256"] != before.set_index("path").loc["b.txt", "sha256"]
    # a loaded file whose decoded text the store lost is read again, to give the text back
    _age(raw / "d.txt")
    kept = Manifest(cache)
    _ingest(raw, kept, texts)
    kept.save()
    read.clear()
    _ingest(raw, Manifest(cache), texts)
    assert read == []  # every file is now old enough to be trusted
    _ingest(raw, Manifest(cache), set())
    assert sorted(read) == ["a.txt", "b.txt", "d.txt", "e.txt"]


def test_a_torn_manifest_means_every_file_is_read(tmp_path):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT, encoding="utf-8")
    _age(raw / "a.txt")
    manifest = Manifest(cache)
    _ingest(raw, manifest, set())
    manifest.save()
    assert Manifest(cache).previous
    (cache / "manifest.parquet").write_bytes(b"not parquet")
    assert Manifest(cache).previous == {}


def _metadata(result, node: str, key: str):
    return [m.metadata.get(key) for m in result.asset_materializations_for_node(node)]


def test_an_unchanged_rerun_reuses_every_table_and_publishes_the_same_rows(tmp_path, monkeypatch):
    raw, folder = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT + "Belarus and Kazakhstan sent units; Russia sent 1,200 troops.\n", encoding="utf-8")
    first = run_pipeline(raw, folder)
    assert first.success
    published = folder / "warehouse.duckdb"
    with duckdb.connect(str(published), read_only=True) as con:
        before = {t: con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {t} ORDER BY ALL").fetchall()
                  if t == "core.source_files" else con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                  for t in ("core.source_files", "core.sentences", "core.mentions", "core.events")}
    again = run_pipeline(raw, folder)
    assert again.success
    for node in ("core__documents", "core__sentences", "entities_and_mentions", "core__events", "core__positions"):
        assert all(m is not None and m.value for m in _metadata(again, node, "reused_from_run")), node
        assert _metadata(again, node, "dagster/row_count") == _metadata(first, node, "dagster/row_count"), node
    assert _metadata(again, "warehouse", "tables_rebuilt")[0].value is False
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM audit.runs").fetchone()[0] == 2  # the run is still recorded
        for table, rows in before.items():
            query = f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY ALL" if table == "core.source_files" \
                else f"SELECT * FROM {table} ORDER BY ALL"
            assert con.execute(query).fetchall() == rows, table
    # an unchanged publish that cannot copy the published file leaves it as it was
    kept = published.read_bytes()

    def disk_full(_source, target):
        open(target, "wb").write(b"partial")
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("assets.publish.shutil.copyfile", disk_full)
        full = run_pipeline(raw, folder)
    assert not full.success
    failure = next(e for e in full.all_events if e.event_type_value == "STEP_FAILURE")
    assert "No space left on device" in str(failure.event_specific_data.error)
    assert published.read_bytes() == kept and not list(folder.glob(".build-*"))


def test_other_code_or_batches_give_other_keys(monkeypatch):
    from assets.reuse import code_version, step_key
    from storage import parts
    from storage.parts import Parted

    table = Parted("core.things", "/nowhere", 1, 1, 0, None, "k1")
    key = step_key("step", {"things": table})
    assert key == step_key("step", {"things": table}) != step_key("step", {"things": Parted(
        "core.things", "/nowhere", 1, 1, 0, None, "k2")})
    assert step_key("step", {"things": Parted("core.things", "/nowhere", 1, 1, 0)}) is None  # no key: always run
    before = code_version()
    monkeypatch.setattr(textmine, "PIPELINE_VERSION", textmine.PIPELINE_VERSION + "-next")
    assert code_version() != before and step_key("step", {"things": table}) != key
    monkeypatch.undo()
    monkeypatch.setattr(parts, "BATCH_CHARS", 1)
    assert code_version() != before


def _tiny_warehouse(path, rows: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS n FROM range(?)", [rows])


def test_the_published_file_is_trusted_only_while_it_is_the_one_its_record_describes(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    _tiny_warehouse(tmp_path / "built.duckdb", 3)
    replace_atomically(tmp_path / "built.duckdb", published, "key-1")
    assert built_from(published, "key-1") and not built_from(published, "key-2")
    # a copy with rows added to an audit table (the quality step) keeps the record
    shutil.copyfile(published, tmp_path / "copy.duckdb")
    replace_atomically(tmp_path / "copy.duckdb", published)
    assert built_from(published, "key-1")
    # a file put in its place by anything else is not trusted
    _tiny_warehouse(tmp_path / "other.duckdb", 5)
    os.replace(tmp_path / "other.duckdb", published)
    assert not built_from(published, "key-1")
    # nor after a publish that could not say what it was built from
    _tiny_warehouse(tmp_path / "built.duckdb", 3)
    replace_atomically(tmp_path / "built.duckdb", published, None)
    assert not built_from(published, "key-1")


@pytest.mark.parametrize("rewrite", ["same size", "other size"])
def test_a_rewrite_inside_the_racy_window_is_read_again(tmp_path, rewrite):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    raw.mkdir()
    path = raw / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    stat = path.stat()
    manifest = Manifest(cache)
    first = _ingest(raw, manifest, set())
    manifest.save()
    path.write_text(TEXT.replace("parade", "Parade" if rewrite == "same size" else "long parade"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same times, as a coarse clock would give
    second = _ingest(raw, Manifest(cache), set())
    assert first["sha256"].iloc[0] != second["sha256"].iloc[0]

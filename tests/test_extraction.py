"""Per-file extraction is cached by content hash and extraction version: unchanged files
are never extracted again, a new file is extracted alone, a removed file leaves the
warehouse, and new extraction code reprocesses everything."""

import hashlib
import shutil

import duckdb
import pandas as pd
import pytest

import textmine
from assets import extraction
from storage import parts
from assets.extraction import bucket_of, extract_files, extraction_version
from storage.extraction_store import ExtractionStore
from pipelines.executors import executor_from_env
from tests.helpers import RAW, run_pipeline

FILES = sorted(p.name for p in RAW.glob("*.txt"))


def files_extracted(result) -> int:
    """Files the extract/* buckets of a run extracted (rather than took from the store)."""
    return sum(e.event_specific_data.materialization.metadata["files_extracted"].value
               for e in result.all_events
               if e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.path[0] == "extract")


def _files(raw_texts, names):
    rows = [dict(file_id=f"f_{i:016x}", path=n, sha256=hashlib.sha256(raw_texts[n].encode()).hexdigest(),
                 status="loaded", content=raw_texts[n]) for i, n in enumerate(names)]
    return pd.DataFrame(rows)


def test_the_store_gives_back_exactly_what_extraction_produced(raw_texts, tmp_path):
    files = _files(raw_texts, FILES[:2])
    tables = extract_files(files)
    store = ExtractionStore(tmp_path / "store.sqlite")
    store.save(tables, files["sha256"])
    assert store.missing(files["sha256"]) == set()
    for name, expected in tables.items():
        loaded = store.load(name, files["sha256"])
        assert len(loaded) == len(expected) > 0 or name == "turn_spans", name
        order = [c for c in ("doc_id", "sentence_no", "char_start", "turn_no") if c in expected]
        pd.testing.assert_frame_equal(
            loaded.sort_values(order).reset_index(drop=True),
            expected.sort_values(order).reset_index(drop=True)[list(loaded.columns)], check_dtype=True)
    store.close()


def test_a_file_whose_tables_were_not_all_written_counts_as_missing(raw_texts, tmp_path):
    files = _files(raw_texts, FILES[:1])
    store = ExtractionStore(tmp_path / "store.sqlite")
    with pytest.raises(ZeroDivisionError):
        with store._writing():  # a run killed half-way through writing: the transaction never commits
            store._con.execute("insert into rows values (?, 'documents', x'00')", (files["sha256"][0],))
            raise ZeroDivisionError
    assert store.missing(files["sha256"]) == set(files["sha256"])
    assert store._con.execute("select count(*) from rows").fetchone()[0] == 0


def test_two_processes_writing_the_store_wait_for_each_other(raw_texts, tmp_path):
    """Buckets on two cores: one reads, the other writes, then the first writes; the first
    must wait for the lock, not fail with "database is locked"."""
    files = _files(raw_texts, FILES[:2])
    tables = extract_files(files)
    first, second = ExtractionStore(tmp_path / "store.sqlite"), ExtractionStore(tmp_path / "store.sqlite")
    assert first.missing(files["sha256"]) == set(files["sha256"])
    second.save({k: v[v["_sha256"] == files["sha256"][1]] for k, v in tables.items()}, files["sha256"][1:])
    first.save({k: v[v["_sha256"] == files["sha256"][0]] for k, v in tables.items()}, files["sha256"][:1])
    assert first.missing(files["sha256"]) == set() == second.missing(files["sha256"])
    first.close()
    second.close()


def test_buckets_split_by_content_hash_and_cover_every_file(raw_texts):
    shas = _files(raw_texts, FILES)["sha256"]
    buckets = [bucket_of(s, 8) for s in shas]
    assert all(0 <= b < 8 for b in buckets)
    assert buckets == [bucket_of(s, 8) for s in shas]  # stable: a file never changes bucket


def core_rows(warehouse) -> dict[str, list[tuple]]:
    """Every row of every core table of the published warehouse, in a fixed order; and the
    happenings whose reports come from more than one file."""
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'core'"
                                            ).fetchall()]
        rows = {t: con.execute(f"SELECT * FROM core.{t} ORDER BY ALL").fetchall() for t in tables}
        rows["core.happenings_merged_across_files"] = con.execute(
            "SELECT happening_id FROM core.events JOIN core.documents USING (doc_id) GROUP BY happening_id "
            "HAVING count(DISTINCT file_id) > 1").fetchall()
    return rows


def test_reruns_extract_only_what_changed(tmp_path, monkeypatch):
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    for name in FILES[:2]:
        shutil.copy(RAW / name, raw / name)

    first = run_pipeline(raw, warehouse)
    assert first.success and files_extracted(first) == 2
    # every step reports the run's peak memory so far (the benchmark reads it from the log)
    hooked = {e.step_key for e in first.all_events if e.event_type_value == "HOOK_COMPLETED"}
    assert {"extract__bucket_00", "entities_and_mentions", "warehouse"} <= hooked
    before = core_rows(warehouse)
    # core steps read and write one batch of files at a time: the batch size must not
    # change a single row (entities are linked, and happenings merged, across batches)
    monkeypatch.setattr(parts, "BATCH_CHARS", 1)  # every file a batch of its own
    unchanged = run_pipeline(raw, warehouse)
    assert unchanged.success and files_extracted(unchanged) == 0
    assert core_rows(warehouse) == before and len(before["core.happenings_merged_across_files"]) > 0
    monkeypatch.undo()

    shutil.copy(RAW / FILES[2], raw / FILES[2])
    added = run_pipeline(raw, warehouse)
    assert added.success and files_extracted(added) == 1

    (raw / FILES[0]).unlink()
    removed = run_pipeline(raw, warehouse)
    assert removed.success and files_extracted(removed) == 0
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        paths = {p for (p,) in con.execute("SELECT path FROM core.source_files").fetchall()}
        orphans = con.execute("SELECT count(*) FROM core.sentences s JOIN core.documents d USING (doc_id) "
                              "JOIN core.source_files f USING (file_id) WHERE f.path = ?", [FILES[0]]).fetchone()[0]
        n_docs = con.execute("SELECT count(*) FROM core.documents").fetchone()[0]
    assert paths == set(FILES[1:3]) and orphans == 0 and n_docs > 0
    store = ExtractionStore(extraction.store_file(warehouse))
    assert store.missing(hashlib.sha256((RAW / n).read_bytes()).hexdigest() for n in FILES[:3]) == {
        hashlib.sha256((RAW / FILES[0]).read_bytes()).hexdigest()}  # the removed file was forgotten
    store.close()

    # new extraction code: a new version, every file extracted again, the old store removed
    old_store = extraction.store_file(warehouse)
    monkeypatch.setattr(textmine, "PIPELINE_VERSION", textmine.PIPELINE_VERSION + "-next")
    assert extraction_version() != old_store.name.removeprefix("extract-").removesuffix(".sqlite")
    bumped = run_pipeline(raw, warehouse)
    assert bumped.success and files_extracted(bumped) == 2
    assert not old_store.exists()


def test_the_executor_is_configuration(monkeypatch):
    monkeypatch.delenv("WAREHOUSE_EXECUTOR", raising=False)
    assert executor_from_env().name == "in_process"
    monkeypatch.setenv("WAREHOUSE_EXECUTOR", "multiprocess")
    assert executor_from_env().name == "multiprocess"
    monkeypatch.setenv("WAREHOUSE_EXECUTOR", "threads")
    with pytest.raises(ValueError, match="in_process, multiprocess"):
        executor_from_env()


def test_an_unreadable_store_is_replaced_not_fatal(tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    shutil.copy(RAW / FILES[0], raw / FILES[0])
    assert run_pipeline(raw, warehouse).success
    store = extraction.store_file(warehouse)
    store.write_bytes(b"this is not a database, a disk error tore it" * 100)
    again = run_pipeline(raw, warehouse)
    assert again.success and files_extracted(again) == 1
    assert ExtractionStore(store).missing([hashlib.sha256((RAW / FILES[0]).read_bytes()).hexdigest()]) == set()


def test_blocked_happening_merge_equals_comparing_all_pairs(raw_texts, monkeypatch):
    """Only pairs that share a participant (or, at day precision, name none) are compared;
    the happenings must be exactly those of comparing every pair."""
    import textmine.events
    from assets.events import extract_events
    rows = extract_files(_files(raw_texts, FILES))["event_candidates"]
    ids = {p for ps in rows["participants"] for p in ps} | set(rows["location_id"].dropna())
    entities = pd.DataFrame({"entity_id": [], "entity_type": []})
    blocked = extract_events(rows, {i: i for i in ids}, entities)
    monkeypatch.setattr(textmine.events, "_pairs_that_may_match",
                        lambda cands, members: ((i, j) for x, i in enumerate(members) for j in members[x + 1:]))
    every_pair = extract_events(rows, {i: i for i in ids}, entities)
    assert blocked["happening_id"].tolist() == every_pair["happening_id"].tolist()
    assert blocked["happening_id"].nunique() < len(blocked)  # reports across articles do merge

"""Per-file extraction is cached by content hash and extraction version: unchanged files
are never extracted again, a new file is extracted alone, a removed file leaves the
warehouse, and new extraction code reprocesses everything."""

import hashlib
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

import textmine
from assets import extraction
from storage import parts
from assets.extraction import extract_files, extraction_version
from storage.extraction_store import ExtractionStore
from pipelines.executors import executor_from_env
from tests.helpers import RAW, run_pipeline

FILES = sorted(p.name for p in RAW.glob("*.txt"))


def files_extracted(result) -> int:
    """Files the extraction asset of a run extracted (rather than took from the store)."""
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
    store = ExtractionStore(tmp_path, "v1")
    store.save(tables, files["sha256"])
    assert store.missing(files["sha256"]) == set()
    assert ExtractionStore(tmp_path, "v1").missing(files["sha256"]) == set()  # a new reader finds them too
    for name, expected in tables.items():
        loaded = store.load(name, files["sha256"])
        assert len(loaded) == len(expected) > 0 or name == "turn_spans", name
        order = [c for c in ("doc_id", "sentence_no", "char_start", "turn_no") if c in expected]
        pd.testing.assert_frame_equal(
            loaded.sort_values(order).reset_index(drop=True),
            expected.sort_values(order).reset_index(drop=True)[list(loaded.columns)], check_dtype=True)
    assert ExtractionStore(tmp_path, "v2").missing(files["sha256"]) == set(files["sha256"])  # other code


def test_the_store_is_parquet_files_written_once(raw_texts, tmp_path):
    """Content-addressed batch folders of Parquet files, renamed into place when complete:
    a half-written batch (a killed run) is not a batch, and writing the same files again
    changes nothing on disk."""
    files = _files(raw_texts, FILES[:1])
    tables = extract_files(files)
    store = ExtractionStore(tmp_path, "v1")
    (store.folder / "abc.tmp-1234").mkdir()  # what a run killed while writing leaves
    (store.folder / "abc.tmp-1234" / "documents.parquet").write_bytes(b"PAR1")
    assert ExtractionStore(tmp_path, "v1").missing(files["sha256"]) == set(files["sha256"])
    store.save(tables, files["sha256"])
    written = {p: p.stat().st_mtime_ns for p in store.folder.rglob("*.parquet") if ".tmp-" not in str(p)}
    assert written and all(p.suffix == ".parquet" for p in written)
    store.save(tables, files["sha256"])
    assert {p: p.stat().st_mtime_ns for p in store.folder.rglob("*.parquet") if ".tmp-" not in str(p)} == written
    assert not [p for p in store.folder.iterdir() if ".tmp-" in p.name and p.name != "abc.tmp-1234"]


def test_the_store_forgets_removed_files_and_keeps_texts_by_hash(raw_texts, tmp_path):
    files = _files(raw_texts, FILES[:2])
    store = ExtractionStore(tmp_path, "v1")
    for sha, text in zip(files["sha256"], files["content"]):  # one text pack and one batch per file
        store.save_texts({sha: text})
        store.save({k: v[v["_sha256"] == sha] for k, v in extract_files(files).items()}, [sha])
    assert store.texts(files["sha256"]) == dict(zip(files["sha256"], files["content"]))
    assert store.keep_only(files["sha256"][:1]) == 1
    again = ExtractionStore(tmp_path, "v1")
    assert again.missing(files["sha256"]) == {files["sha256"][1]}
    assert set(again.texts(files["sha256"])) == {files["sha256"][0]}


def test_the_lineage_has_one_extraction_asset_between_raw_and_core():
    """raw -> extraction -> core tables -> warehouse: one extraction node, whatever the
    number of batches it runs."""
    from pipelines import defs
    from pipelines.jobs import refresh_warehouse
    graph = defs.resolve_asset_graph()
    selected = refresh_warehouse.selection.resolve(graph)
    extract = [k for k in selected if k.path[0] == "extract"]
    assert extract == [dg.AssetKey(["extract", "files"])]
    assert graph.get(extract[0]).parent_keys == {dg.AssetKey(["core", "source_files"])}
    assert dg.AssetKey(["core", "documents"]) in graph.get(extract[0]).child_keys


def test_batches_run_side_by_side_on_a_process_pool_give_the_same_rows(raw_texts, tmp_path):
    """The engine is configuration: two worker processes write the same rows as one."""
    from assets.engine import ProcessPoolEngine
    files = _files(raw_texts, FILES[:2])
    rows = {}
    for name, engine in (("serial", None), ("pool", ProcessPoolEngine(2))):
        root = tmp_path / name
        store = ExtractionStore(root, "v1")
        store.save_texts(dict(zip(files["sha256"], files["content"])))
        monkey = extraction.EXTRACT_BATCH_FILES
        extraction.EXTRACT_BATCH_FILES = 1  # one batch per file: two jobs
        try:
            counts = extraction.ensure_extracted(store, files.drop(columns="content"), root, print, engine)
        finally:
            extraction.EXTRACT_BATCH_FILES = monkey
        assert counts.files_extracted == 2 and counts.batches == 2 and store.missing(files["sha256"]) == set()
        rows[name] = store.load("sentences", files["sha256"])
    pd.testing.assert_frame_equal(rows["serial"], rows["pool"])


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
    assert {"extract__files", "entities_and_mentions", "warehouse"} <= hooked
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
    store = ExtractionStore(extraction.cache_root(warehouse), extraction_version())
    assert store.missing(hashlib.sha256((RAW / n).read_bytes()).hexdigest() for n in FILES[:3]) == {
        hashlib.sha256((RAW / FILES[0]).read_bytes()).hexdigest()}  # the removed file was forgotten
    store.close()

    # new extraction code: a new version, every file extracted again, the old store removed
    old_store = extraction.store_file(warehouse)
    monkeypatch.setattr(textmine, "PIPELINE_VERSION", textmine.PIPELINE_VERSION + "-next")
    assert extraction_version() != old_store.name.removeprefix("extract-")
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
    for listing in extraction.store_file(warehouse).glob("*/files.parquet"):
        listing.write_bytes(b"this is not a Parquet file, a disk error tore it" * 100)
    again = run_pipeline(raw, warehouse)
    assert again.success and files_extracted(again) == 1
    sha = hashlib.sha256((RAW / FILES[0]).read_bytes()).hexdigest()
    assert ExtractionStore(extraction.cache_root(warehouse), extraction_version()).missing([sha]) == set()


def test_no_pickle_and_no_sqlite_under_the_warehouse_folder(tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    shutil.copy(RAW / FILES[0], raw / FILES[0])
    assert run_pipeline(raw, warehouse).success
    files = [p for p in warehouse.rglob("*") if p.is_file() and p.name != "warehouse.duckdb"]  # published file aside
    assert any(p.suffix == ".parquet" for p in files)
    for path in files:
        head = path.read_bytes()[:16]
        assert not head.startswith(b"SQLite format 3") and not head.startswith(b"\x80"), path  # \x80: pickle


def test_blocked_happening_merge_equals_comparing_all_pairs(raw_texts, monkeypatch):
    """Only pairs that share a participant (or, at day precision, name none) are compared;
    the happenings must be exactly those of comparing every pair."""
    import textmine.happenings
    from assets.events import extract_events
    rows = extract_files(_files(raw_texts, FILES))["event_candidates"]
    ids = {p for ps in rows["participants"] for p in ps} | set(rows["location_id"].dropna())
    entities = pd.DataFrame({"entity_id": [], "entity_type": []})
    blocked = extract_events(rows, {i: i for i in ids}, entities)
    monkeypatch.setattr(textmine.happenings, "candidate_partners",
                        lambda reports, hubs, kinds, spans=None: [(i, list(range(i + 1, len(reports))))
                                                                  for i in range(len(reports))])
    every_pair = extract_events(rows, {i: i for i in ids}, entities)
    assert blocked["happening_id"].tolist() == every_pair["happening_id"].tolist()
    assert blocked["happening_id"].nunique() < len(blocked)  # reports across articles do merge


def test_extraction_fingerprint_reads_the_modules_extraction_imports(tmp_path):
    """A change to a module extraction never imports (the happening merge) must not re-extract
    every file; a change to one it imports, through any chain of imports, must."""
    from assets.extraction import extraction_sources
    package = tmp_path / "textmine"
    (package / "b").mkdir(parents=True)
    sources = {"__init__.py": "", "extract.py": "from textmine.a import helper\nimport textmine.b.c\n",
               "decoding.py": "import codecs\n", "a.py": "from textmine import d\n", "d.py": "",
               "b/__init__.py": "", "b/c.py": "", "merge.py": "from textmine.a import helper\n"}
    for name, text in sources.items():
        (package / name).write_text(text)
    found = {str(p.relative_to(package)) for p in extraction_sources(package)}
    assert found == set(sources) - {"merge.py"}
    real = Path(textmine.__file__).parent
    names = {p.name for p in extraction_sources(real)}
    assert {"extract.py", "events.py", "timex.py", "decoding.py", "gazetteer.py"} <= names
    assert "happenings.py" not in names

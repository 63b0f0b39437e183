"""The whole pipeline, run in-process on real files: what lands in the published file."""

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from tests.helpers import RAW, REPO, run_pipeline

CORE_TABLES = ["core.source_files", "core.documents", "core.sentences", "core.entities", "core.mentions",
               "core.time_expressions", "core.events", "core.positions", "core.memberships", "core.quantities",
               "core.interview_turns"]


def test_articles_and_dates_of_the_seeds(seed_db):
    rows = seed_db.execute("""
        select regexp_extract(f.path, '^(\\d+)_', 1) as n, d.ordinal, d.published_on::varchar, d.genre
        from core.documents d join core.source_files f using (file_id) order by f.path, d.ordinal""").fetchall()
    assert rows == [
        ("000", 1, None, "reference_page"), ("000", 2, "2020-05-15", "news"), ("000", 3, "2020-05-15", "interview"),
        ("001", 1, "2024-04-24", "news"), ("001", 2, "2024-04-24", "news"), ("001", 3, "2024-04-22", "news"),
        ("001", 4, "2024-04-16", "interview"), ("002", 1, None, "interview"), ("003", 1, "2021-02-08", "briefing"),
        ("004", 1, None, "news")]


def test_every_sentence_and_document_points_at_its_exact_characters(seed_db):
    bad_sentences = seed_db.execute("""
        select count(*) from core.sentences s join core.documents d using (doc_id)
        join core.source_files f using (file_id)
        where substr(f.content, s.char_start + 1, s.char_end - s.char_start) <> s.text""").fetchone()[0]
    bad_documents = seed_db.execute("""
        select count(*) from core.documents d join core.source_files f using (file_id)
        where substr(f.content, d.char_start + 1, d.char_end - d.char_start) <> d.text""").fetchone()[0]
    assert seed_db.execute("select count(*) from core.sentences").fetchone()[0] > 500
    assert (bad_sentences, bad_documents) == (0, 0)


def test_contract_tables_exist_with_comments(seed_db):
    for table in CORE_TABLES + ["audit.rejected_rows", "audit.runs"]:
        schema, name = table.split(".")
        comment = seed_db.execute("select comment from duckdb_tables() where schema_name = ? and table_name = ?",
                                  [schema, name]).fetchone()
        assert comment and comment[0], table
    uncommented = seed_db.execute("""select table_name, column_name from duckdb_columns()
        where schema_name in ('core', 'audit') and (comment is null or comment = '')""").fetchall()
    assert uncommented == []


def test_audit_run_row_matches_the_published_tables(seed_db):
    [(files_seen, loaded, rows_json)] = seed_db.execute(
        "select files_seen, files_loaded, rows_per_table from audit.runs").fetchall()
    assert (files_seen, loaded) == (5, 5)
    assert f'"core.sentences": {seed_db.execute("select count(*) from core.sentences").fetchone()[0]}' in rows_json


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    """The seeds next to an empty file, a binary file, UTF-16 and cp1251 files and a copy."""
    base = tmp_path_factory.mktemp("mixed")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    seed = (RAW / "003_743dec8484922d2a.txt").read_text(encoding="utf-8")
    (raw / "nested").mkdir()
    (raw / "nested" / "briefing utf16.txt").write_bytes(seed.replace("Zas", "Zasya").encode("utf-16"))
    (raw / "nested" / "cyrillic;'name'.txt").write_bytes(
        "ОДКБ провела учения «Взаимодействие-2023» в Беларуси.\n".encode("cp1251"))
    shutil.copy(RAW / "004_efd0c74b005f1966.txt", raw / "copy of 004.txt")
    result = run_pipeline(raw, base / "warehouse")
    return result, base / "warehouse" / "warehouse.duckdb"


def test_bad_files_are_quarantined_and_good_ones_load(mixed_run):
    result, published = mixed_run
    assert result.success
    with duckdb.connect(str(published), read_only=True) as con:
        status = dict(con.execute(
            "select path, status || ' ' || coalesce(status_reason, '') from core.source_files").fetchall())
        encodings = dict(con.execute("select path, encoding from core.source_files").fetchall())
        docs_per_file = dict(con.execute("""select f.path, count(d.doc_id) from core.source_files f
                                            left join core.documents d using (file_id) group by f.path""").fetchall())
    assert status["empty.txt"].startswith("quarantined") and "empty" in status["empty.txt"]
    assert status["image.txt"].startswith("quarantined") and "binary" in status["image.txt"]
    assert status["copy of 004.txt"].startswith("duplicate_of:f_")
    assert encodings["nested/briefing utf16.txt"] == "utf-16"
    assert encodings["nested/cyrillic;'name'.txt"] == "cp1251"
    assert all(docs_per_file[p] >= 1 for p in status if status[p].startswith("loaded"))
    assert docs_per_file["copy of 004.txt"] == 0 and docs_per_file["empty.txt"] == 0


def test_two_runs_on_the_same_input_give_the_same_ids_and_rows(seed_warehouse, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    assert run_pipeline(raw, tmp_path / "warehouse").success
    with duckdb.connect(str(seed_warehouse), read_only=True) as a, \
            duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True) as b:
        for table in CORE_TABLES:
            columns = [c for (c,) in a.execute(f"select column_name from duckdb_columns() where schema_name = 'core' "
                                               f"and table_name = '{table.split('.')[1]}' and column_name <> 'ingested_at'").fetchall()]
            query = f"select {', '.join(columns)} from {table} order by all"
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


def test_reader_holding_the_file_never_blocks_a_run_and_sees_old_state_until_published(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    assert run_pipeline(raw, tmp_path / "warehouse").success
    published = tmp_path / "warehouse" / "warehouse.duckdb"
    analyst = duckdb.connect(str(published), read_only=True)
    before = analyst.execute("select count(*) from audit.runs").fetchone()[0]
    (raw / "005_new.txt").write_text("CSTO exercise ends\n\n12.10.2023\n\nThe CSTO exercise ended in Kyrgyzstan "
                                     "with a parade of the participating units.\n", encoding="utf-8")
    result = run_pipeline(raw, tmp_path / "warehouse")
    assert result.success
    assert analyst.execute("select count(*) from audit.runs").fetchone()[0] == before
    assert analyst.execute("select count(*) from core.source_files").fetchone()[0] == 5
    analyst.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select count(*) from audit.runs").fetchone()[0] == before + 1
        assert fresh.execute("select count(*) from core.source_files").fetchone()[0] == 6
    assert not list((tmp_path / "warehouse").glob(".build-*"))


def test_removed_file_leaves_the_published_warehouse(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    assert run_pipeline(raw, tmp_path / "warehouse").success
    (raw / "004_efd0c74b005f1966.txt").unlink()
    assert run_pipeline(raw, tmp_path / "warehouse").success
    with duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True) as con:
        paths = [p for (p,) in con.execute("select path from core.source_files").fetchall()]
    assert "004_efd0c74b005f1966.txt" not in paths and len(paths) == 4


def test_warehouse_folder_that_cannot_be_created_fails_clearly(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the warehouse folder's parent should be")
    result = run_pipeline(RAW, blocker / "warehouse")
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "cannot create the warehouse folder" in str(failure.event_specific_data.error)
    assert blocker.read_text().startswith("a file")


def test_the_fixed_command_line_interface_publishes(tmp_path):
    raw = tmp_path / "in"
    raw.mkdir()
    shutil.copy(RAW / "003_743dec8484922d2a.txt", raw)
    env = {**os.environ, "RAW_DIR": str(raw), "WAREHOUSE_DIR": str(tmp_path / "out")}
    env.pop("DAGSTER_HOME", None)
    done = subprocess.run([sys.executable, "-m", "dagster", "job", "execute", "-m", "pipelines", "-j",
                           "refresh_warehouse"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    with duckdb.connect(str(tmp_path / "out" / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select title from core.documents").fetchall() == [
            ("Briefing by CSTO Secretary General Stanislav Zas",)]


def test_full_disk_while_publishing_fails_clearly_and_keeps_the_published_file(tmp_path, monkeypatch):
    import assets.publish

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "003_743dec8484922d2a.txt", raw)
    folder = tmp_path / "warehouse"
    assert run_pipeline(raw, folder).success
    before = (folder / "warehouse.duckdb").read_bytes()

    def disk_full(target, tables):
        target.write_bytes(b"partial")
        raise duckdb.IOException("Could not write file: No space left on device")

    monkeypatch.setattr(assets.publish, "write_warehouse", disk_full)
    # a run after one added file publishes a delta on a copy of the published file
    monkeypatch.setattr(assets.publish, "update_warehouse", lambda _published, target, *_a, **_k: disk_full(target, {}))
    (raw / "zz_note.txt").write_text("The CSTO met in Minsk.\n", encoding="utf-8")  # the tables must be rebuilt
    result = run_pipeline(raw, folder)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "No space left on device" in str(failure.event_specific_data.error)
    assert "unchanged" in str(failure.event_specific_data.error)
    assert (folder / "warehouse.duckdb").read_bytes() == before
    assert not list(folder.glob(".build-*"))


def test_the_header_date_line_is_metadata_not_a_time_expression(seed_db):
    in_date_lines = seed_db.execute("""
        select count(*) from core.time_expressions t join core.sentences s using (doc_id, sentence_no)
        where s.text in ('24.04.2024', '16.04.2024') or s.text like '11:12 08.02.2021%'""").fetchone()[0]
    in_text = seed_db.execute("select count(*) from core.time_expressions where text = '24 April 2024'").fetchone()[0]
    assert in_date_lines == 0 and in_text >= 1

"""Hostile input: every bad file is loaded or quarantined with a reason a person
understands, good files all load, the run stays green, and nothing is lost."""

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from assets import ingest
from tests.helpers import RAW, run_pipeline

SEED = (RAW / "003_743dec8484922d2a.txt").read_text(encoding="utf-8")
GERMAN = ("Die Organisation des Vertrags über kollektive Sicherheit hat heute in Minsk eine Übung abgehalten. "
          "Soldaten aus sechs Ländern nahmen daran teil, und die Minister trafen sich danach zu Gesprächen über "
          "die Lage an der Grenze zu Afghanistan sowie über neue gemeinsame Programme für die Ausbildung.\n") * 3
HTML = ("<!DOCTYPE html><html><head><title>CSTO</title><style>p {color: red}</style>"
        "<script>var x = '<b>';</script></head><body><h1>CSTO drills end</h1>"
        "<p>12.10.2023</p><p>The CSTO exercise ended in Kyrgyzstan on Thursday.</p></body></html>")

CASES = {  # file name -> bytes
    "empty.txt": b"",
    "binary.txt": b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 64,
    "nul bytes.txt": SEED.replace("Press Center", "Press\x00Center").encode("utf-8"),
    "cp1251.txt": "ОДКБ провела учения «Взаимодействие» в Беларуси. Министры обсудили ситуацию.\n".encode("cp1251"),
    "latin1.txt": ("Café talks in Genève: the OSCE and the CSTO met on 12 March 2019 to discuss "
                   "the situation.\n").encode("latin-1"),
    "utf16 bom.txt": SEED.encode("utf-16"),
    "utf16 no bom.txt": SEED.encode("utf-16-le"),
    "truncated.txt": SEED.encode("utf-8") + "’".encode("utf-8")[:2],
    "line ends.txt": "Title of a news item\r\n\r\n12.10.2023\rThe CSTO met in Minsk.\nIt agreed a plan.\r\n".encode(),
    "one long line.txt": (("The CSTO held talks with partners in the region and agreed further steps. " * 14000)
                          .encode("utf-8")),
    "page.html.txt": HTML.encode("utf-8"),
    "german.txt": GERMAN.encode("utf-8"),
    "same as 003.txt": SEED.encode("utf-8"),
    "name with 'quotes'; semicolons & spaces — ОДКБ.txt": SEED.replace("Zas", "Zasya").encode("utf-8"),
}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    for name, data in CASES.items():
        (raw / name).write_bytes(data)
    outside = base / "secret.txt"
    outside.write_text("A file outside the raw folder that must never be read.\n")
    (raw / "link outside.txt").symlink_to(outside)
    (raw / "big.txt").write_bytes(b"x")
    os.truncate(raw / "big.txt", ingest.MAX_FILE_BYTES + 1)  # sparse: no disk used
    result = run_pipeline(raw, base / "warehouse")
    con = duckdb.connect(str(base / "warehouse" / "warehouse.duckdb"), read_only=True)
    yield result, con
    con.close()


def _status(con, path):
    return con.execute("select status, coalesce(status_reason, ''), encoding from core.source_files where path = ?",
                       [path]).fetchone()


def test_run_is_green_and_every_file_has_a_row(hostile_run):
    result, con = hostile_run
    assert result.success
    paths = {p for (p,) in con.execute("select path from core.source_files").fetchall()}
    expected = set(CASES) | {"link outside.txt", "big.txt"} | {p.name for p in RAW.iterdir()}
    assert paths == expected


@pytest.mark.parametrize("name, status, reason_words", [
    ("empty.txt", "quarantined", "empty"),
    ("binary.txt", "quarantined", "binary"),
    ("german.txt", "quarantined", "not English"),
    ("link outside.txt", "quarantined", "outside the raw folder"),
    ("big.txt", "quarantined", "too large"),
    ("truncated.txt", "loaded", "incomplete UTF-8"),
])
def test_each_bad_file_gets_a_status_and_a_reason(hostile_run, name, status, reason_words):
    _, con = hostile_run
    got_status, reason, _ = _status(con, name)
    assert got_status == status and reason_words in reason


@pytest.mark.parametrize("name, encoding", [
    ("cp1251.txt", "cp1251"), ("latin1.txt", "latin-1"), ("utf16 bom.txt", "utf-16"),
    ("utf16 no bom.txt", "utf-16-le"), ("nul bytes.txt", "utf-8"), ("line ends.txt", "utf-8"),
    ("one long line.txt", "utf-8"), ("page.html.txt", "utf-8"),
    ("name with 'quotes'; semicolons & spaces — ОДКБ.txt", "utf-8"),
])
def test_odd_but_readable_files_load_with_their_articles(hostile_run, name, encoding):
    _, con = hostile_run
    status, _, got_encoding = _status(con, name)
    assert (status, got_encoding) == ("loaded", encoding)
    n_docs = con.execute("select count(*) from core.documents join core.source_files using (file_id) where path = ?",
                         [name]).fetchone()[0]
    assert n_docs >= 1


def test_duplicate_points_at_the_original(hostile_run):
    _, con = hostile_run
    status, _, _ = _status(con, "same as 003.txt")
    original = con.execute("select file_id from core.source_files where path = '003_743dec8484922d2a.txt'").fetchone()[0]
    assert status == f"duplicate_of:{original}"


def test_markup_and_control_characters_never_reach_core_text(hostile_run):
    _, con = hostile_run
    leaks = con.execute(r"""
        select count(*) from core.sentences
        where regexp_matches(text, '[\x00-\x08\x0b\x0c\x0e-\x1f]') or regexp_matches(text, '<[a-zA-Z/!][^>]*>')""").fetchone()[0]
    assert leaks == 0
    html_text = con.execute("""select string_agg(s.text, ' ') from core.sentences s join core.documents using (doc_id)
                               join core.source_files f using (file_id) where f.path = 'page.html.txt'""").fetchone()[0]
    assert "CSTO drills end" in html_text and "color" not in html_text and "var x" not in html_text


def test_the_file_outside_the_raw_folder_was_never_read(hostile_run):
    _, con = hostile_run
    hits = con.execute("select count(*) from core.source_files where content like '%must never be read%'").fetchone()[0]
    assert hits == 0


def test_good_files_all_load_next_to_the_bad_ones(hostile_run):
    _, con = hostile_run
    seeds = con.execute("""select count(*) from core.source_files where status = 'loaded'
                           and regexp_matches(path, '^00[0-4]_')""").fetchone()[0]
    assert seeds == 5
    assert con.execute("select count(*) from core.documents where file_id in (select file_id from core.source_files "
                       "where regexp_matches(path, '^00[0-4]_'))").fetchone()[0] == 10


def test_unreadable_file_is_quarantined_not_fatal(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text("The CSTO met.\n")
    (tmp_path / "open.txt").write_text("The CSTO met in Minsk and agreed a plan.\n")
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    df = ingest.ingest(tmp_path, {}, __import__("datetime").datetime(2026, 1, 1))
    rows = df.set_index("path")
    assert rows.loc["locked.txt", "status"] == "quarantined"
    assert "permission denied" in rows.loc["locked.txt", "status_reason"]
    assert rows.loc["open.txt", "status"] == "loaded"


def test_file_that_changes_while_read_is_quarantined_for_the_next_run(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_text("The CSTO met in Minsk.\n")
    real_read = ingest.Path.open

    def append_while_reading(self, *args, **kwargs):
        handle = real_read(self, *args, **kwargs)
        with real_read(self, "a") as writer:
            writer.write("More text arrives while the file is read.\n")
        return handle

    monkeypatch.setattr(ingest.Path, "open", append_while_reading)
    data, problem = ingest.read_file(path)
    assert data is None and "changed while it was being read" in problem


def test_empty_raw_folder_gives_an_empty_but_published_warehouse(tmp_path):
    (tmp_path / "raw").mkdir()
    result = run_pipeline(tmp_path / "raw", tmp_path / "warehouse")
    assert result.success
    with duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from core.documents").fetchone()[0] == 0
        assert con.execute("select files_seen from audit.runs").fetchone()[0] == 0


def test_missing_raw_folder_fails_with_a_clear_message(tmp_path):
    result = run_pipeline(tmp_path / "does-not-exist", tmp_path / "warehouse")
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "does not exist" in str(failure.event_specific_data.error)
    assert not (tmp_path / "warehouse" / "warehouse.duckdb").exists()


def test_ten_thousand_tiny_files_all_load(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(10_000):
        (raw / f"note_{i:05d}.txt").write_text(
            f"The CSTO Joint Staff filed report number {i} on the exercise in Minsk.\n", encoding="utf-8")
    result = run_pipeline(raw, tmp_path / "warehouse")
    assert result.success
    with duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from core.source_files where status = 'loaded'").fetchone()[0] == 10_000
        assert con.execute("select count(distinct file_id) from core.documents").fetchone()[0] == 10_000
        assert con.execute("select files_seen from audit.runs").fetchone()[0] == 10_000


def test_renamed_file_keeps_its_article_ids_and_the_old_name_leaves(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "003_743dec8484922d2a.txt", raw / "before.txt")
    assert run_pipeline(raw, tmp_path / "warehouse").success
    published = tmp_path / "warehouse" / "warehouse.duckdb"
    with duckdb.connect(str(published), read_only=True) as con:
        docs_before = con.execute("select doc_id, char_start, char_end from core.documents order by all").fetchall()
    (raw / "before.txt").rename(raw / "after.txt")
    assert run_pipeline(raw, tmp_path / "warehouse").success
    with duckdb.connect(str(published), read_only=True) as con:
        assert [p for (p,) in con.execute("select path from core.source_files").fetchall()] == ["after.txt"]
        assert con.execute("select doc_id, char_start, char_end from core.documents order by all").fetchall() == docs_before

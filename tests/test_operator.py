"""What the operator types: `dg` from the project root (check, launch) and `bin/warehouse
refresh`, whose output is progress and a short summary instead of Dagster's event log."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.helpers import RAW, REPO
from textmine.quantities import extract_quantities

ONE_FILE = "004_efd0c74b005f1966.txt"
BIN = Path(sys.executable).parent
MAX_LINES = 40


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A raw folder with one shipped file, an empty warehouse folder and a DAGSTER_HOME."""
    base = tmp_path_factory.mktemp("operator")
    raw, home = base / "raw", base / "dagster_home"
    raw.mkdir()
    home.mkdir()
    shutil.copy(RAW / ONE_FILE, raw / ONE_FILE)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "RAW_DIR": str(raw), "WAREHOUSE_DIR": str(base / "warehouse"), "DAGSTER_HOME": str(home)}
    env.pop("QUALITY_GOLD", None)
    return base / "warehouse", env


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_dg_checks_the_definitions():
    done = _run([str(BIN / "dg"), "check", "defs"], {**os.environ})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All definitions loaded successfully" in done.stdout + done.stderr


@pytest.fixture(scope="module")
def launched(folders):
    """`dg launch --job refresh_warehouse` from the project root: the first run."""
    warehouse, env = folders
    done = _run([str(BIN / "dg"), "launch", "--job", "refresh_warehouse"], env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return warehouse / "warehouse.duckdb"


def test_dg_launch_publishes_the_warehouse(launched):
    with duckdb.connect(str(launched), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.source_files WHERE status = 'loaded'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM core.sentences").fetchone()[0] > 10
        assert con.execute("SELECT count(DISTINCT run_id) FROM audit.quality").fetchone()[0] == 1


@pytest.fixture(scope="module")
def refreshed(launched, folders):
    """`bin/warehouse refresh` on the same folders with one empty file added: the second
    run, so the summary knows the changes and has a quarantined file to name."""
    _, env = folders
    (Path(env["RAW_DIR"]) / "empty.txt").write_bytes(b"")
    done = _run([str(REPO / "bin" / "warehouse"), "refresh"], env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def test_refresh_prints_progress_and_a_short_summary(refreshed, launched):
    lines = refreshed.stdout.splitlines()
    assert len(lines) <= MAX_LINES, refreshed.stdout
    assert "DEBUG" not in refreshed.stdout and "STEP_" not in refreshed.stdout
    assert refreshed.stderr.strip() == "", refreshed.stderr[-2000:]
    text = "\n".join(lines)
    assert "read 2 files: 1 loaded, 1 quarantined, 0 duplicates" in text
    assert "extracted 1 of 1 files (1 unchanged, taken from the store)" in text
    assert "Refresh succeeded in " in text
    assert "Files: 2 seen, 1 loaded, 1 quarantined, 0 duplicates" in text
    with duckdb.connect(str(launched), read_only=True) as con:
        sentences = con.execute("SELECT count(*) FROM core.sentences").fetchone()[0]
    assert any(line.split() == ["core.sentences", f"{sentences:,}", "same"] for line in lines), text
    assert any(line.split() == ["core.source_files", "2", "+1"] for line in lines), text
    assert "Refused rows: none" in text
    (quality,) = [line for line in lines if line.startswith("Quality vs gold 'seeds' (1 files): F1 entities 0.")]
    assert quality.endswith("; provenance 1.000, invented dates 0"), quality
    assert "Quality check: PASSED" in text and "Charts: drawn" in text
    assert f"Published: {launched} (" in text
    assert lines[-1].startswith("Elapsed: ") and lines[-1].endswith(" s")


def test_refresh_names_quarantined_files_and_their_reasons(refreshed, launched):
    lines = refreshed.stdout.splitlines()
    assert "Quarantined or duplicate files: 1" in lines
    (named,) = [line for line in lines if line.startswith("  empty.txt: ")]
    with duckdb.connect(str(launched), read_only=True) as con:
        (reason,) = con.execute("SELECT status_reason FROM core.source_files WHERE path LIKE '%empty.txt'").fetchone()
    assert reason and named == f"  empty.txt: {reason}"


def test_verbose_keeps_dagsters_console_log_and_the_default_silences_it():
    from pipelines.refresh_cli import run_config

    assert run_config(verbose=True) is None  # Dagster's own console logger, DEBUG and up
    assert run_config(verbose=False)["loggers"]["console"]["config"]["log_level"] == "CRITICAL"


def test_a_failed_run_names_the_step_and_its_error_and_keeps_the_old_warehouse(launched):
    from pipelines.run_summary import RunFacts, summary_lines

    facts = RunFacts("0123456789abcdef", success=False, seconds=1.25,
                     failures=["core__source_files: Failure: raw folder /x does not exist"])
    lines = summary_lines(facts, launched)
    assert lines[1] == ("Refresh FAILED after 1.2 s (run 01234567); the warehouse published before is unchanged")
    assert "  core__source_files: Failure: raw folder /x does not exist" in lines
    assert any(line.startswith(f"Still published: {launched} (") for line in lines)
    assert not any(line.startswith("Rows per table") for line in lines)
    assert summary_lines(facts, launched.parent / "nowhere.duckdb")[-2] == \
        f"Nothing published at {launched.parent / 'nowhere.duckdb'}"


def test_a_qualified_period_spans_its_whole_text():
    text = "The mission lasted more than a year before the troops left."
    (fact,) = [f for f in extract_quantities(text) if f.unit == "years"]
    assert text[fact.start:fact.end] == fact.text == "more than a year"

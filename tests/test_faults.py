"""Crashes, concurrent readers and concurrent runs never corrupt or block the published
warehouse."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import duckdb
import pytest

from assets.faults import CRASH_POINTS
from tests.helpers import RAW, REPO


class _Run:
    """A pipeline run in its own process. Its log goes to a file, not a pipe: Dagster's
    debug log outgrows a pipe's buffer and would block the child while we wait on it."""

    def __init__(self, raw, warehouse, **env):
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([sys.executable, "-m", "tests.run_once", str(raw), str(warehouse)], cwd=REPO,
                                        env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT, text=True)

    def wait(self, timeout: float) -> int:
        return self.process.wait(timeout=timeout)

    @property
    def stderr(self):
        self.log.seek(0)
        return self.log


def _run(raw, warehouse, **env) -> _Run:
    return _Run(raw, warehouse, **env)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A raw folder (one seed file: crashes are about the plumbing, not the text) and a
    warehouse folder with one good published run."""
    base = tmp_path_factory.mktemp("faults")
    (base / "raw").mkdir()
    shutil.copy(RAW / "001_ee163aba4bf054da.txt", base / "raw")
    done = _run(base / "raw", base / "warehouse")
    assert done.wait(timeout=300) == 0, done.stderr.read()[-2000:]
    return base / "raw", base / "warehouse"


def _state(warehouse):
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        return (con.execute("select count(*) from audit.runs").fetchone()[0],
                con.execute("select count(*) from core.sentences").fetchone()[0])


def test_kill_9_at_any_step_keeps_the_previous_warehouse_and_the_next_run_publishes(published):
    raw, warehouse = published
    before = _state(warehouse)
    (raw / "zz_new.txt").write_text("CSTO exercise ends\n\n12.10.2023\n\nThe exercise ended in Kyrgyzstan.\n")
    for point in CRASH_POINTS:
        crashed = _run(raw, warehouse, PIPELINE_CRASH_AT=point)
        assert crashed.wait(timeout=300) == -9, (point, crashed.stderr.read()[-2000:])
        assert _state(warehouse) == before, point  # the old state, complete and readable
    assert list(warehouse.glob(".build-*"))  # the crash inside publish left a half-built working file
    after = _run(raw, warehouse)
    assert after.wait(timeout=300) == 0, after.stderr.read()[-2000:]
    runs_after, sentences_after = _state(warehouse)
    assert runs_after == before[0] + 1 and sentences_after > before[1]
    assert not list(warehouse.glob(".build-*"))  # and the next run cleaned it up


def test_readers_during_runs_never_fail_never_block_and_see_whole_states(published, tmp_path):
    raw, warehouse = published
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-m", "tests.read_loop", str(warehouse / "warehouse.duckdb"),
                                 str(stop)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(20)]
    analyst = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)  # open for the whole time
    runs_seen = analyst.execute("select count(*) from audit.runs").fetchone()[0]
    try:
        first, second = _run(raw, warehouse), _run(raw, warehouse)  # two runs at once, too
        assert first.wait(timeout=300) == 0, first.stderr.read()[-2000:]
        assert second.wait(timeout=300) == 0, second.stderr.read()[-2000:]
    finally:
        stop.touch()
    reports = [json.loads(r.communicate(timeout=60)[0]) for r in readers]
    assert analyst.execute("select count(*) from audit.runs").fetchone()[0] == runs_seen
    analyst.close()
    assert all(r["n_problems"] == 0 for r in reports), [r["problems"] for r in reports if r["problems"]]
    assert sum(r["passes"] for r in reports) >= 20
    assert _state(warehouse)[0] == runs_seen + 2  # both runs published, one after the other

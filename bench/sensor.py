"""How long a file dropped into the raw folder takes to be queryable, with the sensor on.

What an operator runs: the Dagster daemon (`dagster-daemon run -m pipelines`) with the
raw folder's sensor started, on a warehouse that is up to date. Each drop writes one new
file (every sentence new to the corpus) and polls the published file, opened read-only as
an analyst opens it, until the file's articles are there. The latency covers the sensor's
wait for its next tick (minimum_interval_seconds), the launch of the run in its own process,
and the run itself."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
SENSOR = "raw_folder_sensor"


def _published_articles(warehouse: Path, relative_path: str) -> int:
    """Articles of the file at `relative_path` in the published warehouse (0 while it is not
    there, or while the file cannot be opened)."""
    try:
        with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
            return con.execute("SELECT count(*) FROM core.documents d JOIN core.source_files f USING (file_id) "
                               "WHERE f.path = ?", [relative_path]).fetchone()[0]
    except duckdb.Error:
        return 0


def _runs(home: Path) -> list[tuple[str, str]]:
    """(run id, status) of the instance's runs, newest first."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        return [(r.run_id, r.status.value) for r in instance.get_runs()]


def _wait_until_idle(home: Path, deadline: float, at_least: int = 0) -> None:
    """Until the instance holds `at_least` runs and none is queued, starting or running."""
    busy = {"QUEUED", "NOT_STARTED", "STARTING", "STARTED", "CANCELING"}
    while time.monotonic() < deadline:
        runs = _runs(home)
        if len(runs) >= at_least and not any(status in busy for _id, status in runs):
            return
        time.sleep(1.0)
    raise TimeoutError("the sensor's runs did not finish in time")


def sensor_latency(raw: Path, warehouse: Path, home: Path, texts: list[str], timeout: float = 900.0) -> dict:
    """Drop each of `texts` as a new file into `raw`, one at a time, and time each until it
    is queryable. The dropped files are removed from `raw` at the end (the next run takes
    them out of the warehouse). `home` is a DAGSTER_HOME of its own."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "RAW_DIR": str(raw), "WAREHOUSE_DIR": str(warehouse), "DAGSTER_HOME": str(home)}
    bin_dir = Path(sys.executable).parent
    # the sensor is turned on before the daemon starts: both would otherwise create the new
    # home's storage at once, and one of them fails ("more than one head" in its migrations)
    subprocess.run([str(bin_dir / "dagster"), "sensor", "start", "-m", "pipelines", SENSOR], cwd=REPO, env=env,
                   check=True, capture_output=True)
    log = (home / "daemon.log").open("w")
    daemon = subprocess.Popen([str(bin_dir / "dagster-daemon"), "run", "-m", "pipelines"], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    dropped: list[Path] = []
    latencies = []
    try:
        # the sensor's first tick has no cursor: it asks for one run of the folder as it is
        _wait_until_idle(home, time.monotonic() + timeout, at_least=1)
        for i, text in enumerate(texts):
            n_runs = len(_runs(home))
            path = raw / f"zz_sensor_{i:02d}.txt"
            dropped.append(path)
            started = time.monotonic()
            path.write_text(text, encoding="utf-8")
            while not _published_articles(warehouse, path.relative_to(raw).as_posix()):
                if time.monotonic() - started > timeout:
                    raise TimeoutError(f"{path.name} not queryable after {timeout} s")
                if daemon.poll() is not None:
                    raise RuntimeError(f"the daemon exited with code {daemon.returncode}; see {log.name}")
                time.sleep(0.5)
            latencies.append(round(time.monotonic() - started, 1))
            _wait_until_idle(home, time.monotonic() + timeout, at_least=n_runs + 1)
    finally:
        for path in dropped:
            path.unlink(missing_ok=True)
        subprocess.run([str(bin_dir / "dagster"), "sensor", "stop", "-m", "pipelines", SENSOR], cwd=REPO, env=env,
                       capture_output=True)
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait()
        log.close()
    return {"sensor_drops": len(latencies), "sensor_latency_seconds": latencies,
            "sensor_latency_max_seconds": max(latencies, default=None)}

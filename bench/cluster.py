"""A Dask cluster of separate processes on this machine, as a user would start one: a
`dask scheduler` and N `dask worker`s bound to 127.0.0.1, each worker in a working folder
of its own, sharing nothing but what the jobs name (the warehouse folder). For the tests
and the benchmark; on several machines the same commands run on each (see the README)."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class LocalCluster:
    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)

    def kill_worker(self, index: int) -> None:
        """SIGKILL: the worker gets no chance to hand its work back."""
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(timeout=30)


def _dask(*args: str) -> list[str]:
    return [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]]


def _wait_for(path: Path, process: subprocess.Popen, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Dask scheduler exited with code {process.returncode}")
        if path.exists() and path.stat().st_size:
            try:
                return json.loads(path.read_text())
            except json.JSONDecodeError:
                pass
        time.sleep(0.2)
    raise TimeoutError(f"no Dask scheduler file at {path} after {seconds} s")


@contextmanager
def local_cluster(base: Path, workers: int = 2, timeout: float = 120.0) -> Iterator[LocalCluster]:
    """Start the cluster under `base`, wait until every worker has joined, yield it, and
    stop every process on the way out (also when the caller fails)."""
    base.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
           "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler_file = base / "scheduler.json"
    logs = base / "logs"
    logs.mkdir(exist_ok=True)
    scheduler = subprocess.Popen(
        _dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
              str(scheduler_file), "--idle-timeout", "600"),
        cwd=base, env=env, stdout=subprocess.DEVNULL, stderr=(logs / "scheduler.log").open("w"))
    cluster = LocalCluster("", scheduler)
    try:
        cluster.address = _wait_for(scheduler_file, scheduler, timeout)["address"]
        for i in range(workers):
            folder = base / f"worker-{i}"
            folder.mkdir(exist_ok=True)
            cluster.workers.append(subprocess.Popen(
                _dask("worker", cluster.address, "--no-nanny", "--nthreads", "1", "--name", f"worker-{i}",
                      "--local-directory", str(folder), "--no-dashboard", "--death-timeout", "60"),
                cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=(logs / f"worker-{i}.log").open("w")))
        from distributed import Client

        with Client(cluster.address, timeout=timeout, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield cluster
    finally:
        _stop([*cluster.workers, scheduler])


def _stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM, a few seconds to close, then SIGKILL: a test never waits on a slow goodbye."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

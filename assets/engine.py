"""Where batches of files are extracted: the one seam between the extraction asset and the
compute that runs it.

The asset hands an engine a function and a list of batches; the engine runs them (here in
this process one after another, or side by side on a local process pool) and yields each
result as it finishes. A cluster engine (a Dask client, say) is one more class with the
same `map`: the asset, the batches and the lineage stay as they are. The function and its
batches must be picklable (a module-level function, plain data): that is what a worker on
another process or machine receives."""

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Protocol, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        """fn(job) for every job, yielded as each finishes (in any order)."""
        ...


class InProcessEngine:
    """One batch after another in the asset's own process: no start-up cost, the default
    on a small machine (a process pool pays for importing spaCy once per worker)."""

    name = "in_process"

    def map(self, fn: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        for job in jobs:
            yield fn(job)


class ProcessPoolEngine:
    """Batches side by side on `workers` local processes (spawned: a fork of a process that
    runs Dagster's threads is not safe)."""

    name = "process_pool"

    def __init__(self, workers: int):
        self.workers = workers

    def map(self, fn: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        jobs = list(jobs)
        if len(jobs) <= 1:
            yield from InProcessEngine().map(fn, jobs)
            return
        with ProcessPoolExecutor(min(self.workers, len(jobs)), mp_context=multiprocessing.get_context("spawn")) as pool:
            for done in as_completed([pool.submit(fn, job) for job in jobs]):
                yield done.result()


class DaskEngine:
    """Batches on a Dask cluster (dask.distributed), on as many machines as it has workers.

    The function travels by reference: every worker runs the project's code in the same
    version (the same checkout and environment, the project root on its PYTHONPATH), and
    reads and writes the extraction store under the warehouse folder, which every worker
    must see at the same path (NFS, or a mount of an object store). Nothing else is shared:
    a batch is plain data, its result a few counts. A worker that dies mid-batch leaves only
    temporary files behind (the store writes by atomic rename); the scheduler hands the
    batch to another worker, and after `allowed-failures` deaths the run fails, naming the
    batch, before anything is published."""

    name = "dask"

    def __init__(self, address: str, timeout: float = 30.0):
        self.address = address
        self.timeout = timeout

    def map(self, fn: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        from distributed import Client, as_completed as dask_completed  # only a Dask run needs it

        jobs = list(jobs)
        if not jobs:
            return
        with Client(self.address, timeout=self.timeout, set_as_default=False) as client:
            futures = client.map(fn, jobs, pure=False)
            for done in dask_completed(futures, loop=client.loop):
                yield done.result()


def engine_from_env() -> Engine:
    """WAREHOUSE_DASK_SCHEDULER (a scheduler's address, e.g. tcp://10.0.0.5:8786) sends the
    batches to that Dask cluster; otherwise WAREHOUSE_EXTRACT_WORKERS (default 1) says how
    many local processes extract batches side by side."""
    address = os.environ.get("WAREHOUSE_DASK_SCHEDULER", "").strip()
    if address:
        return DaskEngine(address)
    raw = os.environ.get("WAREHOUSE_EXTRACT_WORKERS", "1")
    try:
        workers = int(raw)
    except ValueError:
        raise ValueError(f"WAREHOUSE_EXTRACT_WORKERS={raw!r}: give a whole number of processes") from None
    if workers < 1:
        raise ValueError(f"WAREHOUSE_EXTRACT_WORKERS={workers}: at least 1")
    return InProcessEngine() if workers == 1 else ProcessPoolEngine(workers)

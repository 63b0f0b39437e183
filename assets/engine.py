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


def engine_from_env() -> Engine:
    """WAREHOUSE_EXTRACT_WORKERS (default 1): how many processes extract batches side by side."""
    raw = os.environ.get("WAREHOUSE_EXTRACT_WORKERS", "1")
    try:
        workers = int(raw)
    except ValueError:
        raise ValueError(f"WAREHOUSE_EXTRACT_WORKERS={raw!r}: give a whole number of processes") from None
    if workers < 1:
        raise ValueError(f"WAREHOUSE_EXTRACT_WORKERS={workers}: at least 1")
    return InProcessEngine() if workers == 1 else ProcessPoolEngine(workers)

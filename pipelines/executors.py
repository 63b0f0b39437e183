"""Which executor runs the steps, chosen by configuration, not code.

In-process is the default: every step of a multiprocess run pays for starting a process
(about 3 s each on 2 cores when each imports dagster, pandas and our code; about 1 s with
the forkserver used here, which imports them once). With WAREHOUSE_EXECUTOR=multiprocess
independent steps run side by side (WAREHOUSE_MAX_CONCURRENT processes, default one per
CPU). The batches of the per-file extraction are spread by the extraction engine instead
(assets.engine, WAREHOUSE_EXTRACT_WORKERS), inside the one extraction asset."""

import os

import dagster as dg

EXECUTORS = ("in_process", "multiprocess")


def executor_from_env() -> dg.ExecutorDefinition:
    kind = os.environ.get("WAREHOUSE_EXECUTOR", "in_process")
    if kind == "in_process":
        return dg.in_process_executor
    if kind == "multiprocess":
        # forkserver with the code location preloaded: each step forks a warm process instead
        # of importing dagster, pandas and spaCy again (about 3 s per step on 2 cores)
        return dg.multiprocess_executor.configured({
            "max_concurrent": int(os.environ.get("WAREHOUSE_MAX_CONCURRENT", "0")),
            "start_method": {"forkserver": {"preload_modules": ["pipelines"]}}})
    raise ValueError(f"WAREHOUSE_EXECUTOR={kind!r}: use one of {', '.join(EXECUTORS)}")

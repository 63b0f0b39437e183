"""Which executor runs the steps, chosen by configuration, not code.

In-process is the default: on 2 cores the multiprocess executor costs about 3 s per step in
process start-up. With WAREHOUSE_EXECUTOR=multiprocess the extraction buckets run side by
side (WAREHOUSE_MAX_CONCURRENT processes, default one per CPU). Spreading buckets over
machines is the same graph under another executor (dagster-k8s `k8s_job_executor`,
dagster-celery `celery_executor`), as README "Scale-out" shows."""

import os

import dagster as dg

EXECUTORS = ("in_process", "multiprocess")


def executor_from_env() -> dg.ExecutorDefinition:
    kind = os.environ.get("WAREHOUSE_EXECUTOR", "in_process")
    if kind == "in_process":
        return dg.in_process_executor
    if kind == "multiprocess":
        return dg.multiprocess_executor.configured(
            {"max_concurrent": int(os.environ.get("WAREHOUSE_MAX_CONCURRENT", "0"))})
    raise ValueError(f"WAREHOUSE_EXECUTOR={kind!r}: use one of {', '.join(EXECUTORS)}")

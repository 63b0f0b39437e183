"""A hook after every step: the process's peak resident memory so far, in the run's log,
so that an operator (and the benchmark) sees which step drives the run's memory; and the
memory the step freed goes back to the operating system before the next step starts."""

import resource

import dagster as dg

from storage.memory import release_freed_memory


def peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


@dg.success_hook(name="peak_memory")
def peak_memory(context: dg.HookContext) -> None:
    context.log.info(f"peak RSS after {context.step_key}: {peak_rss_mb()} MB")
    release_freed_memory()

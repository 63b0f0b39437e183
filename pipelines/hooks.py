"""A hook after every step: the process's peak resident memory so far, and what it still
holds once the step's freed memory has gone back to the operating system, in the run's log,
so that an operator (and the benchmark) sees which step drives the run's memory and which
leaves it higher for the steps after."""

import resource

import dagster as dg

from storage.memory import release_freed_memory


def _status_mb(field: str) -> int | None:
    """A memory field of /proc/self/status in MB (None where /proc has no such file)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return None


def peak_rss_mb() -> int:
    """This process's own peak resident memory (MB): VmHWM where /proc has it. Not
    getrusage's ru_maxrss, which Linux carries over an exec from the parent: a run started
    by a process holding 600 MB would report 600 MB before its first step."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


@dg.success_hook(name="peak_memory")
def peak_memory(context: dg.HookContext) -> None:
    peak = peak_rss_mb()
    release_freed_memory()
    # what the process still holds once the step's freed memory is given back: the floor
    # the next step builds on
    context.log.info(f"peak RSS after {context.step_key}: {peak} MB; {_status_mb('VmRSS')} MB held after it")

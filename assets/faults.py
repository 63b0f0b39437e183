"""Fault injection for crash tests: `PIPELINE_CRASH_AT=<point>` makes the process kill
itself with SIGKILL when it reaches that point, exactly as an out-of-memory kill or a
power cut would, so that tests can prove the published warehouse survives any crash.
Unset (always, outside tests) it does nothing."""

import os
import signal

CRASH_POINTS = ("ingest", "extraction", "validation", "publish-build", "publish-rename")


def crash_point(point: str) -> None:
    if os.environ.get("PIPELINE_CRASH_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)

"""Sensors: start a refresh when files under the raw folder are added, changed or removed."""

import hashlib
import json
import os
from pathlib import Path

import dagster as dg

from pipelines.jobs import refresh_warehouse


def folder_state(raw_dir: Path) -> dict[str, list[int]]:
    """{relative path: [size, mtime_ns]} of every file under `raw_dir` (links not followed)."""
    state: dict[str, list[int]] = {}
    if not raw_dir.is_dir():
        return state
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath) / name
            try:
                st = path.lstat()
            except OSError:
                continue
            state[path.relative_to(raw_dir).as_posix()] = [st.st_size, st.st_mtime_ns]
    return state


def state_digest(state: dict[str, list[int]]) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]


@dg.sensor(job=refresh_warehouse, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Requests a refresh when the raw folder's files (names, sizes, times) change.")
def raw_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    raw_dir = Path(os.environ.get("RAW_DIR", "raw")).resolve()
    digest = state_digest(folder_state(raw_dir))
    if digest == context.cursor:
        return dg.SkipReason(f"no change under {raw_dir}")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=digest)], cursor=digest)

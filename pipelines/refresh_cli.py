"""`bin/warehouse refresh [--verbose]`: the refresh as a person reads it.

Dagster's event log of one refresh is hundreds of lines, most of them DEBUG step events;
what a person wants is whether it worked, what changed and what was refused. So the job
runs here, in this process (the run is recorded in DAGSTER_HOME like any other, and its
full log is in the UI), with the console logger silenced; a thread follows the run's
events and prints progress (a bar on a terminal, a few count lines otherwise), and the
end is a short summary read from the published warehouse (read-only) and the run's
events. `--verbose` keeps Dagster's full event log on the console as well.

The fixed interface (`dagster job execute -m pipelines -j refresh_warehouse`) is untouched:
this module only calls the same job.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from pipelines.run_summary import RunFacts, summary_lines

TAG = "warehouse/refresh_cli"
JOB = "refresh_warehouse"
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
POLL_SECONDS = 0.5
LINE_EVERY_SECONDS = 15  # without a terminal, a count line at most this often on long runs
BAR_WIDTH = 24


def run_config(verbose: bool) -> dict | None:
    """Dagster's console logger as it is (DEBUG and up) with --verbose; else silenced: the
    events still go to the instance, so the UI and the summary have them all."""
    return None if verbose else QUIET


def refresh_job() -> dg.JobDefinition:
    """The refresh job of the code location (reconstructable: a multiprocess executor
    loads it again in each step's process)."""
    from pipelines.definitions import defs
    return defs.resolve_job_def(JOB)


class Progress(threading.Thread):
    """Follows the run's events in the instance and reports steps and files as they finish."""

    def __init__(self, instance: dg.DagsterInstance, token: str, total_steps: int,
                 write: Callable[[str], None], tty: bool) -> None:
        super().__init__(daemon=True)
        self.instance, self.token, self.total, self.write, self.tty = instance, token, total_steps, write, tty
        self.stop = threading.Event()
        self.started = time.monotonic()
        self.steps_done = 0
        self.current = ""
        self.files_loaded: int | None = None
        self.files_extracted = 0
        self.files_cached = 0
        self.extraction_done = False
        self.last_line = time.monotonic()

    def _run_id(self) -> str | None:
        runs = self.instance.get_runs(filters=dg.RunsFilter(tags={TAG: self.token}), limit=1)
        return runs[0].run_id if runs else None

    def run(self) -> None:
        run_id, cursor = None, None
        while not self.stop.wait(POLL_SECONDS):
            run_id = run_id or self._run_id()
            if run_id is None:
                continue
            connection = self.instance.get_records_for_run(run_id, cursor=cursor)
            cursor = connection.cursor
            for record in connection.records:
                self._on(record.event_log_entry)
            if self.tty:
                self._bar()
        if self.tty:
            self.write("\r" + " " * 100 + "\r")

    def _line(self, text: str) -> None:
        if self.tty:
            self.write("\r" + " " * 100 + "\r")
        self.write(f"  {text}\n")
        self.last_line = time.monotonic()

    def _on(self, entry: dg.EventLogEntry) -> None:
        kind = entry.dagster_event_type
        if kind is None:
            return
        name = kind.value
        if name == "STEP_START":
            self.current = entry.step_key or ""
        elif name in {"STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED", "STEP_UP_FOR_RETRY"}:
            self.steps_done += name != "STEP_UP_FOR_RETRY"
        elif name == "ASSET_MATERIALIZATION":
            self._on_materialized(entry.asset_materialization)
        if not self.tty and time.monotonic() - self.last_line >= LINE_EVERY_SECONDS:
            self._line(f"{self.steps_done}/{self.total} steps done, now {self.current} "
                       f"({time.monotonic() - self.started:.0f} s)")

    def _on_materialized(self, materialization: dg.AssetMaterialization | None) -> None:
        if materialization is None:
            return
        key = materialization.asset_key.to_user_string()
        meta = {k: v.value for k, v in materialization.metadata.items()}
        if key == "core/source_files":
            self.files_loaded = int(meta.get("files_loaded", 0))
            self._line(f"read {meta.get('dagster/row_count', 0)} files: {self.files_loaded} loaded, "
                       f"{meta.get('files_quarantined', 0)} quarantined, {meta.get('files_duplicate', 0)} duplicates")
        elif key.startswith("extract/"):
            self.files_extracted += int(meta.get("files", 0))
            self.files_cached += int(meta.get("files_cached", 0))
            done = self.files_extracted >= (self.files_loaded or 0)
            if (done and not self.extraction_done) or (not done and time.monotonic() - self.last_line >= LINE_EVERY_SECONDS):
                self.extraction_done = done
                self._line(f"extracted {self.files_extracted} of {self.files_loaded} files "
                           f"({self.files_cached} unchanged, taken from the store)")
        elif key == "warehouse":
            self._line(f"published ({time.monotonic() - self.started:.1f} s); drawing charts, scoring quality")

    def _bar(self) -> None:
        done = min(self.steps_done, self.total)
        filled = round(BAR_WIDTH * done / max(self.total, 1))
        files = f" · files {self.files_extracted}/{self.files_loaded}" if self.files_loaded else ""
        text = (f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{self.total} steps{files} · "
                f"{self.current[:30]} · {time.monotonic() - self.started:.0f} s")
        self.write("\r" + text[:99].ljust(99))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bin/warehouse refresh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="also print Dagster's full event log")
    args = parser.parse_args(argv)
    out = sys.stdout
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    job = refresh_job()
    from pipelines.definitions import defs
    paths = defs.resources["paths"]
    out.write(f"refresh_warehouse: {paths.raw_path} -> {paths.published_file}\n")
    out.flush()
    token = uuid.uuid4().hex
    total = len(job.graph.nodes)  # one step per node with the in-process and multiprocess executors
    progress = None
    if not args.verbose:
        def write(text: str) -> None:
            out.write(text)
            out.flush()
        progress = Progress(instance, token, total, write, out.isatty())
        progress.start()
    started = time.monotonic()
    captured = None if args.verbose else stderr_log(instance)
    try:
        with redirected_stderr(captured):
            result = dg.execute_job(dg.reconstructable(refresh_job), instance=instance,
                                    run_config=run_config(args.verbose), tags={TAG: token})
    finally:
        if progress is not None:
            progress.stop.set()
            progress.join(timeout=5)
    facts = RunFacts.of_run(instance, result.run_id, result.success, time.monotonic() - started)
    lines = summary_lines(facts, paths.published_file)
    if captured is not None and not result.success and captured.stat().st_size:
        lines.insert(-1, f"What the run wrote on stderr: {captured}")
    out.write("\n".join(lines) + "\n")
    return 0 if result.success else 1


def stderr_log(instance: dg.DagsterInstance) -> Path:
    """Where a quiet refresh keeps what its steps print on stderr (step processes of the
    multiprocess executor log there with Dagster's own console logger): beside the run
    history, else in the temporary folder."""
    folder = Path(instance.root_directory) if instance.is_persistent else Path(tempfile.gettempdir())
    return folder / "refresh-stderr.log"


@contextmanager
def redirected_stderr(path: Path | None) -> Iterator[None]:
    """File descriptor 2 (also of child processes) into `path` for the block; None: as is."""
    if path is None:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "w") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


if __name__ == "__main__":
    from pipelines import refresh_cli  # the module by its own name, so that the job is reconstructable
    sys.exit(refresh_cli.main())

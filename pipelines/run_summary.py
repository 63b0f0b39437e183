"""The end of a refresh in a few lines: did it work, what changed, what was refused.

Everything comes from two places anyone can read afterwards: the run's events in the
Dagster instance (step failures, warnings, the quality check's verdict, whether the
charts were drawn) and the published warehouse, opened read-only (audit.runs for rows
per table now and at the previous run, audit.rejected_rows, core.source_files,
audit.quality).
"""

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from assets.quality import compared
from assets.schemas import TABLES

SHOW_FILES = 5      # quarantined files listed by name; the rest are counted
SHOW_WARNINGS = 3   # warnings from the run's log that are not about quarantined files
# warnings the summary says better: quarantined files are listed, skipped steps follow a failure shown
QUIET_WARNINGS = ("quarantined ", "Dependencies for step ")


@dataclass
class RunFacts:
    """What the run's events say."""

    run_id: str
    success: bool
    seconds: float
    failures: list[str] = field(default_factory=list)   # "step: message"
    warnings: list[str] = field(default_factory=list)
    check: str | None = None                            # the quality check's verdict
    check_detail: list[str] = field(default_factory=list)
    charts: str | None = None
    quality_status: str | None = None

    @classmethod
    def of_run(cls, instance: dg.DagsterInstance, run_id: str, success: bool, seconds: float) -> "RunFacts":
        facts = cls(run_id, success, seconds)
        for entry in instance.all_logs(run_id):
            event = entry.dagster_event
            if event is not None and event.event_type_value == "STEP_FAILURE":
                error = event.step_failure_data.error
                message = re.sub(r"^(?:\w+\.)+(\w+): ", r"\1: ", error.message.strip().splitlines()[-1]) \
                    if error else "failed"
                facts.failures.append(f"{entry.step_key}: {message}")
            elif event is not None and event.event_type_value == "ASSET_CHECK_EVALUATION":
                evaluation = entry.asset_check_evaluation
                if evaluation is not None and evaluation.asset_key == dg.AssetKey(["quality"]):
                    facts.check = "passed" if evaluation.passed else \
                        {"WARN": "warn"}.get(evaluation.severity.value, "failed")
                    meta = {k: v.value for k, v in evaluation.metadata.items()}
                    facts.check_detail = [*meta.get("failures", []), *meta.get("drops", [])]
            elif event is not None and event.event_type_value == "ASSET_MATERIALIZATION":
                materialization = entry.asset_materialization
                meta = {k: v.value for k, v in materialization.metadata.items()}
                if materialization.asset_key == dg.AssetKey(["charts"]):
                    facts.charts = "drawn" if meta.get("drawn") else f"not drawn ({meta.get('error', 'unknown')})"
                elif materialization.asset_key == dg.AssetKey(["quality"]):
                    facts.quality_status = meta.get("status")
            elif event is None and entry.level >= logging.WARNING and not entry.user_message.startswith(QUIET_WARNINGS):
                facts.warnings.append(f"{entry.step_key or 'run'}: {entry.user_message}")
        return facts


def _size(n_bytes: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:,} {unit}" if unit == "bytes" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    return ""


def _change(now: int, before: int | None) -> str:
    if before is None:
        return "new"
    return f"{now - before:+,}" if now != before else "same"


def table_lines(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    """Rows per core table, with the change since the run published before this one."""
    runs = con.execute("SELECT run_id, rows_per_table, files_seen, files_loaded, files_quarantined, "
                       "files_duplicate FROM audit.runs ORDER BY finished_at").fetchall()
    index = next((i for i, r in enumerate(runs) if r[0] == run_id), None)
    if index is None:
        return ["(this run published nothing: the warehouse holds an earlier run)"]
    _, counts_json, seen, loaded, quarantined, duplicate = runs[index]
    now = json.loads(counts_json)
    before = json.loads(runs[index - 1][1]) if index > 0 else {}
    lines = [f"Files: {seen} seen, {loaded} loaded, {quarantined} quarantined, {duplicate} duplicates",
             "Rows per table (change since the last run):"]
    width = max(len(t) for t in now)
    for table in TABLES:
        n = now.get(table, 0)
        if table.startswith("core."):
            lines.append(f"  {table:<{width}} {n:>9,}  {_change(n, before.get(table))}")
    return lines


def refused_lines(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    refused = con.execute("SELECT table_name, count(*) FROM audit.rejected_rows WHERE run_id = ? "
                          "GROUP BY ALL ORDER BY 2 DESC, 1", [run_id]).fetchall()
    if not refused:
        return ["Refused rows: none"]
    return [f"Refused rows: {sum(n for _, n in refused):,} ("
            + ", ".join(f"{t} {n:,}" for t, n in refused) + "; see audit.rejected_rows)"]


def quarantine_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT path, status, status_reason FROM core.source_files WHERE status <> 'loaded' "
                       "ORDER BY status, path").fetchall()
    if not rows:
        return ["Quarantined files: none"]
    lines = [f"Quarantined or duplicate files: {len(rows)}"]
    for path, status, reason in rows[:SHOW_FILES]:
        why = reason if status == "quarantined" else status.replace("_", " ")
        lines.append(f"  {Path(path).name}: {why}")
    if len(rows) > SHOW_FILES:
        lines.append(f"  ... and {len(rows) - SHOW_FILES} more (core.source_files where status <> 'loaded')")
    return lines


def _figure(label: str, value: float, change: object, count: bool = False) -> str:
    shown = f"{value:g}" if count else f"{value:.3f}"
    return f"{label} {shown}" + (f" ({change:+.3f})" if pd.notna(change) and change != 0 else "")


def quality_lines(con: duckdb.DuckDBPyConnection, facts: RunFacts) -> list[str]:
    """F1 per table, provenance and invented dates of this run (with the change since the
    previous run on the same files), then the quality check's verdict."""
    figures = con.execute("SELECT * FROM audit.quality ORDER BY scored_at, run_id").df()
    mine = figures[figures["run_id"] == facts.run_id]
    if mine.empty:
        return [f"Quality: {facts.quality_status or 'not scored'}"]
    comparison = compared(figures, facts.run_id)
    lines = []
    for gold, group in comparison.groupby("gold", sort=False):
        group = group[group["now"].notna()]
        f1 = [_figure(r.table_name, r.now, r.change) for r in group[group["metric"] == "f1"].itertuples()]
        other = [_figure(label, r.now, r.change, count=metric == "invented_dates")
                 for metric, label in [("ok", "provenance"), ("invented_dates", "invented dates")]
                 for r in group[group["metric"] == metric].itertuples()]
        n_files = int(mine.loc[mine["gold"] == gold, "gold_files"].iloc[0])
        lines.append(f"Quality vs gold '{gold}' ({n_files} files): F1 " + ", ".join(f1) + "; " + ", ".join(other))
    verdict = facts.check or "not run"
    lines.append(f"Quality check: {verdict.upper()}" + (": " + "; ".join(facts.check_detail[:3])
                                                          if facts.check_detail else ""))
    return lines


def summary_lines(facts: RunFacts, published: Path) -> list[str]:
    """The summary printed at the end of `bin/warehouse refresh`."""
    lines = [""]
    if facts.success:
        lines.append(f"Refresh succeeded in {facts.seconds:.1f} s (run {facts.run_id[:8]})")
    else:
        lines.append(f"Refresh FAILED after {facts.seconds:.1f} s (run {facts.run_id[:8]}); "
                     "the warehouse published before is unchanged")
        lines += [f"  {f}" for f in facts.failures[:SHOW_FILES]]
        lines.append("  the full log: bin/warehouse refresh --verbose, or the run in the UI (bin/warehouse ui)")
    if published.exists():
        if facts.success:
            with duckdb.connect(str(published), read_only=True) as con:
                lines += table_lines(con, facts.run_id)
                lines += refused_lines(con, facts.run_id)
                lines += quarantine_lines(con)
                lines += quality_lines(con, facts)
        if facts.charts:
            lines.append(f"Charts: {facts.charts}")
        lines.append(f"{'Published' if facts.success else 'Still published'}: {published} "
                     f"({_size(published.stat().st_size)})")
    else:
        lines.append(f"Nothing published at {published}")
    for warning in facts.warnings[:SHOW_WARNINGS]:
        lines.append(f"Warning: {warning[:200]}")
    if len(facts.warnings) > SHOW_WARNINGS:
        lines.append(f"  ... and {len(facts.warnings) - SHOW_WARNINGS} more warnings in the run's log")
    lines.append(f"Elapsed: {facts.seconds:.1f} s")
    return lines

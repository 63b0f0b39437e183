"""Quality on the dashboard: every refresh scores the published warehouse against the gold
folders configured, with the project's own evaluation (`evaluation/`), keeps the figures
in `audit.quality` and draws them over runs, so an operator sees a drop the day it happens.

By default the gold is the one for the shipped corpus, kept beside the evaluation code
(`evaluation/gold/seeds`); `QUALITY_GOLD` names other folders (separated by `:`), or none
when empty. Each gold folder is cut to the files the warehouse holds (evaluation.scope),
so a warehouse of another folder is scored on what it shares with the gold, or not at all.

The figures are added to the published file the way publish writes it: a copy is made
under the publish lock, the rows go into the copy, and the copy is renamed over the
published file, so readers never see a half-written state and never block the step.
Grading never fails a refresh: any error is logged as a warning and recorded in the
metadata. The check beside the asset warns on a drop and fails on invented dates or
provenance errors.
"""

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

import evaluation
from assets.charts import png_bytes
from assets.metadata import image_metadata
from assets.publish import insert_frame
from storage.warehouse_file import publish_lock, replace_atomically, transaction
from assets.resources import WarehousePaths
from assets.schemas import Quality, columns_of
from evaluation.scope import Scored, score_held_files

GOLD_ENV = "QUALITY_GOLD"
DEFAULT_GOLD = Path(evaluation.__file__).resolve().parent / "gold" / "seeds"
DROP_TOLERANCE = 0.02  # a metric that falls by more than this from the previous run warns
COUNTS = {("events", "invented_dates")}  # counts, not shares: any above zero fails
# metrics where lower is better (counts of mistakes, rows per happening): a rise is the drop
LOWER_IS_BETTER = {"invented_dates", "repeated_acts", "rows_per_happening", "over_merged", "mae"}
MUST_BE_PERFECT = {("provenance", "ok")}  # a row whose offsets do not give back its text fails
NOT_MEASURED = "not measured"  # the start of the asset's status when scoring raised
RUNS_DRAWN = 30  # the chart over runs shows the last this many
PLOTTED = ("precision", "recall", "f1", "invented_dates", "ok")  # numeric metadata: the UI plots it over runs
COLUMNS = [name for name, _, _ in columns_of(Quality)]
# the order figures are shown in: the evaluation command's order, shares before accuracies
TABLE_ORDER = ["documents", "provenance", "entities", "events", "happenings", "positions", "memberships", "quantities", "turns"]
METRIC_ORDER = {"precision": 0, "recall": 1, "f1": 2}


class QualityGold(dg.ConfigurableResource):
    """The gold folders the quality asset scores against (format: shared/gold/FORMAT.md)."""

    gold_dirs: list[str] = [str(DEFAULT_GOLD)]


def gold_from_env() -> QualityGold:
    """QUALITY_GOLD (folders separated by os.pathsep; empty: none), else the shipped gold."""
    value = os.environ.get(GOLD_ENV)
    if value is None:
        return QualityGold()
    return QualityGold(gold_dirs=[p for p in value.split(os.pathsep) if p.strip()])


def held_files(published: Path) -> set[str]:
    """Names of the raw files the published warehouse loaded (the gold's `file` key)."""
    with duckdb.connect(str(published), read_only=True) as con:
        rows = con.execute("SELECT path FROM core.source_files WHERE status = 'loaded'").fetchall()
    return {Path(path).name for (path,) in rows}


def figures_frame(run_id: str, scored_at: datetime, scored: list[Scored]) -> pd.DataFrame:
    rows = [dict(run_id=run_id, scored_at=scored_at, gold=s.gold, gold_files=s.gold_files, scope=s.scope,
                 table_name=f.table_name, metric=f.metric, value=f.value, detail=f.detail or None)
            for s in scored for f in s.figures]
    return pd.DataFrame(rows, columns=COLUMNS)


def append_figures(paths: WarehousePaths, frame: pd.DataFrame) -> None:
    """Add this run's figures to audit.quality of the published file: copy, insert, rename.
    The newest audit.runs row's count of audit.quality is brought up to date with them, so
    the published file stays one consistent state."""
    folder, published = paths.warehouse_path, paths.published_file
    with publish_lock(folder):
        built = folder / f".build-quality-{frame['run_id'].iloc[0]}.duckdb"
        shutil.copyfile(published, built)
        try:
            with duckdb.connect(str(built)) as con:
                with transaction(con):
                    for run_id, gold in frame[["run_id", "gold"]].drop_duplicates().itertuples(index=False):
                        con.execute("DELETE FROM audit.quality WHERE run_id = ? AND gold = ?", [run_id, gold])
                    insert_frame(con, "audit.quality", frame)
                    (n,) = con.execute("SELECT count(*) FROM audit.quality").fetchone()
                    newest = con.execute("SELECT run_id, rows_per_table FROM audit.runs "
                                         "ORDER BY finished_at DESC LIMIT 1").fetchone()
                    if newest is not None:  # written as publish writes it (json.dumps, sorted keys)
                        counts = {**json.loads(newest[1]), "audit.quality": n}
                        con.execute("UPDATE audit.runs SET rows_per_table = ? WHERE run_id = ?",
                                    [json.dumps(counts, sort_keys=True), newest[0]])
            replace_atomically(built, published)
        finally:
            built.unlink(missing_ok=True)
            Path(f"{built}.wal").unlink(missing_ok=True)


def history(published: Path) -> pd.DataFrame:
    """audit.quality of the published file, oldest first."""
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(f"SELECT {', '.join(COLUMNS)} FROM audit.quality ORDER BY scored_at, run_id").df()


def compared(figures: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """This run's figures beside those of the previous run that scored the same gold on the
    same files: gold, table_name, metric, previous, now, change."""
    now = figures[figures["run_id"] == run_id]
    out = []
    for (gold, scope), group in now.groupby(["gold", "scope"], sort=False):
        earlier = figures[(figures["gold"] == gold) & (figures["scope"] == scope) & (figures["run_id"] != run_id)
                          & (figures["scored_at"] <= group["scored_at"].max())]
        before = {}
        if len(earlier):
            last = earlier[earlier["scored_at"] == earlier["scored_at"].max()]
            before = {(r.table_name, r.metric): r.value for r in last.itertuples()}
        for r in group.itertuples():
            previous = before.get((r.table_name, r.metric))
            change = r.value - previous if pd.notna(r.value) and previous is not None and pd.notna(previous) else None
            out.append(dict(gold=gold, table_name=r.table_name, metric=r.metric, previous=previous,
                            now=r.value, change=change, detail=r.detail))
    frame = pd.DataFrame(out, columns=["gold", "table_name", "metric", "previous", "now", "change", "detail"])
    order = frame.apply(lambda r: (TABLE_ORDER.index(r.table_name) if r.table_name in TABLE_ORDER else len(TABLE_ORDER),
                                   r.table_name, METRIC_ORDER.get(r.metric, len(METRIC_ORDER)), r.metric), axis=1)
    return frame.iloc[sorted(range(len(frame)), key=lambda i: (frame["gold"].iloc[i], order.iloc[i]))] \
        .reset_index(drop=True) if len(frame) else frame


def verdict(comparison: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(failures, drops): invented dates or provenance errors; metrics worse by more than
    DROP_TOLERANCE since the previous run (down, or up where lower is better)."""
    failures, drops = [], []
    for r in comparison.itertuples():
        name = f"{r.gold}: {r.table_name}.{r.metric}"
        if (r.table_name, r.metric) in COUNTS:
            if pd.notna(r.now) and r.now > 0:
                failures.append(f"{name} = {r.now:g} ({r.detail})")
        elif (r.table_name, r.metric) in MUST_BE_PERFECT and pd.notna(r.now) and r.now < 1:
            failures.append(f"{name} = {r.now:.3f} ({r.detail})")
        if (r.table_name, r.metric) in COUNTS or r.change is None or pd.isna(r.change):
            continue
        worse = r.change if r.metric in LOWER_IS_BETTER else -r.change
        if worse > DROP_TOLERANCE:
            drops.append(f"{name} {r.previous:.3f} -> {r.now:.3f}")
    return failures, drops


def _cell(value: object, signed: bool = False) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def figures_markdown(comparison: pd.DataFrame) -> str:
    lines = ["| gold | table | metric | previous run | this run | change |", "|---|---|---|---:|---:|---:|"]
    for r in comparison.itertuples():
        now = f"{r.now:g}" if (r.table_name, r.metric) in COUNTS and pd.notna(r.now) else _cell(r.now)
        detail = f"({r.detail})" if r.detail and (r.table_name, r.metric) not in COUNTS else ""
        lines.append(f"| {r.gold} | {r.table_name} | {r.metric} | {_cell(r.previous)} | {now} {detail} | "
                     f"{_cell(r.change, True)} |")
    return "\n".join(lines)


def over_runs_png(figures: pd.DataFrame, gold: str) -> bytes:
    """F1 per table (and provenance) of one gold folder over the runs that scored it."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    mine = figures[(figures["gold"] == gold) & ((figures["metric"] == "f1") | (figures["table_name"] == "provenance"))]
    runs = list(dict.fromkeys(mine.sort_values("scored_at")["run_id"]))[-RUNS_DRAWN:]
    figure = Figure(figsize=(9, 4))
    ax = figure.subplots()
    for (table, metric), group in mine.groupby(["table_name", "metric"]):
        by_run = dict(zip(group["run_id"], group["value"]))
        ax.plot(range(len(runs)), [by_run.get(r) for r in runs], marker="o",
                label=table if metric == "f1" else f"{table} {metric}")
    labels = [pd.Timestamp(mine.loc[mine["run_id"] == r, "scored_at"].iloc[0]).strftime("%m-%d %H:%M") for r in runs]
    ax.set_xticks(range(len(runs)), labels, rotation=45, fontsize=7)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("F1 (provenance: share of exact spans)")
    ax.set_title(f"Extraction quality over runs against gold '{gold}' (audit.quality)")
    ax.legend(fontsize=7, loc="lower left", ncols=3, frameon=False)
    return png_bytes(figure)


def _measure(context: dg.AssetExecutionContext, paths: WarehousePaths, gold: QualityGold) -> dict:
    published = paths.published_file
    if not published.exists():
        return {"status": f"no published warehouse at {published}: nothing scored"}
    folders = [Path(d).resolve() for d in gold.gold_dirs]
    notes = [f"gold folder {d} does not exist" for d in folders if not d.is_dir()]
    folders = [d for d in folders if d.is_dir()]
    if not folders:
        return {"status": "no gold folder configured: nothing scored, nothing to check",
                "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in notes) or "_none_")}
    held = held_files(published)
    scored = [score_held_files(published, d, held) for d in folders]
    notes += [f"gold folder {d} covers none of this warehouse's files" for d, s in zip(folders, scored)
              if not s.gold_files]
    scored = [s for s in scored if s.figures]
    if not scored:
        return {"status": "no gold folder covers this warehouse's files: nothing scored, nothing to check",
                "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in notes))}
    run_id = context.run.run_id
    append_figures(paths, figures_frame(run_id, datetime.now(timezone.utc).replace(tzinfo=None), scored))
    figures = history(published)
    comparison = compared(figures, run_id)
    failures, drops = verdict(comparison)
    metadata: dict = {
        "status": f"scored against {', '.join(f'{s.gold} ({s.gold_files} files)' for s in scored)}",
        "figures": dg.MetadataValue.md(figures_markdown(comparison)),
        "failures": dg.MetadataValue.json(failures),
        "drops": dg.MetadataValue.json(drops),
        "runs_scored": int(figures["run_id"].nunique()),
    }
    for s in scored:
        metadata[f"over_runs_{s.gold}"] = image_metadata(over_runs_png(figures, s.gold), f"Quality over runs ({s.gold})")
    for r in comparison.itertuples():
        if r.metric in PLOTTED and pd.notna(r.now):
            metadata[f"{r.gold}.{r.table_name}.{r.metric}"] = float(r.now)
    if notes:
        metadata["notes"] = dg.MetadataValue.md("\n".join(f"- {n}" for n in notes))
    return metadata


@dg.asset(
    key=["quality"],
    group_name="publish",
    deps=[dg.AssetKey(["warehouse"])],
    kinds={"duckdb"},
    description="Extraction quality of the published warehouse against the configured gold folders "
                "(precision, recall, F1 per table, invented dates, provenance), kept per run in "
                "audit.quality and drawn over runs. Never fails the refresh.",
)
def quality(context: dg.AssetExecutionContext, paths: WarehousePaths, quality_gold: QualityGold) -> dg.MaterializeResult:
    try:
        metadata = _measure(context, paths, quality_gold)
    except Exception as error:  # grading must never cost the operator the refresh it grades
        context.log.warning(f"quality not measured: {type(error).__name__}: {error}")
        metadata = {"status": f"{NOT_MEASURED}: {type(error).__name__}: {error}"}
    context.log.info(f"quality: {metadata['status']}")
    return dg.MaterializeResult(metadata=metadata)


def _latest_status(instance: dg.DagsterInstance) -> str:
    """The `status` the quality asset reported at its latest materialisation."""
    event = instance.get_latest_materialization_event(dg.AssetKey(["quality"]))
    materialization = event.asset_materialization if event is not None else None
    status = materialization.metadata.get("status") if materialization is not None else None
    return str(status.value) if status is not None else "quality not materialised"


@dg.asset_check(asset=quality, blocking=False,
                description=f"WARN when a metric gets worse by more than {DROP_TOLERANCE} (falls; rises for "
                            "counts of mistakes) from the previous run on the "
                            "same gold and files; FAIL on invented dates or provenance errors; passes when nothing "
                            "was scored.")
def quality_holds(context: dg.AssetCheckExecutionContext, paths: WarehousePaths) -> dg.AssetCheckResult:
    try:
        return judge(context, paths)
    except Exception as error:  # like the asset, the check never fails the refresh by raising
        context.log.warning(f"quality check could not judge: {type(error).__name__}: {error}")
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN,
                                   metadata={"status": f"could not judge: {type(error).__name__}: {error}"})


def judge(context: dg.AssetCheckExecutionContext, paths: WarehousePaths) -> dg.AssetCheckResult:
    """The verdict on this run's figures (see quality_holds)."""
    published = paths.published_file
    figures = history(published) if published.exists() else pd.DataFrame(columns=COLUMNS)
    run_id = context.run.run_id
    if not (figures["run_id"] == run_id).any():
        status = _latest_status(context.instance)
        if status.startswith(NOT_MEASURED):  # the gold could not be read: the operator should look
            return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN, metadata={"status": status})
        return dg.AssetCheckResult(passed=True, metadata={"status": f"no figures for this run: {status}"})
    failures, drops = verdict(compared(figures, run_id))
    metadata = {"failures": dg.MetadataValue.json(failures), "drops": dg.MetadataValue.json(drops)}
    if failures:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)
    if drops:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN, metadata=metadata)
    return dg.AssetCheckResult(passed=True, metadata=metadata)

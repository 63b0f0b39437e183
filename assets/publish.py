"""Publish: the `warehouse` asset. It hands every validated table to the warehouse writer
(storage.warehouse_file), which builds a fresh working DuckDB file, one transaction per
part, and renames it atomically over the published `warehouse.duckdb`; this module says
which tables, with which columns (from the Pandera models), and records the run.
"""

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pyarrow as pa

from assets.extraction import open_store, with_texts, with_texts_arrow
from assets.faults import crash_point
from assets.validation import Validated
from assets.resources import WarehousePaths
from assets.reuse import step_key
from assets.schemas import TABLES, Runs, columns_of, table_description
from storage import warehouse_file
from storage.parts import Parted, file_batches
from storage.warehouse_file import (DeltaMismatch, Frames, Part, TableDelta, TableSpec, built_from, publish_lock,
                                    published_contents, remove_stale_builds, replace_atomically, update_warehouse)
from textmine import PIPELINE_VERSION

SPECS: dict[str, TableSpec] = {table: TableSpec(table_description(model), columns_of(model))
                               for table, model in TABLES.items()}

# Tables produced by an asset of the same key; contract tables not listed here are
# published empty until their extraction exists.
PUBLISHED = [
    "core.source_files",
    "core.documents",
    "core.sentences",
    "core.entities",
    "core.mentions",
    "core.time_expressions",
    "core.events",
    "core.positions",
    "core.memberships",
    "core.quantities",
    "core.interview_turns",
]


# Tables whose rows belong to the articles of one file each: a delta replaces the rows
# of the files whose parts changed (the others are kept as published).
PER_FILE = [t for t in PUBLISHED if t not in ("core.source_files", "core.entities")]


def contents_of(produced: Mapping[str, Parted | Validated]) -> dict | None:
    """What the tables about to be published hold, part by part (the key each part was
    built from, and the files of its batch): recorded beside the published file so that
    the next publish can tell which parts changed. None when a part has no key."""
    batches: list[list[str]] = []
    seen: dict[tuple[str, ...], int] = {}
    tables = {}
    for table in PER_FILE:
        parted = produced[table]
        if not isinstance(parted, Parted) or parted.part_keys is None or parted.batches is None \
                or None in parted.part_keys or len(parted.part_keys) != len(parted.batches):
            return None
        refs = []
        for batch in parted.batches:
            if batch not in seen:
                seen[batch] = len(batches)
                batches.append(list(batch))
            refs.append(seen[batch])
        tables[table] = {"keys": list(parted.part_keys), "batches": refs}
    return {"batches": batches, "tables": tables}


def delta_of(previous: dict | None, produced: Mapping[str, Parted | Validated]) -> dict[str, TableDelta] | None:
    """Per table of PER_FILE, the files whose rows leave the published file and the parts
    that come in: every part whose key the published table does not hold. None when the
    published file's record cannot tell (then the warehouse is built whole)."""
    if previous is None or contents_of(produced) is None:
        return None
    deltas = {}
    for table in PER_FILE:
        old, new = previous.get("tables", {}).get(table), produced[table]
        if old is None:
            return None
        kept = set(old["keys"]) & set(new.part_keys)
        gone = [sha for key, ref in zip(old["keys"], old["batches"]) if key not in kept
                for sha in previous["batches"][ref]]
        deltas[table] = TableDelta(gone, [new.part_file(k) for k, key in enumerate(new.part_keys) if key not in kept])
    return deltas


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty tables of the contract with their comments, from the Pandera models."""
    warehouse_file.create_tables(con, SPECS)


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    warehouse_file.insert_frame(con, table, df, SPECS[table])


def write_warehouse(target: Path, tables: Mapping[str, Frames]) -> dict[str, int]:
    """storage.warehouse_file.write_warehouse with the contract's tables."""
    return warehouse_file.write_warehouse(target, tables, SPECS)


def previous_runs(published: Path, table: str = "audit.runs") -> pd.DataFrame:
    """A history table (audit.runs, audit.quality) of the currently published warehouse,
    carried into the next one (empty when there is none)."""
    columns = [name for name, _, _ in columns_of(TABLES[table])]
    if not published.exists():
        return pd.DataFrame(columns=columns)
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            return con.execute(f"SELECT {', '.join(columns)} FROM {table}").df()
    except duckdb.Error:
        return pd.DataFrame(columns=columns)


def empty_table(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name, _, _ in columns_of(TABLES[table])})


def source_files_with_text(paths: WarehousePaths, files: pd.DataFrame,
                           log: Callable[[str], None]) -> Iterator[pd.DataFrame | pa.Table]:
    """core.source_files with the decoded text of each loaded file, read back from the
    extraction store a batch of files at a time (as Arrow: DuckDB reads the text where it is)."""
    store = open_store(paths.warehouse_path, log)
    try:
        yield files[files["status"] != "loaded"].assign(content=None)
        for batch in file_batches(files):
            yield with_texts_arrow(store, batch)
    finally:
        store.close()


def with_file_texts(paths: WarehousePaths, files: pd.DataFrame, log: Callable[[str], None]) -> pd.DataFrame:
    """Rows of core.source_files with the decoded text of those loaded (from the store)."""
    loaded = files[files["status"] == "loaded"]
    if loaded.empty:
        return files.assign(content=None)
    store = open_store(paths.warehouse_path, log)
    try:
        texts = with_texts(store, loaded).set_index("file_id")["content"]
    finally:
        store.close()
    return files.assign(content=files["file_id"].map(texts).where(files["status"] == "loaded", None))


def copy_of_published(paths: WarehousePaths, built: Path) -> dict[str, int]:
    """The published file copied to `built` (the tables are those the inputs give), with
    its rows per table: only this run's audit.runs row is new."""
    shutil.copyfile(paths.published_file, built)
    with duckdb.connect(str(built), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SPECS}


# Past this share of a table's parts, writing the file anew costs less than deleting and
# inserting (a code change rebuilds every part; DuckDB holds deletions until they commit).
DELTA_AT_MOST = 0.25


def worth_a_delta(delta: dict[str, TableDelta], produced: Mapping[str, Parted | Validated]) -> bool:
    """Whether few enough parts changed for a delta to cost less than a full build."""
    return all(len(d.new_parts) <= max(2, DELTA_AT_MOST * produced[t].n_parts) for t, d in delta.items())


def published_delta(paths: WarehousePaths, built: Path, produced: Mapping[str, Parted | Validated],
                    delta: dict[str, TableDelta], refused: list[pd.DataFrame], log) -> dict[str, int] | None:
    """The published file copied to `built` and brought up to date by `delta`; None (with
    the reason logged) when the copy did not come out as the tables say it must, and the
    caller builds it whole."""
    refused.extend(produced[t].rejected() for t in PUBLISHED if isinstance(produced[t], Parted))
    rejected = all_refused(refused)
    files = produced["core.source_files"].table
    expected = {t: produced[t].n_rows for t in PUBLISHED if isinstance(produced[t], Parted)}
    expected.update({"core.source_files": len(files), "audit.rejected_rows": len(rejected)})
    try:
        counts = update_warehouse(paths.published_file, built, delta,
                                  {"core.entities": lambda: [produced["core.entities"].part_file(k) for k in
                                                             range(produced["core.entities"].n_parts)],
                                   "audit.rejected_rows": rejected},
                                  files, lambda some: with_file_texts(paths, some, log.warning), SPECS, expected)
    except (DeltaMismatch, duckdb.Error) as error:  # e.g. DuckDB's memory cap: a full build stays under it
        log.warning(f"publishing as a delta failed ({error}); the warehouse is built whole instead")
        del refused[1:]
        return None
    changed = {t: (len(d.gone_files), len(d.new_parts)) for t, d in delta.items() if d.gone_files or d.new_parts}
    log.info(f"published as a delta on a copy of the last published file (table: files whose rows left, parts "
             f"added): {changed}")
    return counts


def all_refused(refused: list[pd.DataFrame]) -> pd.DataFrame:
    """audit.rejected_rows: the first frame (core.source_files') has the columns even when
    empty; a table with nothing refused adds nothing."""
    return pd.concat([refused[0], *(r for r in refused[1:] if len(r))], ignore_index=True)


def run_row(run_id: str, started_at: datetime, status: pd.Series, counts: dict[str, int],
            rejected: int, raw_dir: Path) -> pd.DataFrame:
    """`status`: core.source_files.status of this run."""
    return pd.DataFrame([dict(
        run_id=run_id, started_at=started_at, finished_at=datetime.now(timezone.utc).replace(tzinfo=None),
        files_seen=len(status), files_loaded=int((status == "loaded").sum()),
        files_quarantined=int((status == "quarantined").sum()),
        files_duplicate=int(status.str.startswith("duplicate_of").sum()), rows_rejected=rejected,
        rows_per_table=json.dumps(counts, sort_keys=True), raw_dir=str(raw_dir), pipeline_version=PIPELINE_VERSION)])


@dg.asset(
    key=["warehouse"],
    group_name="publish",
    description="The published DuckDB file: all validated tables and the audit trail, built in a working "
                "file and swapped in by atomic rename so readers never see a half-written state.",
    kinds={"duckdb"},
    ins={table.replace(".", "__"): dg.AssetIn(key=table.split(".")) for table in PUBLISHED},
)
def warehouse(context: dg.AssetExecutionContext, paths: WarehousePaths,
              **inputs: Parted | Validated) -> dg.MaterializeResult:
    run_id = context.run.run_id
    stats = context.instance.get_run_stats(run_id)
    started_at = datetime.fromtimestamp(stats.start_time or time.time(), timezone.utc).replace(tzinfo=None)
    folder = paths.warehouse_path
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise dg.Failure(f"cannot create the warehouse folder {folder}: {error.strerror or error}") from error
    if not os.access(folder, os.W_OK):
        raise dg.Failure(f"the warehouse folder {folder} is not writable; the published file was left as it was")
    # pointers to tables written in parts (and core.source_files without its texts): small
    produced = {name.replace("__", "."): value for name, value in inputs.items()}
    key = step_key("assets.publish.warehouse", {**inputs, "paths": paths})
    refused: list[pd.DataFrame] = [produced["core.source_files"].rejected]
    status = produced["core.source_files"].table["status"]

    def reader(table: str) -> Callable[[], Iterable[Part]]:
        def read() -> Iterable[Part]:
            if table == "core.source_files":
                return source_files_with_text(paths, produced[table].table, context.log.warning)
            if table not in produced:
                return [empty_table(table)]
            refused.append(produced[table].rejected())
            return [produced[table].part_file(k) for k in range(produced[table].n_parts)]
        return read

    core: dict[str, Callable[[], Iterable[Part]]] = {t: reader(t) for t in TABLES if t.startswith("core.")}
    core["audit.rejected_rows"] = lambda: all_refused(refused)
    with publish_lock(folder):
        remove_stale_builds(folder)
        built = folder / f".build-{run_id}.duckdb"
        unchanged = built_from(paths.published_file, key)
        try:
            published_by = "copy"
            if unchanged:  # the same tables as published: a copy, plus this run's row in audit.runs
                counts = copy_of_published(paths, built)
                refused.extend(produced[t].rejected() for t in PUBLISHED if isinstance(produced[t], Parted))
                context.log.info("every table is as published by the last run: this run adds its audit.runs row "
                                 "to a copy of the published file")
            else:
                counts = None
                delta = delta_of(published_contents(paths.published_file), produced) \
                    if paths.published_file.exists() else None
                if delta is not None and worth_a_delta(delta, produced):
                    counts = published_delta(paths, built, produced, delta, refused, context.log)
                    published_by = "delta"
                if counts is None:
                    published_by = "full build"
                    counts = write_warehouse(built, {**core, "audit.runs": previous_runs(paths.published_file),
                                                     "audit.quality": previous_runs(paths.published_file,
                                                                                    "audit.quality")})
            crash_point("publish-build")
            counts["audit.runs"] += 1
            rejected = all_refused(refused)
            this_run = run_row(run_id, started_at, status, counts, len(rejected), paths.raw_path)
            with duckdb.connect(str(built)) as con:
                con.execute("BEGIN TRANSACTION")
                insert_frame(con, "audit.runs", this_run)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            crash_point("publish-rename")
            replace_atomically(built, paths.published_file, key, contents_of(produced))
            shutil.rmtree(f"{built}.tmp", ignore_errors=True)
        except (OSError, duckdb.Error) as error:  # a full disk surfaces as either, depending on who writes
            built.unlink(missing_ok=True)
            Path(f"{built}.wal").unlink(missing_ok=True)
            shutil.rmtree(f"{built}.tmp", ignore_errors=True)
            reason = getattr(error, "strerror", None) or str(error)
            raise dg.Failure(f"publishing failed ({reason}); "
                             f"the previously published {paths.published_file} is unchanged") from error
    size = paths.published_file.stat().st_size
    context.log.info(f"published {paths.published_file} ({size:,} bytes): {counts}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(paths.published_file)),
        "size_bytes": size,
        "rows_per_table": dg.MetadataValue.json(counts),
        "rows_rejected": len(rejected),
        "tables_rebuilt": not unchanged,
        "published_by": published_by,
        "rejected_by_table": dg.MetadataValue.json(rejected["table_name"].value_counts().to_dict()),
    })

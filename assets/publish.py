"""Publish: write every validated table into a fresh working DuckDB file, one transaction
per table, then atomically rename it over the published `warehouse.duckdb`.

Analysts open the published file read-only at any moment. Because the run never opens
that file for writing, a reader never blocks a run, and because the new state arrives by
rename, a reader sees either the old complete state or the new complete state.
"""

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from assets.comments import comment_views
from assets.extraction import open_store, with_texts
from assets.faults import crash_point
from assets.memory import release_freed_memory
from assets.parts import Parted, file_batches, work_root
from assets.validation import Validated
from assets.resources import WarehousePaths
from assets.schemas import TABLES, columns_of, table_description
from assets.search import build_sentence_search
from textmine import PIPELINE_VERSION

LOCK_WAIT_SECONDS = 600

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


class PublishLocked(RuntimeError):
    """Another run is publishing into the same warehouse folder."""


@contextmanager
def publish_lock(folder: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """One publisher per warehouse folder; a second run waits, then refuses clearly."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".publish.lock", "w") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PublishLocked(f"another run is publishing into {folder}; waited {wait_seconds:.0f}s") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """A SQL string literal for our own descriptions (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty tables of the contract with their comments, from the Pandera models."""
    for schema in sorted({t.split(".")[0] for t in TABLES} | {"marts"}):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for table, model in TABLES.items():
        cols = columns_of(model)
        con.execute(f"CREATE TABLE {table} ({', '.join(f'{_quote(n)} {t}' for n, t, _ in cols)})")
        con.execute(f"COMMENT ON TABLE {table} IS {_literal(table_description(model))}")
        for name, _, description in cols:
            con.execute(f"COMMENT ON COLUMN {table}.{_quote(name)} IS {_literal(description)}")


MARTS_SQL = Path(__file__).parent / "sql" / "marts"


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """The marts views, one SQL file each (run in file-name order), written in SQL so that
    analysts can read exactly how each view is defined."""
    for sql_file in sorted(MARTS_SQL.glob("*.sql")):
        con.execute(sql_file.read_text(encoding="utf-8"))


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Insert a DataFrame into a contract table, casting each column to its SQL type."""
    cols = columns_of(TABLES[table])
    con.register("incoming", df[[name for name, _, _ in cols]])
    select = ", ".join(f"CAST(incoming.{_quote(n)} AS {t})" for n, t, _ in cols)
    con.execute(f"INSERT INTO {table} SELECT {select} FROM incoming")
    con.unregister("incoming")


# DuckDB's own memory (buffers, the full-text index build) stays under this; past it,
# DuckDB spills to a temporary folder beside the working file instead of growing. The
# full-text index is built on one thread without insertion order, which DuckDB needs for
# it to stay near the cap (10,000 files, on its own: +150 MB, against +330 MB on two threads).
DUCKDB_MEMORY_LIMIT = os.environ.get("WAREHOUSE_DUCKDB_MEMORY", "64MB")

Frames = pd.DataFrame | Callable[[], pd.DataFrame | Iterable[pd.DataFrame]]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, checkpoint: bool = True) -> Iterator[None]:
    """Commit (and checkpoint) what the block wrote, or roll it back."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    if checkpoint:
        con.execute("CHECKPOINT")


def write_warehouse(target: Path, tables: Mapping[str, Frames]) -> dict[str, int]:
    """Build a complete warehouse at `target`; return rows per table. A table given as a
    function is read only when its turn comes, and may give its rows as an iterable of
    parts (a batch of files each), so memory holds one part at a time.

    Each part is its own transaction, and each table is checkpointed: DuckDB keeps a transaction's
    new rows in memory until it commits (it writes ahead only whole row groups of 122,880
    rows, and 10,000 files hold only 13,000 articles, 160 MB of text), so one transaction
    around a table made memory grow with the corpus: 10,000 files peaked at 640 MB in
    publish, and at 330 MB with a commit per part. Nobody else opens `target`, and it
    becomes the warehouse only by rename once complete, so readers still see all of a run
    or none of it."""
    if target.exists():
        target.unlink()
    con = duckdb.connect(str(target), config={"memory_limit": DUCKDB_MEMORY_LIMIT,
                                              "temp_directory": f"{target}.tmp"})
    try:
        with transaction(con):
            create_tables(con)
        for table, df in tables.items():
            rows = df() if callable(df) else df
            for part in ([rows] if isinstance(rows, pd.DataFrame) else rows):
                with transaction(con, checkpoint=False):  # DuckDB checkpoints as its log grows
                    insert_frame(con, table, part)
                del part
            del rows
            con.execute("CHECKPOINT")
            release_freed_memory()
        with transaction(con):
            create_views(con)
            comment_views(con)
        con.execute("SET threads = 1")
        con.execute("SET preserve_insertion_order = false")
        with transaction(con):
            build_sentence_search(con)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
    return counts


def replace_atomically(built: Path, published: Path) -> None:
    """Make `built` the published file in one step, durable across a crash."""
    with open(built, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(built, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


STALE_PARTS_SECONDS = 6 * 3600  # a step writing parts for longer than this was killed


def remove_stale_builds(folder: Path) -> None:
    """Working files left by runs that were killed before publishing, and half-written
    parts of steps that were killed (old enough that no running step still writes them)."""
    for stale in folder.glob(".build-*.duckdb*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    for stale in [*work_root(folder).glob("*.tmp-*"), *work_root(folder).glob("*.old-*")]:
        if time.time() - stale.stat().st_mtime > STALE_PARTS_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)


def source_files_with_text(paths: WarehousePaths, files: pd.DataFrame,
                           log: Callable[[str], None]) -> Iterator[pd.DataFrame]:
    """core.source_files with the decoded text of each loaded file, read back from the
    extraction store a batch of files at a time."""
    store = open_store(paths.warehouse_path, log)
    try:
        yield files[files["status"] != "loaded"].assign(content=None)
        for batch in file_batches(files):
            yield with_texts(store, batch)
    finally:
        store.close()


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
    refused: list[pd.DataFrame] = [produced["core.source_files"].rejected]
    status = produced["core.source_files"].table["status"]

    def reader(table: str) -> Callable[[], Iterable[pd.DataFrame]]:
        def read() -> Iterable[pd.DataFrame]:
            if table == "core.source_files":
                return source_files_with_text(paths, produced[table].table, context.log.warning)
            if table not in produced:
                return [empty_table(table)]
            refused.append(produced[table].rejected())
            return produced[table].parts()
        return read

    core: dict[str, Callable[[], Iterable[pd.DataFrame]]] = {t: reader(t) for t in TABLES if t.startswith("core.")}
    core["audit.rejected_rows"] = lambda: pd.concat(refused, ignore_index=True)
    with publish_lock(folder):
        remove_stale_builds(folder)
        built = folder / f".build-{run_id}.duckdb"
        history = previous_runs(paths.published_file)
        try:
            counts = write_warehouse(built, {**core, "audit.runs": history,
                                             "audit.quality": previous_runs(paths.published_file, "audit.quality")})
            crash_point("publish-build")
            counts["audit.runs"] += 1
            rejected = pd.concat(refused, ignore_index=True)
            this_run = run_row(run_id, started_at, status, counts, len(rejected), paths.raw_path)
            with duckdb.connect(str(built)) as con:
                con.execute("BEGIN TRANSACTION")
                insert_frame(con, "audit.runs", this_run)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            crash_point("publish-rename")
            replace_atomically(built, paths.published_file)
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
        "rejected_by_table": dg.MetadataValue.json(rejected["table_name"].value_counts().to_dict()),
    })

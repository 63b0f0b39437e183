"""The writer of the published DuckDB file: build a complete warehouse in a working file,
one transaction per part, then rename it over the published file in one step.

Analysts open the published file read-only at any moment. Because a run never opens that
file for writing, a reader never blocks a run, and because the new state arrives by
rename, a reader sees either the old complete state or the new complete state. What the
tables are (columns, types, descriptions) is given by the caller: this module knows
DuckDB, not the models."""

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from storage.comments import MARTS_SQL, comment_views
from storage.memory import release_freed_memory
from storage.memo import read_record, write_record
from storage.parts import work_root
from storage.search import build_sentence_search, update_sentence_search

LOCK_WAIT_SECONDS = 600


@dataclass(frozen=True)
class TableSpec:
    """A published table: its description and (name, SQL type, description) per column."""

    description: str
    columns: list[tuple[str, str, str]]


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


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """A SQL string literal for our own descriptions (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def create_tables(con: duckdb.DuckDBPyConnection, specs: Mapping[str, TableSpec]) -> None:
    """Empty tables of the contract with their comments."""
    for schema in sorted({t.split(".")[0] for t in specs} | {"marts"}):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for table, spec in specs.items():
        cols = spec.columns
        con.execute(f"CREATE TABLE {table} ({', '.join(f'{_quote(n)} {t}' for n, t, _ in cols)})")
        con.execute(f"COMMENT ON TABLE {table} IS {_literal(spec.description)}")
        for name, _, description in cols:
            con.execute(f"COMMENT ON COLUMN {table}.{_quote(name)} IS {_literal(description)}")


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """The marts views, one SQL file each (run in file-name order), written in SQL so that
    analysts can read exactly how each view is defined."""
    for sql_file in sorted(MARTS_SQL.glob("*.sql")):
        con.execute(sql_file.read_text(encoding="utf-8"))


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame | pa.Table, spec: TableSpec) -> None:
    """Insert a DataFrame (or an Arrow table) into a contract table, casting each column to its SQL type."""
    cols = spec.columns
    names = [name for name, _, _ in cols]
    con.register("incoming", df.select(names) if isinstance(df, pa.Table) else df[names])
    select = ", ".join(f"CAST(incoming.{_quote(n)} AS {t})" for n, t, _ in cols)
    con.execute(f"INSERT INTO {table} SELECT {select} FROM incoming")
    con.unregister("incoming")


def insert_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path, spec: TableSpec) -> None:
    """Insert a Parquet file's rows into a contract table, straight from `read_parquet`."""
    select = ", ".join(f"CAST({_quote(n)} AS {t})" for n, t, _ in spec.columns)
    con.execute(f"INSERT INTO {table} SELECT {select} FROM read_parquet(?)", [str(path)])


# DuckDB's own memory (buffers, the full-text index build) stays under this; past it,
# DuckDB spills to a temporary folder beside the working file instead of growing. The
# full-text index is built on one thread without insertion order, which DuckDB needs for
# it to stay near the cap (10,000 files, on its own: +150 MB, against +330 MB on two threads).
DUCKDB_MEMORY_LIMIT = os.environ.get("WAREHOUSE_DUCKDB_MEMORY", "64MB")



def open_read_only(published: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a published file for a step of the run (charts), with
    DuckDB's memory capped like publish's: DuckDB keeps the blocks a query read in its
    buffer pool, up to 80 % of the machine by default, so an uncapped scan of core.mentions
    stays in the run's resident memory until the process ends."""
    return duckdb.connect(str(published), read_only=True, config={"memory_limit": DUCKDB_MEMORY_LIMIT})


Part = pd.DataFrame | pa.Table | Path  # rows in memory (pandas or Arrow), or a Parquet file of them
Frames = pd.DataFrame | Callable[[], pd.DataFrame | Iterable[Part]]


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


def write_warehouse(target: Path, tables: Mapping[str, Frames], specs: Mapping[str, TableSpec]) -> dict[str, int]:
    """Build a complete warehouse at `target`; return rows per table. A table given as a
    function is read only when its turn comes, and may give its rows as an iterable of
    parts (a batch of files each; a DataFrame, or a Parquet file DuckDB reads itself), so
    memory holds one part at a time.

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
            create_tables(con, specs)
        for table, df in tables.items():
            rows = df() if callable(df) else df
            for part in ([rows] if isinstance(rows, (pd.DataFrame, pa.Table)) else rows):
                with transaction(con, checkpoint=False):  # DuckDB checkpoints as its log grows
                    if isinstance(part, Path):
                        insert_parquet(con, table, part, specs[table])
                    else:
                        insert_frame(con, table, part, specs[table])
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
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in specs}
    finally:
        con.close()
    return counts


@dataclass(frozen=True)
class TableDelta:
    """What changed in a table whose rows belong to files (keyed by doc_id): the rows of
    the articles of `gone_files` (content hashes of files as last published) leave, and
    the rows of the Parquet files `new_parts` come in."""

    gone_files: list[str]
    new_parts: list[Path]


class DeltaMismatch(RuntimeError):
    """A delta applied to a copy of the published file did not give the rows expected:
    the caller builds the warehouse whole instead."""


def update_warehouse(published: Path, target: Path, per_file: Mapping[str, TableDelta],
                     replaced: Mapping[str, Frames], files: pd.DataFrame,
                     with_content: Callable[[pd.DataFrame], pd.DataFrame], specs: Mapping[str, TableSpec],
                     expected: Mapping[str, int], documents: str = "core.documents",
                     source_files: str = "core.source_files", sentences: str = "core.sentences") -> dict[str, int]:
    """A copy of `published` brought to the state a full build would give: per-file tables
    changed by their deltas (articles of gone files out, new parts in), tables of
    `replaced` written again whole, rows of `source_files` whose fields changed replaced
    (`files`: its rows without their text, `with_content` adds the text of some), the
    search index rebuilt. Raises DeltaMismatch when a table's rows are not `expected`.

    What a run after one changed file costs is then what changed, plus copying the file
    and indexing the sentences again, instead of writing every row of the corpus."""
    if target.exists():
        target.unlink()
    shutil.copyfile(published, target)
    con = duckdb.connect(str(target), config={"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": f"{target}.tmp"})
    try:
        con.execute("SET preserve_insertion_order = false")
        # one transaction per table (nobody else sees this file until it is renamed into
        # place): DuckDB holds a transaction's deletions in memory until it commits
        ordered = sorted(per_file, key=lambda t: t == documents)  # the articles last: they say whose rows go
        for table in ordered:
            delta = per_file[table]
            with transaction(con, checkpoint=False):
                con.execute("CREATE OR REPLACE TEMP TABLE gone_files (sha256 VARCHAR)")
                if delta.gone_files:
                    con.executemany("INSERT INTO gone_files VALUES (?)", [[sha] for sha in delta.gone_files])
                con.execute(f"CREATE OR REPLACE TEMP TABLE gone_docs AS SELECT DISTINCT d.doc_id FROM {documents} d "
                            f"JOIN {source_files} f ON d.file_id = f.file_id AND f.status = 'loaded' "
                            "WHERE f.sha256 IN (SELECT sha256 FROM gone_files)")
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM gone_docs)")
                if table == sentences:
                    con.execute("CREATE OR REPLACE TEMP TABLE gone_sentence_docs AS SELECT doc_id FROM gone_docs")
            for part in delta.new_parts:
                with transaction(con, checkpoint=False):
                    insert_parquet(con, table, part, specs[table])
        for table, frames in replaced.items():
            with transaction(con, checkpoint=False):
                con.execute(f"DELETE FROM {table}")
            rows = frames() if callable(frames) else frames
            for part in ([rows] if isinstance(rows, (pd.DataFrame, pa.Table)) else rows):
                with transaction(con, checkpoint=False):
                    if isinstance(part, Path):
                        insert_parquet(con, table, part, specs[table])
                    else:
                        insert_frame(con, table, part, specs[table])
        with transaction(con):
            _replace_changed_files(con, source_files, files, with_content, specs[source_files])
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in specs}
        wrong = {t: (counts[t], n) for t, n in expected.items() if counts[t] != n}
        if wrong:
            raise DeltaMismatch(f"rows after the delta differ from the tables' (table: found, expected): {wrong}")
        con.execute("SET threads = 1")
        con.execute("SET preserve_insertion_order = false")
        with transaction(con):
            new_sentences = [p for p in per_file[sentences].new_parts] if sentences in per_file else []
            select = " UNION ALL ".join(f"SELECT doc_id, sentence_no, text FROM read_parquet('{p}')"
                                        for p in new_sentences) or \
                "SELECT doc_id, sentence_no, text FROM core.sentences WHERE false"
            if sentences not in per_file:
                con.execute("CREATE OR REPLACE TEMP TABLE gone_sentence_docs (doc_id VARCHAR)")
            update_sentence_search(con, "gone_sentence_docs", f"({select})")
    finally:
        con.close()
    return counts


def _replace_changed_files(con: duckdb.DuckDBPyConnection, table: str, files: pd.DataFrame,
                           with_content: Callable[[pd.DataFrame], pd.DataFrame], spec: TableSpec) -> None:
    """Rows of `table` (core.source_files) whose fields other than the text differ from
    `files` are replaced, rows of files no longer there removed."""
    columns = [(n, t) for n, t, _ in spec.columns if n != "content"]
    listed = ", ".join(_quote(n) for n, _ in columns)
    con.register("incoming_files", files[[n for n, _ in columns]])
    con.execute("CREATE OR REPLACE TEMP TABLE files_now AS SELECT "
                + ", ".join(f"CAST(incoming_files.{_quote(n)} AS {t}) AS {_quote(n)}" for n, t in columns)
                + " FROM incoming_files")
    con.unregister("incoming_files")
    con.execute(f"DELETE FROM {table} WHERE file_id IN (SELECT file_id FROM "
                f"(SELECT {listed} FROM {table} EXCEPT SELECT {listed} FROM files_now))")
    new_ids = {i for (i,) in con.execute(f"SELECT file_id FROM (SELECT {listed} FROM files_now "
                                         f"EXCEPT SELECT {listed} FROM {table})").fetchall()}
    if new_ids:
        insert_frame(con, table, with_content(files[files["file_id"].isin(new_ids)]), spec)


PUBLISHED_RECORD = "published.json"  # under .work/: the key of the inputs the published file was built from
_CARRY = "carry"


def _record_file(published: Path) -> Path:
    return work_root(published.parent) / PUBLISHED_RECORD


def _file_state(path: Path) -> list[int]:
    """What tells this published file from any other put in its place (inode, size, time)."""
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def published_tables_key(published: Path) -> str | None:
    """The key of the inputs the published file's tables were built from, as its record
    gives it for the file as it is now (None when there is no record, or the file was
    replaced by something the record does not describe): steps that only read the
    published tables (charts) can be keyed on it."""
    try:
        record = json.loads(_record_file(published).read_text(encoding="utf-8"))
        return record["key"] if record.get("file") == _file_state(published) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def built_from(published: Path, key: str | None) -> bool:
    """Whether the published file is the one a publish built from inputs of `key` (and no
    one has put another file in its place since): then its tables need not be rebuilt."""
    return key is not None and published.exists() and read_record(_record_file(published), key) is not None \
        and published_tables_key(published) == key


def published_contents(published: Path) -> dict | None:
    """What the publish that built the published file recorded of its tables part by part
    (publish.delta_of reads it), while the file is the one the record describes."""
    try:
        record = json.loads(_record_file(published).read_text(encoding="utf-8"))
        return record.get("contents") if record.get("file") == _file_state(published) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def replace_atomically(built: Path, published: Path, key: str | None = _CARRY, contents: dict | None = None) -> None:
    """Make `built` the published file in one step, durable across a crash, and record
    the key of the inputs its tables were built from: `key` (publish), or, by default,
    the key of the file it replaces (a copy with rows added to audit tables only, as
    the quality step writes)."""
    carried = published_tables_key(published) if key == _CARRY and published.exists() else (None if key == _CARRY else key)
    if key == _CARRY and contents is None and published.exists():
        contents = published_contents(published)
    _record_file(published).unlink(missing_ok=True)  # a crash from here on costs one full rebuild, never a wrong reuse
    with open(built, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(built, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    if carried is not None:
        write_record(_record_file(published), {"key": carried, "file": _file_state(published), "contents": contents})


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



"""A persistent store of per-file extraction rows, keyed by the file's content hash, one
store per extraction version. A file already extracted by the same code is never
extracted again; new code (another version) starts an empty store, so every file is
reprocessed. SQLite (standard library) gives atomic writes, so a killed run leaves no torn
rows, and two processes (buckets on the multiprocess executor, two runs) may share it."""

import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

Rows = tuple[list[str], dict[str, str], list[tuple]]  # columns, dtypes, rows


def pack(df: pd.DataFrame) -> Rows:
    """Plain Python rows (no numpy scalars) and the dtypes to restore them with."""
    columns = list(df.columns)
    values = [df[c].tolist() for c in columns]
    return columns, {c: str(df[c].dtype) for c in columns}, list(zip(*values)) if columns else []


def unpack(parts: list[Rows], columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    """One DataFrame from many files' rows, with the dtypes the extraction gave them."""
    rows = [row for _cols, _dtypes, file_rows in parts for row in file_rows]
    df = pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(
        {c: pd.Series(dtype="object") for c in columns})
    for column, dtype in dtypes.items():
        if dtype.startswith("datetime64"):
            df[column] = pd.to_datetime(df[column])
        elif dtype != "object" and (len(df) == 0 or dtype == "Int64" or not df[column].isna().any()):
            df[column] = df[column].astype(dtype)
    return df


class ExtractionStore:
    """(sha256, table name) -> that file's rows of the table. A file counts as extracted
    once all its tables are written, in the same transaction as its marker row."""

    def __init__(self, path: Path | None):
        """`path` None keeps the store in memory (when the cache folder cannot be written)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.in_memory = path is None
        # autocommit, with explicit write transactions: an implicit transaction left open by a
        # read would make a later write fail at once ("database is locked") when another
        # process (a bucket on another core) wrote in between
        self._con = sqlite3.connect(":memory:" if path is None else str(path), timeout=300, isolation_level=None)
        self._con.execute("pragma journal_mode=wal")
        self._con.execute("create table if not exists files (sha256 text primary key)")
        self._con.execute("create table if not exists rows (sha256 text, name text, payload blob, "
                          "primary key (sha256, name))")
        self._con.execute("create table if not exists shapes (name text primary key, columns blob)")
        self._con.execute("create table if not exists texts (sha256 text primary key, payload blob)")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction that takes the lock first (waiting for other writers)."""
        self._con.execute("begin immediate")
        try:
            yield
        except BaseException:
            self._con.execute("rollback")
            raise
        self._con.execute("commit")

    def _wanted(self, shas: Iterable[str]) -> None:
        """The files a query is about, in a temporary table (no write lock on the store)."""
        self._con.execute("create temp table if not exists wanted (sha256 text primary key)")
        self._con.execute("begin")
        self._con.execute("delete from wanted")
        self._con.executemany("insert or ignore into wanted values (?)", ((s,) for s in shas))
        self._con.execute("commit")

    def missing(self, shas: Iterable[str]) -> set[str]:
        self._wanted(shas)
        return {s for (s,) in self._con.execute(
            "select w.sha256 from wanted w left join files f using (sha256) where f.sha256 is null")}

    def save(self, tables: dict[str, pd.DataFrame], shas: Iterable[str]) -> None:
        """Write every table's rows of the files `shas` (column `_sha256` says whose), in one
        transaction; a file with no rows in a table gets an empty entry."""
        shas = list(shas)
        with self._writing():
            for name, df in tables.items():
                shape = pack(df.iloc[:0].drop(columns=["_sha256"]))
                # an empty batch has no dtypes worth keeping (all object): it never replaces real ones
                self._con.execute(f"insert or {'replace' if len(df) else 'ignore'} into shapes values (?, ?)",
                                  (name, pickle.dumps(shape[:2])))
                groups = dict(tuple(df.groupby("_sha256", sort=False))) if len(df) else {}
                for sha in shas:
                    part = groups.get(sha)
                    rows = pack(part.drop(columns=["_sha256"]))[2] if part is not None else []
                    self._con.execute("insert or replace into rows values (?, ?, ?)",
                                      (sha, name, zlib.compress(pickle.dumps(rows, protocol=5), 1)))
            self._con.executemany("insert or replace into files values (?)", ((s,) for s in shas))

    def load(self, name: str, shas: Iterable[str]) -> pd.DataFrame | None:
        """Rows of table `name` of the files `shas`, in the order of `shas`, with `_sha256`;
        None when the store has never held that table (no file was ever extracted)."""
        shas = list(shas)
        shape = self._con.execute("select columns from shapes where name = ?", (name,)).fetchone()
        if shape is None:
            return None
        columns, dtypes = pickle.loads(shape[0])
        self._wanted(shas)
        payload = dict(self._con.execute(
            # CROSS JOIN keeps SQLite from scanning every row of the store: look up each wanted file
            "select r.sha256, r.payload from wanted w cross join rows r on r.sha256 = w.sha256 and r.name = ?",
            (name,)))
        parts, owners = [], []
        for sha in shas:
            if sha in payload:
                rows = pickle.loads(zlib.decompress(payload[sha]))
                parts.append((columns, dtypes, rows))
                owners.extend([sha] * len(rows))
        df = unpack(parts, columns, dtypes)
        df["_sha256"] = owners
        return df

    def missing_texts(self, shas: Iterable[str]) -> set[str]:
        self._wanted(shas)
        return {s for (s,) in self._con.execute(
            "select w.sha256 from wanted w left join texts t using (sha256) where t.sha256 is null")}

    def text_shas(self) -> set[str]:
        return {s for (s,) in self._con.execute("select sha256 from texts")}

    def save_texts(self, texts: dict[str, str]) -> None:
        """Decoded texts by content hash: the run keeps them here, not in memory, and every
        step that needs a file's characters (extraction, offset checks, publish) reads
        them back a batch at a time."""
        with self._writing():
            self._con.executemany("insert or replace into texts values (?, ?)",
                                  ((sha, zlib.compress(text.encode("utf-8", "surrogatepass"), 1)) for sha, text in texts.items()))

    def texts(self, shas: Iterable[str]) -> dict[str, str]:
        self._wanted(shas)
        return {sha: zlib.decompress(payload).decode("utf-8", "surrogatepass") for sha, payload in self._con.execute(
            "select t.sha256, t.payload from wanted w cross join texts t on t.sha256 = w.sha256")}

    def keep_only(self, shas: Iterable[str]) -> int:
        """Forget files not in `shas` (removed from the raw folder); returns how many."""
        self._wanted(shas)
        with self._writing():
            gone = self._con.execute("delete from files where sha256 not in (select sha256 from wanted)").rowcount
            self._con.execute("delete from rows where sha256 not in (select sha256 from wanted)")
            self._con.execute("delete from texts where sha256 not in (select sha256 from wanted)")
        return gone

    def close(self) -> None:
        """Close the file; a store in memory lives on for the rest of the run."""
        if not self.in_memory:
            self._con.close()

"""What ingest learnt about each raw file last time, so that an unchanged file costs a stat.

For every file it read, ingest notes the file's identity on disk (size, modification and
change times in nanoseconds, inode) beside what reading it gave (hash, size, encoding,
status, characters). The next run stats each file; when the identity is the same, the
file is not read or hashed again. Anything that rewrites a file changes its change time
(ctime, which no user tool can set back), and a rename gives a new path, which has no
entry.

Like git's index, an entry is trusted only if the file had not been modified in the
last RACY_NANOSECONDS before it was read: a file written again within the same tick of
the file system's clock could keep its times and size, and is read again next run.

The manifest is one Parquet file beside the extraction store, written once per run under
a temporary name and renamed into place; it is only a cache (delete it and the next run
reads every file)."""

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from storage.parquet_files import read_frame, write_once

MANIFEST_FILE = "manifest.parquet"
RACY_NANOSECONDS = 2_000_000_000
IDENTITY = ["size", "mtime_ns", "ctime_ns", "inode"]
READ = ["sha256", "n_bytes", "n_chars", "encoding", "status", "status_reason"]  # what reading the file gave
COLUMNS = ["path", *IDENTITY, "checked_ns", *READ]


@dataclass(frozen=True)
class Seen:
    """A file's identity on disk when it was stat'ed, and when."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    checked_ns: int

    @classmethod
    def of(cls, path: Path) -> "Seen":
        checked = time.time_ns()
        stat = os.stat(path)
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, checked)

    def identity(self) -> tuple[int, int, int, int]:
        return self.size, self.mtime_ns, self.ctime_ns, self.inode


class Manifest:
    """The last run's entries (read on opening) and this run's (written by `save`)."""

    def __init__(self, folder: Path):
        self.file = folder / MANIFEST_FILE
        self.previous: dict[str, dict] = {}
        self.current: list[dict] = []
        try:
            table = read_frame(self.file)
            if list(table.columns) == COLUMNS:
                self.previous = {row["path"]: row for row in table.to_dict("records")}
        except (OSError, ValueError, ImportError, Exception):  # missing or torn: every file is read again
            self.previous = {}

    def lookup(self, path: str, seen: Seen) -> dict | None:
        """What reading `path` gave last time, if the file is provably the same."""
        entry = self.previous.get(path)
        if entry is None or tuple(int(entry[c]) for c in IDENTITY) != seen.identity():
            return None
        if entry["mtime_ns"] >= entry["checked_ns"] - RACY_NANOSECONDS:
            return None  # modified too shortly before it was read: read it again
        return {c: (None if pd.isna(entry[c]) else entry[c]) for c in READ}

    def note(self, path: str, seen: Seen, read: dict) -> None:
        """Keep what reading `path` gave (only for files that were read whole)."""
        self.current.append({"path": path, **dict(zip(IDENTITY, seen.identity())), "checked_ns": seen.checked_ns,
                             **{c: read.get(c) for c in READ}})

    def save(self) -> None:
        table = pd.DataFrame(self.current, columns=COLUMNS)
        for column in [*IDENTITY, "checked_ns", "n_bytes", "n_chars"]:
            table[column] = table[column].astype("Int64")
        try:
            write_once(table, self.file)
        except OSError:
            pass  # a cache: the next run reads every file again

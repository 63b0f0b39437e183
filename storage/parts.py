"""Tables that pass between assets as parts on disk, one part per batch of files.

A core table of a large corpus (a million sentences, more mentions) does not fit the rule
"memory stays flat as the corpus grows" if a step holds it whole. So every per-file table
is written by its asset as one Parquet file per batch of loaded files (`file_batches`), and the
next asset reads part k of each input together: the batches are the same for every table
of a run, so part k of core.documents, core.sentences and core.mentions hold the same
files. What passes through the IO manager is only the `Parted` pointer.

The parts live under `$WAREHOUSE_DIR/.work/<table>/part-NNNNN.parquet`; every file is
written once and never changed: a materialisation writes a new folder and swaps it in, so a
failed step leaves the previous parts as they were, and publish reads the files straight
into DuckDB (`read_parquet`)."""

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from storage.memo import RECORD, read_record, write_record
from storage.parquet_files import read_frame, write_once

# Characters of decoded text per part: what one step holds at a time (about 300 files of
# a news corpus). Measured in text, not files: ten thousand one-line notes are one batch,
# and every batch costs a validation and a read of the store whatever its size.
BATCH_CHARS = int(os.environ.get("WAREHOUSE_BATCH_CHARS", "5000000"))


def file_batches(source_files: pd.DataFrame, batch_chars: int | None = None) -> list[pd.DataFrame]:
    """The loaded files in core.source_files order, cut into batches of about `batch_chars`
    characters (default BATCH_CHARS): the batches every per-file table of the run is split by.

    Where a batch ends is decided by the files themselves (content-defined, as backup tools
    cut chunks): after a file whose content hash falls under a threshold proportional to its
    length, once the batch holds a quarter of `batch_chars`, and at the latest past one and
    a half times it. A file added, changed or removed then changes its own batch and, rarely, the next:
    the batches after it keep their files, so their parts are reused (PartsWriter.reuse)
    instead of every later boundary shifting by one file."""
    loaded = source_files[source_files["status"] == "loaded"]
    if loaded.empty:
        return []
    limit = batch_chars or BATCH_CHARS
    sizes = loaded["n_chars"].astype("int64").tolist()
    # past a quarter of the limit, a file ends its batch with probability n_chars / (3/4 of
    # the limit): batches of about `limit` characters, never more than 1.5 times it
    draws = [int(sha[:13], 16) / 16 ** 13 for sha in loaded["sha256"]]
    batches, start, held = [], 0, 0
    for i, (size, draw) in enumerate(zip(sizes, draws)):
        held += size
        if 2 * held >= 3 * limit or (4 * held >= limit and 3 * draw * limit < 4 * size):
            batches.append(loaded.iloc[start:i + 1])
            start, held = i + 1, 0
    if start < len(loaded):
        batches.append(loaded.iloc[start:])
    return batches


def batch_key(batch: pd.DataFrame) -> tuple[str, ...]:
    return tuple(batch["sha256"])


class Checked(Protocol):
    """A validated table (assets.validation.Validated): the rows kept and the audit rows of
    those refused."""

    table: pd.DataFrame
    rejected: pd.DataFrame

    @property
    def n_rejected(self) -> int: ...


class WorkFolderError(RuntimeError):
    """The warehouse folder cannot hold the run's parts (not writable, not a folder)."""


class PartsMismatch(RuntimeError):
    """A table's parts were written for other files than the run's batches."""


@dataclass(frozen=True)
class Parted:
    """Pointer to a table written as parts: where, how many rows, and which files each part
    holds (None for a corpus-wide table such as core.entities, written as one part).
    `key` names what the table was built from (storage.memo), when a record says so: a
    step whose inputs carry the same keys as last time is given the same table back."""

    name: str
    folder: str
    n_parts: int
    n_rows: int
    n_rejected: int
    batches: tuple[tuple[str, ...], ...] | None = None
    key: str | None = None
    origin: str | None = None  # which writer filled the folder (see ORIGIN)
    part_keys: tuple[str | None, ...] | None = None  # what each part was built from (PartsWriter.reuse)

    def part_key(self, k: int) -> str | None:
        """The key part k was built from, or None when it is not known (then nothing built
        from it is reused)."""
        return self.part_keys[k] if self.part_keys is not None and k < len(self.part_keys) else None

    def part_file(self, k: int) -> Path:
        return Path(self.folder) / f"part-{k:05d}.parquet"

    def part(self, k: int, columns: list[str] | None = None) -> pd.DataFrame:
        """Part k, or some of its columns (Parquet reads only those)."""
        return read_frame(self.part_file(k), columns=columns)

    def part_for(self, k: int, batch: pd.DataFrame) -> pd.DataFrame:
        """Part k, after making sure it holds the files of `batch` (both tables come from
        the same core.source_files; otherwise one of them is stale)."""
        if self.batches is None or k >= len(self.batches) or self.batches[k] != batch_key(batch):
            raise PartsMismatch(f"{self.name} was written for other files than this run's core.source_files: "
                                "materialise it again together with its upstream assets")
        return self.part(k)

    def parts(self, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
        for k in range(self.n_parts):
            yield self.part(k, columns)

    def read(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The whole table (or some of its columns): only for tables that stay small as the
        corpus grows (entities), for tests, and for checks on a few columns."""
        frames = list(self.parts(columns))
        return pd.concat(frames, ignore_index=True) if frames else self.empty(columns)

    def columns(self, columns: list[str]) -> pa.Table:
        """Some columns of every part, as one Arrow table: what a check over the whole table
        reads (ids, a few hundred thousand rows), without a pandas frame per part. Parts
        whose column is all empty (Arrow type null) take the type of the others."""
        tables = [pq.read_table(self.part_file(k), columns=columns) for k in range(self.n_parts)]
        if not tables:
            return pa.Table.from_pandas(self.empty(columns), preserve_index=False)
        return pa.concat_tables(tables, promote_options="default")

    def ids(self, column: str) -> pa.Array:
        """The distinct values of one column (doc_id, entity_id): what orphan checks compare."""
        return pc.unique(self.columns([column]).column(column))

    def empty(self, columns: list[str] | None = None) -> pd.DataFrame:
        shape = read_frame(Path(self.folder) / "shape.parquet")
        return shape if columns is None else shape[columns]

    def rejected(self) -> pd.DataFrame:
        return read_frame(Path(self.folder) / "rejected.parquet")


def n_outside(values: pa.ChunkedArray | pa.Array, known: pa.Array) -> int:
    """How many of `values` (an id column; a list column counts each id it holds) are set
    but not among `known`: the orphans of an orphan check."""
    if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
        values = pc.list_flatten(values)
    if pa.types.is_null(values.type):  # no id set in any part
        return 0
    known = known.cast(values.type)  # an empty table's ids are typed null
    outside = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known)))
    return int(pc.sum(pc.cast(outside, pa.int64())).as_py() or 0)


class PartsWriter:
    """Writes a table's parts into a fresh folder; `finish` swaps it in place of the last
    materialisation's parts and returns the pointer."""

    def __init__(self, root: Path, name: str, columns: list[str], per_file: bool = True):
        self.root, self.name, self.columns, self.per_file = root, name, columns, per_file
        self.folder = root / f"{name}.tmp-{uuid.uuid4().hex[:8]}"
        try:
            self.folder.mkdir(parents=True)
        except OSError as error:
            raise WorkFolderError(f"cannot create the warehouse folder's working area {root} "
                                  f"({error.strerror or error}); the published warehouse was left as it was") from error
        self.n_parts = self.n_rows = 0
        self.batches: list[tuple[str, ...]] = []
        self.keys: list[str | None] = []
        self._rejected: list[pd.DataFrame] = []
        self.first: pd.DataFrame | None = None  # for the preview in the asset's metadata
        self.n_reused = 0
        self._previous = _previous_parts(root / name)

    def write(self, validated: Checked, batch: pd.DataFrame | None = None, key: str | None = None) -> pd.DataFrame:
        """Write part n of the table (the rows `validated` kept); `key` names what it was
        built from, so that a later run whose part has the same key links this file."""
        table = validated.table
        part = self.folder / f"part-{self.n_parts:05d}.parquet"
        write_once(table, part)
        if validated.n_rejected:
            write_once(validated.rejected, part.with_name(f"rejected-{self.n_parts:05d}.parquet"))
        self._add(table, validated.rejected if validated.n_rejected else None, batch, key)
        return table

    def reuse(self, key: str | None, batch: pd.DataFrame | None = None,
              columns: list[str] | None = None) -> pd.DataFrame | None:
        """When the table as last materialised has a part built from `key`, make that file
        (and its refused rows) part n of this one, by a hard link (parts are never changed
        in place), and return its rows (only `columns` of them, when given: what the step
        counts for its metadata); None when there is none (the caller builds it)."""
        found = self._previous.get(key) if key is not None else None
        if found is None:
            return None
        part = self.folder / f"part-{self.n_parts:05d}.parquet"
        try:
            os.link(found, part)
            refused_file = found.with_name(found.name.replace("part-", "rejected-"))
            refused = None
            if refused_file.exists():
                os.link(refused_file, part.with_name(f"rejected-{self.n_parts:05d}.parquet"))
                refused = read_frame(refused_file)
            whole = self.first is None or self.first.empty or columns is None
            table = read_frame(part) if whole else _rows_of(part, columns)
        except OSError:  # swapped out by another run meanwhile: build it
            part.unlink(missing_ok=True)
            part.with_name(f"rejected-{self.n_parts:05d}.parquet").unlink(missing_ok=True)
            return None
        self._add(table, refused, batch, key)
        self.n_reused += 1
        return table

    def last_part(self) -> pd.DataFrame:
        """All rows of the part written or reused last."""
        return read_frame(self.folder / f"part-{self.n_parts - 1:05d}.parquet")

    def _add(self, table: pd.DataFrame, refused: pd.DataFrame | None, batch: pd.DataFrame | None,
             key: str | None) -> None:
        if self.n_parts == 0:
            write_once(table.iloc[:0], self.folder / "shape.parquet")
        if self.first is None or (self.first.empty and len(table)):
            self.first = table.head(10)
        if batch is not None:
            self.batches.append(batch_key(batch))
        if refused is not None and len(refused):
            self._rejected.append(refused)
        self.keys.append(key)
        self.n_parts += 1
        self.n_rows += len(table)

    @property
    def n_rejected(self) -> int:
        return sum(len(r) for r in self._rejected)

    def finish(self) -> Parted:
        if self.n_parts == 0:
            write_once(pd.DataFrame({c: pd.Series(dtype="object") for c in self.columns}), self.folder / "shape.parquet")
        # no refused rows: an empty frame (publish leaves it out of audit.rejected_rows)
        rejected = pd.concat(self._rejected, ignore_index=True) if self._rejected else pd.DataFrame()
        write_once(rejected, self.folder / "rejected.parquet")
        (self.folder / ORIGIN).write_text(self.folder.name, encoding="utf-8")
        write_record(self.folder / PART_KEYS, {"key": self.folder.name, "part_keys": self.keys})
        final = self.root / self.name
        if final.exists():
            old = self.root / f"{self.name}.old-{uuid.uuid4().hex[:8]}"
            final.rename(old)
            self.folder.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            self.folder.rename(final)
        return Parted(self.name, str(final), self.n_parts, self.n_rows, self.n_rejected,
                      tuple(self.batches) if self.per_file else None, origin=self.folder.name,
                      part_keys=tuple(self.keys))

    def abandon(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


PART_KEYS = "part_keys.json"  # what each part of the folder was built from


def _previous_parts(folder: Path) -> dict[str, Path]:
    """Part files of the table as last materialised, by the key each was built from (only
    when the folder is the one its writer filled: see ORIGIN)."""
    origin = _origin(folder)
    record = read_record(folder / PART_KEYS, origin) if origin else None
    if record is None:
        return {}
    return {key: folder / f"part-{k:05d}.parquet" for k, key in enumerate(record.get("part_keys") or [])
            if key is not None}


def _rows_of(part: Path, columns: list[str]) -> pd.DataFrame:
    """Some columns of a part (none: only its number of rows, from the file's footer)."""
    if columns:
        return read_frame(part, columns=columns)
    return pd.DataFrame(index=range(pq.ParquetFile(part).metadata.num_rows))


# A file in each table folder naming the writer that filled it: a record is trusted only
# for the folder its writer filled, so that when two runs write the same table at once,
# the record one writes can never describe the parts the other swapped in.
ORIGIN = "origin.txt"


def _origin(folder: Path) -> str | None:
    try:
        return (folder / ORIGIN).read_text(encoding="utf-8")
    except OSError:
        return None


def remember(parted: Parted, key: str, extra: dict) -> Parted:
    """Record in the table's folder that it was built from `key` (with `extra`, e.g. the
    step's metadata); return the pointer carrying the key."""
    keyed = replace(parted, key=key)
    write_record(Path(parted.folder) / RECORD, {
        "key": key, "name": parted.name, "origin": parted.origin, "n_parts": parted.n_parts, "n_rows": parted.n_rows,
        "n_rejected": parted.n_rejected,
        "batches": None if parted.batches is None else [list(b) for b in parted.batches],
        "part_keys": None if parted.part_keys is None else list(parted.part_keys), **extra})
    return keyed


def recall(root: Path, name: str, key: str) -> tuple[Parted, dict] | None:
    """The table `name` last materialised under `root`, with its record, if it was built
    from `key` and all its files are still there; else None (the step does its work)."""
    folder = root / name
    record = read_record(folder / RECORD, key)
    if record is None or record.get("origin") is None or record["origin"] != _origin(folder):
        return None
    batches = record.get("batches")
    part_keys = record.get("part_keys")
    parted = Parted(name, str(folder), int(record["n_parts"]), int(record["n_rows"]), int(record["n_rejected"]),
                    None if batches is None else tuple(tuple(b) for b in batches), key, record["origin"],
                    None if part_keys is None else tuple(part_keys))
    needed = [parted.part_file(k) for k in range(parted.n_parts)] + [folder / "shape.parquet",
                                                                      folder / "rejected.parquet"]
    return (parted, record) if all(p.exists() for p in needed) else None


def work_root(warehouse_dir: Path) -> Path:
    return warehouse_dir / ".work"


@contextmanager
def parts_writer(root: Path, name: str, columns: list[str], per_file: bool = True) -> Iterator[PartsWriter]:
    """A writer whose half-written folder is removed when the step fails."""
    writer = PartsWriter(root, name, columns, per_file)
    try:
        yield writer
    except BaseException:
        writer.abandon()
        raise


class PartMemo:
    """Frames a step derives from one part of its inputs (the names a batch's mentions
    count, the reports a batch gives the happening merge), kept by the key of what they
    were derived from, so that a run after one file changed derives only that file's
    batch again. `keep_only` at the end of the step drops what the run no longer used:
    the memo holds one run's keys, not every key ever seen."""

    def __init__(self, root: Path, name: str):
        self.folder = root / "memo" / name
        self.used: set[str] = set()

    def get(self, key: str | None) -> pd.DataFrame | None:
        if key is None:
            return None
        try:
            found = read_frame(self.folder / f"{key}.parquet")
        except (OSError, ValueError):  # missing, or half there: derive it again
            return None
        self.used.add(key)
        return found

    def keep(self, key: str | None) -> None:
        """Keep the frame of `key` for later runs without reading it (keep_only spares it)."""
        if key is not None:
            self.used.add(key)

    def put(self, key: str | None, frame: pd.DataFrame) -> pd.DataFrame:
        if key is not None:
            write_once(frame, self.folder / f"{key}.parquet")
            self.used.add(key)
        return frame

    def keep_only(self) -> None:
        """Remove what this run did not use (another run of the same warehouse may be
        using its own: the publish lock orders runs, and a removed memo is only derived
        again)."""
        if not self.folder.exists():
            return
        for path in self.folder.glob("*.parquet"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)

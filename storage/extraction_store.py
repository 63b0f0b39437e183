"""The extraction cache: per-file extraction rows and decoded texts as Parquet files,
content-addressed by the files' hashes and the extraction version.

    <root>/texts/<key>.parquet                   sha256, text   (decoded texts, any version)
    <root>/extract-<version>/<key>/<table>.parquet  one per per-file table, rows tagged `_sha256`
    <root>/extract-<version>/<key>/files.parquet    the files the batch holds (written last)

`<key>` is a hash of the batch's file hashes. A batch folder is written under a temporary
name and renamed into place once all its tables are written, so a killed run leaves no
half batch, and a file counts as extracted only when a batch folder lists it. Files are
never updated in place: a new version starts a new folder (the old one is deleted), a
removed file's batches are deleted once none of their files is loaded. A file already
extracted by the same code is never extracted again."""

import shutil
import threading
import uuid
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from storage.parquet_files import content_key, read_frame, write_once

FILES = "files"  # the table of a batch folder that lists its files


class CacheUnreadable(RuntimeError):
    """A cache file could not be read (a torn copy, a disk error)."""


# listing file's (path, inode, modification time) -> the shas it lists. A listing is written
# once and renamed into place, never edited, so these identify its content; every step of a
# run asks the store which files it holds, and at 10,000 files reading the 200 listings
# again each time cost about 0.15 s a step.
_LISTINGS: dict[tuple[str, int, int], tuple[str, ...]] = {}
_LISTINGS_LOCK = threading.Lock()


def _listed(path: Path, column: str) -> tuple[str, ...]:
    stat = path.stat()
    key = (str(path), stat.st_ino, stat.st_mtime_ns)
    with _LISTINGS_LOCK:
        found = _LISTINGS.get(key)
    if found is None:
        found = tuple(read_frame(path, columns=[column])[column])
        with _LISTINGS_LOCK:
            if len(_LISTINGS) >= 4096:  # a long-lived process that saw many stores come and go
                _LISTINGS.clear()
            _LISTINGS[key] = found
    return found


def _index(folders: Iterable[Path], listing: Callable[[Path], Path], column: str,
           log: Callable[[str], None]) -> dict[str, Path]:
    """sha256 -> the folder or file holding it; an unreadable one is deleted (a cache)."""
    held: dict[str, Path] = {}
    for folder in sorted(folders):
        try:
            shas = _listed(listing(folder), column)
        except Exception as error:  # pyarrow raises its own errors for a torn file
            log(f"cache file {listing(folder)} is unreadable ({error}); it is deleted and its files extracted again")
            _remove(folder)
            continue
        for sha in shas:
            held.setdefault(sha, folder)
    return held


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class ExtractionStore:
    """(sha256, table name) -> that file's rows of the table, and sha256 -> decoded text."""

    def __init__(self, root: Path, version: str, log: Callable[[str], None] = lambda _m: None):
        self.root, self.version, self.log = root, version, log
        self.folder = root / f"extract-{version}"
        self.texts_folder = root / "texts"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.texts_folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.reload()

    def reload(self) -> None:
        """Forget which files the folders hold: the next question reads them again (other
        processes may have written). Each index is read on first use only: a worker that
        extracts one batch reads texts and writes a folder, and never needs to know what
        the hundreds of other batch folders hold (reading them for every batch made a cold
        run of many small files quadratic)."""
        self._batch_index: dict[str, Path] | None = None
        self._pack_index: dict[str, Path] | None = None

    @property
    def _batches(self) -> dict[str, Path]:
        if self._batch_index is None:
            self._batch_index = _index((p for p in self.folder.iterdir() if p.is_dir() and ".tmp-" not in p.name),
                                       lambda p: p / f"{FILES}.parquet", "sha256", self.log)
        return self._batch_index

    @property
    def _packs(self) -> dict[str, Path]:
        if self._pack_index is None:
            self._pack_index = _index((p for p in self.texts_folder.glob("*.parquet") if ".tmp-" not in p.name),
                                      lambda p: p, "sha256", self.log)
        return self._pack_index

    # -- extraction rows -------------------------------------------------------------------
    def missing(self, shas: Iterable[str]) -> set[str]:
        return {s for s in shas if s not in self._batches}

    def save(self, tables: dict[str, pd.DataFrame], shas: Iterable[str]) -> None:
        """Write every table's rows of the files `shas` (column `_sha256` says whose) as one
        batch folder, renamed into place once complete."""
        shas = list(dict.fromkeys(shas))
        final = self.folder / content_key(sorted(shas))
        building = self.folder / f"{final.name}.tmp-{uuid.uuid4().hex[:8]}"
        try:
            building.mkdir(parents=True)
            for name, df in tables.items():
                write_once(df.reset_index(drop=True), building / f"{name}.parquet")
            write_once(pd.DataFrame({"sha256": shas}), building / f"{FILES}.parquet")
            try:
                building.rename(final)
            except OSError:
                if not final.is_dir():  # not the same batch written meanwhile: a real failure
                    raise
                shutil.rmtree(building, ignore_errors=True)  # the same content is there already
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        with self._lock:
            if self._batch_index is not None:  # not read yet: it will find the folder when it is
                for sha in shas:
                    self._batch_index.setdefault(sha, final)

    def load(self, name: str, shas: Iterable[str]) -> pd.DataFrame | None:
        """Rows of table `name` of the files `shas`, in the order of `shas`, with `_sha256`;
        None when no batch holds any of them."""
        shas = list(shas)
        by_folder: dict[Path, list[str]] = {}
        for sha in shas:
            if sha in self._batches:
                by_folder.setdefault(self._batches[sha], []).append(sha)
        if not by_folder:
            return None
        frames = [self.load_from(folder, name, wanted) for folder, wanted in by_folder.items()]
        frames = [f for f in frames if len(f)] or frames[:1]
        with warnings.catch_warnings():  # a column all NA in one batch takes its dtype from the others
            warnings.simplefilter("ignore", FutureWarning)
            df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
        order = {sha: i for i, sha in enumerate(shas)}
        return df.iloc[df["_sha256"].map(order).argsort(kind="stable")].reset_index(drop=True)

    def load_from(self, folder: Path, name: str, shas: list[str]) -> pd.DataFrame:
        """Rows of table `name` of the files `shas` in one batch folder."""
        try:
            rows = read_frame(folder / f"{name}.parquet")  # a batch's rows: a few hundred files at most
        except Exception as error:
            raise CacheUnreadable(f"{folder / name}.parquet could not be read ({error}); delete "
                                  f"{self.folder} (a cache) and run again") from error
        return rows[rows["_sha256"].isin(shas)].reset_index(drop=True) if len(rows) else rows

    def keep_only(self, shas: Iterable[str]) -> int:
        """Forget files not in `shas` (removed from the raw folder), so the store does not
        grow with every file that ever passed: a batch folder or text pack none of whose
        files is kept is deleted, one that keeps some is written anew with those alone (a
        new file, never an edit) and then deleted. Returns how many files were forgotten."""
        keep = set(shas)
        gone = {s for s in self._batches if s not in keep}
        for folder in {f for s, f in self._batches.items() if s not in keep}:
            kept = [s for s, f in self._batches.items() if f == folder and s in keep]
            if kept:
                names = [p.stem for p in folder.glob("*.parquet") if p.stem != FILES]
                tables = {name: self.load_from(folder, name, kept) for name in names}
                for sha in kept:
                    del self._batches[sha]
                self.save(tables, kept)
            _remove(folder)
        for pack in {p for s, p in self._packs.items() if s not in keep}:
            kept = [s for s, p in self._packs.items() if p == pack and s in keep]
            texts = self.texts(kept)
            for sha in kept:
                del self._packs[sha]
            self.save_texts(texts)
            _remove(pack)
        for index in (self._batches, self._packs):
            for sha in [s for s in index if s not in keep]:
                del index[sha]
        return len(gone)

    # -- decoded texts ---------------------------------------------------------------------
    def missing_texts(self, shas: Iterable[str]) -> set[str]:
        return {s for s in shas if s not in self._packs}

    def text_shas(self) -> set[str]:
        return set(self._packs)

    def save_texts(self, texts: dict[str, str]) -> None:
        """Decoded texts by content hash, one pack file per call: the run keeps them here,
        not in memory, and every step that needs a file's characters reads them back."""
        if not texts:
            return
        path = self.texts_folder / f"{content_key(sorted(texts))}.parquet"
        write_once(pd.DataFrame({"sha256": list(texts), "text": list(texts.values())}), path)
        with self._lock:
            if self._pack_index is not None:
                for sha in texts:
                    self._pack_index.setdefault(sha, path)

    def text_packs(self, shas: Iterable[str]) -> dict[str, str]:
        """sha256 -> the pack file holding its text: what a worker is handed with its batch,
        so that it reads its texts without reading which files every pack holds."""
        return {sha: str(self._packs[sha]) for sha in shas if sha in self._packs}

    def texts(self, shas: Iterable[str], packs: dict[str, str] | None = None) -> dict[str, str]:
        """Decoded texts of the files `shas` (those the store holds), found through `packs`
        (text_packs) when given, else through the store's index."""
        table = self.text_table(shas, packs)
        return dict(zip(table.column("sha256").to_pylist(), table.column("text").to_pylist()))

    def text_table(self, shas: Iterable[str], packs: dict[str, str] | None = None) -> pa.Table:
        """texts() as an Arrow table (sha256, text): what publish hands DuckDB, which scans
        Arrow strings in place. As Python strings in a pandas frame, the 160 MB of text of
        10,000 files raised publish by 230 MB over what it held before, and by 120 MB as Arrow."""
        where = packs if packs is not None else self._packs
        by_pack: dict[Path, list[str]] = {}
        for sha in shas:
            if sha in where:
                by_pack.setdefault(Path(where[sha]), []).append(sha)
        found = [pa.table({"sha256": pa.array([], pa.string()), "text": pa.array([], pa.string())})]
        for pack, wanted in by_pack.items():
            try:
                found.append(pq.read_table(pack, columns=["sha256", "text"], filters=[("sha256", "in", wanted)]))
            except Exception as error:
                raise CacheUnreadable(f"{pack} could not be read ({error}); materialise core.source_files "
                                      "again") from error
        return pa.concat_tables([t.cast(found[0].schema) for t in found])

    def close(self) -> None:
        """Nothing stays open between calls; kept so callers need not know."""

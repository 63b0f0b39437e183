"""Raw layer: every file under the raw folder becomes a row of core.source_files, loaded,
quarantined with a reason, or marked as a duplicate. One bad file never stops the run."""

import hashlib
from collections.abc import Callable
import os
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from assets.extraction import cache_root, open_store
from storage.extraction_store import ExtractionStore
from assets.faults import crash_point
from assets.metadata import table_metadata
from assets.resources import WarehousePaths
from assets.schemas import SourceFiles
from assets.validation import Validated, validate
from storage.manifest import Manifest, Seen
from textmine.decoding import decode
from textmine.ids import stable_id

# A news article, even a long digest, is far below this; a larger file is an export or a
# dump that should be split before it is read (and would hold up every other file).
MAX_FILE_BYTES = 20 * 1024 * 1024


def list_raw_files(raw_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Regular files under `raw_dir` in a stable order, and (path, reason) for entries that
    are skipped: symbolic links that lead outside the folder are never followed."""
    files, skipped = [], []
    root = raw_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    skipped.append((rel, f"symbolic link to {target} outside the raw folder: not followed"))
                    continue
            if not path.is_file():
                skipped.append((rel, "not a regular file (device, socket or broken link)"))
                continue
            files.append(path)
    return files, skipped


def read_file(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and a reason a person understands."""
    try:
        before = path.stat()
        if before.st_size > MAX_FILE_BYTES:
            return None, (f"file too large for an article file ({before.st_size:,} bytes; limit {MAX_FILE_BYTES:,}): "
                          "split it into smaller files")
        with path.open("rb") as handle:
            data = handle.read()
        after = path.stat()
        if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(data) != after.st_size:
            return None, "file changed while it was being read; it will be read again on the next run"
        return data, None
    except PermissionError:
        return None, "permission denied: the pipeline's user cannot read this file"
    except OSError as error:
        return None, f"could not be read: {error.strerror or error}"


def first_seen_times(published_file: Path) -> dict[str, datetime]:
    """sha256 -> ingested_at from the last published warehouse, so that reruns on the same
    input reproduce the same rows. Missing or unreadable warehouse: no history."""
    if not published_file.exists():
        return {}
    try:
        with duckdb.connect(str(published_file), read_only=True) as con:
            rows = con.execute("SELECT sha256, min(ingested_at) FROM core.source_files GROUP BY sha256").fetchall()
        return {sha: ts for sha, ts in rows}
    except duckdb.Error:
        return {}


PROGRESS_EVERY = 500  # files between progress lines in the run's log
TEXTS_PER_WRITE = 200

# The table travels between steps without its text, which stays in the extraction store
SOURCE_FILES_WITHOUT_TEXT = SourceFiles.to_schema().remove_columns(["content"])


class TextSink:
    """Hands decoded texts to the extraction store a few hundred at a time, skipping
    those it already holds."""

    def __init__(self, store: ExtractionStore):
        self.store = store
        self.held = store.text_shas()
        self.pending: dict[str, str] = {}

    def keep(self, sha256: str, text: str) -> None:
        if sha256 not in self.held:
            self.pending[sha256] = text
            self.held.add(sha256)
            if len(self.pending) >= TEXTS_PER_WRITE:
                self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.save_texts(self.pending)
            self.pending = {}

    def __enter__(self) -> "TextSink":
        return self

    def __exit__(self, kind, *_exc) -> None:
        if kind is None:
            self.flush()


def _known(rel: str, path: Path, manifest: Manifest | None,
           has_text: Callable[[str], bool] | None) -> dict | None:
    """The row of a file the manifest proves unchanged (a loaded one only if its decoded
    text is still in the store), without reading it; None when it must be read."""
    if manifest is None:
        return None
    try:
        seen = Seen.of(path)
    except OSError:
        return None  # reading it will say why
    known = manifest.lookup(rel, seen)
    if known is None or (known["status"] == "loaded" and (has_text is None or not has_text(known["sha256"]))):
        return None
    manifest.note(rel, seen, known)
    return dict(path=rel, **known)


def _read_row(rel: str, path: Path, manifest: Manifest | None, keep_text: Callable[[str, str], None] | None,
              seen: dict[str, str]) -> dict:
    """The row of a file read and decoded now (its text handed to `keep_text` unless an
    earlier file has the same content); noted in the manifest when it was read whole."""
    try:
        before = Seen.of(path)
    except OSError:
        before = None
    data, problem = read_file(path)
    sha = hashlib.sha256(data or b"").hexdigest()
    row = dict(path=rel, sha256=sha, n_bytes=len(data) if data is not None else 0, n_chars=None,
               encoding=None, status="quarantined", status_reason=problem)
    if data is None:
        return row  # unreadable now, perhaps not next time: not noted
    decoded = decode(data)
    row.update(encoding=decoded.encoding, status=decoded.status, status_reason=decoded.reason)
    if decoded.status == "loaded":
        row.update(n_chars=len(decoded.text))
        if keep_text is not None and sha not in seen:
            keep_text(sha, decoded.text)
    if manifest is not None and before is not None and before.size == len(data):
        manifest.note(rel, before, row)
    return row


def ingest(raw_dir: Path, history: dict[str, datetime], now: datetime,
           progress: Callable[[str], None] | None = None,
           keep_text: Callable[[str, str], None] | None = None, manifest: Manifest | None = None,
           has_text: Callable[[str], bool] | None = None) -> pd.DataFrame:
    """Rows of core.source_files for every entry under `raw_dir`, without their text:
    `keep_text(sha256, text)` receives each loaded file's decoded text as it is read, so
    the corpus is never held in memory at once. With a `manifest`, a file whose identity
    on disk is the one noted last time is not read again (a loaded one only when
    `has_text(sha256)` says its text is still kept)."""
    files, skipped = list_raw_files(raw_dir)
    rows: list[dict] = []
    seen: dict[str, str] = {}  # sha256 -> file_id of the first loaded file with that content
    for rel, reason in skipped:
        rows.append(dict(path=rel, sha256=hashlib.sha256(b"").hexdigest(), n_bytes=0, n_chars=None, encoding=None,
                         status="quarantined", status_reason=reason))
    for number, path in enumerate(files, start=1):
        if progress and number % PROGRESS_EVERY == 0:
            progress(f"read {number:,} of {len(files):,} files")
        rel = path.relative_to(raw_dir.resolve()).as_posix()
        row = _known(rel, path, manifest, has_text)
        if row is None:
            row = _read_row(rel, path, manifest, keep_text, seen)
        if row["status"] == "loaded":
            sha = row["sha256"]
            if sha in seen:
                row.update(status=f"duplicate_of:{seen[sha]}", n_chars=None,
                           status_reason="same content as an earlier file; its articles are kept once")
            else:
                seen[sha] = stable_id("f", rel, sha)
        rows.append(row)
    df = pd.DataFrame(rows, columns=["path", "sha256", "n_bytes", "n_chars", "encoding", "status",
                                     "status_reason"])
    df.insert(0, "file_id", [stable_id("f", p, s) for p, s in zip(df["path"], df["sha256"])])
    df["n_chars"] = df["n_chars"].astype("Int64")
    df["ingested_at"] = [history.get(s, now) for s in df["sha256"]]
    df["ingested_at"] = pd.to_datetime(df["ingested_at"])
    return df.sort_values("path", kind="stable").reset_index(drop=True)


@dg.asset(
    key=["core", "source_files"],
    group_name="raw",
    description="Every file under the raw folder with its hash, size, encoding and status: loaded, "
                "quarantined with a reason, or duplicate_of another file. The decoded text that all "
                "character offsets point into is kept in the extraction store and published with the row.",
    kinds={"python", "pandas"},
)
def source_files(context: dg.AssetExecutionContext, paths: WarehousePaths) -> Validated:
    if not paths.raw_path.is_dir():
        raise dg.Failure(f"raw folder {paths.raw_path} does not exist or is not a folder (set RAW_DIR)")
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    store = open_store(paths.warehouse_path, context.log.warning)
    manifest = Manifest(cache_root(paths.warehouse_path))
    try:
        with TextSink(store) as sink:
            df = ingest(paths.raw_path, first_seen_times(paths.published_file), now, context.log.info, sink.keep,
                        manifest, sink.held.__contains__)
    finally:
        store.close()
    manifest.save()
    crash_point("ingest")
    result = validate(df, SOURCE_FILES_WITHOUT_TEXT, "core.source_files", context.run.run_id)
    table = result.table
    quarantined = table[table["status"] == "quarantined"][["path", "status_reason"]]
    for path, reason in quarantined.itertuples(index=False):
        context.log.warning(f"quarantined {path}: {reason}")
    context.add_output_metadata({
        **table_metadata(table, SourceFiles, result.n_rejected),
        "files_loaded": int((table["status"] == "loaded").sum()),
        "files_quarantined": len(quarantined),
        "files_duplicate": int(table["status"].str.startswith("duplicate_of").sum()),
        "quarantined": dg.MetadataValue.md(quarantined.to_markdown(index=False) if len(quarantined) else "_none_"),
    })
    return result

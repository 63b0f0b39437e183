"""Per-file extraction in batches: the part of the pipeline whose cost grows with the corpus.

One asset, `extract/files`, extracts every loaded file its store does not already hold
(content hash + extraction version), so a run after adding one file extracts that file
alone. It cuts the files to extract into batches of EXTRACT_BATCH_FILES and hands them to
an engine (assets.engine: in this process, or side by side on a process pool; a cluster
client is one more engine), each batch one call of the text package's pure function
(textmine.extract) whose rows land in the store as Parquet. The core assets then read
their rows for the files present now: a removed file's rows are simply not read, so they
leave the published warehouse."""

import ast
import gc
import hashlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import textmine
from assets import file_tables
from assets.engine import Engine, InProcessEngine, engine_from_env
from storage.memory import release_freed_memory
from storage.ner_cache import open_ner_cache
from storage.parquet_files import remove_temporaries
from storage.extraction_store import ExtractionStore
from storage.parts import file_batches
from assets.resources import WarehousePaths
from assets.validation import Validated
from textmine.extract import FileInput, extract_files as extract_texts
from textmine.nlp import MODEL, release_grown_models, release_models

EXTRACT_BATCH_FILES = 50  # files extracted (and held in memory) at a time: one job of the engine


# What the store's rows are made by: the text package's extraction (textmine.extract), the
# decoding that gives it its text (textmine.decoding) and the conversion to tables.
EXTRACTION_ROOTS = ("textmine.extract", "textmine.decoding")


def _module_file(package: Path, module: str) -> Path | None:
    """The source file of a textmine module (a package's __init__), or None."""
    base = package.joinpath(*module.split(".")[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def extraction_sources(package: Path, roots: tuple[str, ...] = EXTRACTION_ROOTS) -> list[Path]:
    """The textmine modules `roots` import, transitively (read from their import statements),
    with the __init__ of every package on the way: the code whose change can change a
    file's rows. A module extraction never imports (the happening merge, run on rows
    after extraction) is not among them, so changing it re-extracts nothing."""
    seen: set[Path] = set()
    todo = list(roots)
    while todo:
        module = todo.pop()
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__
            path = _module_file(package, ".".join(parts[:depth]))
            if path is None or path in seen:
                continue
            seen.add(path)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    todo += [a.name for a in node.names if a.name.split(".")[0] == "textmine"]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                        and node.module.split(".")[0] == "textmine":
                    todo.append(node.module)
                    todo += [f"{node.module}.{a.name}" for a in node.names]  # a submodule, when it is one
    return sorted(seen)


@cache
def _extraction_fingerprint() -> str:
    """SHA-256 of the extraction code (extraction_sources), the package's data files and the
    conversion to tables, as this process loaded them: computed once (reading and parsing
    some thirty modules costs a tenth of a second, and every part key asks for it)."""
    digest = hashlib.sha256()
    package = Path(textmine.__file__).parent
    data = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
                  and "__pycache__" not in p.parts)
    for path in [*extraction_sources(package), *data, Path(file_tables.__file__)]:
        digest.update(str(path.relative_to(package.parent)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def extraction_version() -> str:
    """PIPELINE_VERSION plus a fingerprint of the extraction code, its data files and the
    spaCy model: any change to what per-file rows a text gives starts a new store, even
    when nobody remembered to bump the version."""
    digest = hashlib.sha256(f"{textmine.PIPELINE_VERSION}|{MODEL}|{version(MODEL.replace('_', '-'))}|"
                            f"{_extraction_fingerprint()}".encode())
    return f"{textmine.PIPELINE_VERSION}-{digest.hexdigest()[:12]}"


def extract_files(files: pd.DataFrame, ner_cache=None) -> dict[str, pd.DataFrame]:
    """Every per-file table of the loaded `files` (with their `content`), each row tagged
    with its file's `_sha256`: one call to the text package, one conversion to tables."""
    files = files[files["status"] == "loaded"]
    extractions = extract_texts([FileInput(text, sha) for text, sha in zip(files["content"], files["sha256"])],
                                ner_cache)
    return file_tables.tables_of(extractions, dict(zip(files["sha256"], files["file_id"])))


def cache_root(warehouse_dir: Path) -> Path:
    return warehouse_dir / ".cache"


def store_file(warehouse_dir: Path) -> Path:
    """The folder of this extraction version's batches."""
    return cache_root(warehouse_dir) / f"extract-{extraction_version()}"


_TEMPORARY_STORES: dict[Path, Path] = {}


def _remove_stale(root: Path, current: Path) -> None:
    """Batches of other extraction versions can never be read again; SQLite and pickle
    caches of earlier code are replaced by Parquet files."""
    remove_temporaries(root)  # left by writers that were killed
    for stale in [*root.glob("extract-*"), *root.glob("ner-*.sqlite*")]:
        if stale != current:
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)


def open_store(warehouse_dir: Path, log: Callable[[str], None]) -> ExtractionStore:
    """The store of this extraction version (stores of other versions are removed). When
    the folder cannot be written, a temporary folder serves the whole run: a cache is an
    optimisation, never a reason to fail."""
    root = cache_root(warehouse_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        _remove_stale(root, store_file(warehouse_dir))
        return ExtractionStore(root, extraction_version(), log)
    except OSError as error:
        if warehouse_dir not in _TEMPORARY_STORES:
            log(f"extraction store unavailable ({error}); this run keeps it in a temporary folder")
            _TEMPORARY_STORES[warehouse_dir] = Path(tempfile.mkdtemp(prefix="warehouse-cache-"))
        return ExtractionStore(_TEMPORARY_STORES[warehouse_dir], extraction_version(), log)


@dataclass
class ExtractionCounts:
    files_extracted: int = 0
    files_cached: int = 0
    sentences_extracted: int = 0
    sentences_parsed_by_spacy: int = 0  # distinct sentence texts not in the spaCy cache
    batches: int = 0

    def add(self, other: "ExtractionCounts") -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


def with_texts(store: ExtractionStore, files: pd.DataFrame, packs: dict[str, str] | None = None) -> pd.DataFrame:
    """`files` with their decoded text (`content`), read back from the store ingest put it
    in (from the pack files `packs` names, when given: ExtractionStore.text_packs)."""
    texts = store.texts(files["sha256"], packs)
    _require_texts(files, texts)
    return files.assign(content=files["sha256"].map(texts))


def _require_texts(files: pd.DataFrame, held: Iterable[str]) -> None:
    """Raise when the store lacks the decoded text of some of `files` (`held`: the content
    hashes it gave texts for)."""
    lost = files.loc[~files["sha256"].isin(held), "path"].tolist()
    if lost:
        raise RuntimeError(f"the decoded text of {len(lost)} files (e.g. {lost[0]}) is not in the extraction "
                           "store: materialise core.source_files again")


def with_texts_arrow(store: ExtractionStore, files: pd.DataFrame) -> pa.Table:
    """with_texts as an Arrow table, the text never made into Python strings: for
    publish, which only hands the rows to DuckDB (ExtractionStore.text_table says why)."""
    texts = store.text_table(files["sha256"])
    at = pc.index_in(pa.array(files["sha256"].tolist(), pa.string()), value_set=texts.column("sha256"))
    if at.null_count:
        _require_texts(files, texts.column("sha256").to_pylist())
    table = pa.Table.from_pandas(files.drop(columns=["content"], errors="ignore"), preserve_index=False)
    return table.append_column("content", texts.column("text").take(at))


@dataclass(frozen=True)
class BatchJob:
    """What a worker needs to extract one batch: plain data, picklable to any process."""

    store_root: str
    version: str
    warehouse_dir: str
    files: tuple[tuple[str, str, str], ...]  # (file_id, path, sha256) of each file, in order
    packs: tuple[tuple[str, str], ...] = ()  # (sha256, pack file of its decoded text)


def extract_batch(job: BatchJob) -> ExtractionCounts:
    """Extract one batch of files into the store: read their texts, one call of the text
    package, one conversion to tables, one batch folder of Parquet files."""
    store = ExtractionStore(Path(job.store_root), job.version)
    batch = with_texts(store, pd.DataFrame(list(job.files), columns=["file_id", "path", "sha256"]).assign(
        status="loaded"), dict(job.packs) if job.packs else None)
    ner_cache = open_ner_cache(Path(job.warehouse_dir), f"{MODEL}-{version(MODEL.replace('_', '-'))}",
                               lambda _message: None)
    try:
        tables = extract_files(batch, ner_cache)
        store.save(tables, batch["sha256"])
        parsed = ner_cache.n_pending if ner_cache is not None else 0
    except OSError as error:
        raise RuntimeError(f"the caches under {job.store_root} could not be written ({error}); "
                           "they are only caches: free space or delete them, and run again") from error
    finally:
        if ner_cache is not None:
            try:
                ner_cache.close()
            except OSError:
                pass  # the spaCy cache is an optimisation: the next run parses again
    counts = ExtractionCounts(files_extracted=len(batch), sentences_extracted=len(tables["sentences"]),
                              sentences_parsed_by_spacy=parsed, batches=1)
    del batch, tables
    release_grown_models()  # a worker's pipeline does not keep every word of every batch it parsed
    # A batch's parses and tables are garbage now, some in reference cycles (spaCy's docs):
    # collect them and hand the freed pages back, or every batch's peak lands a little
    # higher in a fragmented heap (1,000 distinct files: peak 563 -> 509 MB, for 0.15 s a
    # batch of about 7 s).
    gc.collect()
    release_freed_memory()
    return counts


def ensure_extracted(store: ExtractionStore, files: pd.DataFrame, warehouse_dir: Path,
                     log: Callable[[str], None], engine: Engine | None = None) -> ExtractionCounts:
    """Extract the loaded `files` the store does not hold yet, EXTRACT_BATCH_FILES at a time
    (memory stays flat however many files), the batches run by `engine`."""
    loaded = files[files["status"] == "loaded"]
    todo = store.missing(loaded["sha256"])
    pending = loaded[loaded["sha256"].isin(todo)]
    counts = ExtractionCounts(files_cached=len(loaded) - len(pending))
    packs = store.text_packs(pending["sha256"])
    jobs = []
    for start in range(0, len(pending), EXTRACT_BATCH_FILES):
        files_of_job = tuple(pending.iloc[start:start + EXTRACT_BATCH_FILES][["file_id", "path", "sha256"]]
                             .itertuples(index=False, name=None))
        jobs.append(BatchJob(str(store.root), store.version, str(warehouse_dir), files_of_job,
                             tuple((sha, packs[sha]) for _id, _path, sha in files_of_job if sha in packs)))
    for done in (engine or InProcessEngine()).map(extract_batch, jobs):
        counts.add(done)
    if jobs:
        store.reload()  # the batches were written by the engine's workers
    return counts


class Extracted:
    """The per-file rows of the files loaded now, read a batch of files at a time (the
    batches of storage.parts, so part k of every table holds the same files). Files the
    extraction asset did not extract (an asset materialised on its own, a deleted store)
    are extracted first."""

    def __init__(self, paths: WarehousePaths, source_files: pd.DataFrame, log: Callable[[str], None],
                 asset: str = ""):
        self.files = source_files
        self.batches = file_batches(source_files)
        self.store = open_store(paths.warehouse_path, log)
        try:
            extracted = ensure_extracted(self.store, source_files, paths.warehouse_path, log).files_extracted
        except BaseException:
            self.store.close()
            raise
        if extracted:
            log(f"{asset}: extracted {extracted} files the extraction asset had not")
            release_models()  # as the extraction asset does: later steps need no pipeline

    def rows(self, name: str, batch: pd.DataFrame) -> pd.DataFrame:
        table = self.store.load(name, batch["sha256"])
        return table if table is not None else extract_files(batch.iloc[:0].assign(content=[]))[name]

    def by_batch(self, name: str) -> Iterator[tuple[int, pd.DataFrame, pd.DataFrame]]:
        """(k, files of batch k, their rows of table `name`)."""
        for k, batch in enumerate(self.batches):
            yield k, batch, self.rows(name, batch)

    def texts(self, batch: pd.DataFrame) -> dict[str, str]:
        """file_id -> decoded text of the files of `batch`."""
        return dict(zip(batch["file_id"], with_texts(self.store, batch)["content"]))

    def texts_by_batch(self) -> Iterator[tuple[int, pd.DataFrame, dict[str, str]]]:
        """(k, files of batch k, file_id -> their decoded text): what offset checks read."""
        for k, batch in enumerate(self.batches):
            yield k, batch, self.texts(batch)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Extracted":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def forget_removed_files(paths: WarehousePaths, source_files: pd.DataFrame, log: Callable[[str], None]) -> int:
    """The store keeps only files loaded now, so it does not grow with every file that ever
    passed through the raw folder; returns how many it forgot."""
    store = open_store(paths.warehouse_path, log)
    try:
        return store.keep_only(source_files.loc[source_files["status"] == "loaded", "sha256"])
    finally:
        store.close()


def of_kept_sentences(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Rows of sentences that are in core.sentences (not of an article or sentence that
    validation refused)."""
    kept = pd.MultiIndex.from_arrays([sentences["doc_id"], sentences["sentence_no"]])
    return rows[pd.MultiIndex.from_arrays([rows["doc_id"], rows["sentence_no"]]).isin(kept)]


EXTRACTION_KEY = dg.AssetKey(["extract", "files"])


@dg.asset(
    key=EXTRACTION_KEY, group_name="extract", kinds={"python"},
    description="Per-file extraction of every loaded file: articles, sentences, time expressions, quantities, "
                "entity mentions and raw facts, one call of textmine.extract per batch of files, batches run "
                "side by side by the extraction engine (WAREHOUSE_EXTRACT_WORKERS). Rows are kept as Parquet by "
                "content hash and extraction version, so unchanged files are never redone.",
    ins={"source_files": dg.AssetIn(key=["core", "source_files"])},
)
def extracted_files(context: dg.AssetExecutionContext, paths: WarehousePaths,
                    source_files: Validated) -> dg.MaterializeResult:
    files = source_files.table
    loaded = files[files["status"] == "loaded"]
    engine = engine_from_env()
    started = time.perf_counter()
    store = open_store(paths.warehouse_path, context.log.warning)
    counts = ensure_extracted(store, loaded, paths.warehouse_path, context.log.warning, engine)
    release_models()  # the steps after read the store; the hook then gives the memory back
    seconds = time.perf_counter() - started
    context.log.info(f"extraction: extracted {counts.files_extracted} files in {counts.batches} batches "
                     f"({engine.name}), {counts.files_cached} unchanged files taken from the store; spaCy parsed "
                     f"{counts.sentences_parsed_by_spacy} of {counts.sentences_extracted} sentences")
    return dg.MaterializeResult(metadata={
        "files": len(loaded), **asdict(counts), "engine": engine.name, "seconds": round(seconds, 2),
        "extraction_version": extraction_version()})

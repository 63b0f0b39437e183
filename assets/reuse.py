"""Steps whose inputs did not change do no work: one decorator for assets that write parts,
one for asset checks.

Before a step runs, its key is computed from what it reads: the identity of each input
(a table written as parts carries the key it was built from; core.source_files is
hashed, it is ten thousand small rows at most), the code (a fingerprint of `assets/`,
`storage/`, `textmine/`, the spaCy model and PIPELINE_VERSION) and the batch size. When
the last materialisation of its tables was built from the same key (storage.memo's
record in their folder), the step returns those tables and the metadata it reported then,
and says which run built them; otherwise it runs as written and records its key. A step
that reads anything else a key does not cover must not use these decorators.

Only deterministic steps qualify: the same inputs and code give the same rows, so handing
back the last rows is the same as computing them again (the soak test,
tests/test_soak.py, checks exactly that against clean rebuilds)."""

import functools
import inspect
import os
import uuid
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import pandas as pd

import assets
import storage
import textmine
from assets.extraction import store_file
from storage import parts
from storage.memo import digest, frame_digest, read_record, tree_fingerprint, write_record
from storage.parts import Parted, recall, remember, work_root
from storage.warehouse_file import published_tables_key
from textmine.nlp import MODEL

CHECK_RECORDS = "checks"  # folder under .work/ holding the records of asset checks
READER_RECORDS = "readers"  # and of the steps that only read the published tables


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    folders = [Path(package.__file__).parent for package in (assets, storage, textmine)]
    return digest([tree_fingerprint(folders), MODEL, version(MODEL.replace("_", "-"))])


def code_version() -> str:
    """What the code contributes to every key (the settings read at call time, so a test
    that changes them gets new keys)."""
    return digest([_code_fingerprint(), textmine.PIPELINE_VERSION, str(parts.BATCH_CHARS)])


def identity(value: object) -> str | None:
    """A string that changes whenever the input's content may have: None when the input
    gives no way to tell (the step then always runs)."""
    if isinstance(value, Parted):
        return value.key
    table, rejected = getattr(value, "table", None), getattr(value, "rejected", None)
    if isinstance(table, pd.DataFrame) and isinstance(rejected, pd.DataFrame):  # assets.validation.Validated
        return digest(["validated", frame_digest(table), frame_digest(rejected)])
    if hasattr(value, "warehouse_dir") and hasattr(value, "raw_dir"):  # assets.resources.WarehousePaths
        return digest(["paths", str(value.raw_dir), str(value.warehouse_dir), store_generation(value.warehouse_path)])
    return None


GENERATION = "generation.txt"


def store_generation(warehouse_dir: Path) -> str:
    """A name given to the extraction store when it is created: the steps read its rows,
    so a store deleted (or lost) and filled again gives every key a new value, and
    deleting `.cache/` makes the next run rebuild every table, as one expects of a cache."""
    folder = store_file(warehouse_dir)
    try:
        return (folder / GENERATION).read_text(encoding="utf-8")
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f"{GENERATION}.tmp-{uuid.uuid4().hex[:8]}"
        temporary.write_text(uuid.uuid4().hex, encoding="utf-8")
        try:
            os.link(temporary, folder / GENERATION)  # the first writer wins, never replaced
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
        return (folder / GENERATION).read_text(encoding="utf-8")
    except OSError:
        return uuid.uuid4().hex  # no store to name: nothing is reused


def step_key(name: str, arguments: dict[str, object]) -> str | None:
    """The key of a step called with `arguments` (its context left out), or None when an
    input has no identity."""
    ids = []
    for argument, value in sorted(arguments.items()):
        if argument == "context":
            continue
        found = identity(value)
        if found is None:
            return None
        ids.append(f"{argument}={found}")
    return digest([name, code_version(), *ids])


# What a part's key takes from core.source_files: the files of its batch (not their times)
BATCH_COLUMNS = ["file_id", "path", "sha256", "n_chars", "encoding"]


def part_key(table: str, batch: pd.DataFrame, *inputs: str | None) -> str | None:
    """The key of the part of `table` for the files of `batch`, built from the parts whose
    keys are `inputs` (and whatever else the step reads, digested by the caller): when a
    run's part has the key of one the table already has, PartsWriter.reuse links that
    file instead of building it (one added file rebuilds its own batch's parts, not the
    corpus's). None when an input has no key (the part is built)."""
    if any(i is None for i in inputs):
        return None
    files = batch[[c for c in BATCH_COLUMNS if c in batch.columns]].reset_index(drop=True)
    return digest([table, code_version(), frame_digest(files), *inputs])


def _metadata_text(metadata: object) -> str | None:
    try:
        return dg.serialize_value(dict(metadata or {}))
    except Exception:  # a value serdes cannot write: the record keeps no metadata
        return None


def _metadata_of(record: dict) -> dict:
    text = record.get("metadata")
    try:
        return dict(dg.deserialize_value(text)) if text else {}
    except Exception:
        return {}


def reused_when_unchanged(fn: Callable) -> Callable:
    """For an asset (or multi-asset) that returns its tables as `Parted` (one, or a tuple
    in the order of its outputs): return the last materialisation when the key matches."""
    signature = inspect.signature(fn)
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def step(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        context, paths = arguments["context"], arguments["paths"]
        outputs = [o.name for o in context.op_execution_context.op_def.output_defs]
        tables = {o: ".".join(context.asset_key_for_output(o).path) for o in outputs}
        key = step_key(name, arguments)
        root = work_root(paths.warehouse_path)
        if key is not None:
            found = [recall(root, tables[o], digest([key, tables[o]])) for o in outputs]
            if all(f is not None for f in found):
                for output, (_parted, record) in zip(outputs, found):
                    context.add_output_metadata({**_metadata_of(record), "reused_from_run": record.get("run_id", "")},
                                                output_name=output)
                context.log.info(f"inputs and code unchanged since run {found[0][1].get('run_id')}: "
                                 f"{', '.join(tables.values())} reused as they are")
                tables_found = tuple(f[0] for f in found)
                return tables_found if len(outputs) > 1 else tables_found[0]
        result = fn(*args, **kwargs)
        if key is None:
            return result
        results = result if isinstance(result, tuple) else (result,)
        keyed = tuple(
            remember(parted, digest([key, tables[o]]),
                     {"run_id": context.run.run_id, "metadata": _metadata_text(context.get_output_metadata(o))})
            for o, parted in zip(outputs, results))
        return keyed if isinstance(result, tuple) else keyed[0]

    return step


def _work_root_of(arguments: dict[str, object]) -> Path | None:
    """The warehouse's working area: from the paths resource, else from a table's folder."""
    for value in arguments.values():
        if hasattr(value, "warehouse_path"):
            return work_root(value.warehouse_path)
        if isinstance(value, Parted):
            return Path(value.folder).parent
    return None


def reused_check(fn: Callable) -> Callable:
    """For an asset check: give the last result back when the key matches (its inputs are
    the same tables, so it would find the same)."""
    signature = inspect.signature(fn)
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def check(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        key = step_key(name, arguments)
        root = _work_root_of(arguments)
        if key is None or root is None:
            return fn(*args, **kwargs)
        record_file = root / CHECK_RECORDS / f"{name}.json"
        record = read_record(record_file, key)
        if record is not None:
            return dg.AssetCheckResult(passed=bool(record["passed"]), severity=dg.AssetCheckSeverity(record["severity"]),
                                       metadata={**_metadata_of(record), "reused_from_run": record.get("run_id", "")})
        result = fn(*args, **kwargs)
        metadata = _metadata_text(result.metadata)
        if metadata is not None and result.description is None:
            context = arguments.get("context")
            write_record(record_file, {"key": key, "passed": bool(result.passed), "severity": result.severity.value,
                                       "metadata": metadata, "run_id": context.run.run_id if context else ""})
        return result

    return check


def reused_while_published_tables_unchanged(fn: Callable) -> Callable:
    """For an asset that only reads the published file's tables and returns a
    MaterializeResult (charts): give the last result back while the published tables
    are those it read (the published file's record says what they were built from)."""
    signature = inspect.signature(fn)
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def step(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        context, paths = arguments["context"], arguments["paths"]
        tables = published_tables_key(paths.published_file) if paths.published_file.exists() else None
        if tables is None:
            return fn(*args, **kwargs)
        key = digest([name, code_version(), tables])
        record_file = work_root(paths.warehouse_path) / READER_RECORDS / f"{name}.json"
        record = read_record(record_file, key)
        if record is not None:
            context.log.info(f"the published tables are those run {record.get('run_id')} read: its result is reused")
            return dg.MaterializeResult(metadata={**_metadata_of(record), "reused_from_run": record.get("run_id", "")})
        result = fn(*args, **kwargs)
        metadata = _metadata_text(result.metadata) if isinstance(result, dg.MaterializeResult) else None
        if metadata is not None:
            write_record(record_file, {"key": key, "metadata": metadata, "run_id": context.run.run_id})
        return result

    return step

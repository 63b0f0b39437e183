"""Records that let a step hand back its last output when nothing it reads has changed.

A step's output is a function of its inputs, the code and a few settings. When a step
finishes, a record of what it was built from (a key: a hash of all of those) is written
beside its output; the next run computes the key before doing any work and, when it is
the same and the output is still there, returns that output instead of building it again.
An unchanged rerun then costs what it takes to compute the keys, not what it takes to
rebuild the tables.

Records are small JSON files written once under a temporary name and renamed into
place: a run killed half-way leaves either the old record (whose key no longer matches
anything that changed) or none, and a missing or unreadable record only means the step
does its work. This module knows files and hashes, not Dagster."""

import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

RECORD = "memo.json"


def digest(parts: Iterable[str]) -> str:
    """24 hex digits of SHA-256 over `parts` (separated, so ("ab", "c") != ("a", "bc"))."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\x1f")
    return hasher.hexdigest()[:24]


def frame_digest(df: pd.DataFrame) -> str:
    """A hash of a table's columns, dtypes and values, in order. Row hashes come from
    pandas (fast for the ten thousand rows of core.source_files); values it cannot hash
    (lists) are hashed through their text. Without `categorize` (which hashes each distinct
    value once, for columns of few values) the hashes are the same and a batch's file
    list, all distinct paths and hashes, is hashed three times as fast: a run hashes one
    per part of every step, 700 at 10,000 files."""
    try:
        rows = pd.util.hash_pandas_object(df, index=False, categorize=False).to_numpy().tobytes()
    except TypeError:
        rows = df.astype(str).to_csv(index=False).encode("utf-8")
    header = "|".join(f"{c}:{t}" for c, t in zip(df.columns, df.dtypes.astype(str)))
    return digest([header, hashlib.sha256(rows).hexdigest()])


def tree_fingerprint(roots: Iterable[Path]) -> str:
    """A hash of every file under `roots` (names and bytes, caches left out): the code
    version a record is tied to. Any change to the code or its data files makes every
    record stale, which is coarse but never wrong."""
    hasher = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix not in {".pyc", ".pyo"}):
            hasher.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()[:24]


def write_record(path: Path, record: dict) -> None:
    """Write `record` as JSON at `path`, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        temporary.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_record(path: Path, key: str) -> dict | None:
    """The record at `path` if it was written for `key`; None when missing, unreadable or
    written for other inputs."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("key") == key else None

"""Scoring a warehouse on the part of a gold folder it holds, as rows one can keep.

A gold folder describes particular raw files (the `file` or `files` column of its CSVs).
A warehouse built from another folder may hold all of them, some, or none: scoring it
against the whole gold would count every file it never read as missed. So the gold is
first cut to the files the warehouse holds, and each figure says how many files it
covers and which (a fingerprint of their names), so that figures of two runs are
compared only when they measured the same files.
"""

import csv
import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from evaluation.cli import evaluate
from evaluation.context import Metric


@dataclass(frozen=True)
class Figure:
    """One metric of one table family, e.g. ("entities", "f1", 0.955, "")."""

    table_name: str
    metric: str
    value: float | None
    detail: str


@dataclass(frozen=True)
class Scored:
    gold: str          # the gold folder's name
    gold_files: int    # files of the gold that the warehouse holds
    scope: str         # fingerprint of their names
    figures: list[Figure]


def gold_file_names(gold_dir: Path) -> set[str]:
    """The raw files a gold folder describes (its documents.csv)."""
    path = gold_dir / "documents.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["file"].strip() for row in csv.DictReader(handle) if row.get("file")}


def _keeps(row: dict[str, str], present: set[str]) -> bool:
    if "file" in row:
        return (row["file"] or "").strip() in present
    if "files" in row:  # entities: the files an entity is named in, separated by ';'
        return bool({f.strip() for f in (row["files"] or "").split(";")} & present)
    return True


# Tables other gold files point into by row number (a happening names rows of events.csv):
# copied whole, so every reference still finds its row; their scorers keep to the graded
# files (documents.csv) themselves.
REFERENCED_BY_ROW = {"events.csv", "happenings.csv"}


def cut_gold(gold_dir: Path, present: set[str], out_dir: Path) -> None:
    """Copy every gold CSV to `out_dir`, keeping only the rows of files in `present`
    (tables referenced by row number are copied whole)."""
    for source in sorted(gold_dir.glob("*.csv")):
        if source.name in REFERENCED_BY_ROW:
            shutil.copyfile(source, out_dir / source.name)
            continue
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            rows = [row for row in reader if _keeps(row, present)]
        with (out_dir / source.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)


def scope_of(files: set[str]) -> str:
    return hashlib.sha256("\n".join(sorted(files)).encode()).hexdigest()[:16]


def figures(metrics: dict) -> list[Figure]:
    """The evaluation command's metrics ("entities.f1" -> Metric) as figures; the lists of
    mistakes are left out."""
    out = []
    for name, metric in metrics.items():
        if not isinstance(metric, Metric) or "." not in name:
            continue
        table_name, metric_name = name.split(".", 1)
        out.append(Figure(table_name, metric_name, metric.value, metric.detail.strip("() ")))
    return out


def score_held_files(warehouse: Path, gold_dir: Path, held: set[str]) -> Scored:
    """Score `warehouse` against the part of `gold_dir` about the files it holds (`held`:
    names of its loaded raw files). No figures when it holds none of them."""
    covered = gold_file_names(gold_dir) & held
    if not covered:
        return Scored(gold_dir.name, 0, scope_of(covered), [])
    with tempfile.TemporaryDirectory(prefix="gold-") as tmp:
        cut = Path(tmp) / gold_dir.name  # the folder's own name: gold rows are known by it
        cut.mkdir()
        cut_gold(gold_dir, covered, cut)
        metrics = evaluate(warehouse, cut)
    return Scored(gold_dir.name, len(covered), scope_of(covered), figures(metrics))

"""What every scorer needs: the gold tables and the warehouse, read once."""

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

import duckdb


@dataclass
class Metric:
    value: float | None
    detail: str = ""

    def render(self) -> str:
        if self.value is None:
            return f"{'n/a':>7} {self.detail}"
        return f"{self.value:7.3f} {self.detail}"


def prf(tp: int, fp: int, fn: int, prefix: str) -> dict[str, Metric]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {f"{prefix}.precision": Metric(p, f"({tp}/{tp + fp})"),
            f"{prefix}.recall": Metric(r, f"({tp}/{tp + fn})"),
            f"{prefix}.f1": Metric(f)}


def norm(text: object) -> str:
    """Case, quotes, dashes and white space do not matter when comparing text."""
    if text is None:
        return ""
    s = str(text).translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "}))
    return " ".join(s.casefold().split())


def words(text: object) -> list[str]:
    return re.findall(r"\w+", norm(text))


@dataclass
class Context:
    warehouse: Path
    gold_dir: Path
    raw_dir: Path | None = None
    more_gold: tuple[Path, ...] = ()  # further gold folders scored together with gold_dir (one per corpus)
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = duckdb.connect(str(self.warehouse), read_only=True)
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def gold(self, name: str) -> list[dict[str, str]]:
        return [row for _folder, _number, row in self.gold_rows(name)]

    def gold_rows(self, name: str) -> list[tuple[str, int, dict[str, str]]]:
        """(gold folder's name, 1-based data row, row) of the table over every gold folder:
        what another gold file (evaluation/gold/happenings.csv) points at."""
        found = []
        for folder in (self.gold_dir, *self.more_gold):
            path = folder / f"{name}.csv"
            if not path.exists():
                continue
            with path.open(encoding="utf-8-sig", newline="") as handle:
                found += [(folder.name, number, {k: (v or "").strip() for k, v in row.items()})
                          for number, row in enumerate(csv.DictReader(handle), start=1)]
        return found

    def has_table(self, schema: str, table: str) -> bool:
        return bool(self.con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table]).fetchone()[0])

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    @cached_property
    def gold_files(self) -> set[str]:
        return {r["file"] for r in self.gold("documents")}

    @cached_property
    def doc_file(self) -> dict[str, str]:
        """doc_id -> the raw file's name (the gold's `file` key)."""
        rows = self.rows("select d.doc_id, f.path from core.documents d join core.source_files f using (file_id)")
        return {r["doc_id"]: PurePosixPath(r["path"]).name for r in rows}

    @cached_property
    def sentence_text(self) -> dict[tuple[str, int], str]:
        rows = self.rows("select doc_id, sentence_no, text from core.sentences")
        return {(r["doc_id"], r["sentence_no"]): r["text"] for r in rows}

    def file_text(self, file_id: str) -> str | None:
        row = self.con.execute("select content from core.source_files where file_id = ?", [file_id]).fetchone()
        return row[0] if row else None

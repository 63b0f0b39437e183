"""Descriptions of the marts views and their columns, kept next to each view's SQL.

The tables' descriptions come from the Pandera models; a view has no model, so its
description is the leading comment block of its SQL file and each column is described by
a line `-- column <name>: <description>` in that block. One place to edit, read both by
publish (COMMENT ON VIEW / COLUMN inside DuckDB) and by the data dictionary generator.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

MARTS_SQL = Path(__file__).parent / "sql" / "marts"
_COLUMN = re.compile(r"^--\s*column\s+(\w+)\s*:\s*(.+)$")
_VIEW = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+([\w.]+)", re.IGNORECASE)


@dataclass(frozen=True)
class ViewDoc:
    """A view's name, description and column descriptions as its SQL file states them."""

    name: str
    description: str
    columns: dict[str, str]
    source: Path


def parse_view_doc(sql_file: Path) -> ViewDoc:
    """Read the leading `--` block of a view's SQL file."""
    text = sql_file.read_text(encoding="utf-8")
    prose: list[str] = []
    columns: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        if match := _COLUMN.match(line):
            columns[match.group(1)] = match.group(2).strip()
        elif not columns and not line.lower().startswith("-- columns"):
            prose.append(line[2:].strip())
    view = _VIEW.search(text)
    if view is None:
        raise ValueError(f"{sql_file} creates no view")
    return ViewDoc(view.group(1), " ".join(p for p in prose if p), columns, sql_file)


def view_docs() -> list[ViewDoc]:
    """Every marts view's documentation, in the order publish creates the views."""
    return [parse_view_doc(f) for f in sorted(MARTS_SQL.glob("*.sql"))]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_views(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON each view and each of its documented columns.

    A column the SQL header does not describe stays without comment, which the
    comment-coverage test reports by name (publishing does not fail over a missing word).
    """
    for doc in view_docs():
        con.execute(f"COMMENT ON VIEW {doc.name} IS {_literal(doc.description)}")
        schema, view = doc.name.split(".")
        existing = {row[0] for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?", [schema, view]).fetchall()}
        for column, description in doc.columns.items():
            if column in existing:
                con.execute(f'COMMENT ON COLUMN {doc.name}."{column}" IS {_literal(description)}')

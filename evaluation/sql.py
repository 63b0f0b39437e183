"""Run SQL against the published warehouse, read-only, and print the result:
`bin/warehouse sql "select * from core.documents limit 5"`, or `bin/warehouse sql` alone
for an interactive read-only shell (statements end with `;`, Ctrl-D quits). Read-only
connections never block a pipeline run (the run publishes by renaming a new file into
place). The fts extension is loaded from its installed wheel, so full-text search
(`fts_search_sentences.match_bm25`) works without any download."""

import os
import sys
from pathlib import Path

import duckdb

from storage.search import load_fts


def show(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run `sql` (one or more statements) and print the last result, if any."""
    relation = con.sql(sql)
    if relation is not None:
        relation.show(max_width=200, max_rows=50)


def shell(con: duckdb.DuckDBPyConnection) -> None:
    """A minimal read-eval-print loop (DuckDB's Python package has no CLI of its own);
    piped input is run as one script."""
    if not sys.stdin.isatty():
        show(con, sys.stdin.read())
        return
    buffer: list[str] = []
    while True:
        try:
            buffer.append(input("      ...> " if buffer else "warehouse> "))
        except EOFError:
            print()
            return
        statement = "\n".join(buffer).strip()
        if statement.endswith(";"):
            buffer = []
            try:
                show(con, statement)
            except duckdb.Error as error:
                print(f"error: {error}", file=sys.stderr)


def main(argv: list[str]) -> int:
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    path = Path(os.environ.get("WAREHOUSE_DIR", "warehouse")) / "warehouse.duckdb"
    if not path.exists():
        print(f"no published warehouse at {path}: run `bin/warehouse refresh` first", file=sys.stderr)
        return 2
    with duckdb.connect(str(path), read_only=True) as con:
        load_fts(con)
        if not argv:
            shell(con)
        else:
            con.sql(" ".join(argv)).show(max_width=200, max_rows=50)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

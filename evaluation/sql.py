"""Run SQL against the published warehouse, read-only, and print the result:
`bin/warehouse sql "select * from core.documents limit 5"`. Read-only connections never
block a pipeline run (the run publishes by renaming a new file into place)."""

import os
import sys
from pathlib import Path

import duckdb


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    path = Path(os.environ.get("WAREHOUSE_DIR", "warehouse")) / "warehouse.duckdb"
    if not path.exists():
        print(f"no published warehouse at {path}: run `bin/warehouse refresh` first", file=sys.stderr)
        return 2
    with duckdb.connect(str(path), read_only=True) as con:
        con.sql(" ".join(argv)).show(max_width=200, max_rows=50)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

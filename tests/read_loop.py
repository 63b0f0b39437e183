"""`python -m tests.read_loop WAREHOUSE_FILE STOP_FILE`: an analyst querying the published
file read-only in a loop until STOP_FILE exists. Each pass checks that what it sees is one
complete published state: every table's row count equals what the newest audit.runs row
says was published. Prints passes and problems as JSON on exit."""

import json
import sys
import time
from pathlib import Path

import duckdb


def one_pass(path: str) -> str | None:
    with duckdb.connect(path, read_only=True) as con:
        (rows_json,) = con.execute("select rows_per_table from audit.runs order by finished_at desc limit 1").fetchone()
        expected = json.loads(rows_json)
        tables = sorted(expected)
        query = " union all ".join(f"select '{t}', count(*) from {t}" for t in tables)  # our own table names
        actual = dict(con.execute(query).fetchall())
    wrong = {t: (actual[t], expected[t]) for t in tables if actual[t] != expected[t]}
    return f"row counts differ from audit.runs: {wrong}" if wrong else None


if __name__ == "__main__":
    path, stop = sys.argv[1], Path(sys.argv[2])
    passes, problems = 0, []
    while not stop.exists():
        try:
            problem = one_pass(path)
            if problem:
                problems.append(problem)
        except Exception as error:  # a lock error or a torn read is exactly what we look for
            problems.append(f"{type(error).__name__}: {error}")
        passes += 1
        time.sleep(0.5)  # 20 of these share two cores with the runs
    print(json.dumps({"passes": passes, "problems": problems[:5], "n_problems": len(problems)}))

"""`python -m tests.run_once RAW WAREHOUSE`: one pipeline run in a process of its own, so
that tests can kill it, or start two at once."""

import sys
from pathlib import Path

from tests.helpers import run_pipeline

if __name__ == "__main__":
    result = run_pipeline(Path(sys.argv[1]), Path(sys.argv[2]))
    sys.exit(0 if result.success else 1)

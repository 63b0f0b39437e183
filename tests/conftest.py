"""Shared fixtures: the shipped corpus and one published warehouse built from it."""

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.helpers import RAW, run_pipeline


@pytest.fixture(scope="session")
def raw_texts() -> dict[str, str]:
    """The shipped corpus, decoded: {file name: text}."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """The pipeline run once on the shipped corpus: (Dagster result, published file)."""
    base = tmp_path_factory.mktemp("seeds")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    result = run_pipeline(raw, base / "warehouse")
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result, base / "warehouse" / "warehouse.duckdb"


@pytest.fixture(scope="session")
def seed_warehouse(seed_run) -> Path:
    """The published file of the seed run."""
    return seed_run[1]


@pytest.fixture
def seed_db(seed_warehouse):
    """A read-only connection to the seed warehouse."""
    con = duckdb.connect(str(seed_warehouse), read_only=True)
    yield con
    con.close()

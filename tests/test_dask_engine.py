"""The extraction on a real Dask cluster: a scheduler and two workers started as separate
processes on 127.0.0.1 (bench.cluster), each worker in a folder of its own, sharing only
the warehouse folder. The published warehouse equals the in-process one, also when a
worker is killed with SIGKILL in the middle of the run."""

import shutil
import threading
import time

import duckdb
import pytest

import assets.extraction as extraction
from tests.helpers import RAW, run_pipeline

distributed = pytest.importorskip("distributed")

CORE = ["source_files", "documents", "sentences", "time_expressions", "entities", "mentions", "events",
        "positions", "memberships", "quantities", "interview_turns"]


def _kill_a_busy_worker(cluster, killed: threading.Event, stop: threading.Event) -> None:
    """SIGKILL worker-0 as soon as the scheduler shows it holding a batch."""
    with distributed.Client(cluster.address, set_as_default=False, timeout=30) as client:
        while not stop.is_set():
            workers = client.scheduler_info()["workers"]
            busy = client.processing()
            if any(info.get("name") == "worker-0" and busy.get(address) for address, info in workers.items()):
                cluster.kill_worker(0)
                killed.set()
                return
            time.sleep(0.05)


def test_a_dask_cluster_publishes_what_one_process_does_even_when_a_worker_dies(tmp_path, monkeypatch,
                                                                                seed_warehouse):
    from bench.cluster import local_cluster

    monkeypatch.setattr(extraction, "EXTRACT_BATCH_FILES", 1)  # five batches for two workers
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    warehouse = tmp_path / "shared" / "warehouse"  # the one folder the workers share
    with local_cluster(tmp_path / "cluster", workers=2) as cluster:
        monkeypatch.setenv("WAREHOUSE_DASK_SCHEDULER", cluster.address)
        killed, stop = threading.Event(), threading.Event()
        killer = threading.Thread(target=_kill_a_busy_worker, args=(cluster, killed, stop), daemon=True)
        killer.start()
        result = run_pipeline(raw, warehouse)
        stop.set()
        killer.join(timeout=30)
    assert killed.is_set(), "worker-0 was never seen holding a batch"
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    engines = [e.event_specific_data.materialization.metadata["engine"].value
               for e in result.get_asset_materialization_events()
               if e.event_specific_data.materialization.asset_key == extraction.EXTRACTION_KEY]
    assert engines == ["dask"]
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        con.execute(f"ATTACH '{seed_warehouse}' AS alone (READ_ONLY)")
        for table in CORE:
            columns = "* EXCLUDE (ingested_at)" if table == "source_files" else "*"  # when each run read it
            for a, b in (("core", "alone.core"), ("alone.core", "core")):
                extra = con.execute(f"SELECT count(*) FROM (SELECT {columns} FROM {a}.{table} EXCEPT ALL "
                                    f"SELECT {columns} FROM {b}.{table})").fetchone()[0]
                assert extra == 0, f"{table}: {extra} rows of {a} not in {b}"
        assert con.execute("SELECT count(*) FROM core.events").fetchone()[0] > 0

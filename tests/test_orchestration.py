"""The code location: one Definitions with the job, schedule, sensor, groups and checks."""

import dagster as dg

from pipelines import defs
from pipelines.sensors import raw_folder_sensor


def test_definitions_load_with_job_schedule_sensor_and_checks():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"core/source_files", "core/documents", "core/sentences", "warehouse"} <= keys
    groups = {graph.get(dg.AssetKey.from_user_string(k)).group_name for k in keys}
    assert {"raw", "core", "publish"} <= groups
    assert all(graph.get(dg.AssetKey.from_user_string(k)).description for k in keys)
    assert defs.resolve_job_def("refresh_warehouse")
    assert defs.resolve_schedule_def("daily_refresh").cron_schedule == "0 3 * * *"
    checks = {c.name for c in graph.asset_check_keys}
    assert {"documents_offsets_exact", "sentences_offsets_exact"} <= checks


def test_sensor_requests_a_run_when_raw_files_change_and_only_then(tmp_path, monkeypatch):
    monkeypatch.setenv("RAW_DIR", str(tmp_path))
    (tmp_path / "a.txt").write_text("CSTO news\n")
    first = raw_folder_sensor(dg.build_sensor_context(cursor=None))
    assert len(first.run_requests) == 1
    unchanged = raw_folder_sensor(dg.build_sensor_context(cursor=first.cursor))
    assert isinstance(unchanged, dg.SkipReason)
    (tmp_path / "b.txt").write_text("more CSTO news\n")
    added = raw_folder_sensor(dg.build_sensor_context(cursor=first.cursor))
    assert len(added.run_requests) == 1 and added.cursor != first.cursor
    (tmp_path / "a.txt").unlink()
    removed = raw_folder_sensor(dg.build_sensor_context(cursor=added.cursor))
    assert len(removed.run_requests) == 1


def test_every_asset_check_passes_on_the_shipped_corpus(seed_run):
    result, _ = seed_run
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    names = {ev.check_name for ev in evaluations}
    assert {"events_dated_in_plausible_range", "events_have_no_orphan_ids", "positions_have_no_orphan_ids",
            "memberships_have_no_orphan_ids", "sentences_offsets_exact", "mentions_offsets_exact"} <= names
    assert [ev.check_name for ev in evaluations if not ev.passed] == []


def test_the_process_that_runs_the_steps_gives_arrow_the_system_allocator():
    """`dagster ... -m pipelines` imports the code location before pyarrow: Arrow's C++
    code (the Parquet reader's threads) then allocates with malloc, whose freed pages the
    step hook hands back, not with mimalloc, which kept them (see storage.memory)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    probe = "import pipelines, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    found = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "system"
    bare = subprocess.run([sys.executable, "-c", "import pyarrow; print(pyarrow.default_memory_pool().backend_name)"],
                          env=env, capture_output=True, text=True, check=True)
    assert bare.stdout.strip() != "system"  # what the code location changes

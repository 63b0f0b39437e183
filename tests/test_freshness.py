"""The published warehouse carries a freshness policy, so a stale one shows up in the UI."""

from datetime import timedelta

import dagster as dg
from dagster._core.definitions.freshness import TimeWindowFreshnessPolicy

from pipelines import defs
from pipelines.freshness import WAREHOUSE_KEY


def specs_by_key() -> dict[dg.AssetKey, dg.AssetSpec]:
    return {spec.key: spec for spec in defs.resolve_all_asset_specs()}


def test_warehouse_warns_after_a_missed_daily_refresh_and_fails_after_two():
    policy = specs_by_key()[WAREHOUSE_KEY].freshness_policy
    assert isinstance(policy, TimeWindowFreshnessPolicy)
    assert policy.warn_window.to_timedelta() == timedelta(hours=26)
    assert policy.fail_window.to_timedelta() == timedelta(hours=48)


def test_only_the_published_warehouse_has_the_policy():
    with_policy = [key for key, spec in specs_by_key().items() if spec.freshness_policy is not None]
    assert with_policy == [WAREHOUSE_KEY]
    assert len(specs_by_key()) > 5


def test_refresh_job_still_covers_every_asset():
    job = defs.resolve_job_def("refresh_warehouse")
    assert WAREHOUSE_KEY in job.asset_layer.asset_graph.get_all_asset_keys()

"""Freshness: a stale published warehouse shows up in the Dagster UI (WARN, then FAIL on
the `warehouse` asset) instead of silently serving old answers.

The daily schedule rebuilds at 03:00 UTC, so a warehouse older than a day and a bit has
missed one refresh (warn) and one older than two days has missed two (fail). The policy
is attached here, in the code location, rather than in the asset's module, because how
fresh the product must be is an operating decision, not part of how it is built.
"""

from collections.abc import Sequence
from datetime import timedelta

import dagster as dg

WAREHOUSE_KEY = dg.AssetKey(["warehouse"])
WAREHOUSE_FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=48),
                                                     warn_window=timedelta(hours=26))


def _stamp(spec: dg.AssetSpec) -> dg.AssetSpec:
    return spec.replace_attributes(freshness_policy=WAREHOUSE_FRESHNESS) if spec.key == WAREHOUSE_KEY else spec


def with_freshness(assets: Sequence[object]) -> list[object]:
    """The loaded asset definitions, with the freshness policy on the published warehouse.
    (AssetsDefinition.map_asset_specs is stable; the Definitions-level one is in preview.)"""
    return [a.map_asset_specs(_stamp) if isinstance(a, dg.AssetsDefinition) else a for a in assets]

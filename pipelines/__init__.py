"""The Dagster code location: `dagster ... -m pipelines` loads `defs` from here."""

from pipelines.definitions import defs

__all__ = ["defs"]

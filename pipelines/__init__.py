"""The Dagster code location: `dagster ... -m pipelines` loads `defs` from here."""

from storage.memory import keep_the_heap_compact

keep_the_heap_compact()  # the process that runs the steps: before any of them allocates

from pipelines.definitions import defs  # noqa: E402

__all__ = ["defs"]

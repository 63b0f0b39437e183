"""The Dagster code location: `dagster ... -m pipelines` loads `defs` from here."""

from storage.memory import arrow_on_the_system_allocator, keep_the_heap_compact

# the process that runs the steps: before any of them allocates, or imports pyarrow
arrow_on_the_system_allocator()
keep_the_heap_compact()

from pipelines.definitions import defs  # noqa: E402

__all__ = ["defs"]

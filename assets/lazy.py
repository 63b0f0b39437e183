"""Inputs read only when asked: the publish step takes every table of the run but writes
them one at a time, so it never holds the whole corpus in memory at once."""

from collections.abc import Callable

import dagster as dg

from assets.validation import Validated


class LazyTable:
    """A table of the run, loaded by the run's IO manager when `load()` is called."""

    def __init__(self, loader: Callable[[], Validated]):
        self._loader = loader

    def load(self) -> Validated:
        return self._loader()


@dg.input_manager(required_resource_keys={"io_manager"})
def lazy_tables(context: dg.InputContext) -> LazyTable:
    """Defers to whatever IO manager the deployment uses (files here, object storage on k8s)."""
    return LazyTable(lambda: context.resources.io_manager.load_input(context))

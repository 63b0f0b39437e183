"""A persistent cache of spaCy's entities per sentence text, so that a run after adding a
few files parses only the new sentences.

One folder per model and version, `ner-<model>-<version>/`, of Parquet files (key, entities
as JSON) written once each: every flush adds one file, named by the hash of its keys,
written under a temporary name and renamed into place, so a killed run never leaves a torn
file and two runs may share the folder. Lookups go to DuckDB a batch of keys at a time
(`get_many`), so the cache is never held in memory whole."""

import json
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path

import duckdb
import pandas as pd

from storage.parquet_files import content_key, write_once


class NerCache(MutableMapping[str, list]):
    """sentence-text hash -> [(start, end, label), ...]."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._pending: dict[str, list] = {}

    def _files(self) -> list[str]:
        return sorted(str(p) for p in self.folder.glob("*.parquet"))

    def get_many(self, keys: Iterable[str]) -> dict[str, list]:
        """The cached entities of those of `keys` the cache holds, in one query."""
        keys = list(dict.fromkeys(keys))
        found = {k: self._pending[k] for k in keys if k in self._pending}
        files = self._files()
        wanted = [k for k in keys if k not in found]
        if files and wanted:
            with duckdb.connect() as con:
                con.register("wanted", pd.DataFrame({"key": wanted}))
                rows = con.execute("SELECT c.key, any_value(c.ents) FROM read_parquet(?) c "
                                   "SEMI JOIN wanted USING (key) GROUP BY c.key", [files]).fetchall()
            found.update((k, json.loads(ents)) for k, ents in rows)
        return found

    def __getitem__(self, key: str) -> list:
        found = self.get_many([key])
        if key not in found:
            raise KeyError(key)
        return found[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.get_many([key])

    def __setitem__(self, key: str, value: list) -> None:
        self._pending[key] = value

    def __delitem__(self, key: str) -> None:
        """Only what was parsed since the last flush: written files are never changed."""
        del self._pending[key]

    def __iter__(self) -> Iterator[str]:
        files = self._files()
        written = [k for (k,) in duckdb.sql(f"SELECT DISTINCT key FROM read_parquet({files!r})").fetchall()] \
            if files else []
        yield from dict.fromkeys([*written, *self._pending])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def n_pending(self) -> int:
        """Sentences parsed since the last flush."""
        return len(self._pending)

    def flush(self) -> None:
        """Write what was parsed since the last flush as one new file."""
        if self._pending:
            keys = sorted(self._pending)
            write_once(pd.DataFrame({"key": keys, "ents": [json.dumps(self._pending[k]) for k in keys]}),
                       self.folder / f"{content_key(keys)}.parquet")
        self._pending.clear()

    def close(self) -> None:
        """Write what this run parsed."""
        self.flush()


def ner_cache_file(warehouse_dir: Path, model: str) -> Path:
    """One cache per model and version (`model` names both): a new model never reuses
    another's entities."""
    return warehouse_dir / ".cache" / f"ner-{model}"


def open_ner_cache(warehouse_dir: Path, model: str, log: Callable[[str], None]) -> NerCache | None:
    """The cache beside the warehouse, or None (every sentence parsed) when it cannot be
    opened: a cache is an optimisation, never a reason to fail."""
    try:
        return NerCache(ner_cache_file(warehouse_dir, model))
    except OSError as error:
        log(f"no spaCy cache this run ({error}); every sentence is parsed")
        return None

"""A persistent cache of spaCy's entities per sentence text, so that a run after adding a
few files parses only the new sentences. SQLite (standard library) gives atomic writes,
so a killed run never leaves a torn cache, and two runs may share it."""

import json
import sqlite3
from collections.abc import Callable, Iterator, MutableMapping
from importlib.metadata import version
from pathlib import Path

from textmine.nlp import MODEL


class NerCache(MutableMapping[str, list]):
    """sentence-text hash -> [(start, end, label), ...] in one SQLite file per model."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(str(path), timeout=60)
        self._con.execute("create table if not exists ner (key text primary key, ents text not null)")
        self._pending: dict[str, list] = {}

    def __getitem__(self, key: str) -> list:
        if key in self._pending:
            return self._pending[key]
        row = self._con.execute("select ents from ner where key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return json.loads(row[0])

    def __contains__(self, key: object) -> bool:
        return key in self._pending or self._con.execute(
            "select 1 from ner where key = ?", (key,)).fetchone() is not None

    def __setitem__(self, key: str, value: list) -> None:
        self._pending[key] = value

    def __delitem__(self, key: str) -> None:
        self._pending.pop(key, None)
        self._con.execute("delete from ner where key = ?", (key,))

    def __iter__(self) -> Iterator[str]:
        yield from (k for (k,) in self._con.execute("select key from ner"))

    def __len__(self) -> int:
        return self._con.execute("select count(*) from ner").fetchone()[0]

    @property
    def n_pending(self) -> int:
        """Sentences parsed since the last flush."""
        return len(self._pending)

    def flush(self) -> None:
        """Write what was parsed since the last flush, in one transaction."""
        with self._con:
            self._con.executemany("insert or replace into ner values (?, ?)",
                                  [(k, json.dumps(v)) for k, v in self._pending.items()])
        self._pending.clear()

    def close(self) -> None:
        """Write what this run parsed, then close."""
        self.flush()
        self._con.close()


def ner_cache_file(warehouse_dir: Path) -> Path:
    """One cache per model and version: a new model never reuses another's entities."""
    return warehouse_dir / ".cache" / f"ner-{MODEL}-{version(MODEL.replace('_', '-'))}.sqlite"


def open_ner_cache(warehouse_dir: Path, log: Callable[[str], None]) -> NerCache | None:
    """The cache beside the warehouse, or None (every sentence parsed) when it cannot be
    opened: a cache is an optimisation, never a reason to fail."""
    try:
        return NerCache(ner_cache_file(warehouse_dir))
    except (OSError, sqlite3.Error) as error:
        log(f"no spaCy cache this run ({error}); every sentence is parsed")
        return None

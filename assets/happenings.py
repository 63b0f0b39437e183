"""Reports of one happening across articles, merged a group at a time from a spill file.

textmine.happenings only ever joins reports of one type (family) whose dates fall in one year
(a year holds its months and days), and a report without a resolved date is a happening
of its own. So the merge of a whole corpus is the merge of each (type, year) group on its
own, given the corpus's hubs (entities too common to tell happenings apart), counted
while the reports are added. The reports wait in a temporary SQLite file (the page cache
keeps a few MB), and only one group at a time is held as objects: the events step does
not hold every report of the corpus (164,000 at 10,000 files: +130 MB) while it merges."""

import os
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from itertools import groupby
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from textmine.events import OBJECT_TYPES, EventCandidate
from textmine.happenings import Report, family_of, hubs_of, join_across_years, merge_reports
from storage.memo import digest
from textmine.ids import stable_id

_COLUMNS = ("grp", "seq", "event_id", "doc_id", "sentence_no", "event_type", "ordinal", "t_start",
            "date_start", "date_end", "precision", "participants", "objects")
_SEP = "\x1f"  # between participant ids and key parts (entity ids and doc ids never hold it)


REPORT_COLUMNS = tuple(c for c in _COLUMNS if c != "seq")
MEMO_FILE = "merged.parquet"


def _group_key(group: list[tuple[str, Report | None]], kinds: Mapping[str, int], hubs: frozenset[str],
               version: str) -> str:
    """What a group's merge reads: its reports in order, the hubs among their entities,
    the object levels of their entities, and the code (`version`)."""
    parts, entities = [version], set()
    for event_id, r in group:
        if r is None:
            continue
        entities |= r.participants | r.objects
        parts.append("|".join(map(str, (event_id, *r.key, r.doc_id, r.event_type, r.date_start, r.date_end,
                                        r.precision, sorted(r.participants), sorted(r.objects)))))
    parts.append(f"hubs={sorted(entities & hubs)}")
    parts.append(f"kinds={sorted((e, kinds[e]) for e in entities if e in kinds)}")
    return digest(parts)


def report_rows(candidates: Iterable[EventCandidate]) -> pd.DataFrame:
    """What the merge keeps of each report (after drop_repeats): its group (same type
    family, same year; an undated report alone), date, participants and objects."""
    rows = []
    for c in candidates:
        t, ev = c.event.timex, c.event
        group = f"{family_of(ev.event_type)}|{t.date_start.year}" if t.resolved else f"alone|{c.event_id}"
        rows.append((group, c.event_id, c.doc_id, c.sentence_no, ev.event_type, ev.ordinal, t.start,
                     t.date_start.isoformat() if t.resolved else None,
                     t.date_end.isoformat() if t.resolved else None, t.precision, _SEP.join(ev.participants),
                     _SEP.join(ev.objects)))
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    return frame.astype({c: "object" for c in REPORT_COLUMNS if c not in ("sentence_no", "ordinal", "t_start")})


class HappeningMerge:
    """Add every report of the corpus (after drop_repeats), `merge` once, then ask for the
    happening id of any report."""

    def __init__(self) -> None:
        self._con = sqlite3.connect("")  # a private temporary file, deleted on close
        self._con.execute(f"CREATE TABLE report ({', '.join(_COLUMNS)})")
        self._con.execute("CREATE TABLE happening (event_id TEXT PRIMARY KEY, happening_id TEXT)")
        self._seq = 0
        self.groups_merged = self.groups_reused = 0  # groups of dated reports merged, and taken from the memo
        self._participants: Counter = Counter()  # dated reports naming each entity
        self._dated = 0

    def add(self, candidates: Iterable[EventCandidate]) -> None:
        self.add_reports(report_rows(candidates))

    def add_reports(self, reports: pd.DataFrame) -> None:
        """Add the rows report_rows gave (perhaps kept from an earlier run, PartMemo)."""
        rows = []
        for values in reports[list(REPORT_COLUMNS)].itertuples(index=False, name=None):
            group, participants = values[0], values[-2]
            if not group.startswith("alone|"):
                self._participants.update(set(participants.split(_SEP)) if participants else set())
                self._dated += 1
            rows.append((group, self._seq, *values[1:]))
            self._seq += 1
        self._con.executemany(f"INSERT INTO report VALUES ({', '.join('?' * len(_COLUMNS))})", rows)

    def _groups(self) -> Iterator[tuple[str, list[tuple[str, Report | None]]]]:
        """Each group's name and (event id, report) in a fixed order (article, sentence,
        position; ties as they were added); an undated report comes alone, without a Report."""
        rows = self._con.execute(f"SELECT {', '.join(_COLUMNS)} FROM report ORDER BY grp, doc_id, sentence_no, t_start, seq")
        for group, members in groupby(rows, key=lambda r: r[0]):
            yield group, [(event_id, Report((doc_id, sentence_no, t_start, event_type, ordinal), doc_id, event_type,
                                     date.fromisoformat(ds), date.fromisoformat(de), precision,
                                     frozenset(participants.split(_SEP)) if participants else frozenset(),
                                     frozenset(objects.split(_SEP)) if objects else frozenset())
                    if ds else None)
                   for (_g, _s, event_id, doc_id, sentence_no, event_type, ordinal, t_start, ds, de, precision,
                        participants, objects) in members]

    def merge(self, kinds: Mapping[str, int], memo: Path | None = None, version: str = "") -> int:
        """Merge every group (`kinds`: entity id -> object level, textmine.happenings.object_kinds);
        returns how many dated happenings there are.

        With a `memo` folder, a group whose reports, hubs and object levels are those of a
        group of the last merge takes that merge's result instead of merging again: a
        group's merge reads nothing else, and one file added to a corpus touches a few
        of its groups (the merge of all groups costs about 40 s at 10,000 files). `version`
        names the code: a merge of other code is never taken."""
        hubs = hubs_of(self._participants, self._dated)
        n_dated = 0
        once: list[tuple[str, Report]] = []  # reports of foundings and entries into force: join_across_years
        last = self._load_memo(memo)
        self._con.execute("CREATE TEMP TABLE group_key (grp TEXT PRIMARY KEY, gkey TEXT)")
        for name, group in self._groups():
            reports = [r for _, r in group if r is not None]
            merged: dict[tuple, str] = {}
            if reports:
                key = _group_key(group, kinds, hubs, version)
                self._con.execute("INSERT INTO group_key VALUES (?, ?)", (name, key))
                found = dict(self._con.execute("SELECT event_id, happening_id FROM last_merge WHERE gkey = ?",
                                               (key,)).fetchall()) if last else {}
                if len(found) == len(reports):
                    merged = {r.key: found[event_id] for event_id, r in group if r is not None}
                    self.groups_reused += 1
                else:
                    merged = merge_reports(reports, kinds, hubs)
                    self.groups_merged += 1
            n_dated += len(set(merged.values()))
            once += [(merged[r.key], r) for r in reports if r.event_type in OBJECT_TYPES]
            self._con.executemany("INSERT INTO happening VALUES (?, ?)", (
                (event_id, merged[r.key] if r is not None else None) for event_id, r in group))
        if memo is not None:
            self._save_memo(memo)
        joined = join_across_years(once)
        if joined:
            self._con.execute("CREATE TEMP TABLE joined (old TEXT PRIMARY KEY, new TEXT)")
            self._con.executemany("INSERT INTO joined VALUES (?, ?)", sorted(joined.items()))
            self._con.execute("UPDATE happening SET happening_id = (SELECT new FROM joined WHERE old = happening_id) "
                              "WHERE happening_id IN (SELECT old FROM joined)")
            n_dated -= len(joined)
        # an undated report is a happening of its own, under the id of its own key
        undated = self._con.execute("SELECT h.event_id, r.doc_id, r.sentence_no, r.t_start, r.event_type, r.ordinal "
                                    "FROM happening h JOIN report r USING (event_id) WHERE h.happening_id IS NULL").fetchall()
        self._con.executemany("UPDATE happening SET happening_id = ? WHERE event_id = ?",
                              ((stable_id("h", *key), event_id) for event_id, *key in undated))
        return n_dated

    def _load_memo(self, memo: Path | None) -> bool:
        """The last merge's results (group key, event id, happening id) into a table."""
        self._con.execute("CREATE TEMP TABLE last_merge (gkey TEXT, event_id TEXT, happening_id TEXT)")
        if memo is None or not (memo / MEMO_FILE).exists():
            return False
        try:
            for batch in pq.ParquetFile(memo / MEMO_FILE).iter_batches(batch_size=50_000):
                self._con.executemany("INSERT INTO last_merge VALUES (?, ?, ?)", zip(*(
                    batch.column(c).to_pylist() for c in ("gkey", "event_id", "happening_id"))))
        except (OSError, ValueError, pa.ArrowException):
            self._con.execute("DELETE FROM last_merge")  # unreadable: every group is merged
            return False
        self._con.execute("CREATE INDEX last_merge_key ON last_merge (gkey)")
        return True

    def _save_memo(self, memo: Path) -> None:
        """This merge's results by group key, for the next run (before joining across years,
        which reads every group and is done again each time)."""
        rows = self._con.execute("SELECT g.gkey, h.event_id, h.happening_id FROM happening h "
                                 "JOIN report r USING (event_id) JOIN group_key g USING (grp) "
                                 "WHERE h.happening_id IS NOT NULL ORDER BY g.gkey, h.event_id")
        schema = pa.schema([("gkey", pa.string()), ("event_id", pa.string()), ("happening_id", pa.string())])
        memo.mkdir(parents=True, exist_ok=True)
        temporary = memo / f"{MEMO_FILE}.tmp-{uuid.uuid4().hex[:8]}"
        try:
            with pq.ParquetWriter(temporary, schema) as writer:
                while chunk := rows.fetchmany(50_000):
                    writer.write_table(pa.Table.from_pylist(
                        [dict(zip(("gkey", "event_id", "happening_id"), row)) for row in chunk], schema=schema))
            os.replace(temporary, memo / MEMO_FILE)
        except OSError:
            temporary.unlink(missing_ok=True)  # only a memo: the next run merges every group

    def happening_ids(self, candidates: Iterable[EventCandidate]) -> dict[tuple, str]:
        """key -> happening id of reports that were added and merged."""
        by_id = {c.event_id: c.key for c in candidates}
        return {by_id[e]: h for e, h in self.happenings_of(by_id).items()}

    def happenings_of(self, event_ids: Iterable[str]) -> dict[str, str]:
        """event id -> happening id of reports that were added and merged."""
        self._con.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (event_id TEXT PRIMARY KEY)")
        self._con.execute("DELETE FROM wanted")
        self._con.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((e,) for e in event_ids))
        return dict(self._con.execute(
            "SELECT w.event_id, h.happening_id FROM wanted w CROSS JOIN happening h ON h.event_id = w.event_id"))

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "HappeningMerge":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

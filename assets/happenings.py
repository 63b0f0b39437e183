"""Reports of one happening across articles, merged a group at a time from a spill file.

textmine.happenings only ever joins reports of one type (family) whose dates fall in one year
(a year holds its months and days), and a report without a resolved date is a happening
of its own. So the merge of a whole corpus is the merge of each (type, year) group on its
own, given the corpus's hubs (entities too common to tell happenings apart), counted
while the reports are added. The reports wait in a temporary SQLite file (the page cache
keeps a few MB), and only one group at a time is held as objects: the events step does
not hold every report of the corpus (164,000 at 10,000 files: +130 MB) while it merges."""

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from itertools import groupby

import pandas as pd

from textmine.events import OBJECT_TYPES, EventCandidate
from textmine.happenings import Report, family_of, hubs_of, join_across_years, merge_reports
from textmine.ids import stable_id

_COLUMNS = ("grp", "seq", "event_id", "doc_id", "sentence_no", "event_type", "ordinal", "t_start",
            "date_start", "date_end", "precision", "participants", "objects")
_SEP = "\x1f"  # between participant ids and key parts (entity ids and doc ids never hold it)


REPORT_COLUMNS = tuple(c for c in _COLUMNS if c != "seq")


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

    def _groups(self) -> Iterator[list[tuple[str, Report | None]]]:
        """Each group's (event id, report) in a fixed order (article, sentence, position;
        ties as they were added); an undated report comes alone, without a Report."""
        rows = self._con.execute(f"SELECT {', '.join(_COLUMNS)} FROM report ORDER BY grp, doc_id, sentence_no, t_start, seq")
        for _group, members in groupby(rows, key=lambda r: r[0]):
            yield [(event_id, Report((doc_id, sentence_no, t_start, event_type, ordinal), doc_id, event_type,
                                     date.fromisoformat(ds), date.fromisoformat(de), precision,
                                     frozenset(participants.split(_SEP)) if participants else frozenset(),
                                     frozenset(objects.split(_SEP)) if objects else frozenset())
                    if ds else None)
                   for (_g, _s, event_id, doc_id, sentence_no, event_type, ordinal, t_start, ds, de, precision,
                        participants, objects) in members]

    def merge(self, kinds: Mapping[str, int]) -> int:
        """Merge every group (`kinds`: entity id -> object level, textmine.happenings.object_kinds);
        returns how many dated happenings there are."""
        hubs = hubs_of(self._participants, self._dated)
        n_dated = 0
        once: list[tuple[str, Report]] = []  # reports of foundings and entries into force: join_across_years
        for group in self._groups():
            reports = [r for _, r in group if r is not None]
            merged = merge_reports(reports, kinds, hubs) if reports else {}
            n_dated += len(set(merged.values()))
            once += [(merged[r.key], r) for r in reports if r.event_type in OBJECT_TYPES]
            self._con.executemany("INSERT INTO happening VALUES (?, ?)", (
                (event_id, merged[r.key] if r is not None else None) for event_id, r in group))
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

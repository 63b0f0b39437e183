"""Reports of one happening across articles, merged a group at a time from a spill file.

textmine.events.merge_happenings only ever joins reports of the same type and the same
dates (its groups), and a report without a resolved date is a happening of its own. So
the merge of a whole corpus is the merge of each group on its own, in the same order. The
reports of the corpus wait in a temporary SQLite file (the page cache keeps a few MB),
and only one group at a time is held as objects: the events step no longer holds every
report of the corpus (164,000 at 10,000 files: +130 MB) while it merges them."""

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import groupby

from textmine.events import DetectedEvent, EventCandidate, merge_happenings
from textmine.timex import Timex

_COLUMNS = ("grp", "seq", "event_id", "doc_id", "sentence_no", "event_type", "ordinal", "t_start", "t_end", "kind",
            "date_start", "date_end", "precision", "is_relative", "anchor", "participants")
_SEP = "\x1f"  # between participant ids (entity ids never hold it)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class HappeningMerge:
    """Add every report of the corpus (after drop_repeats), `merge` once, then ask for the
    happening id of any report."""

    def __init__(self) -> None:
        self._con = sqlite3.connect("")  # a private temporary file, deleted on close
        self._con.execute(f"CREATE TABLE report ({', '.join(_COLUMNS)})")
        self._con.execute("CREATE TABLE happening (event_id TEXT PRIMARY KEY, happening_id TEXT)")
        self._seq = 0

    def add(self, candidates: Iterable[EventCandidate]) -> None:
        rows = []
        for c in candidates:
            t, ev = c.event.timex, c.event
            # reports merge only inside a group: same type and dates; an undated one is alone
            group = f"{ev.event_type}|{t.date_start}|{t.date_end}" if t.resolved else f"alone|{c.event_id}"
            rows.append((group, self._seq, c.event_id, c.doc_id, c.sentence_no, ev.event_type, ev.ordinal, t.start,
                         t.end, t.kind, _iso(t.date_start), _iso(t.date_end), t.precision, t.is_relative, t.anchor,
                         _SEP.join(ev.participants)))
            self._seq += 1
        self._con.executemany(f"INSERT INTO report VALUES ({', '.join('?' * len(_COLUMNS))})", rows)

    def _groups(self) -> Iterator[list[EventCandidate]]:
        """Each group's reports in the order merge_happenings gives them (drop_repeats'
        order: article, sentence, position; ties as they were added)."""
        rows = self._con.execute(f"SELECT {', '.join(_COLUMNS)} FROM report "
                                 "ORDER BY grp, doc_id, sentence_no, t_start, seq")
        for _group, members in groupby(rows, key=lambda r: r[0]):
            yield [EventCandidate(doc_id, sentence_no, DetectedEvent(
                event_type, Timex(t_start, t_end, "", kind, _day(ds), _day(de), precision, bool(relative), anchor),
                tuple(participants.split(_SEP)) if participants else (), None, "", ordinal))
                for (_g, _s, _e, doc_id, sentence_no, event_type, ordinal, t_start, t_end, kind, ds, de, precision,
                     relative, anchor, participants) in members]

    def merge(self, specific_ids: Iterable[str]) -> int:
        """Merge every group; returns how many dated happenings there are."""
        specific = set(specific_ids)
        for group in self._groups():
            merged = merge_happenings(group, specific)
            self._con.executemany("INSERT INTO happening VALUES (?, ?)",
                                  ((c.event_id, merged[c.key]) for c in group))
        return self._con.execute("SELECT count(DISTINCT h.happening_id) FROM happening h JOIN report r "
                                 "USING (event_id) WHERE r.grp NOT LIKE 'alone|%'").fetchone()[0]

    def happening_ids(self, candidates: Iterable[EventCandidate]) -> dict[tuple, str]:
        """key -> happening id of reports that were added and merged."""
        by_id = {c.event_id: c.key for c in candidates}
        self._con.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (event_id TEXT PRIMARY KEY)")
        self._con.execute("DELETE FROM wanted")
        self._con.executemany("INSERT INTO wanted VALUES (?)", ((e,) for e in by_id))
        return {by_id[e]: h for e, h in self._con.execute(
            "SELECT w.event_id, h.happening_id FROM wanted w CROSS JOIN happening h ON h.event_id = w.event_id")}

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "HappeningMerge":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

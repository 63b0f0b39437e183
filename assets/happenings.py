"""Reports of one happening across articles, merged a (type, year) group at a time, with
what the last run merged kept so that a run merges only the groups that changed.

textmine.happenings only ever joins reports of one type (family) whose dates fall in one year
(a year holds its months and days), and a report without a resolved date is a happening
of its own. So the merge of a whole corpus is the merge of each (type, year) group on its
own, given the corpus's hubs (entities too common to tell happenings apart).

The reports are held as Arrow columns (162,000 reports of 10,000 files: 46 MB), never as
objects but for the group being merged. Each batch's reports come with the key of what
they were derived from (its files, and the ids their names were linked to), and the last
run's reports are kept with a digest of each, their group's key and happening ids: a batch
whose key is kept is taken from there, and a group is merged again only when its reports,
the hubs among their entities or the object levels of these changed. A file added to a
batch changes that batch's key, not the reports of the batch's other files: the groups
they are in keep their happenings.
"""

import os
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from textmine.events import OBJECT_TYPES, EventCandidate
from textmine.happenings import Report, family_of, hubs_of, join_across_years, merge_reports
from storage.memo import digest
from textmine.ids import stable_id

REPORT_COLUMNS = ("grp", "event_id", "doc_id", "sentence_no", "event_type", "ordinal", "t_start",
                  "date_start", "date_end", "precision", "participants", "objects")
_INTEGERS = ("sentence_no", "ordinal", "t_start")
_SEP = "\x1f"  # between participant ids (entity ids never hold it)
ALONE = "alone|"  # the group of an undated report: a happening of its own

# the last merge: every report with the batch it came from (`part`, the key of its
# reports), a digest of its fields, its group's key, and its happening id before the join
# across years
STATE_FILE = "reports.parquet"
STATE_SCHEMA = pa.schema([("part", pa.string())]
                         + [(c, pa.int64() if c in _INTEGERS else pa.string()) for c in REPORT_COLUMNS]
                         + [("rhash", pa.string()), ("gkey", pa.string()), ("happening", pa.string())])


def report_rows(candidates: Iterable[EventCandidate]) -> pd.DataFrame:
    """What the merge keeps of each report (after drop_repeats): its group (same type
    family, same year; an undated report alone), date, participants and objects."""
    rows = []
    for c in candidates:
        t, ev = c.event.timex, c.event
        group = f"{family_of(ev.event_type)}|{t.date_start.year}" if t.resolved else f"{ALONE}{c.event_id}"
        rows.append((group, c.event_id, c.doc_id, c.sentence_no, ev.event_type, ev.ordinal, t.start,
                     t.date_start.isoformat() if t.resolved else None,
                     t.date_end.isoformat() if t.resolved else None, t.precision, _SEP.join(ev.participants),
                     _SEP.join(ev.objects)))
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    return frame.astype({c: "object" for c in REPORT_COLUMNS if c not in _INTEGERS})


def _as_table(reports: pd.DataFrame, part: str) -> pa.Table:
    """report_rows as a table of STATE_SCHEMA, of batch `part`, not merged yet."""
    n = len(reports)
    values = [reports[c].tolist() for c in REPORT_COLUMNS]
    columns = [pa.array([part] * n, pa.string())]
    columns += [pa.array(v, STATE_SCHEMA.field(c).type) for c, v in zip(REPORT_COLUMNS, values)]
    columns += [pa.array([digest(map(str, row)) for row in zip(*values)], pa.string()),
                pa.nulls(n, pa.string()), pa.nulls(n, pa.string())]
    return pa.Table.from_arrays(columns, schema=STATE_SCHEMA)


def _entity_pairs(column: pa.ChunkedArray, rows: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """(row, entity) for each entity named in `column` (ids joined by _SEP) at `rows`."""
    lists = pc.split_pattern(pc.fill_null(column.take(rows), ""), _SEP)
    lists = lists.combine_chunks() if isinstance(lists, pa.ChunkedArray) else lists
    parents = pc.list_parent_indices(lists).to_numpy()
    values = pc.list_flatten(lists)
    named = _numpy(pc.not_equal(values, ""))
    return rows[parents[named]], values.filter(pa.array(named))


def _numpy(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean (or other primitive) Arrow column as a NumPy array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.to_numpy(zero_copy_only=False)


def _runs(column: pa.Array | pa.ChunkedArray) -> list[tuple[int, int]]:
    """(first row, end) of each run of equal values in `column`, in order."""
    encoded = pc.dictionary_encode(column)
    codes = (encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded).indices.to_numpy()
    if not len(codes):
        return []
    starts = [0, *(np.flatnonzero(np.diff(codes)) + 1).tolist()]
    return list(zip(starts, [*starts[1:], len(codes)]))


def _participant_counts(rows: np.ndarray, values: pa.Array) -> Counter:
    """Dated reports naming each entity as a participant (each report counts once), of the
    (row, entity) pairs of their participants (_entity_pairs)."""
    if not len(values):
        return Counter()
    encoded = pc.dictionary_encode(values)
    names = encoded.dictionary.to_pylist()
    distinct = np.unique(rows.astype(np.int64) * len(names) + encoded.indices.to_numpy())
    counts = np.bincount(distinct % len(names), minlength=len(names))
    return Counter({names[i]: int(n) for i, n in enumerate(counts) if n})


def _reports(table: pa.Table) -> list[Report]:
    """Report objects of the rows of `table` (dated rows only)."""
    c = {name: table[name].to_pylist() for name in REPORT_COLUMNS}
    return [Report((doc_id, sentence_no, t_start, event_type, ordinal), doc_id, event_type,
                   date.fromisoformat(ds), date.fromisoformat(de), precision,
                   frozenset(participants.split(_SEP)) if participants else frozenset(),
                   frozenset(objects.split(_SEP)) if objects else frozenset())
            for doc_id, sentence_no, t_start, event_type, ordinal, ds, de, precision, participants, objects
            in zip(c["doc_id"], c["sentence_no"], c["t_start"], c["event_type"], c["ordinal"], c["date_start"],
                   c["date_end"], c["precision"], c["participants"], c["objects"])]


class HappeningMerge:
    """Add every batch's reports (after drop_repeats), `merge` once, then ask for the
    happening ids of a batch's reports.

    With a `memo` folder, the merge starts from the last merge kept there: a batch whose
    reports it holds need not be read (`kept`), and a group whose key is the one it had
    then takes its happening ids from there. A group's key is what its merge reads: its
    reports (a digest of each one's fields), the hubs among their entities, the object
    levels of these, and the code (`version`)."""

    def __init__(self, memo: Path | None = None, version: str = "") -> None:
        self._memo, self._version = memo, version
        self._last = self._load_state()
        self._last_parts: dict[str, tuple[int, int]] = {}  # part -> (first row, rows) in the last merge
        if self._last is not None:
            for first, end in _runs(self._last["part"]):
                self._last_parts[self._last["part"][first].as_py()] = (first, end - first)
        self._parts: list[pa.Table] = []
        self._kept: set[str] = set()  # parts taken from the last merge
        self._offsets: list[int] = [0]
        self._event_ids = self._final = pa.array([], pa.string())  # of every report added, once merged
        self._by_event: dict[str, str] | None = None
        self.groups_merged = self.groups_reused = 0  # groups of dated reports merged, and taken from the memo

    def _load_state(self) -> pa.Table | None:
        if self._memo is None or not (self._memo / STATE_FILE).exists():
            return None
        try:
            table = pq.read_table(self._memo / STATE_FILE)
            return table.cast(STATE_SCHEMA) if table.schema.names == STATE_SCHEMA.names else None
        except (OSError, ValueError, pa.ArrowException):
            return None  # unreadable: every batch is read and every group merged

    def kept(self, part: str | None) -> bool:
        """Whether the last merge holds the reports of batch `part` (add_reports(None, part))."""
        return part is not None and part in self._last_parts

    def add(self, candidates: Iterable[EventCandidate], part: str = "") -> None:
        self.add_reports(report_rows(candidates), part)

    def add_reports(self, reports: pd.DataFrame | None, part: str | None) -> None:
        """Add the next batch's report_rows (perhaps kept from an earlier run, PartMemo),
        or with None those the last merge holds for `part` (kept)."""
        if reports is None:
            first, n = self._last_parts[part]
            table = self._last.slice(first, n)
            self._kept.add(part)
        else:
            table = _as_table(reports, part or "")
        self._parts.append(table)
        self._offsets.append(self._offsets[-1] + table.num_rows)

    def merge(self, kinds: Mapping[str, int]) -> int:
        """Merge every group that changed (`kinds`: entity id -> object level,
        textmine.happenings.object_kinds), keep the result in the memo folder; returns how
        many dated happenings there are. The corpus's reports stay in Arrow columns: only
        the groups being merged and the reports joined across years become objects."""
        table = pa.concat_tables(self._parts) if self._parts else STATE_SCHEMA.empty_table()
        self._parts = []
        alone = _numpy(pc.starts_with(table["grp"], ALONE))
        dated = np.flatnonzero(~alone)
        participants = _entity_pairs(table["participants"], dated)
        hubs = hubs_of(_participant_counts(*participants), len(dated))
        keys = self._group_keys(table, dated, participants, hubs, kinds)
        del participants
        table = self._carry_over(table)
        self._last = None
        groups = pc.dictionary_encode(table["grp"]).combine_chunks()
        new_keys = pa.array([keys.get(g) for g in groups.dictionary.to_pylist()], pa.string()).take(groups.indices)
        # a group is merged again unless every report of it has its key and an id from the last merge
        differs = _numpy(pc.or_(pc.fill_null(pc.not_equal(table["gkey"], new_keys), True),
                                pc.is_null(table["happening"])))
        stale = set(pc.unique(table["grp"].take(dated[differs[dated]])).to_pylist())
        self.groups_reused, self.groups_merged = len(keys) - len(stale), len(stale)
        happening = table["happening"].combine_chunks()
        merged = sorted(self._merge_groups(table, stale, dated, kinds, hubs))
        undated = np.flatnonzero(alone & _numpy(pc.is_null(happening)))
        if len(undated):  # a happening of its own, under the id of its own key
            columns = [table[c].take(undated).to_pylist() for c in ("doc_id", "sentence_no", "t_start",
                                                                    "event_type", "ordinal")]
            merged = sorted(merged + [(int(i), stable_id("h", *key)) for i, key in zip(undated, zip(*columns))])
        if merged:
            mask = np.zeros(table.num_rows, dtype=bool)
            mask[[i for i, _ in merged]] = True
            happening = pc.replace_with_mask(happening, pa.array(mask), pa.array([h for _, h in merged], pa.string()))
        table = table.set_column(table.schema.get_field_index("gkey"), "gkey", new_keys)
        table = table.set_column(table.schema.get_field_index("happening"), "happening", happening)
        if self._memo is not None:
            self._save_state(table)
        n_dated = pa.table({"grp": table["grp"].take(dated), "happening": happening.take(dated)}) \
            .group_by(["grp", "happening"]).aggregate([]).num_rows
        # acts that befall their object once are joined across years
        once = dated[_numpy(pc.is_in(table["event_type"].take(dated),
                                     value_set=pa.array(sorted(OBJECT_TYPES), pa.string())))]
        joined = join_across_years(zip(happening.take(once).to_pylist(), _reports(table.take(once))))
        n_dated -= len(joined)
        if joined:
            at = pc.index_in(happening, value_set=pa.array(list(joined), pa.string()))
            happening = pc.if_else(pc.is_valid(at), pa.array(list(joined.values()), pa.string()).take(at), happening)
        self._event_ids, self._final, self._by_event = table["event_id"].combine_chunks(), happening, None
        return n_dated

    def _carry_over(self, table: pa.Table) -> pa.Table:
        """`table` whose reports of batches new to the merge (the other files of a batch a
        file was added to) take the group key and happening id the last merge gave a report
        of the same fields: their groups need not be merged again."""
        if self._last is None:
            return table
        gone = sorted(set(self._last_parts) - self._kept)
        if not gone:
            return table
        last = self._last.select(["part", "rhash", "gkey", "happening"])
        last = last.filter(pc.is_in(last["part"], value_set=pa.array(gone, pa.string())))
        at = pc.index_in(table["rhash"], value_set=last["rhash"].combine_chunks())
        fill = pc.and_(pc.is_null(table["happening"]), pc.is_valid(at))
        for column in ("gkey", "happening"):
            table = table.set_column(table.schema.get_field_index(column), column,
                                     pc.if_else(fill, last[column].take(at), table[column]))
        return table

    def _group_keys(self, table: pa.Table, dated: np.ndarray, participants: tuple[np.ndarray, pa.Array],
                    hubs: frozenset[str], kinds: Mapping[str, int]) -> dict[str, str]:
        """The key of each group of dated reports: what its merge reads (its reports are
        in a fixed order, which their fields decide). `participants`: the (row, entity)
        pairs of their participants (_entity_pairs)."""
        telling: dict[str, set[str]] = {}  # group -> its entities that are hubs or name objects
        relevant = pa.array(sorted(hubs | set(kinds)), pa.string())
        for rows, values in (participants, _entity_pairs(table["objects"], dated)):
            named_here = _numpy(pc.is_in(values, value_set=relevant))
            for group, entity in zip(table["grp"].take(rows[named_here]).to_pylist(),
                                     values.filter(pa.array(named_here)).to_pylist()):
                telling.setdefault(group, set()).add(entity)
        members = pa.table({"grp": table["grp"].take(dated), "rhash": table["rhash"].take(dated)})
        members = members.take(pc.sort_indices(members, sort_keys=[("grp", "ascending"), ("rhash", "ascending")]))
        keys = {}
        for first, end in _runs(members["grp"]):
            g = members["grp"][first].as_py()
            keys[g] = digest([self._version, *members["rhash"].slice(first, end - first).to_pylist(),
                              f"hubs={sorted(telling.get(g, set()) & hubs)}",
                              f"kinds={sorted((e, kinds[e]) for e in telling.get(g, set()) if e in kinds)}"])
        return keys

    @staticmethod
    def _merge_groups(table: pa.Table, stale: set[str], dated: np.ndarray, kinds: Mapping[str, int],
                      hubs: frozenset[str]) -> Iterable[tuple[int, str]]:
        """(row, happening id) of the reports of the `stale` groups, merged a group at a
        time, each in a fixed order (article, sentence, position; ties as they were added)."""
        if not stale:
            return
        rows = dated[_numpy(pc.is_in(table["grp"].take(dated), value_set=pa.array(sorted(stale), pa.string())))]
        order = ("grp", "doc_id", "sentence_no", "t_start")
        keys = pa.table({**{c: table[c].take(rows) for c in order}, "row": pa.array(rows, pa.int64())})
        rows = rows[pc.sort_indices(keys, sort_keys=[(c, "ascending") for c in (*order, "row")]).to_numpy()]
        del keys
        sub = table.select(list(REPORT_COLUMNS)).take(rows)  # one take: each take of a column in parts joins them
        for first, end in _runs(sub["grp"]):
            reports = _reports(sub.slice(first, end - first))
            merged = merge_reports(reports, kinds, hubs)
            yield from zip(rows[first:end].tolist(), (merged[r.key] for r in reports))

    def _save_state(self, table: pa.Table) -> None:
        """This merge, for the next run; only a memo: if it cannot be written, the next run
        merges every group."""
        self._memo.mkdir(parents=True, exist_ok=True)
        temporary = self._memo / f"{STATE_FILE}.tmp-{uuid.uuid4().hex[:8]}"
        try:
            pq.write_table(table, temporary)
            os.replace(temporary, self._memo / STATE_FILE)
        except OSError:
            temporary.unlink(missing_ok=True)
        (self._memo / "merged.parquet").unlink(missing_ok=True)  # the memo of earlier versions

    def part(self, k: int) -> tuple[list[str], list[str]]:
        """The event ids of the k-th batch added and their happening ids, in order."""
        first, n = self._offsets[k], self._offsets[k + 1] - self._offsets[k]
        return self._event_ids.slice(first, n).to_pylist(), self._final.slice(first, n).to_pylist()

    def happening_ids(self, candidates: Iterable[EventCandidate]) -> dict[tuple, str]:
        """key -> happening id of reports that were added and merged."""
        if self._by_event is None:
            self._by_event = dict(zip(self._event_ids.to_pylist(), self._final.to_pylist()))
        return {c.key: self._by_event[c.event_id] for c in candidates if c.event_id in self._by_event}

    def close(self) -> None:
        self._last, self._parts, self._by_event = None, [], None
        self._event_ids = self._final = pa.array([], pa.string())

    def __enter__(self) -> "HappeningMerge":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

"""Which reports, across articles, are one happening.

Several articles report the treaty signed "in 1992" and "on 15 May 1992", or the force
"formed in 2009": the timeline must show each happening once. Two reports of other
articles are candidates when they have the same type (or, naming one exercise, one of
the types it may be reported under: FAMILY) and their dates can name the same time: the same range, or one range inside the other (a year holding a day), or, for one
named object, two days of one year (the reports then disagree on the date, which the
timeline shows). They are one happening when their participants agree:

- named objects decide first: two reports that both name an exercise or operation (then
  a document, then a force) are one happening exactly when they share one (two treaties
  signed the same year stay apart, one treaty's signing reported twice joins);
- for acts that befall their object once (OBJECT_TYPES: founding, entry into force), what
  the act befalls decides next (same_object, from textmine.events.act_objects): one entity,
  even a hub ("X co-founded the bloc", "the bloc is an alliance formed in 1992"), or one
  object in other words ("the rapid reaction force", "the Collective Rapid Reaction
  Forces") is one happening, two named objects are two;
- on one same day, any shared participant (or none named on one side) suffices, as before;
- otherwise they must share a participant that is not a hub (an entity in more than
  HUB_SHARE of all the corpus's dated reports, like the organisation a corpus is about):
  for acts that befall their object once (ONCE_TYPES: founding, entry into force, joining
  or leaving, taking or leaving office) one such participant is enough, and a report
  that names nobody contradicts nobody (it still needs a unique finer happening); frequent acts
  (meetings, statements, ...) need the same dates and most of their non-hub participants
  shared ("in 2022 the minister said" is no report of what he said on 13 September).

A coarse report joins a finer happening only when exactly one finer happening inside its
range agrees with it: "the Organization was established in 2002" stays apart when the
corpus holds two 2002 establishments it could be. An article states a happening once,
so two reports of one article are never joined. Pure Python: the asset feeds it one
(type, year) group at a time, then join_across_years joins the foundings of one named thing
that reports date a year or two apart (one happening whose dates conflict)."""

from collections import Counter
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from textmine.events import DESCRIPTION_MIN_WORDS, OBJECT_TYPES, EventCandidate
from textmine.ids import stable_id

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
# entity types that name the object of a happening, most telling first
OBJECT_LEVELS = {"EXERCISE": 0, "OPERATION": 0, "DOCUMENT": 1, "FORCE": 2}
NAMED_HAPPENING = 0  # the level of names of happenings themselves (exercises, operations)
# acts that happen to their object once (in a year): sharing one non-hub participant is enough
ONCE_TYPES = {"establishment", "entry_into_force", "ratification", "membership_change", "election_appointment",
              "resignation", "anniversary"}
# types one named happening may be reported under: an exercise edition some texts call a training
FAMILY = {"training": "exercise"}
HUB_SHARE = 0.25  # an entity in more of the corpus's dated reports than this tells no happening apart
HUB_MIN_REPORTS = 8  # ... and in at least this many (a small corpus has no hubs)
MOSTLY_SHARED = 0.5  # share of non-hub participants two reports of a frequent act must have in common


@dataclass(frozen=True, slots=True)
class Report:
    """One dated report of a happening, as much as the merge needs."""

    key: tuple
    doc_id: str
    event_type: str
    date_start: date
    date_end: date
    precision: str | None
    participants: frozenset[str]
    objects: frozenset[str] = frozenset()  # what the act befalls (textmine.events.act_objects)

    @property
    def object_ids(self) -> frozenset[str]:
        return frozenset(o for o in self.objects if not o.startswith("="))

    @property
    def descriptions(self) -> list[frozenset[str]]:
        """The words of each object described in words ("=rapid reaction force")."""
        return [frozenset(o[1:].split()) for o in self.objects if o.startswith("=")]

    @property
    def object_keys(self) -> list[str]:
        """What candidate_pairs indexes a report's objects by: each entity (even a hub: the
        founding of the organisation a corpus is about is one happening) and the noun of
        each description."""
        return ([f"object:{o}" for o in self.object_ids]
                + [f"object={o.rsplit(' ', 1)[-1]}" for o in self.objects if o.startswith("=")])

    @property
    def family(self) -> str:
        return family_of(self.event_type)

    @property
    def rank(self) -> int:
        return PRECISION_RANK.get(self.precision or "year", 2)


def family_of(event_type: str) -> str:
    """The kind of act a type belongs to for the merge (FAMILY): reports merge only within one."""
    return FAMILY.get(event_type, event_type)


def hubs_of(participant_counts: Counter, n_reports: int) -> frozenset[str]:
    """Entities too common among the corpus's reports to tell happenings apart."""
    return frozenset(p for p, n in participant_counts.items()
                     if n >= HUB_MIN_REPORTS and n > HUB_SHARE * n_reports)


def object_match(a: Report, b: Report, kinds: Mapping[str, int]) -> bool | None:
    """True when both reports name the same object at the most telling level both name
    one at; False when both name objects there but none in common; None when no level
    has an object on both sides."""
    levels_a: dict[int, set[str]] = {}
    for p in a.participants:
        if p in kinds:
            levels_a.setdefault(kinds[p], set()).add(p)
    levels_b: dict[int, set[str]] = {}
    for p in b.participants:
        if p in kinds:
            levels_b.setdefault(kinds[p], set()).add(p)
    for level in sorted(set(levels_a) & set(levels_b)):
        return bool(levels_a[level] & levels_b[level])
    return None


def same_object(a: Report, b: Report) -> bool | None:
    """For acts that befall their object once (OBJECT_TYPES): True when the two reports'
    acts befall one entity (a hub too: "X co-founded the bloc" and "the bloc is an alliance
    formed in 1992"), or one object described in words all found in the other's description
    ("the rapid reaction force" and "the Collective Rapid Reaction Forces"); False when both
    name entities and none in common; None when that does not tell."""
    if a.event_type not in OBJECT_TYPES:
        return None
    ids_a, ids_b = a.object_ids, b.object_ids
    if ids_a and ids_b:
        return bool(ids_a & ids_b)
    if any(min(len(x), len(y)) >= DESCRIPTION_MIN_WORDS and (x <= y or y <= x)
           for x in a.descriptions for y in b.descriptions):
        return True
    return None


def compatible(a: Report, b: Report, kinds: Mapping[str, int], hubs: frozenset[str]) -> bool:
    """Do the participants of two reports of one type and fitting dates agree?"""
    if a.event_type != b.event_type:  # one family, two types: only one named exercise or operation tells
        return bool({p for p in a.participants & b.participants if kinds.get(p) == NAMED_HAPPENING})
    named = object_match(a, b, kinds)
    if named is not None:
        return named
    befalls = same_object(a, b)
    if befalls is not None:
        return befalls
    same_range = (a.date_start, a.date_end) == (b.date_start, b.date_end)
    if a.precision == b.precision == "day" and same_range:
        return not a.participants or not b.participants or bool(a.participants & b.participants)
    if not same_range and a.event_type in ONCE_TYPES and (not a.participants or not b.participants):
        return True  # one names nobody, so nothing disagrees: it joins the one finer happening that fits
    shared = (a.participants & b.participants) - hubs
    if not shared:
        return False
    if a.event_type in ONCE_TYPES:
        return True
    if not same_range:  # "in 2022 X said" is not "on 13 September X said": frequent acts need a named object
        return False
    return len(shared) / len((a.participants | b.participants) - hubs) >= MOSTLY_SHARED


class _Clusters:
    """Union-find over reports that also keeps each cluster's articles."""

    def __init__(self, reports: Sequence[Report]) -> None:
        self.parent = list(range(len(reports)))
        self.docs = {i: {r.doc_id} for i, r in enumerate(reports)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def apart(self, i: int, j: int) -> bool:
        """Different clusters without a common article (an article states a happening once)."""
        ri, rj = self.find(i), self.find(j)
        return ri != rj and self.docs[ri].isdisjoint(self.docs[rj])

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        small, large = sorted((self.docs.pop(ri), self.docs.pop(rj)), key=len)
        large |= small
        self.parent[ri] = rj
        self.docs[rj] = large


class _Spans:
    """The distinct (precision rank, start, end) of a group's reports, and which of them hold
    which: a group of thousands of reports has a few hundred spans at most (a year, its
    months and days), so whether one holds another is asked once per pair of spans, not
    per pair of reports."""

    def __init__(self, reports: Sequence[Report]) -> None:
        ids: dict[tuple, int] = {}
        self.of = [ids.setdefault((r.rank, r.date_start, r.date_end), len(ids)) for r in reports]
        spans = list(ids)
        # holding[s]: spans s holds; related[s]: spans that hold s or that s holds
        self.holding = [frozenset(t for t, (rank_t, start_t, end_t) in enumerate(spans)
                                  if rank_s > rank_t and start_s <= start_t and end_t <= end_s)
                        for rank_s, start_s, end_s in spans]
        held_by: list[set[int]] = [set() for _ in spans]
        for s, held in enumerate(self.holding):
            for t in held:
                held_by[t].add(s)
        self.related = [self.holding[s] | held_by[s] for s in range(len(spans))]


def candidate_partners(reports: Sequence[Report], hubs: frozenset[str], kinds: Mapping[str, int],
                       spans: _Spans | None = None) -> Iterator[tuple[int, list[int]]]:
    """Each report i with the later reports j (ascending) it can be one happening with: the pairs (i < j) that share a participant that
    is an object or not a hub, or they are dated the same day and one names nobody, or one is
    a once-act that names nobody and the other's range holds it or lies inside it. Skipping
    the rest keeps a group of thousands of reports from costing millions of comparisons, and
    the partners come one report at a time, so a group whose reports all share a participant
    (a treaty signed in one year, reported by hundreds of articles) is never held as a set
    of pairs."""
    spans = spans or _Spans(reports)
    index: dict[str, list[int]] = {}
    silent_days: dict[tuple, list[int]] = {}
    days: dict[tuple, list[int]] = {}
    by_span: dict[int, list[int]] = {}  # reports of each span, in order
    silent_once_by_span: dict[int, list[int]] = {}  # once-act reports that name nobody, of each span
    keys: list[list[str]] = []
    ranges = [(r.date_start, r.date_end) for r in reports]
    day = [r.precision == "day" for r in reports]
    for i, r in enumerate(reports):
        own = [p for p in r.participants if p not in hubs or p in kinds] + r.object_keys
        if day[i]:
            days.setdefault(ranges[i], []).append(i)
            own += [f"{p}@{r.date_start}" for p in r.participants & hubs]  # on one day, even a hub tells
            if not r.participants:
                silent_days.setdefault(ranges[i], []).append(i)
        for key in own:
            index.setdefault(key, []).append(i)
        keys.append(own)
        by_span.setdefault(spans.of[i], []).append(i)
        if not r.participants and r.event_type in ONCE_TYPES:
            silent_once_by_span.setdefault(spans.of[i], []).append(i)
    for i, r in enumerate(reports):
        sharing: set[int] = set()
        for key in keys[i]:
            members = index[key]
            sharing.update(members[bisect_right(members, i):])
        related = spans.related[spans.of[i]]
        later = {j for j in sharing if ranges[j] == ranges[i] or spans.of[j] in related
                 or (day[i] and day[j] and object_match(r, reports[j], kinds))}  # same range, one inside the other, or two days of one named object
        # a once-act report that names nobody may join a finer one, or take a coarser one, of its year
        among = by_span if not r.participants and r.event_type in ONCE_TYPES else silent_once_by_span
        for s in related:
            members = among.get(s, ())
            later.update(members[bisect_right(members, i):])
        if day[i]:
            if not r.participants:  # this one names nobody: any report of its day
                members = days[ranges[i]]
            else:  # this one names someone: the reports of its day that name nobody
                members = silent_days.get(ranges[i], [])
            later.update(members[bisect_right(members, i):])
        yield i, sorted(later)


class _Compatibility:
    """compatible() of two reports by index, asked once per pair of distinct reports'
    contents: hundreds of articles report one signing in the same words, dates and
    participants, and their pairs all have the same answer."""

    def __init__(self, reports: Sequence[Report], kinds: Mapping[str, int], hubs: frozenset[str]) -> None:
        self.reports, self.kinds, self.hubs = reports, kinds, hubs
        contents: dict[tuple, int] = {}
        self.content = [contents.setdefault((r.event_type, r.date_start, r.date_end, r.precision, r.participants,
                                             r.objects),
                                            len(contents)) for r in reports]
        self.contents = np.array(self.content, dtype=np.int64)
        self.known: dict[tuple[int, int], bool] = {}

    LIMIT = 200_000  # answers kept (about 30 MB)

    def __call__(self, i: int, j: int) -> bool:
        key = (self.content[i], self.content[j])
        answer = self.known.get(key)
        if answer is None:
            if len(self.known) >= self.LIMIT:  # a group of very varied reports: start over rather than grow
                self.known.clear()
            answer = self.known[key] = compatible(self.reports[i], self.reports[j], self.kinds, self.hubs)
        return answer

    FEW = 32  # partners asked one by one; more are asked once per distinct content

    def agreeing(self, i: int, js: np.ndarray, i_first: bool = True) -> np.ndarray:
        """The reports of `js` that agree with report i (compatible(i, j), or compatible(j, i)
        when not `i_first`), in order: one answer per distinct content, however many of
        `js` share it."""
        asked, inverse = js, None
        if len(js) > self.FEW:
            _unique, first, inverse = np.unique(self.contents[js], return_index=True, return_inverse=True)
            asked = js[first]
        answers = np.array([self(i, j) if i_first else self(j, i) for j in asked.tolist()], dtype=bool)
        return js[answers if inverse is None else answers[inverse.ravel()]]


CHUNK = 1 << 18  # pairs of coarse and finer reports looked at a time (a few MB of arrays)


def merge_reports(reports: Sequence[Report], kinds: Mapping[str, int],
                  hubs: frozenset[str] | None = None) -> dict[tuple, str]:
    """happening id of every report's key: reports of one happening share it. `kinds`
    maps entity ids that name objects to their OBJECT_LEVELS level; `hubs` default to
    those of `reports` themselves."""
    if hubs is None:
        hubs = hubs_of(Counter(p for r in reports for p in r.participants), len(reports))
    clusters = _Clusters(reports)
    fits = _Compatibility(reports, kinds, hubs)
    # the candidate pairs of other articles and one family, sorted by what they can do, that
    # agree (pairs that disagree never join), as arrays of ints (4 bytes an index): a group
    # of a few thousand reports of one treaty has millions of candidate pairs, so pairs of
    # one date range are joined as they come and only the others are kept for later
    conflict = array("I")  # (i, j) flattened: two days of one year
    coarse = {PRECISION_RANK["month"]: array("I"), PRECISION_RANK["year"]: array("I")}  # (coarse, finer)
    spans = _Spans(reports)
    codes = {}
    doc = np.array([codes.setdefault(("doc", r.doc_id), len(codes)) for r in reports], dtype=np.int64)
    family = np.array([codes.setdefault(("family", r.family), len(codes)) for r in reports], dtype=np.int64)
    date_range = np.array([codes.setdefault((r.date_start, r.date_end), len(codes)) for r in reports], dtype=np.int64)
    day_year = np.array([r.date_start.year if r.precision == "day" else -1 for r in reports], dtype=np.int64)
    rank = np.array([r.rank for r in reports], dtype=np.int64)
    span = np.array(spans.of, dtype=np.int64)
    holding = np.zeros((len(spans.holding), len(spans.holding)), dtype=bool)  # [s, t]: span s holds span t
    for s, held in enumerate(spans.holding):
        holding[s, list(held)] = True

    def put(into: array, first: np.ndarray, second: np.ndarray) -> None:
        into.frombytes(np.column_stack((first, second)).astype(np.uint32).tobytes())

    parent, cluster_docs = clusters.parent, clusters.docs
    # one report's partners at a time; the joins of one date range depend on nothing that
    # comes later, so they are made in the order of the pairs (i ascending, then j)
    for i, partners in candidate_partners(reports, hubs, kinds, spans):
        js = np.array(partners, dtype=np.int64)
        js = js[(doc[js] != doc[i]) & (family[js] == family[i])]
        if not len(js):
            continue
        alike = date_range[js] == date_range[i]
        for j in fits.agreeing(i, js[alike]).tolist():  # ints, no lists to collect
            a = i
            while parent[a] != a:  # clusters.apart(a, j), its finds inlined: millions of pairs
                parent[a] = parent[parent[a]]
                a = parent[a]
            while parent[j] != j:
                parent[j] = parent[parent[j]]
                j = parent[j]
            if a != j and cluster_docs[a].isdisjoint(cluster_docs[j]):
                clusters.union(a, j)
        js = js[~alike]
        if day_year[i] >= 0:  # two days: a conflict when of one year; a day and a coarser range: below
            same_year = fits.agreeing(i, js[day_year[js] == day_year[i]])
            put(conflict, np.full(len(same_year), i), same_year)
            js = js[day_year[js] < 0]
        i_holds, j_holds = holding[span[i], span[js]], holding[span[js], span[i]]
        for level, pairs in coarse.items():
            mine = fits.agreeing(i, js[i_holds]) if rank[i] == level else js[:0]
            theirs = fits.agreeing(i, js[j_holds & (rank[js] == level)], i_first=False)
            put(pairs, np.full(len(mine), i), mine)
            put(pairs, theirs, np.full(len(theirs), i))
    # two days of one year for one named object: one happening whose reports disagree on the date
    # (the pairs kept already agree)
    for i, j in zip(conflict[::2], conflict[1::2]):
        if clusters.apart(i, j) and object_match(reports[i], reports[j], kinds):
            clusters.union(i, j)
    # a month, then a year, joins the one finer happening inside it that agrees with it
    for level in (PRECISION_RANK["month"], PRECISION_RANK["year"]):
        by_cluster: dict[int, set[int]] = {}  # coarse cluster root -> roots of the finer clusters that fit it
        roots = np.array([clusters.find(i) for i in range(len(reports))], dtype=np.int64)  # no union in this loop
        flat = np.frombuffer(coarse[level], dtype=np.uint32)
        for start in range(0, len(flat), 2 * CHUNK):  # a chunk at a time: millions of pairs
            agreeing = flat[start:start + 2 * CHUNK].reshape(-1, 2)
            for key in np.unique(roots[agreeing[:, 0]] * len(reports) + roots[agreeing[:, 1]]).tolist():
                by_cluster.setdefault(key // len(reports), set()).add(key % len(reports))
        for root, targets in sorted(by_cluster.items()):
            targets = {clusters.find(t) for t in targets} - {clusters.find(root)}
            if len(targets) == 1:
                (target,) = targets
                if clusters.apart(root, target):
                    clusters.union(root, target)
    members: dict[int, list[int]] = {}
    for i in range(len(reports)):
        members.setdefault(clusters.find(i), []).append(i)
    result = {}
    for group in members.values():
        first = min(reports[i].key for i in group)
        for i in group:
            result[reports[i].key] = stable_id("h", *first)
    return result


# Reports of one founding (or entry into force) of one named thing whose years differ by
# this much at most are one happening whose reports disagree on the date ("the peacekeeping
# forces were established in 2007" / "... since its inception in 2009"); further apart, two
# acts (a force re-formed, a name used for another force) are more likely than one.
YEARS_APART_AT_MOST = 2


def join_across_years(reports: Iterable[tuple[str, Report]]) -> dict[str, str]:
    """The merge works in (type, year) groups; this joins, across years, the happenings of
    acts that befall their object once (OBJECT_TYPES) and fall on one named entity (their
    act objects share an entity id), of other articles: the timeline then shows one
    happening whose dates conflict, not two. Only when it is unambiguous: each of the two
    years holds exactly one happening of that act on that entity, and the joined happening
    spans YEARS_APART_AT_MOST years at most (no chain of reports a year apart becomes a
    decade). `reports` are (happening id, report) of the dated reports, at least all those of
    OBJECT_TYPES (one naming no object still tells its happening's articles and years);
    returns old id -> joined id for the happenings that change (the smallest id of each
    joined set, so the result does not depend on the order of the reports)."""
    docs: dict[str, set[str]] = {}
    years: dict[str, tuple[int, int]] = {}
    by_object: dict[tuple[str, str], dict[int, set[str]]] = {}
    for happening, r in reports:
        if r.event_type not in OBJECT_TYPES:
            continue
        year = r.date_start.year  # every report of the happening counts for its articles and years
        docs.setdefault(happening, set()).add(r.doc_id)
        low, high = years.get(happening, (year, year))
        years[happening] = (min(low, year), max(high, year))
        for o in r.object_ids:
            by_object.setdefault((r.family, o), {}).setdefault(year, set()).add(happening)
    parent = {h: h for h in docs}

    def find(h: str) -> str:
        while parent[h] != h:
            parent[h] = parent[parent[h]]
            h = parent[h]
        return h

    for _key, per_year in sorted(by_object.items()):
        ordered = sorted(per_year.items())
        for (year_a, in_a), (year_b, in_b) in zip(ordered, ordered[1:]):
            roots_a, roots_b = {find(h) for h in in_a}, {find(h) for h in in_b}
            if len(roots_a) != 1 or len(roots_b) != 1 or year_b - year_a > YEARS_APART_AT_MOST:
                continue  # which of two happenings of a year it would be is a guess
            (ra,), (rb,) = roots_a, roots_b
            span = (min(years[ra][0], years[rb][0]), max(years[ra][1], years[rb][1]))
            if ra == rb or span[1] - span[0] > YEARS_APART_AT_MOST or not docs[ra].isdisjoint(docs[rb]):
                continue  # one article states a happening once: its two reports are two happenings
            keep, gone = sorted((ra, rb))
            parent[gone] = keep
            docs[keep] |= docs.pop(gone)
            years[keep] = span
    return {h: find(h) for h in parent if find(h) != h}


def object_kinds(entities: Iterable[tuple[str, str]]) -> dict[str, int]:
    """entity id -> object level, of (entity_id, entity_type) pairs."""
    return {e: OBJECT_LEVELS[t] for e, t in entities if t in OBJECT_LEVELS}


def happening_ids(candidates: Sequence[EventCandidate], kinds: Mapping[str, int],
                  hubs: frozenset[str] | None = None) -> dict[tuple, str]:
    """happening id of every event candidate's key: the dated ones merged by
    merge_reports (and join_across_years), an undated one a happening of its own."""
    reports = [Report(c.key, c.doc_id, c.event.event_type, c.event.timex.date_start, c.event.timex.date_end,
                      c.event.timex.precision, frozenset(c.event.participants), frozenset(c.event.objects))
               for c in candidates if c.event.timex.resolved]
    result = merge_reports(reports, kinds, hubs)
    joined = join_across_years((result[r.key], r) for r in reports)
    result = {key: joined.get(h, h) for key, h in result.items()}
    for c in candidates:
        result.setdefault(c.key, stable_id("h", *c.key))
    return result

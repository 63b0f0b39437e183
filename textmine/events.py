"""Dated happenings: which sentence states one, what kind it is, who takes part, and
which reports across articles describe the same happening.

An event is a sentence's predicate anchored by a calendar time expression of that
sentence. Its type comes from the trigger words of `data/event_triggers.csv` (a
lexicon, not code): the most specific trigger near the date wins, so "the Treaty entered
into force on 20 April 1994" is entry_into_force although "Treaty" also suggests an
agreement. Participants are the entities the sentence mentions (ids from core.mentions).
"""

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from textmine.ids import stable_id
from textmine.timex import Timex

LEXICON = Path(__file__).parent / "data" / "event_triggers.csv"
PLACE_TYPES = {"LOCATION"}
# entity types that name one particular happening or document: two reports sharing one
# describe the same happening even at year precision
SPECIFIC_TYPES = {"EXERCISE", "OPERATION", "DOCUMENT"}
MIN_OTHER_WORDS = 3  # a line holding little but a date (a dateline) states no happening
DISTANCE_SCALE = 60  # characters of distance that cost one point of trigger priority
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Trigger:
    event_type: str
    priority: int
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class MentionRef:
    """An entity mention inside the sentence (offsets relative to the sentence)."""

    start: int
    end: int
    entity_id: str
    entity_type: str


@dataclass(frozen=True)
class DetectedEvent:
    event_type: str
    timex: Timex
    participants: tuple[str, ...]
    location_id: str | None
    sentence: str


@dataclass(frozen=True)
class EventCandidate:
    doc_id: str
    sentence_no: int
    event: DetectedEvent

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.doc_id, self.sentence_no, self.event.timex.start, self.event.event_type)


@cache
def load_triggers(path: Path = LEXICON) -> tuple[Trigger, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(Trigger(row["event_type"], int(row["priority"]), re.compile(row["pattern"], re.I))
                     for row in csv.DictReader(handle))


def is_event_date(t: Timex) -> bool:
    """A calendar date (resolved, or relative with no anchor to resolve it) can date an
    event; "now", "recently", durations and sets cannot."""
    return t.kind == "date" and (t.resolved or t.calendar)


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def type_event(sentence: str, span: tuple[int, int], triggers: Sequence[Trigger] | None = None) -> str:
    """The event type of the predicate nearest to `span`, the more specific type winning
    over the nearer one within a few words; `other` when no trigger is present."""
    best, best_score = "other", float("-inf")
    for trig in triggers or load_triggers():
        for m in trig.pattern.finditer(sentence):
            score = trig.priority - _distance(span, m.span()) / DISTANCE_SCALE
            if score > best_score:
                best, best_score = trig.event_type, score
    return best


def _states_happening(sentence: str, timexes: Sequence[Timex]) -> bool:
    """False for datelines and captions: too few words besides the dates."""
    rest = sentence
    for t in sorted(timexes, key=lambda t: -t.start):
        rest = rest[:t.start] + " " + rest[t.end:]
    return len(_WORD.findall(rest)) >= MIN_OTHER_WORDS


def detect_events(sentence: str, timexes: Sequence[Timex], mentions: Sequence[MentionRef]) -> list[DetectedEvent]:
    """One event per distinct date the sentence states (a repeated date is one event)."""
    dates = [t for t in timexes if is_event_date(t)]
    if not dates or not _states_happening(sentence, timexes):
        return []
    participants: list[str] = []
    location = None
    for m in sorted(mentions, key=lambda m: m.start):
        if m.entity_type in PLACE_TYPES:
            location = location or m.entity_id
        elif m.entity_id not in participants:
            participants.append(m.entity_id)
    events, seen = [], set()
    for t in dates:
        key = (t.date_start, t.date_end) if t.resolved else ("unresolved", t.text.lower())
        if key in seen:
            continue
        seen.add(key)
        events.append(DetectedEvent(type_event(sentence, (t.start, t.end)), t, tuple(participants), location,
                                    sentence))
    return events


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def same_happening(a: EventCandidate, b: EventCandidate, specific: set[str] = frozenset()) -> bool:
    """Two reports of one happening: other articles, same type, same dates, and
    participants that agree (any shared one at day precision; a shared exercise,
    operation or document, or mostly the same actors, at month or year precision)."""
    ea, eb = a.event, b.event
    if a.doc_id == b.doc_id or ea.event_type != eb.event_type or not ea.timex.resolved:
        return False
    if (ea.timex.date_start, ea.timex.date_end) != (eb.timex.date_start, eb.timex.date_end):
        return False
    pa, pb = set(ea.participants), set(eb.participants)
    if ea.timex.precision == "day":
        return not pa or not pb or bool(pa & pb)
    if pa & pb & specific:
        return True
    return bool(pa and pb) and len(pa & pb) / len(pa | pb) >= 0.5


def merge_happenings(candidates: Sequence[EventCandidate], specific_ids: Iterable[str] = ()) -> dict:
    """happening id of every candidate's key: reports of one happening share it."""
    specific = set(specific_ids)
    uf = _UnionFind(len(candidates))
    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(candidates):
        if c.event.timex.resolved:
            groups.setdefault((c.event.event_type, c.event.timex.date_start, c.event.timex.date_end), []).append(i)
    for members in groups.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if same_happening(candidates[i], candidates[j], specific):
                    uf.union(i, j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(candidates)):
        clusters.setdefault(uf.find(i), []).append(i)
    result = {}
    for members in clusters.values():
        first = min(candidates[i].key for i in members)
        for i in members:
            result[candidates[i].key] = stable_id("h", *first)
    return result

"""Dated happenings: which sentence states one, what kind it is and who takes part
(which reports across articles describe the same happening: textmine.happenings).

An event is a sentence's predicate anchored by a calendar time expression of that
sentence. Its type comes from the trigger words of `data/event_triggers.csv` (a
lexicon, not code): the most specific trigger near the date wins, so "the Charter came
into force in 2003" is entry_into_force although "Charter" also suggests an
agreement. Participants are the entities the sentence mentions (ids from core.mentions).

Not every date dates a happening: a wire dateline's date is the report's, a year that
bounds a plan ("a strategy until 2030") or the period someone spoke about is no act's,
and a year written into a name ("Frontier-2017") is an edition label that yields to a day
the article gives the exercise. Some happenings are dated without a date of their own
(`sentence_events`): a dated report's opening present perfect ("X has joined") takes
the report's year, a headline in the present its day, and a further act at a happening
dated before ("At the summit, X was elected") that happening's date, resolved or not.
Nothing is dated from a year that merely appears elsewhere in the text.
"""

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from textmine.ids import stable_id
from textmine.headers import parse_dateline_opening
from textmine.timex import Timex, is_bound_year

LEXICON = Path(__file__).parent / "data" / "event_triggers.csv"
PLACE_TYPES = {"LOCATION"}
MIN_OTHER_WORDS = 3  # a line holding little but a date (a dateline) states no happening
DISTANCE_SCALE = 60  # characters of distance that cost one point of trigger priority
OTHER_CLAUSE_COST = 4  # a trigger in another clause types that clause's happening, not this date's
ANTECEDENT_REACH = 40  # characters before a relative clause that hold the noun it describes
# words said at a meeting dated by one date are two happenings: the meeting and the saying
SPOKEN_AT = {"meeting": "statement", "statement": "meeting"}
PAIRED_DISTANCE = 40  # characters between the date and the other happening's word
REPORTED = 2  # clause kind of reported speech ("told reporters that ..."), besides True for relative clauses
MIN_EXTRA_PRIORITY = 6  # a further clause adds an event only for a specific predicate, not "said" or "talks"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# the dependency parse of a text (a spaCy Doc): `parse_sentence`, or a batch's parses (textmine.parses)
Parse = Callable[[str], object]


@dataclass(frozen=True)
class Trigger:
    event_type: str
    priority: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class MentionRef:
    """An entity mention inside the sentence (offsets relative to the sentence)."""

    start: int
    end: int
    entity_id: str
    entity_type: str
    name: str = ""  # the entity's name (what a later "the Organization" may refer back to)
    refers_back: bool = False  # a definite description ("the Organization") standing for a name before it


# bodies, documents and forces: what "the Organization", "the Treaty", "the Council" refer back to
REFERRED_TYPES = {"ORGANIZATION", "DOCUMENT", "FORCE"}
# "the Organization" (one capitalised word, not the start of a longer name: "the Republic of Armenia")
_DEFINITE = re.compile(r"\b[Tt]he\s+(?P<head>[A-Z][a-z]{2,})\b(?!\s+(?:[A-Z]|of\s+(?:the\s+)?[A-Z]))")


def name_head(name: str) -> str:
    """The noun a name is built on: its last word, before any "of" ("Collective Security
    Treaty Organization" -> "Organization", "Ministry of Defence" -> "Ministry")."""
    words = name.split(" of ")[0].split()
    return words[-1] if words else ""


class Antecedents:
    """What an article's capitalised definite descriptions refer back to: "the Organization"
    after "the Collective Security Treaty Organization" is that organisation, in the style of
    news and official texts, which name a body once in full and then by its head noun. The
    most recent body, document or force named before (or earlier in the sentence) whose name
    is built on that noun is the one meant; a noun that is a trigger word ("the Summit") or
    that no name before is built on refers to nothing."""

    def __init__(self) -> None:
        self._by_head: dict[str, MentionRef] = {}

    def refer(self, sentence: str, mentions: Sequence[MentionRef]) -> list[MentionRef]:
        """The sentence's mentions with one more for each definite description that refers
        back to a name; then remembers the sentence's names."""
        ordered = sorted(mentions, key=lambda m: m.start)
        found = list(mentions)
        for match in _DEFINITE.finditer(sentence):
            start, end = match.span("head")
            if any(m.start <= start < m.end for m in mentions) or _hits(match.group("head")):
                continue  # part of a name the sentence already links, or a happening's word
            before = {name_head(m.name): m for m in ordered if m.end <= start and m.entity_type in REFERRED_TYPES
                      and m.name}
            antecedent = before.get(match.group("head")) or self._by_head.get(match.group("head"))
            if antecedent is not None:
                found.append(MentionRef(start, end, antecedent.entity_id, antecedent.entity_type, antecedent.name,
                                        refers_back=True))
        for m in ordered:
            if m.entity_type in REFERRED_TYPES and m.name:
                self._by_head[name_head(m.name)] = m
        return found


@dataclass(frozen=True, slots=True)
class DetectedEvent:
    event_type: str
    timex: Timex
    participants: tuple[str, ...]
    location_id: str | None
    sentence: str
    ordinal: int = 0  # tells apart several happenings of one type on one date in one sentence
    headline: bool = False  # dated by the report's own day because a headline states it
    objects: tuple[str, ...] = ()  # what the act befalls (act_objects): entity ids and "=words" descriptions


@dataclass(frozen=True, slots=True)
class EventCandidate:
    doc_id: str
    sentence_no: int
    event: DetectedEvent

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.doc_id, self.sentence_no, self.event.timex.start, self.event.event_type, self.event.ordinal)

    @property
    def event_id(self) -> str:
        return stable_id("e", *self.key)


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


@dataclass(frozen=True)
class _Hit:
    event_type: str
    priority: int
    start: int
    end: int


# a trigger word inside the name of a body, person or place ("the Crisis Response Centre")
# names it and states no happening; names of exercises, operations and documents do
NAME_TYPES = {"ORGANIZATION", "PERSON", "COUNTRY", "LOCATION", "FORCE", "MEDIA"}


def _hits(sentence: str, triggers: Sequence[Trigger] | None = None, mentions: Sequence[MentionRef] = ()) -> list[_Hit]:
    names = [(m.start, m.end) for m in mentions if m.entity_type in NAME_TYPES]
    return [_Hit(t.event_type, t.priority, m.start(), m.end())
            for t in (triggers or load_triggers()) for m in t.pattern.finditer(sentence)
            if not any(s <= m.start() and m.end() <= e for s, e in names)]


def _best(hits: Iterable[_Hit], span: tuple[int, int], parts: Sequence[tuple[int, int, bool]] = (),
          sentence: str = "") -> _Hit | None:
    """The trigger that best types the happening dated by `span`: specific, near, and in
    the same clause (a trigger in another clause costs OTHER_CLAUSE_COST points)."""
    home_part = next(((s, e, kind) for s, e, kind in parts if s <= span[0] < e), None)
    home = home_part[:2] if home_part else None
    reported = [(s, e) for s, e, kind in parts if kind == REPORTED]
    antecedent = _antecedent_start(sentence, home[0]) if home_part and home_part[2] is True and sentence else 0
    describing = [(s, e) for s, e, kind in parts if kind is True and (s, e) != home]
    best, best_score = None, float("-inf")
    for h in hits:
        if any(s <= h.start < e for s, e in describing):
            continue  # a relative clause describes a participant ("the treaty, which commits its members to
            # mutual assistance, was signed on ...") and states no act for a date outside it
        if home_part and home_part[2] is True and not antecedent <= h.start < home[1]:
            continue  # a date in a relative clause dates that clause and what it describes ("the drills,
            # that began on Monday"), not the main clause ("dismissed X, who had served since 2008")
        score = h.priority - _distance(span, (h.start, h.end)) / DISTANCE_SCALE
        if home and not home[0] <= h.start < home[1]:
            score -= OTHER_CLAUSE_COST
            if any(s <= h.start < e for s, e in reported):
                score -= OTHER_CLAUSE_COST  # what someone said happened is not the saying
        if score > best_score:
            best, best_score = h, score
    return best


_DETERMINER = re.compile(r"\b(?:the|a|an|its|his|her|their|this|these|that|those|our)\s", re.I)


def _antecedent_start(sentence: str, clause_start: int) -> int:
    """Where the noun phrase a relative clause describes begins: at its last determiner
    within ANTECEDENT_REACH characters before the clause ("the military drills, which"),
    else at the last word ("recalled Petrov, who")."""
    comma = sentence.rfind(",", max(0, clause_start - 10), clause_start)
    clause_start = comma if comma >= 0 else clause_start
    window_start = max(0, clause_start - ANTECEDENT_REACH)
    window = sentence[window_start:clause_start]
    found = list(_DETERMINER.finditer(window))
    if found:
        return window_start + found[-1].start()
    words = list(re.finditer(r"[\w'’-]+", window))
    return window_start + words[-1].start() if words else clause_start


def type_event(sentence: str, span: tuple[int, int], triggers: Sequence[Trigger] | None = None) -> str:
    """The event type of the predicate nearest to `span`, the more specific type winning
    over the nearer one within a few words; `other` when no trigger is present."""
    best = _best(_hits(sentence, triggers), span)
    return best.event_type if best else "other"


def clauses(sentence: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_relative_clause) of the sentence's clauses: a coordinated clause
    ("..., while exercises were postponed") states a happening of its own; a relative one
    ("..., which established ...") describes a participant and states none."""
    # a short bracket ("the Parliamentary Assembly (CSTO PA)", "(1993)") names or dates, it is no clause
    masked = _SHORT_BRACKET.sub(lambda m: " " * len(m.group(0)), sentence)
    cuts = [(m.start(), m.end(), bool(m.group("rel"))) for m in _CLAUSE_BREAK.finditer(masked)]
    # a clause set off by commas (", who has led the country since 1994,") ends at its closing comma
    for start, end, rel in list(cuts):
        close = masked.find(",", end)
        if rel and close > 0 and not any(end <= s < close + 1 for s, _, _ in cuts if s != start):
            cuts.append((close, close + 1, False))
    cuts.sort()
    cuts = sorted(cuts + [(m.start(1), m.end(1), REPORTED) for m in _SAID_THAT.finditer(sentence)])
    result, start, relative = [], 0, False
    for s, e, rel in cuts:
        result.append((start, s, relative))
        start, relative = e, rel
    result.append((start, len(sentence), relative))
    return [c for c in result if c[1] > c[0]]


_CLAUSE_BREAK = re.compile(r"\s*(?:[;:()]|,\s+(?:(?P<rel>which|who|whose|that)|while|whereas|but|and|where)\b|"
                           r"\s+while\b)\s*")
_SHORT_BRACKET = re.compile(r"\((?:[^()\s]+\s+){0,3}[^()\s]*\)")
# what was said: "told reporters that ...", "announced that ..." (the "that" opens the report)
_SAID_THAT = re.compile(r"\b(?:said|says|told|stated|announced|declared|noted|stressed|warned|reported)"
                        r"(?:\s+(?:[a-z]+|[A-Z]\w+)){0,2}?\s+(that)\b(?!\s+(?:it|they|he|she|we)\b)")
# ("X announced that it has suspended ...": the speaker's own act is the happening, so no cut)
# a year written into a name ("Kobalt 2020", "Interaction-2020") names its own happening
_NAME_YEAR_BEFORE = re.compile(r"(?:\b(?!(?:In|On|By|Since|Until|From|For|Of|At|During|Before|After|And|The|Through)\b)"
                               r"[A-Z]\w+[ -]|\w+-)$")
# "the 2021-2025 Plan", "goals for 2021": the years a plan covers, not when something happened
_PLAN_YEARS = re.compile(r"^\s*[A-Z]")
_DATELINE_TIME = re.compile(r"\b\d{1,2}:\d\d\b")


def _name_year(sentence: str, t: Timex) -> bool:
    return t.precision == "year" and t.text.isdigit() and bool(_NAME_YEAR_BEFORE.search(sentence[:t.start]))


def in_dateline(sentence: str, t: Timex) -> bool:
    """A date inside a wire dateline that opens the sentence ("Yerevan, 22 March 1999
    (Agency) -- ...", "Washington (Agency) Jun 25, 2006 ...") or inside a source label
    ("SOURCE: Paper, July 20, 2005, p. 4") is the report's own date, not the date of the
    happening the sentence goes on to state."""
    if _LABEL_LINE.match(sentence):
        return True
    before = sentence[:t.start]
    if re.search(r"\b[a-z]{2,}\b", before.replace("(", " ")) and not re.fullmatch(r"[^()]*\([^()]*", before):
        return False  # prose words precede the date (outside an opening bracket)
    dated, outlet = parse_dateline_opening(sentence)
    return dated is not None or outlet is not None


_LABEL_LINE = re.compile(r"^\s*(?:source|sources|published|posted|updated|date|filed)\s*:", re.I)


TOPIC_NOUN_REACH = 25  # characters after the date that may hold the noun it qualifies ("the May 2019 session")
_SPEECH = re.compile(r"\b(?:sp(?:ea|o)k\w*|said|says|talk\w*|told|dwel\w*|brief\w*|report\w*|comment\w*|"
                     r"remark\w*|discuss\w*|informed|outlined|summ\w*\s+up)\b", re.I)
_TOPIC_BEFORE = re.compile(r"\b(?:about|on|regarding|concerning)\s+(?:[\w’'()-]+\s+){1,8}?(?:in|for|during|of)\s+"
                           r"(?:the\s+(?:year\s+)?)?$", re.I)


def is_topic_date(sentence: str, t: Timex, hits: Sequence[_Hit]) -> bool:
    """A date inside what someone spoke about ("spoke about the bloc's performance in 2020",
    "a briefing on the outcomes of its activity in 2020") dates the topic, which names no
    happening unless a happening word is in it ("spoke about the summit in 2020")."""
    m = _TOPIC_BEFORE.search(sentence[:t.start])
    if not m or not _SPEECH.search(sentence[:m.start() + 1]):
        return False
    return not any(m.start() <= h.start < t.end + TOPIC_NOUN_REACH for h in hits)


def _dates_happening(sentence: str, t: Timex) -> bool:
    """False for dates that do not say when something happened: the years a plan covers
    ("the 2021-2025 ... Plan", "goals for 2021"), a year that bounds a plan ("a programme
    until 2030"), the report's own date in its dateline."""
    if in_dateline(sentence, t) or is_bound_year(sentence, t.start):
        return False
    if t.precision == "year" and t.date_start and t.date_end and t.date_start.year != t.date_end.year \
            and _PLAN_YEARS.match(sentence[t.end:]):
        return False
    if t.precision in ("year", None) and re.search(r"\bfor\s+(?:the\s+)?$", sentence[:t.start]):
        # "goals for 2021" name a period; "exercises planned for September" are scheduled then
        return False
    return True


def _states_happening(sentence: str, timexes: Sequence[Timex]) -> bool:
    """False for datelines and captions: a clock time beside the date, or too few words
    besides the dates."""
    if _DATELINE_TIME.search(sentence) and any(t.kind == "date" and not t.is_relative for t in timexes) \
            and len(sentence) < 120:
        return False
    rest = sentence
    for t in sorted(timexes, key=lambda t: -t.start):
        rest = rest[:t.start] + " " + rest[t.end:]
    return len(_WORD.findall(rest)) >= MIN_OTHER_WORDS


def detect_events(sentence: str, timexes: Sequence[Timex], mentions: Sequence[MentionRef],
                  triggers: Sequence[Trigger] | None = None, references: Sequence[MentionRef] = (),
                  parse: Parse | None = None) -> list[DetectedEvent]:
    """Events of one sentence: one per distinct date (a repeated date is one event, a
    year inside a name like "Kobalt 2020" its own), typed by the nearest most specific
    trigger (where the sentence holds several dates, by the one each date modifies), plus
    one per further type that a coordinated clause, or a trigger listed beside the first
    in the date's own clause, states for that date. Participants are the entities the
    sentence names; `references` ("the Organization", Antecedents) only tell what an act
    befalls (act_objects).
    A relative date with no trigger word in the sentence ("Today the situation is
    stable") dates no happening. `parse` gives the sentence's dependency parse (one parse
    however many questions the sentence raises; default: parse_sentence)."""
    parse = once(parse or parse_sentence)
    hits = _hits(sentence, triggers, mentions)
    dates = [t for t in timexes if is_event_date(t) and _dates_happening(sentence, t)
             and not is_topic_date(sentence, t, hits)]
    if not dates or not _states_happening(sentence, timexes):
        return []
    participants: list[str] = []
    location = None
    for m in sorted(mentions, key=lambda m: m.start):
        if m.entity_type in PLACE_TYPES:
            location = location or m.entity_id
        elif m.entity_id not in participants:
            participants.append(m.entity_id)
    parts = clauses(sentence)
    named = {(t.date_start, t.date_end) for t in dates if _name_year(sentence, t)}
    # several dates: each takes the trigger it modifies, and none takes another date's
    # (a year written into a name, "Rubezh-2004", is a label, not a date of a clause)
    clause_dates = [t for t in dates if not _name_year(sentence, t)]
    governors = ({(t.start, t.end): governing_trigger(sentence, t, hits, parse) for t in clause_dates}
                 if len(clause_dates) > 1 else {})
    chosen: list[tuple[Timex, str]] = []
    trigger_of: dict[tuple[int, int, str], _Hit] = {}  # the trigger word of each (date, type) chosen
    typed_by: dict[tuple[int, int], _Hit] = {}  # the trigger that typed each date's happening
    listed: dict[tuple[int, int], list[_Hit]] = {}  # a date's acts listed side by side in its clause
    seen_dates: set = set()
    for t in dates:
        key = (t.date_start, t.date_end) if t.resolved else ("unresolved", t.text.lower())
        if _name_year(sentence, t):
            pass  # each named exercise or operation is a happening of its own
        elif key in seen_dates or key in named:
            continue  # "In 2020 ... Kobalt 2020, Poisk-2020": the names are the happenings
        seen_dates.add(key)
        owned = _possessed(sentence, t, hits)
        if owned is not None:  # "Tuesday's meeting" dates the meeting; "today's needs" nothing
            if owned:
                chosen.append((t, owned[0].event_type))
                trigger_of.setdefault((t.start, t.end, owned[0].event_type), owned[0])
            continue
        own = governors.get((t.start, t.end))
        others = {g for span, g in governors.items() if g is not None and g != own and span != (t.start, t.end)}
        best = own or _best([h for h in hits if h not in others], (t.start, t.end), parts, sentence)
        if best is None and t.is_relative:
            continue
        chosen.append((t, best.event_type if best else "other"))
        if best is not None:
            typed_by[(t.start, t.end)] = best
            trigger_of.setdefault((t.start, t.end, best.event_type), best)
    primary = list(chosen)
    for t, kind in primary:  # "gave remarks during a visit to X on 19 March": the visit and the remarks
        if kind in SPOKEN_AT and _possessed(sentence, t, hits) is None:  # "Tuesday's meeting" dates the meeting
            other = SPOKEN_AT[kind]
            home = next(((s, e) for s, e, _ in parts if s <= t.start < e), (0, len(sentence)))
            if any(h.event_type == other and home[0] <= h.start < home[1]
                   and _distance((t.start, t.end), (h.start, h.end)) <= PAIRED_DISTANCE for h in hits) \
                    and (t, other) not in chosen:
                chosen.append((t, other))
    for start, end, relative in parts:
        if relative or not primary or _PURPOSE.match(sentence[start:end]):
            continue  # a relative clause or an aim ("..., and to provide aid") states no happening
        inside = [h for h in hits if start <= h.start and h.end <= end and h.priority >= MIN_EXTRA_PRIORITY]
        if not inside:
            continue
        top = max(inside, key=lambda h: h.priority)
        # a date inside a relative clause ("..., who is charged ... in 2008") dates only that clause
        # and a possessive date ("Tuesday's meeting") dates the noun it qualifies, no other clause's act
        # ("X has ratified the accords, Y said at Tuesday's meeting": the ratification is no act of Tuesday)
        usable = [c[0] for c in primary if (start <= c[0].start < end
                  or not any(rel and s <= c[0].start < e for s, e, rel in parts))
                  and _possessed(sentence, c[0], hits) is None]
        if not usable:
            continue
        t = min(usable, key=lambda t: _distance((t.start, t.end), (top.start, top.end)))
        if (t, top.event_type) in chosen:
            continue
        if not start <= t.start < end and states_a_standing_fact(sentence, start, end, parse):
            continue  # "...was signed on 15 May; it provides for mutual assistance": no act of that day
        source = typed_by.get((t.start, t.end)) if start <= t.start < end else None
        if source is not None:
            if not coordinated(sentence, source, top, parse):
                continue  # one clause, one act: another trigger word of the date's own clause names the same
                # act ("signed ... on mutual assistance") unless it is listed beside it ("exercises and training")
            listed.setdefault((t.start, t.end), [source]).append(top)
        chosen.append((t, top.event_type))
        trigger_of.setdefault((t.start, t.end, top.event_type), top)
    result = []
    doc = parse(sentence) if any(kind in OBJECT_TYPES and (t.start, t.end, kind) in trigger_of
                                  for t, kind in chosen) else None
    for t, kind in chosen:
        who = _participants_of(t, participants, mentions, chosen, parts)
        acts = listed.get((t.start, t.end))
        if acts:  # acts listed side by side share the date, each keeps the names nearest its own word
            who = tuple(p for p in who if _nearest_act(p, mentions, acts) in (None, kind))
        trigger = trigger_of.get((t.start, t.end, kind))
        objects = (act_objects(doc, trigger, [*mentions, *references])
                   if doc is not None and kind in OBJECT_TYPES and trigger else ())
        result.append(DetectedEvent(kind, t, who, location, sentence, objects=objects))
    return _named_happenings(result, mentions)


GOVERNOR_STEPS = 6  # head links walked up from a date to the word it modifies


def governing_trigger(sentence: str, t: Timex, hits: Sequence[_Hit], parse: Parse | None = None) -> _Hit | None:
    """The trigger word the date modifies in the dependency parse: up the heads from the
    date ("on 10 June" -> "summit"; "signed in 2002" -> "signed") to the first trigger word,
    stopping at the first verb that is none (or only a vague one). "The summit on 10 June
    marked the anniversary of the charter signed in 2002" dates the summit on 10 June and
    the signing in 2002, whichever trigger is nearer or more specific. None when the parse binds the date to no
    trigger (then nearness and specificity decide, _best). Used where a sentence holds
    several dates; a lone date keeps the act it is nearest ("at their session of 5 March the
    speakers voted to found a new assembly": the founding)."""
    if not hits:
        return None
    doc = (parse or parse_sentence)(sentence)
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    for _ in range(GOVERNOR_STEPS):
        if token.head == token:
            return None
        token = token.head
        on_token = [h for h in hits if h.start <= token.idx < h.end]
        if on_token:  # a vague verb ("began") leaves the choice to nearness and specificity
            best = max(on_token, key=lambda h: h.priority)
            return best if best.event_type != "other" else None
        if token.pos_ in ("VERB", "AUX"):
            return None
    return None


def coordinated(sentence: str, a: _Hit, b: _Hit, parse: Parse | None = None) -> bool:
    """Is one trigger word a conjunct listed after the other ("exercises ... and training",
    "met and signed")? Then they name two acts of one clause. The parser often hangs the
    second conjunct on a noun inside the first one's phrase ("exercises at the Centre and
    training"), so the conjunct chain may end anywhere under the other trigger."""
    doc = (parse or parse_sentence)(sentence)

    def token(hit: _Hit):
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    ta, tb = token(a), token(b)
    if ta is None or tb is None:
        return False
    for x, y in ((ta, tb), (tb, ta)):
        if x.dep_ != "conj":
            continue
        root = x
        while root.dep_ == "conj" and root.head != root:
            root = root.head
        if root == y or y.is_ancestor(root):
            return True
    return False


def states_a_standing_fact(sentence: str, start: int, end: int, parse: Parse | None = None) -> bool:
    """Is the clause's own verb a simple present ("it provides for", "members pledge")?
    A clause without a date of its own that describes what holds states no act on another
    clause's date."""
    doc = (parse or parse_sentence)(sentence)
    verbs = [t for t in doc if start <= t.idx < end and t.pos_ in ("VERB", "AUX")
             and not (start <= t.head.idx < end and t.head != t)]
    return bool(verbs) and all(v.tag_ in ("VBZ", "VBP") and v.lemma_ not in ("have", "be") for v in verbs)


# acts that befall their object once, whoever performs them: what is founded, what enters into force
OBJECT_TYPES = {"establishment", "entry_into_force"}
DESCRIPTION_MIN_WORDS = 2  # nouns: "the (new) force" tells no object apart; "the rapid reaction force" does
# what can be founded or enter into force (a person cannot: "Mr X, the treaty entered into force" misparsed)
OBJECT_ENTITY_TYPES = {"ORGANIZATION", "DOCUMENT", "FORCE", "COUNTRY"}
_SUBJECTS = ("nsubj", "nsubjpass", "nsubj:pass")


def act_objects(doc, hit: "_Hit", mentions: Sequence[MentionRef]) -> tuple[str, ...]:
    """What the act of a trigger word befalls, read from the dependency parse `doc` of its
    sentence: the subject of a passive ("the force was established") or of an intransitive
    change ("the treaty entered into force", "the bloc formed"), else the direct object ("X
    co-founded the bloc"), the noun a participle describes ("the alliance formed in 1992"),
    the of-complement of a noun ("the creation of the force") or its possessor ("the
    force's creation", "its inception": _owner_ids). A common noun standing for
    a name ("X is an alliance formed in 1992", "X, an alliance formed ...") stands for that
    name. Each object gives the entity ids of the mentions covering it and, when its words
    hold DESCRIPTION_MIN_WORDS nouns or more, its description ("=rapid reaction force": lower
    case, without determiners or possessors; "a new force" describes nothing), so that two
    reports naming one object in other words can still meet (textmine.happenings); a person's
    or a place's name is no description. The founder is no object:
    "X founded the bloc" and "the bloc was founded by Y" befall the bloc."""
    span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None:
        return ()
    roots: list = []
    for tok in reversed(span):  # "decided to create", "entered into force": the verb, from the end
        if tok.pos_ in ("VERB", "AUX"):
            roots = _verb_objects(tok)
            break
        if tok.pos_ in ("NOUN", "PROPN"):
            roots = [c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                     for c in p.children if c.dep_ == "pobj"]
            if roots:
                break
            owners = [c for c in tok.children if c.dep_ == "poss"]  # "the force's creation", "its inception"
            if owners:
                return tuple(dict.fromkeys(i for owner in owners for i in _owner_ids(owner, mentions)))
    roots = [r for root in roots for r in (root, *root.conjuncts) if r.pos_ in ("NOUN", "PROPN")]
    found: list[str] = []
    for root in roots:
        found += _named_by(root, mentions)
        if any(m.start <= root.idx < m.end and m.entity_type not in OBJECT_ENTITY_TYPES for m in mentions):
            continue  # a person's or a place's name describes no founded thing
        words = _description(root)
        if sum(w.pos_ != "ADJ" for w in words) >= DESCRIPTION_MIN_WORDS:  # "a new force" describes nothing
            found.append("=" + " ".join(_singular(w) if w.tag_ in ("NNS", "NNPS") else w.lower_ for w in words))
    return tuple(dict.fromkeys(found))


def _owner_ids(owner, mentions: Sequence[MentionRef]) -> list[str]:
    """What the possessor of an act's noun names: "the force's creation" is the creation of
    the force. A name is taken as it is; "its" stands for the nearest thing named before it
    in the sentence that can be founded or enter into force ("the contingent ... since its
    inception"), and for nothing when the sentence names none before it."""
    if owner.tag_ == "PRP$":
        if owner.lower_ != "its":
            return []  # "their", "our": several things, or people
        before = [m for m in mentions if m.end <= owner.idx and m.entity_type in OBJECT_ENTITY_TYPES]
        return [max(before, key=lambda m: m.end).entity_id] if before else []
    return [m.entity_id for m in mentions if m.start <= owner.idx < m.end and m.entity_type in OBJECT_ENTITY_TYPES]


def _verb_objects(verb) -> list:
    """The tokens a verb's act befalls (act_objects)."""
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":  # "the alliance formed in 1992"
        return [verb.head]
    kids = list(verb.children)
    for deps in (("nsubjpass", "nsubj:pass"), ("dobj", "obj"), ("nsubj",)):
        found = [c for c in kids if c.dep_ in deps]
        if found:  # "the treaty, which entered into force": the noun the relative clause describes
            return [verb.head if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else c for c in found]
    return []


def _named_by(root, mentions: Sequence[MentionRef]) -> list[str]:
    """Entity ids of the mentions covering a token, or of the name a word stands for ("X is
    an alliance", "X, an alliance"); only of things that can be founded or enter into force
    (OBJECT_ENTITY_TYPES)."""
    def covering(tok) -> list[str]:
        return [m.entity_id for m in mentions if m.start <= tok.idx < m.end and m.entity_type in OBJECT_ENTITY_TYPES]
    ids = covering(root)
    if ids:
        return ids
    names = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        names.append(root.head)
    if root.dep_ == "attr":
        names += [c for c in root.head.children if c.dep_ in _SUBJECTS]
    return [i for n in names for i in covering(n)]


def _description(root) -> list:
    """The words that describe an object with its noun ("rapid reaction force"), in order."""
    words, todo = [], [root]
    while todo:  # "joint air defence system": compounds of compounds
        tok = todo.pop()
        words.append(tok)
        todo += [c for c in tok.children if c.dep_ in ("compound", "amod")]
    return [w for w in sorted(words, key=lambda w: w.i) if w.is_alpha and w.pos_ not in ("VERB", "AUX")]


def _singular(token) -> str:
    """A plural noun in the singular ("Forces" -> "force"; the tagger leaves names' plurals)."""
    word = token.lemma_.lower()
    return word[:-1] if word == token.lower_ and word.endswith("s") and not word.endswith("ss") else word


def _nearest_act(entity_id: str, mentions: Sequence[MentionRef], acts: Sequence[_Hit]) -> str | None:
    """The type of the act whose trigger word is nearest to a mention of the entity."""
    spans = [(m.start, m.end) for m in mentions if m.entity_id == entity_id]
    if not spans:
        return None
    return min(((_distance(span, (a.start, a.end)), a.event_type) for span in spans for a in acts))[1]


def _participants_of(t: Timex, participants: list[str], mentions: Sequence[MentionRef],
                     chosen: Sequence[tuple[Timex, str]], parts: Sequence[tuple[int, int, bool]]) -> tuple[str, ...]:
    """The participants of the happening `t` dates: every entity of the sentence, unless the
    sentence dates several happenings ("the air wing was set up in 2005, and the border
    brigade in 2011"); then those of the date's own clause, where it names any, else those
    of no other date's clause ("the accord was signed in 1995, while the council was
    set up three years later": the founding names nobody, not the accord)."""
    if len({(c[0].start, c[0].end) for c in chosen}) < 2:
        return tuple(participants)
    home = next(((s, e) for s, e, _ in parts if s <= t.start < e), None)
    if home is None:
        return tuple(participants)
    ordered = sorted(mentions, key=lambda m: m.start)
    own = [m.entity_id for m in ordered if home[0] <= m.start < home[1] and m.entity_id in participants]
    if own:
        return tuple(dict.fromkeys(own))
    others = {(s, e) for c in chosen for s, e, _ in parts if s <= c[0].start < e and (s, e) != home}
    return tuple(dict.fromkeys(m.entity_id for m in ordered if m.entity_id in participants
                               and not any(s <= m.start < e for s, e in others)))


_PURPOSE = re.compile(r"\s*(?:in\s+order\s+)?to\s+[a-z]+")
_POSSESSIVE = re.compile(r"[’']s\s+")


def _possessed(sentence: str, t: Timex, hits: Sequence[_Hit]) -> list[_Hit] | None:
    """For a possessive date ("Tuesday's meeting", "today's world") the trigger words of the
    noun phrase it qualifies (possibly none); None when the date is not possessive."""
    m = _POSSESSIVE.match(sentence, t.end)
    if not m:
        return None
    phrase = re.match(r"(?:[\w-]+\s+){0,2}?[\w-]+(?=\W|$)", sentence[m.end():])
    end = m.end() + (phrase.end() if phrase else 0)
    return sorted((h for h in hits if m.end() <= h.start and h.end <= end), key=lambda h: -h.priority)


_NAMES_A_DAY = re.compile(r"\d|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tomorrow)\b",
                          re.I)


def is_edition_year(event: DetectedEvent) -> bool:
    """The event is dated only by the year written into a name ("Frontier-2017")."""
    return _name_year(event.sentence, event.timex)


def _day_dated(event: DetectedEvent) -> bool:
    t = event.timex
    return not is_edition_year(event) and (t.precision == "day" or (not t.resolved and bool(_NAMES_A_DAY.search(t.text))))


def editions_kept(events: Sequence[DetectedEvent]) -> list[bool]:
    """Which events of one article to keep. A headline's happening that a sentence of the
    text states with a date of its own ("Ministers Meet in Minsk" ... "met on Monday") is
    that sentence's. The year in an exercise's or operation's name
    ("Frontier-2017", "Shield 2019") is its edition label; it dates that happening only
    when the article gives it no day of its own. Where the article reports the exercise on
    a day ("drills that started on Tuesday", "2-6 August"), a sentence that merely names the
    edition states no second, year-long happening."""
    day_types = {e.event_type for e in events if _day_dated(e)}
    # a headline's happening that the text states with a date (any date) is that sentence's
    stated = {e.event_type for e in events if not e.headline}
    return [not (is_edition_year(e) and e.event_type in day_types)
            and not (e.headline and e.event_type in stated) for e in events]


NAMED_TYPES = {"EXERCISE": "exercise", "OPERATION": "operation"}


def _named_happenings(events: list[DetectedEvent], mentions: Sequence[MentionRef]) -> list[DetectedEvent]:
    """"Next year the Joint Staff will hold exercises Poisk, Rubezh and Eshelon": a date shared
    by several named exercises or operations dates one happening per name. Returns the
    events with one per name: those the sentence already has for that date take the first
    names, further ones are added; each names its own exercise and not the others (the
    timeline must not take the report of one for a report of another)."""
    named: dict[str, str] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.entity_type in NAMED_TYPES and m.entity_id not in named:
            named[m.entity_id] = NAMED_TYPES[m.entity_type]
    if len(named) < 2 or not events:
        return events
    base = events[0]
    others = tuple(p for p in base.participants if p not in named)
    names = iter(named.items())
    result = []
    for e in events:
        if e.timex.date_start == base.timex.date_start and e.timex.date_end == base.timex.date_end \
                and e.event_type in NAMED_TYPES.values():
            entity = next(names, None)
            if entity is not None:
                e = replace(e, participants=(entity[0], *others))
        result.append(e)
    for ordinal, (entity, kind) in enumerate(names, start=1):
        result.append(DetectedEvent(kind, base.timex, (entity, *others), base.location_id, base.sentence, ordinal))
    return result


def parse_sentence(sentence: str):
    """The dependency parse of one sentence (the shared cached model, without NER)."""
    from textmine.nlp import load_nlp
    return load_nlp(disable=PARSE_DISABLE)(sentence)


PARSE_DISABLE = ("ner",)  # the components a dependency parse leaves out


def once(parse: Parse) -> Parse:
    """`parse` remembering the text it last parsed: the questions one sentence raises (which
    word each date modifies, whether two triggers are listed side by side, what an act
    befalls) share one parse of it instead of parsing it again for each."""
    last: list = [None, None]

    def parsed(text: str):
        if last[0] != text:
            last[:] = [text, parse(text)]
        return last[1]
    return parsed


def present_perfect(sentence: str, parse: Parse | None = None) -> tuple[int, int] | None:
    """(start, end) of the main clause's present perfect ("has joined", "have held"),
    active or passive ("has been appointed"); None when the main verb is another tense or
    the perfect is a state ("has been a member")."""
    doc = (parse or parse_sentence)(sentence)
    for tok in doc:
        # the main verb, a verb coordinated with it, or the report of a saying ("X has ..., Y said")
        if tok.tag_ != "VBN" or tok.dep_ not in ("ROOT", "conj", "ccomp") or \
                (tok.dep_ != "ROOT" and tok.head.dep_ != "ROOT"):
            continue
        aux = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in ("has", "have")]
        if aux and tok.lemma_ != "be":
            return aux[0].idx, tok.idx + len(tok.text)
    return None


def is_lede(sentence: str) -> bool:
    """A sentence of prose that can open a report: enough words and a final stop (a
    headline, a date line or a byline has neither)."""
    return len(_WORD.findall(sentence)) >= 8 and sentence.rstrip().rstrip("\"'”’»)").endswith((".", "!"))


def lede_event(sentence: str, timexes: Sequence[Timex], mentions: Sequence[MentionRef], year: int,
               triggers: Sequence[Trigger] | None = None, parse: Parse | None = None) -> DetectedEvent | None:
    """The happening a dated report's opening sentence announces in the present perfect
    ("X has joined the pact", "Y has held talks") when the sentence names no date: news
    of the days before the report, dated to the report's year (year precision, relative)."""
    hits = _hits(sentence, triggers, mentions)
    if any(t.kind == "date" and _dates_happening(sentence, t) and not is_topic_date(sentence, t, hits)
           for t in timexes):  # (a dateline's date, a plan's years, a topic's period date nothing)
        return None
    span = present_perfect(sentence, parse)
    if span is None:
        return None
    timex = Timex(span[0], span[1], sentence[span[0]:span[1]], "date", date(year, 1, 1), date(year, 12, 31),
                  "year", True, "published_on")
    best = _best(hits, span)
    if best is None:  # "the bloc has grown": no act
        return None
    participants = tuple(dict.fromkeys(m.entity_id for m in sorted(mentions, key=lambda m: m.start)
                                       if m.entity_type not in PLACE_TYPES))
    location = next((m.entity_id for m in sorted(mentions, key=lambda m: m.start) if m.entity_type in PLACE_TYPES), None)
    return DetectedEvent(best.event_type, timex, participants, location, sentence)


# (one meeting, not "the meetings": several happenings give no one date)
_MEETING_NOUNS = r"meeting|session|summit|talks|visit|conference|forum|negotiations|consultations|ceremony"
_ANAPHOR = re.compile(
    r"^\W*(?:(?:Moreover|Also|In addition|Meanwhile|Besides),\s+)?(?:During|At|Following|After|In the course of|"
    r"On the sidelines of|On the margins of|In|Within)\s+(?:the|this|that|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?P<noun>{_MEETING_NOUNS}|speech|address|briefing|exercises?|drills?|operation)\b"
    r"|\bas\s+part\s+of\s+the\s+(?P<part>operation|exercises?|drills?)\b"
    r"|^\W*The\s+participants\b", re.I)
# the happenings a definite reference ("the meeting", "his speech") points back to
# (and the kind of happening it is: a further act must be another kind)
_ANAPHOR_TYPES = [(re.compile(rf"^(?:{_MEETING_NOUNS})$", re.I), {"meeting"}, {"meeting"}),
                  (re.compile(r"^(?:speech|address|briefing)$", re.I), {"meeting", "statement"}, {"meeting"}),
                  (re.compile(r"^(?:exercises?|drills?)$", re.I), {"exercise"}, {"exercise"}),
                  (re.compile(r"^operation$", re.I), {"operation"}, {"operation"})]
_ANY_HAPPENING = {"meeting", "exercise", "operation"}


def refers_back(sentence: str) -> bool:
    """Cheap test: does the sentence open with (or hold) a definite reference to a
    happening stated before ("At the summit, ...", "... as part of the operation")?"""
    return bool(_ANAPHOR.search(sentence))


def carried_event(sentence: str, timexes: Sequence[Timex], mentions: Sequence[MentionRef],
                  earlier: Sequence[DetectedEvent], triggers: Sequence[Trigger] | None = None) -> DetectedEvent | None:
    """A sentence without a date of its own that states a further act at a happening the
    article dated before ("At the summit, a new Secretary General was elected", "In her
    address, the minister said ...") takes that happening's date (resolved or not). The
    act must be another kind than the happening itself: "During the meeting, the sides
    talked" restates the meeting."""
    m = _ANAPHOR.search(sentence)
    if m is None or any(t.kind == "date" and t.calendar for t in timexes):
        return None
    noun = m.group("noun") or m.group("part")
    kinds, own = next(((k, o) for pattern, k, o in _ANAPHOR_TYPES if noun and pattern.match(noun)),
                      (_ANY_HAPPENING, _ANY_HAPPENING))
    source = next((e for e in reversed(earlier) if e.event_type in kinds and not e.headline), None)
    if source is None:
        return None
    hits = [h for h in _hits(sentence, triggers, mentions) if not (m.start() <= h.start < m.end())
            and h.event_type not in own and h.event_type != "other"]
    if not hits:
        return None
    best = min(hits, key=lambda h: h.start)  # the act the sentence goes on to state, not its object
    timex = replace(source.timex, start=m.start(), end=m.end(), text=sentence[m.start():m.end()].strip(),
                    is_relative=True, anchor="text" if source.timex.resolved else None)
    participants = tuple(dict.fromkeys(x.entity_id for x in sorted(mentions, key=lambda x: x.start)
                                       if x.entity_type not in PLACE_TYPES))
    return DetectedEvent(best.event_type, timex, participants, source.location_id, sentence)


def _sentence_case(headline: str) -> str:
    """A Title Case Headline in sentence case (same length, so offsets hold): the tagger reads
    every capitalised word of a title-case line as a name and misses its verb."""
    words = re.findall(r"[A-Za-z][\w'’-]*", headline)
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.7 * len(words):
        return headline
    first = re.search(r"[A-Za-z]", headline).start()
    return headline[:first + 1] + re.sub(r"\b[A-Z](?=[a-z])", lambda m: m.group(0).lower(), headline[first + 1:])


def headline_event(sentence: str, timexes: Sequence[Timex], mentions: Sequence[MentionRef], published: date,
                   triggers: Sequence[Trigger] | None = None, parse: Parse | None = None) -> DetectedEvent | None:
    """The happening a dated report's headline states in the headline present ("President
    Receives Secretary General", "Minister Takes Part in Meeting") when it names no date: the
    report's day. A headline that describes ("Bloc Favors Cooperation") has no trigger word
    and states no happening; one in the future ("X to Hold Y") has no present-tense verb."""
    if any(t.kind == "date" for t in timexes) or len(_WORD.findall(sentence)) < 4:
        return None
    doc = (parse or parse_sentence)(_sentence_case(sentence))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ not in ("VBZ", "VBP") or root.lemma_ in ("be", "have"):
        return None
    best = _best(_hits(sentence, triggers, mentions), (root.idx, root.idx + len(root.text)))
    if best is None or best.event_type == "other":
        return None
    timex = Timex(root.idx, root.idx + len(root.text), sentence[root.idx:root.idx + len(root.text)], "date",
                  published, published, "day", True,
                  "published_on")
    participants = tuple(dict.fromkeys(m.entity_id for m in sorted(mentions, key=lambda m: m.start)
                                       if m.entity_type not in PLACE_TYPES))
    return DetectedEvent(best.event_type, timex, participants, None, sentence, headline=True)


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """What an article states of its own date, and where its header ends."""

    published: date | None
    day_precise: bool
    header_end: int = 0


def opening_sentences(sentences: Sequence[tuple[int, int, str]], dated: ArticleDate) -> tuple[int | None, set[int]]:
    """Of a dated article's sentences (sentence_no, char_start, text) in reading order: the
    number of its opening sentence of prose after the header (the lede), and of the
    headline-like sentences before it (day-precise articles only)."""
    heads: set[int] = set()
    if dated.published is None:
        return None, heads
    for number, start, text in sentences:
        if is_lede(text):
            if start >= dated.header_end:
                return number, heads
        elif dated.day_precise:
            heads.add(number)
    return None, heads


def sentence_events(sentence: str, timexes: Sequence[Timex], mentions: Sequence[MentionRef], dated: ArticleDate,
                    earlier: Sequence[DetectedEvent], lede: bool = False, headline: bool = False,
                    parse: Parse | None = None) -> list[DetectedEvent]:
    """Every happening one sentence of an article states: those its dates date, the one a
    lede or headline announces, or a further act at a happening dated before. `parse` gives
    dependency parses (default: parse_sentence; textmine.parses parses a batch's together)."""
    parse = once(parse or parse_sentence)
    references = [m for m in mentions if m.refers_back]  # what a definite description stands for
    mentions = [m for m in mentions if not m.refers_back]  # participants are the entities named
    found = detect_events(sentence, timexes, mentions, references=references, parse=parse) if timexes else []
    if lede and dated.published is not None:
        found += [e for e in [lede_event(sentence, timexes, mentions, dated.published.year, parse=parse)] if e]
    if headline and dated.published is not None:
        found += [e for e in [headline_event(sentence, timexes, mentions, dated.published, parse=parse)] if e]
    if not found and refers_back(sentence):
        found += [e for e in [carried_event(sentence, timexes, mentions, earlier)] if e]
    return found


def drop_repeats(candidates: Sequence[EventCandidate]) -> list[EventCandidate]:
    """One row per fact per article: a later sentence of the same article that states a
    happening of the same type on the same day or month again ("the upcoming May 26
    meeting") repeats it. Year-precise ones are kept: one year holds many exercises."""
    seen: set[tuple] = set()
    kept = []
    for c in sorted(candidates, key=lambda c: (c.doc_id, c.sentence_no, c.event.timex.start)):
        t = c.event.timex
        if t.resolved and t.precision in ("day", "month"):
            key = (c.doc_id, c.event.event_type, t.date_start, t.date_end)
            if key in seen:
                continue
            seen.add(key)
        kept.append(c)
    return kept

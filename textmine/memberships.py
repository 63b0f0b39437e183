"""Which states founded, joined, left, suspended, scaled down, observe, partner with or
belong to which treaty or organisation, read from one sentence.

A cue (data/membership_cues.csv) names the relation; the states are the list of state
names nearest to the cue on the side the cue expects ("Armenia, Belarus and Russia
signed ..." / "... was joined by Azerbaijan and Georgia"), one fact per state. The body
is the treaty or organisation named nearest to the cue, else the one the article last
named. Conditions and questions about what might happen ("if Armenia withdraws") are
not facts.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from textmine.explicit_dates import find_explicit_dates
from textmine.fact_lexicon import (Cue, alternation, capitals, initials, membership_bodies, membership_cues, state_adjectives,
                                   state_names)
from textmine.quantities import WORD_VALUES

DEFAULT_BODY = "Collective Security Treaty Organization"
# conditions, questions and possibilities are not facts
_MODAL = re.compile(r"\b(?:[Ii]f|[Ww]hether|could|would|might|may|can|should|shall|[Uu]nless|"
                    r"ready for|potential(?:ly)?|possibl[ey]|prospect of)\b")
# intentions and threats are not facts either, but a state that weighs leaving is still in
_INTENTION = re.compile(r"\b(?:consider(?:s|ed|ing)?|threaten(?:s|ed|ing)?|intends?|intended|plans? to|planned to|"
                        r"planning to|ready to|prepared to|wants? to|wanted to|seeks? to|sought to)\b")
_LEAVING = {"withdrew", "suspended", "reduced_participation"}
_NEGATION = re.compile(r"\b(?:not|never|no longer|neither|nor)\b|n[’']t\b", re.I)
# what a list-taking verb such as "includes" needs before it to speak of membership
_GROUP = re.compile(r"\b(?:alliance|bloc|grouping|organi[sz]ation|pact|treaty|union|community|commonwealth|"
                    r"assembly|CSTO|CIS|ODKB)\b", re.I)
# "seven years later": the date is counted from another one, so a year nearby is not its date
_COUNTED_LATER = re.compile(r"^\W{0,3}(?:\w+\W+){0,2}?(?P<n>\w+|\d+)\s+(?P<unit>years?|months?|decades?)\s+"
                            r"(?:later|afterwards)\b")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|&)?\s*(?:the\s+)?$")
_BARE_YEAR = re.compile(r"(?<![\d.,/\w-])((?:19|20)\d\d)(?![\d\w-])")


@dataclass(frozen=True)
class MembershipFact:
    alpha3: str
    state: str
    body: str
    action: str
    date_start: date | None
    precision: str | None
    span: tuple[int, int]


@cache
def _state_re() -> re.Pattern[str]:
    names = alternation(list(state_names()))
    caps = alternation(list(capitals()))
    start = initials([*state_names(), *capitals()])
    return re.compile(rf"{start}(?<![\w-])(?:(?P<name>{names})|(?P<capital>{caps})(?=[’']s\b))(?![\w-])")


@cache
def _body_re() -> re.Pattern[str]:
    forms = list(membership_bodies())
    return re.compile(rf"{initials(forms)}(?<![\w-])(?:{alternation(forms)})(?![\w-])")


def state_lists(text: str) -> list[list[tuple[int, int, str, str]]]:
    """Runs of state names joined only by commas, "and" and "the": one list each."""
    mentions = []
    for m in _state_re().finditer(text):
        state = state_names()[m.group("name")] if m.group("name") else capitals()[m.group("capital")]
        mentions.append((m.start(), m.end(), state.alpha3, state.name))
    lists: list[list[tuple[int, int, str, str]]] = []
    for mention in mentions:
        if lists and _LIST_GAP.fullmatch(text[lists[-1][-1][1]:mention[0]]) and \
                text[lists[-1][-1][1]:mention[0]].strip():
            lists[-1].append(mention)
        else:
            lists.append([mention])
    return lists


_THEIR_COUNTRIES = re.compile(r"\b(?:their (?:respective )?(?:countries|states|nations)|(?:his|her) (?:country|state|nation))\b")


@cache
def _official_state_re() -> re.Pattern[str]:
    """A state qualifying an official: "Uzbek President", "Azerbaijan's adviser"."""
    adjectives = alternation(list(state_adjectives()))
    names = alternation(list(state_names()))
    start = initials([*state_adjectives(), *state_names()])
    return re.compile(rf"{start}(?<![\w-])(?:(?P<adj>{adjectives})|(?P<name>{names})[’']s)(?=[ \t]+(?:[a-z]+[ \t]+){{0,2}}[A-Za-z])")


def _their_countries(text: str) -> list[list[tuple[int, int, str, str]]]:
    """ "X, Y and Z said their respective countries won't ...": the states
    are those that qualify the people named before the phrase ("Uzbek President X",
    "Georgia's foreign minister Y"), one each, at the phrase's place in the sentence."""
    found = []
    for m in _THEIR_COUNTRIES.finditer(text):
        states: dict[str, str] = {}
        for q in _official_state_re().finditer(text, 0, m.start()):
            state = state_adjectives()[q.group("adj")] if q.group("adj") else state_names()[q.group("name")]
            states.setdefault(state.alpha3, state.name)
        plural = m.group(0).startswith("their")
        if (plural and len(states) >= 2) or (not plural and len(states) == 1):
            found.append([(m.start(), m.end(), code, name) for code, name in states.items()])
    return found


def body_mentions(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), membership_bodies()[m.group(0)]) for m in _body_re().finditer(text)]


def _dates(text: str) -> list[tuple[int, date, str]]:
    explicit = find_explicit_dates(text)
    found = [(d.start, d.value, d.precision) for d in explicit if d.value]
    taken = [(d.start, d.end) for d in explicit]
    for m in _BARE_YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), date(int(m.group(1)), 1, 1), "year"))
    return found


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def extract_memberships(text: str, previous_body: str | None = None) -> list[MembershipFact]:
    """Every (state, body, action) the sentence states, with the date it gives."""
    lists = sorted(state_lists(text) + _their_countries(text))
    if not lists:
        return []
    bodies = body_mentions(text)
    dates = _dates(text)
    facts: list[MembershipFact] = []
    taken: list[tuple[int, int]] = []
    hits: list[tuple[Cue, re.Match, list]] = []
    for cue in membership_cues():
        for m in cue.pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            chosen = _nearest_list(text, lists, (m.start(), m.end()), cue.side, cue.max_gap)
            if chosen is None:
                continue
            lo, hi = min(chosen[0][0], m.start()), max(chosen[-1][1], m.end())
            window = text[max(0, lo - 25):hi]
            if _INTENTION.search(window) and not _MODAL.search(window):
                if (cue.action in _LEAVING or cue.action == "member") and not _NEGATION.search(text[lo:hi]):
                    # "A and B are considering pulling out", "A is ready to extend its participation":
                    # who weighs leaving or staying is a member now
                    taken.append((m.start(), m.end()))
                    hits.append((_STILL_MEMBER, m, chosen))
                continue
            if _MODAL.search(window) or (re.search(r"[;:]|\s[-–—]\s", _between(text, chosen, m))
                                         and not _dashed_apposition(text, chosen, m)):
                # a colon or a dash may introduce the list a cue announces ("observer states – A and B")
                if not (cue.side != "before" and re.fullmatch(r"\s*[:–—-]\s*", _between(text, chosen, m))
                        or cue.side == "after" and ":" in _between(text, chosen, m)):
                    continue
            if _NEGATION.search(text[lo:hi]) and cue.action != "withdrew":
                continue  # "Serbia is not a member of the bloc" states no membership
            if cue.needs_group and not _GROUP.search(_clause_before(text, m.start())):
                continue
            taken.append((m.start(), m.end()))
            hits.append((cue, m, chosen))
    for cue, m, chosen in hits:
        body = _nearest_body(bodies, (m.start(), m.end())) or previous_body or DEFAULT_BODY
        when = None
        later = _COUNTED_LATER.match(text[m.end():])
        if cue.dated and later:
            when = _counted_from(later, [d for d in dates if d[0] < m.start()])
        elif cue.dated:
            own = [d for d in dates if _owns(d[0], m, hits, text)]
            when = min(own, key=lambda d: abs(d[0] - m.start()), default=None)
        for s, e, alpha3, name in chosen:
            facts.append(MembershipFact(alpha3, name, body, cue.action, when[1] if when else None,
                                        when[2] if when else None, (s, e)))
    seen, kept = set(), []
    for f in facts:
        if (f.alpha3, f.body, f.action) not in seen:
            seen.add((f.alpha3, f.body, f.action))
            kept.append(f)
    return kept


_STILL_MEMBER = Cue("member", "before", 0, False, re.compile(""))


def _counted_from(later: re.Match, earlier: list[tuple[int, date, str]]) -> tuple[int, date, str] | None:
    """"seven years later": the year counted from the one date the sentence gives before it;
    with no such date, or several, or a count in months, nothing is dated."""
    n = WORD_VALUES.get(later.group("n").lower()) if not later.group("n").isdigit() else int(later.group("n"))
    if n is None or not later.group("unit").startswith("year") or len({d[1].year for d in earlier}) != 1:
        return None
    return (earlier[0][0], date(earlier[0][1].year + n, 1, 1), "year")


def _owns(date_at: int, m: re.Match, hits: list, text: str) -> bool:
    """A date belongs to the cue nearest to it (in "A joined in 1993 and left the bloc three
    years later" 1993 dates the joining, not the leaving); a date that opens the sentence
    ("In 1999, A signed ... and B left ...") dates every cue of it."""
    if len(text[:date_at].split()) <= 2:
        return True
    nearest = min(hits, key=lambda h: _gap((date_at, date_at + 4), (h[1].start(), h[1].end())))
    return nearest[1] is m


def _dashed_apposition(text: str, chosen: list, m: re.Match) -> bool:
    """A list set off by a pair of dashes before its verb ("four states – A, B and C – will
    remain"): the dashes bracket the list, they do not end the clause."""
    return (chosen[-1][1] <= m.start() and bool(re.fullmatch(r"\s*[–—-]\s*", text[chosen[-1][1]:m.start()]))
            and bool(re.search(r"[–—-]\s*(?:the\s+)?$", text[:chosen[0][0]])))


def _clause_before(text: str, pos: int) -> str:
    """The words before `pos` back to the start of their clause (or 100 characters)."""
    window = text[max(0, pos - 100):pos]
    return re.split(r"[;.!?]\s", window)[-1]


def _between(text: str, chosen: list, m: re.Match) -> str:
    if chosen[-1][1] <= m.start():
        return text[chosen[-1][1]:m.start()]
    if chosen[0][0] >= m.end():
        return text[m.end():chosen[0][0]]
    return ""


def _nearest_list(text: str, lists: list, cue: tuple[int, int], side: str, max_gap: int):
    inside = [lst for lst in lists if cue[0] <= lst[0][0] and lst[-1][1] <= cue[1]]
    if inside and side == "either":
        return inside[0]
    candidates = []
    for lst in lists:
        span = (lst[0][0], lst[-1][1])
        before, after = span[1] <= cue[0], span[0] >= cue[1]
        if (side == "before" and not before) or (side == "after" and not after) or not (before or after):
            continue
        gap = _gap(span, cue)
        if gap <= max_gap:
            candidates.append((gap, lst))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _nearest_body(bodies: list[tuple[int, int, str]], cue: tuple[int, int]) -> str | None:
    if not bodies:
        return None
    inside = [b for b in bodies if cue[0] <= b[0] and b[1] <= cue[1]]
    if inside:
        return inside[0][2]
    return min(bodies, key=lambda b: _gap((b[0], b[1]), cue) + (0 if b[0] >= cue[1] else 5))[2]


def last_body(text: str) -> str | None:
    """The body a sentence names last, for "It was joined by ..." in the next one."""
    found = body_mentions(text)
    return found[-1][2] if found else None

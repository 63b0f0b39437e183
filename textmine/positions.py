"""Who holds which office, read from one sentence.

Handled shapes (a title is any entry of data/titles_of_office.csv):
- pre-modifier:   "Russian Foreign Minister Sergei Lavrov", "the acting CSTO Secretary General X"
- title of body:  "Prime Minister of Armenia Nikol Pashinyan", "Secretary General of the CSTO (CSTO) X"
- label / chain:  "Plenipotentiary Representative of P, deputy Executive Secretary of Q: X"
- appositive:     "X, Chairman of the State Duma", "X, the Organization's Secretary General"
- copular:        "X was re-elected Chairman of Y", "X would be acting Secretary-General",
                  "a new Secretary-General was elected - ..., X"
- plural list:    "Presidents of Belarus X, Kazakhstan Y and Russia Z"
- outlet's staff: "RIA Novosti's X" (a journalist of the outlet)
A name that merely stands near a title ("Zas met the President") yields nothing: the
name must fill one of these slots.
"""

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from textmine.entities.people import given_names
from textmine.explicit_dates import find_explicit_dates
from textmine.fact_lexicon import (alternation, capitals, initials, membership_bodies, organization_names, qualifiers,
                                   state_adjectives, state_names, titles)
from textmine.headers import media_outlets
from textmine.person_names import name_at, name_before, names_in


@dataclass
class PositionFact:
    person: str
    person_span: tuple[int, int]
    title: str
    organization: str | None
    qualifier: str | None = None
    start_date: date | None = None
    org_is_state: bool = False
    extras: dict = field(default_factory=dict)


@cache
def _title_re() -> re.Pattern[str]:
    start = initials(titles(), extra="esfdv")  # (ex-, senior, first, deputy, vice)
    return re.compile(rf"{start}(?<![\w-])(?P<ex>ex-)?(?P<senior>senior[ -])?(?P<deputy>(?:first[ -])?(?:deputy|vice)[ -])?"
                      rf"(?P<title>{alternation(list(titles()))})"
                      rf"(?P<plural>s)?(?![\w-])", re.IGNORECASE)


@cache
def _modifier_re() -> re.Pattern[str]:
    """Words that may stand before a title: qualifiers, states, adjectives, bodies."""
    forms = list(state_names()) + list(state_adjectives()) + list(organization_names()) + \
        [f for f in membership_bodies() if f[0].isupper()] + [alias for alias, _name in media_outlets()]
    start = initials([*qualifiers(), *forms], extra="obagp")  # (organization, bloc, alliance, group, pact)
    return re.compile(rf"{start}(?:(?P<qual>{alternation(list(qualifiers()))})[ \t]*|(?P<body>{alternation(forms)})"
                      rf"(?:[’']s)?[ \t]+|(?P<anaphor>(?:organization|organisation|bloc|alliance|group|grouping|pact)"
                      rf"(?=[’']s[ \t]))[’']s[ \t]+)$")


_ELECTED = re.compile(r"(?:\b(?:(?:(?P<past>was|were|had been)|is|has been|will be|would be|became|becomes|has become|"
                      r"remains|remained)\s+(?P<verb>re-?elected|elected|appointed|named|nominated)?|"
                      r"(?:will\s+|would\s+)?(?P<act>act|acts|acted|serve|serves|served))\s*(?:as\s+)?"
                      r"(?:the\s+)?(?:new\s+)?)$")
_RELIEVED = re.compile(r"\b(?P<relieved>relieved|dismissed|removed)\s+(?:of|from)\s+(?:his|her|the)\s+(?:post|position|"
                       r"duties)\s+(?:of|as)\s+(?:the\s+)?$")
_ELECTED_AFTER = re.compile(r"\s*(?:was|were|has been|will be|is)\s+(?P<verb>re-?elected|elected|appointed|named)\b")
_CONNECTOR = re.compile(r"(?:\s*[,:]\s*|\s+[-–—]\s+|\s*\(\w+\)\s*[,:]?\s*)(?:now\s+|namely\s+)?")
_ORG_RUN = re.compile(r"(?:(?:the|of|for|and|on|in|de|to)[ \t]+|[A-Z](?:[\w’'&-]|\.(?=\w))*(?:[’']s)?[ \t]*|\([^()]{1,20}\)[ \t]*)+")
# ranks that may stand between a body's name and a person's ("... Joint Staff Colonel-General X")
_RANK_WORD = (r"(?:Colonel-General|Lieutenant-General|Major-General|Colonel|Col\.?|Lieutenant|Lt\.?|Major|Maj\.?|"
              r"General|Gen\.?|Admiral|Marshal|Army|Retired)")
_RANK_GAP = re.compile(rf"[ \t]+(?:{_RANK_WORD}[ \t]+)+")
# a named unit standing right before a title is the body the title belongs to
# ("the Southern Military District Commander X", "the Border Service Director X")
_UNIT_BEFORE = re.compile(r"(?<![\w-])(?P<unit>(?:[A-Z][\w-]+[ \t]+){1,4}(?:District|Command|Fleet|Forces|Army|Guard|"
                          r"Service|Agency|Directorate|Department|Committee))[ \t]+$")
_AND_NOUNS = re.compile(r"[ \t]+and[ \t]+(?:[a-z][a-z-]+[ \t]+){1,2}(?=[A-Z])")
_ANAPHOR = re.compile(r"(?:the\s+)?(?P<word>organization|organisation|bloc|alliance)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|since)\s+((?:19|20)\d\d)\b")


def _canonical_body(phrase: str) -> tuple[str | None, bool]:
    """Canonical name of a body or state written as `phrase`; (name, is_state)."""
    phrase = re.sub(r"\s*\([^()]*\)\s*", " ", phrase).strip(" ,")
    phrase = re.sub(r"^(?:the|The)\s+", "", phrase)
    phrase = re.sub(r"[’']s$", "", phrase)
    phrase = re.sub(r"^(?:[A-Z][\w.]*-(?:based|led|backed|controlled)\s+)+", "", phrase)  # "the Washington-based X"
    if not phrase:
        return None, False
    states, adjectives, orgs, bodies = state_names(), state_adjectives(), organization_names(), membership_bodies()
    if phrase in states:
        return states[phrase].name, True
    if phrase in adjectives:
        return adjectives[phrase].name, True
    if phrase in orgs:
        return orgs[phrase], False
    if phrase in bodies:
        return bodies[phrase], False
    # a known body closing the phrase: "CIS Collective Security Treaty Organization" is the CSTO
    for form in sorted(orgs, key=len, reverse=True):
        if len(form) > 12 and phrase.endswith(" " + form) and " of " not in phrase[:-len(form)]:
            return orgs[form], False
    # a known body at the front: "<body> of <its parent>" is that body
    for form in sorted(orgs, key=len, reverse=True):
        if len(form) > 3 and re.match(re.escape(form) + r"\b", phrase) and " of " not in phrase[len(form):len(form) + 4]:
            return orgs[form], False
        if len(form) > 1 and form.isupper() and re.match(re.escape(form) + r"\b", phrase):
            return orgs[form], False
    return phrase, False


def _org_after(text: str, pos: int) -> tuple[str | None, int, tuple[int, int] | None]:
    """The body named by "of/for [the] ..." at `pos`: (phrase, end, name found inside)."""
    m = re.compile(r"[ \t]+(?:of|for|at|in)[ \t]+").match(text, pos)
    if not m:
        return None, pos, None
    start = m.end()
    anaphor = _ANAPHOR.match(text, start)
    if anaphor:
        return anaphor.group("word").capitalize(), anaphor.end(), None
    run = _ORG_RUN.match(text, start)
    if not run:
        return None, pos, None
    phrase = run.group(0)
    # a person's name may close the run: "... Organization (CSTO) Stanislav Zas"
    inner_name = None
    body_end = start + len(phrase.rstrip())
    tail = name_before(text, body_end)
    if tail and tail[0] > start + 2:
        inner_name = tail
        body_end = tail[0]
    body = text[start:body_end]
    # a rank between the body and the name is neither ("the CSTO Joint Staff Colonel-General X")
    body = re.sub(rf"(?:[ \t]+{_RANK_WORD})+[ \t]*$", "", body)
    trimmed = re.sub(r"(?:[ \t]+|^)(?:the|of|for|and|on|in|de|to)[ \t]*$", "", body.rstrip())
    while trimmed != body.rstrip():
        body = trimmed
        trimmed = re.sub(r"(?:[ \t]+|^)(?:the|of|for|and|on|in|de|to)[ \t]*$", "", body.rstrip())
    body = body.rstrip()
    if not body or not re.search(r"[A-Z]", body):
        return None, pos, None
    return body, start + len(body), inner_name


@cache
def _state_lead_re() -> re.Pattern[str]:
    """A state's name or adjective before a stacked title ("Belarus President")."""
    return re.compile(rf"(?:the[ \t]+)?(?:{alternation(list(state_names()) + list(state_adjectives()))})[ \t]+")


@cache
def _state_pair_re() -> re.Pattern[str]:
    """A state's name before a person's name ("Presidents of Belarus X, Kazakhstan Y")."""
    return re.compile(rf"(?:the[ \t]+)?(?P<state>{alternation(list(state_names()))})[ \t]+")


@cache
def _state_at_re() -> re.Pattern[str]:
    """A state's name as an item of a list ("ministers of Belarus, Kazakhstan and Russia X, Y and Z")."""
    return re.compile(rf"(?:the[ \t]+)?(?P<state>{alternation(list(state_names()))})(?![\w-])")


def _next_title(text: str, pos: int, stacked: bool = False) -> bool:
    """Another title follows at `pos` ("the President of Y, X" after a comma; with `stacked`,
    "Belarus President X" right after the first title), so both close on the same name."""
    rest = text[pos:]
    if stacked:
        m = re.match(r"[ \t]+", rest)
        if not m:
            return False
        rest = rest[m.end():]
        lead = _state_lead_re().match(rest)
        if not lead:
            return False
        rest = rest[lead.end():]
        return bool(_title_re().match(rest))
    rest = re.sub(r"^(?:the|The)[ \t]+", "", rest)
    return bool(_title_re().match(rest)) or bool(re.match(r"(?:deputy|vice)\b", rest, re.I))


def _modifiers(text: str, title_start: int) -> tuple[str | None, str | None, int]:
    """Qualifier and body written before a title; and where that pre-modifier starts."""
    qualifier = body = None
    pos = title_start
    for _ in range(4):
        m = _modifier_re().search(text[max(0, pos - 60):pos])
        if not m or not m.group(0):
            break
        if m.group("qual"):
            qualifier = qualifier or qualifiers()[m.group("qual").lower()]
        elif body is None and m.group("anaphor"):
            body = "Organization"  # "the bloc's secretary-general": the body the article is about
        elif body is None:
            body = m.group("body")
        pos -= len(m.group(0))
    if body is None:
        unit = _UNIT_BEFORE.search(text[max(0, pos - 80):pos])
        if unit:
            body = unit.group("unit")
            pos -= len(unit.group(0))
            owner = re.search(r"(?:[A-Z][\w-]+[’']s|[A-Z][a-z]+n)[ \t]+$", text[:pos])  # "Russia's", "Russian"
            pos -= len(owner.group(0)) if owner else 0
    the = re.search(r"(?:\b[Tt]he|\b[Aa]n?)[ \t]+$", text[:pos])
    return qualifier, body, (pos - len(the.group(0)) if the else pos)


def _start_date(text: str) -> date | None:
    """The tenure's start where the sentence states a full date or a year."""
    for d in find_explicit_dates(text):
        if d.value:
            return d.value
    m = _YEAR.search(text)
    return date(int(m.group(1)), 1, 1) if m else None


def _normal_title(deputy: str | None, written: str) -> str:
    title = titles()[written.lower()]
    if deputy and not title.lower().startswith(("deputy", "vice")):
        title = ("Vice " if deputy.lower().rstrip(" -").endswith("vice") else "Deputy ") + title
        if deputy.lower().startswith("first"):
            title = "First " + title
    return title


def extract_positions(text: str, people: Mapping[str, str] | None = None) -> list[PositionFact]:
    """Every (person, title, body) the sentence states. `people` maps the surnames of people
    its article names in full to those full names, so that "Petrov, who is 60, was chief of
    ..." and "he was deputy minister" (with Petrov the one person before it) can be read."""
    resolved: dict[tuple[int, int], str] = {}  # spans that stand for a longer name
    # a hard-wrapped line inside a sentence is a space ("Chairman of\nthe Assembly X"); the
    # replacement keeps every offset, so spans still point at the sentence's own characters
    text = _unwrap(text)
    facts: list[PositionFact] = []
    chain: list[tuple[str, str | None, str | None]] = []  # titles waiting for the name that closes a label
    consumed = 0
    for m in _title_re().finditer(text):
        if m.start() < consumed:
            continue
        title = _normal_title(m.group("deputy"), m.group("title"))
        if m.group("senior") and not title.startswith("Senior"):
            title = "Senior " + title  # "senior presidential adviser", "senior deputy foreign minister"
        qualifier, modifier_body, pre_start = _modifiers(text, m.start())
        if m.group("ex"):
            qualifier = "former"
        body = modifier_body
        end = m.end()
        if m.group("plural"):
            facts.extend(_plural(text, m.end(), title, qualifier))
            consumed = m.end()
            continue
        after_body, after_end, inner_name = _org_after(text, end)
        staff = re.fullmatch(r"(?:the\s+)?(?P<body>.+?)\s+(?P<staff>Joint|General)\s+Staff", after_body or "")
        if staff and title == "Head":
            # "Chief of the CSTO Joint Staff": the office is the staff's chief, the body the CSTO
            title, after_body = f"Chief of the {staff.group('staff')} Staff", staff.group("body")
        if after_body:
            if modifier_body is None:
                body = after_body
            end = after_end
        consumed = end
        person_span = inner_name or name_at(text, end)
        if person_span and person_span[0] - end > 2 and not inner_name and not _RANK_GAP.fullmatch(text[end:person_span[0]]):
            person_span = None
        elected = None
        if person_span is None:
            # "X, State Secretary and Deputy Minister, ...": two coordinated titles after a name
            pair = re.search(rf",[ \t]*(?:the[ \t]+|an?[ \t]+)?(?P<first>{_title_re().pattern})[ \t]+and[ \t]+$",
                             text[:pre_start], re.IGNORECASE)
            before = name_before(text, pair.start()) if pair else None
            if pair and before:
                first = _normal_title(pair.group("deputy"), pair.group("title"))
                chain.append((first, body, qualifier))
                person_span = before
        if person_span is None:
            # "X, Title of Y" and "X, who is (also) Title of Y"
            comma = re.search(r"\s*,\s*(?:who\s+(?:is|was|has been|had been|serves as|served as)\s+(?:also\s+|now\s+)?)?$",
                              text[:pre_start])
            before = name_before(text, comma.start()) if comma else None
            if before:
                person_span = before
            else:
                cop = _ELECTED.search(text[:pre_start]) or _RELIEVED.search(text[:pre_start])
                if cop and cop.group(0).strip():
                    subject = _subject(text[:cop.start()], people)
                    if subject:
                        person_span = subject[0] if not chain else None
                        if subject[1]:
                            resolved[subject[0]] = subject[1]
                        elected = cop.groupdict().get("verb")
                        if cop.groupdict().get("act") and cop.group("act").startswith("act"):
                            qualifier = qualifier or "acting"
                        elif cop.groupdict().get("relieved") or (not elected and cop.group("past")):
                            qualifier = qualifier or "former"  # "he was deputy minister in 2008"
        if person_span is None:
            after = _ELECTED_AFTER.match(text, end)
            if after:
                names = names_in(text[after.end():])
                if names:
                    person_span = (after.end() + names[0][0], after.end() + names[0][1])
                    elected = after.group("verb")
        if person_span is None:
            link = _CONNECTOR.match(text, end)
            if link:
                nxt = name_at(text, link.end())
                if nxt:
                    person_span = nxt
                elif _next_title(text, link.end()):
                    chain.append((title, body, qualifier))
                    continue
        if person_span is None:
            joined = _AND_NOUNS.match(text, end)
            if joined and name_at(text, joined.end()):
                # "political analyst and sociologist X": the name closes both nouns
                person_span = name_at(text, joined.end())
        if person_span is None and _next_title(text, end, stacked=True):
            # "CSTO chairman Belarus President X": two offices stacked before one name
            chain.append((title, body, qualifier))
            continue
        if person_span is None:
            chain.clear()
            continue
        if elected:
            qualifier = "re-elected" if elected.lower().startswith("re") else ("elected" if elected.lower() == "elected" else qualifier)
        start_date = _start_date(text) if elected else None
        if body is None:
            # "President Kassym-Jomart Tokayev of Kazakhstan"
            of_state = _of_state_re().match(text, person_span[1])
            body = of_state.group("state") if of_state else None
        if body is None and facts:
            body = _shared_body(text, facts[-1], pre_start, title)
        if body is None and not chain and not title.startswith(_STATE_OFFICES):
            body = _nearest_body(text, m.start())
        for t, b, q in [*chain, (title, body, qualifier)]:
            facts.append(_fact(text, person_span, t, b, q, start_date, resolved.get(person_span)))
        chain.clear()
        consumed = max(consumed, person_span[1])
    facts.extend(_outlet_staff(text))
    facts.extend(_who_heads(text))
    if _title_case(text):
        facts = [f for f in (_headline_name(f) for f in facts) if f is not None]
    return _keep(facts)


def _unwrap(text: str) -> str:
    """Single line breaks become spaces; a blank line (a paragraph break) stays."""
    return re.sub(r"(?<![\n\r])\r?\n(?![\r\n])", lambda m: " " * len(m.group(0)), text)


_HEADLINE_LOWER = {"with", "from", "into", "over", "after", "about", "that", "this", "than", "upon", "onto", "amid",
                   "during", "between", "against", "towards", "without", "under", "before"}


_WHO_HEADS = re.compile(r"\s*,\s*who\s+(?:now\s+|currently\s+|also\s+)?(?P<verb>heads|headed|leads|led|chairs|chaired)"
                        r"\s+(?:the\s+)?")


def _who_heads(text: str) -> list[PositionFact]:
    """ "X, who heads the Y": X is the head (or chairman) of Y. A state led this way is a
    description, not an office (dropped by _keep)."""
    facts = []
    for m in _WHO_HEADS.finditer(text):
        person = name_before(text, m.start())
        run = _ORG_RUN.match(text, m.end())
        if not person or not run:
            continue
        body = re.sub(r"(?:[ \t]+(?:the|of|for|and|on|in|de|to))+[ \t]*$", "", run.group(0).rstrip())
        if not re.search(r"[A-Z]", body):
            continue
        title = "Chairman" if m.group("verb").startswith("chair") else "Head"
        facts.append(_fact(text, person, title, body, None, None))
    return facts


def _title_case(text: str) -> bool:
    """A headline in title case ("X Receives Secretary General Y"): most longer words are
    capitalised, so a capital no longer marks a name."""
    longer = re.findall(r"[A-Za-z][\w’'-]{3,}", text)
    lower = [w for w in longer if w[0].islower() and w not in _HEADLINE_LOWER]
    return len(longer) >= 4 and not lower


def _headline_name(fact: PositionFact) -> PositionFact | None:
    """In a title-case headline a name has two words, or three when the middle one is an
    initial ("George W. Bush"): "Nursultan Nazarbayev Receives" is a name and a verb. A
    first word ending in -s that no given-name list holds is a verb ("Analyst Says ...")."""
    words = fact.person.split()
    if words[0] not in given_names() and words[0].endswith("s"):
        return None  # "Analyst Says ...": a verb, not a given name
    keep = 3 if len(words) >= 3 and re.fullmatch(r"[A-Z]\.", words[1]) else 2
    if len(words) <= keep:
        return fact
    person = " ".join(words[:keep])
    span = (fact.person_span[0], fact.person_span[0] + len(person))
    return dataclasses.replace(fact, person=person, person_span=span)


# offices of a state: a body named nearby ("the CSTO ... Prime Minister X said") is not theirs
_STATE_OFFICES = ("President", "Vice President", "Prime Minister", "Deputy Prime Minister", "First Deputy Prime Minister",
                  "Minister", "Deputy Minister", "First Deputy Minister", "Chief of the General Staff", "State Secretary")


# titles of a profession, not of an office: a state adjective before them tells a nationality
_PROFESSIONS = frozenset({"Analyst", "Senior Analyst", "Political Analyst", "Journalist", "Correspondent", "Editor",
                          "Fellow", "Senior Fellow", "Research Fellow"})


@cache
def _of_state_re() -> re.Pattern[str]:
    return re.compile(rf"[ \t]+of[ \t]+(?:the[ \t]+)?(?P<state>{alternation(list(state_names()))})(?![\w-])")


@cache
def _body_re() -> re.Pattern[str]:
    forms = [f for f in organization_names() if len(f) > 2]
    return re.compile(rf"{initials(forms)}(?<![\w-])(?:{alternation(forms)})(?![\w-])")


def _nearest_body(text: str, pos: int) -> str | None:
    """An organisation named within a few words of an untied title ("the CSTO deputy
    director X would be acting Secretary-General" -> the CSTO)."""
    found = [(abs(m.start() - pos), m.group(0)) for m in _body_re().finditer(text) if abs(m.start() - pos) <= 60]
    return min(found)[1] if found else None


def _subject(head: str, people: Mapping[str, str] | None) -> tuple[tuple[int, int], str | None] | None:
    """Who a copula closing `head` speaks of: the last person named before it (in full, or
    by a surname the article gave in full earlier); for "he"/"she", the one person named
    before it in the sentence, and nobody when there are several."""
    found = [(span, None, head.startswith(("’s", "'s"), span[1])) for span in names_in(head)]
    for m in re.finditer(r"(?<![\w-])(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?P<s>[’']s)?(?![\w-])", head):
        if people and m.group("w") in people and not any(a <= m.start() < b for (a, b), _, _ in found):
            found.append(((m.start(), m.end("w")), people[m.group("w")], bool(m.group("s"))))
    found.sort()
    if re.search(r"(?<![\w-])(?:he|she)\s+(?:(?:was|is|has been|had been)\s+)?$", head, re.IGNORECASE):
        persons = {full or " ".join(head[a:b].split()) for (a, b), full, _ in found}
        return found[-1][:2] if len(persons) == 1 else None
    # a possessive ("X's deputy") is never the one the copula speaks of
    subjects = [(span, full) for span, full, possessive in found if not possessive]
    return subjects[-1] if subjects else None


def known_people(sentences: Sequence[str]) -> dict[str, str]:
    """Surname -> full name of the people an article names in full (two to four words), for
    surnames that belong to one of them only."""
    by_surname: dict[str, set[str]] = {}
    for s in sentences:
        s = _unwrap(s)
        for a, b in names_in(s):
            full = " ".join(s[a:b].split())
            by_surname.setdefault(full.split()[-1], set()).add(full)
    return {surname: max(fulls, key=len) for surname, fulls in by_surname.items()
            if len({f.split()[0] for f in fulls}) == 1}


def _shared_body(text: str, previous: PositionFact, pre_start: int, title: str) -> str | None:
    """The body a title takes from the office named just before it in the same sentence:
    "Kazakhstan's Defence Minister A and Security Council Secretary B" (the possessive spans
    the coordination, for offices of a state), "Secretary General A ..., his spokesman B"
    (the spokesman speaks for A's body)."""
    if previous.organization is None or previous.person_span[1] > pre_start:
        return None
    between = text[previous.person_span[1]:pre_start]
    if previous.org_is_state and title.startswith(_STATE_OFFICES + ("Secretary of the Security Council",)) and \
            re.fullmatch(r"[ \t]*(?:,[ \t]*)?and[ \t]+|[ \t]*,[ \t]*", between):
        return previous.organization
    if not previous.org_is_state and re.search(r"(?<![\w-])(?:his|her)[ \t]+$", between) and "." not in between:
        return previous.organization
    return None


def _fact(text: str, span: tuple[int, int], title: str, body: str | None, qualifier: str | None,
          start_date: date | None, person: str | None = None) -> PositionFact:
    name, is_state = _canonical_body(body) if body else (None, False)
    if is_state and title in _PROFESSIONS:
        name, is_state = None, False  # "Russian political analyst X": a nationality, not an employer
    return PositionFact(person or " ".join(text[span[0]:span[1]].split()), span, title, name, qualifier, start_date,
                        is_state)


def _keep(facts: list[PositionFact]) -> list[PositionFact]:
    """Drop what a title does not say about a person: the "head"/"leader" of a state is a
    description, not an office."""
    kept, seen = [], set()
    for f in facts:
        if f.title in ("Head", "Leader") and f.org_is_state:
            continue
        key = (f.person, f.title, f.organization)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def _plural(text: str, pos: int, title: str, qualifier: str | None) -> list[PositionFact]:
    """A plural title over a list of people, one office each:
    "Presidents of Belarus X, Kazakhstan Y and Russia Z" (state before each name),
    "defence ministers of Belarus, Kazakhstan and Russia X, Y and Z" (respectively: only when
    the two lists are equally long), "senior analysts X, Y and Z" (no body stated)."""
    m = re.compile(r"[ \t]+of[ \t]+").match(text, pos)
    if not m:
        names, _end = _listed(text, pos, name_at)
        return [_fact(text, span, title, None, qualifier, None) for span in names] if len(names) > 1 else []
    pair, state_at = _state_pair_re(), _state_at_re()
    facts, cursor = [], m.end()
    while True:
        p = pair.match(text, cursor)
        if not p:
            break
        span = name_at(text, p.end())
        if not span:
            break
        facts.append(_fact(text, span, title, p.group("state"), qualifier, None))
        sep = _LIST_SEP.match(text, span[1])
        if not sep:
            break
        cursor = sep.end()
    if facts:
        return facts
    listed, after = _listed(text, m.end(), lambda t, at: (lambda s: (s.start("state"), s.end()) if s else None)(state_at.match(t, at)))
    names, _end = _listed(text, after, name_at)
    if len(listed) < 2 or len(listed) != len(names):
        return []
    return [_fact(text, span, title, text[a:b], qualifier, None) for (a, b), span in zip(listed, names)]


_LIST_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)")


def _listed(text: str, pos: int, item_at) -> tuple[list[tuple[int, int]], int]:
    """Items of a list "A, B, and C" starting at `pos` (after white space); and where it ends."""
    items: list[tuple[int, int]] = []
    cursor = pos
    while True:
        span = item_at(text, cursor + len(text[cursor:]) - len(text[cursor:].lstrip(" \t")))
        if not span:
            break
        items.append(span)
        sep = _LIST_SEP.match(text, span[1])
        if not sep:
            return items, span[1]
        cursor = sep.end()
    return items, (items[-1][1] if items else pos)


def byline_position(sentence: str, author: str, outlet: str, stated: list[PositionFact]) -> PositionFact | None:
    """The author a header credits ("by Jane Doe" under an outlet's name) writes for that
    outlet: a journalist of it, unless `stated` (what extract_positions read in the same
    sentence, e.g. "By Jane Doe, senior fellow at X") gives the author another role."""
    at = sentence.find(author)
    if at < 0 or any(f.person == author for f in stated):
        return None
    return PositionFact(author, (at, at + len(author)), "Journalist", outlet)


def fill_bodies(facts: list[PositionFact], sentence_nos: Sequence[int] = (),
                sentences: Sequence[str] = ()) -> list[PositionFact]:
    """Bodies a sentence leaves unsaid, read from the rest of its article (`sentences`, with
    `sentence_nos[i]` the index of the sentence fact i came from). In order:
    - the body the article gives the same person's same title elsewhere ("President Tokayev"
      after "Kazakh President Kassym-Jomart Tokayev"; a person is the same when the surnames
      agree); two that disagree leave it unknown;
    - a profession without an employer ("senior analysts X and Y") works for the one
      organisation the sentence before names ("The Review is a publication of the Z Institute.");
    - an office of a state held in an article about one state (named at least twice, and at
      least twice as often as any other) is that state's: news names the state of an
      unqualified "Prime Minister X" only when the article is not about it.
    Anything less certain stays unknown."""
    known: dict[tuple[str, str], set[str]] = {}
    for f in facts:
        if f.organization:
            known.setdefault((f.person.split()[-1].lower(), f.title), set()).add(f.organization)
    topic = topic_state(sentences) if sentences else None
    filled = []
    for i, f in enumerate(facts):
        if not f.organization:
            bodies = known.get((f.person.split()[-1].lower(), f.title), set())
            if len(bodies) == 1:
                f = dataclasses.replace(f, organization=next(iter(bodies)))
            elif f.title in _PROFESSIONS and i < len(sentence_nos) and sentence_nos[i] > 0:
                named = {m.group(0) for m in _body_re().finditer(sentences[sentence_nos[i] - 1])}
                employers = {name for name, is_state in map(_canonical_body, named) if name and not is_state}
                if len(employers) == 1:
                    f = dataclasses.replace(f, organization=employers.pop())
            elif topic and re.sub(r"^(?:Senior|First) ", "", f.title).startswith(_STATE_OFFICES):
                f = dataclasses.replace(f, organization=topic, org_is_state=True)
        filled.append(f)
    return filled


@cache
def _state_form_re() -> re.Pattern[str]:
    forms = list(state_names()) + list(state_adjectives()) + list(capitals())
    return re.compile(rf"{initials(forms)}(?<![\w-])(?:{alternation(forms)})(?![\w])")


def _state_of(form: str) -> str | None:
    for table in (state_names(), state_adjectives(), capitals()):
        if form in table:
            return table[form].name
    return None


def topic_state(sentences: Sequence[str]) -> str | None:
    """The state an article is about: named (by name, adjective or capital) at least twice,
    more often than any other state, and either the first state the article names or named
    at least twice as often as the next one; else None."""
    named = [_state_of(m.group(0)) for s in sentences for m in _state_form_re().finditer(s)]
    named = [state for state in named if state]
    ranked = Counter(named).most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    top, count = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if count > second and (named[0] == top or count >= 2 * second):
        return top
    return None


@cache
def _outlet_possessive() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every outlet alias followed by 's (longest alias first)."""
    aliases = dict(media_outlets())
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?P<alias>{alternation})[’']s[ \t]+"), aliases


def _outlet_staff(text: str) -> list[PositionFact]:
    """ "RIA Novosti's Elena Protopopova": a journalist of that outlet."""
    if "'s" not in text and "’s" not in text:
        return []
    pattern, aliases = _outlet_possessive()
    facts = []
    for m in pattern.finditer(text):
        span = name_at(text, m.end())
        if span:
            facts.append(PositionFact(text[span[0]:span[1]], span, "Journalist", aliases[m.group("alias")]))
    return facts

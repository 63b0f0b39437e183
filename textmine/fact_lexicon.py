"""Word lists the fact extractors share: states (names, official names, adjectives,
capitals), bodies, titles of office, tenure qualifiers and units of count.

Everything a reader may want to extend lives in CSV files under textmine/data, so that a
new title or unit is a data change, not a code change. The country and organisation
gazetteers of the entity extractor (countries.csv, organizations.csv) are reused when
present; pycountry fills in any other state by its ISO name.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


@dataclass(frozen=True)
class State:
    alpha3: str
    name: str


@cache
def state_names() -> dict[str, State]:
    """Every written form of a state (name, official name) -> the state. Adjectives are
    kept apart (`state_adjectives`) because "Russian experts" does not name a member."""
    forms: dict[str, State] = {}
    try:
        import pycountry
        for country in pycountry.countries:
            state = State(country.alpha_3, getattr(country, "common_name", None) or country.name)
            for form in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
                if form and "," not in form:
                    forms.setdefault(form, state)
    except ImportError:  # pragma: no cover - pycountry is a dependency
        pass
    gazetteer = _rows("countries.csv")
    for row in gazetteer:
        state = State(row["alpha3"], row["canonical"])
        for form in [row["canonical"], *_split(row.get("aliases", ""))]:
            forms[form] = state
    # the gazetteer's canonical name ("Russia") wins over pycountry's formal one
    canonical = {row["alpha3"]: row["canonical"] for row in gazetteer}
    return {form: State(s.alpha3, canonical.get(s.alpha3, s.name)) for form, s in forms.items() if len(form) > 1}


@cache
def state_adjectives() -> dict[str, State]:
    """"Russian" -> Russia, from the gazetteer's adjectives column."""
    names = state_names()
    found: dict[str, State] = {}
    for row in _rows("countries.csv"):
        state = names.get(row["canonical"], State(row["alpha3"], row["canonical"]))
        for adjective in _split(row.get("adjectives", "")):
            found[adjective] = state
    return found


@cache
def capitals() -> dict[str, State]:
    """Capital city -> its state: "Yerevan's participation" speaks of Armenia."""
    by_code = {s.alpha3: s for s in state_names().values()}
    return {r["capital"]: by_code[r["alpha3"]] for r in _rows("capitals.csv") if r["alpha3"] in by_code}


def state_by_code(alpha3: str) -> State | None:
    return next((s for s in state_names().values() if s.alpha3 == alpha3), None)


@cache
def organization_names() -> dict[str, str]:
    """Written form -> canonical name of an organisation (from the entity gazetteer)."""
    forms: dict[str, str] = {}
    for row in _rows("organizations.csv"):
        if row.get("type", "ORGANIZATION") not in ("ORGANIZATION", "MEDIA"):
            continue
        for form in [row["canonical"], *_split(row.get("aliases", ""))]:
            forms.setdefault(form, row["canonical"])
    for row in _rows("membership_bodies.csv"):
        if row["surface"][0].isupper() and len(row["surface"]) > 3 or row["surface"].isupper():
            forms.setdefault(row["surface"], row["body"])
    return forms


@cache
def membership_bodies() -> dict[str, str]:
    """Words that name a treaty or organisation a state can belong to, including the
    anaphors ("the Organization", "the bloc") that in this corpus mean the CSTO."""
    return {r["surface"]: r["body"] for r in _rows("membership_bodies.csv")}


@cache
def titles() -> dict[str, str]:
    """Written title (lower case) -> normalised title."""
    return {r["surface"].lower(): r["title"] for r in _rows("titles_of_office.csv")}


@cache
def qualifiers() -> dict[str, str]:
    return {r["surface"].lower(): r["qualifier"] for r in _rows("office_qualifiers.csv")}


@cache
def units() -> dict[str, str]:
    """Counted noun (lower case) -> unit."""
    return {r["surface"].lower(): r["unit"] for r in _rows("quantity_units.csv")}


@dataclass(frozen=True)
class Cue:
    action: str
    side: str      # where the states stand: before, after or either side of the cue
    max_gap: int   # characters allowed between the cue and the nearest state
    dated: bool    # a change that happens on a date (joined) rather than a state of affairs (member)
    pattern: re.Pattern[str]
    # the cue states membership only when a body or a word for a group of states precedes it
    # in its clause ("the bloc includes A and B", not "the exercise included units of A and B")
    needs_group: bool = False


@cache
def membership_cues() -> tuple[Cue, ...]:
    return tuple(Cue(r["action"], r["side"], int(r["max_gap"]), r["dated"] == "1", re.compile(r["pattern"], re.IGNORECASE),
                     r.get("needs_group") == "1")
                 for r in _rows("membership_cues.csv"))


def alternation(forms: list[str]) -> str:
    """A regex alternation of literal forms, longest first so that the longest wins."""
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


def initials(forms: Iterable[str], extra: str = "") -> str:
    """A lookahead, `(?=[...])`, for the first characters of `forms` and the characters of
    `extra`. Put first in a pattern whose every match begins with one of them, it changes no
    match, but the regex engine passes over a position where none begins with one test
    instead of trying hundreds of alternatives there (a long alternation scans a sentence
    about three times faster). The lookahead takes the pattern's flags, so under IGNORECASE
    it ignores case as the forms do; a pattern that turns IGNORECASE on only inside must not
    use it. An empty form could begin anywhere: then there is no lookahead."""
    forms = list(forms)
    if any(not f for f in forms):
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted({f[0] for f in forms} | set(extra))) + "])"

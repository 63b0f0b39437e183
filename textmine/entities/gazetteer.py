"""World-knowledge gazetteer: every known surface form of countries, organisations, forces,
documents, exercises, operations, places and media outlets, mapped to one canonical entry.

Why a gazetteer: a small statistical model does not know that "Vzaimodeistvie" is an
exercise or that "Kyrgyz" and "Kyrgyz Republic" are the same country. That knowledge lives in
CSV files under textmine/data (and ISO 3166 via pycountry), never in code. Matching uses one
Aho-Corasick automaton over a length-preserving normalised copy of the text, so every match
keeps exact offsets into the original.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import ahocorasick
import pycountry

_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-",
                       "\xa0": " ", "\n": " ", "\r": " ", "\t": " "})


@dataclass(frozen=True)
class Entry:
    """A canonical entity the gazetteer knows."""

    name: str
    entity_type: str
    country_code: str | None = None


@dataclass(frozen=True)
class Match:
    """A gazetteer hit: offsets into the text that was searched, and what it names."""

    start: int
    end: int
    entry: Entry
    is_adjective: bool = False


def fold(text: str) -> str:
    """Quotes, dashes and spacing unified, same length as the input (so offsets survive)."""
    out = text.translate(_FOLD)
    assert len(out) == len(text)
    return out


def lower_keep_length(text: str) -> str:
    """Lower case without changing the length (a few characters lower to two)."""
    low = text.lower()
    if len(low) == len(text):  # the usual case: no character lowered to two
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_SPELLING = [("centre", "center"), ("defence", "defense"), ("organisation", "organization"),
             ("programme", "program"), ("co-operation", "cooperation"), ("peace-keeping", "peacekeeping"),
             ("inter-parliamentary", "interparliamentary"), ("inter-state", "interstate"),
             ("inter-governmental", "intergovernmental")]


def key(text: str) -> str:
    """The look-up key of a surface form: folded, lower case, single spaces, American spelling,
    no leading 'the' and no possessive."""
    k = " ".join(lower_keep_length(fold(text)).split())
    for british, american in _SPELLING:
        k = k.replace(british, american)
    k = k.replace("'s ", " ")
    k = re.sub(r"(\w)s' ", r"\1 ", k)  # plural possessive: "security councils' secretaries"
    k = re.sub(r"\s*\([a-z]{2,}\)", "", k)
    return k[4:] if k.startswith("the ") else k


def surface_key(text: str) -> str:
    """The form the automaton searches for: folded and lower case, same length as written."""
    return lower_keep_length(fold(text))


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("textmine.data").joinpath(name).open(encoding="utf-8") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass
class Gazetteer:
    """Surface form -> entry, plus the automaton that finds the forms in text."""

    forms: dict[str, tuple[Entry, str, bool]]  # key -> (entry, form as written in data, is_adjective)
    automaton: ahocorasick.Automaton
    acronyms: dict[str, Entry] = field(default_factory=dict)  # all-capital form -> entry
    entries: frozenset[Entry] = frozenset()  # every entry the data files know

    def lookup(self, surface: str) -> Entry | None:
        acronym = self.acronyms.get(" ".join(fold(surface).split()))
        if acronym is not None:
            return acronym
        hit = self.forms.get(key(surface))
        return hit[0] if hit else None

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, longest first, on word boundaries and with the right case."""
        folded = fold(text)
        lowered = lower_keep_length(folded)
        candidates = []
        for end_index, (form_key, entry, form, is_adj) in self.automaton.iter(lowered):
            end = end_index + 1
            start = end - len(form_key)
            if start > 0 and (lowered[start - 1].isalnum() or lowered[start - 1] in "-"):
                continue
            if end < len(lowered) and (lowered[end].isalnum() or (lowered[end] == "-" and end + 1 < len(lowered)
                                                                 and lowered[end + 1].isalpha())):
                continue
            if not _case_ok(folded[start:end], form):
                continue
            acronym = self.acronyms.get(folded[start:end])
            if acronym is not None and acronym != entry:  # GUAM the organisation, not Guam the island
                entry, is_adj = acronym, False
            candidates.append(Match(start, end, entry, is_adj))
        candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken: list[Match] = []
        for m in candidates:
            if all(m.end <= t.start or m.start >= t.end for t in taken):
                taken.append(m)
        return sorted(taken, key=lambda m: m.start)


def _case_ok(found: str, form: str) -> bool:
    """Acronyms must match exactly; other forms must agree on the case of their first letter
    (so 'interaction' the noun is not 'Interaction' the exercise)."""
    if not any(c.islower() for c in form):
        return " ".join(found.split()) == " ".join(fold(form).split())
    return found[:1].isupper() == form[:1].isupper()


def _entries() -> list[tuple[Entry, list[str], list[str]]]:
    """(entry, names, adjectives) from pycountry and every data file."""
    out: list[tuple[Entry, list[str], list[str]]] = []
    overrides = {r["alpha3"]: r for r in _rows("countries.csv")}
    for country in pycountry.countries:
        row = overrides.get(country.alpha_3)
        names = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
        canonical = row["canonical"] if row else (getattr(country, "common_name", None) or country.name)
        if row:
            names += _split(row["aliases"])
        names = [n for n in names if n and "," not in n]
        out.append((Entry(canonical, "COUNTRY", country.alpha_3), [canonical, *names],
                    _split(row["adjectives"]) if row else []))
    known = {c.alpha_3 for c in pycountry.countries}
    for alpha3, row in overrides.items():
        if alpha3 not in known:  # historic states (ISO 3166-3), e.g. the Soviet Union
            out.append((Entry(row["canonical"], "COUNTRY", alpha3), [row["canonical"], *_split(row["aliases"])],
                        _split(row["adjectives"])))
    for row in _rows("organizations.csv"):
        out.append((Entry(row["canonical"], row["type"], row["country_code"] or None),
                    [row["canonical"], *_split(row["aliases"])], []))
    for row in _rows("exercises.csv"):
        out.append((Entry(row["canonical"], row["type"]), [row["canonical"], *_split(row["aliases"])], []))
    for row in _rows("locations.csv"):
        out.append((Entry(row["canonical"], "LOCATION"), [row["canonical"], *_split(row["aliases"])],
                    _split(row["adjectives"])))
    for source in ("media_outlets.csv", "media.csv"):
        for row in _rows(source):
            out.append((Entry(row["name"], "MEDIA"), [row["name"], *_split(row["aliases"])], []))
    return out


@cache
def load_gazetteer() -> Gazetteer:
    """Built once per process from the data files."""
    forms: dict[str, tuple[Entry, str, bool]] = {}
    automaton = ahocorasick.Automaton()
    acronyms: dict[str, Entry] = {}
    for entry, names, adjectives in _entries():
        for form, is_adj in [(n, False) for n in names] + [(a, True) for a in adjectives]:
            if re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", form) and form not in acronyms and not is_adj:
                acronyms[form] = entry  # an acronym names what its own row says, whatever shares its letters
            k = key(form)
            if k and k not in forms:  # first writer wins: countries before organisations before places
                forms[k] = (entry, form, is_adj)
            sk = surface_key(form)
            if sk.strip() and sk not in automaton:
                automaton.add_word(sk, (sk, entry, form, is_adj))
    automaton.make_automaton()
    return Gazetteer(forms, automaton, acronyms, frozenset(e for e, _f, _a in forms.values()))

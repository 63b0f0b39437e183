"""Canonical names for organisations, documents, forces and places found by rule or model.

Why rewriting before looking up: one body is written with the organisation's name in full,
as "Parliamentary Assembly of the CSTO" and as "CSTO PA". Long forms of organisations that
have an acronym are replaced by the acronym and "X of the ACRONYM" is turned into
"ACRONYM X" before the gazetteer is asked again; the adjective form of a ministry
("Russian Foreign Ministry") and its official long form both become (RUS, Foreign Affairs). What is still unknown keeps its own cleaned name as canonical.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from textmine.entities.gazetteer import Entry, Gazetteer, key, load_gazetteer


@dataclass(frozen=True)
class Acronyms:
    """Long form key -> acronym (lower case), longest long forms first."""

    pairs: tuple[tuple[str, str], ...]


@cache
def acronyms() -> Acronyms:
    gaz = load_gazetteer()
    by_entry: dict[Entry, list[str]] = {}
    for k, (entry, form, _adj) in gaz.forms.items():
        if entry.entity_type in {"ORGANIZATION", "FORCE"}:
            by_entry.setdefault(entry, []).append(form)
    pairs = []
    for entry, forms in by_entry.items():
        short = sorted((f for f in forms if re.fullmatch(r"[A-Z]{2,6}", f)), key=len)
        if not short:
            continue
        for f in forms:
            if len(f.split()) >= 2:
                pairs.append((key(f), short[0].lower()))
    pairs.sort(key=lambda p: -len(p[0]))
    return Acronyms(tuple(pairs))


@cache
def ministry_kinds() -> dict[str, str]:
    """Alias (lower case) -> normalised ministry kind, e.g. 'foreign' -> 'Foreign Affairs'."""
    out = {}
    with resources.files("textmine.data").joinpath("ministries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for alias in [row["kind"], *[a for a in row["aliases"].split("|") if a]]:
                out[key(alias)] = row["kind"]
    return out


@cache
def _acronym_patterns() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(long form, its pattern as a whole phrase, acronym) in the order of acronyms().pairs,
    compiled once rather than for every key a name is rewritten to."""
    return tuple((long_form, re.compile(rf"\b{re.escape(long_form)}\b"), acronym)
                 for long_form, acronym in acronyms().pairs)


def _abbreviate(k: str) -> str:
    for long_form, pattern, acronym in _acronym_patterns():
        if long_form in k:  # (the pattern matches nothing where the phrase is absent)
            k = pattern.sub(acronym, k)
    return k


def _reorder(k: str) -> str:
    """'parliamentary assembly of the csto' -> 'csto parliamentary assembly'."""
    m = re.fullmatch(r"(.+?) of (?:the )?([a-z]{2,6})", k)
    return f"{m.group(2)} {m.group(1)}" if m else k


def _variants(k: str) -> list[str]:
    """Rewritings of a key that may be known: acronyms for long forms, 'X of the CSTO' as
    'CSTO X', and without an owner's possessive prefix ('CSTO's Crisis Reaction Center')."""
    out = [_abbreviate(k), _reorder(_abbreviate(k))]
    members = re.sub(r"\bmember (?:state|country|nation)s? ", "", k)  # "CSTO Member States' Anti-Drug Strategy"
    if members != k:
        out += [members, _abbreviate(members)]
    m = re.match(r"([a-z]{2,6}|organization|organisation) (.+)", out[0])
    if m and m.group(1) in _owner_keys():
        out += [m.group(2), f"{m.group(1)} {m.group(2)}"]
    parts = re.split(r" of (?:the )?", k)
    if len(parts) >= 2:  # a known body qualified by its owner: 'X of the <state or body>'
        out.append(" of the ".join(parts[:-1]))
        out.append(re.sub(r" of (?:the )?(?:(?! of ).)+$", "", k))
    unqualified = re.sub(r"\b(?:deputy|first deputy|vice|acting) ", "", k)  # 'Russian Deputy Security Council (Secretary)'
    if unqualified != k:
        out += [unqualified, _reorder(_abbreviate(unqualified))]
    m = re.fullmatch(r"(.+) (?:for|in) (?:the )?([a-z\- ]+)", k)
    if m and load_gazetteer().lookup(m.group(2)):  # 'X for Central Asia'
        out += [m.group(1), _abbreviate(m.group(1))]
    return out


@cache
def _owner_keys() -> frozenset[str]:
    """Acronyms of organisations, plus 'organization' (how CSTO texts call the CSTO)."""
    return frozenset({a for _, a in acronyms().pairs} | {"organization", "organisation"})


def merge_key(name: str) -> str:
    """Key under which two names of one unknown body fall together: acronyms for long forms and
    'X of the <country>' read as '<country adjective> X'."""
    k = _abbreviate(key(name))
    gaz = load_gazetteer()
    parts = re.split(r" of (?:the )?", k)
    if len(parts) >= 2:
        entry = gaz.lookup(parts[-1])
        adjective = _adjective_key(gaz, entry) if entry and entry.entity_type == "COUNTRY" else None
        if adjective:
            parts = parts[:-2] + [f"{adjective} {parts[-2]}"]
    return " of the ".join(parts)


def _adjective_key(gaz: Gazetteer, entry: Entry) -> str | None:
    for k, (e, _form, is_adj) in gaz.forms.items():
        if is_adj and e == entry:
            return k
    return None


def _country_official(gaz: Gazetteer, code: str) -> str:
    entry_names = [form for k, (e, form, adj) in gaz.forms.items()
                   if e.country_code == code and e.entity_type == "COUNTRY" and not adj]
    long_forms = [n for n in entry_names if n.split()[0] in {"Republic", "Russian", "Kyrgyz", "Federal", "Kingdom"}
                  or "Federation" in n]
    name = long_forms[0] if long_forms else entry_names[0]
    return f"the {name}" if name.split()[0] in {"Republic", "Russian", "Kyrgyz", "United", "Federal"} else name


def ministry(surface: str, gaz: Gazetteer) -> tuple[str | None, str] | None:
    """(country code or None, kind) of a ministry name, e.g. 'Russian Defence Ministry'."""
    k = key(surface)
    kinds = ministry_kinds()
    m = re.fullmatch(r"(?:(.+?) )?ministry of (?:the )?(.+?)(?: of (?:the )?(.+))?", k)
    if m:
        kind = kinds.get(m.group(2))
        place = m.group(3) or m.group(1)
        country = gaz.lookup(place) if place else None
    else:
        m = re.fullmatch(r"(?:(.+?) )?(.+?) ministry", k)
        if not m:
            return None
        kind = kinds.get(m.group(2))
        country = gaz.lookup(m.group(1)) if m.group(1) else None
    if kind is None or (country is not None and country.entity_type != "COUNTRY"):
        return None
    return (country.country_code if country else None), kind


def ministry_name(code: str | None, kind: str, gaz: Gazetteer) -> str:
    base = f"Ministry of {kind}"
    return f"{base} of {_country_official(gaz, code)}" if code else base


def canonical(surface: str, entity_type: str, gaz: Gazetteer | None = None) -> Entry:
    """The canonical entry for a name of the given type; unknown names keep their own form."""
    gaz = gaz or load_gazetteer()
    hit = gaz.lookup(surface)
    if hit and (hit.entity_type == entity_type or entity_type in {"ORGANIZATION", "LOCATION"}):
        return hit
    k = key(surface)
    for candidate in _variants(k):
        hit = gaz.forms.get(candidate)
        if hit and (hit[0].entity_type == entity_type or entity_type in {"ORGANIZATION", "LOCATION"}):
            return hit[0]
    if entity_type == "ORGANIZATION":
        mini = ministry(surface, gaz)
        if mini:
            return Entry(ministry_name(mini[0], mini[1], gaz), "ORGANIZATION", None)
    return Entry(clean_name(surface), entity_type, None)


def clean_name(surface: str) -> str:
    """The written form without a leading article, possessive or line breaks."""
    name = " ".join(surface.split())
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"[’']s$", "", name).strip(" ,.;:")

"""Exercises and operations no list holds, found by the words around them.

Why: every year brings new drills ("Name-2024") and special operations, and their names are
ordinary words. What marks them is a year joined to a capitalised name in a sentence about
drills, or the name quoted beside the word "exercise" or "operation". The canonical name
drops the year, since "Name-2023" and "Name 2024" are editions of one exercise (as the
gazetteer's exercises are). Offsets are relative to the sentence text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from textmine.entities.gazetteer import Gazetteer
from textmine.entities.patterns import generic_words

_CUE = re.compile(r"\b(?:exercises?|drills?|manoeuvres|maneuvers|war\s*games|trainings?|operations?)\b", re.I)
_OPERATION = re.compile(r"\boperations?\b", re.I)
_NAME = r"[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2}"
_WITH_YEAR = re.compile(rf"(?<![\w\-])[\"“«]?({_NAME})[\"”»]?[ \-–]((?:19|20)\d\d)\b(?![\-–/.]\d)")
_QUOTED = re.compile(rf"\b(exercises?|drills?|operation)\s+[\"“«]({_NAME})[\"”»]|"
                     rf"[\"“«]({_NAME})[\"”»]\s+(exercises?|drills?|operation)\b", re.I)


@dataclass(frozen=True)
class EventSpan:
    start: int
    end: int
    entity_type: str  # EXERCISE or OPERATION
    name: str         # without the year


def _plain(name: str, gaz: Gazetteer) -> bool:
    """A name that is not a month, a stop word, a generic word or a known non-event."""
    words = name.replace("-", " ").split()
    if any(w.lower() in STOP_WORDS or w in generic_words() for w in words):
        return False
    known = gaz.lookup(name)
    return known is None or known.entity_type in {"EXERCISE", "OPERATION"}


_MONTHS = frozenset("January February March April May June July August September October November December".split())


def find_named_events(text: str, gaz: Gazetteer) -> list[EventSpan]:
    """'Name-2023' in a sentence about drills, and a quoted name beside 'exercise'/'operation'."""
    cue = _CUE.search(text)
    if not cue:
        return []
    kind = "OPERATION" if _OPERATION.search(text) and not re.search(r"exercis|drill|manoeuv|maneuv", text, re.I) \
        else "EXERCISE"
    out = []
    for m in _WITH_YEAR.finditer(text):
        name = m.group(1)
        if name.split()[0] in _MONTHS or name.split()[-1] in _MONTHS or not _plain(name, gaz):
            continue
        out.append(EventSpan(m.start(1), m.end(2), kind, " ".join(name.split())))
    for m in _QUOTED.finditer(text):
        name = m.group(2) or m.group(3)
        noun = (m.group(1) or m.group(4)).lower()
        start = m.start(2) if m.group(2) else m.start(3)
        if _plain(name, gaz) and name.split()[0] not in _MONTHS:
            out.append(EventSpan(start, start + len(name), "OPERATION" if noun == "operation" else "EXERCISE",
                                 " ".join(name.split())))
    return out

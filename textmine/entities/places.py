"""Places no gazetteer lists, found by the words around them.

Why structure rather than a longer list of towns: an article about a border clash or an
exercise names villages, training ranges and regions that no reference file will ever hold.
What marks them is the same in any news text:

- a place noun after the name: "the X training range", "X region", "X Oblast";
- a state in brackets after the name: "X (Kyrgyz Republic)";
- a list after a plural place noun: "the villages of X and Y", "several towns (X, Y and Z)";
- a preposition of place before a name the model reads as a place or a people: "in X".

Offsets are relative to the sentence text, like every candidate of textmine.entities.detect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from textmine.entities.gazetteer import Gazetteer
from textmine.entities.patterns import generic_words, heads

_NAME = r"[A-Z][a-z]+(?:[-‑][A-Z]?[a-z]+)*"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,2}}"
# lower-case nouns of places: the name before them is the place, the noun is not part of it
_PLACE_NOUNS = (r"(?:firing|training|shooting|artillery|tank)\s+(?:range|ground|grounds|area)|range|polygon|"
                r"air\s*base|airfield|aerodrome|airport|military\s+base|naval\s+base|port|"
                r"region|area|oblast|province|district|krai|territory|village|town|city|settlement|"
                r"valley|gorge|pass|corridor|river|lake|mountains|steppe|desert|peninsula")
# capitalised nouns that belong to the official name of a region
_REGION_NOUNS = r"(?:Oblast|Region|Krai|Province|Governorate|Autonomous\s+Okrug|Okrug)"
_BEFORE_NOUN = re.compile(rf"\b({_NAMES})\s+(?:({_REGION_NOUNS})\b|({_PLACE_NOUNS})\b)")
_STATE_IN_BRACKETS = re.compile(rf"\b({_NAMES})\s+\(([^()]{{3,40}})\)")
_PLURAL_PLACES = re.compile(r"\b(?:villages|towns|cities|localities|settlements|regions|provinces|districts|"
                            r"communities|areas)\b")
_LIST_AFTER = re.compile(rf"[^.;()]{{0,80}}?(?:\(|\b(?:of|in|near|such\s+as|including|like)\s+)"
                         rf"((?:{_NAMES})(?:\s*,\s*(?:and\s+)?(?:{_NAMES})|\s+and\s+(?:{_NAMES}))*)")
_ITEM = re.compile(_NAMES)


_CALENDAR = frozenset("January February March April May June July August September October November December "
                      "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


@dataclass(frozen=True)
class PlaceSpan:
    start: int
    end: int
    name: str  # canonical name: the place without the lower-case place noun


def _is_name(words: str, gaz: Gazetteer) -> bool:
    """Capitalised words that could name a place: none a stop word, generic word, head noun
    or month, and not already a known country, body or adjective."""
    parts = words.split()
    if any(p.lower() in STOP_WORDS or p in generic_words() or p in heads() or p in _CALENDAR for p in parts):
        return False
    return gaz.lookup(words) is None


def _trim_name(text: str, start: int, end: int, gaz: Gazetteer) -> tuple[int, int] | None:
    """Drop leading words that are not part of the name ('Russia's Urals' -> 'Urals')."""
    while start < end:
        words = text[start:end].split()
        if _is_name(" ".join(words), gaz):
            return start, end
        if len(words) == 1:
            return None
        start = text.index(words[1], start + len(words[0]))
    return None


def before_place_noun(text: str, gaz: Gazetteer) -> list[PlaceSpan]:
    """'the X training range', 'X region', 'X Oblast': the name before a place noun."""
    out = []
    for m in _BEFORE_NOUN.finditer(text):
        trimmed = _trim_name(text, m.start(1), m.end(1), gaz)
        if trimmed is None or (trimmed[0] == 0 and not m.group(2)):
            continue  # a capitalised first word before a common noun is usually just the sentence's start
        start, end = trimmed
        if m.group(2):  # an official region name keeps its noun: 'X Oblast'
            out.append(PlaceSpan(start, m.end(2), " ".join(text[start:m.end(2)].split())))
        else:
            out.append(PlaceSpan(start, m.end(3), " ".join(text[start:end].split())))
    return out


def state_in_brackets(text: str, gaz: Gazetteer) -> list[PlaceSpan]:
    """'X (Kyrgyz Republic)': a name followed by its state in brackets is a place in that state."""
    out = []
    for m in _STATE_IN_BRACKETS.finditer(text):
        state = gaz.lookup(m.group(2).strip())
        if state is None or state.entity_type != "COUNTRY":
            continue
        trimmed = _trim_name(text, m.start(1), m.end(1), gaz)
        if trimmed is None or trimmed[0] == 0 and " " not in text[trimmed[0]:trimmed[1]] and \
                text[trimmed[0]:trimmed[1]].lower() in STOP_WORDS:
            continue
        out.append(PlaceSpan(trimmed[0], trimmed[1], " ".join(text[trimmed[0]:trimmed[1]].split())))
    return out


def listed_after_plural(text: str, gaz: Gazetteer) -> list[PlaceSpan]:
    """'the border villages of X and Y', 'several localities (X, Y and Z)': each name of the
    list that follows a plural place noun in the same clause."""
    out = []
    for noun in _PLURAL_PLACES.finditer(text):
        m = _LIST_AFTER.match(text, noun.end())
        if not m:
            continue
        for item in _ITEM.finditer(text, m.start(1), m.end(1)):
            if _is_name(item.group(), gaz):
                out.append(PlaceSpan(item.start(), item.end(), item.group()))
    return out


_AFTER_NOUN = re.compile(rf"\b(?:(?:air|military|naval)\s+base|airbase|airfield|aerodrome|camp|village|town|city|"
                         rf"settlement|(?:firing|training)\s+(?:range|ground))\s+(?:at|near|of)\s+({_NAMES})")


def after_place_noun(text: str, gaz: Gazetteer) -> list[PlaceSpan]:
    """'a military base at X', 'the town of X': the name after a place noun and 'at'/'of'."""
    out = []
    for m in _AFTER_NOUN.finditer(text):
        if _is_name(m.group(1), gaz):
            out.append(PlaceSpan(m.start(1), m.end(1), " ".join(m.group(1).split())))
    return out


_PLACE_CUE = re.compile(r"range|ground|polygon|base|airfield|aerodrome|airport|port|region|area|oblast|province|"
                        r"district|krai|territor|village|town|city|cities|settlement|localit|communit|valley|gorge|"
                        r"pass|corridor|river|lake|mountain|steppe|desert|peninsula|Oblast|Region|Krai|Province|"
                        r"Governorate|Okrug|camp|\(")


def find_places(text: str, gaz: Gazetteer) -> list[PlaceSpan]:
    """Every place the structural cues mark in one sentence."""
    if not _PLACE_CUE.search(text):  # cheap test first: no place noun, no bracket
        return []
    return (before_place_noun(text, gaz) + after_place_noun(text, gaz) + state_in_brackets(text, gaz)
            + listed_after_plural(text, gaz))


_PLACE_PREPOSITION = re.compile(r"(?:\b(?:in|near|outside|from|at|around)\s+(?:the\s+)?)$")


def after_place_preposition(text: str, start: int) -> bool:
    """Whether the words before `start` are a preposition of place ('in', 'near', 'outside')."""
    return _PLACE_PREPOSITION.search(text[max(0, start - 20):start]) is not None

"""News outlets no list holds, found by the words around them.

Why: wires and papers quote each other ("told the X news agency", "the newspaper X",
"X.kz reported"), and an outlet list can never be complete across countries and years. The
cues are a noun of the trade next to the name, a web address used as a name, or the
brackets or slashes of a dateline.
Offsets are relative to the sentence text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from textmine.entities.gazetteer import Gazetteer
from textmine.entities.patterns import generic_words

_NAME = r"[A-Z][\w’'\-]*(?:\.[A-Z][a-z]+)?"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,3}}"
_TRADE = (r"(?:news\s+agency|information\s+agency|newspaper|daily|weekly|magazine|TV\s+channel|television\s+channel|"
          r"TV\s+station|radio\s+station|radio|news\s+portal|news\s+website|news\s+site|web\s+portal|portal|outlet|"
          r"broadcaster|news\s+service)")
_BEFORE_TRADE = re.compile(rf"(?<![\w.])[\"“«]?({_NAMES})[\"”»]?\s+{_TRADE}\b")
_AFTER_TRADE = re.compile(rf"\b{_TRADE}\s+[\"“«]?({_NAMES})\b")
# a web address used as a name: 'News.am reported', 'Lenta.ru wrote'
_DOMAIN = re.compile(r"(?<![\w./@])([A-Z][\w\-]*\.(?:ru|az|kz|am|by|uz|kg|tj|ge|ua|md|tm|com|net|org|info|news|tv|"
                     r"asia|eu|uk|de|fr|io))\b(?!\.\w)")


# a dateline: 'CITY, date (Outlet) -', 'CITY, date /Outlet/.': the agency in brackets or slashes
_DATELINE = re.compile(r"^\s*[A-Z][A-Z\-]+(?:\s+[A-Z][A-Z\-]+)*\s*,\s*[\w ,.]{3,30}?\s*[(/]\s*"
                       r"([A-Z][\w\-]*(?:[ \-][A-Z][\w\-]*){0,3})\s*[)/]")


_OUTLET_CUE = re.compile(r"agency|newspaper|daily|weekly|magazine|channel|station|radio|portal|website|news|outlet|"
                         r"broadcaster|TV|[A-Za-z]\.[a-z]|[(/]")


@dataclass(frozen=True)
class OutletSpan:
    start: int
    end: int


def _is_outlet_name(words: str, gaz: Gazetteer) -> bool:
    """Capitalised words that may name an outlet: not a stop word or generic word alone, and
    not a known state, place or body (an 'Armenian newspaper' is not an outlet's name)."""
    parts = words.split()
    if parts[0].lower() in STOP_WORDS or all(p in generic_words() for p in parts):
        return False
    known = gaz.lookup(words)
    return known is None or known.entity_type == "MEDIA"


def find_outlets(text: str, gaz: Gazetteer) -> list[OutletSpan]:
    """Outlets marked by a trade noun before or after them, or written as a web address."""
    if not _OUTLET_CUE.search(text):  # cheap test first: no trade noun, address or dateline bracket
        return []
    out = []
    for pattern in (_BEFORE_TRADE, _AFTER_TRADE):
        for m in pattern.finditer(text):
            start, end = m.start(1), m.end(1)
            words = text[start:end]
            # drop leading words that are states or peoples ('Kazakh Kazinform news agency')
            while " " in words and gaz.lookup(words.split()[0]) is not None:
                start = text.index(words.split()[1], start + len(words.split()[0]))
                words = text[start:end]
            if pattern is _BEFORE_TRADE and start == 0 and " " not in words and words.lower() in STOP_WORDS:
                continue
            if _is_outlet_name(words, gaz):
                out.append(OutletSpan(start, end))
    out += [OutletSpan(m.start(1), m.end(1)) for m in _DOMAIN.finditer(text)]
    dateline = _DATELINE.match(text)
    if dateline and _is_outlet_name(dateline.group(1), gaz):
        out.append(OutletSpan(dateline.start(1), dateline.end(1)))
    return out

"""Rule-found names that neither the model nor the gazetteer covers.

- Title-case phrases built around a head noun ("... Assembly of the Republic of X",
  "... Programme for ...", "... Regional Group of Forces"): official bodies, documents and
  forces have long, compositional names no list can enumerate. The head noun of the phrase's
  first segment gives the type (textmine/data/entity_heads.csv).
- Glosses: a name followed by a quoted translation in brackets, `Kanal ("channel")`, names
  the same thing twice.
- Year suffixes: `Kobalt 2020`, `Vzaimodeistvie-2020` are editions of one exercise.
- Borders: `Tajik-Afghan border` and `border between Tajikistan and Afghanistan` name a place
  made of two countries.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from textmine.entities.gazetteer import Gazetteer, fold

_CAP = r"(?:[A-Z][\w'’.\-–]*[\w]|[A-Z]|\d+(?:st|nd|rd|th))"
_JOIN = (r"(?:\s+(?:of\s+the|of|for\s+the|for|on\s+the|on|in|and)\s+|\s+in\s+the\s+(?=\d+(?:st|nd|rd|th)\s+Century)"
         r"|\s+\([A-Z]{2,}\)\s+|\s+|[’']s\s+|(?<=s)[’']\s+)")
_CHAIN = re.compile(rf"{_CAP}(?:{_JOIN}{_CAP})*")
_LOWER_JOIN = re.compile(r"\s+(?:of|of the|for|for the|on|on the|to the|in|and)\s+|\s+\([A-Z]{2,}\)\s+")
_WORD_JOIN = re.compile(r"\s+(?:of|of the|for|for the|on|on the|to the|in|and)\s+")
_LEADING = {"The", "A", "An", "This", "That", "These", "Its", "Their", "Our", "His", "Her", "In", "On", "At",
            "By", "For", "With", "From", "As", "During", "After", "Before", "Under", "Since", "Within", "And",
            "Both", "All", "Each", "Every", "Such", "Some", "Many", "Most", "When", "While", "If", "Today"}
_YEAR_SUFFIX = re.compile(r"^[ \-–]?(?:19|20)\d\d\b")
_GLOSS = re.compile(r"^\s*\(\s*[\"“«'‘]([^\"”»'’()]{2,60})[\"”»'’]")
_BORDER = re.compile(r"\b([A-Z][a-z]+)\s?[-–]\s?([A-Z][a-z]+)\s+(?:section\s+of\s+the\s+)?[Bb]order\b")
_BORDER_BETWEEN = re.compile(r"\b(?:(?:state|common)\s+)?border\s+between\s+([A-Z][a-z]+)\s+and\s+([A-Z][a-z]+)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity_type: str
    name: str | None = None  # a canonical name when the rule knows it


@cache
def heads() -> dict[str, str]:
    with resources.files("textmine.data").joinpath("entity_heads.csv").open(encoding="utf-8") as handle:
        return {r["head"]: r["entity_type"] for r in csv.DictReader(handle)}


@cache
def generic_words() -> frozenset[str]:
    """Capitalised words that never make a name on their own (Member States, the Treaty)."""
    with resources.files("textmine.data").joinpath("generic_words.csv").open(encoding="utf-8") as handle:
        return frozenset(r["word"] for r in csv.DictReader(handle))


_ABBR_IN_BRACKETS = re.compile(r"\s*\([A-Z]{2,}\)")


def head_type(phrase: str) -> str | None:
    """Type given by the last head noun of the phrase's first segment (before 'of', 'for', ...);
    an acronym in brackets inside the name does not end the segment."""
    first = _LOWER_JOIN.split(_ABBR_IN_BRACKETS.sub("", phrase), maxsplit=1)[0]
    for word in reversed(first.split()):
        word = re.sub(r"[’']s?$", "", word)
        if word in heads():
            return heads()[word]
    return None


@cache
def _titles() -> frozenset[str]:
    with resources.files("textmine.data").joinpath("titles_of_office.csv").open(encoding="utf-8") as handle:
        return frozenset(" ".join(r["surface"].lower().split()) for r in csv.DictReader(handle))


def _ends_a_title(words: str) -> bool:
    """'Chief of Staff': the words, or their tail, are a whole title of office."""
    parts = " ".join(words.lower().split()).split()
    return any(" ".join(parts[i:]) in _titles() for i in range(len(parts)))


def _split_on_and(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'State Duma and Federation Council' is two names; 'System of Russia and Belarus' is one."""
    pieces = []
    cursor = start
    for m in re.finditer(r"\s+and\s+", text[start:end]):
        after = text[start + m.end():end]
        before = text[cursor:start + m.start()]
        inside_of = re.search(r"\s(?:of|for|on)\s", before) is not None
        if head_type(after.split(" of ")[0]) is not None or not inside_of:
            pieces.append((cursor, start + m.start()))
            cursor = start + m.end()
    pieces.append((cursor, end))
    return pieces


def head_phrases(text: str) -> list[Span]:
    """Title-case phrases whose first segment ends in a head noun."""
    spans = []
    for m in _CHAIN.finditer(text):
        for s, e in _split_on_and(text, m.start(), m.end()):
            words = text[s:e].split()
            while words and words[0] in _LEADING:
                s = text.index(words[0], s) + len(words[0])
                while s < e and text[s].isspace():  # a phrase may end with its leading word
                    s += 1
                words = words[1:]
            if len(words) < 2:
                continue
            phrase = text[s:e]
            kind = head_type(phrase)
            while kind is None:
                # 'Plenipotentiary Representative of the Parliament of X': retry after the first 'of'
                m = re.search(r"\s+(?:of the|of)\s+", phrase)
                if not m:
                    break
                skipped = phrase[:m.end()]
                s += m.end()
                phrase = text[s:e]
                kind = head_type(phrase)
                if kind and _ends_a_title(skipped + phrase.split()[0]):
                    kind = None  # 'Chief of Staff of X': the head noun belongs to a title of office
                    break
            if kind is None or len(phrase.split()) < 2 and phrase.split()[0] in heads():
                continue
            if all(re.sub(r"[’']s$", "", w) in generic_words() or w in {"of", "the", "and", "for", "on", "in", "to"}
                   for w in phrase.split()):
                continue
            phrase = _cut_after_last_head(phrase)
            if len(phrase.split()) < 2 and phrase.split()[0] in generic_words():
                continue  # 'Agency' alone, once what ran on past it is cut
            kind = head_type(phrase) or kind
            if kind == "ORGANIZATION":  # 'Council of Europe Member States' are states, not a body
                phrase = re.split(r"\s+Member\s+(?:States|Countries|Nations)\b", phrase)[0]
            # trim trailing connectors and ordinals left by the chain
            trimmed = re.sub(r"(?:\s+(?:of|of the|for|on|in|and|to the))*(?:\s+(?:of|of the)\s+\d+(?:st|nd|rd|th))?$",
                             "", phrase)
            if kind == "LOCATION":  # '41 Leningradsky Prospekt': the house number belongs to the address
                number = re.search(r"(\d+[a-z]?\s+)$", text[max(0, s - 8):s])
                if number:
                    s -= len(number.group(1))
                    trimmed = text[s:s + len(number.group(1)) + len(trimmed)]
            spans.append(Span(s, s + len(trimmed), kind))
    return spans


def _cut_after_last_head(phrase: str) -> str:
    """A first segment runs on past its head only into something else ('... Center Dmitry
    Orlov', '... Organization (CSTO) Stanislav Zas'): cut it after its last head noun."""
    m = _WORD_JOIN.search(phrase)
    first_end = m.start() if m else len(phrase)
    first = phrase[:first_end]
    last = None
    for w in re.finditer(r"[\w’'\-.]+", first):
        if re.sub(r"[’']s$", "", w.group()) in heads():
            last = w.end()
    if last is None or last == len(first):
        return phrase
    return phrase[:last]


def year_suffix_end(text: str, end: int) -> int:
    """End of `Kobalt 2020` when the name `Kobalt` ends at `end`."""
    m = _YEAR_SUFFIX.match(text[end:end + 6])
    return end + m.end() if m else end


def gloss(text: str, end: int) -> tuple[int, int] | None:
    """Offsets of a quoted translation in brackets right after a name, e.g. ("channel")."""
    m = _GLOSS.match(text[end:end + 80])
    if not m:
        return None
    start = end + m.start(1)
    inner = m.group(1)
    # 'channel' in '("channel" in Russian)': only the quoted words
    return start, start + len(inner.rstrip())


def borders(text: str, gazetteer: Gazetteer) -> list[Span]:
    """Border between two countries named by their adjectives or names."""
    spans = []
    for pattern in (_BORDER, _BORDER_BETWEEN):
        for m in pattern.finditer(text):
            a, b = gazetteer.lookup(m.group(1)), gazetteer.lookup(m.group(2))
            if a and b and a.entity_type == b.entity_type == "COUNTRY" and a != b:
                adjectives = [_adjective(gazetteer, a.name), _adjective(gazetteer, b.name)]
                name = f"{adjectives[0]}–{adjectives[1]} border"
                spans.append(Span(m.start(), m.end(), "LOCATION", name))
    return spans


def _adjective(gazetteer: Gazetteer, country: str) -> str:
    for form, (entry, written, is_adj) in gazetteer.forms.items():
        if is_adj and entry.name == country:
            return written
    return country


def folded(text: str) -> str:
    return fold(text)

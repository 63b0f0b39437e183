"""Where a person's name may stand in a sentence: two to four capitalised words that are
neither titles, nor states, nor organisation words, nor calendar words.

A deliberately narrow test: the fact extractors only ask "is there a name right here?"
next to a title of office, so a shape test is enough and behaves the same on every text
(no statistical model that may or may not tag a rare Central Asian name).
"""

import re
from functools import cache

from textmine.fact_lexicon import capitals, organization_names, state_adjectives, state_names, titles

_WORD = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?"
NAME = re.compile(rf"(?<![\w-])(?:{_WORD}|[A-Z]\.)(?:\s+(?:{_WORD}|[A-Z]\.)){{1,3}}(?![\w-])")

_NOT_NAME_WORDS = {
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "we", "he", "she",
    "they", "it", "i", "in", "on", "at", "of", "for", "and", "but", "or", "as", "by", "with", "from", "to", "after",
    "before", "during", "since", "until", "while", "when", "where", "if", "so", "then", "also", "today", "yesterday",
    "tomorrow", "now", "recall", "according", "following", "meanwhile", "however", "moreover", "besides",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "organization", "organisation", "treaty", "council", "assembly", "committee", "ministry", "staff", "force",
    "forces", "centre", "center", "parliament", "government", "republic", "federation", "union", "nations",
    "state", "states", "security", "collective", "defence", "defense", "foreign", "affairs", "general", "army",
    "secretariat", "agency", "service", "office", "department", "academy", "university", "institute", "group",
    "bank", "fund", "court", "duma", "senate", "house", "party", "front", "movement", "victory", "day", "war",
    "deputy", "acting", "former", "ex", "vice", "first", "mr", "mrs", "ms", "dr", "presidential", "press",
    "interview", "briefing", "news", "website", "region", "central", "asia", "eastern", "western", "northern",
    "southern", "great", "patriotic", "world", "international", "national", "supreme", "federal", "joint",
    "operation", "exercise", "channel", "telegram", "east", "west", "analytical", "strategy",
    "colonel", "col", "lieutenant", "lt", "major", "maj", "brigadier", "captain", "capt", "admiral", "adm",
    "marshal", "sergeant", "sgt", "gen", "retired", "colonel-general", "lieutenant-general", "major-general",
    # words that end the names of bodies, never of people
    "foundation", "association", "society", "club", "company", "corporation", "district", "command", "military",
    "board", "bureau", "commission", "directorate", "headquarters", "administration", "network", "radio",
    "television", "daily", "journal", "review", "monitor", "times", "post", "gazette", "herald", "tribune",
}


@cache
def _blocked() -> frozenset[str]:
    words = set(_NOT_NAME_WORDS)
    for vocabulary in (titles(), state_names(), state_adjectives(), capitals(), organization_names()):
        for form in vocabulary:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", form) if len(w) > 1)
    return frozenset(words)


def is_name(words: list[str]) -> bool:
    """Two to four capitalised words, none of them a title, state or organisation word."""
    if not 2 <= len(words) <= 4:
        return False
    blocked = _blocked()
    return all(w[0].isupper() and w.lower().strip("'’") not in blocked for w in words)


_TOKEN = re.compile(rf"{_WORD}|[A-Z]\.")
# a military or police rank written before a name is no part of it ("Col. X", "Colonel-General X")
_RANK = re.compile(r"(?:(?:Retired|Army|Rear|Vice|Senior|Junior)[ \t]+)?"
                   r"(?:Colonel|Col|Lieutenant|Lt|Major|Maj|Brigadier|Captain|Capt|Admiral|Adm|Marshal|Sergeant|"
                   r"Sgt|General|Gen)(?:[- ](?:General|Colonel|Admiral))?\.?[ \t]+(?=[A-Z])")


def name_at(text: str, start: int) -> tuple[int, int] | None:
    """The longest name that begins at `start` (after white space), else None."""
    while start < len(text) and text[start] in " \t":
        start += 1
    rank = _RANK.match(text, start)
    if rank:
        start = rank.end()
    m = re.compile(rf"(?:{_WORD}|[A-Z]\.)(?:[ \t]+(?:{_WORD}|[A-Z]\.)){{0,3}}(?![\w-])").match(text, start)
    if not m or (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-")):
        return None
    tokens = list(_TOKEN.finditer(m.group(0)))
    for size in range(len(tokens), 1, -1):
        if is_name([t.group(0) for t in tokens[:size]]):
            return start + tokens[0].start(), start + tokens[size - 1].end()
    return None


def name_before(text: str, end: int) -> tuple[int, int] | None:
    """The name that ends at `end` (before white space), else None."""
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    head = text[max(0, end - 80):end]
    m = re.search(rf"(?<![\w-])(?:(?:{_WORD}|[A-Z]\.)[ \t]+){{0,3}}(?:{_WORD}|[A-Z]\.)$", head)
    if not m:
        return None
    offset = end - len(head) + m.start()
    tokens = list(_TOKEN.finditer(m.group(0)))
    for size in range(min(4, len(tokens)), 1, -1):
        if is_name([t.group(0) for t in tokens[-size:]]):
            return offset + tokens[-size].start(), end
    return None


def names_in(text: str) -> list[tuple[int, int]]:
    """Every name-shaped span of the text, left to right."""
    found = []
    pos = 0
    while pos < len(text):
        m = NAME.search(text, pos)
        if not m:
            break
        span = name_at(text, m.start())
        if span:
            found.append(span)
            pos = span[1]
        else:
            pos = m.start() + 1
    return found

"""Documents (and bodies) named in lower case: 'the agreement on joint training of personnel', 'the draft
decision of the <body> on rendering assistance'.

Why: English news names treaties and decisions by what they are about, not by a title-case
name. A document noun with the definite article, followed by 'on'/'of' and the subject, is a
particular document; the subject runs to the end of the noun phrase (a comma, a clause word,
a participle that starts a new phrase such as 'signed in'). An indefinite 'an agreement on'
is not a particular document. Offsets are relative to the sentence text.
"""

from __future__ import annotations

import re

from textmine.entities.gazetteer import Gazetteer

_START = re.compile(r"\b[Tt]he\s+(?:[a-z]+\s+){0,2}?((?:draft\s+)?(?:agreement|treaty|protocol|convention|memorandum|"
                    r"declaration|charter)|draft\s+(?:decision|resolution))\s+(?:on|of|about|for)\s+")
_WORD = re.compile(r"([A-Za-z][A-Za-z\-’']*)(\s+|(?=[.,;:!?)\"”»]|$))")
_INSIDE = frozenset({"of", "on", "for", "the", "and", "to", "in", "a"})
_STOP = frozenset("an which that who whose was were is are be been has have had will would shall should can could may "
                  "might must by from as at with or but its their his her this these those it they he she we there "
                  "when where while after before since until between among than".split())
_AFTER_PARTICIPLE = frozenset({"in", "by", "at", "on", "last", "this", "earlier", "yesterday", "today", "between"})


def _subject_end(text: str, start: int, gaz: Gazetteer) -> tuple[int, int]:
    """End of the document's subject and the number of content words in it."""
    cursor, last, content = start, start, 0
    words = list(_WORD.finditer(text, start))
    for i, w in enumerate(words):
        if w.start() != cursor or content >= 12:
            break
        word = w.group(1)
        nxt = words[i + 1].group(1).lower() if i + 1 < len(words) and words[i + 1].start() == w.end() else ""
        if word.lower() in _STOP or (word.endswith("ed") and nxt in _AFTER_PARTICIPLE) \
                or (word.lower() in {"and", "or"} and nxt in {"a", "an", "the"}):
            break  # a clause word, 'signed in', or 'and a/the' opening another noun phrase
        if word[0].isupper():
            known = gaz.lookup(word)
            if known is not None and known.entity_type in {"COUNTRY", "LOCATION"} and \
                    text[max(0, w.start() - 4):w.start()].split()[-1:] not in (["to"], ["of"], ["on"], ["for"], ["in"]):
                break
        if word.lower() not in _INSIDE:
            content += 1
            last = w.start() + len(word)
        cursor = w.end()
        if not w.group(2):  # punctuation closes the phrase
            break
    return last, content


def lower_case_documents(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Spans (without 'the') of documents named by a lower-case noun and their subject."""
    return _named_by_subject(_START, text, gaz)


# bodies named the same way: 'the working group on Afghanistan', 'the inter-state commission on ...'
_BODY_START = re.compile(r"\b(?:[Tt]he\s+|an?\s+)?(?:[a-z]+\s+){0,2}?((?:working\s+groups?|(?:inter-?state|intergovernmental|"
                         r"joint|coordination|coordinating|standing)\s+(?:commissions?|committees?|councils?)))"
                         r"\s+(?:on|for)\s+")


def lower_case_bodies(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Spans of working groups, commissions and councils named by a lower-case noun and subject."""
    return _named_by_subject(_BODY_START, text, gaz, minimum=1)


_DOC_CUE = re.compile(r"agreement|treaty|protocol|convention|memorandum|declaration|charter|draft")
_BODY_CUE = re.compile(r"group|commission|committee|council")


def _named_by_subject(start: re.Pattern, text: str, gaz: Gazetteer, minimum: int = 2) -> list[tuple[int, int]]:
    """Spans from the noun `start` matched to the end of its subject, when the subject has at
    least `minimum` content words."""
    cue = _DOC_CUE if start is _START else _BODY_CUE
    if not cue.search(text):  # cheap test first: most sentences name no document or body this way
        return []
    out = []
    for m in start.finditer(text):
        end, content = _subject_end(text, m.end(), gaz)
        if content >= minimum:
            out.append((m.start(1), end))
    return out

"""Candidate mentions in one sentence: gazetteer hits first, then rule-found names, then what
spaCy's statistical NER finds in the gaps.

Why this order: world-knowledge forms and compositional official names are more reliable
than a small model's spans (which often swallow an article or a bracket), so the model only
fills places nothing else claimed. Offsets are relative to the sentence text.

Rule-found names come from structure, not lists: head nouns of official names (patterns),
places by the words around them (places), outlets by trade nouns, web addresses and
datelines (outlets), lower-case document names (documents), exercises by a year or quotes
(named_events), persons by given names, surname endings and bylines (people). A headline's
capitals carry no information, so there only known names and name-like persons count.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from textmine.entities.gazetteer import Entry, Gazetteer
from textmine.entities import documents, named_events, outlets, patterns, people, places
from textmine.entities.patterns import generic_words
from textmine.entities.resolve import canonical, ministry


def is_other_name(word: str, gaz: Gazetteer) -> bool:
    """A word that cannot be part of a person's name: a known place, body, head noun or generic word."""
    return gaz.lookup(word) is not None or word in patterns.heads() or word in patterns.generic_words()

MODEL_LABELS = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION",
                "FAC": "LOCATION"}
_NAMED_EVENTS = {"EXERCISE", "OPERATION"}
_WEBSITE = re.compile(r"[’']?s?\s+(?:official\s+)?(?:website|web\s?site|portal)\b")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entity_type: str
    source: str                  # gazetteer, rule or model
    entry: Entry | None = None   # canonical entry when already known
    is_adjective: bool = False


_REPUBLIC = re.compile(r"\s+Republic\b(?!\s+of\b)")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _owner_end(text: str, end: int, gaz: Gazetteer) -> int:
    """A body's name runs on over the states it belongs to: '... System of Russia and Belarus'."""
    m = _OF.match(text, end)
    if not m:
        return end
    cursor, new_end = m.end(), end
    while True:
        hits = [h for h in gaz.find(text[cursor:cursor + 60]) if h.start == 0 and not h.is_adjective
                and h.entry.entity_type == "COUNTRY"]
        if not hits:
            return new_end
        new_end = cursor + hits[0].end
        more = re.compile(r"\s+and\s+(?:the\s+)?").match(text, new_end)
        if not more:
            return new_end
        cursor = more.end()


def _overlaps(c: Candidate, taken: list[Candidate]) -> bool:
    return any(c.start < t.end and t.start < c.end for t in taken)


_ATTRIBUTIVE = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)-(?:led|dominated|based|backed|controlled|sponsored|"
                          r"brokered|oriented|friendly|allied)\b")
_CLAUSE_WORDS = frozenset("which that who whose was were is are be been has have had will would shall should can could "
                          "may might must in at with by from as to and or but the a an its their his her this these "
                          "those it they he she we there here when where while after before since until".split())
_CONTINUATION_HEADS = frozenset({"Council", "Committee", "Commission", "Group", "Centre", "Center", "Service"})


_OF_ON_FOR = re.compile(r"\s+(?:of|on|for)\s+")
_LOWER_WORD = re.compile(r"([a-z][a-z\-]*)(\s+|$)")
_ARMY = re.compile(r"\s+(?:armed\s+forces|army|navy|air\s+force|border\s+troops|border\s+guards?)\b")


@cache
def _capitals() -> frozenset[str]:
    with resources.files("textmine.data").joinpath("capitals.csv").open(encoding="utf-8") as handle:
        return frozenset(r["capital"] for r in csv.DictReader(handle))


def attributive_places(text: str, gaz: Gazetteer) -> list[Candidate]:
    """'Russia-led', 'Moscow-based': a known state or place as the first part of a compound
    adjective is a mention of that state or place (and no part of the name that follows)."""
    out = []
    for m in _ATTRIBUTIVE.finditer(text):
        entry = gaz.lookup(m.group(1))
        if entry is not None and entry.entity_type in {"COUNTRY", "LOCATION"}:
            out.append(Candidate(m.start(), m.end(), entry.entity_type, "gazetteer", entry, True))
    return out


def _lower_continuation(text: str, end: int) -> int:
    """End of a lower-case continuation that completes a generic body's name: 'Coordination
    Council' + 'on countering illegal migration' (stops at a clause word, a comma, 8 words)."""
    m = _OF_ON_FOR.match(text, end)
    if not m:
        return end
    cursor, last, content = m.end(), end, 0
    for w in _LOWER_WORD.finditer(text, cursor):
        if w.start() != cursor or content >= 8:
            break
        word = w.group(1)
        if word in _CLAUSE_WORDS:
            break
        if word not in {"of", "for", "on"}:
            content += 1
            last = w.start() + len(word)
        cursor = w.end()
    return last if content >= 2 else end


def refine_head_span(text: str, start: int, end: int, kind: str, gaz: Gazetteer) -> tuple[int, int]:
    """Where a head-noun phrase really starts and ends: not at a compound adjective of a place
    ('Moscow-led ...'), not over ' in <capital>' (where the body met), on over 'of the
    Armenian armed forces' and over the lower-case rest of a generic body's name."""
    lead = _ATTRIBUTIVE.match(text, start)
    if lead and lead.end() < end:
        start = lead.end() + len(text[lead.end():end]) - len(text[lead.end():end].lstrip())
    tail = re.search(r"\s+in\s+([A-Z][\w\-]+)$", text[start:end])
    if tail and tail.group(1) in _capitals():
        end = start + tail.start()
    last = text[start:end].split()[-1] if text[start:end].split() else ""
    hit, army = gaz.lookup(last), _ARMY.match(text, end)
    if hit is not None and hit.entity_type == "COUNTRY" and army:
        end = army.end()
    words = text[start:end].split()
    if kind == "ORGANIZATION" and 2 <= len(words) <= 3 and words[-1] in _CONTINUATION_HEADS \
            and gaz.lookup(text[start:end]) is None:
        end = _lower_continuation(text, end)
    return start, end


def rule_candidates(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Gazetteer hits (with year suffixes and glosses), borders and head-noun phrases,
    without overlaps: the longest wins, the gazetteer wins a tie."""
    found: list[Candidate] = []
    for m in gaz.find(text):
        end = m.end
        site = _WEBSITE.match(text, end)
        if m.entry.entity_type == "ORGANIZATION" and site:
            name = f"{text[m.start:end]} website"
            found.append(Candidate(m.start, site.end(), "MEDIA", "gazetteer", Entry(name, "MEDIA")))
            continue
        if m.entry.entity_type in {"ORGANIZATION", "FORCE"}:
            end = _owner_end(text, end, gaz)
        if m.entry.entity_type in _NAMED_EVENTS:
            end = patterns.year_suffix_end(text, end)
            g = patterns.gloss(text, end)
            if g:
                found.append(Candidate(g[0], g[1], m.entry.entity_type, "gazetteer", m.entry))
        found.append(Candidate(m.start, end, m.entry.entity_type, "gazetteer", m.entry, m.is_adjective))
        republic = _REPUBLIC.match(text, end)
        if m.entry.entity_type == "LOCATION" and not m.is_adjective and republic:
            # 'Nagorno-Karabakh Republic': a region proclaimed a state is a state of its own
            name = f"{m.entry.name} Republic"
            found.append(Candidate(m.start, republic.end(), "COUNTRY", "gazetteer", Entry(name, "COUNTRY")))
    for span in patterns.borders(text, gaz):
        found.append(Candidate(span.start, span.end, "LOCATION", "rule", Entry(span.name, "LOCATION")))
    found += attributive_places(text, gaz)
    for start, end in documents.lower_case_documents(text, gaz):
        found.append(Candidate(start, end, "DOCUMENT", "rule"))
    for start, end in documents.lower_case_bodies(text, gaz):
        found.append(Candidate(start, end, "ORGANIZATION", "rule"))
    for ev in named_events.find_named_events(text, gaz):
        found.append(Candidate(ev.start, ev.end, ev.entity_type, "rule", gaz.lookup(ev.name) or
                               Entry(ev.name, ev.entity_type)))
    for o in outlets.find_outlets(text, gaz):
        name = " ".join(text[o.start:o.end].split())
        found.append(Candidate(o.start, o.end, "MEDIA", "rule", gaz.lookup(name) or Entry(name, "MEDIA")))
    for p in places.find_places(text, gaz):
        found.append(Candidate(p.start, p.end, "LOCATION", "rule", Entry(p.name, "LOCATION")))
    headline = people.is_title_case_line(text)
    for span in patterns.head_phrases(text):
        start, end = refine_head_span(text, span.start, span.end, span.entity_type, gaz)
        if end - start < 2:
            continue
        if headline:  # every word is capitalised: only a phrase that names a known body is a name
            entry = canonical(text[start:end], span.entity_type, gaz)
            named = ministry(text[start:end], gaz)
            if entry in gaz.entries or (named is not None and named[0] is not None):
                found.append(Candidate(start, end, entry.entity_type, "rule", entry))
            continue
        found.append(Candidate(start, end, span.entity_type, "rule"))
    for start, end in people.find_person_names(text, lambda w: is_other_name(w, gaz)):
        found.append(Candidate(start, end, "PERSON", "rule"))
    byline = people.byline_name(text, lambda w: is_other_name(w, gaz))
    if byline:
        found.append(Candidate(byline[0], byline[1], "PERSON", "rule"))
    order = {"gazetteer": 0, "rule": 1}
    found.sort(key=lambda c: (-(c.end - c.start), order[c.source], c.start))
    taken: list[Candidate] = []
    for c in found:
        if not _overlaps(c, taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def model_candidates(ents: list[tuple[int, int, str]], taken: list[Candidate], text: str = "") -> list[Candidate]:
    """spaCy entities (start, end, label) that no rule candidate overlaps. A single unknown
    word the small model calls a people (NORP) right after 'in'/'near' is a place it
    mislabelled ('in Andijan'): peoples' names are adjectives the gazetteer knows."""
    out = []
    for start, end, label in ents:
        kind = MODEL_LABELS.get(label)
        if label == "NORP" and text and " " not in text[start:end].strip() \
                and places.after_place_preposition(text, start):
            kind = "LOCATION"
        if kind is None:
            continue
        c = Candidate(start, end, kind, "model")
        if not _overlaps(c, taken):
            out.append(c)
    return out


_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*")
_MONTHS = frozenset("January February March April May June July August September October November December".split())


@cache
def _explained_words() -> frozenset[str]:
    """Capitalised words that name nothing on their own: generic nouns of bodies (Member,
    States, Treaty), words of titles of office (Secretary, General), months, and "I"."""
    with resources.files("textmine.data").joinpath("titles_of_office.csv").open(encoding="utf-8") as handle:
        title_words = {w for row in csv.DictReader(handle) for w in re.split(r"[\s-]+", row["surface"]) if w}
    return frozenset(generic_words() | title_words | _MONTHS | {"I"})


def _bare(word: str) -> str:
    return re.sub(r"(?:[’']s?|\.)+$", "", word)


def needs_model(text: str, taken: list[Candidate]) -> bool:
    """Could the statistical model add anything the rules did not find? Only where a
    capitalised word is left unexplained: not inside a rule candidate, not a generic or
    title word, and not a common word or adverb opening the sentence. Skipping the model
    elsewhere is what keeps the pipeline faster than running the model over everything."""
    explained = _explained_words()
    opening = len(text) - len(text.lstrip("-–—•*\"'“‘«( "))
    for m in _CAPITALISED.finditer(text):
        if any(c.start <= m.start() < c.end for c in taken):
            continue
        word = _bare(m.group(0))
        if word in explained:
            continue
        if m.start() == opening and (word.lower() in STOP_WORDS or word.endswith("ly")):
            continue
        return True
    return False


def sentence_candidates(text: str, ents: list[tuple[int, int, str]], gaz: Gazetteer,
                        taken: list[Candidate] | None = None) -> list[Candidate]:
    taken = rule_candidates(text, gaz) if taken is None else taken
    model = model_candidates(ents, taken, text)
    if people.is_title_case_line(text):
        model = [c for c in model if _headline_model_ok(text, c, gaz)]
    return sorted(taken + model, key=lambda c: c.start)


def _headline_model_ok(text: str, c: Candidate, gaz: Gazetteer) -> bool:
    """In a headline every word is capitalised, so the model's spans run over verbs and nouns
    ('X Calls For Unity'): keep a person of two or three name-like words (a known given name
    or a surname's ending, no common word) and any other span only when the gazetteer knows it."""
    words = text[c.start:c.end].split()
    if c.entity_type == "PERSON":
        return (2 <= len(words) <= 3 and not any(w.lower() in STOP_WORDS for w in words)
                and (words[0] in people.given_names() or people.has_surname_ending(words[-1])))
    return gaz.lookup(text[c.start:c.end]) is not None

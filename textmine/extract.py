"""One decoded file in, every fact its text states out: the single entry point of the text
package.

`extract_file` (one file) and `extract_files` (a batch, so spaCy parses the batch's
sentences in one pipe) return typed records: the file's articles, sentences, time
expressions, quantities, entity mentions as each article alone resolves them, event
candidates, and raw position, membership and interview-turn facts. No pandas, no I/O, no
Dagster: a pure function of the text and its content hash (the only outside state is the
optional spaCy cache, a mapping the caller owns). That makes it the unit to cache by
content hash and the unit an execution engine ships to a worker; everything corpus-wide
(linking entities across articles, merging happenings, the ids of facts) is left to the
caller.

Record fields are named like the columns of the tables they become."""

import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from textmine.articles import split_articles
from textmine.entities import DocumentInput, SentenceRef, entity_id
from textmine.entities.extract import detect
from textmine.entities.gazetteer import Entry
from textmine.events import (PARSE_DISABLE, Antecedents, ArticleDate, DetectedEvent, MentionRef, Parse, editions_kept,
                             opening_sentences, sentence_events)
from textmine.headers import parse_date_line
from textmine.ids import stable_id
from textmine.parses import BatchParses, MissingParse, Paused, in_rounds
from textmine.memberships import extract_memberships, last_body
from textmine.positions import byline_position, extract_positions, fill_bodies, known_people
from textmine.quantities import extract_quantities
from textmine.sentences import article_sentences
from textmine.timex import Timex, article_timexes
from textmine.turns import interview_turns

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One article of the file; `header_end` is where its body starts (after headline,
    date line and byline)."""

    doc_id: str
    ordinal: int
    title: str | None
    published_on: date | None
    published_precision: str | None
    outlet: str | None
    author: str | None
    genre: str
    char_start: int
    char_end: int
    n_words: int
    text: str
    header_end: int


@dataclass(frozen=True, slots=True)
class SentenceRecord:
    doc_id: str
    sentence_no: int
    paragraph_no: int
    char_start: int
    char_end: int
    text: str
    speaker_role: str | None


@dataclass(frozen=True, slots=True)
class TimexRecord:
    """A time expression, offsets into the decoded file."""

    timex_id: str
    doc_id: str
    sentence_no: int
    char_start: int
    char_end: int
    text: str
    kind: str
    date_start: date | None
    date_end: date | None
    date_precision: str | None
    is_relative: bool
    anchor: str | None


@dataclass(frozen=True, slots=True)
class QuantityRecord:
    quantity_id: str
    doc_id: str
    sentence_no: int
    value: float
    unit: str | None
    about: str | None
    qualifier: str | None
    quantity_text: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """An entity mention as its article alone resolves it; `person` is a rule-found
    person's full name, merged with other spellings corpus-wide."""

    mention_id: str
    doc_id: str
    sentence_no: int
    char_start: int
    char_end: int
    surface: str
    name: str
    entity_type: str
    country_code: str | None
    person: str | None


@dataclass(frozen=True, slots=True)
class EventCandidateRecord:
    """A happening one sentence states; timex offsets are relative to the sentence and
    participants are local entity ids (see `local_entity_id`)."""

    doc_id: str
    sentence_no: int
    event_type: str
    timex_start: int
    timex_end: int
    timex_text: str
    timex_kind: str
    date_start: date | None
    date_end: date | None
    date_precision: str | None
    is_relative: bool
    anchor: str | None
    participants: tuple[str, ...]
    location_id: str | None
    sentence: str
    ordinal: int
    objects: tuple[str, ...] = ()  # what the act befalls: local entity ids and "=words" (textmine.events.act_objects)


@dataclass(frozen=True, slots=True)
class PositionRecord:
    """Who holds which title, as one sentence says it; person offsets are relative to the
    sentence, which starts at `sentence_start` in the file."""

    doc_id: str
    sentence_no: int
    sentence_start: int
    person: str
    person_start: int
    person_end: int
    title: str
    organization: str | None
    qualifier: str | None
    start_date: date | None


@dataclass(frozen=True, slots=True)
class MembershipRecord:
    """A state joining, leaving or being a member of a body; span relative to the sentence."""

    doc_id: str
    sentence_no: int
    sentence_start: int
    alpha3: str
    body: str
    action: str
    date_start: date | None
    precision: str | None
    span_start: int
    span_end: int


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """Question and answer offsets (into the file) of one interview turn."""

    doc_id: str
    turn_no: int
    question_start: int
    question_end: int
    answer_start: int | None
    answer_end: int | None


@dataclass(frozen=True)
class FileExtraction:
    """Everything one file's text states, before any corpus-wide step."""

    sha256: str
    n_chars: int
    documents: list[DocumentRecord] = field(default_factory=list)
    sentences: list[SentenceRecord] = field(default_factory=list)
    time_expressions: list[TimexRecord] = field(default_factory=list)
    quantities: list[QuantityRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    event_candidates: list[EventCandidateRecord] = field(default_factory=list)
    positions: list[PositionRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)
    turns: list[TurnRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FileInput:
    """A decoded file and the SHA-256 of its bytes (which its article ids derive from)."""

    text: str
    sha256: str


def extract_file(text: str, *, sha256: str, ner_cache: MutableMapping[str, list] | None = None) -> FileExtraction:
    """Every fact of one decoded file; `sha256` is the hash of the file's bytes."""
    return extract_files([FileInput(text, sha256)], ner_cache)[0]


def extract_files(files: Sequence[FileInput], ner_cache: MutableMapping[str, list] | None = None
                  ) -> list[FileExtraction]:
    """`extract_file` for each of `files`, in order. The result of a file does not depend on
    the others; they are taken together only so spaCy parses their sentences in one pipe.
    `ner_cache` (sentence-text hash -> spaCy entities) spares parsing a sentence again."""
    parts = []
    for f in files:
        docs = _documents(f.text, f.sha256)
        parts.append((f, docs, _sentences(f.text, docs)))
    inputs = [DocumentInput(d.doc_id, f.text, [SentenceRef(s.sentence_no, s.char_start, s.char_end)
                                               for s in sents if s.doc_id == d.doc_id])
              for f, docs, sents in parts for d in docs]
    by_doc: dict[str, list[MentionRecord]] = {}
    for m in detect(inputs, ner_cache):
        by_doc.setdefault(m.doc_id, []).append(MentionRecord(
            m.mention_id, m.doc_id, m.sentence_no, m.char_start, m.char_end, m.surface, m.entity.name,
            m.entity.entity_type, m.entity.country_code, m.person))
    timexes = [_time_expressions(docs, sents) for _f, docs, sents in parts]
    mentions = [[m for d in docs for m in by_doc.get(d.doc_id, [])] for _f, docs, _s in parts]
    parses = BatchParses(PARSE_DISABLE)  # the sentences events ask to parse, parsed together
    articles = [(i, doc) for i, (_f, docs, _s) in enumerate(parts) for doc in docs]
    found = in_rounds((_event_candidates(doc, _of(doc, parts[i][2]), timexes[i], mentions[i], parses)
                       for i, doc in articles), parses)
    events: list[list[EventCandidateRecord]] = [[] for _ in parts]
    for (i, _doc), rows in zip(articles, found):
        events[i].extend(rows)
    return [FileExtraction(
        sha256=f.sha256, n_chars=len(f.text), documents=docs, sentences=sents, time_expressions=t,
        quantities=_quantities(sents), mentions=m, event_candidates=e,
        positions=_positions(docs, sents), memberships=_memberships(sents), turns=_turns(docs, sents))
        for (f, docs, sents), t, m, e in zip(parts, timexes, mentions, events)]


def _documents(text: str, sha256: str) -> list[DocumentRecord]:
    return [DocumentRecord(
        stable_id("d", sha256, art.ordinal), art.ordinal, art.title, art.published_on, art.published_precision,
        art.outlet, art.author, art.genre, art.char_start, art.char_end,
        len(_WORD.findall(text[art.char_start:art.char_end])), text[art.char_start:art.char_end], art.header_end)
        for art in split_articles(text)]


def _sentences(text: str, docs: list[DocumentRecord]) -> list[SentenceRecord]:
    return [SentenceRecord(d.doc_id, number, s.paragraph_no, s.char_start, s.char_end,
                           text[s.char_start:s.char_end], s.speaker_role)
            for d in docs
            for number, s in enumerate(article_sentences(text, d.char_start, d.char_end, d.header_end,
                                                         d.genre == "interview"), start=1)]


def _of(doc: DocumentRecord, sentences: list[SentenceRecord]) -> list[SentenceRecord]:
    return [s for s in sentences if s.doc_id == doc.doc_id]


def _anchor_date(doc: DocumentRecord) -> date | None:
    """Only a day-precise publication date can resolve "yesterday" or "on Thursday"."""
    return doc.published_on if doc.published_precision == "day" else None


def _time_expressions(docs: list[DocumentRecord], sentences: list[SentenceRecord]) -> list[TimexRecord]:
    """Time expressions of every sentence. The header's date line is the article's
    publication date, document metadata rather than a time expression, so it is left out."""
    rows = []
    for doc in docs:
        sents = _of(doc, sentences)
        for sent, timexes in zip(sents, article_timexes([s.text for s in sents], _anchor_date(doc))):
            if sent.char_end <= doc.header_end and parse_date_line(sent.text):
                continue
            for t in timexes:
                start, end = sent.char_start + t.start, sent.char_start + t.end
                rows.append(TimexRecord(stable_id("t", doc.doc_id, start, end), doc.doc_id, sent.sentence_no, start,
                                        end, t.text, t.kind, t.date_start, t.date_end, t.precision, t.is_relative,
                                        t.anchor))
    return rows


def _quantities(sentences: list[SentenceRecord]) -> list[QuantityRecord]:
    """A number repeated in the same article (the same anniversary in three answers) is
    kept where it is first stated."""
    rows = []
    seen: set[tuple] = set()
    for s in sentences:
        for f in extract_quantities(s.text):
            if (s.doc_id, *f.key) in seen:
                continue
            seen.add((s.doc_id, *f.key))
            start, end = s.char_start + f.start, s.char_start + f.end
            rows.append(QuantityRecord(stable_id("q", s.doc_id, start, end), s.doc_id, s.sentence_no, f.value,
                                       f.unit, f.about, f.qualifier, f.text, start, end))
    return rows


def _positions(docs: list[DocumentRecord], sentences: list[SentenceRecord]) -> list[PositionRecord]:
    """Positions as each sentence states them, with the article's context: surnames of
    people it names in full (known_people), bodies a sentence leaves unsaid (fill_bodies:
    the same person's title elsewhere, a profession's employer in the sentence before, the
    state the article is about); the author a byline credits is a journalist of the
    article's outlet."""
    rows = []
    for doc in docs:
        sents = _of(doc, sentences)
        texts = [s.text for s in sents]
        people = known_people(texts)  # "Petrov, who ..., was Title": surnames the article gave in full
        stated = [(s, extract_positions(s.text, people)) for s in sents]
        found = [(s, f) for s, facts in stated for f in facts]
        if doc.author is not None and doc.outlet is not None:
            byline = next(((s, f) for s, facts in stated
                           if (f := byline_position(s.text, doc.author, doc.outlet, facts)) is not None), None)
            found += [byline] if byline else []
        index = {s.sentence_no: i for i, s in enumerate(sents)}
        filled = fill_bodies([f for _s, f in found], [index[s.sentence_no] for s, _f in found], texts)
        for (s, _old), f in zip(found, filled):
            rows.append(PositionRecord(s.doc_id, s.sentence_no, s.char_start, f.person, f.person_span[0],
                                       f.person_span[1], f.title, f.organization, f.qualifier, f.start_date))
    return rows


def _memberships(sentences: list[SentenceRecord]) -> list[MembershipRecord]:
    """A sentence may name its body only in an earlier one of the same article."""
    rows = []
    previous: dict[str, str | None] = {}
    for s in sentences:
        for f in extract_memberships(s.text, previous.get(s.doc_id)):
            rows.append(MembershipRecord(s.doc_id, s.sentence_no, s.char_start, f.alpha3, f.body, f.action,
                                         f.date_start, f.precision, f.span[0], f.span[1]))
        previous[s.doc_id] = last_body(s.text) or previous.get(s.doc_id)
    return rows


def _turns(docs: list[DocumentRecord], sentences: list[SentenceRecord]) -> list[TurnRecord]:
    """Question and answer offsets of every interview, from its sentences' speaker roles."""
    rows = []
    for doc in docs:
        if doc.genre != "interview":
            continue
        roles = [(s.char_start, s.char_end, s.speaker_role) for s in _of(doc, sentences)]
        for t in interview_turns(roles):
            rows.append(TurnRecord(doc.doc_id, t.turn_no, t.question[0], t.question[1],
                                   t.answer[0] if t.answer else None, t.answer[1] if t.answer else None))
    return rows


def local_entity_id(name: str, entity_type: str, country_code: str | None) -> str:
    """The id a mention's entry would have on its own; core.events maps it to the
    corpus-wide id its mention links to."""
    return entity_id(Entry(name, entity_type, country_code))


def _article_date(doc: DocumentRecord) -> ArticleDate:
    """The article's stated date and header end (a lede's and headline's anchor)."""
    dated = doc.published_precision in ("day", "month", "year") and doc.published_on is not None
    return ArticleDate(doc.published_on if dated else None, doc.published_precision == "day", doc.header_end)


def _event_candidates(doc: DocumentRecord, sents: list[SentenceRecord], timexes: list[TimexRecord],
                      mentions: list[MentionRecord], parses: Parse) -> Paused[list[EventCandidateRecord]]:
    """Every happening an article's sentences (`sents`) state (textmine.events.sentence_events);
    `timexes` and `mentions` are its file's. Repeats and reports across articles are resolved
    corpus-wide. A generator (textmine.parses.in_rounds): it pauses where a sentence's parse
    is still missing from `parses` and takes the sentence up again once it is there."""
    rows = []
    starts = {s.sentence_no: s.char_start for s in sents}
    by_sentence_t: dict[int, list[Timex]] = {}
    for t in sorted((t for t in timexes if t.doc_id == doc.doc_id), key=lambda t: t.char_start):
        offset = starts[t.sentence_no]
        by_sentence_t.setdefault(t.sentence_no, []).append(Timex(
            t.char_start - offset, t.char_end - offset, t.text, t.kind, t.date_start, t.date_end,
            t.date_precision, bool(t.is_relative), t.anchor))
    by_sentence_m: dict[int, list[MentionRef]] = {}
    for m in mentions:
        if m.doc_id == doc.doc_id and m.sentence_no in starts:
            offset = starts[m.sentence_no]
            by_sentence_m.setdefault(m.sentence_no, []).append(MentionRef(
                m.char_start - offset, m.char_end - offset,
                local_entity_id(m.name, m.entity_type, m.country_code), m.entity_type, m.name))
    dated = _article_date(doc)
    numbered = [(s.sentence_no, s.char_start, s.text) for s in sents]
    lede, heads = opening_sentences(numbered, dated)
    found: list[tuple[int, DetectedEvent]] = []
    antecedents = Antecedents()  # "the Organization" after its full name
    for number, _offset, text in numbered:
        refs = antecedents.refer(text, by_sentence_m.get(number, []))
        while True:
            try:
                events = sentence_events(text, by_sentence_t.get(number, []), refs, dated, [e for _, e in found],
                                         lede=number == lede, headline=number in heads, parse=parses)
                break
            except MissingParse:
                yield  # until the batch's missing parses are made
        found.extend((number, e) for e in events)
    for (sentence_no, ev), keep in zip(found, editions_kept([ev for _, ev in found])):
        if keep:
            t = ev.timex
            rows.append(EventCandidateRecord(
                doc.doc_id, sentence_no, ev.event_type, t.start, t.end, t.text, t.kind, t.date_start, t.date_end,
                t.precision, t.is_relative, t.anchor, tuple(ev.participants), ev.location_id, ev.sentence,
                ev.ordinal, tuple(ev.objects)))
    return rows

"""Rows that depend on one file's text alone: its articles, sentences, time expressions,
numeric facts, entity mentions before corpus-wide linking, and the raw position,
membership and interview-turn facts before their ids are filled in.

Everything here is a function of the decoded file (and the extraction code), which is what
lets assets.extraction cache it by content hash and run it in batches on many processes.
Corpus-wide steps (linking entities across articles, events, ids of facts) live in the
asset modules and only read these rows."""

import re
from collections import defaultdict
from collections.abc import MutableMapping
from datetime import date

import pandas as pd

from assets.schemas import Quantities, TimeExpressions
from assets.values import day_or_none, text_or_none, timestamp_or_none
from textmine.articles import split_articles
from textmine.entities import DocumentInput, SentenceRef, entity_id
from textmine.entities.extract import detect
from textmine.entities.gazetteer import Entry
from textmine.events import ArticleDate, DetectedEvent, MentionRef, editions_kept, opening_sentences, sentence_events
from textmine.headers import parse_date_line
from textmine.ids import stable_id
from textmine.memberships import extract_memberships, last_body
from textmine.positions import byline_position, extract_positions, fill_bodies, known_people
from textmine.quantities import extract_quantities
from textmine.sentences import article_sentences
from textmine.timex import Timex, article_timexes
from textmine.turns import interview_turns

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

DOCUMENT_COLUMNS = ["doc_id", "file_id", "ordinal", "title", "published_on", "published_precision", "outlet",
                    "author", "genre", "char_start", "char_end", "n_words", "text", "_header_end", "_file_n_chars"]
SENTENCE_COLUMNS = ["doc_id", "sentence_no", "paragraph_no", "char_start", "char_end", "text", "speaker_role",
                    "_file_n_chars"]
MENTION_CANDIDATE_COLUMNS = ["mention_id", "doc_id", "sentence_no", "char_start", "char_end", "surface", "name", "entity_type",
                             "country_code", "person"]
POSITION_FACT_COLUMNS = ["doc_id", "sentence_no", "sentence_start", "person", "person_start", "person_end",
                         "title", "organization", "qualifier", "start_date"]
MEMBERSHIP_FACT_COLUMNS = ["doc_id", "sentence_no", "sentence_start", "alpha3", "body", "action", "date_start",
                           "precision", "span_start", "span_end"]
EVENT_CANDIDATE_COLUMNS = ["doc_id", "sentence_no", "event_type", "timex_start", "timex_end", "timex_text",
                           "timex_kind", "date_start", "date_end", "date_precision", "is_relative", "anchor",
                           "participants", "location_id", "sentence", "ordinal"]
TURN_SPAN_COLUMNS = ["doc_id", "turn_no", "question_start", "question_end", "answer_start", "answer_end"]


def extract_documents(files: pd.DataFrame) -> pd.DataFrame:
    """One row per article of every loaded file (plus `_file_n_chars` for validation)."""
    rows = []
    for file in files[files["status"] == "loaded"].itertuples(index=False):
        text = file.content
        for art in split_articles(text):
            body = text[art.char_start:art.char_end]
            rows.append(dict(
                doc_id=stable_id("d", file.sha256, art.ordinal), file_id=file.file_id, ordinal=art.ordinal,
                title=art.title, published_on=pd.Timestamp(art.published_on) if art.published_on else pd.NaT,
                published_precision=art.published_precision, outlet=art.outlet, author=art.author,
                genre=art.genre, char_start=art.char_start, char_end=art.char_end,
                n_words=len(_WORD.findall(body)), text=body, _header_end=art.header_end,
                _file_n_chars=len(text)))
    df = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    df["published_on"] = pd.to_datetime(df["published_on"])
    return df


def extract_sentences(docs: pd.DataFrame, files: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence (plus `_file_n_chars` for validation)."""
    content = files.set_index("file_id")["content"]
    rows = []
    for doc in docs.to_dict("records"):
        text = content[doc["file_id"]]
        header_end = int(doc["_header_end"]) if pd.notna(doc["_header_end"]) else doc["char_start"]
        for number, s in enumerate(article_sentences(text, doc["char_start"], doc["char_end"], header_end,
                                                     doc["genre"] == "interview"), start=1):
            rows.append(dict(doc_id=doc["doc_id"], sentence_no=number, paragraph_no=s.paragraph_no,
                             char_start=s.char_start, char_end=s.char_end, text=text[s.char_start:s.char_end],
                             speaker_role=s.speaker_role, _file_n_chars=len(text)))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def _anchor_date(doc: dict) -> date | None:
    """The article's date as an anchor for relative expressions: only a day-precise
    publication date can resolve "yesterday" or "on Thursday", so a coarser one is not used."""
    if doc.get("published_precision") != "day" or pd.isna(doc.get("published_on")):
        return None
    return pd.Timestamp(doc["published_on"]).date()


def _by_doc(sentences: pd.DataFrame) -> dict[str, list[dict]]:
    """Sentences of each article in reading order, as plain dicts (per-article DataFrames
    cost about 1 ms each)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for sent in sentences.sort_values(["doc_id", "sentence_no"]).to_dict("records"):
        by_doc[sent["doc_id"]].append(sent)
    return by_doc


def extract_time_expressions(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per time expression of every sentence, offsets into the decoded file. The
    header's date line is the article's publication date (core.documents.published_on),
    document metadata rather than a time expression of the text, so it is left out."""
    rows = []
    by_doc = _by_doc(sentences)
    for doc in documents.to_dict("records"):
        sents = by_doc.get(doc["doc_id"])
        if not sents:
            continue
        found = article_timexes([s["text"] for s in sents], _anchor_date(doc))
        header_end = doc.get("_header_end")
        for sent, timexes in zip(sents, found):
            if (header_end is not None and not pd.isna(header_end) and sent["char_end"] <= header_end
                    and parse_date_line(sent["text"])):
                continue
            for t in timexes:
                start, end = sent["char_start"] + t.start, sent["char_start"] + t.end
                rows.append(dict(
                    timex_id=stable_id("t", doc["doc_id"], start, end), doc_id=doc["doc_id"],
                    sentence_no=sent["sentence_no"], char_start=start, char_end=end, text=t.text, kind=t.kind,
                    date_start=pd.Timestamp(t.date_start) if t.date_start else pd.NaT,
                    date_end=pd.Timestamp(t.date_end) if t.date_end else pd.NaT,
                    date_precision=t.precision, is_relative=t.is_relative, anchor=t.anchor))
    df = pd.DataFrame(rows, columns=list(TimeExpressions.to_schema().columns))
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col])
    return df


def extract_quantities_table(sents: pd.DataFrame) -> pd.DataFrame:
    """One row per numeric fact per article: a number repeated in the same article (the
    same anniversary in three answers) is kept where it is first stated."""
    rows = []
    seen: set[tuple] = set()
    for s in sents.itertuples():
        for f in extract_quantities(s.text):
            if (s.doc_id, *f.key) in seen:
                continue
            seen.add((s.doc_id, *f.key))
            start, end = s.char_start + f.start, s.char_start + f.end
            rows.append(dict(quantity_id=stable_id("q", s.doc_id, start, end), doc_id=s.doc_id,
                             sentence_no=s.sentence_no, value=f.value, unit=f.unit, about=f.about,
                             qualifier=f.qualifier, quantity_text=f.text, char_start=start, char_end=end))
    return pd.DataFrame(rows, columns=list(Quantities.to_schema().columns))


def document_inputs(documents: pd.DataFrame, sentences: pd.DataFrame, files: pd.DataFrame) -> list[DocumentInput]:
    """Each article with its decoded file and its sentences' offsets."""
    content = files.set_index("file_id")["content"]
    by_doc = {doc_id: group.sort_values("sentence_no") for doc_id, group in sentences.groupby("doc_id")}
    inputs = []
    for doc in documents.sort_values(["file_id", "ordinal"]).itertuples():
        group = by_doc.get(doc.doc_id)
        refs = [] if group is None else [SentenceRef(int(s.sentence_no), int(s.char_start), int(s.char_end))
                                         for s in group.itertuples()]
        inputs.append(DocumentInput(doc.doc_id, content[doc.file_id], refs))
    return inputs


def mention_candidates(documents: pd.DataFrame, sentences: pd.DataFrame, files: pd.DataFrame,
                       ner_cache: MutableMapping[str, list] | None = None) -> pd.DataFrame:
    """Mentions as each article alone resolves them (textmine.entities.extract.detect)."""
    found = detect(document_inputs(documents, sentences, files), ner_cache)
    return pd.DataFrame([(m.mention_id, m.doc_id, m.sentence_no, m.char_start, m.char_end, m.surface, m.entity.name,
                          m.entity.entity_type, m.entity.country_code, m.person) for m in found],
                        columns=MENTION_CANDIDATE_COLUMNS)


def position_facts(sents: pd.DataFrame, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who holds which title, as each sentence says it; ids are filled in corpus-wide. A
    title written bare ("President X") takes the body the same article gives the same
    person's same title elsewhere (textmine.positions.fill_bodies); the author a byline
    credits is a journalist of the article's outlet."""
    rows = []
    credited = {} if docs is None else {
        d["doc_id"]: (d["author"], d["outlet"]) for d in docs.to_dict("records")
        if isinstance(d.get("author"), str) and isinstance(d.get("outlet"), str)}
    for doc_id, group in sents.groupby("doc_id", sort=False):
        people = known_people(list(group["text"]))
        stated = [(s, extract_positions(s.text, people)) for s in group.itertuples()]
        found = [(s, f) for s, facts in stated for f in facts]
        if doc_id in credited:  # the byline's author writes for the article's outlet
            byline = next(((s, f) for s, facts in stated
                           if (f := byline_position(s.text, *credited[doc_id], facts)) is not None), None)
            found += [byline] if byline else []
        index = {no: i for i, no in enumerate(group["sentence_no"])}
        filled = fill_bodies([f for _s, f in found], [index[s.sentence_no] for s, _f in found], list(group["text"]))
        for (s, _old), f in zip(found, filled):
            rows.append((s.doc_id, s.sentence_no, s.char_start, f.person, f.person_span[0], f.person_span[1],
                         f.title, f.organization, f.qualifier, timestamp_or_none(f.start_date)))
    return pd.DataFrame(rows, columns=POSITION_FACT_COLUMNS)


def membership_facts(sents: pd.DataFrame) -> pd.DataFrame:
    """Membership actions per sentence; a sentence may name its body only in an earlier one."""
    rows = []
    previous: dict[str, str | None] = {}
    for s in sents.itertuples():
        for f in extract_memberships(s.text, previous.get(s.doc_id)):
            rows.append((s.doc_id, s.sentence_no, s.char_start, f.alpha3, f.body, f.action,
                         timestamp_or_none(f.date_start), f.precision, f.span[0], f.span[1]))
        previous[s.doc_id] = last_body(s.text) or previous.get(s.doc_id)
    return pd.DataFrame(rows, columns=MEMBERSHIP_FACT_COLUMNS)


def turn_spans(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Question and answer offsets of every interview, from its sentences' speaker roles."""
    rows = []
    by_doc = _by_doc(sentences[sentences["doc_id"].isin(documents.loc[documents["genre"] == "interview", "doc_id"])])
    for doc_id, sents in by_doc.items():
        roles = [(s["char_start"], s["char_end"], s["speaker_role"] if isinstance(s["speaker_role"], str) else None)
                 for s in sents]
        for t in interview_turns(roles):
            rows.append((doc_id, t.turn_no, t.question[0], t.question[1],
                         t.answer[0] if t.answer else None, t.answer[1] if t.answer else None))
    return pd.DataFrame(rows, columns=TURN_SPAN_COLUMNS)


def local_entity_id(name: str, entity_type: str, country_code: object) -> str:
    """The id a mention candidate's entry would have on its own; core.events maps it to
    the corpus-wide id its mention links to."""
    return entity_id(Entry(name, entity_type, country_code if isinstance(country_code, str) else None))


def _timex(row: dict, sentence_start: int) -> Timex:
    return Timex(int(row["char_start"]) - sentence_start, int(row["char_end"]) - sentence_start, row["text"],
                 row["kind"], day_or_none(row["date_start"]), day_or_none(row["date_end"]),
                 text_or_none(row["date_precision"]), bool(row["is_relative"]), text_or_none(row["anchor"]))


def _article_dates(documents: pd.DataFrame | None) -> dict[str, ArticleDate]:
    """Each article's stated date and header end (a ledes's and headline's anchor)."""
    dates: dict[str, ArticleDate] = {}
    for doc in ([] if documents is None else documents.to_dict("records")):
        dated = doc.get("published_precision") in ("day", "month", "year") and not pd.isna(doc.get("published_on"))
        header_end = doc.get("_header_end")
        dates[doc["doc_id"]] = ArticleDate(pd.Timestamp(doc["published_on"]).date() if dated else None,
                                           doc.get("published_precision") == "day",
                                           0 if header_end is None or pd.isna(header_end) else int(header_end))
    return dates


def event_candidates(sentences: pd.DataFrame, timexes: pd.DataFrame, mentions: pd.DataFrame,
                     documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every happening an article's sentences state (textmine.events.sentence_events), its
    participants as local entity ids; repeats and reports across articles are resolved
    corpus-wide in core.events."""
    by_sentence_t: dict[tuple, list[dict]] = defaultdict(list)
    for r in timexes.sort_values("char_start").to_dict("records"):
        by_sentence_t[(r["doc_id"], r["sentence_no"])].append(r)
    by_sentence_m: dict[tuple, list[MentionRef]] = defaultdict(list)
    starts = dict(zip(zip(sentences["doc_id"], sentences["sentence_no"]), sentences["char_start"]))
    for m in mentions.itertuples(index=False):
        if (m.doc_id, m.sentence_no) not in starts:
            continue
        offset = int(starts[(m.doc_id, m.sentence_no)])
        by_sentence_m[(m.doc_id, m.sentence_no)].append(MentionRef(
            int(m.char_start) - offset, int(m.char_end) - offset,
            local_entity_id(m.name, m.entity_type, m.country_code), m.entity_type))
    dates = _article_dates(documents)
    rows = []
    ordered = sentences[["doc_id", "sentence_no", "char_start", "text"]].sort_values(["doc_id", "sentence_no"])
    for doc_id, sents in ordered.groupby("doc_id", sort=False):
        dated = dates.get(doc_id, ArticleDate(None, False))
        numbered = [(int(n), int(c), t) for n, c, t in zip(sents["sentence_no"], sents["char_start"], sents["text"])]
        lede, heads = opening_sentences(numbered, dated)
        found: list[tuple[int, DetectedEvent]] = []
        for number, offset, text in numbered:
            key = (doc_id, number)
            events = sentence_events(text, [_timex(r, offset) for r in by_sentence_t.get(key, [])],
                                     by_sentence_m.get(key, []), dated, [e for _, e in found],
                                     lede=number == lede, headline=number in heads)
            found.extend((number, e) for e in events)
        for (sentence_no, ev), keep in zip(found, editions_kept([ev for _, ev in found])):
            if not keep:
                continue
            t = ev.timex
            rows.append((doc_id, sentence_no, ev.event_type, t.start, t.end, t.text, t.kind,
                         timestamp_or_none(t.date_start), timestamp_or_none(t.date_end), t.precision,
                         t.is_relative, t.anchor, tuple(ev.participants), ev.location_id, ev.sentence, ev.ordinal))
    return pd.DataFrame(rows, columns=EVENT_CANDIDATE_COLUMNS)

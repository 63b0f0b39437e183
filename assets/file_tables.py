"""The one place where the text package's records become tables.

textmine.extract.extract_files gives, per file, typed records of everything its text
states; this module turns a batch of those into one pandas table per kind of record, each
row tagged with its file's `_sha256` (what the extraction store keys rows by). Column
names and dtypes are those the core assets validate and publish."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from operator import attrgetter

import pandas as pd

from assets.schemas import Quantities, TimeExpressions
from textmine.extract import (DocumentRecord, EventCandidateRecord, FileExtraction, MembershipRecord, MentionRecord,
                              PositionRecord, SentenceRecord, TurnRecord)

DOCUMENT_COLUMNS = ["doc_id", "file_id", "ordinal", "title", "published_on", "published_precision", "outlet",
                    "author", "genre", "char_start", "char_end", "n_words", "text", "_header_end", "_file_n_chars"]
SENTENCE_COLUMNS = [f.name for f in fields(SentenceRecord)] + ["_file_n_chars"]
MENTION_CANDIDATE_COLUMNS = [f.name for f in fields(MentionRecord)]
POSITION_FACT_COLUMNS = [f.name for f in fields(PositionRecord)]
MEMBERSHIP_FACT_COLUMNS = [f.name for f in fields(MembershipRecord)]
EVENT_CANDIDATE_COLUMNS = [f.name for f in fields(EventCandidateRecord)]
TURN_SPAN_COLUMNS = [f.name for f in fields(TurnRecord)]
TIMEX_COLUMNS = list(TimeExpressions.to_schema().columns)
QUANTITY_COLUMNS = list(Quantities.to_schema().columns)

TABLE_NAMES = ("documents", "sentences", "time_expressions", "quantities", "mention_candidates",
               "event_candidates", "position_facts", "membership_facts", "turn_spans")


def _values(columns: list[str]) -> Callable[[object], tuple]:
    """A record's fields in column order (attrgetter: records are many, astuple deep-copies)."""
    get = attrgetter(*columns)
    return lambda record: get(record)


def _timestamp(value: object) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(value)


def _frame(rows: list[tuple], columns: list[str], shas: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df["_sha256"] = shas
    return df


def _document_row(d: DocumentRecord, file_id: str | None, n_chars: int) -> tuple:
    return (d.doc_id, file_id, d.ordinal, d.title, pd.Timestamp(d.published_on) if d.published_on else pd.NaT,
            d.published_precision, d.outlet, d.author, d.genre, d.char_start, d.char_end, d.n_words, d.text,
            d.header_end, n_chars)


_SENTENCE = _values(SENTENCE_COLUMNS[:-1])
_QUANTITY = _values(QUANTITY_COLUMNS)
_MENTION = _values(MENTION_CANDIDATE_COLUMNS)
_POSITION = _values(POSITION_FACT_COLUMNS)
_MEMBERSHIP = _values(MEMBERSHIP_FACT_COLUMNS)
_TURN = _values(TURN_SPAN_COLUMNS)

Row = Callable[[FileExtraction, object], tuple]

# table name -> (records of a file, row of one record, columns)
_TABLES: dict[str, tuple[Callable[[FileExtraction], Sequence], Row, list[str]]] = {
    "sentences": (lambda f: f.sentences, lambda f, s: (*_SENTENCE(s), f.n_chars), SENTENCE_COLUMNS),
    "time_expressions": (lambda f: f.time_expressions, lambda f, t: (
        t.timex_id, t.doc_id, t.sentence_no, t.char_start, t.char_end, t.text, t.kind,
        pd.Timestamp(t.date_start) if t.date_start else pd.NaT, pd.Timestamp(t.date_end) if t.date_end else pd.NaT,
        t.date_precision, t.is_relative, t.anchor), TIMEX_COLUMNS),
    "quantities": (lambda f: f.quantities, lambda f, q: _QUANTITY(q), QUANTITY_COLUMNS),
    "mention_candidates": (lambda f: f.mentions, lambda f, m: _MENTION(m), MENTION_CANDIDATE_COLUMNS),
    "event_candidates": (lambda f: f.event_candidates, lambda f, e: (
        *(getattr(e, c) for c in EVENT_CANDIDATE_COLUMNS[:7]), _timestamp(e.date_start), _timestamp(e.date_end),
        *(getattr(e, c) for c in EVENT_CANDIDATE_COLUMNS[9:])), EVENT_CANDIDATE_COLUMNS),
    "position_facts": (lambda f: f.positions, lambda f, p: (*_POSITION(p)[:-1], _timestamp(p.start_date)),
                       POSITION_FACT_COLUMNS),
    "membership_facts": (lambda f: f.memberships, lambda f, m: (
        *_MEMBERSHIP(m)[:6], _timestamp(m.date_start), *_MEMBERSHIP(m)[7:]), MEMBERSHIP_FACT_COLUMNS),
    "turn_spans": (lambda f: f.turns, lambda f, t: _TURN(t), TURN_SPAN_COLUMNS),
}


def tables_of(extractions: Sequence[FileExtraction], file_ids: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """One table per kind of record of the files `extractions`, rows in file order, each
    tagged with its file's `_sha256`; `file_ids` maps a content hash to core.source_files'
    file_id."""
    doc_rows = [(_document_row(d, file_ids.get(f.sha256), f.n_chars), f.sha256)
                for f in extractions for d in f.documents]
    docs = _frame([r for r, _ in doc_rows], DOCUMENT_COLUMNS, [s for _, s in doc_rows])
    docs["published_on"] = pd.to_datetime(docs["published_on"])
    tables = {"documents": docs}
    for name, (records, row, columns) in _TABLES.items():
        rows = [(row(f, r), f.sha256) for f in extractions for r in records(f)]
        tables[name] = _frame([r for r, _ in rows], columns, [s for _, s in rows])
    for col in ("date_start", "date_end"):
        tables["time_expressions"][col] = pd.to_datetime(tables["time_expressions"][col])
    return tables

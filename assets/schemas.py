"""Pandera models of the warehouse tables: the one source of truth for column types,
allowed values, descriptions (which become DuckDB comments and Dagster table schemas) and
the DuckDB type of each column."""

from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

GENRES = ["interview", "news", "briefing", "article", "reference_page"]
PRECISIONS = ["day", "month", "year"]
SPEAKER_ROLES = ["interviewer", "interviewee"]
EARLIEST = pd.Timestamp("1900-01-01")


def _sql(sql_type: str, description: str, **kwargs) -> object:
    """A pandera Field carrying its DuckDB type and its description."""
    return pa.Field(description=description, metadata={"sql": sql_type}, **kwargs)


def _dates_consistent(df: pd.DataFrame) -> pd.Series:
    """A date range is ordered, and start, end and precision are all set or all NULL."""
    dated = df["date_start"].notna()
    ordered = ~dated | (df["date_start"] <= df["date_end"])
    return ordered & (dated == df["date_end"].notna()) & (dated == df["date_precision"].notna())


class _Spans(pa.DataFrameModel):
    """Shared provenance columns: a row leads back to its characters."""

    @pa.dataframe_check(description="char_start < char_end <= length of the decoded file")
    def offsets_inside_file(cls, df: pd.DataFrame) -> Series[bool]:
        inside = df["char_start"] < df["char_end"]
        if "_file_n_chars" in df:
            inside &= df["char_end"] <= df["_file_n_chars"]
        return inside


class SourceFiles(pa.DataFrameModel):
    """One row per file found under the raw folder, loaded or not."""

    file_id: Series[str] = _sql("VARCHAR", "Stable id of the file: hash of its relative path and content.",
                                unique=True, str_matches=r"^f_[0-9a-f]{16}$")
    path: Series[str] = _sql("VARCHAR", "Path relative to the raw folder, with / separators.", unique=True)
    sha256: Series[str] = _sql("VARCHAR", "SHA-256 of the file's bytes.", str_matches=r"^[0-9a-f]{64}$")
    n_bytes: Series[int] = _sql("BIGINT", "Size of the file in bytes.", ge=0)
    n_chars: Series[pd.Int64Dtype] = _sql("BIGINT", "Length of the decoded text in characters; NULL when not decoded.",
                                          nullable=True, ge=0)
    encoding: Series[str] = _sql("VARCHAR", "Encoding the file was decoded with (utf-8, utf-8-sig, utf-16, cp1251, latin-1).",
                                 nullable=True)
    status: Series[str] = _sql("VARCHAR", "loaded, quarantined, or duplicate_of:<file_id>.",
                               str_matches=r"^(loaded|quarantined|duplicate_of:f_[0-9a-f]{16})$")
    status_reason: Series[str] = _sql("VARCHAR", "Why the file was quarantined or what was noticed while loading it.",
                                      nullable=True)
    ingested_at: Series[pd.Timestamp] = _sql("TIMESTAMP", "When this content was first ingested (UTC).")
    content: Series[str] = _sql("VARCHAR", "The decoded text all character offsets point into; NULL when not loaded.",
                                nullable=True)

    class Config:
        strict = True
        coerce = True


class Documents(_Spans):
    """One row per article found in a loaded file."""

    doc_id: Series[str] = _sql("VARCHAR", "Stable id of the article: hash of its file's content and its ordinal.",
                               unique=True, str_matches=r"^d_[0-9a-f]{16}$")
    file_id: Series[str] = _sql("VARCHAR", "The source file (core.source_files.file_id).")
    ordinal: Series[int] = _sql("INTEGER", "1-based position of the article in its file.", ge=1)
    title: Series[str] = _sql("VARCHAR", "Headline as written; NULL when the article has none.", nullable=True)
    published_on: Series[pd.Timestamp] = _sql(
        "DATE", "Publication date stated by the text (header, byline, dateline); NULL when not stated.",
        nullable=True, ge=EARLIEST, le=pd.Timestamp(date.today()))
    published_precision: Series[str] = _sql("VARCHAR", "day, month or year; NULL when the date is unknown.",
                                            nullable=True, isin=PRECISIONS)
    outlet: Series[str] = _sql("VARCHAR", "Media outlet named by the header or text; NULL when not stated.", nullable=True)
    author: Series[str] = _sql("VARCHAR", "Author named in a byline; NULL when not stated.", nullable=True)
    genre: Series[str] = _sql("VARCHAR", "interview, news, briefing, article or reference_page.", isin=GENRES)
    char_start: Series[int] = _sql("BIGINT", "Offset of the article's first character in the decoded file.", ge=0)
    char_end: Series[int] = _sql("BIGINT", "Offset after the article's last character in the decoded file.", ge=1)
    n_words: Series[int] = _sql("INTEGER", "Number of words in the article.", ge=0)
    text: Series[str] = _sql("VARCHAR", "The article's text, exactly as in the decoded file.")

    @pa.dataframe_check(description="published_precision is set exactly when published_on is")
    def precision_with_date(cls, df: pd.DataFrame) -> Series[bool]:
        return df["published_on"].isna() == df["published_precision"].isna()

    class Config:
        coerce = True
        unique = ["file_id", "ordinal"]


class Sentences(_Spans):
    """One row per sentence of an article."""

    doc_id: Series[str] = _sql("VARCHAR", "The article (core.documents.doc_id).")
    sentence_no: Series[int] = _sql("INTEGER", "1-based position of the sentence in its article.", ge=1)
    paragraph_no: Series[int] = _sql("INTEGER", "1-based paragraph of the article (broken lines joined).", ge=1)
    char_start: Series[int] = _sql("BIGINT", "Offset of the sentence's first character in the decoded file.", ge=0)
    char_end: Series[int] = _sql("BIGINT", "Offset after the sentence's last character in the decoded file.", ge=1)
    text: Series[str] = _sql("VARCHAR", "The sentence exactly as in the decoded file (line breaks included).",
                             str_length={"min_value": 1})
    speaker_role: Series[str] = _sql("VARCHAR", "interviewer or interviewee in an interview's turns; else NULL.",
                                     nullable=True, isin=SPEAKER_ROLES)

    class Config:
        coerce = True
        unique = ["doc_id", "sentence_no"]


ENTITY_TYPES = ["PERSON", "ORGANIZATION", "COUNTRY", "LOCATION", "EXERCISE", "OPERATION", "FORCE", "DOCUMENT", "MEDIA"]
EVENT_TYPES = ["agreement", "entry_into_force", "ratification", "membership_change", "election_appointment",
               "resignation", "meeting", "exercise", "operation", "establishment", "statement", "anniversary",
               "conflict", "assistance", "training", "other"]
TIMEX_KINDS = ["date", "time", "duration", "set"]
ANCHORS = ["published_on", "text"]
QUALIFIERS = ["acting", "former", "deputy", "elected", "re-elected"]
MEMBERSHIP_ACTIONS = ["founding_signatory", "joined", "withdrew", "suspended", "reduced_participation", "observer",
                      "partner", "member"]


class Entities(pa.DataFrameModel):
    """One row per real-world thing the texts name, with every surface form seen."""

    entity_id: Series[str] = _sql("VARCHAR", "Stable id of the entity: hash of its type and canonical name.",
                                  unique=True, str_matches=r"^e_[0-9a-f]{16}$")
    name: Series[str] = _sql("VARCHAR", "Canonical name.")
    entity_type: Series[str] = _sql("VARCHAR", "PERSON, ORGANIZATION, COUNTRY, LOCATION, EXERCISE, OPERATION, FORCE, "
                                    "DOCUMENT or MEDIA.", isin=ENTITY_TYPES)
    country_code: Series[str] = _sql("VARCHAR", "ISO 3166-1 alpha-3 code for countries; else NULL.", nullable=True,
                                     str_matches=r"^[A-Z]{3}$")
    aliases: Series[object] = _sql("VARCHAR[]", "Every surface form seen in the texts (spelling variants, "
                                   "abbreviations, adjectives, translations).")
    n_mentions: Series[int] = _sql("INTEGER", "Number of mentions in core.mentions.", ge=0)
    n_documents: Series[int] = _sql("INTEGER", "Number of articles that mention it.", ge=0)

    class Config:
        coerce = True


class Mentions(_Spans):
    """One row per place a text names an entity."""

    mention_id: Series[str] = _sql("VARCHAR", "Stable id: hash of article and offsets.", unique=True)
    doc_id: Series[str] = _sql("VARCHAR", "The article (core.documents.doc_id).")
    sentence_no: Series[int] = _sql("INTEGER", "The sentence (core.sentences.sentence_no).", ge=1)
    char_start: Series[int] = _sql("BIGINT", "Offset of the mention's first character in the decoded file.", ge=0)
    char_end: Series[int] = _sql("BIGINT", "Offset after the mention's last character in the decoded file.", ge=1)
    surface: Series[str] = _sql("VARCHAR", "The mention exactly as written.")
    entity_id: Series[str] = _sql("VARCHAR", "The entity it refers to (core.entities.entity_id).")

    class Config:
        coerce = True


class TimeExpressions(_Spans):
    """Every time expression found, resolved to a date range where the text allows it."""

    timex_id: Series[str] = _sql("VARCHAR", "Stable id: hash of article and offsets.", unique=True)
    doc_id: Series[str] = _sql("VARCHAR", "The article (core.documents.doc_id).")
    sentence_no: Series[int] = _sql("INTEGER", "The sentence (core.sentences.sentence_no).", ge=1)
    char_start: Series[int] = _sql("BIGINT", "Offset of the expression's first character in the decoded file.", ge=0)
    char_end: Series[int] = _sql("BIGINT", "Offset after the expression's last character in the decoded file.", ge=1)
    text: Series[str] = _sql("VARCHAR", "The words of the expression, exactly as written.")
    kind: Series[str] = _sql("VARCHAR", "date, time, duration or set.", isin=TIMEX_KINDS)
    date_start: Series[pd.Timestamp] = _sql("DATE", "First day covered; NULL when not resolvable.", nullable=True)
    date_end: Series[pd.Timestamp] = _sql("DATE", "Last day covered; NULL when not resolvable.", nullable=True)
    date_precision: Series[str] = _sql("VARCHAR", "day, month or year; NULL when not a resolved calendar date.",
                                       nullable=True, isin=PRECISIONS)
    is_relative: Series[bool] = _sql("BOOLEAN", "True when resolved against another date (e.g. 'last year').")
    anchor: Series[str] = _sql("VARCHAR", "What a relative expression was resolved against: published_on or text.",
                               nullable=True, isin=ANCHORS)

    @pa.dataframe_check(description="date_start <= date_end, and a precision exactly when there is a date")
    def dates_consistent(cls, df: pd.DataFrame) -> Series[bool]:
        return _dates_consistent(df)

    class Config:
        coerce = True


class Events(pa.DataFrameModel):
    """Every dated happening the texts state, with its date range, type and participants."""

    event_id: Series[str] = _sql("VARCHAR", "Stable id: hash of article, sentence and type.", unique=True)
    doc_id: Series[str] = _sql("VARCHAR", "The article (core.documents.doc_id).")
    sentence_no: Series[int] = _sql("INTEGER", "The sentence that states it.", ge=1)
    event_type: Series[str] = _sql("VARCHAR", "One of the 16 event types of the contract.", isin=EVENT_TYPES)
    date_start: Series[pd.Timestamp] = _sql("DATE", "First day of the happening; NULL when not resolvable.",
                                            nullable=True)
    date_end: Series[pd.Timestamp] = _sql("DATE", "Last day of the happening; NULL when not resolvable.",
                                          nullable=True)
    date_precision: Series[str] = _sql("VARCHAR", "day, month or year.", nullable=True, isin=PRECISIONS)
    date_text: Series[str] = _sql("VARCHAR", "The words that gave the date.", nullable=True)
    date_is_relative: Series[bool] = _sql("BOOLEAN", "True when resolved against the article's date.")
    participants: Series[object] = _sql("VARCHAR[]", "entity_ids of the main actors.")
    location_id: Series[str] = _sql("VARCHAR", "entity_id of the place, when stated.", nullable=True)
    summary: Series[str] = _sql("VARCHAR", "The sentence that states it.")
    happening_id: Series[str] = _sql("VARCHAR", "Shared by the reports of one happening across articles "
                                     "(marts.timeline has one row per happening_id).")

    @pa.dataframe_check(description="date_start <= date_end, and a precision exactly when there is a date")
    def dates_consistent(cls, df: pd.DataFrame) -> Series[bool]:
        return _dates_consistent(df)

    class Config:
        coerce = True


class Positions(pa.DataFrameModel):
    """A person holding (or having held) a position, as a sentence states it."""

    position_id: Series[str] = _sql("VARCHAR", "Stable id: hash of article, sentence, person and title.", unique=True)
    person_id: Series[str] = _sql("VARCHAR", "entity_id of the person.", nullable=True)
    person_name: Series[str] = _sql("VARCHAR", "Canonical name of the person.")
    position: Series[str] = _sql("VARCHAR", "Normalised title, e.g. Secretary General, Minister of Foreign Affairs.")
    organization_id: Series[str] = _sql("VARCHAR", "entity_id of the organisation or state.", nullable=True)
    organization_name: Series[str] = _sql("VARCHAR", "Canonical name of the organisation or state.", nullable=True)
    qualifier: Series[str] = _sql("VARCHAR", "acting, former, deputy, elected, re-elected; else NULL.", nullable=True,
                                  isin=QUALIFIERS)
    start_date: Series[pd.Timestamp] = _sql("DATE", "Start of tenure when the text says it.", nullable=True)
    as_of: Series[pd.Timestamp] = _sql("DATE", "The article's publication date.", nullable=True)
    doc_id: Series[str] = _sql("VARCHAR", "The article (core.documents.doc_id).")
    sentence_no: Series[int] = _sql("INTEGER", "The sentence that states it.", ge=1)

    class Config:
        coerce = True


class Memberships(pa.DataFrameModel):
    """A state's relation to a treaty or organisation, stated or changing."""

    membership_id: Series[str] = _sql("VARCHAR", "Stable id: hash of article, sentence, country, body and action.",
                                      unique=True)
    country_id: Series[str] = _sql("VARCHAR", "entity_id of the state.", nullable=True)
    country_code: Series[str] = _sql("VARCHAR", "ISO 3166-1 alpha-3 code of the state.", str_matches=r"^[A-Z]{3}$")
    organization_id: Series[str] = _sql("VARCHAR", "entity_id of the treaty or organisation.", nullable=True)
    organization_name: Series[str] = _sql("VARCHAR", "Canonical name of the treaty or organisation.", nullable=True)
    action: Series[str] = _sql("VARCHAR", "founding_signatory, joined, withdrew, suspended, reduced_participation, "
                               "observer, partner or member.", isin=MEMBERSHIP_ACTIONS)
    date_start: Series[pd.Timestamp] = _sql("DATE", "When it happened, where stated.", nullable=True)
    date_precision: Series[str] = _sql("VARCHAR", "day, month or year.", nullable=True, isin=PRECISIONS)
    doc_id: Series[str] = _sql("VARCHAR", "The article (core.documents.doc_id).")
    sentence_no: Series[int] = _sql("INTEGER", "The sentence that states it.", ge=1)

    class Config:
        coerce = True


class Quantities(pa.DataFrameModel):
    """Numeric facts: a value, its unit and what it counts."""

    quantity_id: Series[str] = _sql("VARCHAR", "Stable id: hash of article and offsets.", unique=True)
    doc_id: Series[str] = _sql("VARCHAR", "The article (core.documents.doc_id).")
    sentence_no: Series[int] = _sql("INTEGER", "The sentence that states it.", ge=1)
    value: Series[float] = _sql("DOUBLE", "The number.")
    unit: Series[str] = _sql("VARCHAR", "people, troops, exercises, deputies, documents, RUB, years, ...", nullable=True)
    about: Series[str] = _sql("VARCHAR", "What is counted, in a few words.", nullable=True)
    qualifier: Series[str] = _sql("VARCHAR", "How the text bounds the number: about, over, more than, up to, at "
                                  "least, ...; NULL when exact.", nullable=True)
    quantity_text: Series[str] = _sql("VARCHAR", "The words that state the quantity.")
    char_start: Series[pd.Int64Dtype] = _sql("BIGINT", "Offset of the quantity's first character in the decoded file.",
                                             nullable=True)
    char_end: Series[pd.Int64Dtype] = _sql("BIGINT", "Offset after the quantity's last character.", nullable=True)

    class Config:
        coerce = True


class InterviewTurns(pa.DataFrameModel):
    """Each question of an interview with its answer."""

    doc_id: Series[str] = _sql("VARCHAR", "The interview article (core.documents.doc_id).")
    turn_no: Series[int] = _sql("INTEGER", "1-based number of the question in the interview.", ge=1)
    question: Series[str] = _sql("VARCHAR", "The interviewer's words, exactly as written.")
    answer: Series[str] = _sql("VARCHAR", "The interviewee's words, exactly as written.", nullable=True)
    interviewer_id: Series[str] = _sql("VARCHAR", "entity_id of the interviewer (person or outlet).", nullable=True)
    interviewee_id: Series[str] = _sql("VARCHAR", "entity_id of the interviewee.", nullable=True)
    char_start: Series[int] = _sql("BIGINT", "Offset where the question starts in the decoded file.", ge=0)
    char_end: Series[int] = _sql("BIGINT", "Offset where the answer ends in the decoded file.", ge=1)

    class Config:
        coerce = True
        unique = ["doc_id", "turn_no"]


class RejectedRows(pa.DataFrameModel):
    """Rows a Pandera check refused; they never reach core."""

    table_name: Series[str] = _sql("VARCHAR", "Table the row was meant for, e.g. core.documents.")
    check_name: Series[str] = _sql("VARCHAR", "The checks that failed, with the columns they looked at.")
    row_json: Series[str] = _sql("VARCHAR", "The offending row's values as JSON.")
    file_id: Series[str] = _sql("VARCHAR", "Source file of the row, when known.", nullable=True)
    doc_id: Series[str] = _sql("VARCHAR", "Article of the row, when known.", nullable=True)
    run_id: Series[str] = _sql("VARCHAR", "Dagster run that refused the row.")

    class Config:
        strict = True
        coerce = True


class Runs(pa.DataFrameModel):
    """One row per run that published the warehouse."""

    run_id: Series[str] = _sql("VARCHAR", "Dagster run id.", unique=True)
    started_at: Series[pd.Timestamp] = _sql("TIMESTAMP", "When the run started (UTC).")
    finished_at: Series[pd.Timestamp] = _sql("TIMESTAMP", "When the warehouse was published (UTC).")
    files_seen: Series[int] = _sql("INTEGER", "Files found under the raw folder.")
    files_loaded: Series[int] = _sql("INTEGER", "Files decoded and extracted.")
    files_quarantined: Series[int] = _sql("INTEGER", "Files refused, with their reasons in core.source_files.")
    files_duplicate: Series[int] = _sql("INTEGER", "Files whose content duplicates another file.")
    rows_rejected: Series[int] = _sql("INTEGER", "Rows refused by validation in this run (audit.rejected_rows).")
    rows_per_table: Series[str] = _sql("JSON", "Row count of every published table, as JSON.")
    raw_dir: Series[str] = _sql("VARCHAR", "The raw folder the run read.")
    pipeline_version: Series[str] = _sql("VARCHAR", "Version of the extraction code.")

    class Config:
        strict = True
        coerce = True


class Quality(pa.DataFrameModel):
    """Extraction quality of each run against the gold folders configured (assets/quality.py):
    one row per run, gold folder, table and metric, kept across runs."""

    run_id: Series[str] = _sql("VARCHAR", "Dagster run that published and scored the warehouse.")
    scored_at: Series[pd.Timestamp] = _sql("TIMESTAMP", "When the figures were computed (UTC).")
    gold: Series[str] = _sql("VARCHAR", "Name of the gold folder scored against, e.g. seeds.")
    gold_files: Series[int] = _sql("INTEGER", "Files of the gold folder that this warehouse holds (the ones scored).")
    scope: Series[str] = _sql("VARCHAR", "Fingerprint of those files' names: runs compare only within one scope.")
    table_name: Series[str] = _sql("VARCHAR", "Table family scored, e.g. entities, events, provenance.")
    metric: Series[str] = _sql("VARCHAR", "Metric of the project's evaluation command, e.g. f1, precision, invented_dates.")
    value: Series[float] = _sql("DOUBLE", "The figure; NULL when there was nothing to measure.", nullable=True)
    detail: Series[str] = _sql("VARCHAR", "Counts behind the figure, e.g. (159/169).", nullable=True)

    class Config:
        strict = True
        coerce = True


# Published tables, in load order, with the Pandera model of each
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "core.source_files": SourceFiles,
    "core.documents": Documents,
    "core.sentences": Sentences,
    "core.entities": Entities,
    "core.mentions": Mentions,
    "core.time_expressions": TimeExpressions,
    "core.events": Events,
    "core.positions": Positions,
    "core.memberships": Memberships,
    "core.quantities": Quantities,
    "core.interview_turns": InterviewTurns,
    "audit.rejected_rows": RejectedRows,
    "audit.runs": Runs,
    "audit.quality": Quality,
}


def columns_of(model: type[pa.DataFrameModel]) -> list[tuple[str, str, str]]:
    """(name, DuckDB type, description) of each column, in model order."""
    schema = model.to_schema()
    return [(name, (col.metadata or {}).get("sql", "VARCHAR"), col.description or "")
            for name, col in schema.columns.items()]


def table_description(model: type[pa.DataFrameModel]) -> str:
    return " ".join((model.__doc__ or "").split())

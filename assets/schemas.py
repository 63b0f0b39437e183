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


class Documents(pa.DataFrameModel):
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

    @pa.dataframe_check(description="char_start < char_end <= length of the decoded file")
    def offsets_inside_file(cls, df: pd.DataFrame) -> Series[bool]:
        inside = df["char_start"] < df["char_end"]
        if "_file_n_chars" in df:
            inside &= df["char_end"] <= df["_file_n_chars"]
        return inside

    @pa.dataframe_check(description="published_precision is set exactly when published_on is")
    def precision_with_date(cls, df: pd.DataFrame) -> Series[bool]:
        return df["published_on"].isna() == df["published_precision"].isna()

    class Config:
        coerce = True
        unique = ["file_id", "ordinal"]


class Sentences(pa.DataFrameModel):
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

    @pa.dataframe_check(description="char_start < char_end <= length of the decoded file")
    def offsets_inside_file(cls, df: pd.DataFrame) -> Series[bool]:
        inside = df["char_start"] < df["char_end"]
        if "_file_n_chars" in df:
            inside &= df["char_end"] <= df["_file_n_chars"]
        return inside

    class Config:
        coerce = True
        unique = ["doc_id", "sentence_no"]


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


# Published tables, in load order: (schema.table, model, description)
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "core.source_files": SourceFiles,
    "core.documents": Documents,
    "core.sentences": Sentences,
    "audit.rejected_rows": RejectedRows,
    "audit.runs": Runs,
}


def columns_of(model: type[pa.DataFrameModel]) -> list[tuple[str, str, str]]:
    """(name, DuckDB type, description) of each column, in model order."""
    schema = model.to_schema()
    return [(name, (col.metadata or {}).get("sql", "VARCHAR"), col.description or "")
            for name, col in schema.columns.items()]


def table_description(model: type[pa.DataFrameModel]) -> str:
    return " ".join((model.__doc__ or "").split())

"""Core layer: the articles inside each loaded file, with their header fields."""

import re

import dagster as dg
import pandas as pd

from assets.faults import crash_point
from assets.metadata import table_metadata
from assets.provenance import exact_spans_result
from assets.schemas import Documents
from assets.validation import Validated, validate
from textmine.articles import split_articles
from textmine.ids import stable_id

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


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
    columns = ["doc_id", "file_id", "ordinal", "title", "published_on", "published_precision", "outlet", "author",
               "genre", "char_start", "char_end", "n_words", "text", "_header_end", "_file_n_chars"]
    df = pd.DataFrame(rows, columns=columns)
    df["published_on"] = pd.to_datetime(df["published_on"])
    return df


@dg.asset(
    key=["core", "documents"],
    group_name="core",
    description="Articles found in each loaded file: title, publication date and its precision (only when "
                "the text states it), outlet, author, genre, and offsets into the decoded file.",
    kinds={"python", "pandas"},
    ins={"source_files": dg.AssetIn(key=["core", "source_files"])},
)
def documents(context: dg.AssetExecutionContext, source_files: Validated) -> Validated:
    candidates = extract_documents(source_files.table)
    crash_point("extraction")
    header_end = candidates.set_index("doc_id")["_header_end"] if len(candidates) else pd.Series(dtype=int)
    result = validate(candidates.drop(columns=["_header_end"]), Documents, "core.documents", context.run.run_id)
    result.table["_header_end"] = result.table["doc_id"].map(header_end).astype("Int64")
    table = result.table
    context.add_output_metadata({
        **table_metadata(table.drop(columns=["text", "_header_end"]), Documents, result.n_rejected),
        "by_genre": dg.MetadataValue.json(table["genre"].value_counts().to_dict()),
        "dated": int(table["published_on"].notna().sum()),
        "undated": int(table["published_on"].isna().sum()),
    })
    return result


@dg.asset_check(asset=["core", "documents"], description="Each article's text is exactly its span of the decoded file.",
                additional_ins={"source_files": dg.AssetIn(key=["core", "source_files"])}, blocking=True)
def documents_offsets_exact(documents: Validated, source_files: Validated) -> dg.AssetCheckResult:
    content = dict(zip(source_files.table["file_id"], source_files.table["content"]))
    return exact_spans_result(
        (d.doc_id, content[d.file_id], d.char_start, d.char_end, d.text, 0, len(content[d.file_id]))
        for d in documents.table[["doc_id", "file_id", "char_start", "char_end", "text"]].itertuples(index=False))

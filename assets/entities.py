"""Core layer: entities and their mentions.

The extraction itself is textmine.entities (Dagster-free); this asset only feeds it the
articles' sentences, validates both tables with their Pandera models and reports metadata.
"""

import sqlite3
from collections.abc import MutableMapping
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.metadata import table_metadata
from assets.ner_cache import NerCache
from assets.provenance import exact_spans_result
from assets.resources import WarehousePaths
from assets.schemas import Entities, Mentions
from assets.validation import Validated, validate
from textmine.entities import DocumentInput, SentenceRef, extract
from textmine.nlp import MODEL

def ner_cache_file(warehouse_dir: Path) -> Path:
    """One cache per model and version: a new model never reuses another's entities."""
    return warehouse_dir / ".cache" / f"ner-{MODEL}-{version(MODEL.replace('_', '-'))}.sqlite"


_INS = {"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
        "source_files": dg.AssetIn(key=["core", "source_files"])}
MENTION_COLUMNS = ["mention_id", "doc_id", "sentence_no", "char_start", "char_end", "surface", "entity_id"]
ENTITY_COLUMNS = ["entity_id", "name", "entity_type", "country_code", "aliases", "n_mentions", "n_documents"]
TOP_N = 15


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


def extract_tables(documents: pd.DataFrame, sentences: pd.DataFrame, files: pd.DataFrame,
                   ner_cache: MutableMapping[str, list] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mentions, entities) candidate tables, `_file_n_chars` added for the offset check."""
    docs = document_inputs(documents, sentences, files)
    result = extract(docs, ner_cache)
    n_chars = {d.doc_id: len(d.content) for d in docs}
    mentions = pd.DataFrame(result.mention_rows(), columns=MENTION_COLUMNS)
    mentions["_file_n_chars"] = mentions["doc_id"].map(n_chars)
    entities = pd.DataFrame(result.entity_rows(), columns=ENTITY_COLUMNS)
    return mentions, entities


def _entity_metadata(entities: pd.DataFrame) -> dict:
    top = entities.sort_values(["n_mentions", "name"], ascending=[False, True]).head(TOP_N)
    return {
        "by_type": dg.MetadataValue.json({k: int(v) for k, v in entities["entity_type"].value_counts().items()}),
        "top_entities": dg.MetadataValue.md(
            top[["name", "entity_type", "n_mentions", "n_documents"]].to_markdown(index=False)
            if len(top) else "_empty_"),
    }


@dg.multi_asset(
    outs={"mentions": dg.AssetOut(key=["core", "mentions"], group_name="core",
                                  description="Every place a text names an entity, with offsets."),
          "entities": dg.AssetOut(key=["core", "entities"], group_name="core",
                                  description="One canonical row per named thing, with its aliases.")},
    ins=_INS,
)
def entities_and_mentions(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Validated,
                          sentences: Validated, source_files: Validated):
    try:
        cache: NerCache | None = NerCache(ner_cache_file(paths.warehouse_path))
    except (OSError, sqlite3.Error) as error:  # a cache is an optimisation, never a reason to fail
        context.log.warning(f"no spaCy cache this run ({error}); every sentence is parsed")
        cache = None
    try:
        before = len(cache) if cache is not None else 0
        mentions, entities = extract_tables(documents.table, sentences.table, source_files.table, cache)
        parsed = len(cache._pending) if cache is not None else -1
    finally:
        if cache is not None:
            try:
                cache.close()
            except (OSError, sqlite3.Error) as error:
                context.log.warning(f"the spaCy cache could not be saved ({error}); the next run parses again")
    context.log.info(f"spaCy parsed {parsed} new sentences; the cache held {before} from earlier runs")
    run_id = context.run.run_id
    checked_mentions = validate(mentions, Mentions, "core.mentions", run_id)
    kept = set(checked_mentions.table["entity_id"])
    entities = entities[entities["entity_id"].isin(kept)]
    checked_entities = validate(entities, Entities, "core.entities", run_id)
    context.add_output_metadata({**table_metadata(checked_mentions.table, Mentions, checked_mentions.n_rejected),
                                 "sentences_parsed_by_spacy": parsed}, output_name="mentions")
    context.add_output_metadata({**table_metadata(checked_entities.table, Entities, checked_entities.n_rejected),
                                 **_entity_metadata(checked_entities.table)}, output_name="entities")
    return checked_mentions, checked_entities


@dg.asset_check(asset=["core", "mentions"], description="Each mention's surface is exactly its span of the decoded "
                "file and lies inside its sentence.", blocking=True,
                additional_ins={"source_files": dg.AssetIn(key=["core", "source_files"]),
                                "documents": dg.AssetIn(key=["core", "documents"]),
                                "sentences": dg.AssetIn(key=["core", "sentences"])})
def mentions_offsets_exact(mentions: Validated, documents: Validated, sentences: Validated,
                           source_files: Validated) -> dg.AssetCheckResult:
    content = dict(zip(source_files.table["file_id"], source_files.table["content"]))
    file_of = dict(zip(documents.table["doc_id"], documents.table["file_id"]))
    sents = sentences.table
    spans = dict(zip(zip(sents["doc_id"], sents["sentence_no"]), zip(sents["char_start"], sents["char_end"])))
    return exact_spans_result(
        (f"{m.doc_id}@{m.char_start}", content[file_of[m.doc_id]], m.char_start, m.char_end, m.surface,
         *spans[(m.doc_id, m.sentence_no)])
        for m in mentions.table[["doc_id", "sentence_no", "char_start", "char_end", "surface"]].itertuples(index=False))


@dg.asset_check(asset=["core", "mentions"], description="Every mention links to a published entity.",
                additional_ins={"entities": dg.AssetIn(key=["core", "entities"])})
def mentions_have_entities(mentions: Validated, entities: Validated) -> dg.AssetCheckResult:
    orphans = set(mentions.table["entity_id"]) - set(entities.table["entity_id"])
    return dg.AssetCheckResult(passed=not orphans, metadata={"orphans": len(orphans)})

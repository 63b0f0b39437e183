"""Core layer: entities and their mentions.

Each article's mentions are found per file (assets.extraction, cached by content hash);
this asset links them across the whole corpus (textmine.entities.extract.link: spellings of
one person, names of one body written two ways), validates both tables with their Pandera
models and reports metadata.
"""

from collections import Counter

import dagster as dg
import pandas as pd

from assets.extraction import load_table, of_kept_sentences
from assets.metadata import table_metadata
from assets.provenance import exact_spans_result
from assets.resources import WarehousePaths
from assets.schemas import Entities, Mentions
from assets.validation import Validated, validate
from assets.values import text_or_none
from textmine.entities import entity_id
from textmine.entities.extract import link_entries
from textmine.entities.gazetteer import Entry

_INS = {"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
        "source_files": dg.AssetIn(key=["core", "source_files"])}
MENTION_COLUMNS = ["mention_id", "doc_id", "sentence_no", "char_start", "char_end", "surface", "entity_id"]
ENTITY_COLUMNS = ["entity_id", "name", "entity_type", "country_code", "aliases", "n_mentions", "n_documents"]
TOP_N = 15


def link_tables(candidates: pd.DataFrame, n_chars: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mentions, entities) from every article's mention candidates, `_file_n_chars` added
    for the offset check. Linking runs once per distinct entry (textmine link_entries); the
    rows are then built column-wise, so a million mentions cost seconds, not minutes."""
    keys = list(zip(candidates["name"], candidates["entity_type"], candidates["country_code"].map(text_or_none),
                    candidates["person"].map(text_or_none)))
    counts = Counter((Entry(name, kind, code), person) for name, kind, code, person in keys)
    linked = link_entries(counts)
    ids = {key: entity_id(entry) for key, entry in linked.items()}
    mentions = pd.DataFrame({
        "mention_id": candidates["mention_id"].to_numpy(),
        "doc_id": candidates["doc_id"].to_numpy(), "sentence_no": candidates["sentence_no"].to_numpy(),
        "char_start": candidates["char_start"].to_numpy(), "char_end": candidates["char_end"].to_numpy(),
        "surface": candidates["surface"].to_numpy(),
        "entity_id": [ids[(Entry(n, k, c), p)] for n, k, c, p in keys]}, columns=MENTION_COLUMNS)
    mentions["_file_n_chars"] = mentions["doc_id"].map(n_chars)
    entries = {ids[key]: entry for key, entry in linked.items()}
    alias = mentions["surface"].str.split().str.join(" ")
    grouped = pd.DataFrame({"entity_id": mentions["entity_id"], "alias": alias,
                            "doc_id": mentions["doc_id"]}).groupby("entity_id", sort=False)
    aliases = grouped["alias"].agg(lambda forms: sorted(set(forms)))
    entities = pd.DataFrame({
        "entity_id": aliases.index,
        "name": [entries[e].name for e in aliases.index],
        "entity_type": [entries[e].entity_type for e in aliases.index],
        "country_code": [entries[e].country_code for e in aliases.index],
        "aliases": aliases.to_numpy(),
        "n_mentions": grouped.size().reindex(aliases.index).to_numpy(),
        "n_documents": grouped["doc_id"].nunique().reindex(aliases.index).to_numpy()}, columns=ENTITY_COLUMNS)
    entities = entities.sort_values(["entity_type", "name"], kind="stable").reset_index(drop=True)
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
    candidates = load_table(paths, source_files.table, "mention_candidates", context.log.warning)
    docs = documents.table
    candidates = of_kept_sentences(candidates, sentences.table)
    n_chars = dict(zip(docs["doc_id"], docs["file_id"].map(source_files.table.set_index("file_id")["n_chars"])))
    mentions, entities = link_tables(candidates, n_chars)
    run_id = context.run.run_id
    checked_mentions = validate(mentions, Mentions, "core.mentions", run_id)
    kept = set(checked_mentions.table["entity_id"])
    entities = entities[entities["entity_id"].isin(kept)]
    checked_entities = validate(entities, Entities, "core.entities", run_id)
    context.add_output_metadata({**table_metadata(checked_mentions.table, Mentions, checked_mentions.n_rejected)},
                                output_name="mentions")
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

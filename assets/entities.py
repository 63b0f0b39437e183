"""Core layer: entities and their mentions.

Each article's mentions are found per file (assets.extraction, cached by content hash);
this asset links them across the whole corpus (textmine.entities.extract.link: spellings of
one person, names of one body written two ways), validates both tables with their Pandera
models and reports metadata.
"""

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.extraction import Extracted, of_kept_sentences
from assets.metadata import parted_metadata, table_metadata
from storage.parquet_files import read_frame, write_once
from storage.memo import digest
from storage.parts import Parted, PartMemo, parts_writer, work_root, n_outside
from assets.provenance import exact_spans_by_part
from assets.resources import WarehousePaths
from assets.reuse import part_key, reused_check, reused_when_unchanged
from assets.schemas import Entities, Mentions
from assets.validation import Validated, validate
from assets.values import text_or_none
from textmine.entities import entity_id
from textmine.entities.extract import link_entries
from textmine.entities.gazetteer import Entry
from textmine.entity_ids import identity_entries
from textmine.extract import local_entity_id

_INS = {"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
        "source_files": dg.AssetIn(key=["core", "source_files"])}
MENTION_COLUMNS = ["mention_id", "doc_id", "sentence_no", "char_start", "char_end", "surface", "entity_id"]
ENTITY_COLUMNS = ["entity_id", "name", "entity_type", "country_code", "aliases", "n_mentions", "n_documents"]
TOP_N = 15
LOCAL_IDS = "local_ids.parquet"  # beside core.mentions' parts


EntityKey = tuple[str, str, str | None, str | None]  # name, type, country code, person of a candidate


def entity_keys(candidates: pd.DataFrame) -> list[EntityKey]:
    """What linking decides an entity for, per mention candidate (plain tuples: a million
    of them are counted in a second)."""
    return list(zip(candidates["name"], candidates["entity_type"], candidates["country_code"].map(text_or_none),
                    candidates["person"].map(text_or_none)))


def link_keys(counts: Counter) -> tuple[dict[EntityKey, str], dict[str, Entry]]:
    """entity_id of every key seen in the corpus, and the entry of every id. Linking runs
    once per distinct key (textmine link_entries), so its cost follows the number of
    names, not of mentions."""
    entries: Counter = Counter()
    for (name, kind, code, person), n in counts.items():
        entries[(Entry(name, kind, code), person)] += n
    linked = link_entries(entries)
    identity = identity_entries(linked)  # an id that does not move when counts tip (textmine.entity_ids)
    ids = {key: entity_id(identity[entry]) for key, entry in linked.items()}
    return ({key: ids[(Entry(key[0], key[1], key[2]), key[3])] for key in counts},
            {ids[key]: entry for key, entry in linked.items()})


def mention_rows(candidates: pd.DataFrame, ids: dict[EntityKey, str], n_chars: dict[str, int]) -> pd.DataFrame:
    """Rows of core.mentions (with `_file_n_chars` for the offset check), built column-wise."""
    mentions = pd.DataFrame({
        "mention_id": candidates["mention_id"].to_numpy(),
        "doc_id": candidates["doc_id"].to_numpy(), "sentence_no": candidates["sentence_no"].to_numpy(),
        "char_start": candidates["char_start"].to_numpy(), "char_end": candidates["char_end"].to_numpy(),
        "surface": candidates["surface"].to_numpy(),
        "entity_id": [ids[key] for key in entity_keys(candidates)]}, columns=MENTION_COLUMNS)
    mentions["_file_n_chars"] = mentions["doc_id"].map(n_chars)
    return mentions


def tally_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """A batch's mentions as EntityTally counts them: per entity and alias (the surface with
    its white space made single spaces), the mentions, and the entity's articles on one of
    its rows (an article lies in one batch, so these add up across batches)."""
    pairs = pd.DataFrame({"entity_id": mentions["entity_id"],
                          "alias": mentions["surface"].str.split().str.join(" ")})
    summary = pairs.groupby(["entity_id", "alias"], sort=True).size().rename("n_mentions").reset_index()
    documents = mentions.drop_duplicates(["entity_id", "doc_id"])["entity_id"].value_counts()
    first = ~summary["entity_id"].duplicated()
    summary["n_documents"] = summary["entity_id"].map(documents).where(first, 0).astype("int64")
    return summary.astype({"entity_id": "object", "alias": "object", "n_mentions": "int64"})


class EntityTally:
    """Aliases, mentions and articles of each entity, summed over the batches of files
    (an article lies in one batch, so its count adds up)."""

    def __init__(self) -> None:
        self.aliases: dict[str, set[str]] = {}
        self.n_mentions: Counter = Counter()
        self.n_documents: Counter = Counter()

    def add(self, mentions: pd.DataFrame) -> None:
        self.add_summary(tally_summary(mentions))

    def add_summary(self, summary: pd.DataFrame) -> None:
        """Add a batch's tally_summary (perhaps kept from an earlier run)."""
        for entity, form, n, docs in zip(summary["entity_id"], summary["alias"], summary["n_mentions"].tolist(),
                                         summary["n_documents"].tolist()):
            self.aliases.setdefault(entity, set()).add(form)
            self.n_mentions[entity] += n
            self.n_documents[entity] += docs

    def entities(self, entries: dict[str, Entry]) -> pd.DataFrame:
        """One row per entity that has a mention, sorted by type and name."""
        ids = list(self.aliases)
        entities = pd.DataFrame({
            "entity_id": ids,
            "name": [entries[e].name for e in ids],
            "entity_type": [entries[e].entity_type for e in ids],
            "country_code": [entries[e].country_code for e in ids],
            "aliases": [sorted(self.aliases[e]) for e in ids],
            "n_mentions": [self.n_mentions[e] for e in ids],
            "n_documents": [self.n_documents[e] for e in ids]}, columns=ENTITY_COLUMNS)
        return entities.sort_values(["entity_type", "name"], kind="stable").reset_index(drop=True)


def local_ids(candidates: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """(local_id, entity_id): the corpus-wide id of each candidate's local entity id (the
    first linked mention of the batch wins; across batches, the first batch), for
    core.events, whose per-file rows name entities by local id."""
    linked = dict(zip(zip(mentions["doc_id"], mentions["char_start"], mentions["char_end"]), mentions["entity_id"]))
    mapping: dict[str, str] = {}
    for doc_id, start, end, name, kind, code in zip(candidates["doc_id"], candidates["char_start"],
                                                    candidates["char_end"], candidates["name"],
                                                    candidates["entity_type"], candidates["country_code"]):
        target = linked.get((doc_id, start, end))
        if target is not None:
            mapping.setdefault(local_entity_id(name, kind, text_or_none(code)), target)
    return pd.DataFrame({"local_id": list(mapping), "entity_id": list(mapping.values())}, dtype="object")


def name_counts(candidates: pd.DataFrame) -> pd.DataFrame:
    """The distinct entity keys of a batch's kept mention candidates with how often each
    occurs: what linking reads of the batch (memoised per batch, PartMemo)."""
    counts = Counter(entity_keys(candidates))
    keys = list(counts)
    return pd.DataFrame({"name": [k[0] for k in keys], "entity_type": [k[1] for k in keys],
                         "country_code": [k[2] for k in keys], "person": [k[3] for k in keys],
                         "n": [counts[k] for k in keys]}).astype(
        {"name": "object", "entity_type": "object", "country_code": "object", "person": "object", "n": "int64"})


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
@reused_when_unchanged
def entities_and_mentions(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Parted,
                          sentences: Parted, source_files: Validated):
    files = source_files.table
    n_chars_of_file = files.set_index("file_id")["n_chars"]
    run_id, root = context.run.run_id, work_root(paths.warehouse_path)
    names_memo, local_memo = PartMemo(root, "core.mentions.names"), PartMemo(root, "core.mentions.local_ids")
    tally_memo = PartMemo(root, "core.entities.tally")
    with Extracted(paths, files, context.log.warning, "core.mentions") as extracted:
        # pass 1: every distinct name of the corpus, to link them together (each batch's
        # names are kept by what they come from: a batch whose files did not change is not read)
        counts: Counter = Counter()
        names_keys = [part_key("core.mentions names", batch, sentences.part_key(k))
                      for k, batch in enumerate(extracted.batches)]
        for k, batch in enumerate(extracted.batches):
            names = names_memo.get(names_keys[k])
            if names is None:
                kept = of_kept_sentences(extracted.rows("mention_candidates", batch), sentences.part_for(k, batch))
                names = names_memo.put(names_keys[k], name_counts(kept))
            for key, n in zip(entity_keys(names), names["n"].tolist()):
                counts[key] += n
        ids, entries = link_keys(counts)
        del counts
        tally, local = EntityTally(), []
        with parts_writer(root, "core.mentions", MENTION_COLUMNS) as writer:  # pass 2: the rows
            for k, batch in enumerate(extracted.batches):
                names = names_memo.get(names_keys[k])
                linked = None if names is None else digest([ids[key] for key in entity_keys(names)])
                key = part_key("core.mentions", batch, sentences.part_key(k), documents.part_key(k), linked)
                mentions, candidates = writer.reuse(key, batch, []), None
                if mentions is None:
                    docs = documents.part_for(k, batch)
                    n_chars = dict(zip(docs["doc_id"], docs["file_id"].map(n_chars_of_file)))
                    candidates = extracted.rows("mention_candidates", batch)
                    kept = of_kept_sentences(candidates, sentences.part_for(k, batch))
                    mentions = writer.write(validate(mention_rows(kept, ids, n_chars), Mentions, "core.mentions",
                                                     run_id), batch, key)
                found, summary = local_memo.get(key), tally_memo.get(key)
                if (found is None or summary is None) and "entity_id" not in mentions:  # reused: its rows
                    mentions = writer.last_part()
                if found is None:
                    if candidates is None:
                        candidates = extracted.rows("mention_candidates", batch)
                    found = local_memo.put(key, local_ids(candidates, mentions))
                local.append(found)
                tally.add_summary(summary if summary is not None else tally_memo.put(key, tally_summary(mentions)))
            mapping = (pd.concat(local, ignore_index=True).drop_duplicates("local_id") if local
                       else pd.DataFrame({"local_id": [], "entity_id": []}, dtype="object"))
            write_once(mapping.reset_index(drop=True), writer.folder / LOCAL_IDS)
            del local, mapping
            mentions_table = writer.finish()
    for memo in (names_memo, local_memo, tally_memo):
        memo.keep_only()
    checked = validate(tally.entities(entries), Entities, "core.entities", run_id)
    with parts_writer(root, "core.entities", ENTITY_COLUMNS, per_file=False) as entity_writer:
        entity_writer.write(checked)
        entities_table = entity_writer.finish()
    context.add_output_metadata({**parted_metadata(writer, Mentions), "parts_reused": writer.n_reused},
                                output_name="mentions")
    context.add_output_metadata({**table_metadata(checked.table, Entities, checked.n_rejected),
                                 **_entity_metadata(checked.table)}, output_name="entities")
    return mentions_table, entities_table


def local_id_map(mentions: Parted, wanted: Iterable[str] | None = None) -> dict[str, str]:
    """Local entity id (per-file rows) -> corpus-wide entity_id, as core.mentions linked them:
    of the ids `wanted` only, when given. A step that maps a batch of rows at a time asks for
    that batch's ids: the whole map holds every distinct name of the corpus (hundreds of
    thousands at 10,000 files, about a hundred MB as a dict)."""
    if wanted is not None:
        wanted = sorted(set(wanted))
        if not wanted:
            return {}
    table = read_frame(Path(mentions.folder) / LOCAL_IDS, filters=None if wanted is None else [("local_id", "in", wanted)])
    return dict(zip(table["local_id"], table["entity_id"]))


def local_ids_of(rows: pd.DataFrame, list_columns: Iterable[str] = (), columns: Iterable[str] = ()) -> set[str]:
    """The local entity ids a batch of per-file rows names: in its list columns (participants;
    a description such as "=rapid reaction force" in objects is no id) and its id columns."""
    found = {i for column in list_columns for ids in rows[column] for i in ids if not i.startswith("=")}
    found.update(i for column in columns for i in rows[column] if isinstance(i, str))
    return found


@dg.asset_check(asset=["core", "mentions"], description="Each mention's surface is exactly its span of the decoded "
                "file and lies inside its sentence.", blocking=True,
                additional_ins={"source_files": dg.AssetIn(key=["core", "source_files"]),
                                "documents": dg.AssetIn(key=["core", "documents"]),
                                "sentences": dg.AssetIn(key=["core", "sentences"])})
@reused_check
def mentions_offsets_exact(context: dg.AssetCheckExecutionContext, paths: WarehousePaths, mentions: Parted,
                           documents: Parted, sentences: Parted, source_files: Validated) -> dg.AssetCheckResult:
    def spans(k: int, batch: pd.DataFrame):
        content = extracted.texts(batch)
        docs = documents.part_for(k, batch)
        file_of = dict(zip(docs["doc_id"], docs["file_id"]))
        sents = sentences.part_for(k, batch)
        inside = dict(zip(zip(sents["doc_id"], sents["sentence_no"]), zip(sents["char_start"], sents["char_end"])))
        for m in mentions.part_for(k, batch)[["doc_id", "sentence_no", "char_start", "char_end", "surface"]
                                             ].itertuples(index=False):
            label, sentence = f"{m.doc_id}@{m.char_start}", inside.get((m.doc_id, m.sentence_no))
            if sentence is None or m.doc_id not in file_of:
                yield label, "", 0, 1, m.surface, 0, 0  # no sentence to lie in: a mismatch
                continue
            yield label, content[file_of[m.doc_id]], m.char_start, m.char_end, m.surface, *sentence

    with Extracted(paths, source_files.table, context.log.warning) as extracted:
        return exact_spans_by_part(
            PartMemo(work_root(paths.warehouse_path), "checks.mentions_offsets_exact"), extracted.batches,
            lambda k, batch: part_key("mentions_offsets_exact", batch, mentions.part_key(k), sentences.part_key(k),
                                      documents.part_key(k)), spans)


@dg.asset_check(asset=["core", "mentions"], description="Every mention links to a published entity.",
                additional_ins={"entities": dg.AssetIn(key=["core", "entities"])})
@reused_check
def mentions_have_entities(mentions: Parted, entities: Parted) -> dg.AssetCheckResult:
    known = entities.ids("entity_id")
    orphans = n_outside(mentions.ids("entity_id"), known)  # distinct ids
    return dg.AssetCheckResult(passed=not orphans, metadata={"orphans": orphans})

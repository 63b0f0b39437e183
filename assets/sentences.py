"""Core layer: paragraphs and sentences of every article, with exact offsets."""

from collections import Counter

import dagster as dg
import pandas as pd

from assets.extraction import Extracted
from assets.metadata import parted_metadata
from storage.parts import Parted, PartMemo, parts_writer, work_root, n_outside
from assets.provenance import exact_spans_by_part
from assets.resources import WarehousePaths
from assets.reuse import part_key, reused_check, reused_when_unchanged
from assets.schemas import Sentences
from assets.validation import Validated, validate

COLUMNS = list(Sentences.to_schema().columns)


@dg.asset(
    key=["core", "sentences"],
    group_name="core",
    description="Sentences of every article with paragraph numbers and offsets into the decoded file; lines "
                "broken mid-sentence are joined; interview paragraphs carry the speaker's role.",
    kinds={"python", "pandas"},
    ins={"documents": dg.AssetIn(key=["core", "documents"]), "source_files": dg.AssetIn(key=["core", "source_files"])},
)
@reused_when_unchanged
def sentences(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Parted,
              source_files: Validated) -> Parted:
    roles: Counter = Counter()
    with Extracted(paths, source_files.table, context.log.warning, "core.sentences") as extracted, \
            parts_writer(work_root(paths.warehouse_path), "core.sentences", COLUMNS) as writer:
        for k, batch in enumerate(extracted.batches):
            key = part_key("core.sentences", batch, documents.part_key(k))
            table = writer.reuse(key, batch, ["speaker_role"])
            if table is None:
                kept = documents.part_for(k, batch)["doc_id"]
                candidates = extracted.rows("sentences", batch)
                candidates = candidates[candidates["doc_id"].isin(kept)]  # not of a refused article
                table = writer.write(validate(candidates, Sentences, "core.sentences", context.run.run_id), batch, key)
            roles.update(table["speaker_role"].fillna("none"))
        result = writer.finish()
    context.add_output_metadata({
        **parted_metadata(writer, Sentences),
        "by_speaker_role": dg.MetadataValue.json(dict(roles.most_common())),
        "parts_reused": writer.n_reused,
    })
    return result


@dg.asset_check(asset=["core", "sentences"], description="Each sentence's text is exactly its span of the decoded file, "
                "and lies inside its article.", blocking=True,
                additional_ins={"source_files": dg.AssetIn(key=["core", "source_files"]),
                                "documents": dg.AssetIn(key=["core", "documents"])})
@reused_check
def sentences_offsets_exact(context: dg.AssetCheckExecutionContext, paths: WarehousePaths, sentences: Parted,
                            documents: Parted, source_files: Validated) -> dg.AssetCheckResult:
    def spans(k: int, batch: pd.DataFrame):
        content = extracted.texts(batch)
        docs = {d["doc_id"]: d for d in documents.part_for(k, batch)[
            ["doc_id", "file_id", "char_start", "char_end"]].to_dict("records")}
        for s in sentences.part_for(k, batch)[["doc_id", "sentence_no", "char_start", "char_end", "text"]
                                              ].itertuples(index=False):
            doc = docs.get(s.doc_id)
            if doc is None:  # an orphan: sentences_have_documents reports it
                yield f"{s.doc_id}#{s.sentence_no}", "", 0, 1, s.text, 0, 0
                continue
            yield (f"{s.doc_id}#{s.sentence_no}", content[doc["file_id"]], s.char_start, s.char_end, s.text,
                   doc["char_start"], doc["char_end"])

    with Extracted(paths, source_files.table, context.log.warning) as extracted:
        return exact_spans_by_part(
            PartMemo(work_root(paths.warehouse_path), "checks.sentences_offsets_exact"), extracted.batches,
            lambda k, batch: part_key("sentences_offsets_exact", batch, sentences.part_key(k), documents.part_key(k)),
            spans)


@dg.asset_check(asset=["core", "sentences"], description="Every sentence belongs to a published article (no orphans).",
                additional_ins={"documents": dg.AssetIn(key=["core", "documents"])})
@reused_check
def sentences_have_documents(sentences: Parted, documents: Parted) -> dg.AssetCheckResult:
    known = documents.ids("doc_id")
    orphans = n_outside(sentences.ids("doc_id"), known)  # distinct ids
    return dg.AssetCheckResult(passed=not orphans, metadata={"orphans": orphans})

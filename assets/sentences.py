"""Core layer: paragraphs and sentences of every article, with exact offsets."""

import dagster as dg

from assets.extraction import load_table
from assets.metadata import table_metadata
from assets.provenance import exact_spans_result
from assets.resources import WarehousePaths
from assets.schemas import Sentences
from assets.validation import Validated, validate


@dg.asset(
    key=["core", "sentences"],
    group_name="core",
    description="Sentences of every article with paragraph numbers and offsets into the decoded file; lines "
                "broken mid-sentence are joined; interview paragraphs carry the speaker's role.",
    kinds={"python", "pandas"},
    ins={"documents": dg.AssetIn(key=["core", "documents"]), "source_files": dg.AssetIn(key=["core", "source_files"])},
)
def sentences(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Validated,
              source_files: Validated) -> Validated:
    candidates = load_table(paths, source_files.table, "sentences", context.log.warning)
    candidates = candidates[candidates["doc_id"].isin(documents.table["doc_id"])]  # not of a refused article
    result = validate(candidates, Sentences, "core.sentences", context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, Sentences, result.n_rejected),
        "by_speaker_role": dg.MetadataValue.json(table["speaker_role"].fillna("none").value_counts().to_dict()),
    })
    return result


@dg.asset_check(asset=["core", "sentences"], description="Each sentence's text is exactly its span of the decoded file, "
                "and lies inside its article.", blocking=True,
                additional_ins={"source_files": dg.AssetIn(key=["core", "source_files"]),
                                "documents": dg.AssetIn(key=["core", "documents"])})
def sentences_offsets_exact(sentences: Validated, documents: Validated, source_files: Validated) -> dg.AssetCheckResult:
    content = dict(zip(source_files.table["file_id"], source_files.table["content"]))
    docs = {d["doc_id"]: d for d in documents.table[["doc_id", "file_id", "char_start", "char_end"]].to_dict("records")}
    return exact_spans_result(
        (f"{s.doc_id}#{s.sentence_no}", content[docs[s.doc_id]["file_id"]], s.char_start, s.char_end, s.text,
         docs[s.doc_id]["char_start"], docs[s.doc_id]["char_end"])
        for s in sentences.table[["doc_id", "sentence_no", "char_start", "char_end", "text"]].itertuples(index=False))


@dg.asset_check(asset=["core", "sentences"], description="Every sentence belongs to a published article (no orphans).",
                additional_ins={"documents": dg.AssetIn(key=["core", "documents"])})
def sentences_have_documents(sentences: Validated, documents: Validated) -> dg.AssetCheckResult:
    orphans = set(sentences.table["doc_id"]) - set(documents.table["doc_id"])
    return dg.AssetCheckResult(passed=not orphans, metadata={"orphans": len(orphans)})

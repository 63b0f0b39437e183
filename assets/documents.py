"""Core layer: the articles inside each loaded file, with their header fields."""

import dagster as dg

from assets.extraction import BUCKET_KEYS, forget_removed_files, load_table
from assets.faults import crash_point
from assets.metadata import table_metadata
from assets.provenance import exact_spans_result
from assets.schemas import Documents
from assets.resources import WarehousePaths
from assets.validation import Validated, validate

@dg.asset(
    key=["core", "documents"],
    group_name="core",
    description="Articles found in each loaded file: title, publication date and its precision (only when "
                "the text states it), outlet, author, genre, and offsets into the decoded file.",
    kinds={"python", "pandas"},
    ins={"source_files": dg.AssetIn(key=["core", "source_files"])},
    deps=BUCKET_KEYS,
)
def documents(context: dg.AssetExecutionContext, paths: WarehousePaths, source_files: Validated) -> Validated:
    files = source_files.table
    candidates = load_table(paths, files, "documents", context.log.warning)
    forgotten = forget_removed_files(paths, files, context.log.warning)
    crash_point("extraction")
    # a renamed file keeps its articles (same content, same doc_ids) under its new file_id
    loaded = files[files["status"] == "loaded"]  # loaded files have distinct content
    candidates["file_id"] = candidates["_sha256"].map(loaded.set_index("sha256")["file_id"])
    result = validate(candidates.drop(columns=["_header_end"]), Documents, "core.documents", context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table.drop(columns=["text"]), Documents, result.n_rejected),
        "by_genre": dg.MetadataValue.json(table["genre"].value_counts().to_dict()),
        "dated": int(table["published_on"].notna().sum()),
        "files_forgotten_by_extraction_store": forgotten,
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

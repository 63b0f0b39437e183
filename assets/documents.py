"""Core layer: the articles inside each loaded file, with their header fields."""

from collections import Counter

import dagster as dg
import pandas as pd

from assets.extraction import EXTRACTION_KEY, Extracted, forget_removed_files
from assets.faults import crash_point
from assets.metadata import parted_metadata
from storage.parts import Parted, PartMemo, parts_writer, work_root
from assets.provenance import exact_spans_by_part
from assets.schemas import Documents
from assets.resources import WarehousePaths
from assets.reuse import part_key, reused_check, reused_when_unchanged, store_generation
from assets.validation import Validated, validate

COLUMNS = list(Documents.to_schema().columns)


@dg.asset(
    key=["core", "documents"],
    group_name="core",
    description="Articles found in each loaded file: title, publication date and its precision (only when "
                "the text states it), outlet, author, genre, and offsets into the decoded file.",
    kinds={"python", "pandas"},
    ins={"source_files": dg.AssetIn(key=["core", "source_files"])},
    deps=[EXTRACTION_KEY],
)
@reused_when_unchanged
def documents(context: dg.AssetExecutionContext, paths: WarehousePaths, source_files: Validated) -> Parted:
    files = source_files.table
    forgotten = forget_removed_files(paths, files, context.log.warning)
    # a renamed file keeps its articles (same content, same doc_ids) under its new file_id
    file_id = files[files["status"] == "loaded"].set_index("sha256")["file_id"]  # loaded files differ in content
    genres: Counter = Counter()
    dated = 0
    with Extracted(paths, files, context.log.warning, "core.documents") as extracted, \
            parts_writer(work_root(paths.warehouse_path), "core.documents", COLUMNS) as writer:
        crash_point("extraction")
        for batch in extracted.batches:
            # every part key derives from this one, which names the extraction store its rows
            # come from: a store deleted and filled again rebuilds every part (as it does every step)
            key = part_key("core.documents", batch, store_generation(paths.warehouse_path))
            table = writer.reuse(key, batch, ["genre", "published_on"])
            if table is None:
                candidates = extracted.rows("documents", batch)
                candidates["file_id"] = candidates["_sha256"].map(file_id)
                table = writer.write(validate(candidates.drop(columns=["_header_end"]), Documents, "core.documents",
                                              context.run.run_id), batch, key)
            genres.update(table["genre"])
            dated += int(table["published_on"].notna().sum())
        result = writer.finish()
        context.add_output_metadata({
            **parted_metadata(writer, Documents, drop=("text",)),
            "by_genre": dg.MetadataValue.json(dict(genres.most_common())),
            "dated": dated,
            "files_forgotten_by_extraction_store": forgotten,
            "undated": writer.n_rows - dated,
            "parts_reused": writer.n_reused,
        })
    return result


@dg.asset_check(asset=["core", "documents"], description="Each article's text is exactly its span of the decoded file.",
                additional_ins={"source_files": dg.AssetIn(key=["core", "source_files"])}, blocking=True)
@reused_check
def documents_offsets_exact(context: dg.AssetCheckExecutionContext, paths: WarehousePaths, documents: Parted,
                            source_files: Validated) -> dg.AssetCheckResult:
    def spans(k: int, batch: pd.DataFrame):
        content = extracted.texts(batch)
        for d in documents.part_for(k, batch)[["doc_id", "file_id", "char_start", "char_end", "text"]].itertuples(
                index=False):
            yield d.doc_id, content[d.file_id], d.char_start, d.char_end, d.text, 0, len(content[d.file_id])

    with Extracted(paths, source_files.table, context.log.warning) as extracted:
        return exact_spans_by_part(
            PartMemo(work_root(paths.warehouse_path), "checks.documents_offsets_exact"), extracted.batches,
            lambda k, batch: part_key("documents_offsets_exact", batch, documents.part_key(k)), spans)

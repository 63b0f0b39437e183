"""Core layer: time expressions and dated events.

The text work lives in textmine (timex: finding and resolving dates; events: typing and
participants); this module only turns tables into rows, validates them and reports."""

from collections import Counter

from pathlib import Path

import dagster as dg
import pandas as pd

from assets.entities import local_id_map, local_ids_of
from assets.extraction import Extracted, of_kept_sentences
from assets.happenings import HappeningMerge, report_rows
from assets.metadata import parted_metadata
from storage.memo import digest
from storage.parts import Parted, PartMemo, parts_writer, work_root, n_outside
from assets.resources import WarehousePaths
from assets.reuse import code_version, part_key, reused_check, reused_when_unchanged
from assets.schemas import Events, TimeExpressions
from assets.validation import Validated, validate
from assets.values import day_or_none, text_or_none
from textmine.events import DetectedEvent, EventCandidate, drop_repeats
from textmine.happenings import happening_ids, object_kinds
from textmine.timex import Timex

EVENT_COLUMNS = list(Events.to_schema().columns)
TIMEX_COLUMNS = list(TimeExpressions.to_schema().columns)


def event_candidates(rows: pd.DataFrame, mapping: dict[str, str], light: bool = False) -> list[EventCandidate]:
    """The per-file event rows with corpus-wide entity ids. `light` leaves out the texts
    (sentence, date phrase), which the merge of happenings never reads."""
    candidates: list[EventCandidate] = []
    for r in rows.itertuples(index=False):
        participants = tuple(dict.fromkeys(mapping[p] for p in r.participants if p in mapping))
        timex = Timex(int(r.timex_start), int(r.timex_end), "" if light else r.timex_text, r.timex_kind,
                      day_or_none(r.date_start), day_or_none(r.date_end), text_or_none(r.date_precision),
                      bool(r.is_relative), text_or_none(r.anchor))
        # what the act befalls: entity ids as participants are mapped, descriptions ("=words") as they are
        objects = tuple(dict.fromkeys(o if o.startswith("=") else mapping[o] for o in r.objects
                                      if o.startswith("=") or o in mapping))
        event = DetectedEvent(r.event_type, timex, participants, mapping.get(text_or_none(r.location_id) or ""),
                              "" if light else r.sentence, int(r.ordinal), objects=objects)
        candidates.append(EventCandidate(r.doc_id, int(r.sentence_no), event))
    return candidates


def event_rows(candidates: list[EventCandidate], happening: dict) -> pd.DataFrame:
    """Rows of core.events of candidates already freed of repeats."""
    out = []
    for c in candidates:
        ev = c.event
        out.append(dict(
            event_id=c.event_id,
            doc_id=c.doc_id, sentence_no=c.sentence_no, event_type=ev.event_type,
            date_start=pd.Timestamp(ev.timex.date_start) if ev.timex.date_start else pd.NaT,
            date_end=pd.Timestamp(ev.timex.date_end) if ev.timex.date_end else pd.NaT,
            date_precision=ev.timex.precision, date_text=ev.timex.text,
            date_is_relative=ev.timex.is_relative, participants=list(ev.participants),
            location_id=ev.location_id, summary=ev.sentence, happening_id=happening[c.key]))
    df = pd.DataFrame(out, columns=EVENT_COLUMNS)
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col])
    return df


def entity_kinds(entities: pd.DataFrame) -> dict[str, int]:
    """Entities that name the object of a happening (exercises, operations, documents,
    forces), by how telling they are: textmine.happenings.object_match."""
    return object_kinds(zip(entities["entity_id"], entities["entity_type"]))


def extract_events(rows: pd.DataFrame, mapping: dict[str, str], entities: pd.DataFrame) -> pd.DataFrame:
    """One row per happening: the per-file event candidates with corpus-wide entity ids, a
    repeat inside an article dropped, reports of one happening across articles merged.
    (The asset does the same in batches of files.)"""
    candidates = drop_repeats(event_candidates(rows, mapping))
    return event_rows(candidates, happening_ids(candidates, entity_kinds(entities)))


def _markdown_counts(counts: Counter, label: str) -> str:
    lines = [f"| {label} | events | |", "|---|---:|---|"]
    top = max(counts.values(), default=1)
    for key in sorted(counts):
        lines.append(f"| {key} | {counts[key]} | {'█' * max(1, round(20 * counts[key] / top))} |")
    return "\n".join(lines)


@dg.asset(key=["core", "time_expressions"], group_name="core", kinds={"python", "pandas"},
          description="Every time expression (dates, times, durations, sets) with its resolved date range; "
                      "relative ones are resolved against the article's own date or an earlier date in "
                      "the text, never guessed.",
          ins={"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
               "source_files": dg.AssetIn(key=["core", "source_files"])})
@reused_when_unchanged
def time_expressions(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Parted,
                     sentences: Parted, source_files: Validated) -> Parted:
    kinds: Counter = Counter()
    resolved = unresolved_relative = 0
    with Extracted(paths, source_files.table, context.log.warning, "core.time_expressions") as extracted, \
            parts_writer(work_root(paths.warehouse_path), "core.time_expressions", TIMEX_COLUMNS) as writer:
        for k, batch in enumerate(extracted.batches):
            key = part_key("core.time_expressions", batch, documents.part_key(k))
            table = writer.reuse(key, batch, ["kind", "date_start", "is_relative"])
            if table is None:
                candidates = extracted.rows("time_expressions", batch)
                candidates = candidates[candidates["doc_id"].isin(documents.part_for(k, batch)["doc_id"])]
                table = writer.write(validate(candidates, TimeExpressions, "core.time_expressions",
                                              context.run.run_id), batch, key)
            kinds.update(table["kind"])
            resolved += int(table["date_start"].notna().sum())
            unresolved_relative += int((table["date_start"].isna() & table["is_relative"]).sum())
        result = writer.finish()
    context.add_output_metadata({
        **parted_metadata(writer, TimeExpressions),
        "by_kind": dg.MetadataValue.json(dict(kinds.most_common())),
        "resolved": resolved,
        "unresolved_relative": unresolved_relative,
        "parts_reused": writer.n_reused,
    })
    return result


@dg.asset(key=["core", "events"], group_name="core", kinds={"python", "pandas"},
          description="Every dated happening with type, participants (entity ids) and its sentence; "
                      "events whose relative date has no anchor keep NULL dates.",
          ins={"mentions": dg.AssetIn(key=["core", "mentions"]),
               "entities": dg.AssetIn(key=["core", "entities"]),
               "sentences": dg.AssetIn(key=["core", "sentences"]),
               "source_files": dg.AssetIn(key=["core", "source_files"])},
          deps=[["core", "time_expressions"]])
@reused_when_unchanged
def events(context: dg.AssetExecutionContext, paths: WarehousePaths, mentions: Parted, entities: Parted,
           sentences: Parted, source_files: Validated) -> Parted:
    root = work_root(paths.warehouse_path)
    wanted_memo, reports_memo = PartMemo(root, "core.events.local_ids"), PartMemo(root, "core.events.reports")
    per_year: Counter = Counter()
    per_type: Counter = Counter()
    undated = 0
    with Extracted(paths, source_files.table, context.log.warning, "core.events") as extracted, \
            HappeningMerge(root / "memo" / "core.events.groups", code_version()) as merge:
        def rows_of(k: int, batch: pd.DataFrame) -> pd.DataFrame:
            return of_kept_sentences(extracted.rows("event_candidates", batch), sentences.part_for(k, batch))

        # pass 1: every report of the corpus, then each group that changed merged again.
        # What a batch gives the merge is kept by what it comes from (its files, and the ids
        # its names were linked to): a batch whose files and names did not change is not
        # read, the last merge holds its reports.
        mapped: list[str | None] = []
        reports_keys: list[str | None] = []
        for k, batch in enumerate(extracted.batches):
            rows = None
            wanted_key = part_key("core.events local ids", batch, sentences.part_key(k))
            wanted = wanted_memo.get(wanted_key)
            if wanted is None:
                rows = rows_of(k, batch)
                wanted = wanted_memo.put(wanted_key, pd.DataFrame(
                    {"local_id": sorted(local_ids_of(rows, ("participants", "objects"), ("location_id",)))},
                    dtype="object"))
            mapping = local_id_map(mentions, wanted["local_id"])
            mapped.append(digest([f"{a}={b}" for a, b in sorted(mapping.items())]))
            reports_key = part_key("core.events reports", batch, sentences.part_key(k), mapped[k])
            reports_keys.append(reports_key)
            if merge.kept(reports_key):
                reports_memo.keep(reports_key)
                merge.add_reports(None, reports_key)
                continue
            reports = reports_memo.get(reports_key)
            if reports is None:
                rows = rows_of(k, batch) if rows is None else rows
                reports = reports_memo.put(reports_key, report_rows(
                    drop_repeats(event_candidates(rows, mapping, light=True))))
            merge.add_reports(reports, reports_key)
        n_happenings = merge.merge(entity_kinds(entities.read(["entity_id", "entity_type"])))
        # pass 2: the rows, a batch of files at a time
        with parts_writer(root, "core.events", EVENT_COLUMNS) as writer:
            for k, batch in enumerate(extracted.batches):
                event_ids, happenings = merge.part(k)
                key = None if reports_keys[k] is None else part_key(
                    "core.events", batch, sentences.part_key(k), mapped[k], digest(happenings))
                table = writer.reuse(key, batch, ["date_start", "event_type"])
                if table is None:
                    rows = rows_of(k, batch)
                    mapping = local_id_map(mentions, local_ids_of(rows, ("participants", "objects"), ("location_id",)))
                    candidates = drop_repeats(event_candidates(rows, mapping))
                    of_event = dict(zip(event_ids, happenings))
                    table = writer.write(validate(event_rows(candidates, {c.key: of_event[c.event_id] for c in candidates}),
                                                  Events, "core.events", context.run.run_id), batch, key)
                dated = table[table["date_start"].notna()]
                per_year.update(int(y) for y in dated["date_start"].dt.year)
                per_type.update(table["event_type"])
                undated += len(table) - len(dated)
            result = writer.finish()
    wanted_memo.keep_only()
    reports_memo.keep_only()
    context.add_output_metadata({
        **parted_metadata(writer, Events),
        "by_type": dg.MetadataValue.json(dict(per_type)),
        "by_year": dg.MetadataValue.json({str(k): v for k, v in sorted(per_year.items())}),
        "timeline": dg.MetadataValue.md(_markdown_counts(per_year, "year") if per_year else "_no dated events_"),
        "types": dg.MetadataValue.md(_markdown_counts(per_type, "type") if per_type else "_no events_"),
        "undated": undated,
        "happenings": n_happenings,
        "parts_reused": writer.n_reused,
        "groups_merged": merge.groups_merged,
        "groups_reused_from_last_merge": merge.groups_reused,
    })
    return result


def implausibly_dated(events: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """Events dated before 1900, or more than PLAUSIBLE_YEARS_AFTER_ARTICLE years after their
    article (today, for an undated article)."""
    published = dict(zip(documents["doc_id"], documents["published_on"]))
    bad = []
    for e in events[["event_id", "doc_id", "date_start"]].dropna(subset=["date_start"]).itertuples(index=False):
        latest = published.get(e.doc_id)
        limit = (pd.Timestamp(latest) if latest is not None and not pd.isna(latest) else pd.Timestamp.today())
        if e.date_start < pd.Timestamp("1900-01-01") or e.date_start > limit + pd.DateOffset(
                years=PLAUSIBLE_YEARS_AFTER_ARTICLE):
            bad.append(e.event_id)
    return bad


# An article may report plans for the coming years, but an event dated long after the
# article (or before the first datable era of these sources) is a misreading to look at.
PLAUSIBLE_YEARS_AFTER_ARTICLE = 10


@dg.asset_check(asset=["core", "events"], description="No event is dated before 1900 or more than "
                f"{PLAUSIBLE_YEARS_AFTER_ARTICLE} years after its article's publication date.",
                additional_ins={"documents": dg.AssetIn(key=["core", "documents"])})
@reused_check
def events_dated_in_plausible_range(events: Parted, documents: Parted) -> dg.AssetCheckResult:
    if events.batches is None or events.batches != documents.batches:  # not parts of the same files
        docs = documents.read(["doc_id", "published_on"])
        bad = [e for part in events.parts() for e in implausibly_dated(part, docs)]
        return dg.AssetCheckResult(passed=not bad, severity=dg.AssetCheckSeverity.WARN,
                                   metadata={"outside_range": len(bad), "examples": bad[:10]})
    memo = PartMemo(Path(events.folder).parent, "checks.events_dated_in_plausible_range")
    bad = []
    for k in range(events.n_parts):  # part k of both holds the same files
        key = None if events.part_key(k) is None or documents.part_key(k) is None else \
            digest(["events_dated_in_plausible_range", events.part_key(k), documents.part_key(k)])
        found = memo.get(key)
        if found is None:
            found = memo.put(key, pd.DataFrame({"event_id": implausibly_dated(events.part(k), documents.part(k))},
                                               dtype="object"))
        bad += found["event_id"].tolist()
    memo.keep_only()
    return dg.AssetCheckResult(passed=not bad, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"outside_range": len(bad), "examples": bad[:10]})


@dg.asset_check(asset=["core", "events"], description="Every event's article, participants and place exist "
                "(no orphan ids).", additional_ins={"documents": dg.AssetIn(key=["core", "documents"]),
                                                   "entities": dg.AssetIn(key=["core", "entities"])})
@reused_check
def events_have_no_orphan_ids(events: Parted, documents: Parted, entities: Parted) -> dg.AssetCheckResult:
    known_docs, known_entities = documents.ids("doc_id"), entities.ids("entity_id")
    table = events.columns(["doc_id", "participants", "location_id"])
    orphan_docs = n_outside(table["doc_id"], known_docs)
    orphan_participants = n_outside(table["participants"], known_entities)
    orphan_places = n_outside(table["location_id"], known_entities)
    return dg.AssetCheckResult(passed=orphan_docs + orphan_participants + orphan_places == 0, metadata={
        "orphan_doc_ids": orphan_docs, "orphan_participants": orphan_participants, "orphan_locations": orphan_places})

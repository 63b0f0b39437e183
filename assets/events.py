"""Core layer: time expressions and dated events.

The text work lives in textmine (timex: finding and resolving dates; events: typing and
participants); this module only turns tables into rows, validates them and reports."""

from collections import Counter

import dagster as dg
import pandas as pd

from assets.extraction import load_table, of_kept_sentences
from assets.metadata import table_metadata
from assets.resources import WarehousePaths
from assets.schemas import Events, TimeExpressions
from assets.validation import Validated, validate
from assets.file_tables import local_entity_id
from assets.values import day_or_none, text_or_none
from textmine.events import SPECIFIC_TYPES, DetectedEvent, EventCandidate, drop_repeats, merge_happenings
from textmine.timex import Timex

EVENT_COLUMNS = list(Events.to_schema().columns)


def local_to_global(candidates: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, str]:
    """Local entity id of each mention candidate -> the corpus-wide id its mention links to."""
    linked = dict(zip(zip(mentions["doc_id"], mentions["char_start"], mentions["char_end"]), mentions["entity_id"]))
    mapping: dict[str, str] = {}
    for c in candidates.itertuples(index=False):
        target = linked.get((c.doc_id, c.char_start, c.char_end))
        if target is not None:
            mapping.setdefault(local_entity_id(c.name, c.entity_type, c.country_code), target)
    return mapping


def extract_events(rows: pd.DataFrame, mapping: dict[str, str], entities: pd.DataFrame) -> pd.DataFrame:
    """One row per happening: the per-file event candidates with corpus-wide entity ids, a
    repeat inside an article dropped, reports of one happening across articles merged."""
    entity_type = dict(zip(entities["entity_id"], entities["entity_type"])) if len(entities) else {}
    candidates: list[EventCandidate] = []
    for r in rows.itertuples(index=False):
        participants = tuple(dict.fromkeys(mapping[p] for p in r.participants if p in mapping))
        timex = Timex(int(r.timex_start), int(r.timex_end), r.timex_text, r.timex_kind, day_or_none(r.date_start),
                      day_or_none(r.date_end), text_or_none(r.date_precision), bool(r.is_relative), text_or_none(r.anchor))
        event = DetectedEvent(r.event_type, timex, participants, mapping.get(text_or_none(r.location_id) or ""),
                              r.sentence, int(r.ordinal))
        candidates.append(EventCandidate(r.doc_id, int(r.sentence_no), event))
    candidates = drop_repeats(candidates)
    specific = [e for e, t in entity_type.items() if t in SPECIFIC_TYPES]
    happening = merge_happenings(candidates, specific)
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
def time_expressions(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Validated,
                     sentences: Validated, source_files: Validated) -> Validated:
    candidates = load_table(paths, source_files.table, "time_expressions", context.log.warning)
    candidates = candidates[candidates["doc_id"].isin(documents.table["doc_id"])]
    result = validate(candidates, TimeExpressions, "core.time_expressions", context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, TimeExpressions, result.n_rejected),
        "by_kind": dg.MetadataValue.json(table["kind"].value_counts().to_dict()),
        "resolved": int(table["date_start"].notna().sum()),
        "unresolved_relative": int((table["date_start"].isna() & table["is_relative"]).sum()),
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
def events(context: dg.AssetExecutionContext, paths: WarehousePaths, mentions: Validated, entities: Validated,
           sentences: Validated, source_files: Validated) -> Validated:
    files = source_files.table
    rows = of_kept_sentences(load_table(paths, files, "event_candidates", context.log.warning), sentences.table)
    mapping = local_to_global(load_table(paths, files, "mention_candidates", context.log.warning), mentions.table)
    candidates = extract_events(rows, mapping, entities.table)
    result = validate(candidates, Events, "core.events", context.run.run_id)
    table = result.table
    dated = table[table["date_start"].notna()]
    per_year = Counter(int(y) for y in dated["date_start"].dt.year)
    per_type = Counter(table["event_type"])
    context.add_output_metadata({
        **table_metadata(table, Events, result.n_rejected),
        "by_type": dg.MetadataValue.json(dict(per_type)),
        "by_year": dg.MetadataValue.json({str(k): v for k, v in sorted(per_year.items())}),
        "timeline": dg.MetadataValue.md(_markdown_counts(per_year, "year") if per_year else "_no dated events_"),
        "types": dg.MetadataValue.md(_markdown_counts(per_type, "type") if per_type else "_no events_"),
        "undated": int(table["date_start"].isna().sum()),
        "happenings": int(dated["happening_id"].nunique()),
    })
    return result


# An article may report plans for the coming years, but an event dated long after the
# article (or before the first datable era of these sources) is a misreading to look at.
PLAUSIBLE_YEARS_AFTER_ARTICLE = 10


@dg.asset_check(asset=["core", "events"], description="No event is dated before 1900 or more than "
                f"{PLAUSIBLE_YEARS_AFTER_ARTICLE} years after its article's publication date.",
                additional_ins={"documents": dg.AssetIn(key=["core", "documents"])})
def events_dated_in_plausible_range(events: Validated, documents: Validated) -> dg.AssetCheckResult:
    published = dict(zip(documents.table["doc_id"], documents.table["published_on"]))
    bad = []
    for e in events.table[["event_id", "doc_id", "date_start"]].dropna(subset=["date_start"]).itertuples(index=False):
        latest = published.get(e.doc_id)
        limit = (pd.Timestamp(latest) if latest is not None and not pd.isna(latest) else pd.Timestamp.today())
        if e.date_start < pd.Timestamp("1900-01-01") or e.date_start > limit + pd.DateOffset(
                years=PLAUSIBLE_YEARS_AFTER_ARTICLE):
            bad.append(e.event_id)
    return dg.AssetCheckResult(passed=not bad, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"outside_range": len(bad), "examples": bad[:10]})


@dg.asset_check(asset=["core", "events"], description="Every event's article, participants and place exist "
                "(no orphan ids).", additional_ins={"documents": dg.AssetIn(key=["core", "documents"]),
                                                   "entities": dg.AssetIn(key=["core", "entities"])})
def events_have_no_orphan_ids(events: Validated, documents: Validated, entities: Validated) -> dg.AssetCheckResult:
    known_docs, known_entities = set(documents.table["doc_id"]), set(entities.table["entity_id"])
    table = events.table
    orphan_docs = int((~table["doc_id"].isin(known_docs)).sum())
    orphan_participants = sum(1 for ids in table["participants"] for i in ids if i not in known_entities)
    orphan_places = int((table["location_id"].notna() & ~table["location_id"].isin(known_entities)).sum())
    return dg.AssetCheckResult(passed=orphan_docs + orphan_participants + orphan_places == 0, metadata={
        "orphan_doc_ids": orphan_docs, "orphan_participants": orphan_participants, "orphan_locations": orphan_places})

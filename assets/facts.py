"""Core layer: positions held, membership actions, numeric facts and interview turns.

The facts are read from each sentence's text per file (assets.file_tables, cached by content
hash), so they do not depend on entity resolution; here the ids of persons, bodies and
states are filled by joining to core.mentions / core.entities where those name the same
thing, and left NULL (with the name kept) where they do not.
"""

from collections import Counter, defaultdict

import dagster as dg
import pandas as pd

from assets.extraction import load_table, of_kept_sentences
from assets.metadata import table_metadata
from assets.resources import WarehousePaths
from assets.schemas import InterviewTurns, Memberships, Positions, Quantities
from assets.validation import Validated, validate
from assets.values import text_or_none, timestamp_or_none
from textmine.ids import stable_id

_INS = {"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
        "mentions": dg.AssetIn(key=["core", "mentions"]), "entities": dg.AssetIn(key=["core", "entities"]),
        "source_files": dg.AssetIn(key=["core", "source_files"])}


class EntityIndex:
    """Look-ups from what a sentence says to core.entities ids."""

    def __init__(self, mentions: pd.DataFrame, entities: pd.DataFrame):
        self.by_form: dict[tuple[str, str], tuple[str, str]] = {}
        self.by_code: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for e in entities.to_dict("records"):
            self.names[e["entity_id"]] = e["name"]
            aliases = e.get("aliases")
            forms = [e["name"], *(list(aliases) if aliases is not None and not isinstance(aliases, float) else [])]
            for form in forms:
                self.by_form.setdefault((e["entity_type"], str(form).casefold()), (e["entity_id"], e["name"]))
            if e["entity_type"] == "COUNTRY" and e.get("country_code"):
                self.by_code.setdefault(e["country_code"], e["entity_id"])
        self.mentions: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
        for doc_id, sentence_no, start, end, entity in zip(
                mentions["doc_id"], mentions["sentence_no"].tolist(), mentions["char_start"].tolist(),
                mentions["char_end"].tolist(), mentions["entity_id"]):
            self.mentions.setdefault((doc_id, sentence_no), []).append((start, end, entity))

    def at(self, doc_id: str, sentence_no: int, start: int, end: int) -> str | None:
        """The entity a mention overlapping [start, end) links to."""
        for s, e, entity_id in self.mentions.get((doc_id, sentence_no), []):
            if s < end and start < e:
                return entity_id
        return None

    def named(self, name: str | None, *types: str) -> tuple[str, str] | None:
        if not name:
            return None
        for t in types:
            hit = self.by_form.get((t, name.casefold()))
            if hit:
                return hit
        return None


def link_positions(docs: pd.DataFrame, facts: pd.DataFrame, index: EntityIndex) -> pd.DataFrame:
    published = docs.set_index("doc_id")["published_on"].to_dict()
    rows = []
    for f in facts.itertuples(index=False):
        base = int(f.sentence_start)
        sentence_no = int(f.sentence_no)
        person_id = index.at(f.doc_id, sentence_no, base + int(f.person_start), base + int(f.person_end))
        person_name = index.names.get(person_id, f.person) if person_id else f.person
        if person_id is None:
            hit = index.named(f.person, "PERSON")
            person_id, person_name = hit if hit else (None, f.person)
        organization = text_or_none(f.organization)
        org = index.named(organization, "COUNTRY", "ORGANIZATION", "MEDIA")
        rows.append(dict(
            position_id=stable_id("p", f.doc_id, sentence_no, person_name, f.title, organization or ""),
            person_id=person_id, person_name=person_name, position=f.title,
            organization_id=org[0] if org else None, organization_name=organization, qualifier=text_or_none(f.qualifier),
            start_date=timestamp_or_none(f.start_date), as_of=timestamp_or_none(published.get(f.doc_id)),
            doc_id=f.doc_id, sentence_no=sentence_no))
    return pd.DataFrame(rows, columns=list(Positions.to_schema().columns)).drop_duplicates("position_id")


def link_memberships(facts: pd.DataFrame, index: EntityIndex) -> pd.DataFrame:
    rows = []
    for f in facts.itertuples(index=False):
        base, sentence_no = int(f.sentence_start), int(f.sentence_no)
        country_id = index.by_code.get(f.alpha3) or index.at(f.doc_id, sentence_no, base + int(f.span_start),
                                                              base + int(f.span_end))
        org = index.named(f.body, "ORGANIZATION", "DOCUMENT")
        rows.append(dict(
            membership_id=stable_id("m", f.doc_id, sentence_no, f.alpha3, f.body, f.action),
            country_id=country_id, country_code=f.alpha3, organization_id=org[0] if org else None,
            organization_name=f.body, action=f.action, date_start=timestamp_or_none(f.date_start),
            date_precision=text_or_none(f.precision), doc_id=f.doc_id, sentence_no=sentence_no))
    return pd.DataFrame(rows, columns=list(Memberships.to_schema().columns)).drop_duplicates("membership_id")


def _speakers(doc: dict, held: list[tuple[int, str, str | None]], index: EntityIndex) -> tuple[str | None, str | None]:
    """(interviewer_id, interviewee_id): the interviewee is the office holder the article
    names first (headline, lead); the interviewer the journalist it credits, else the outlet.
    `held`: (sentence_no, position, person_id) of the article's rows of core.positions."""
    held = sorted(held, key=lambda r: r[0])
    interviewee = next((person for _n, position, person in held if position != "Journalist"), None)
    journalist = next((person for _n, position, person in held if position == "Journalist"), None)
    outlet = index.named(doc.get("outlet"), "MEDIA", "ORGANIZATION")
    return journalist or (outlet[0] if outlet else None), interviewee


def link_turns(docs: pd.DataFrame, spans: pd.DataFrame, positions: pd.DataFrame,
               index: EntityIndex) -> pd.DataFrame:
    """Question and answer texts of every turn, with who asks and who answers."""
    rows = []
    interviews = {d["doc_id"]: d for d in docs[docs["genre"] == "interview"].to_dict("records")}
    held: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    of_interviews = positions[positions["doc_id"].isin(interviews)]
    for doc_id, sentence_no, position, person in zip(of_interviews["doc_id"], of_interviews["sentence_no"],
                                                     of_interviews["position"], of_interviews["person_id"]):
        held[doc_id].append((sentence_no, position, person if isinstance(person, str) else None))
    speakers = {doc_id: _speakers(doc, held[doc_id], index) for doc_id, doc in interviews.items()}
    for t in spans.itertuples(index=False):
        doc = interviews.get(t.doc_id)
        if doc is None:
            continue
        base = int(doc["char_start"])
        q0, q1 = int(t.question_start), int(t.question_end)
        answered = not pd.isna(t.answer_start)
        a0, a1 = (int(t.answer_start), int(t.answer_end)) if answered else (0, 0)
        interviewer, interviewee = speakers[t.doc_id]
        rows.append(dict(doc_id=t.doc_id, turn_no=int(t.turn_no), question=doc["text"][q0 - base:q1 - base],
                         answer=doc["text"][a0 - base:a1 - base] if answered else None,
                         interviewer_id=interviewer, interviewee_id=interviewee,
                         char_start=q0, char_end=a1 if answered else q1))
    return pd.DataFrame(rows, columns=list(InterviewTurns.to_schema().columns))


@dg.asset(key=["core", "positions"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="Who held which position in which body or state, as each sentence states it "
                      "(appositives, pre-modifiers, labels, election/appointment sentences).")
def positions(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Validated, sentences: Validated,
              mentions: Validated, entities: Validated, source_files: Validated) -> Validated:
    index = EntityIndex(mentions.table, entities.table)
    facts = of_kept_sentences(load_table(paths, source_files.table, "position_facts", context.log.warning),
                               sentences.table)
    result = validate(link_positions(documents.table, facts, index), Positions, "core.positions",
                      context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, Positions, result.n_rejected),
        "by_position": dg.MetadataValue.json(dict(Counter(table["position"]).most_common(15))),
        "persons_linked": dg.MetadataValue.int(int(table["person_id"].notna().sum())),
    })
    return result


@dg.asset(key=["core", "memberships"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="States founding, joining, leaving, suspending, reducing, observing, partnering with or "
                      "belonging to a treaty or organisation; one row per state of a list.")
def memberships(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Validated,
                sentences: Validated, mentions: Validated, entities: Validated, source_files: Validated) -> Validated:
    index = EntityIndex(mentions.table, entities.table)
    facts = of_kept_sentences(load_table(paths, source_files.table, "membership_facts", context.log.warning),
                               sentences.table)
    result = validate(link_memberships(facts, index), Memberships, "core.memberships", context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, Memberships, result.n_rejected),
        "by_action": dg.MetadataValue.json(dict(Counter(table["action"]))),
        "dated": dg.MetadataValue.int(int(table["date_start"].notna().sum())),
    })
    return result


@dg.asset(key=["core", "quantities"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="Numeric facts (value, unit, what is counted, qualifier); years and dates excluded.")
def quantities(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Validated,
               sentences: Validated, mentions: Validated, entities: Validated, source_files: Validated) -> Validated:
    rows = of_kept_sentences(load_table(paths, source_files.table, "quantities", context.log.warning),
                              sentences.table)
    result = validate(rows, Quantities, "core.quantities", context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, Quantities, result.n_rejected),
        "by_unit": dg.MetadataValue.json(dict(Counter(table["unit"].fillna("none")).most_common(15))),
    })
    return result


@dg.asset(key=["core", "interview_turns"], group_name="core",
          ins={**_INS, "positions": dg.AssetIn(key=["core", "positions"])}, kinds={"python", "pandas"},
          description="Each question of an interview with its answer, from the speaker roles of its sentences.")
def interview_turns(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Validated,
                    sentences: Validated, mentions: Validated, entities: Validated, source_files: Validated,
                    positions: Validated) -> Validated:
    index = EntityIndex(mentions.table, entities.table)
    spans = load_table(paths, source_files.table, "turn_spans", context.log.warning)
    candidates = link_turns(documents.table, spans, positions.table, index)
    result = validate(candidates, InterviewTurns, "core.interview_turns", context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, InterviewTurns, result.n_rejected),
        "interviews": dg.MetadataValue.int(int(table["doc_id"].nunique())),
        "turns_per_interview": dg.MetadataValue.json(table.groupby("doc_id").size().to_dict()),
    })
    return result


@dg.asset_check(asset=["core", "positions"], description="Every person and organisation id of a position exists "
                "in core.entities, and every article in core.documents (no orphan ids).",
                additional_ins={"documents": dg.AssetIn(key=["core", "documents"]),
                                "entities": dg.AssetIn(key=["core", "entities"])})
def positions_have_no_orphan_ids(positions: Validated, documents: Validated, entities: Validated) -> dg.AssetCheckResult:
    known = set(entities.table["entity_id"])
    table = positions.table
    orphans = {column: int((table[column].notna() & ~table[column].isin(known)).sum())
               for column in ("person_id", "organization_id")}
    orphans["doc_id"] = int((~table["doc_id"].isin(set(documents.table["doc_id"]))).sum())
    return dg.AssetCheckResult(passed=not any(orphans.values()), metadata=orphans)


@dg.asset_check(asset=["core", "memberships"], description="Every country and organisation id of a membership "
                "exists in core.entities (no orphan ids).", additional_ins={"entities": dg.AssetIn(key=["core", "entities"])})
def memberships_have_no_orphan_ids(memberships: Validated, entities: Validated) -> dg.AssetCheckResult:
    known = set(entities.table["entity_id"])
    table = memberships.table
    orphans = {column: int((table[column].notna() & ~table[column].isin(known)).sum())
               for column in ("country_id", "organization_id")}
    return dg.AssetCheckResult(passed=not any(orphans.values()), metadata=orphans)

"""Core layer: positions held, membership actions, numeric facts and interview turns.

Extraction reads the sentence text itself (textmine.positions, .memberships, .quantities,
.turns), so it works whether or not entities were resolved; ids of persons, bodies and
states are then filled by joining to core.mentions / core.entities where those name the
same thing, and left NULL (with the name kept) where they do not.
"""

from collections import Counter

import dagster as dg
import pandas as pd

from assets.metadata import table_metadata
from assets.schemas import InterviewTurns, Memberships, Positions, Quantities
from assets.validation import Validated, validate
from textmine.ids import stable_id
from textmine.memberships import extract_memberships, last_body
from textmine.positions import extract_positions
from textmine.quantities import extract_quantities
from textmine.turns import interview_turns as find_turns

_INS = {"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
        "mentions": dg.AssetIn(key=["core", "mentions"]), "entities": dg.AssetIn(key=["core", "entities"])}


def _date(value: object) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


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
        for m in mentions.to_dict("records"):
            self.mentions.setdefault((m["doc_id"], int(m["sentence_no"])), []).append(
                (int(m["char_start"]), int(m["char_end"]), m["entity_id"]))

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


def extract_positions_table(docs: pd.DataFrame, sents: pd.DataFrame, index: EntityIndex) -> pd.DataFrame:
    published = docs.set_index("doc_id")["published_on"].to_dict()
    rows = []
    for s in sents.itertuples():
        for f in extract_positions(s.text):
            person_id = index.at(s.doc_id, s.sentence_no, s.char_start + f.person_span[0], s.char_start + f.person_span[1])
            person_name = index.names.get(person_id, f.person) if person_id else f.person
            if person_id is None:
                hit = index.named(f.person, "PERSON")
                person_id, person_name = hit if hit else (None, f.person)
            org = index.named(f.organization, "COUNTRY", "ORGANIZATION", "MEDIA")
            rows.append(dict(
                position_id=stable_id("p", s.doc_id, s.sentence_no, person_name, f.title, f.organization or ""),
                person_id=person_id, person_name=person_name, position=f.title,
                organization_id=org[0] if org else None, organization_name=f.organization, qualifier=f.qualifier,
                start_date=_date(f.start_date), as_of=_date(published.get(s.doc_id)),
                doc_id=s.doc_id, sentence_no=s.sentence_no))
    return pd.DataFrame(rows, columns=list(Positions.to_schema().columns)).drop_duplicates("position_id")


def extract_memberships_table(sents: pd.DataFrame, index: EntityIndex) -> pd.DataFrame:
    rows = []
    previous: dict[str, str | None] = {}
    for s in sents.itertuples():
        for f in extract_memberships(s.text, previous.get(s.doc_id)):
            country_id = index.by_code.get(f.alpha3) or index.at(s.doc_id, s.sentence_no, s.char_start + f.span[0],
                                                                  s.char_start + f.span[1])
            org = index.named(f.body, "ORGANIZATION", "DOCUMENT")
            rows.append(dict(
                membership_id=stable_id("m", s.doc_id, s.sentence_no, f.alpha3, f.body, f.action),
                country_id=country_id, country_code=f.alpha3, organization_id=org[0] if org else None,
                organization_name=f.body, action=f.action, date_start=_date(f.date_start),
                date_precision=f.precision, doc_id=s.doc_id, sentence_no=s.sentence_no))
        previous[s.doc_id] = last_body(s.text) or previous.get(s.doc_id)
    return pd.DataFrame(rows, columns=list(Memberships.to_schema().columns)).drop_duplicates("membership_id")


def extract_quantities_table(sents: pd.DataFrame) -> pd.DataFrame:
    """One row per numeric fact per article: a number repeated in the same article (the
    same anniversary in three answers) is kept where it is first stated."""
    rows = []
    seen: set[tuple] = set()
    for s in sents.itertuples():
        for f in extract_quantities(s.text):
            if (s.doc_id, *f.key) in seen:
                continue
            seen.add((s.doc_id, *f.key))
            start, end = s.char_start + f.start, s.char_start + f.end
            rows.append(dict(quantity_id=stable_id("q", s.doc_id, start, end), doc_id=s.doc_id,
                             sentence_no=s.sentence_no, value=f.value, unit=f.unit, about=f.about,
                             qualifier=f.qualifier, quantity_text=f.text, char_start=start, char_end=end))
    return pd.DataFrame(rows, columns=list(Quantities.to_schema().columns))


def _speakers(doc: dict, positions: pd.DataFrame, index: EntityIndex) -> tuple[str | None, str | None]:
    """(interviewer_id, interviewee_id): the interviewee is the office holder the article
    names first (headline, lead); the interviewer the journalist it credits, else the outlet."""
    held = positions[positions["doc_id"] == doc["doc_id"]].sort_values("sentence_no")
    interviewee = next((r.person_id for r in held.itertuples() if r.position != "Journalist"), None)
    journalist = next((r.person_id for r in held.itertuples() if r.position == "Journalist"), None)
    outlet = index.named(doc.get("outlet"), "MEDIA", "ORGANIZATION")
    return journalist or (outlet[0] if outlet else None), interviewee


def extract_turns_table(docs: pd.DataFrame, sents: pd.DataFrame, positions: pd.DataFrame,
                        index: EntityIndex) -> pd.DataFrame:
    rows = []
    interviews = docs[docs["genre"] == "interview"]
    by_doc = {k: g for k, g in sents[sents["doc_id"].isin(interviews["doc_id"])].groupby("doc_id")}
    for doc in interviews.to_dict("records"):
        if doc["doc_id"] not in by_doc:
            continue
        doc_sents = by_doc[doc["doc_id"]].sort_values("sentence_no")
        turns = find_turns(list(zip(doc_sents["char_start"], doc_sents["char_end"], doc_sents["speaker_role"])))
        interviewer, interviewee = _speakers(doc, positions, index)
        base = int(doc["char_start"])
        for t in turns:
            end = t.answer[1] if t.answer else t.question[1]
            rows.append(dict(doc_id=doc["doc_id"], turn_no=t.turn_no,
                             question=doc["text"][t.question[0] - base:t.question[1] - base],
                             answer=doc["text"][t.answer[0] - base:t.answer[1] - base] if t.answer else None,
                             interviewer_id=interviewer, interviewee_id=interviewee,
                             char_start=t.question[0], char_end=end))
    return pd.DataFrame(rows, columns=list(InterviewTurns.to_schema().columns))


def _speaker_roles(sentences: pd.DataFrame) -> pd.DataFrame:
    table = sentences.copy()
    table["speaker_role"] = table["speaker_role"].where(table["speaker_role"].notna(), None)
    return table


@dg.asset(key=["core", "positions"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="Who held which position in which body or state, as each sentence states it "
                      "(appositives, pre-modifiers, labels, election/appointment sentences).")
def positions(context: dg.AssetExecutionContext, documents: Validated, sentences: Validated, mentions: Validated,
              entities: Validated) -> Validated:
    index = EntityIndex(mentions.table, entities.table)
    result = validate(extract_positions_table(documents.table, sentences.table, index), Positions,
                      "core.positions", context.run.run_id)
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
def memberships(context: dg.AssetExecutionContext, documents: Validated, sentences: Validated,
                mentions: Validated, entities: Validated) -> Validated:
    index = EntityIndex(mentions.table, entities.table)
    result = validate(extract_memberships_table(sentences.table, index), Memberships, "core.memberships",
                      context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, Memberships, result.n_rejected),
        "by_action": dg.MetadataValue.json(dict(Counter(table["action"]))),
        "dated": dg.MetadataValue.int(int(table["date_start"].notna().sum())),
    })
    return result


@dg.asset(key=["core", "quantities"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="Numeric facts (value, unit, what is counted, qualifier); years and dates excluded.")
def quantities(context: dg.AssetExecutionContext, documents: Validated, sentences: Validated,
               mentions: Validated, entities: Validated) -> Validated:
    result = validate(extract_quantities_table(sentences.table), Quantities, "core.quantities",
                      context.run.run_id)
    table = result.table
    context.add_output_metadata({
        **table_metadata(table, Quantities, result.n_rejected),
        "by_unit": dg.MetadataValue.json(dict(Counter(table["unit"].fillna("none")).most_common(15))),
    })
    return result


@dg.asset(key=["core", "interview_turns"], group_name="core",
          ins={**_INS, "positions": dg.AssetIn(key=["core", "positions"])}, kinds={"python", "pandas"},
          description="Each question of an interview with its answer, from the speaker roles of its sentences.")
def interview_turns(context: dg.AssetExecutionContext, documents: Validated, sentences: Validated,
                    mentions: Validated, entities: Validated, positions: Validated) -> Validated:
    index = EntityIndex(mentions.table, entities.table)
    candidates = extract_turns_table(documents.table, _speaker_roles(sentences.table), positions.table, index)
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

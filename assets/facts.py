"""Core layer: positions held, membership actions, numeric facts and interview turns.

The facts are read from each sentence's text per file (assets.file_tables, cached by content
hash), so they do not depend on entity resolution; here the ids of persons, bodies and
states are filled by joining to core.mentions / core.entities where those name the same
thing, and left NULL (with the name kept) where they do not.
"""

from collections import Counter, defaultdict
from collections.abc import Callable

import dagster as dg
import pandas as pd

from assets.extraction import Extracted, of_kept_sentences
from assets.metadata import parted_metadata
from storage.memo import digest
from storage.parts import Parted, PartMemo, PartsWriter, parts_writer, work_root, n_outside
from assets.resources import WarehousePaths
from assets.reuse import part_key, reused_check, reused_when_unchanged
from assets.schemas import InterviewTurns, Memberships, Positions, Quantities
from assets.validation import Validated, validate
from assets.values import text_or_none, timestamp_or_none
from textmine.ids import stable_id
from textmine.turns import speakers_of_article

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
        self.mentions = self._by_sentence(mentions)

    @staticmethod
    def _by_sentence(mentions: pd.DataFrame) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
        by_sentence: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
        for doc_id, sentence_no, start, end, entity in zip(
                mentions["doc_id"], mentions["sentence_no"].tolist(), mentions["char_start"].tolist(),
                mentions["char_end"].tolist(), mentions["entity_id"]):
            by_sentence.setdefault((doc_id, sentence_no), []).append((start, end, entity))
        return by_sentence

    def with_mentions(self, mentions: pd.DataFrame) -> "EntityIndex":
        """The same names with another batch's mentions: the names of the corpus are built
        once, the mentions of one batch of files are held at a time."""
        index = object.__new__(EntityIndex)
        index.by_form, index.by_code, index.names = self.by_form, self.by_code, self.names
        index.mentions = self._by_sentence(mentions)
        return index

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
    named = speakers_of_article(doc["text"])  # names the interview gives its two sides
    interviewee = _first_known(named.interviewee, index, "PERSON") or next(
        (person for _n, position, person in held if position != "Journalist"), None)
    journalist = next((person for _n, position, person in held if position == "Journalist"), None)
    outlet = index.named(doc.get("outlet"), "MEDIA", "ORGANIZATION")
    interviewer = (_first_known(named.interviewer, index, "PERSON") or journalist
                   or _first_known(named.interviewer, index, "MEDIA", "ORGANIZATION") or (outlet[0] if outlet else None))
    return interviewer, interviewee if interviewee != interviewer else None


def _first_known(names: list[str], index: EntityIndex, *types: str) -> str | None:
    """The entity id of the first name that is a known entity of one of `types`."""
    return next((hit[0] for name in names if (hit := index.named(name, *types))), None)


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


Forms = Callable[[pd.DataFrame, pd.DataFrame], list[tuple[str, str]]]  # (docs, rows) -> (name, types)
Link = Callable[[int, pd.DataFrame, pd.DataFrame, pd.DataFrame, EntityIndex], pd.DataFrame]


def answers_digest(index: EntityIndex, forms: pd.DataFrame) -> str:
    """What the corpus's names answer to the look-ups a batch's rows make (`forms`: name,
    types joined by '|', or CODE for a country code): all a fact step reads of core.entities.
    Each distinct look-up is answered once (a batch asks a few hundred, thousands of times)."""
    asked = sorted(set(zip(forms["name"], forms["types"])))
    return digest([f"{name}\x1e{types}\x1e"
                   f"{index.by_code.get(name) if types == 'CODE' else index.named(name, *types.split('|'))!r}"
                   for name, types in asked])


def linked_parts(context: dg.AssetExecutionContext, paths: WarehousePaths, source_files: pd.DataFrame,
                 table: str, model, rows_name: str, inputs: list[Parted], mentions: Parted, entities: Parted,
                 forms_of: Forms, link: Link, tally: Callable[[pd.DataFrame], None],
                 tally_columns: list[str]) -> tuple[Parted, PartsWriter]:
    """Write a fact table a batch of files at a time. Each part is keyed by its files, its
    parts of `inputs` (documents, sentences, mentions; positions for the turns) and the
    answers the corpus's names give to the look-ups its rows make (kept per batch,
    PartMemo): when a file is added, only the batches whose files or answers changed are
    read and linked again. `tally` sees each part's rows (for the step's metadata; of a
    reused part, only `tally_columns` are read)."""
    root = work_root(paths.warehouse_path)
    names = EntityIndex(mentions.empty(), entities.read())
    memo, run_id = PartMemo(root, f"{table}.lookups"), context.run.run_id
    with Extracted(paths, source_files, context.log.warning, table) as extracted, \
            parts_writer(root, table, list(model.to_schema().columns)) as writer:
        documents, sentences = inputs[0], inputs[1]

        def load(k: int, batch: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, EntityIndex]:
            docs, rows = documents.part_for(k, batch), extracted.rows(rows_name, batch)
            if "sentence_no" in rows:
                rows = of_kept_sentences(rows, sentences.part_for(k, batch))
            return docs, rows, names.with_mentions(mentions.part_for(k, batch))

        for k, batch in enumerate(extracted.batches):
            inputs_k = [p.part_key(k) for p in [*inputs, mentions]]
            forms_key = part_key(f"{table} look-ups", batch, *inputs_k)
            forms, loaded = memo.get(forms_key), None
            if forms is None:
                loaded = load(k, batch)
                found = forms_of(loaded[0], loaded[1])
                forms = memo.put(forms_key, pd.DataFrame({"name": [f for f, _ in found], "types": [t for _, t in found]},
                                                         dtype="object"))
            key = part_key(table, batch, *inputs_k, answers_digest(names, forms))
            rows = writer.reuse(key, batch, tally_columns)
            if rows is None:
                docs, facts, index = loaded or load(k, batch)
                rows = writer.write(validate(link(k, batch, docs, facts, index), model, table, run_id), batch, key)
            tally(rows)
        result = writer.finish()
    memo.keep_only()
    return result, writer


def position_forms(_docs: pd.DataFrame, facts: pd.DataFrame) -> list[tuple[str, str]]:
    return [pair for person, organization in zip(facts["person"], facts["organization"])
            for pair in ((str(person or ""), "PERSON"), (text_or_none(organization) or "", "COUNTRY|ORGANIZATION|MEDIA"))]


def membership_forms(_docs: pd.DataFrame, facts: pd.DataFrame) -> list[tuple[str, str]]:
    return [pair for body, code in zip(facts["body"], facts["alpha3"])
            for pair in ((str(body or ""), "ORGANIZATION|DOCUMENT"), (str(code or ""), "CODE"))]


def turn_forms(docs: pd.DataFrame, _spans: pd.DataFrame) -> list[tuple[str, str]]:
    """The names the interviews of a batch give their two sides, and their outlets."""
    found = []
    for text, outlet in zip(docs.loc[docs["genre"] == "interview", "text"],
                            docs.loc[docs["genre"] == "interview", "outlet"]):
        named = speakers_of_article(text)
        found += [(name, "PERSON") for name in named.interviewee]
        found += [(name, types) for name in named.interviewer for types in ("PERSON", "MEDIA|ORGANIZATION")]
        found.append((text_or_none(outlet) or "", "MEDIA|ORGANIZATION"))
    return found


def _writer(paths: WarehousePaths, name: str, model):
    return parts_writer(work_root(paths.warehouse_path), name, list(model.to_schema().columns))


@dg.asset(key=["core", "positions"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="Who held which position in which body or state, as each sentence states it "
                      "(appositives, pre-modifiers, labels, election/appointment sentences).")
@reused_when_unchanged
def positions(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Parted, sentences: Parted,
              mentions: Parted, entities: Parted, source_files: Validated) -> Parted:
    by_position: Counter = Counter()
    linked = Counter()

    def tally(table: pd.DataFrame) -> None:
        by_position.update(table["position"])
        linked["persons"] += int(table["person_id"].notna().sum())

    result, writer = linked_parts(
        context, paths, source_files.table, "core.positions", Positions, "position_facts", [documents, sentences],
        mentions, entities, position_forms, lambda _k, _b, docs, facts, index: link_positions(docs, facts, index),
        tally, ["position", "person_id"])
    context.add_output_metadata({
        **parted_metadata(writer, Positions),
        "by_position": dg.MetadataValue.json(dict(by_position.most_common(15))),
        "persons_linked": dg.MetadataValue.int(linked["persons"]),
        "parts_reused": writer.n_reused,
    })
    return result


@dg.asset(key=["core", "memberships"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="States founding, joining, leaving, suspending, reducing, observing, partnering with or "
                      "belonging to a treaty or organisation; one row per state of a list.")
@reused_when_unchanged
def memberships(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Parted,
                sentences: Parted, mentions: Parted, entities: Parted, source_files: Validated) -> Parted:
    by_action: Counter = Counter()
    dated = Counter()

    def tally(table: pd.DataFrame) -> None:
        by_action.update(table["action"])
        dated["rows"] += int(table["date_start"].notna().sum())

    result, writer = linked_parts(
        context, paths, source_files.table, "core.memberships", Memberships, "membership_facts",
        [documents, sentences], mentions, entities, membership_forms,
        lambda _k, _b, _docs, facts, index: link_memberships(facts, index), tally, ["action", "date_start"])
    context.add_output_metadata({
        **parted_metadata(writer, Memberships),
        "by_action": dg.MetadataValue.json(dict(by_action)),
        "dated": dg.MetadataValue.int(dated["rows"]),
        "parts_reused": writer.n_reused,
    })
    return result


@dg.asset(key=["core", "quantities"], group_name="core", ins=_INS, kinds={"python", "pandas"},
          description="Numeric facts (value, unit, what is counted, qualifier); years and dates excluded.")
@reused_when_unchanged
def quantities(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Parted,
               sentences: Parted, mentions: Parted, entities: Parted, source_files: Validated) -> Parted:
    by_unit: Counter = Counter()
    with Extracted(paths, source_files.table, context.log.warning, "core.quantities") as extracted, \
            _writer(paths, "core.quantities", Quantities) as writer:
        for k, batch in enumerate(extracted.batches):
            key = part_key("core.quantities", batch, sentences.part_key(k))
            table = writer.reuse(key, batch, ["unit"])
            if table is None:
                rows = of_kept_sentences(extracted.rows("quantities", batch), sentences.part_for(k, batch))
                table = writer.write(validate(rows, Quantities, "core.quantities", context.run.run_id), batch, key)
            by_unit.update(table["unit"].fillna("none"))
        result = writer.finish()
    context.add_output_metadata({
        **parted_metadata(writer, Quantities),
        "by_unit": dg.MetadataValue.json(dict(by_unit.most_common(15))),
        "parts_reused": writer.n_reused,
    })
    return result


@dg.asset(key=["core", "interview_turns"], group_name="core",
          ins={**_INS, "positions": dg.AssetIn(key=["core", "positions"])}, kinds={"python", "pandas"},
          description="Each question of an interview with its answer, from the speaker roles of its sentences.")
@reused_when_unchanged
def interview_turns(context: dg.AssetExecutionContext, paths: WarehousePaths, documents: Parted,
                    sentences: Parted, mentions: Parted, entities: Parted, source_files: Validated,
                    positions: Parted) -> Parted:
    per_interview: Counter = Counter()
    result, writer = linked_parts(
        context, paths, source_files.table, "core.interview_turns", InterviewTurns, "turn_spans",
        [documents, sentences, positions], mentions, entities, turn_forms,
        lambda k, batch, docs, spans, index: link_turns(docs, spans, positions.part_for(k, batch), index),
        lambda table: per_interview.update(table["doc_id"]), ["doc_id"])
    context.add_output_metadata({
        **parted_metadata(writer, InterviewTurns),
        "interviews": dg.MetadataValue.int(len(per_interview)),
        "turns_per_interview": dg.MetadataValue.json(dict(sorted(per_interview.items()))),
        "parts_reused": writer.n_reused,
    })
    return result


@dg.asset_check(asset=["core", "positions"], description="Every person and organisation id of a position exists "
                "in core.entities, and every article in core.documents (no orphan ids).",
                additional_ins={"documents": dg.AssetIn(key=["core", "documents"]),
                                "entities": dg.AssetIn(key=["core", "entities"])})
@reused_check
def positions_have_no_orphan_ids(positions: Parted, documents: Parted, entities: Parted) -> dg.AssetCheckResult:
    known = entities.ids("entity_id")
    known_docs = documents.ids("doc_id")
    table = positions.columns(["person_id", "organization_id", "doc_id"])
    orphans = {"person_id": n_outside(table["person_id"], known),
               "organization_id": n_outside(table["organization_id"], known),
               "doc_id": n_outside(table["doc_id"], known_docs)}
    return dg.AssetCheckResult(passed=not any(orphans.values()), metadata=orphans)


@dg.asset_check(asset=["core", "memberships"], description="Every country and organisation id of a membership "
                "exists in core.entities (no orphan ids).", additional_ins={"entities": dg.AssetIn(key=["core", "entities"])})
@reused_check
def memberships_have_no_orphan_ids(memberships: Parted, entities: Parted) -> dg.AssetCheckResult:
    known = entities.ids("entity_id")
    table = memberships.columns(["country_id", "organization_id"])
    orphans = {column: n_outside(table[column], known) for column in ("country_id", "organization_id")}
    return dg.AssetCheckResult(passed=not any(orphans.values()), metadata=orphans)

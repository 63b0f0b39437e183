"""Entities and mentions: each kind of variant the issue names, on real sentences of the
corpus, plus people who must stay apart and offsets checked over the whole corpus."""

import pytest

from textmine.entities import DocumentInput, SentenceRef, entity_id_for, extract, resolve_entity
from textmine.entities.people import same_person
from textmine.ids import stable_id
from textmine.sentences import split_sentences


def _doc(doc_id: str, text: str) -> DocumentInput:
    spans = split_sentences(text, 0, len(text))
    return DocumentInput(doc_id, text, [SentenceRef(i, s, e) for i, (s, e) in enumerate(spans, start=1)])


def _entities_of(*texts: str) -> dict[str, dict]:
    """surface -> entity row, over the given articles."""
    result = extract([_doc(f"d{i}", t) for i, t in enumerate(texts)])
    rows = {r["entity_id"]: r for r in result.entity_rows()}
    return {m["surface"]: rows[m["entity_id"]] for m in result.mention_rows()}


def test_long_and_short_country_forms_and_adjectives_share_one_country():
    found = _entities_of(
        "Delegation of the Supreme Council of the Kyrgyz Republic to the CSTO PA consists of 7 deputies.",
        "The proposal came at a time when the border situation on the Kyrgyz-Tajik border was aggravated. "
        "At present the CSTO comprises Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan.",
        "Russian Presidential Spokesman Dmitry Peskov said that it was necessary to clarify the situation.")
    assert found["Kyrgyzstan"]["country_code"] == "KGZ"
    assert found["Russia"]["entity_id"] == found["Russian"]["entity_id"]
    assert found["Russia"]["country_code"] == "RUS"
    assert found["Kyrgyz-Tajik border"]["entity_type"] == "LOCATION"
    assert entity_id_for("Kyrgyz Republic", "COUNTRY") == found["Kyrgyzstan"]["entity_id"]
    assert resolve_entity("Russian Federation").name == "Russia"


def test_abbreviation_and_long_form_of_a_body_merge():
    found = _entities_of(
        "Based on that decision of the CSTO CSC and the IPA CIS Convention, the chairpersons adopted a resolution "
        "on the establishment of the CSTO Parliamentary Assembly (CSTO PA) at their session of November 16, 2006.",
        "On November 5, 2019, Vyacheslav Volodin was re-elected Chairman of the Parliamentary Assembly of the "
        "Collective Security Treaty Organization.")
    pa = found["CSTO PA"]["entity_id"]
    assert found["CSTO Parliamentary Assembly"]["entity_id"] == pa
    assert found["Parliamentary Assembly of the Collective Security Treaty Organization"]["entity_id"] == pa
    assert found["CSTO CSC"]["name"] == "Collective Security Council"


def test_translated_and_transliterated_exercise_names_merge():
    found = _entities_of(
        "The most important of which are: command and staff exercise Vzaimodeistvie-2020 (“interaction 2020”) "
        "with the CSTO CRDF.",
        "Command and staff training with the CSTO’s peace-keeping corps “Inviolable Brotherhood 2020” in Belarus "
        "produced good results.",
        "Upon completion of the Unbreakable Brotherhood 2019 drills, the CSTO donated military equipment.")
    assert found["Vzaimodeistvie-2020"]["name"] == "Interaction"
    assert found["interaction 2020"]["entity_id"] == found["Vzaimodeistvie-2020"]["entity_id"]
    assert found["Inviolable Brotherhood 2020"]["entity_id"] == found["Unbreakable Brotherhood 2019"]["entity_id"]
    assert found["Inviolable Brotherhood 2020"]["entity_type"] == "EXERCISE"


def test_operation_gloss_in_brackets_is_the_same_operation():
    found = _entities_of("These are the anti-drug operation Kanal (“channel” in Russian), operation Nelegal "
                         "(“illegal person”) and others.")
    assert found["Kanal"]["entity_type"] == "OPERATION"
    assert found["channel"]["entity_id"] == found["Kanal"]["entity_id"]
    assert found["illegal person"]["name"] == "Illegal"


def test_surname_alone_resolves_to_the_full_name_of_the_same_article():
    found = _entities_of("At the beginning of the briefing Stanislav Zas told the participants about the CSTO. "
                         "Zas pointed out the importance of developing CSTO’s peace-keeping forces.")
    assert found["Zas"]["entity_id"] == found["Stanislav Zas"]["entity_id"]
    assert found["Zas"]["entity_type"] == "PERSON"


def test_transliteration_variants_of_one_person_merge_across_articles():
    found = _entities_of(
        "At the summit, a new CSTO Secretary-General was elected - the representative of Belarus, Stanislav Zasya.",
        "The Secretary General of the CSTO Stanislav Zas has given a briefing in Moscow.")
    assert found["Stanislav Zasya"]["entity_id"] == found["Stanislav Zas"]["entity_id"]
    assert same_person("Robert Kocharian", "Robert Kocharyan")


def test_people_with_similar_names_stay_apart():
    found = _entities_of("Russian Presidential Spokesman Dmitry Peskov said that it was necessary to clarify it.",
                         "Political scientist Dmitry Orlov said the decision was expected.",
                         "Sergei Ivanov met the delegation in Minsk.",
                         "Viktor Ivanov met the delegation in Minsk. Ivanov said the talks went well.")
    assert found["Dmitry Peskov"]["entity_id"] != found["Dmitry Orlov"]["entity_id"]
    assert found["Sergei Ivanov"]["entity_id"] != found["Viktor Ivanov"]["entity_id"]
    assert found["Ivanov"]["entity_id"] == found["Viktor Ivanov"]["entity_id"]  # same article only
    assert not same_person("Alexander Lukashenko", "Alexander Lukashevich")


def test_unresolvable_surname_is_dropped_not_guessed():
    found = _entities_of("Sergei Ivanov met the delegation in Minsk.", "Ivanov said the talks went well.")
    assert "Ivanov" not in found


def test_country_qualified_ministry_forms_merge():
    found = _entities_of("The Russian Foreign Ministry said the talks would go on.",
                         "It was signed by the Ministry of Foreign Affairs of the Russian Federation.")
    assert found["Russian Foreign Ministry"]["entity_id"] == \
        found["Ministry of Foreign Affairs of the Russian Federation"]["entity_id"]


def test_entity_ids_are_content_derived():
    found = _entities_of("At present the CSTO comprises Armenia and Belarus.")
    assert found["Armenia"]["entity_id"] == stable_id("e", "COUNTRY", "Armenia")


@pytest.mark.slow
def test_every_mention_points_at_its_own_characters(seed_db):
    rows = seed_db.execute("""
        select m.surface, m.char_start, m.char_end, s.char_start as s_start, s.char_end as s_end, f.content
        from core.mentions m join core.documents d using (doc_id) join core.source_files f using (file_id)
        join core.sentences s on s.doc_id = m.doc_id and s.sentence_no = m.sentence_no""").fetchall()
    assert len(rows) > 500
    bad = [r[0] for r in rows if r[5][r[1]:r[2]] != r[0] or not r[3] <= r[1] < r[2] <= r[4]]
    assert bad == []
    n_mentions = seed_db.execute("select count(*) from core.mentions").fetchone()[0]
    assert n_mentions == len(rows)


@pytest.mark.slow
def test_entity_profile_answers_everything_about_a_person(seed_db):
    row = seed_db.execute("""select aliases, n_documents, top_cooccurring from marts.entity_profile
                             where name = 'Stanislav Zas'""").fetchone()
    assert row is not None
    assert {"Stanislav Zas", "Zas", "Stanislav Zasya"} <= set(row[0])
    assert row[1] >= 3 and row[2]
    orphans = seed_db.execute("""select count(*) from core.mentions m anti join core.entities e
                                 using (entity_id)""").fetchone()[0]
    assert orphans == 0

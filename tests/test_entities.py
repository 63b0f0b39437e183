"""Entities and mentions: each kind of variant the issue names, on real sentences of the
corpus, plus people who must stay apart and offsets checked over the whole corpus."""

from collections import Counter

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
    found = _entities_of("Sergei Ivanov met the delegation in Minsk.", "Ivanov said the talks went well.",
                         "Oleg Ivanov and Pavel Ivanov arrived. Ivanov spoke first.")
    assert found["Ivanov"]["name"] == "Ivanov"  # not merged with a namesake of another article
    assert found["Sergei Ivanov"]["name"] == "Sergei Ivanov"
    result = extract([_doc("x", "Oleg Ivanov and Pavel Ivanov arrived. Ivanov spoke first.")])
    assert all(m["surface"] != "Ivanov" for m in result.mention_rows())  # two fit: dropped, not guessed


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


# --- unseen text: abbreviations, transliterations, headlines, places (sentences written for the tests)

from textmine.entities.extract import fits_abbreviation  # noqa: E402
from textmine.entities.people import find_person_names, is_title_case_line  # noqa: E402


def _by_surface(*texts: str) -> dict[str, dict]:
    return _entities_of(*texts)


def test_an_abbreviation_defined_in_brackets_names_the_full_name_for_the_rest_of_the_article():
    found = _by_surface("The Southern Mountain Patrol Force (SMPF) was formed in 2011. "
                        "Two years later the SMPF held its first drills.")
    assert found["SMPF"]["entity_id"] == found["Southern Mountain Patrol Force"]["entity_id"]
    assert found["SMPF"]["entity_type"] == "FORCE"


def test_letters_that_do_not_abbreviate_the_name_before_them_define_nothing():
    assert fits_abbreviation("RRF", "CSTO Rapid Reaction Force")
    assert fits_abbreviation("NKR", "Nagorno-Karabakh Republic")
    assert not fits_abbreviation("UN", "Collective Security Council")
    assert not fits_abbreviation("X", "Xenon Group")


def test_transliterations_of_one_given_name_are_one_person():
    assert same_person("Aleksandr Petrovsky", "Alexander Petrovsky")
    assert same_person("Yuriy Sokolov", "Yuri Sokolov")
    assert same_person("Vyacheslav Orlov", "Viacheslav Orlov")
    assert same_person("Nikolay Belov", "Nikolai Belov")
    assert not same_person("Alexander Petrovsky", "Alexei Petrovsky")
    assert not same_person("Yuri Sokolov", "Yuri Sobolev")


def test_a_headline_is_not_read_as_names_and_a_first_stop_word_is_no_name():
    assert is_title_case_line("Alliance Talks In Bishkek Grow Less Certain")
    assert not is_title_case_line("Officials said the talks in Bishkek grew less certain.")
    text = "Alliance Talks In Bishkek Grow Less Certain"
    assert find_person_names(text, lambda w: False) == []
    found = _by_surface("Oleg Marchenko spoke first. But Marchenko later changed his view.")
    assert "But Marchenko" not in found
    assert found["Marchenko"]["name"] == "Oleg Marchenko"


def test_an_acronym_names_its_own_organisation_not_a_place_spelled_alike():
    found = _by_surface("Georgia and Moldova remain members of GUAM, officials said.",
                        "A naval task group called at Guam last week.")
    assert found["GUAM"]["entity_type"] == "ORGANIZATION"
    assert found["Guam"]["entity_type"] == "COUNTRY"


def test_a_place_in_a_compound_adjective_is_a_mention_of_the_place_not_part_of_the_name():
    found = _by_surface("The Moscow-led Collective Security Treaty Organization met on Friday.")
    assert found["Moscow-led"]["name"] == "Moscow"
    assert found["Collective Security Treaty Organization"]["entity_type"] == "ORGANIZATION"
    assert not any(s.startswith("Moscow-led Collective") for s in found)


def test_places_no_gazetteer_lists_are_found_by_the_words_around_them():
    found = _by_surface(
        "The battalions fired live rounds at the Donguz training range, the district said.",
        "Shelling damaged houses in the villages of Tegh and Kornidzor on Monday.",
        "The ministers met in Burabay (Kazakhstan) to discuss the agenda.",
        "Power returned in several regions by the evening of March 3.")
    assert found["Donguz training range"]["name"] == "Donguz"
    assert found["Donguz training range"]["entity_type"] == "LOCATION"
    assert found["Tegh"]["entity_type"] == found["Kornidzor"]["entity_type"] == "LOCATION"
    assert found["Burabay"]["entity_type"] == "LOCATION"
    assert "March" not in found and "Monday" not in found


def test_a_generic_body_takes_the_lower_case_rest_of_its_name_up_to_the_clause():
    found = _by_surface("The Coordination Council on combating cybercrime was set up in the spring.")
    assert found["Coordination Council on combating cybercrime"]["entity_type"] == "ORGANIZATION"
    found = _by_surface("The Security Council of Armenia met in the evening.")
    assert not any("evening" in s for s in found)


def test_a_region_proclaimed_a_state_is_a_state_and_its_abbreviation_follows_it():
    found = _by_surface("Envoys of the Nagorno-Karabakh Republic (NKR) came to the talks. Baku says the NKR has no standing.")
    assert found["Nagorno-Karabakh Republic"]["entity_type"] == "COUNTRY"
    assert found["NKR"]["entity_id"] == found["Nagorno-Karabakh Republic"]["entity_id"]


def test_a_name_after_a_place_noun_and_at_or_of_is_a_place():
    found = _by_surface("The squadron moved to an air base at Kokaity last spring.",
                        "Talks were held in the town of Dilijan.",
                        "The board of Directors met at noon.")
    assert found["Kokaity"]["entity_type"] == "LOCATION"
    assert found["Dilijan"]["entity_type"] == "LOCATION"
    assert "Directors" not in found


def test_a_surname_no_article_completes_stands_alone_and_a_lone_common_word_is_no_person():
    result = extract([_doc("a", "President Nursultan Abenov opened the session in the capital."),
                      _doc("b", "Abenov's aides declined to comment, an official told reporters."),
                      _doc("c", "The plan, Lebedev said, was never approved by the cabinet."),
                      _doc("d", "Users of Maps and Vesti complained on Monday.")])
    rows = {r["entity_id"]: r for r in result.entity_rows()}
    names = {m["surface"]: rows[m["entity_id"]]["name"] for m in result.mention_rows()}
    assert names["Abenov"] == "Abenov"
    assert names["Lebedev"] == "Lebedev"
    assert "Maps" not in names and "Vesti" not in names


def test_outlets_no_list_holds_are_found_by_a_trade_noun_or_a_web_address():
    found = _by_surface("The minister told the Kabarlar news agency that the drills would go ahead.",
                        "According to the newspaper Ordo Times, the talks stalled.",
                        "Tribuna.kg reported the decision on Monday.",
                        "An Armenian newspaper reported the decision.")
    assert found["Kabarlar"]["entity_type"] == "MEDIA"
    assert found["Ordo Times"]["entity_type"] == "MEDIA"
    assert found["Tribuna.kg"]["entity_type"] == "MEDIA"
    assert found["Armenian"]["entity_type"] == "COUNTRY"


def test_a_byline_names_its_author_whatever_the_names_are():
    found = _by_surface("Why the alliance matters now\nBy Jakub Wrzosek\n\nThe alliance met in May.")
    assert found["Jakub Wrzosek"]["entity_type"] == "PERSON"
    found = _by_surface("The treaty was ratified by Armenia and Belarus, officials said.")
    assert all(r["entity_type"] != "PERSON" for r in found.values())


def test_a_name_in_brackets_after_a_body_is_the_same_body():
    found = _by_surface("The Collective Security Treaty Organization (Organizatsiya Dogovora o Kollektivnoy "
                        "Bezopasnosti) was set up in 2002.",
                        "The Border Guard Service (Pogranichnaya Sluzhba) reported calm on the frontier.",
                        "The Defence Ministry (Moscow) issued a statement.")
    csto = found["Collective Security Treaty Organization"]["entity_id"]
    assert found["Organizatsiya Dogovora o Kollektivnoy Bezopasnosti"]["entity_id"] == csto
    assert found["Pogranichnaya Sluzhba"]["entity_id"] == found["Border Guard Service"]["entity_id"]
    assert found["Moscow"]["entity_type"] == "LOCATION"


def test_a_head_noun_inside_a_title_of_office_or_left_alone_names_no_body():
    found = _by_surface("General Oleg Sorokin, Chief of Staff of the CSTO, spoke to the cadets.",
                        "News Agency Tuesday 4 March .")
    assert not any(s.startswith("Staff") for s in found)
    assert "Agency" not in found
    found = _by_surface("Ivan Tkachenko, Plenipotentiary Representative of the Parliament of Kazakhstan, arrived.")
    assert any(r["entity_type"] == "ORGANIZATION" and "Parliament" in s for s, r in found.items())


def test_a_document_named_in_lower_case_runs_to_the_end_of_its_noun_phrase():
    found = _by_surface("Tajikistan ratified the agreement on joint protection of airspace signed in Bishkek.",
                        "Envoys discussed the new draft decision of the Collective Security Council on "
                        "sending observers to Kyrgyzstan.",
                        "An agreement on trade was signed, and the resolution of all disputes took a year.")
    assert found["agreement on joint protection of airspace"]["entity_type"] == "DOCUMENT"
    assert found["draft decision of the Collective Security Council on sending observers to Kyrgyzstan"][
        "entity_type"] == "DOCUMENT"
    assert not any(s.startswith(("agreement on trade", "resolution of")) for s in found)


def test_one_place_in_two_transliterations_is_one_place():
    found = _by_surface("Troops were sent to the mountain villages of Khinalyg and Dzhek.",
                        "Snow cut off the villages of Khinalig and Dzhek for a week.")
    assert found["Khinalyg"]["entity_id"] == found["Khinalig"]["entity_id"]


def test_the_agency_of_a_dateline_is_an_outlet():
    found = _by_surface("YEREVAN, Jan 10 /ARKA/. The drills will not take place this year.",
                        "ASTANA, 3 March (Kazinform) - The talks ended early.",
                        "WASHINGTON, May 1 (Ministry of Defence) - Nothing changed.")
    assert found["ARKA"]["entity_type"] == "MEDIA"
    assert found["Kazinform"]["entity_type"] == "MEDIA"
    assert found["Ministry of Defence"]["entity_type"] == "ORGANIZATION"


def test_drills_and_operations_no_list_holds_are_found_by_a_year_or_quotes_beside_them():
    found = _by_surface("The exercises Steppe Shield-2023 and Echelon were held near Brest in May 2023.",
                        "Police ran the operation \"Black Poppy\" along the border.",
                        "In June 2021 the ministers met in Minsk to sign the budget for 2022.")
    assert found["Steppe Shield-2023"]["name"] == "Steppe Shield"
    assert found["Steppe Shield-2023"]["entity_type"] == "EXERCISE"
    assert found["Black Poppy"]["entity_type"] == "OPERATION"
    assert not any(r["entity_type"] == "EXERCISE" for s, r in found.items() if "Minsk" in s or "June" in s)


def test_a_headline_yields_known_names_not_its_verbs_and_nouns():
    found = _by_surface("Kyrgyz Senate Ratifies Protocol On Alliance Forces",
                        "Belarusian Defence Ministry Denies Report On Troop Withdrawal",
                        "Lukashenko Calls For Unity At Minsk Summit")
    assert found["Kyrgyz"]["name"] == "Kyrgyzstan" and found["Minsk"]["entity_type"] == "LOCATION"
    assert found["Belarusian Defence Ministry"]["entity_type"] == "ORGANIZATION"
    assert not any(len(s.split()) >= 4 for s in found)
    assert "Troop Withdrawal" not in found


def test_working_groups_and_commissions_named_in_lower_case_are_bodies():
    found = _by_surface("Since then a working group on cyber threats and an intergovernmental commission on "
                        "arms supplies were set up.",
                        "The group worked on the plan all year.")
    assert found["working group on cyber threats"]["entity_type"] == "ORGANIZATION"
    assert found["intergovernmental commission on arms supplies"]["entity_type"] == "ORGANIZATION"
    assert not any("plan" in s for s in found)


def test_an_entity_keeps_its_id_when_the_counts_of_its_forms_tip():
    """Two forms of one body: the name shown is the more mentioned one, but the id must not
    move with the counts, or one new article would rewrite the entity in every other one."""
    from assets.entities import link_keys
    long_form = ("Military Academy of the General Staff of the Armed Forces of the Russian Federation",
                 "ORGANIZATION", None, None)
    short_form = ("Military Academy of the General Staff of the Russian Armed Forces", "ORGANIZATION", None, None)
    ids_a, entries_a = link_keys(Counter({long_form: 5, short_form: 4}))
    ids_b, entries_b = link_keys(Counter({long_form: 5, short_form: 6}))
    assert ids_a[long_form] == ids_a[short_form] == ids_b[long_form] == ids_b[short_form]
    assert entries_a[ids_a[long_form]].name == long_form[0]
    assert entries_b[ids_b[long_form]].name == short_form[0]  # the name follows the counts


def test_person_spellings_merge_as_when_every_pair_is_compared(monkeypatch):
    """Only names that share a surname key are compared; the people found must be exactly
    those of comparing every pair (transliterations, inflections, one-letter typos, initials)."""
    import importlib
    linking = importlib.import_module("textmine.entities.extract")  # the package's `extract` is a function
    names = ["Aleksandr Lukashenko", "Alexander Lukashenko", "Alyaksandr Lukashenka", "A. Lukashenko",
             "Nikol Pashinyan", "Nikol Pashinian", "Sadyr Zhaparov", "Sadyr Japarov", "Kassym-Jomart Tokayev",
             "Kassym-Zhomart Tokaev", "Emomali Rahmon", "Emomali Rakhmon", "Stanislav Zas", "Stanislav Zasya",
             "Imangali Tasmagambetov", "Imangali Tasmagambetova", "Sergei Shoigu", "Sergey Shoygu", "Yuri Khachaturov",
             "Yury Khachaturov", "Valery Semerikov", "Valeri Semerikov", "Nikolai Bordyuzha", "Nikolay Bordyuzha"]
    counts = Counter({n: len(names) - i for i, n in enumerate(names)})
    blocked = linking._person_entries(counts)
    monkeypatch.setattr(linking, "_person_keys", lambda name: {"every pair"})
    every_pair = linking._person_entries(counts)
    assert blocked == every_pair
    assert blocked["Alexander Lukashenko"] == blocked["Aleksandr Lukashenko"]
    assert blocked["Sadyr Japarov"] == blocked["Sadyr Zhaparov"]
    assert blocked["Sergei Shoigu"] != blocked["Nikolai Bordyuzha"]

"""Event detection and typing on real sentences, participants from hand-made mentions,
merging of reports across articles, and the published events and timeline."""

from datetime import date

import pytest

from textmine.events import EventCandidate, MentionRef, detect_events, drop_repeats
from textmine.happenings import happening_ids
from textmine.timex import find_timexes

PUB = date(2020, 5, 15)


def events_of(sentence: str, published: date | None = PUB, mentions=()) -> list:
    return detect_events(sentence, find_timexes(sentence, published), list(mentions))


def types_of(sentence: str, published: date | None = PUB) -> list[str]:
    return [e.event_type for e in events_of(sentence, published)]


@pytest.mark.parametrize("sentence, expected", [
    ("The Treaty entered into force upon completion of the national ratification procedures on April 20, 1994.",
     "entry_into_force"),
    ("On October 7, 2002, the CSTO Charter was approved.", "agreement"),
    ("On November 5, 2019, Vyacheslav Volodin was re-elected Chairman of the Parliamentary Assembly.",
     "election_appointment"),
    ("In 2004, the CSTO Joint Staff was formed to coordinate military cooperation.", "establishment"),
    ("On 22 April 2024, the CSTO Secretariat hosted a working meeting with the UN centre.", "meeting"),
    ("In 2019, about 12,000 people took part in all these exercises.", "exercise"),
    ("It was later joined by the Republic of Azerbaijan and the Republic of Belarus (1993).", "membership_change"),
    ("In Armenia, he was accused of overthrowing the constitutional order in 2008 and was called to resign.",
     "resignation"),
    ("On May 9 we all celebrated the 75th anniversary of the Victory.", "anniversary"),
    ("In 2021 the parliament ratified the agreement on peacekeeping.", "ratification"),
    ("In March 2021 the CSTO delivered humanitarian aid to Kyrgyzstan.", "assistance"),
])
def test_event_type_from_the_predicate(sentence, expected):
    assert types_of(sentence)[0] == expected


def test_each_clause_states_its_own_happening():
    sentence = ("In 1999, six states signed the Protocol on the Extension of the Treaty, which established a new "
                "procedure (Azerbaijan, Georgia and Uzbekistan terminated their Treaty membership).")
    assert sorted(types_of(sentence)) == ["agreement", "membership_change"]  # the "which" clause adds nothing


def test_each_date_of_a_sentence_is_its_own_event():
    sentence = ("In 2001, the Rapid Deployment Forces were established, in 2007, the Peacekeeping Forces were "
                "established, and in 2009, the Rapid Reaction Forces were established.")
    found = events_of(sentence)
    assert sorted(e.timex.date_start.year for e in found) == [2001, 2007, 2009]
    assert {e.event_type for e in found} == {"establishment"}


def test_named_exercises_are_separate_happenings():
    sentence = ("In 2020, we plan to conduct joint exercises: exercise Poisk-2020 in Armenia; "
                "Kobalt 2020 exercise involving special units in Tajikistan.")
    found = events_of(sentence)
    assert [e.timex.text for e in found] == ["2020", "2020"]
    assert all(e.event_type == "exercise" for e in found)


@pytest.mark.parametrize("sentence", [
    "Today the situation in the CSTO area of responsibility is much more stable.",  # relative, no happening word
    "Interview with RIA Novosti, 11:00 AM, 15.05.2020",  # a dateline
    "We have prepared the 2021-2025 Military Cooperation Development Plan.",  # the years a plan covers
    "Stanislav Zas said a few words about the goals for 2021.",
    "18 years have passed since the organization was founded.",  # a duration dates nothing
    "The country is going through hard times now.",
])
def test_sentences_that_date_no_happening(sentence):
    assert events_of(sentence) == []


def test_undated_article_keeps_the_event_without_a_date():
    found = events_of("The CSTO Collective Security Council session was held on Thursday in Bishkek.", None)
    assert len(found) == 1
    assert found[0].event_type == "meeting" and found[0].timex.date_start is None


def test_participants_are_entity_ids_and_places_go_to_location():
    sentence = "On 24 April 2024, in Moscow, the CSTO Secretariat held consultations with Kazakhstan."
    mentions = [MentionRef(sentence.index("Moscow"), sentence.index("Moscow") + 6, "en_moscow", "LOCATION"),
                MentionRef(sentence.index("CSTO"), sentence.index("CSTO") + 4, "en_csto", "ORGANIZATION"),
                MentionRef(sentence.index("Kazakhstan"), sentence.index("Kazakhstan") + 10, "en_kaz", "COUNTRY"),
                MentionRef(sentence.index("CSTO") + 5, sentence.index("CSTO") + 16, "en_csto", "ORGANIZATION")]
    (event,) = events_of(sentence, mentions=mentions)
    assert event.participants == ("en_csto", "en_kaz")
    assert event.location_id == "en_moscow"


def _candidate(doc: str, sentence_no: int, sentence: str, participants: tuple[str, ...] = ()) -> EventCandidate:
    event = events_of(sentence)[0]
    from dataclasses import replace
    return EventCandidate(doc, sentence_no, replace(event, participants=participants))


def test_reports_of_one_summit_in_three_articles_are_one_happening():
    sentence = "On November 28, 2019 the Collective Security Council met in Bishkek."
    reports = [_candidate(f"d{i}", 3, sentence, ("en_csc",)) for i in range(3)]
    other = _candidate("d0", 9, "On November 28, 2019 the ministers met in Minsk.", ("en_cfm",))
    happening = happening_ids(reports + [other], {})
    assert len({happening[c.key] for c in reports}) == 1
    assert happening[other.key] != happening[reports[0].key]  # same day, another meeting, another doc sentence


def test_year_precise_events_merge_only_on_shared_specific_participants():
    a = _candidate("d1", 1, "In 2020, the exercise was held in Belarus.", ("en_brotherhood",))
    b = _candidate("d2", 4, "In 2020, an exercise was held in Tajikistan.", ("en_kobalt",))
    c = _candidate("d3", 2, "In 2020, the exercise took place.", ("en_brotherhood",))
    happening = happening_ids([a, b, c], {"en_brotherhood": 0, "en_kobalt": 0})
    assert happening[a.key] == happening[c.key] != happening[b.key]


def test_a_repeat_inside_one_article_is_listed_once():
    first = _candidate("d1", 5, "The CFM meeting will be held on May 26 by videoconference.")
    again = _candidate("d1", 40, "The upcoming meeting on May 26 will discuss it.")
    elsewhere = _candidate("d2", 2, "The CFM meeting will be held on May 26 by videoconference.")
    kept = drop_repeats([first, again, elsewhere])
    assert [c.key for c in kept] == [first.key, elsewhere.key]


def test_published_events_and_timeline(seed_db):
    con = seed_db
    n_events, n_dated = con.execute(
        "select count(*), count(date_start) from core.events").fetchone()
    assert n_dated >= 40 and n_events >= n_dated
    # no relative date in an article without a date of its own
    undated_relative = con.execute("""select count(*), count(e.date_start) from core.events e
        join core.documents d using (doc_id)
        join core.time_expressions t on t.doc_id = e.doc_id and t.sentence_no = e.sentence_no and t.text = e.date_text
        where d.published_on is null and e.date_is_relative and coalesce(t.anchor, '') <> 'text'""").fetchone()
    assert undated_relative[0] > 0 and undated_relative[1] == 0  # kept, with NULL dates
    assert con.execute("select count(*) from core.events where date_start > date_end").fetchone()[0] == 0
    rows = con.execute("select date_start, n_documents, doc_ids from marts.timeline").fetchall()
    assert len(rows) > 0 and len(rows) <= n_dated
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert all(len(r[2]) == r[1] for r in rows)
    # the same entry into force is reported by two articles of the seeds: one row, two documents
    docs = con.execute("""select n_documents from marts.timeline
        where event_type = 'entry_into_force' and date_start = date '1994-04-20'""").fetchall()
    assert docs == [(2,)]


def test_several_named_operations_on_one_date_are_several_happenings():
    sentence = "This year we will conduct operations Kanal, Nelegal and Naemnik."
    mentions = [MentionRef(sentence.index(n), sentence.index(n) + len(n), f"en_{n.lower()}", "OPERATION")
                for n in ("Kanal", "Nelegal", "Naemnik")]
    found = events_of(sentence, mentions=mentions)
    assert [e.event_type for e in found] == ["operation"] * 3
    assert sorted(e.participants[0] for e in found) == ["en_kanal", "en_naemnik", "en_nelegal"]
    assert len({(e.event_type, e.ordinal) for e in found}) == 3  # distinct event ids
    single = events_of(sentence, mentions=mentions[:1])
    assert len(single) == 1


def test_two_events_of_one_article_are_never_chained_into_one_happening():
    a1 = _candidate("d1", 1, "In 2020, the exercise was held in Belarus.", ("en_x", "en_y"))
    a2 = _candidate("d1", 7, "In 2020, another exercise was held.", ("en_x", "en_z"))
    b = _candidate("d2", 3, "In 2020, the exercise took place.", ("en_x",))
    happening = happening_ids([a1, b, a2], {"en_x": 0})
    assert happening[a1.key] != happening[a2.key]
    assert happening[b.key] in (happening[a1.key], happening[a2.key])


# ---------------------------------------------------------------- unseen house styles (issue 14)

from textmine.events import editions_kept, headline_event, in_dateline, lede_event  # noqa: E402


@pytest.mark.parametrize("sentence, published", [
    ("Minsk, 14 May 2011 (Agency News) -- The defence minister says the council will meet again.", date(2011, 5, 14)),
    ("Brussels (Wire) Mar 3, 2010 The alliance has approved a new plan of action.", date(2010, 3, 3)),
    ("DUSHANBE (Local News / Agency - 5th April, 2017) The secretary general said the talks went well.",
     date(2017, 4, 5)),
    ("SOURCE: Daily Courier, June 2, 2009, p. 3 by Ivan Petrov", date(2009, 6, 2)),
])
def test_the_datelines_date_dates_no_happening(sentence, published):
    found = events_of(sentence, published)
    assert all(e.timex.date_start != published or e.timex.is_relative for e in found)
    dateline = [t for t in find_timexes(sentence, published) if not t.is_relative]
    assert dateline and all(in_dateline(sentence, t) for t in dateline)


def test_a_date_that_opens_prose_is_no_dateline():
    sentence = "On 14 May 2011 the defence ministers met in Minsk to discuss the joint air defence."
    (event,) = events_of(sentence, None)
    assert event.timex.date_start == date(2011, 5, 14) and event.event_type == "meeting"


def test_a_year_bounding_a_plan_dates_nothing_and_lends_no_year():
    sentence = "Until June 3 nobody knew that the ministers had endorsed a programme until 2030."
    found = events_of(sentence, None)
    assert all(e.timex.text != "2030" for e in found)
    assert all(e.timex.date_start is None for e in found)  # "June 3" of an undated article stays unresolved
    # a year that is a happening's own date still dates it
    assert [e.timex.date_start.year for e in events_of("The council was founded in 2002.", None)] == [2002]


def test_a_month_does_not_borrow_the_year_of_another_full_date():
    sentence = "Prosecutors charged him in May, months after the October 2011 vote."
    (charged, *_) = sorted(find_timexes(sentence, None), key=lambda t: t.start)
    assert charged.text == "in May" and charged.date_start is None


def _edition_article(second: str) -> list[bool]:
    pub = date(2015, 9, 20)
    first = "Some 2,000 troops are taking part in the Steppe Shield-2015 drills near the lake."
    found = events_of(first, pub) + events_of(second, pub)
    return [e.timex.text for e, keep in zip(found, editions_kept(found)) if keep]


def test_an_edition_year_does_not_date_an_exercise_the_article_gives_a_day():
    assert _edition_article("The exercise began on Monday at the Donguz range.") == ["Monday"]
    # without a day for the exercise the edition's year is its date
    assert _edition_article("The ministers praised the troops.") == ["2015"]


def test_the_opening_present_perfect_of_a_dated_report_is_dated_to_its_year():
    sentence = "Tajikistan has signed the protocol on joint air defence, the foreign ministry said."
    event = lede_event(sentence, find_timexes(sentence, date(2013, 2, 11)), [], 2013)
    assert event is not None and event.event_type == "agreement"
    assert (event.timex.date_start, event.timex.precision, event.timex.text) == (date(2013, 1, 1), "year", "has signed")
    stative = "Armenia has been a member of the bloc since its founding years, the minister said."
    assert lede_event(stative, [], [], 2013) is None
    dated = "Tajikistan has signed the protocol on Monday, the ministry said."
    assert lede_event(dated, find_timexes(dated, date(2013, 2, 11)), [], 2013) is None


def test_a_headline_in_the_present_states_the_reports_day():
    day = date(2012, 6, 4)
    event = headline_event("Prime Minister Receives Delegation Of The Parliamentary Assembly", [], [], day)
    assert event is not None and event.event_type == "meeting" and event.timex.date_start == day
    assert headline_event("Alliance remains open to closer ties with neighbours", [], [], day) is None  # no act
    assert headline_event("Defence ministers to hold talks in Astana", [], [], day) is None  # future, no verb


@pytest.mark.parametrize("sentence, expected", [
    ("Signs of fresh fighting on the border appeared in March 2014.", "conflict"),  # "signs of" is no signing
    ("In 2003, the Collective Security Treaty Organization's Crisis Response Centre held talks.", "meeting"),
    ("In 2019 the minister told journalists that his government might withdraw from the treaty.", "statement"),
    ("On 3 April 2009 the republic declared that it had suspended its participation in the bloc.",
     "membership_change"),
    ("In 2012 the Republic of Ruritania quit the alliance.", "membership_change"),
    ("In May 2020 the parliamentary assembly adopted an Address to the peoples of the member states.", "statement"),
])
def test_event_type_from_the_act(sentence, expected):
    mentions = []
    if "Crisis Response Centre" in sentence:
        start = sentence.index("Collective")
        mentions = [MentionRef(start, sentence.index("held") - 1, "en_crc", "ORGANIZATION")]
    assert events_of(sentence, mentions=mentions)[0].event_type == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Officials told journalists after Tuesday's meeting that the bloc is ready.", ["meeting"]),
    ("The speaker said the treaty no longer meets today's needs.", []),  # a possessive of no happening
])
def test_a_possessive_date_dates_its_noun(sentence, expected):
    assert types_of(sentence) == expected


def test_an_aim_adds_no_event():
    sentence = "The unit was set up in October 2003 to guard the border, and to provide aid to members in need."
    assert types_of(sentence) == ["establishment"]


def test_a_date_in_a_relative_clause_dates_that_clause_and_its_noun_only():
    dismissed = "Later the cabinet dismissed the envoy, who had served in Riga since 2008."
    assert types_of(dismissed, None) == ["other"]  # a tenure, not a dismissal in 2008
    drills = "The minister praised the drills, which began on Monday near the border."
    assert types_of(drills) == ["exercise"]


def test_words_said_at_a_dated_meeting_are_two_happenings():
    sentence = "The foreign minister gave the remarks during a visit to Astana on 4 June."
    assert sorted(types_of(sentence)) == ["meeting", "statement"]
    # a meeting far from any word of saying is one happening
    assert types_of("On 4 June the defence ministers held a meeting in Astana.") == ["meeting"]


def test_a_headline_restated_with_a_date_in_the_text_is_the_texts():
    day = date(2012, 6, 5)
    head = headline_event("Defence Ministers Meet In Minsk To Discuss Air Defence", [], [], day)
    body = events_of("The defence ministers met on Monday in Minsk.", day)
    assert head is not None and [e.event_type for e in body] == ["meeting"]
    assert editions_kept([head, *body]) == [False, True]
    assert editions_kept([head]) == [True]


@pytest.mark.parametrize("sentence, expected", [
    ("Speaking about border security in 2021, the chief of staff dwelled on the main tasks.", []),
    ("The minister spoke positively about the bloc's performance in 2021, despite the pandemic.", []),
    ("The minister spoke about the summit in Yerevan in 2021.", ["meeting"]),  # a happening as the topic
    ("They were informed about the decisions of the October (2021) session of the Council.", ["meeting"]),
])
def test_a_period_someone_spoke_about_dates_no_happening(sentence, expected):
    assert types_of(sentence) == expected


def test_a_lede_with_only_a_topic_period_is_still_dated_by_the_report():
    sentence = ("The chief of staff has given a briefing on the results of the joint staff's work in 2021 and "
                "the plans for 2022.")
    event = lede_event(sentence, find_timexes(sentence, date(2022, 2, 1)), [], 2022)
    assert event is not None and event.event_type == "statement" and event.timex.date_start == date(2022, 1, 1)


from textmine.events import carried_event, refers_back  # noqa: E402


def _earlier(sentence: str, published: date | None = PUB) -> list:
    return events_of(sentence, published)


def test_a_further_act_at_a_dated_meeting_takes_its_date():
    earlier = _earlier("On 3 March 2019 a meeting of the defence ministers was held in Minsk.")
    follow = "At the meeting, a new chief of the Joint Staff was appointed."
    assert refers_back(follow)
    event = carried_event(follow, [], [], earlier)
    assert event is not None and event.event_type == "election_appointment"
    assert event.timex.date_start == date(2019, 3, 3)
    speech = carried_event("In her address, the minister said that air defence must be joint.", [], [], earlier)
    assert speech is not None and speech.event_type == "statement"


@pytest.mark.parametrize("follow", [
    "During the meeting, the sides talked for three hours.",  # the meeting itself, restated
    "During the meetings we also discussed new equipment.",  # several meetings: no one date
    "The ministers praised the new equipment.",  # no reference back
])
def test_no_date_is_carried_without_a_further_act_at_one_happening(follow):
    earlier = _earlier("On 3 March 2019 a meeting of the defence ministers was held in Minsk.")
    assert carried_event(follow, [], [], earlier) is None


def test_a_carried_date_is_never_invented():
    earlier = _earlier("The summit was held on Thursday in Bishkek.", None)
    event = carried_event("At the summit, a new Secretary General was elected.", [], [], earlier)
    assert event is not None and event.timex.date_start is None


def test_a_month_a_plan_is_for_is_when_it_happens_but_a_year_names_a_period():
    assert types_of("Two joint exercises are planned for September.") == ["exercise"]
    assert types_of("The secretary general spoke about the goals for 2021.") == []


def test_a_short_bracket_is_no_clause_and_meeting_a_goal_is_no_meeting():
    sentence = ("The speakers adopted a resolution on the establishment of the Assembly of Parliaments (AP) "
                "at their session of March 5, 2001.")
    assert types_of(sentence) == ["establishment"]
    assert types_of("In 2021 the members set out a plan for meeting the new goals.") == ["other"]


def test_a_lede_may_end_in_a_closing_quote_but_a_headline_has_no_stop():
    from textmine.events import is_lede
    assert is_lede('The minister said: "We have approved the new plan of joint action today."')
    assert not is_lede("Bloc To Hold Air Defence Drills In Tajikistan Next Week")


@pytest.mark.parametrize("sentence, expected", [
    ("On Friday the summit adopted 12 documents on military cooperation.", "agreement"),
    ("On Friday the council took a decision to create a joint air defence force.", "establishment"),
    ("On Friday the two journalists were released after questioning.", "other"),
    ("On Friday thousands took to the streets in mass protests in the capital.", "conflict"),
])
def test_acts_that_relative_dates_date(sentence, expected):
    assert types_of(sentence) == [expected]


def test_a_clause_set_off_by_commas_ends_at_its_closing_comma():
    sentence = "The president, who has led the republic since 1996, said on Friday that the bloc must act."
    assert sorted(types_of(sentence)) == ["other", "statement"]  # a tenure, and the saying
    assert sorted(types_of("The Charter, which was signed in 2002, entered into force in 2003.")) == \
        ["agreement", "entry_into_force"]

"""The date normaliser on real phrases: explicit forms, ranges, relative expressions
resolved against the article's date, and the traps (numbers that look like years,
relative dates in undated articles)."""

from datetime import date

import pytest

from textmine.calendar_spans import season_span, shift, week_span
from textmine.timex import Timex, article_timexes, find_timexes

PUB = date(2020, 5, 15)  # a Friday


def only(sentence: str, published: date | None = PUB) -> Timex:
    found = [t for t in find_timexes(sentence, published) if t.kind == "date"]
    assert len(found) == 1, found
    return found[0]


def dated(sentence: str, published: date | None = PUB) -> tuple[str, str, str | None]:
    t = only(sentence, published)
    return (str(t.date_start), str(t.date_end), t.precision)


@pytest.mark.parametrize("sentence, expected", [
    ("Collective Security Treaty signed in Tashkent on May 15, 1992.", ("1992-05-15", "1992-05-15", "day")),
    ("The Treaty entered into force on 20 April 1994.", ("1994-04-20", "1994-04-20", "day")),
    ("Interview of the Secretary General, 16.04.2024", ("2024-04-16", "2024-04-16", "day")),
    ("The decision of 2020-05-15 was published.", ("2020-05-15", "2020-05-15", "day")),
    ("In May 2020 CSTO foreign ministers adopted a Statement.", ("2020-05-01", "2020-05-31", "month")),
    ("In 2004, the CSTO Joint Staff was formed.", ("2004-01-01", "2004-12-31", "year")),
    ("Uzbekistan was a member until 2012.", ("2012-01-01", "2012-12-31", "year")),
    ("the decisions of the November (2019) session", ("2019-11-01", "2019-11-30", "month")),
    ("which took place at the end of 2020", ("2020-01-01", "2020-12-31", "year")),
    ("in the first half of 2019 the talks stalled", ("2019-01-01", "2019-06-30", "month")),
    ("reforms of the 1990s", ("1990-01-01", "1999-12-31", "year")),
])
def test_explicit_forms(sentence, expected):
    t = only(sentence)
    assert (str(t.date_start), str(t.date_end), t.precision) == expected
    assert not t.is_relative and t.anchor is None


@pytest.mark.parametrize("sentence, expected", [
    ("From 1 to 23 April 2024, the Military Academy hosted a course.", ("2024-04-01", "2024-04-23", "day")),
    ("The course ran April 1-23, 2024.", ("2024-04-01", "2024-04-23", "day")),
    ("from 30 March to 2 April 2021 the drills went on", ("2021-03-30", "2021-04-02", "day")),
    ("The programme covers 2021-2023.", ("2021-01-01", "2023-12-31", "year")),
    ("Between 2010 and 2015 the force grew.", ("2010-01-01", "2015-12-31", "year")),
    ("the pandemic of 1957-58", ("1957-01-01", "1958-12-31", "year")),
    ("from March to May 2020 the borders were closed", ("2020-03-01", "2020-05-31", "month")),
])
def test_ranges(sentence, expected):
    assert dated(sentence) == expected


def test_range_across_months_without_year_takes_the_articles_year():
    t = only("Exercises are planned for September and October.")
    assert (t.date_start, t.date_end, t.precision, t.is_relative) == (date(2020, 9, 1), date(2020, 10, 31),
                                                                      "month", True)


@pytest.mark.parametrize("sentence, expected", [
    ("Last year, sessions of the statutory bodies were held on-line.", ("2019-01-01", "2019-12-31", "year")),
    ("This year, the CSTO is chaired by Kazakhstan.", ("2020-01-01", "2020-12-31", "year")),
    ("Next week we will begin peacekeeping exercises.", ("2020-05-18", "2020-05-24", "day")),
    ("The ministers met yesterday in Minsk.", ("2020-05-14", "2020-05-14", "day")),
    ("The summit was held on Thursday in Bishkek.", ("2020-05-14", "2020-05-14", "day")),
    ("The ministers will meet on Monday.", ("2020-05-18", "2020-05-18", "day")),
    ("In April, the Centre held remote consultations.", ("2020-04-01", "2020-04-30", "month")),
    ("In November last year, the CSTO carried out a test.", ("2019-11-01", "2019-11-30", "month")),
    ("At the November summit, Astana presented its priorities.", ("2019-11-01", "2019-11-30", "month")),
    ("the CFM meeting, which will be held on May 26", ("2020-05-26", "2020-05-26", "day")),
    ("Stanislav Zas, who took office early this year, spoke.", ("2020-01-01", "2020-12-31", "year")),
    ("in the first half of the year the plan was met", ("2020-01-01", "2020-06-30", "month")),
    ("Two years ago the centre opened.", ("2018-01-01", "2018-12-31", "year")),
    ("On the same day, a round table was held.", ("2020-05-15", "2020-05-15", "day")),
])
def test_relative_resolved_against_publication(sentence, expected):
    t = only(sentence)
    assert (str(t.date_start), str(t.date_end), t.precision) == expected
    assert t.is_relative and t.anchor == "published_on"


@pytest.mark.parametrize("sentence", [
    "The summit was held on Thursday in Bishkek.",
    "Next week we will begin peacekeeping exercises on the territory of Belarus.",
    "The next year, the CSTO chairmanship passes to Russia.",
    "we expect that this year the process of ratification will be completed",
    "The opening of the session took place in September.",
    "October 7 was the 18th anniversary of the signing of the Charter.",
])
def test_no_date_is_guessed_in_an_undated_article(sentence):
    t = only(sentence, published=None)
    assert t.date_start is None and t.date_end is None and t.precision is None
    assert t.is_relative


def test_same_day_leans_on_the_previous_date_and_stays_unknown_when_it_is():
    undated = article_timexes(["October 7 was the anniversary.", "On the same day, a round table was held."], None)
    assert undated[1][0].date_start is None
    dated_ = article_timexes(["The Charter was signed on October 7, 2002.", "On the same day, a reception was held."],
                             PUB)
    assert (dated_[1][0].date_start, dated_[1][0].anchor) == (date(2002, 10, 7), "text")


def test_years_later_counts_from_the_year_the_text_states():
    found = article_timexes(["The Treaty was signed back in 1992.", "The Organization was established 10 years later."],
                            None)
    later = found[1][0]
    assert (later.date_start, later.precision, later.is_relative, later.anchor) == (date(2002, 1, 1), "year", True, "text")
    nothing_before = find_timexes("Two years later he left the post.", PUB)
    assert nothing_before[0].date_start is None


@pytest.mark.parametrize("sentence", [
    "about 2,000 troops took part",
    "some 2000 servicemen took part",
    "a force of 1500 troops was deployed",
    "UN Security Council Resolution 1540 was adopted",
    "The budget grew by 2000 rubles.",
])
def test_numbers_that_look_like_years_are_not_dates(sentence):
    assert not [t for t in find_timexes(sentence, PUB) if t.date_start is not None]


@pytest.mark.parametrize("sentence, year", [
    ("Unbreakable Brotherhood 2019 drills ended", 2019),
    ("exercise Interaction-2020 with the CRDF", 2020),
    ("pointing to a 2009 analysis by the budget office", 2009),
    ("In 2000 troops were withdrawn", 2000),
])
def test_years_inside_names_and_before_nouns(sentence, year):
    assert only(sentence).date_start == date(year, 1, 1)


def test_month_without_year_in_undated_article_takes_the_year_the_sentence_states():
    t = [x for x in find_timexes("In October, after the Brotherhood 2019 drills, equipment was donated.", None)
         if x.text.endswith("October")][0]
    assert (t.date_start, t.precision) == (date(2019, 10, 1), "month")


def test_modal_may_is_not_a_month():
    assert not find_timexes("The parties may meet again to discuss it.", PUB)
    assert only("The book is due to be published in May.").date_start == date(2020, 5, 1)


def test_past_tense_month_after_publication_month_is_last_years():
    t = only("Evana told reporters in August she was unaware of the scheme.", date(2013, 3, 22))
    assert t.date_start == date(2012, 8, 1)


@pytest.mark.parametrize("sentence, kind", [
    ("18 years have passed since the organization was founded", "duration"),
    ("The exercises are conducted every year.", "set"),
    ("And in the evening, Moscow let off fireworks.", "time"),
])
def test_other_kinds_carry_no_calendar_date(sentence, kind):
    found = find_timexes(sentence, PUB)
    assert [t.kind for t in found] == [kind]
    assert found[0].date_start is None


def test_present_references_are_dates_without_calendar_value():
    t = only("The country is going through hard times now.")
    assert t.date_start is None and not t.calendar


def test_offsets_point_at_the_words():
    sentence = "Back in March, the first thing we did was to send staff home."
    t = only(sentence)
    assert sentence[t.start:t.end] == t.text == "in March"


def test_calendar_spans():
    assert week_span(date(2020, 5, 15)).start == date(2020, 5, 11)
    assert season_span(2020, "winter").end == date(2021, 2, 28)
    assert shift(date(2020, 1, 31), "month", -1).start == date(2019, 12, 1)


def test_dates_far_outside_the_calendar_stay_unresolved_instead_of_crashing():
    from datetime import date as _date

    from textmine.timex import article_timexes
    [[far]] = article_timexes(["The fortress was built 743 years ago."], _date(2020, 5, 15))
    assert far.date_start is None and far.precision is None


# ---------------------------------------------------------------- undated articles (issue 14)

def _by_text(sentence: str, published: date | None) -> dict:
    return {t.text: t for t in find_timexes(sentence, published)}


def test_an_undated_month_day_takes_a_bare_year_its_sentence_states():
    found = _by_text("In 2006 the force was formed, and on 9 March it held its first drills.", None)
    assert found["9 March"].date_start == date(2006, 3, 9)
    # a name's year stated after the month ("in May, after the Frontier 2017 drills") also places it
    found = _by_text("In May, after the Frontier 2017 drills, the bloc handed over equipment.", None)
    assert found["In May"].date_start == date(2017, 5, 1)


@pytest.mark.parametrize("sentence, unresolved", [
    ("Ministers agreed a strategy until 2030 and will review it on 12 November.", "12 November"),
    ("The members adopted a programme till 2025 and met again on 4 June.", "4 June"),
    ("Police held him in July, a year on from the April 2009 vote.", "in July"),
])
def test_an_undated_article_does_not_borrow_a_year_that_dates_something_else(sentence, unresolved):
    found = _by_text(sentence, None)
    assert found[unresolved].date_start is None and found[unresolved].is_relative


def test_a_bounding_year_is_still_a_time_expression():
    found = _by_text("The summit endorsed a strategy until 2030.", None)
    assert found["2030"].date_start == date(2030, 1, 1)


def test_a_headline_infinitive_is_future():
    t = only("Bloc to hold air defence drills in Belarus 14-18 September", date(2015, 8, 30))
    assert t.date_start == date(2015, 9, 14)
    past = only("The bloc held air defence drills in Belarus 14-18 September.", date(2015, 8, 30))
    assert past.date_start == date(2014, 9, 14)


def test_rules_skipped_for_want_of_a_digit_or_a_month_would_have_matched_nothing():
    """The gate before the rules (a digit, a month's name) only spares work: every rule
    run on every sentence finds the same candidates."""
    import textmine.timex as timex

    assert timex._NEEDS_DIGIT | timex._NEEDS_MONTH <= set(timex.RULES_BY_NAME)
    sentences = ["The drills ran from 3 to 7 May 2021 and again in the spring.",
                 "Talks between March and May were put off until next year.",
                 "In the early 2000s the staff met twice a year, most recently in Sept.",
                 "The ministers met yesterday and will meet again on Friday.",
                 "Two weeks later the council adopted the plan for the coming year.",
                 "No date at all is written here."]
    for s in sentences:
        everything = [(m.start(), m.end(), i) for i, rule in enumerate(timex.RULES) for m in rule.pattern.finditer(s)
                      if m.end() > m.start()]
        gated = [(m.start(), m.end(), i) for i, rule in timex._rules_for(s) for m in rule.pattern.finditer(s)
                 if m.end() > m.start()]
        assert gated == everything, s
    assert len(timex._rules_for(sentences[-1])) < len(timex.RULES)  # the gate does skip rules

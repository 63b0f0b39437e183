"""Splitting files into articles and reading their headers, on the shipped corpus and on
header styles it does not contain."""

from datetime import date

import pytest

from textmine.articles import split_articles
from textmine.headers import author_from_byline, is_headline, parse_date_line, parse_dateline_opening

# (file, [(published_on, precision, genre), ...]) as a careful reader sees the shipped files
EXPECTED = {
    "000_6ed19b5a171ace37.txt": [(None, None, "reference_page"), (date(2020, 5, 15), "day", "news"),
                                 (date(2020, 5, 15), "day", "interview")],
    "001_ee163aba4bf054da.txt": [(date(2024, 4, 24), "day", "news"), (date(2024, 4, 24), "day", "news"),
                                 (date(2024, 4, 22), "day", "news"), (date(2024, 4, 16), "day", "interview")],
    "002_7a3e846db86a41d5.txt": [(None, None, "interview")],
    "003_743dec8484922d2a.txt": [(date(2021, 2, 8), "day", "briefing")],
    "004_efd0c74b005f1966.txt": [(None, None, "news")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shipped_files_split_into_their_articles(raw_texts, name):
    articles = split_articles(raw_texts[name])
    got = [(a.published_on, a.published_precision, a.genre) for a in articles]
    assert got == EXPECTED[name]
    text = raw_texts[name]
    for a, b in zip(articles, articles[1:]):
        assert a.char_end <= b.char_start
        assert text[a.char_end:b.char_start].strip() == ""
    assert text[:articles[0].char_start].strip() == "" and text[articles[-1].char_end:].strip() == ""


def test_headline_date_and_byline_are_read(raw_texts):
    [briefing] = split_articles(raw_texts["003_743dec8484922d2a.txt"])
    assert briefing.title == "Briefing by CSTO Secretary General Stanislav Zas"
    assert briefing.author == "Yuri Menshikov"


def test_interview_outlet_comes_from_its_header(raw_texts):
    interview = split_articles(raw_texts["000_6ed19b5a171ace37.txt"])[2]
    assert interview.outlet == "RIA Novosti"
    assert interview.title.startswith("Stanislav Zas: There is no threat")


def test_news_item_reporting_someone_elses_interview_is_not_that_outlets_article(raw_texts):
    news = split_articles(raw_texts["000_6ed19b5a171ace37.txt"])[1]
    assert "interview to RIA Novosti" in raw_texts["000_6ed19b5a171ace37.txt"][news.char_start:news.char_end]
    assert news.outlet is None


@pytest.mark.parametrize("line, expected, precision", [
    ("24.04.2024", date(2024, 4, 24), "day"),
    ("11:12 08.02.2021 • Yuri Menshikov , editor", date(2021, 2, 8), "day"),
    ("Interview with RIA Novosti, 11:00 AM, 15.05.2020", date(2020, 5, 15), "day"),
    ("15 May 2020", date(2020, 5, 15), "day"),
    ("April 24, 2024", date(2024, 4, 24), "day"),
    ("Published: 3 March 2015 14:05", date(2015, 3, 3), "day"),
    ("Monday, November 7, 2011", date(2011, 11, 7), "day"),
    ("2019-11-28 | Kazinform", date(2019, 11, 28), "day"),
    ("June 2008", date(2008, 6, 1), "month"),
])
def test_date_lines_in_many_styles(line, expected, precision):
    parsed = parse_date_line(line)
    assert parsed is not None
    assert (parsed.date.value, parsed.date.precision) == (expected, precision)


@pytest.mark.parametrize("line", [
    "On October 7, 2002, the CSTO Charter was approved.",
    "In 1999, Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan signed the Protocol.",
    "The summit of 15 May 2020 discussed the situation on the Tajik-Afghan border and decided to "
    "strengthen the border troops of the member states with new equipment.",
    "15 May 2020 the Council met in Minsk to approve the budget.",
    "About 2,000 troops took part.",
])
def test_sentences_with_dates_are_not_date_lines(line):
    assert parse_date_line(line) is None


def test_wire_dateline_gives_date_only_with_a_year():
    dated, outlet = parse_dateline_opening("MOSCOW, May 15, 2020 (TASS) - The CSTO Secretary General said ...")
    assert (dated.value, outlet) == (date(2020, 5, 15), "TASS")
    undated, outlet = parse_dateline_opening("BISHKEK, November 28 (Sputnik) - Leaders of the CSTO met ...")
    assert undated is None and outlet == "Sputnik"


def test_date_in_the_future_or_before_1900_is_not_a_publication_date():
    [article] = split_articles("CSTO summit opens\n\n15.05.2031\n\nLeaders met in Minsk today to talk.\n",
                               today=date(2026, 1, 1))
    assert article.published_on is None
    assert article.notes


def test_digest_of_dated_items_and_an_undated_repeated_headline():
    text = ("12.03.2019\n\nThe CSTO Secretary General met the Foreign Minister of Armenia in Yerevan today.\n\n\n"
            "13.03.2019\n\nThe Joint Staff held a planning conference for the exercise in Minsk.\n\n\n"
            "Leaders agree to expand cooperation\n\nLeaders agree to expand cooperation\n\n"
            "The heads of state agreed to deepen military cooperation, according to the statement.\n")
    articles = split_articles(text)
    assert [a.published_on for a in articles] == [date(2019, 3, 12), date(2019, 3, 13), None]
    assert articles[2].title == "Leaders agree to expand cooperation"


@pytest.mark.parametrize("line, author", [
    ("By John Smith", "John Smith"),
    ("Yuri Menshikov , editor", "Yuri Menshikov"),
    ("Anna Petrova, correspondent", "Anna Petrova"),
    ("The CSTO Secretary General said", None),
])
def test_bylines(line, author):
    assert author_from_byline(line) == author


def test_headlines_are_short_unfinished_lines():
    assert is_headline("CSTO prepares to expand and repel militant attacks")
    assert not is_headline("— What will the Organization lose if Armenia withdraws from the Organization?")
    assert not is_headline("The CSTO has established itself as an effective system of collective security, "
                           "and it was possible to prevent crises in its area of responsibility over the years.")

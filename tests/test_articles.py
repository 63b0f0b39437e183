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


@pytest.mark.parametrize("opening, expected_date, expected_outlet", [
    # place in title case, date, bracketed outlet, double dash
    ("Bishkek, 14 April 2003 (RFE/RL) -- The defence ministers of the treaty states met on Monday.",
     date(2003, 4, 14), "RFE/RL"),  # the name as the dateline writes it
    # place, bracketed outlet, then the date, no closing dash
    ("Minsk (UPI) Sep 3, 2007 Belarus has asked its allies to speed up the air defence system.",
     date(2007, 9, 3), "UPI"),
    # outlet and date inside one bracket: the carrying outlet comes first
    ("ASTANA (Steppe Daily / Kazinform - 4th March, 2019) The ministers agreed on a plan.",
     date(2019, 3, 4), "Steppe Daily"),
    # a year-less dateline gives the outlet, never a date
    ("YEREVAN, October 2. /TASS/. The organisation will hold its summit in the capital.", None, "TASS"),
    ("ASTANA, 3 March (Kazinform) The council met behind closed doors.", None, "Kazinform"),
    # a date and a dash open the paragraph, with no place
    ("March 3, 2010 -- The secretaries of the security councils gathered in Moscow.", date(2010, 3, 3), None),
])
def test_datelines_in_the_orders_wires_write_them(opening, expected_date, expected_outlet):
    dated, outlet = parse_dateline_opening(opening)
    assert (dated.value if dated else None, outlet) == (expected_date, expected_outlet)


@pytest.mark.parametrize("opening", [
    "Russia, Belarus and Kazakhstan signed the protocol on 15 May 2002 in Moscow.",
    "Putin (the president since 2012) said the bloc was ready to help.",
    "Moscow, Minsk and Astana agreed - finally - on the budget.",
])
def test_sentences_opening_with_a_place_are_not_datelines(opening):
    assert parse_dateline_opening(opening) == (None, None)


@pytest.mark.parametrize("line, expected", [
    ("9 Jul 04", date(2004, 7, 9)),          # a two-digit year, alone on its line
    ("21.11.98", date(1998, 11, 21)),
    ("09:41 | 12/ 06/ 2011", date(2011, 6, 12)),  # spaces after the separators
    ("NEWS  14 February 2022 - 16:20", date(2022, 2, 14)),
    ("August 2, 2006, Wednesday", date(2006, 8, 2)),
])
def test_more_header_date_styles(line, expected):
    parsed = parse_date_line(line)
    assert parsed is not None and parsed.date.value == expected


def test_a_day_and_month_alone_mark_an_item_but_date_nothing():
    parsed = parse_date_line("10:05, 21 March")
    assert parsed is not None and parsed.date.value is None and (parsed.date.month, parsed.date.day) == (3, 21)
    assert parse_date_line("The ministers will meet on 21 March") is None


def test_a_photo_caption_ending_in_a_date_is_not_a_date_line():
    assert parse_date_line("Kazakhstan - Soldiers unload equipment at the training ground near Almaty, 3 May 2019.") is None


DIGEST = """Ministers to meet in Minsk next week
09:15, 3 November
The foreign ministers of the organisation will meet in Minsk on Tuesday, the ministry said.
The agenda includes the situation in Central Asia.

Secretary General visits Dushanbe
17:40, 5 November
The Secretary General arrived in Dushanbe on Thursday for talks with the defence minister.
"""


def test_digest_items_with_year_less_date_lines_are_split_and_left_undated():
    items = split_articles(DIGEST)
    assert [a.title for a in items] == ["Ministers to meet in Minsk next week", "Secretary General visits Dushanbe"]
    assert [a.published_on for a in items] == [None, None]
    assert DIGEST[items[1].char_start:].startswith("Secretary General visits Dushanbe")


def test_a_title_printed_twice_in_two_wordings_above_the_date_line_is_one_header():
    text = ("Treaty states to hold joint border drill in Tajikistan in early May\n\n"
            "Treaty states to hold a joint border exercise in Tajikistan 3-7 May\n\n"
            "Regional military news service\n9 Apr 05\n\n"
            "The exercise will involve units of four member states, a spokesman said on Friday.\n")
    [article] = split_articles(text)
    assert article.published_on == date(2005, 4, 9) and article.title.startswith("Treaty states to hold joint")


def test_dateline_after_a_summary_lead_dates_the_article():
    text = ("The head of the bloc is concerned over the fighting on the border, his spokesman said on Monday\n\n"
            "MOSCOW (Steppe Daily / Sputnik - 12th October, 2021) The head of the bloc is concerned over the "
            "fighting on the border, his spokesman said on Monday.\n")
    [article] = split_articles(text)
    assert (article.published_on, article.outlet) == (date(2021, 10, 12), "Steppe Daily")


def test_a_name_alone_under_the_date_line_signs_the_piece():
    text = ("Why the bloc stalls\n\nANALYSIS  03 May 2021 - 10:08\n\nGulnara Ismailova\n\n"
            "The bloc met again on Monday and agreed on nothing new, officials said.\n")
    assert split_articles(text)[0].author == "Gulnara Ismailova"

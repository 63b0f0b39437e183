"""Where a text states its outlet and its title: datelines, source lines and labels, captions
and bylines. Sentences written for the tests (invented outlets such as "Steppe Daily"), in the
house styles wires and databases use."""

from datetime import date

import pytest

from textmine.articles import split_articles
from textmine.headers import (
    author_from_byline,
    domain_name,
    find_outlet,
    is_byline,
    is_caption,
    is_headline,
    labelled_source,
    parse_dateline_opening,
    source_line,
)


@pytest.mark.parametrize("opening, expected_date, expected_outlet", [
    # a date without a place, then the slashed agency
    ("June 4. /ITAR-TASS/. The secretary general said the bloc would meet in autumn.", None, "ITAR-TASS"),
    # place, full date, the outlet named bare before the dash
    ("ALMATY, May 5, 2011, Steppe Daily — The council met behind closed doors.", date(2011, 5, 5), "Steppe Daily"),
    ("Yerevan, Armenia, May 5, 2012, Steppe Daily: The council met.", date(2012, 5, 5), "Steppe Daily"),
    # a place in capitals and an agency in capitals
    ("ASTANA. STEPPEINFORM - The council met behind closed doors.", None, "STEPPEINFORM"),
    ("Almaty. 15 March. INTERFAX-STEPPE - The ministers met on Friday.", None, "INTERFAX-STEPPE"),
    # the month in capitals, the agency closed by a full stop
    ("YEREVAN, JULY 13, 2010, STEPPEPRESS. The ministers met on Friday.", date(2010, 7, 13), "STEPPEPRESS"),
    # the agency right after the closing dash
    ("BISHKEK, May 5 — Steppe.kg news agency, by Jane Doe. The council met.", None, "Steppe.kg"),
    # a known agency keeps the name as written
    ("Moscow. March 3. INTERFAX - The council met.", None, "INTERFAX"),
])
def test_outlets_stated_in_datelines(opening, expected_date, expected_outlet):
    dated, outlet = parse_dateline_opening(opening)
    assert (dated.value if dated else None, outlet) == (expected_date, expected_outlet)


@pytest.mark.parametrize("opening, expected_date", [
    ("ALMATY (Kazakhstan) - The council met.", None),             # a country is not an outlet
    ("ALMATY (Photo) - The council met.", None),                  # nor a caption word
    ("MOSCOW, May 5, 2011, Tuesday — The council met.", date(2011, 5, 5)),  # nor a weekday
    ("MOSCOW, May 5, 2011, Russia — The council met.", date(2011, 5, 5)),
    ("MOSCOW, May 5, 2011 — The news agency said the council met.", date(2011, 5, 5)),
    ("NATO (North Atlantic Treaty Organization) is a military bloc.", None),  # a name spelled out
    ("MOSCOW (Shanghai Cooperation Organisation) - The bloc met.", None),     # a body, not a medium
])
def test_dateline_words_that_are_not_outlets(opening, expected_date):
    dated, outlet = parse_dateline_opening(opening)
    assert outlet is None and (dated.value if dated else None) == expected_date


def test_a_name_defined_by_its_abbreviation_is_not_a_dateline():
    assert parse_dateline_opening("Shanghai Cooperation Organisation (SCO) has held a summit.") == (None, None)
    assert parse_dateline_opening("Steppe Defence Council (Steppe News) decided to meet.") == (None, None)


@pytest.mark.parametrize("line, outlet", [
    ("Agency WXY", "WXY"),
    ("Steppe Daily news agency", "Steppe Daily"),
    ("Interfax-Steppe regional news agency website", "Interfax-Steppe"),
    ("Steppe.kz", "Steppe.kz"),
    ("RIA Novosti", "RIA Novosti"),
    # ordinary lines and lines whose only capital is their first word are not source lines
    ("Regional military news service", None),
    ("Moscow news agency", None),
    ("CSTO prepares to expand and repel militant attacks", None),
])
def test_source_lines(line, outlet):
    assert source_line(line) == outlet


@pytest.mark.parametrize("line, outlet", [
    ("SOURCE: Steppe Daily, July 2, 2005, p. 4", "Steppe Daily"),
    ("Publication: Steppe Monitor Vol: 3 No: 12", "Steppe Monitor"),
    # a periodical the gazetteer lists under its publisher
    ("Publication: Eurasia Daily Monitor Vol: 3 No: 12", "Jamestown Foundation"),
    ("Source: steppe.am", "steppe.am"),
    ("Source: https://www.steppe.kz/news/2011/05/05/1234", "steppe.kz"),
    ("Copyright 2003 The Steppe Times", "The Steppe Times"),
    ("(c) 2005 Steppe Agency. All rights reserved.", "Steppe Agency"),
    ("© Photo: Jane Doe", None),
    ("Source: the ministry's press service", None),
    ("Published: 3 March 2015 14:05", None),
    ("Copyright laws were changed in 2005", None),
])
def test_labelled_sources(line, outlet):
    assert labelled_source(line) == outlet


def test_gazetteer_outlets_are_kept_as_written_with_their_regional_suffix():
    assert find_outlet("a spokeswoman for the ministry said to Itar-Tass on Monday") == "Itar-Tass"
    assert find_outlet("Interfax-Kazakhstan reported") == "Interfax-Kazakhstan"
    assert find_outlet("the rt of the report") is None  # short aliases only as written
    assert find_outlet("the interfax of the report") is None  # a name starts with a capital
    assert find_outlet("as lenta.ru wrote on Monday") == "lenta.ru"  # a site address in any case


def test_site_addresses_but_not_initials_or_urls():
    assert domain_name("Analysis published on Steppe.Az") == "Steppe.Az"
    assert domain_name("Minister M.Ivanov takes part") is None
    assert domain_name("Website: http://house.example.by/en/") is None


def test_captions_and_bylines():
    assert is_caption("Jane Doe at a conference in Minsk (file photo)")
    assert not is_caption("The photo exhibition opened in Minsk")
    assert is_byline("By Jane Doe, senior fellow at the Steppe Institute")
    assert author_from_byline("By Jane Doe, senior fellow at the Steppe Institute") == "Jane Doe"
    assert not is_byline("By 2030, the bloc will have a joint air defence")
    assert author_from_byline("by land and sea, the troops moved") is None


def test_a_line_in_capitals_is_a_headline_even_with_a_full_stop():
    assert is_headline("ALLIANCE OPENS A NEW STAFF COLLEGE IN MINSK.")
    assert not is_headline("The alliance opened a new staff college in Minsk on Friday, the ministry said.")


def test_a_byline_with_a_role_is_not_the_title():
    text = ("By Jane Doe, senior fellow at the Steppe Institute\n"
            "Why the alliance keeps its members\n"
            "March 3, 2011\n"
            "The alliance has kept its members for three decades, and it will keep them.\n")
    [article] = split_articles(text)
    assert article.title == "Why the alliance keeps its members"
    assert article.author == "Jane Doe" and article.genre == "article"


DIGEST_DATABASE = """Agency WXY
Regional Press Digest. Section 4 (Steppe)
September 14, 2007, Friday
JANE DOE: OUR ALLIANCE NEEDS A NAVY
SOURCE: Steppe Daily, September 14, 2007, p. 2
by John Roe
The commander is touring the coastal bases this month. Our correspondent met her in Aktau.
Question: Why does a land alliance need ships?
Jane Doe: Because two of its members border a sea.
"""


def test_a_press_database_header_names_its_publication_above_the_date_and_the_headline_below():
    [article] = split_articles(DIGEST_DATABASE)
    assert article.title == "JANE DOE: OUR ALLIANCE NEEDS A NAVY"
    assert article.published_on == date(2007, 9, 14)
    assert article.outlet == "Steppe Daily"  # the source line names the original, not the carrier
    assert article.author == "John Roe"


def test_a_page_that_opens_with_its_date_prints_the_title_under_it():
    text = ("12 May 2014\n"
            "Defence ministers of the alliance meet in Minsk\n"
            "The defence ministers met in Minsk on Monday to discuss joint air defence.\n")
    [article] = split_articles(text)
    assert article.title == "Defence ministers of the alliance meet in Minsk"
    assert article.published_on == date(2014, 5, 12)


def test_a_caption_does_not_give_the_outlet_but_the_interviewers_label_does():
    text = ("Interview: An economist on the alliance's budget\n"
            "Jane Doe of the Valdai Club, at a forum in Sochi (file photo)\n"
            "Our correspondent asked the economist Jane Doe what the alliance spends and on what.\n"
            "RFE/RL: What is left of the alliance?\n"
            "Jane Doe: Very little. It meets, and it issues statements.\n"
            "RFE/RL: Will the members stay?\n"
            "Jane Doe: Most of them will, for lack of anything better.\n")
    [article] = split_articles(text)
    assert article.genre == "interview"
    assert article.title == "Interview: An economist on the alliance's budget"
    assert article.outlet == "RFE/RL"


def test_the_outlet_that_holds_an_interview_is_its_outlet():
    text = ("Alliance budget to grow, economist says\n"
            "Analysis published on Steppe.Az\n"
            "ECONOMY  14 May 2021 - 08:45\n"
            "Steppe.Az has conducted an interview with the economist Jane Doe.\n"
            "- Ms Doe, will the alliance change?\n"
            "- It will, but slowly.\n"
            "- Why slowly?\n"
            "- Because its members disagree.\n")
    [article] = split_articles(text)
    assert article.outlet == "Steppe.Az"
    assert article.published_on == date(2021, 5, 14)


def test_a_dateline_after_a_dated_header_still_names_the_outlet():
    text = ("Alliance to open a training centre in Bishkek\n\n"
            "June 4, 2011, 09:05\n\n"
            "\"The centre will train officers of all member states,\" the chief of staff said\n\n"
            "June 4. /ITAR-TASS/. The alliance will open a training centre for officers in Bishkek.\n")
    [article] = split_articles(text)
    assert (article.published_on, article.outlet) == (date(2011, 6, 4), "ITAR-TASS")


def test_a_source_footer_names_the_outlet():
    text = ("Dushanbe (UPI) Border guards of three member states will train together in spring.\n"
            "Source: United Press International\n")
    [article] = split_articles(text)
    assert article.outlet == "United Press International"


def test_no_outlet_where_the_text_states_none():
    text = ("Alliance to hold drills in autumn\n\n"
            "The alliance will hold its drills in Belarus in autumn, the ministry said on Friday.\n")
    [article] = split_articles(text)
    assert article.outlet is None


@pytest.mark.parametrize("dateline, published", [
    ("ASTANA, 3 March (Steppeinform)", None),  # no year: the outlet, never a date
    ("ASTANA, March 3, 2011 (Steppeinform)", date(2011, 3, 3)),
])
def test_a_dateline_on_a_line_of_its_own_is_not_the_title(dateline, published):
    text = (f"Alliance ministers meet in Astana\n\n{dateline}\n\n"
            "The defence ministers of the alliance met in Astana on Tuesday to discuss air defence.\n")
    [article] = split_articles(text)
    assert (article.title, article.published_on, article.outlet) == (
        "Alliance ministers meet in Astana", published, "Steppeinform")


def test_a_photo_credit_is_not_a_copyright_line():
    assert labelled_source("© Sputnik / Jane Doe") is None
    assert labelled_source("Source: Steppe Daily news agency, Astana, in Russian 0930 gmt 3 Jun 01") == "Steppe Daily"


def test_an_ordinary_word_opening_a_headline_is_not_an_agency_of_that_name():
    text = ("Trend of militarisation grows in Central Asia\n\n"
            "The states of the region spend more on defence every year, according to a new study.\n")
    assert split_articles(text)[0].outlet is None
    text = ("Trend News Agency: alliance to hold drills\n\n"
            "The alliance will hold drills in the summer, the ministry said.\n")
    assert split_articles(text)[0].outlet == "Trend News Agency"


def test_a_persons_affiliation_in_brackets_is_not_a_dateline():
    assert parse_dateline_opening("Jane Doe (RFE/RL) said that the bloc is weak.") == (None, None)
    assert parse_dateline_opening("MOSCOW (RFE/RL) The bloc is weak, analysts say.") == (None, "RFE/RL")


def test_a_name_alone_under_the_date_line_signs_the_piece_and_is_not_its_title():
    text = ("OPINION  17 November 2021 - 16:40\n\nAnna Petrova\n\n"
            "The alliance is at a crossroads, and its members know it.\n")
    [article] = split_articles(text)
    assert article.title is None and article.published_on == date(2021, 11, 17)
    text = ("OPINION  17 November 2021 - 16:40\n\nAlliance at a crossroads\n\n"
            "The alliance is at a crossroads, and its members know it.\n")
    assert split_articles(text)[0].title == "Alliance at a crossroads"

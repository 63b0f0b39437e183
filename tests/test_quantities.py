"""Numeric facts read from real sentences; years, dates and names are not quantities."""

import pytest

from textmine.quantities import extract_quantities


def _values(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.qualifier) for f in extract_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    ("In 2019, about 12,000 people took part in all these exercises.", [(12000, "people", "about")]),
    ("Every year, we conduct six to eight different military and special exercises.",
     [(6, "exercises", None), (8, "exercises", None)]),
    ("the CSTO donated military equipment and weapons worth of 320 mln rubles to Tajikistan.",
     [(320e6, "RUB", None)]),
    ("Our resource has published more than 35 such articles and reports during the four months of this year.",
     [(35, "articles", "more than"), (4, "months", None)]),
    ("which established an automatic five-year extension procedure", [(5, "years", None)]),
    ("Today the Collective Security Treaty celebrates its 28th year; the CSTO its 18th",
     [(28, "years", None), (18, "years", None)]),
    ("hosted the regular IX Training Courses of the CSTO member states", [(9, "edition", None)]),
    ("the budget grew to 1.5 million dollars", [(1.5e6, "USD", None)]),
    ("over 200 troops arrived", [(200, "troops", "over")]),
    ("two thousand servicemen took part", [(2000, "troops", None)]),
])
def test_quantities(text, expected):
    assert _values(text) == expected


@pytest.mark.parametrize("text", [
    "In 2004, the CSTO Joint Staff was formed.",                          # a year
    "On November 28, 2019 the Council approved a List of Measures.",      # a date
    "Interview with RIA Novosti, 11:00 AM, 15.05.2020",                   # time and numeric date
    "This is prescribed by Article 3 of our Organization’s Charter.",     # an article number
    "The 201st Russian military base was strengthened by the S-300 PS systems and Mi-8 helicopters.",
    "command and staff exercise Kobalt 2020 exercise involving special units",  # year inside a name
    "From 1 to 23 April 2024, the Academy hosted the courses.",           # a date range
    "The problem is that there are several wars, not just one or two.",  # no counted thing
])
def test_not_quantities(text):
    assert extract_quantities(text) == []


def test_repeated_anniversary_has_one_key():
    a = extract_quantities("On May 9 we all celebrated the 75th anniversary of the Victory in the Great Patriotic War.")
    b = extract_quantities("In commemoration of the 75th anniversary of the Great Victory, all states pay tribute.")
    assert a[0].key == b[0].key


@pytest.mark.parametrize("text, expected", [
    # the counted noun closes a run of modifiers
    ("Police found 312 illegal arms caches and 27 drug laboratories.", [312, 27]),
    ("Over 150 weapon systems were deployed.", [150]),
    # thousands written with a space
    ("about 3 150 rounds of ammunition were seized", [3150]),
    # "one" before a unit noun, and in a compound
    ("Each state will send one battalion to the force.", [1]),
    ("the minister was on a one-day visit to Minsk", [1]),
    # ordinal words that rank an edition, a time or a member
    ("It was the fourth joint exercise of the peacekeepers.", [4]),
    ("He visited the secretariat for the third time.", [3]),
    ("Iran became the organisation's ninth member.", [9]),
    # a demonym counts people; an age; a qualified count whose noun came before
    ("the road links the 40,000 Armenians of the valley with the republic", [40000]),
    ("The general, who is 61, was born in Tbilisi.", [61]),
    ("Their strength will total up to 4,500.", [4500]),
    ("The brigade, numbering 3,200, left the base.", [3200]),   # a sum whose noun came before
])
def test_counts_in_more_shapes(text, expected):
    assert [f.value for f in extract_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "The Second World War ended in September.",          # an ordinal inside a name
    "The second option proved unnecessary.",             # a rank of no counted thing
    "They are preparing a second front in the region.",
    "One of the officers said the talks went well.",     # the pronoun "one"
    "Turnout in the region reached 18.",                 # a bare number without a noun or qualifier
])
def test_ranks_and_bare_numbers_that_count_nothing(text):
    assert extract_quantities(text) == []


def test_ordinal_word_gives_one_row_per_span():
    """"sixth" is read once (as an ordinal word), not also as "six" plus "th"."""
    facts = extract_quantities("The sixth round of consultations will open in Geneva next week.")
    assert [(f.value, f.text) for f in facts] == [(6, "sixth")]
    assert len({(f.start, f.end) for f in facts}) == len(facts)


@pytest.mark.parametrize("text, expected", [
    # the noun right after the number is what is counted, even when the table lacks it
    ("The contingent has 1,800 paratroopers and 90 armoured vehicles.",
     [(1800, "paratroopers"), (90, "vehicles")]),
    # the counted noun is not looked for past the clause's verb ("last year" is not the unit)
    ("Nine firms were chosen last year for the programme.", [(9, "firms")]),
    # casualties stated without a noun
    ("Four people died and 23 were wounded in the shelling.", [(4, "people"), (23, "people")]),
    ("The blast left 7 dead and 19 injured.", [(7, "people"), (19, "people")]),
    # a force's strength
    ("A 2,500-strong contingent moved to the border.", [(2500, "people")]),
    ("A 400-man company was sent to the airport.", [(400, "people")]),
    # an age after a word for people
    ("The order sent home all staff over 65.", [(65, "years")]),
    # a qualified single period
    ("For almost a decade the post stayed vacant.", [(1, "decades")]),
    ("It is the 4th time the council meets in Minsk.", [(4, "times")]),
    ("Police detained 40 women and six children.", [(40, "people"), (6, "people")]),
])
def test_counted_noun_and_elliptic_counts(text, expected):
    assert [(f.value, f.unit) for f in extract_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "Two-thirds of the deputies backed the motion.",     # a fraction, not a count of two
    "Exports were 3 1/2 times higher than before.",      # a mixed fraction
    "Both sides were killed by the delay, he joked.",   # no number at all
    "A year later the treaty lapsed.",                   # an unqualified "a year" states no amount
    "The troops over there were tired.",                 # "over" without a number
])
def test_fractions_and_bare_periods_are_not_counts(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize("text, expected", [
    # the first plural noun closes the run of modifiers, even past the table's words
    ("The ministry will shut 37 small rural post offices next spring.", [(37, "offices")]),
    ("Seven of the night convoys were turned back.", [(7, "convoys")]),
    # ages: set off by commas after a name, hyphenated, "he is", "people 70 and older"
    ("Colonel Petrov, 57, was named chief of staff.", [(57, "years")]),
    ("A 34-year-old sergeant was decorated.", [(34, "years")]),
    ("The pension covers people 70 and older.", [(70, "years")]),
    # currency codes before the number
    ("The programme will cost RUB 4 billion.", [(4e9, "RUB")]),
    ("Aid worth US$ 12 million was sent.", [(12e6, "USD")]),
    # a possessive period
    ("He received two years' probation.", [(2, "years")]),
    # a year-shaped count with a qualifier or a counted noun
    ("About 1900 sappers were deployed.", [(1900, "sappers")]),
    # the noun is not sought past "when": "he was 19" is an age
    ("He was 19 when the soldiers arrived in the village.", [(19, "years")]),
])
def test_more_counted_shapes(text, expected):
    assert [(f.value, f.unit) for f in extract_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "The 2018 agreements were never ratified.",            # a year before a plural noun after "the"
    "Since then, in 2017 exercises were held twice.",      # a year after a preposition
    "For details call +7 812 555 01 23.",                   # a phone number
    "The vote in the UN, 130 to 12, went against the draft.",  # a tally set off by commas, not an age
    "Russia, 2024, was the host of the forum.",             # a year set off by commas is not an age
    "The tally was 4 but inspectors doubted it.",           # the noun phrase ends at "but"
    "Quotas: Belarus, 40, Armenia, 35, were agreed.",      # figures after state names are no ages
    "Posted by the editors, 14 comments",                   # web page furniture
    "Gallery: photo 3 of 9 photos",
])
def test_years_phones_and_lists_are_not_counts(text):
    assert [f.value for f in extract_quantities(text)] == []


@pytest.mark.parametrize("text, expected", [
    ("Two hundred sappers were flown in.", [200]),
    ("One hundred and twenty cadets took the oath.", [120]),
    ("The manoeuvres drew three thousand four hundred servicemen.", [3400]),
    ("The thirtieth anniversary of the accord was marked in Astana.", [30]),
    ("The forty-second session of the council opened.", [42]),
    ("It was the bloc's 7th joint exercise this year.", [7]),
])
def test_number_words_and_ordinals(text, expected):
    assert [f.value for f in extract_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "The 106th Guards Airborne Division was put on alert.",  # an ordinal in a unit's name
    "The 58th combined-arms army headquarters moved.",        # ranks no edition, time or member
    "Hundreds of residents left the town.",                   # no exact number
])
def test_ordinal_names_and_vague_amounts(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Between 1,000-1,200 reservists will be called up.", [(1000, "reservists"), (1200, "reservists")]),
    ("Prices rose by 8-9 percent.", [(8, "percent"), (9, "percent")]),
    ("Yerevan will spend 12 billion drams on the barracks.", [(12e9, "AMD")]),
    ("The deal is worth £35 million.", [(35e6, "GBP")]),
    ("It was the 12th CSTO summit in the capital.", [(12, "session")]),
])
def test_ranges_currencies_and_acronyms(text, expected):
    assert [(f.value, f.unit) for f in extract_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "The decree of 12-04-2019 created 3",                  # a numeric date is no range
    "The 2019-2020 plan was adopted in Minsk.",            # a span of years
    "Call 8-800-555-35-35 for help.",                      # a phone number
])
def test_hyphenated_dates_and_phones(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize("text, expected", [
    ("The IV Forum of Border Guards opened in Astana.", [4]),
    ("the annual XI Conference on Regional Security", [11]),
    ("After World War II Soviet troops left the region.", []),   # a roman numeral inside a name
    ("Under Chapter VII Member States may use force.", []),
])
def test_roman_editions(text, expected):
    assert [f.value for f in extract_quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("The fund grew to 2,5 million dollars.", [2.5e6]),     # a decimal comma before a scale word
    ("The register lists 2,500 names.", [2500]),            # a thousands comma
    ("Debt reached 1.4 trln rubles.", [1.4e12]),
])
def test_decimal_comma_and_abbreviated_scales(text, expected):
    assert [f.value for f in extract_quantities(text)] == pytest.approx(expected)

"""Positions read from real sentences of the corpus, one test per pattern, and what must
not be read as an office."""

import pytest

from textmine.positions import extract_positions


def _facts(text: str) -> set[tuple]:
    return {(f.person, f.title, f.organization, f.qualifier) for f in extract_positions(text)}


@pytest.mark.parametrize("text, expected", [
    # pre-modifier: state adjective + title + name
    ("We discussed this with Russian President Vladimir Putin and Russian Foreign Minister Sergei Lavrov.",
     {("Vladimir Putin", "President", "Russia", None), ("Sergei Lavrov", "Minister of Foreign Affairs", "Russia", None)}),
    # pre-modifier: organisation + title, with a tenure qualifier
    ("At the press conference in Bishkek, the acting CSTO Secretary General Valery Semerikov said that a circle",
     {("Valery Semerikov", "Secretary General", "Collective Security Treaty Organization", "acting")}),
    ("Such statements were voiced by German Chancellor Angela Merkel, former US Secretary of State Henry Kissinger.",
     {("Angela Merkel", "Chancellor", "Germany", None), ("Henry Kissinger", "Secretary of State", "United States", "former")}),
    # title of body + name
    ("It was attended by Prime Minister of Armenia Nikol Pashinyan.",
     {("Nikol Pashinyan", "Prime Minister", "Armenia", None)}),
    ("Director-General of the East-West Strategy Analytical Center Dmitry Orlov told Vestnik Kavkaza that",
     {("Dmitry Orlov", "Director General", "East-West Strategy Analytical Center", None)}),
    # appositives, after and before the name
    ("From the very beginning, I had a conversation with Anna Popova, head of Rospotrebnadzor.",
     {("Anna Popova", "Head", "Rospotrebnadzor", None)}),
    ("A similar charge was brought against the ex-President of Armenia, Robert Kocharian.",
     {("Robert Kocharian", "President", "Armenia", "former")}),
    ("The previous secretary-general of the organization, Yuri Khachaturov, resigned on the initiative of Yerevan.",
     {("Yuri Khachaturov", "Secretary General", "Collective Security Treaty Organization", "former")}),
    # a label closing a chain of two offices
    ("Plenipotentiary Representative of the Parliament of the Republic of Kazakhstan, deputy Executive Secretary "
     "of the CSTO Parliamentary Assembly: Viktor Rogalev",
     {("Viktor Rogalev", "Plenipotentiary Representative", "Parliament of the Republic of Kazakhstan", None),
      ("Viktor Rogalev", "Deputy Executive Secretary", "CSTO Parliamentary Assembly", None)}),
    # plural title with one state and name per holder
    ("It was attended by Presidents of Belarus Alexander Lukashenko, Kazakhstan Kasym-Zhomart Tokayev and "
     "Tajikistan Emomali Rakhmon.",
     {("Alexander Lukashenko", "President", "Belarus", None), ("Kasym-Zhomart Tokayev", "President", "Kazakhstan", None),
      ("Emomali Rakhmon", "President", "Tajikistan", None)}),
    # an outlet's journalist
    ("in his first interview to the media told RIA Novosti’s Elena Protopopova whether there is a threat",
     {("Elena Protopopova", "Journalist", "RIA Novosti", None)}),
])
def test_patterns(text, expected):
    assert _facts(text) == expected


def test_election_gives_qualifier_and_start_date():
    text = "On November 5, 2019, Vyacheslav Volodin was re-elected Chairman of the Parliamentary Assembly."
    [fact] = extract_positions(text)
    assert (fact.person, fact.title, fact.qualifier, str(fact.start_date)) == \
        ("Vyacheslav Volodin", "Chairman", "re-elected", "2019-11-05")


def test_elected_title_before_the_name():
    text = "At the summit, a new CSTO Secretary-General was elected - the representative of Belarus, Stanislav Zasya."
    assert _facts(text) == {("Stanislav Zasya", "Secretary General", "Collective Security Treaty Organization",
                             "elected")}


def test_appositive_without_election_has_no_start_date():
    [fact] = extract_positions("Vyacheslav Volodin, Chairman of the State Duma, spoke first.")
    assert fact.start_date is None and fact.organization == "State Duma"


@pytest.mark.parametrize("text", [
    # a name merely near a title
    "Stanislav Zas met the President in Minsk.",
    "Since taking office, you have already met the Presidents of Russia and Belarus, as well as the Prime Minister.",
    "A joint statement by the UN Secretary General and the CSTO Secretary General was published.",
    # the head of a state is a description, not an office
    "The proposal by the head of the Kyrgyz Republic Sadyr Japarov came at a time of tension.",
])
def test_no_position(text):
    assert extract_positions(text) == []


def test_seed_office_holders_view(seed_db):
    rows = seed_db.execute("select person_name, position, organization_name, earliest_attested, doc_ids "
                           "from marts.office_holders where position = 'Chairman' and person_name like '%Volodin'"
                           ).fetchall()
    earliest = {r[2]: r[3] for r in rows}
    assert str(earliest["CSTO Parliamentary Assembly"]) == "2016-11-24"


@pytest.mark.parametrize("text, expected", [
    # a rank before the name is no part of it
    ("Colonel-General Ivan Dorofeev, Chief of Staff of the CSTO, opened the drill.",
     {("Ivan Dorofeev", "Chief of Staff", "Collective Security Treaty Organization", None)}),
    ("said Lt. Gen. Pavel Orlov, Chief of the General Staff of Belarus.",
     {("Pavel Orlov", "Chief of the General Staff", "Belarus", None)}),
    # "of <state>" after the name gives the body of a bare title
    ("Talks were held by President Emomali Rahmon of Tajikistan.", {("Emomali Rahmon", "President", "Tajikistan", None)}),
    # an outlet before a title is its body; a '-based' adjective is no part of a body's name
    ("TASS correspondent Olga Ivanova asked the minister.", {("Olga Ivanova", "Correspondent", "TASS", None)}),
    ("Maria Kuznetsova, a senior fellow of the Moscow-based Valdai Discussion Club, disagreed.",
     {("Maria Kuznetsova", "Senior Fellow", "Valdai Discussion Club", None)}),
    # a modifier before a known body's name does not change the body
    ("Ivan Sokolov, secretary-general of the Eurasian Collective Security Treaty Organization, arrived.",
     {("Ivan Sokolov", "Secretary General", "Collective Security Treaty Organization", None)}),
    # two offices closing on one name: after a comma, or stacked
    ("It was opened by the Chairman of the Council of Defence Ministers, the Minister of Defence of Belarus, Viktor Khrenin.",
     {("Viktor Khrenin", "Chairman", "CSTO Council of Defence Ministers", None),
      ("Viktor Khrenin", "Minister of Defence", "Belarus", None)}),
    ("CSTO chairman Kazakh President Nursultan Nazarbayev opened the session.",
     {("Nursultan Nazarbayev", "Chairman", "Collective Security Treaty Organization", None),
      ("Nursultan Nazarbayev", "President", "Kazakhstan", None)}),
    # "who is (also)" in an appositive; "will act as"
    ("Ivan Petrov, who is also Chairman of the Council of Elders, arrived.",
     {("Ivan Petrov", "Chairman", "Council of Elders", None)}),
    ("Oleg Belov will act as CSTO secretary-general until the summit.",
     {("Oleg Belov", "Secretary General", "Collective Security Treaty Organization", "acting")}),
])
def test_more_shapes_of_office(text, expected):
    assert _facts(text) == expected


def test_a_state_office_takes_no_body_from_a_nearby_organisation():
    facts = _facts("Armenia considers itself outside of the Collective Security Treaty Organization, "
                   "Prime Minister Nikol Pashinyan told the parliament.")
    assert facts == {("Nikol Pashinyan", "Prime Minister", None, None)}


def test_a_bare_title_takes_the_body_the_article_gives_the_same_person():
    from textmine.positions import fill_bodies
    facts = (extract_positions("Kazakh President Kassym-Jomart Tokayev met the delegation.")
             + extract_positions("Later President Kassym-Jomart Tokayev thanked the allies.")
             + extract_positions("President Ivan Ivanov said nothing."))
    assert [f.organization for f in facts] == ["Kazakhstan", None, None]
    assert [f.organization for f in fill_bodies(facts)] == ["Kazakhstan", "Kazakhstan", None]


@pytest.mark.parametrize("text, expected", [
    # a title-case headline: the verb after the name is no part of it, "Analyst Says" is no name
    ("President Kassym-Jomart Tokayev Meets Secretary General of the Collective Security Treaty Organization Ivan Petrov",
     {("Kassym-Jomart Tokayev", "President", None, None),
      ("Ivan Petrov", "Secretary General", "Collective Security Treaty Organization", None)}),
    ("Interview: Analyst Says Bloc Is Weak", set()),
    # "senior" and "first deputy" belong to the title
    ("Kazakhstan's senior presidential adviser Marat Sultanov arrived.",
     {("Marat Sultanov", "Senior Presidential Adviser", "Kazakhstan", None)}),
    ("Chief of the CSTO Joint Staff Lieutenant-General Pavel Orlov opened the drill.",
     {("Pavel Orlov", "Chief of the Joint Staff", "Collective Security Treaty Organization", None)}),
    ("We plan to act, the bloc's secretary-general Ivan Petrov said.",
     {("Ivan Petrov", "Secretary General", "Collective Security Treaty Organization", None)}),
    ("Belarusian Deputy Security Council Secretary Pavel Murashko told reporters about the drill.",
     {("Pavel Murashko", "Deputy Secretary of the Security Council", "Belarus", None)}),
    ("Russian First Deputy Foreign Minister Ivan Orlov said so.",
     {("Ivan Orlov", "First Deputy Minister of Foreign Affairs", "Russia", None)}),
])
def test_headlines_and_senior_titles(text, expected):
    assert _facts(text) == expected


def test_the_author_a_byline_credits_is_a_journalist_of_the_outlet():
    from textmine.positions import byline_position
    source = "SOURCE: Steppe Daily, 3 May 2019, p. 2 by Anna Petrova"
    fact = byline_position(source, "Anna Petrova", "Steppe Daily", extract_positions(source))
    assert (fact.person, fact.title, fact.organization) == ("Anna Petrova", "Journalist", "Steppe Daily")
    # a byline that names another role is read as that role, not as the outlet's journalist
    signed = "By Anna Petrova, Senior Fellow of the Caspian Institute"
    assert byline_position(signed, "Anna Petrova", "Steppe Daily", extract_positions(signed)) is None
    assert byline_position("The summit ended.", "Anna Petrova", "Steppe Daily", []) is None


@pytest.mark.parametrize("text, expected", [
    ("Ivan Petrov, who heads the Caspian Institute, disagreed.", {("Ivan Petrov", "Head", "Caspian Institute", None)}),
    ("Olga Sokolova, who chairs the CSTO Parliamentary Assembly, opened the session.",
     {("Olga Sokolova", "Chairman", "CSTO Parliamentary Assembly", None)}),
    ("Emomali Rahmon, who has led Tajikistan since 1994, spoke first.", set()),  # "has led": no office named
    ("Emomali Rahmon, who leads Tajikistan, spoke first.", set()),  # leading a state is a description
])
def test_who_heads(text, expected):
    assert _facts(text) == expected

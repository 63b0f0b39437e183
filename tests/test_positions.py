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
    facts = _facts("Kyrgyzstan sees no reason to leave the Collective Security Treaty Organization soon, "
                   "Prime Minister Ivan Petrov told deputies on Friday.")
    assert facts == {("Ivan Petrov", "Prime Minister", None, None)}


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


@pytest.mark.parametrize("text, expected", [
    # a hard-wrapped line inside the sentence is a space
    ("The bloc will help, Chairman of\nthe Kyrgyz National Assembly Ivan Petrov said.",
     {("Ivan Petrov", "Chairman", "Kyrgyz National Assembly", None)}),
    # a named unit before the title is its body; the state before the unit is not
    ("The drill is led by Russia's Southern Military District Commander Colonel-General Ivan Orlov.",
     {("Ivan Orlov", "Commander", "Southern Military District", None)}),
    ("Ivan Orlov, an analyst at the Jamestown Foundation, praised the troops.",
     {("Ivan Orlov", "Analyst", "Jamestown Foundation", None)}),
    # two coordinated titles after one name, then the next person's own title
    ("General Boris Kuznetsov, State Secretary and Deputy Interior Minister, Deputy Foreign Minister Petr Smirnov "
     "and the bloc's chief met in Minsk.",
     {("Boris Kuznetsov", "State Secretary", None, None),
      ("Boris Kuznetsov", "Deputy Minister of Internal Affairs", None, None),
      ("Petr Smirnov", "Deputy Minister of Foreign Affairs", None, None)}),
    # coordinated nouns before one name; a state adjective before a profession is a nationality
    ("Russian political analyst and sociologist Ivan Orlov doubts the bloc.",
     {("Ivan Orlov", "Political Analyst", None, None)}),
    # a possessive state spans coordinated offices of that state
    ("He called Kazakhstan's Defence Minister Ivan Sidorov and Security Council Secretary Petr Volkov.",
     {("Ivan Sidorov", "Minister of Defence", "Kazakhstan", None),
      ("Petr Volkov", "Secretary of the Security Council", "Kazakhstan", None)}),
    # ... but not over an office of another kind
    ("Russian Foreign Minister Sergei Lavrov and Secretary General Ivan Orlov met.",
     {("Sergei Lavrov", "Minister of Foreign Affairs", "Russia", None), ("Ivan Orlov", "Secretary General", None, None)}),
    # "his spokesman": the body of the office named before
    ("The Secretary General of the CSTO, Ivan Petrov, is worried, his spokesman Oleg Orlov said.",
     {("Ivan Petrov", "Secretary General", "Collective Security Treaty Organization", None),
      ("Oleg Orlov", "Spokesman", "Collective Security Treaty Organization", None)}),
])
def test_titles_in_coordinations_and_units(text, expected):
    assert _facts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The review is written under senior analysts John Smith, Mary Jones, and analysts Peter Brown and Anne White.",
     {("John Smith", "Senior Analyst", None, None), ("Mary Jones", "Senior Analyst", None, None),
      ("Peter Brown", "Analyst", None, None), ("Anne White", "Analyst", None, None)}),
    # respectively: as many states as names
    ("Defence ministers of Russia, Belarus and Armenia Ivan Orlov, Petr Volkov and Armen Sargsyan signed the plan.",
     {("Ivan Orlov", "Minister of Defence", "Russia", None), ("Petr Volkov", "Minister of Defence", "Belarus", None),
      ("Armen Sargsyan", "Minister of Defence", "Armenia", None)}),
    # lists of different lengths pair nobody; a plural title without names names nobody
    ("Defence ministers of Russia, Belarus and Armenia Ivan Orlov and Petr Volkov signed the plan.", set()),
    ("Foreign ministers of Russia and Belarus met in Minsk on Monday.", set()),
    ("The analysts said the bloc is weak.", set()),
])
def test_plural_titles_over_lists(text, expected):
    assert _facts(text) == expected


def test_an_article_supplies_the_body_a_sentence_leaves_unsaid():
    from textmine.positions import fill_bodies
    about_armenia = ["Armenia froze its participation in the bloc.", "Yerevan wants answers from Moscow.",
                     "Prime Minister Ivan Petrov said so on Monday.", "Armenian officials agreed."]
    facts = extract_positions(about_armenia[2])
    assert [f.organization for f in fill_bodies(facts, [2] * len(facts), about_armenia)] == ["Armenia"]
    # two states named as often: no topic, the body stays unknown
    balanced = ["Armenia and Russia argued.", "Prime Minister Ivan Petrov said so.", "Russia and Armenia met."]
    facts = extract_positions(balanced[1])
    assert [f.organization for f in fill_bodies(facts, [1], balanced)] == [None]
    # a profession works for the one organisation the sentence before names
    staff = ["The Review comes out weekly at the Jamestown Foundation in Washington.",
             "It is edited under senior analysts John Smith and Mary Jones."]
    facts = extract_positions(staff[1])
    assert {f.organization for f in fill_bodies(facts, [1] * len(facts), staff)} == {"Jamestown Foundation"}


def test_surnames_and_pronouns_of_people_the_article_named_in_full():
    from textmine.positions import known_people
    article = ["Retired General Boris Petrov arrived at the court in Minsk.",
               "Prosecutors accuse Petrov of abuse of office from the time he was first deputy interior minister.",
               "Petrov, who is 61, grew up in Omsk and was commander of the Belarusian border troops until 2015.",
               "The bloc confirmed Petrov's recall, saying he was removed from the position of the "
               "organization's secretary-general.",
               "Ivan Orlov, Petrov's former deputy, will act as the CSTO secretary-general until a vote.",
               "Ivan Orlov met Petr Volkov, who said he was defence minister.",
               "Petr Volkov said he was defence minister."]
    people = known_people(article)
    got = [{(f.person, f.title, f.organization, f.qualifier) for f in extract_positions(s, people)} for s in article]
    assert got[1] == {("Boris Petrov", "First Deputy Minister of Internal Affairs", None, "former")}
    assert got[2] == {("Boris Petrov", "Commander", "Belarus", "former")}
    assert got[3] == {("Boris Petrov", "Secretary General", "Collective Security Treaty Organization", "former")}
    # a possessive is never the subject; "he" after two people is nobody, after one is that one
    assert got[4] == {("Ivan Orlov", "Secretary General", "Collective Security Treaty Organization", "acting")}
    assert got[5] == set()
    assert got[6] == {("Petr Volkov", "Minister of Defence", None, "former")}

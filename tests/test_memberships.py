"""Membership actions read from real sentences, one row per listed state."""

from datetime import date

import pytest

from textmine.memberships import extract_memberships


def _facts(text: str, previous: str | None = None) -> set[tuple]:
    return {(f.alpha3, f.body, f.action, f.date_start) for f in extract_memberships(text, previous)}


def test_founding_signatories_with_the_date():
    text = ("The Collective Security Treaty signed in Tashkent (the Republic of Uzbekistan) on May 15, 1992 by the "
            "Heads of the Republic of Armenia, the Republic of Kazakhstan, the Kyrgyz Republic, the Russian "
            "Federation, the Republic of Tajikistan and the Republic of Uzbekistan.")
    facts = _facts(text)
    assert {f[0] for f in facts} == {"ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    assert {f[1:] for f in facts} == {("Collective Security Treaty", "founding_signatory", date(1992, 5, 15))}


def test_list_before_and_after_cues_in_one_sentence():
    text = ("In 1999, Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan signed the Protocol on the "
            "Extension of the Collective Security Treaty (Azerbaijan, Georgia and Uzbekistan terminated their "
            "Treaty membership).")
    facts = _facts(text)
    assert {f[0] for f in facts if f[2] == "withdrew"} == {"AZE", "GEO", "UZB"}
    assert {f[0] for f in facts if f[2] == "member"} == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert {f[3] for f in facts} == {date(1999, 1, 1)}


def test_passive_join_takes_the_body_of_the_previous_sentence():
    text = "It was later joined by the Republic of Azerbaijan, the Republic of Belarus and the Republic of Georgia (1993)."
    assert _facts(text, previous="Collective Security Treaty") == {
        (code, "Collective Security Treaty", "joined", date(1993, 1, 1)) for code in ("AZE", "BLR", "GEO")}


@pytest.mark.parametrize("text, expected", [
    ("Recall that Serbia and Afghanistan have observer status in the CSTO.",
     {("SRB", "observer"), ("AFG", "observer")}),
    ("Moscow is discussing the resumption of participation in the CSTO of Uzbekistan, which several years ago "
     "suspended its activities in the bloc.", {("UZB", "suspended")}),
    ('The Prime Minister has announced the "freezing" of Yerevan\'s participation in the Organization.',
     {("ARM", "reduced_participation")}),
    ("This largest military and political bloc includes six countries: Russia, Belarus, Armenia, Kyrgyzstan, "
     "Kazakhstan and Tajikistan.", {(c, "member") for c in ("RUS", "BLR", "ARM", "KGZ", "KAZ", "TJK")}),
])
def test_actions(text, expected):
    assert {(f[0], f[2]) for f in _facts(text)} == expected


def test_stative_membership_gets_no_date():
    text = "On 24 April 2024, consultations took place under the chairmanship of the Republic of Kazakhstan."
    assert _facts(text) == {("KAZ", "Collective Security Treaty Organization", "member", None)}


@pytest.mark.parametrize("text", [
    "What will the Organization lose if Armenia withdraws from the Organization?",
    "According to him, in 2018, Russia approved a package of documents opening up the possibility of granting "
    "the status of observer or partner of the CSTO.",
    "Russian experts shared the experience gained in providing assistance in Italy and Serbia.",
])
def test_no_membership(text):
    assert extract_memberships(text) == []


def test_seed_membership_history_in_date_order(seed_db):
    rows = seed_db.execute("select action, date_start from marts.membership_history "
                           "where country_code = 'UZB' and organization_name = 'Collective Security Treaty' "
                           "order by step").fetchall()
    assert [r[0] for r in rows][:2] == ["founding_signatory", "withdrew"]


MEMBERS6 = {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}


@pytest.mark.parametrize("text, expected", [
    # a list of states after "members are" / "member states:" / "N members at present:"
    ("The members of the bloc are Russia, Tajikistan, Armenia, Kazakhstan, Belarus and Kyrgyzstan.",
     {(c, "member") for c in MEMBERS6}),
    ("Its member states at present: Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan.",
     {(c, "member") for c in MEMBERS6}),
    # a group noun, then comprising / which includes, then the list
    ("The alliance, comprising six post-Soviet states, Tajikistan, Russia, Kyrgyzstan, Kazakhstan, "
     "Belarus and Armenia, met in Minsk.", {(c, "member") for c in MEMBERS6}),
    ("The grouping, which includes Russia, Belarus and Armenia, held talks.", {(c, "member") for c in ("RUS", "BLR", "ARM")}),
    # observers after a dash
    ("The organisation also has two observer states – Serbia and Afghanistan.", {("SRB", "observer"), ("AFG", "observer")}),
    # a state said to be a member, or to belong
    ("Kazakhstan is a founding CSTO member.", {("KAZ", "member")}),
    ("The treaty, to which Tajikistan belongs, obliges allies to help.", {("TJK", "member")}),
    # leaving and returning in other words
    ("Georgia walked out of the treaty, and Azerbaijan used to be one of its members too.",
     {("GEO", "withdrew"), ("AZE", "withdrew")}),
    ("Belarus is in the organisation, while Georgia used to be one.", {("GEO", "withdrew")}),
    ("Uzbekistan has rejoined the Collective Security Treaty Organization.", {("UZB", "joined")}),
    ("Armenia resumed its participation in the bloc.", {("ARM", "joined")}),
    ("Azerbaijan and Georgia will not prolong their membership of the pact.",
     {("GEO", "withdrew"), ("AZE", "withdrew")}),
])
def test_membership_in_other_words(text, expected):
    assert {(f[0], f[2]) for f in _facts(text)} == expected


@pytest.mark.parametrize("text", [
    "Ukraine is not a member of the alliance, the minister said.",                 # negated
    "The exercise included units from Russia, Belarus and Kazakhstan.",            # a list that is no membership
    "Moscow is ready for Armenia's withdrawal from the bloc.",                     # a possibility
    "Troops of Russia, Kazakhstan and Kyrgyzstan held drills near Bishkek.",
])
def test_lists_and_cues_that_state_no_membership(text):
    assert _facts(text) == set()


def test_each_date_dates_its_own_act_and_years_later_are_counted():
    facts = _facts("Kyrgyzstan in 1994 co-founded the bloc, but suspended its membership three years later.")
    assert facts == {("KGZ", "Collective Security Treaty Organization", "founding_signatory", date(1994, 1, 1)),
                     ("KGZ", "Collective Security Treaty Organization", "suspended", date(1997, 1, 1))}


def test_parties_to_a_treaty_are_members():
    facts = _facts("The force was formed by Kazakhstan and Tajikistan, which were parties to the 1992 Tashkent Treaty.")
    assert {(f[0], f[1], f[2]) for f in facts} == {("KAZ", "Collective Security Treaty", "member"),
                                                   ("TJK", "Collective Security Treaty", "member")}


def test_cannot_prolong_is_leaving():
    assert {(f[0], f[2]) for f in _facts("He said: \"Moldova cannot prolong the treaty which does not fit its needs.\"")} \
        == {("MDA", "withdrew")}


def test_a_state_that_weighs_leaving_is_still_a_member():
    assert {(f[0], f[2]) for f in _facts("Moldova and Georgia threatened to quit the alliance.")} == {
        ("MDA", "member"), ("GEO", "member")}
    assert _facts("If Moldova quit the alliance, the bloc would shrink.") == set()


def test_a_quoted_freeze_reduces_participation():
    assert {(f[0], f[2]) for f in _facts("The premier said that Kyrgyzstan has “frozen” its membership of the bloc.")} == {
        ("KGZ", "reduced_participation")}


def test_states_set_off_by_dashes_that_mean_to_stay_are_members():
    staying = _facts("Only four countries – Belarus, Armenia, Kazakhstan and Tajikistan – are ready to extend their "
                     "participation in the bloc.")
    assert {(f[0], f[2]) for f in staying} == {("BLR", "member"), ("ARM", "member"), ("KAZ", "member"),
                                               ("TJK", "member")}
    assert _facts("Kazakhstan is not ready to extend its participation in the bloc.") == set()
    assert _facts("Armenia may decide to remain in the CSTO if the bloc helps.") == set()


def test_their_countries_are_the_states_of_the_officials_named_before():
    facts = _facts("At the summit, Uzbek President Ivan Orlov, Georgian Foreign Minister Petr Volkov and Azerbaijan's "
                   "senior adviser Oleg Belov told reporters their respective countries won't renew the pact.")
    assert {(f[0], f[2]) for f in facts} == {("UZB", "withdrew"), ("GEO", "withdrew"), ("AZE", "withdrew")}
    assert {(f[0], f[2]) for f in _facts("Kazakh President Ivan Orlov said his country will remain in the CSTO.")} == {
        ("KAZ", "member")}
    # nobody's state is named: nothing to read
    assert _facts("The leaders said their countries will remain in the CSTO.") == set()

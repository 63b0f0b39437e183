"""What an act befalls joins reports of one founding: the object read from the parse
(textmine.events.act_objects) and the merge rule that uses it (textmine.happenings.same_object),
on sentences written for these tests."""

from datetime import date

from textmine.events import EventCandidate, MentionRef, detect_events
from textmine.happenings import happening_ids
from textmine.timex import find_timexes

PUB = date(2021, 3, 1)
PACT = ("Northern Pact", "pact", "ORGANIZATION")
STATES = [("Norland", "norland", "COUNTRY"), ("Sudland", "sudland", "COUNTRY"), ("Ostland", "ostland", "COUNTRY")]


def events(sentence: str, *names: tuple[str, str, str]):
    mentions = [MentionRef(sentence.index(n), sentence.index(n) + len(n), i, t) for n, i, t in names]
    return detect_events(sentence, find_timexes(sentence, PUB), mentions)


def candidates(doc: str, sentence: str, *names: tuple[str, str, str]) -> list[EventCandidate]:
    return [EventCandidate(doc, 1, e) for e in events(sentence, *names)]


def test_the_object_is_what_the_act_befalls_not_who_performs_it():
    (active,) = events("Norland co-founded the Northern Pact in 1994.", PACT, STATES[0])
    (passive,) = events("The Northern Pact was founded by Norland in 1994.", PACT, STATES[0])
    (described,) = events("The Northern Pact is a defence alliance formed in 1994.", PACT)
    (in_force,) = events("The Northern Pact entered into force on 3 May 1995.", PACT)
    assert [e.event_type for e in (active, passive, described, in_force)] == ["establishment"] * 3 + ["entry_into_force"]
    for e in (active, passive, described, in_force):
        assert "pact" in e.objects and "norland" not in e.objects
    (unnamed,) = events("The rapid response brigades were set up in 2011.")
    assert unnamed.objects == ("=rapid response brigade",)
    (vague,) = events("A new brigade was formed in 2011.")
    assert vague.objects == ()  # an adjective and a noun describe no one brigade


def _hub_corpus() -> list[EventCandidate]:
    """Enough reports naming the pact that it is a hub of the corpus."""
    return [c for i in range(10) for c in
            candidates(f"m{i}", f"The Northern Pact met in Ostland on {i + 1} June 2020.", PACT, STATES[2])]


def test_reports_of_one_founding_join_by_its_object_even_when_it_is_a_hub():
    corpus = _hub_corpus()
    (a,) = candidates("a", "Norland co-founded the Northern Pact in 1994.", PACT, STATES[0])
    (b,) = candidates("b", "The Northern Pact is an alliance formed in 1994 with Sudland and Ostland as members.",
                      PACT, STATES[1], STATES[2])
    (c,) = candidates("c", "In 1994 Norland established the Coast Guard.", STATES[0], ("Coast Guard", "guard", "ORGANIZATION"))
    merged = happening_ids([*corpus, a, b, c], {})
    assert merged[a.key] == merged[b.key]  # the founding of the pact, though the pact is a hub
    assert merged[c.key] != merged[a.key]  # another founding that year by the same state: another object


def test_an_object_named_in_other_words_is_one_object_but_two_named_objects_are_two():
    (named,) = candidates("a", "The Joint Rapid Response Brigade was established in 2011.",
                          ("Joint Rapid Response Brigade", "brigade", "FORCE"))
    (described,) = candidates("b", "The alliance's rapid response brigade was formed in 2011 to meet threats.")
    (other,) = candidates("c", "The Joint Air Wing was established in 2011.", ("Joint Air Wing", "wing", "FORCE"))
    (vague,) = candidates("d", "The brigade was formed in 2011.")
    merged = happening_ids([named, described, other], {"brigade": 2, "wing": 2})
    assert merged[named.key] == merged[described.key] != merged[other.key]
    merged = happening_ids([named, other, vague], {"brigade": 2, "wing": 2})
    assert len({merged[c.key] for c in (named, other, vague)}) == 3  # "the brigade" alone tells no object


def test_a_clause_naming_nobody_does_not_take_the_names_of_another_dates_clause():
    signing, founding = events("The Border Accord was signed in 1995, while the Council was established "
                               "three years later.", ("Border Accord", "accord", "DOCUMENT"))
    assert (signing.event_type, signing.participants) == ("agreement", ("accord",))
    assert (founding.event_type, founding.timex.date_start, founding.participants) == \
        ("establishment", date(1998, 1, 1), ())


def test_a_definite_description_refers_back_to_a_name_and_tells_what_the_act_befalls():
    from textmine.events import Antecedents, sentence_events, ArticleDate
    pact = MentionRef(4, 17, "pact", "ORGANIZATION", "Northern Pact")
    antecedents = Antecedents()
    first = "The Northern Pact met in Ostland."
    assert antecedents.refer(first, [pact]) == [pact]
    later = "The Pact was founded in 1994, and the Republic of Sudland joined the Summit in 1996."
    refs = antecedents.refer(later, [])
    assert [(later[m.start:m.end], m.entity_id, m.refers_back) for m in refs] == [("Pact", "pact", True)]
    founding = next(e for e in sentence_events(later, find_timexes(later, PUB), refs, ArticleDate(PUB, True), [])
                    if e.event_type == "establishment")
    assert founding.objects == ("pact",) and founding.participants == ()  # a participant is an entity named


BRIGADE = ("Joint Rapid Response Brigade", "brigade", "FORCE")


def test_the_possessor_of_a_founding_noun_is_what_it_befalls():
    (named,) = events("Ostland has hosted the drills since the Joint Rapid Response Brigade's creation in 2011.",
                      BRIGADE, STATES[2])
    assert named.event_type == "establishment" and named.objects == ("brigade",)  # not Ostland, the host
    (pronoun,) = events("It was the third drill held by the Joint Rapid Response Brigade since its inception in 2011.",
                        BRIGADE)
    assert pronoun.event_type == "establishment" and pronoun.objects == ("brigade",)
    (nobody,) = events("It was the third drill since its inception in 2011.")
    assert nobody.objects == ()  # "its" with nothing named before it stands for nothing


def test_reports_of_one_founding_a_year_or_two_apart_are_one_happening_with_a_conflict():
    (a,) = candidates("a", "The Joint Rapid Response Brigade was established in 2009.", BRIGADE)
    (b,) = candidates("b", "It was the third drill held by the Joint Rapid Response Brigade since its inception "
                           "in 2011.", BRIGADE)
    (c,) = candidates("c", "The Joint Rapid Response Brigade was established in 2019.", BRIGADE)
    merged = happening_ids([a, b, c], {"brigade": 2})
    assert merged[a.key] == merged[b.key]  # two years apart: the reports disagree on the date
    assert merged[c.key] != merged[a.key]  # ten years apart: another act (a force re-formed)


def test_a_founding_joins_across_years_only_when_it_is_unambiguous():
    (a,) = candidates("a", "The Joint Rapid Response Brigade was established in 2009.", BRIGADE)
    (b,) = candidates("b", "The Joint Rapid Response Brigade was established in 2010.", BRIGADE)
    (c,) = candidates("c", "The Joint Rapid Response Brigade was established in 2012.", BRIGADE)
    merged = happening_ids([a, b, c], {"brigade": 2})
    # 2009 and 2010 join; 2012 would make the happening span three years: it stays apart
    assert merged[a.key] == merged[b.key] != merged[c.key]
    (two,) = candidates("a", "The Joint Rapid Response Brigade was established in 2009, and the Joint Air Wing "
                             "in 2010.", BRIGADE, ("Joint Air Wing", "wing", "FORCE"))[:1]
    (other,) = candidates("b", "The Joint Air Wing was established in 2010.", ("Joint Air Wing", "wing", "FORCE"))
    merged = happening_ids([two, other], {"brigade": 2, "wing": 2})
    assert merged[two.key] != merged[other.key]  # another named force: never joined

"""The NER pipeline leaves out the shared tok2vec its NER does not read, and finds the same entities."""

import importlib

from textmine.nlp import load_nlp

extract = importlib.import_module("textmine.entities.extract")  # (the package re-exports a function of that name)

SENTENCES = [
    "Defence ministers of Armenia and Kazakhstan met Secretary General Ivan Borisov in Yerevan on Monday.",
    "The Northern Shield exercise brought troops from six countries to a range near Lake Balkhash.",
]


def test_the_ner_pipeline_runs_no_shared_tok2vec():
    assert extract.ner_pipeline().pipe_names == ["ner"]


def test_without_the_shared_tok2vec_the_entities_are_the_same():
    with_shared = load_nlp(disable=extract.NLP_DISABLE)
    assert "tok2vec" in with_shared.pipe_names
    ents = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in extract.ner_pipeline().pipe(SENTENCES)]
    assert ents == [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in with_shared.pipe(SENTENCES)]
    assert all(ents)  # the model found something in each


def test_a_pipeline_that_took_in_many_new_words_is_loaded_afresh_and_finds_the_same():
    from textmine.nlp import new_strings, release_grown_models
    nlp = load_nlp(disable=extract.NLP_DISABLE)
    before = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(SENTENCES)]
    list(nlp.pipe([f"Delegate Zorvanek{i} of Qelmirastan{i} arrived in Ostrivagrad{i}." for i in range(20)]))
    assert new_strings() >= 60  # every unseen word stays in the vocabulary
    assert not release_grown_models(limit=10_000)
    assert release_grown_models(limit=50)
    assert new_strings() == 0  # nothing loaded until asked
    again = load_nlp(disable=extract.NLP_DISABLE)
    assert again is not nlp and new_strings() == 0
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in again.pipe(SENTENCES)] == before

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

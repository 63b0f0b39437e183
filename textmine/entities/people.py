"""Person names: cleaning a model's PERSON span, and deciding whether two names are one person.

Why conservative: two different people who share a surname (or a first name) must never be
merged across articles. Two full names are one person only when the first names agree and
the surnames differ by no more than a transliteration or an inflection: Kocharian/Kocharyan,
Rakhmon/Rahmon, Zas/Zasya (Russian case ending).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

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
    while words and words[0].lower().rstrip(".") in TITLES | {t.rstrip(".") for t in TITLES}:
        words = words[1:]
    if not words or len(words) > 4:
        return None
    if not all(_NAME_WORD.match(w) for w in words):
        return None
    return " ".join(words)


def _surname_close(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short):] in INFLECTIONS and len(short) >= 3:
        return True
    return len(short) >= 6 and Levenshtein.distance(a, b) <= 1


def _first_close(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
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

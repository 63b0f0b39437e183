"""Numeric facts in a sentence: "2,000 troops", "two thousand", "1.5 million", "over 200"
(200, qualifier "over"), "six to eight exercises" (6 and 8), "2,000-3,000 troops" (both),
"320 mln rubles", "the 28th anniversary", "a five-year extension", "a 3,000-strong force",
"one hundred and fifty cadets", ages ("Petrov, 57,", "a 45-year-old officer"), casualties
without a noun ("and 12 were wounded"), "more than a year" (1).

What is *not* a quantity: years ("in 2019"), dates and times ("May 15", "11:00",
"15.05.2020"), article and document numbers ("Article 4"), model and exercise names
("S-300", "Mi-8", "Interaction-2020"), the pronoun "one", and ordinals that rank
rather than count ("the 201st base").
"""

import re
from dataclasses import dataclass

from textmine.explicit_dates import find_explicit_dates
from textmine.fact_lexicon import capitals, state_adjectives, state_names, units

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
WORD_VALUES = {w: i for i, w in enumerate(_SMALL)} | _TENS | {"dozen": 12, "hundred": 100}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bln": 1e9, "bn": 1e9,
           "mn": 1e6, "trln": 1e12, "thsd": 1e3}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_QUALIFIERS = ["more than", "less than", "fewer than", "up to", "at least", "at most", "no more than",
               "no less than", "as many as", "about", "around", "approximately", "nearly", "almost", "over", "some",
               "roughly", "under", "over", "only", "exactly"]
_ORDINAL_NOUNS = {"anniversary", "year", "convocation", "session", "summit", "congress", "meeting", "edition",
                  "birthday", "round", "jubilee", "forum", "conference"}
_NUMBER_CONTEXT = {"article", "articles", "no", "nos", "number", "chapter", "section", "paragraph", "resolution",
                   "point", "part", "clause", "item", "page", "decree", "law", "protocol", "annex", "hall", "room",
                   "building", "flight", "phase", "stage", "level", "grade", "class", "category", "type", "model"}

_WORDNUM = (r"(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_SMALL[1:10]) + r"))?|"
            + "|".join(sorted(_SMALL[2:], key=len, reverse=True)) + r"|a dozen|dozen|(?:a|one) hundred|one(?=\s+(?:"
            + "|".join(_SCALES) + r")\b|-[a-z]|\s+[a-z]))")
_W1 = (r"(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_SMALL[1:10]) + r"))?|"
       + "|".join(sorted(_SMALL[1:], key=len, reverse=True)) + r")")
_HUNDREDS = r"(?:a|" + _W1 + r")\s+hundred(?:\s+(?:and\s+)?" + _W1 + r")?"
# "two hundred", "one hundred and fifty", "two thousand five hundred": several number words, one number
_COMPOUND = (r"(?:" + _HUNDREDS + r"(?:\s+thousand(?:\s+(?:and\s+)?(?:" + _HUNDREDS + "|" + _W1 + r"))?)?|"
             + _W1 + r"\s+thousand\s+(?:and\s+)?(?:" + _HUNDREDS + "|" + _W1 + r"))(?![\w-])")
NUMBER = re.compile(
    r"(?<![\w.,/:#-])"
    r"(?:(?P<qual>" + "|".join(sorted(set(_QUALIFIERS), key=len, reverse=True)) + r")\s+)?"
    r"(?P<cur>[$€£]|(?:US\$|USD|RUB|EUR)\s?)?"
    r"(?P<num>\d+,\d{1,2}(?=\s*(?:thousand|million|billion|trillion|mln|bln|trln|bn)\b)"  # "1,5 million"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)|\d+(?:\.\d+)?"
    r"|(?i:" + _COMPOUND + "|" + _WORDNUM + r"))"
    r"(?P<scale>\s*(?:(?:thousand|million|billion|trillion)\b|(?:mln|bln|trln|bn|mn|thsd)\b\.?))?"
    r"(?P<ord>(?<=\d)(?:st|nd|rd|th))?"  # "28th"; "sixth" is left to ORDINAL
    r"(?:-(?P<hyunit>year-old|[a-z]+))?"
    r"(?P<pct>\s*%)?"
    r"(?![\w-]|[.,:/]\d)", re.IGNORECASE)
ROMAN = re.compile(r"(?<![\w-])(?P<roman>[IVXL]{2,6})(?=\s+[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z][\w’'-]*|[%$€]")


# exactly two numbers joined by a hyphen (not a numeric date or a phone number's chain of groups)
_RANGE = re.compile(r"(?<![\w.,/:–-])(\d[\d,.]*\d|\d)-(\d[\d,.]*\d|\d)(?![\w–-]|[.,/:]\d)")


@dataclass(frozen=True)
class QuantityFact:
    value: float
    unit: str | None
    about: str | None
    qualifier: str | None
    start: int
    end: int
    text: str
    key: tuple


def _value(m: re.Match) -> float | None:
    raw = m.group("num").lower()
    if re.fullmatch(r"\d+,\d{1,2}", raw):
        value = float(raw.replace(",", "."))  # "1,5 million": a decimal comma before a scale word
    elif raw[0].isdigit():
        value = float(re.sub(r"[,\s\u00a0\u202f]", "", raw))
    else:
        value = _words_value(raw)
    if m.group("scale"):
        value *= _SCALES[m.group("scale").strip(" .").lower()]
    return value


def _words_value(raw: str) -> float:
    """The value of number words: "twenty-five", "a dozen", "one hundred and fifty",
    "two thousand five hundred"."""
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", raw.lower()):
        if word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total, current = total + (current or 1) * 1000, 0.0
        else:
            current += WORD_VALUES.get(word, 0)
    return total + current


def _roman(numeral: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(numeral):
        v = _ROMAN[ch]
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    canonical = re.fullmatch(r"L?X{0,3}(?:IX|IV|V?I{0,3})", numeral)
    return total if canonical and total > 1 else None


def _unit_after(text: str, pos: int) -> tuple[str | None, str | None]:
    """(unit, what is counted): the first counted noun among the next few words."""
    table = units()
    clause = re.split(r"[.;:!?()\n]|,\s", text[pos:], maxsplit=1)[0]
    words = [w.rstrip("’'") for w in _WORD.findall(clause)]  # "five years' term"
    # the noun phrase ends where the clause moves on to its verb or an adjunct ("11 firms were
    # chosen last year", "he was 18 when troops came"), or where a new determiner opens another one
    stop = next((i for i, w in enumerate(words) if _AUXILIARY.fullmatch(w.lower()) or w.lower() in _PAST_THE_RUN
                 or (i and w.lower() in ("the", "a", "an") and words[i - 1].lower() != "of")), len(words))
    for i, word in enumerate(words[:min(8, stop)]):
        low = word.lower()
        if low in ("to", "and", "or") or re.fullmatch(r"\d+", low) or low in WORD_VALUES:
            continue
        two = " ".join(w.lower() for w in words[i:i + 2])
        if two in table:
            return table[two], " ".join(words[i:i + 7])
        if low in table:
            return table[low], " ".join(words[i:i + 7])
        if word.islower() and _plural_noun(low) and not _VERBISH.fullmatch(low):
            return low, " ".join(words[i:i + 7])  # "1,500 paratroopers and 200 vehicles": the first plural noun
    if words and words[0][:1].isupper() and words[0].endswith("s") and words[0][:-1] in state_adjectives():
        return "people", " ".join(words[:7])  # "120,000 Armenians"
    # the counted noun closes a short run of modifiers: "854 drug crimes", "4 illegal drug laboratories"
    for i, word in enumerate(words[:min(3, stop)]):
        low = word.lower()
        if low in ("to", "and", "or", "such", "of", "the", "a", "an") or (i and not word.islower()
                                                                          and not word.isupper() and i > 1):
            break
        if word.islower() and _plural_noun(low):
            return low, " ".join(words[:7])
        if _VERBISH.fullmatch(low):
            break
    return None, " ".join(words[:6]) or None


_NOT_PLURAL_NOUNS = {"does", "was", "has", "is", "its", "this", "thus", "always", "across", "unless", "perhaps",
                     "whereas", "besides", "towards", "afterwards", "various", "previous", "serious", "numerous",
                     "less", "unless", "ours", "yours", "theirs", "hers", "plus", "minus", "versus", "us", "as"}
_PAST_THE_RUN = {"in", "at", "for", "from", "by", "with", "on", "since", "during", "last", "next", "this", "that",
                 "which", "who", "than", "after", "before", "until", "ago", "when", "where", "while", "if",
                 "because", "but", "so", "although", "though", "whereas", "whose", "unless"}
_AUXILIARY = re.compile(r"(?:were|was|is|are|be|been|have|has|had|will|would|shall|can|could|may|might)")
_VERBISH = re.compile(r"(?:were|was|is|are|be|been|have|has|had|will|would|can|could|of|in|on|at|for|from|by|with)")
ORDINAL_WORDS = {w: n for n, w in enumerate(
    "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
    "sixteenth seventeenth eighteenth nineteenth".split(), start=2)}
_TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
                  "eightieth": 80, "ninetieth": 90, "hundredth": 100}
ORDINAL_WORDS |= _TENS_ORDINALS | {f"{tens}-{unit}": _TENS[tens] + n for tens in _TENS
                                   for unit, n in (("first", 1), *((w, v) for w, v in ORDINAL_WORDS.items() if v < 10))}
# "the sixth meeting", "its eighth convocation", "for the second time": an ordinal word after a
# determiner ranks an edition or a time; "first" is left out, as in "first deputy" it names a rank
ORDINAL = re.compile(r"\b(?:the|its|their|his|her|this|a)\s+(?:now\s+|already\s+)?(?:[A-Z]{2,}[’']s\s+)?"
                     r"(?P<word>" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + r")"
                     r"\s+(?P<next>[A-Za-z][\w-]*)", re.IGNORECASE)
# what an ordinal word ranks when it counts: editions of an event, times, members, convocations
_RANKED = _ORDINAL_NOUNS | {"time", "exercise", "exercises", "member", "members", "drill", "drills", "visit"}
_AGE = re.compile(r"(?:\b(?:aged|(?:who|he|she) (?:is|was|turned|turns)|age of)\s+)$", re.IGNORECASE)


# "more than a year", "nearly a decade": a qualified single period is a count of one
ONE_PERIOD = re.compile(r"\b(?P<qual>more than|less than|over|almost|nearly|about|around|under|at least)\s+"
                        r"(?P<num>an?)\s+(?P<period>year|decade|month|week|day)\b(?![\w-])", re.IGNORECASE)
# "and 17 were injured": a bare number that is the subject of a verb of harm or detention counts people
_SUFFERED = re.compile(r"\s+(?:(?:were|have been|had been|are|was)\s+(?:killed|injured|wounded|hurt|detained|"
                       r"arrested|captured|abducted|kidnapped|hospitali[sz]ed|evacuated|rescued|missing|dead)|"
                       r"died|have died|had died|dead|injured|wounded)\b")  # "leaving 12 dead and 30 injured"
# "numbering 3,500", "a total strength of 5,000": a sum whose counted noun came before
_TOTALLED = re.compile(r"\b(?:total(?:s|led|ling|ing)?|number(?:s|ed|ing)|strength(?:\s+of)?|totals?\s+of)\s+$",
                       re.IGNORECASE)
_PAGE_CHROME = {"comments", "views", "likes", "reposts", "retweets", "photos", "shares", "reads"}
_FRACTIONS = {"half", "halves", "third", "thirds", "quarter", "quarters", "fourths", "fifth", "fifths", "tenths"}


def _is_fraction(text: str, m: re.Match) -> bool:
    """"two-thirds", "2 1/2 times": the number is part of a fraction, whose value the
    match does not hold; better no fact than a wrong one."""
    return (m.group("hyunit") or "").lower() in _FRACTIONS or bool(re.match(r"\s+\d+/\d+", text[m.end():]))


def _appositive_age(text: str, m: re.Match, value: float) -> bool:
    """"Ivanov, 58, took office": a bare whole number set off by commas right after a name or
    a word for a person is the person's age (the news convention)."""
    if m.group("qual") or m.group("cur") or m.group("scale") or not raw_is_digits(m) or not 16 <= value <= 110:
        return False
    before = re.search(r"\b([A-Za-z]+),\s*$", text[:m.start()])
    if not before or not re.match(r"\s*,", text[m.end():]):
        return False
    word = before.group(1)
    listed = re.match(r"\s*,\s*(?:and\s+)?[A-Z][\w-]*,?\s+\d", text[m.end():])
    if word in state_names() or word in capitals() or listed:
        return False  # a list of places with their figures ("Kazakhstan, 30, Kyrgyzstan, 25")
    return word[0].isupper() and not word.isupper() or units().get(word.lower()) == "people"


def _age_of_group(text: str, m: re.Match) -> bool:
    """"employees over 60", "children under 14": a bare number after a word for people and
    "over", "under" or "aged" is their age."""
    before = text[:m.start("num")]
    after = text[m.end():]
    cue = re.search(r"\b([A-Za-z]+)\s+(?:over|under|aged|older than|younger than)\s+$", before, re.IGNORECASE)
    if not cue:  # "residents 70 and over"
        older = re.match(r"\s+(?:and|or)\s+(?:older|over|above)\b", after)
        cue = re.search(r"\b([A-Za-z]+)\s+$", before) if older else None
    return bool(cue) and units().get(cue.group(1).lower()) == "people" and not re.match(r"\s*[-–]?\s*\d", after)


def _ranks_counted(after: str) -> bool:
    """An ordinal counts when what it ranks is an edition, a time or a member, named at once or
    after lower-case modifiers ("their 10th joint exercise"); not "the 201st military base" nor
    a unit's name ("the 15th Guards Brigade")."""
    for word in _WORD.findall(after)[:3]:
        if word.lower() in _RANKED:
            return True
        if not word.islower() and not word.isupper():
            return False  # a name ("the 15th Guards Brigade"); an acronym ("the 25th CSTO summit") may modify
    return False


def _plural_noun(word: str) -> bool:
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "ous", "us"))
            and word not in _NOT_PLURAL_NOUNS)


def _counts_one(text: str, m: re.Match) -> bool:
    """"one battalion", "a one-day visit": "one" counts when a unit noun follows it at once
    (the pronoun "one of them", "one another" counts nothing)."""
    if m.group("hyunit"):
        return m.group("hyunit") + "s" in units() or m.group("hyunit") in units()
    nxt = re.match(r"\s+([a-z]+)\b", text[m.end():])
    return bool(nxt) and (nxt.group(1) + "s" in units() or nxt.group(1) in units()) and nxt.group(1) != "of"


def _is_excluded(text: str, m: re.Match, dates: list[tuple[int, int]]) -> bool:
    start, end = m.start("num"), m.end()
    if any(s <= start < e for s, e in dates):
        return True
    raw = m.group("num")
    if raw.lower() == "one" and not m.group("scale") and not _counts_one(text, m):
        return True
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 14):start])
    if before and before[-1].lower() in _NUMBER_CONTEXT and raw[0].isdigit() and not m.group("qual"):
        return True
    if re.fullmatch(r"(?:1[89]|20)\d\d", raw) and not m.group("scale"):
        follower = re.match(r"\s+([a-z]+s)\b", text[end:])
        named = re.search(r"(?:[A-Z][\w-]*|\b(?:the|its|their|this|that|these|those|in|since|by|until|from|of|"
                          r"during|before|after|for|between))\s+$", text[:start]) and not m.group("qual")
        counted = follower and (follower.group(1) in units() or (m.group("qual") and _plural_noun(follower.group(1))))
        if named or not counted or units().get(follower.group(1)) in ("years", "months"):
            return True  # a year (or the year in a name like "Kobalt 2020"), not a count
    if re.match(r"\s*(?:to|-|–|—|and)\s*(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|"
                r"September|October|November|December)\b", text[end:]) or \
            re.match(r"\s*(?:to|-|–)\s*\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|"
                     r"October|November|December)", text[end:]):
        return True  # the first day of a date range ("From 1 to 23 April")
    if m.group("ord"):
        nxt = re.match(r"\s+([A-Za-z]+)", text[end:])
        if nxt and not _ranks_counted(text[end:]):
            return True
        if not nxt and not re.match(r"\s*(?:$|[;,.)!?])", text[end:]):
            return True
    if re.search(r"(?:\+|\d\s)$", text[:m.start()]) or re.match(r"\s\d", text[end:]):
        return True  # a run of bare digit groups is a phone or reference number, not a count
    chunk = re.search(r"\S*$", text[:start]).group(0) + re.match(r"\S*", text[start:]).group(0)
    if re.search(r"https?:|www\.|@|/", chunk):
        return True
    return False


def extract_quantities(text: str) -> list[QuantityFact]:
    """Every numeric fact of the sentence, in text order."""
    dates = [(d.start, d.end) for d in find_explicit_dates(text)]
    facts = []
    # "2,000-3,000 troops": a hyphen between two numbers is a range, read like "2,000–3,000"
    # (same length, so offsets hold; "S-300", "Interaction-2020" have a letter before the hyphen)
    text = _RANGE.sub(r"\1–\2", text)
    for m in NUMBER.finditer(text):
        if _is_excluded(text, m, dates):
            continue
        value = _value(m)
        if value is None or _is_fraction(text, m) or (m.group("hyunit") or "").lower() in {*ORDINAL_WORDS, "first"}:
            continue  # "forty-second" is an ordinal word, read by ORDINAL
        if m.group("pct"):
            unit, about = "percent", None
        elif m.group("hyunit"):
            unit = units().get(m.group("hyunit") + "s") or units().get(m.group("hyunit")) or m.group("hyunit")
            unit = "people" if unit.lower() == "strong" else unit  # "a 3,000-strong force" counts its members
            about = _unit_after(text, m.end())[1]
            unit, about = ("years", "age") if unit == "year-old" else (unit, about)  # "a 45-year-old officer"
        else:
            unit, about = _unit_after(text, m.end())
        if m.group("cur"):
            unit = units().get(m.group("cur").strip().lower().replace("us$", "$"), unit)
        if m.group("ord") and re.match(r"\s+time\b", text[m.end():]):
            unit = "times"  # "for the 3rd time"
        if m.group("ord") and unit is None:
            unit = "years" if re.search(r"\b(?:its|their)\s*$", text[:m.start()]) else None
        if unit is None and raw_is_digits(m) and (_AGE.search(text[:m.start()]) or _age_of_group(text, m)):
            unit, about = "years", "age"
        if unit is None and _appositive_age(text, m, value):
            unit, about = "years", "age"
        if unit is None and _SUFFERED.match(text, m.end()):
            unit = "people"  # "and 17 were injured": the casualties of the clause
        if unit in _PAGE_CHROME:
            continue  # "10 comments", "Photo 1 of 12 photos": the web page's furniture, not the story's facts
        totalled = bool(m.group("qual")) or bool(_TOTALLED.search(text[:m.start()]))
        if unit is None and not m.group("ord") and not (totalled and raw_is_digits(m) and value >= 100):
            continue  # a bare number ("turns 18", "one or two") says too little to be a fact; "up to 2,000" does not
        qualifier = m.group("qual").lower() if m.group("qual") else None
        facts.append(QuantityFact(value, unit, about, qualifier, m.start(), m.end(), m.group(0),
                                  _key(value, unit, about, bool(m.group("ord")))))
    for m in ONE_PERIOD.finditer(text):
        unit = units()[m.group("period").lower()]
        facts.append(QuantityFact(1.0, unit, m.group("period"), m.group("qual").lower(), m.start(), m.end(),
                                  m.group(0), (1.0, unit, m.group("period").lower())))
    for m in ORDINAL.finditer(text):
        if m.group("word")[0].isupper() and m.group("next")[0].isupper():
            continue  # "the Second World War" is a name
        words = _WORD.findall(text[m.end("word"):])[:6]
        head = next((w.lower() for w in words[:3] if w.lower() in _RANKED), None)
        if head is None:
            continue  # "a second front", "the second option": a rank of no counted thing
        value = float(ORDINAL_WORDS[m.group("word").lower()])
        unit = "times" if head == "time" else units().get(head) or units().get(head + "s") or "edition"
        facts.append(QuantityFact(value, unit, " ".join(words), None, m.start("word"), m.end("word"),
                                  m.group("word"), (value, unit, " ".join(words[:3]).lower())))
    for m in ROMAN.finditer(text):
        value = _roman(m.group("roman"))
        if re.search(r"\b(?!(?:The|This|Its|Their|A|An)\s)[A-Z][\w-]*\s+$", text[:m.start()]):
            continue  # part of a name: "World War II", "Chapter VII", "Nicholas II"
        if value and not any(s <= m.start() < e for s, e in dates):
            words = _WORD.findall(text[m.end():])[:6]
            facts.append(QuantityFact(float(value), "edition", " ".join(words), None, m.start(), m.end(),
                                      m.group(0), (float(value), "edition", " ".join(words[:3]).lower())))
    return _one_per_span(facts)


def _one_per_span(facts: list[QuantityFact]) -> list[QuantityFact]:
    """One fact per stretch of text: two readings of the same words (a digit ordinal and an
    ordinal word) would give two rows with one id; the reading that names a unit wins."""
    kept: list[QuantityFact] = []
    for f in sorted(facts, key=lambda f: (f.start, f.unit is None, -(f.end - f.start))):
        if not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def raw_is_digits(m: re.Match) -> bool:
    return m.group("num")[0].isdigit()


def _key(value: float, unit: str | None, about: str | None, ordinal: bool) -> tuple:
    """What makes two mentions the same fact within an article: the same number of the
    same thing. An anniversary is named by what it celebrates ("75th anniversary of the
    (Great) Victory" twice is one fact)."""
    words = (about or "").split()
    if ordinal and words and words[0].lower() in ("anniversary", "jubilee"):
        run = re.search(r"\bof\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s*)+)", about or "")
        head = run.group(1).split()[-1].lower() if run else ""
        return (value, "anniversary", head)
    return (value, unit, " ".join(w.lower() for w in words[:5]))

"""Generate a realistic benchmark corpus from the shipped one: same layouts (headers, date
lines, interviews, digests, broken lines), varied content (dates, names, numbers and
sentence order differ from file to file, so no two files are duplicates)."""

import random
import re
from pathlib import Path

FIRST = ["Anna", "Boris", "Dmitry", "Elena", "Farid", "Gulnara", "Ivan", "Kairat", "Lev", "Marat", "Nadezhda",
         "Oleg", "Pavel", "Ruslan", "Saule", "Timur", "Viktor", "Yulia", "Zarina", "Aibek"]
LAST = ["Abdrakhmanov", "Belov", "Chernov", "Davletov", "Egorov", "Fomin", "Gaziev", "Ismailov", "Karimov",
        "Lebedev", "Mamedov", "Nurlanov", "Orlov", "Petrov", "Rakhimov", "Sidorov", "Tokaev", "Usmanov", "Volkov"]
# a given name and a surname with a common post-Soviet ending: varied so that entity
# resolution sees many different people
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+(?:ov|ev|in|yan|ian|enko|ko|bekov|aev|as|ya|ova|eva|ina)\b")
_YEAR = re.compile(r"\b(199[2-9]|20[0-2]\d)\b")
_NUMBER = re.compile(r"(?<![\d.,:])\b([1-9]\d{0,2}(?:,\d{3})*)\b(?![.,:]?\d)")
_DAYMONTH = re.compile(r"\b([0-2]\d)\.([01]\d)\.(20[0-2]\d)\b")
# Interchangeable lower-case words of news prose: with --distinct each occurrence takes one
# at random, so that sentences stop repeating across files the way they never repeat in a
# real corpus (a benchmark of repeated sentences flatters any per-sentence cache).
SYNONYMS = [
    ["said", "stated", "noted", "stressed", "added", "remarked"],
    ["countries", "states", "nations"], ["country", "state", "nation"],
    ["meeting", "session", "gathering"], ["meetings", "sessions", "talks"],
    ["important", "significant", "essential", "key"], ["also", "likewise", "moreover"],
    ["security", "safety", "defence"], ["military", "armed", "defence"],
    ["cooperation", "collaboration", "interaction", "partnership"],
    ["issues", "questions", "matters", "problems"], ["issue", "question", "matter", "problem"],
    ["discussed", "considered", "reviewed", "examined"], ["held", "conducted", "organised"],
    ["current", "present", "ongoing"], ["situation", "state of affairs", "environment"],
    ["support", "backing", "assistance"], ["large", "major", "big", "considerable"],
    ["new", "fresh", "novel"], ["main", "principal", "chief", "primary"],
    ["work", "activity", "efforts"], ["region", "area", "zone"], ["threats", "dangers", "risks"],
    ["joint", "common", "shared", "combined"], ["forces", "troops", "units"],
    ["exercises", "drills", "manoeuvres"], ["agreement", "accord", "deal"],
    ["decision", "resolution", "ruling"], ["during", "in the course of", "throughout"],
    ["participants", "members", "delegates"], ["organization", "organisation", "alliance"],
    ["increase", "growth", "rise"], ["further", "additional", "more"],
    ["development", "strengthening", "improvement"], ["today", "now", "at present"],
    ["according to", "as reported by", "citing"], ["however", "yet", "still"],
    ["possible", "feasible", "likely"], ["need", "necessity", "requirement"],
    ["problem", "difficulty", "challenge"], ["prepared", "drafted", "developed"],
]
_SYNONYM_OF = {w: group for group in SYNONYMS for w in group}
ADVERBS = ["reportedly", "officially", "notably", "evidently", "meanwhile", "indeed", "again", "already",
           "still", "clearly", "largely", "mostly", "firmly", "openly", "jointly", "formally"]
_BETWEEN_LOWER = re.compile(r"(?<=\b[a-z]{3}) (?=[a-z]{3,}\b)")
_SYNONYM_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SYNONYM_OF), key=len, reverse=True)) + r")\b")


def vary(text: str, rng: random.Random, distinct: bool = False) -> str:
    """One variant of a seed text: shifted years, other names and numbers, shuffled paragraphs
    in the body (headers stay where they are); with `distinct`, other wording too."""
    shift = rng.randint(-8, 2)
    names: dict[str, str] = {}
    text = _NAME.sub(lambda m: names.setdefault(m.group(0), f"{rng.choice(FIRST)} {rng.choice(LAST)}"), text)
    text = _DAYMONTH.sub(lambda m: f"{rng.randint(1, 28):02d}.{m.group(2)}.{int(m.group(3)) + shift}", text)
    text = _YEAR.sub(lambda m: str(min(2026, max(1992, int(m.group(1)) + shift))), text)
    text = _NUMBER.sub(lambda m: f"{rng.randint(2, 999):,}" if rng.random() < 0.5 else m.group(1), text)
    if distinct:
        text = _SYNONYM_RE.sub(lambda m: rng.choice(_SYNONYM_OF[m.group(1)]), text)
        # an adverb between two lower-case words now and then: names, dates and numbers untouched
        text = _BETWEEN_LOWER.sub(lambda m: f" {rng.choice(ADVERBS)} " if rng.random() < 0.15 else " ", text)
    blocks = text.split("\n\n")
    head, body = blocks[:3], blocks[3:]
    for _ in range(len(body) // 4):
        i, j = rng.randrange(len(body)), rng.randrange(len(body))
        body[i], body[j] = body[j], body[i]
    return "\n\n".join(head + body) + f"\n\nRef. {rng.getrandbits(48):012x}\n"


def generate(seed_dir: Path, out_dir: Path, n_files: int, seed: int = 7, distinct: bool = True) -> list[Path]:
    """Write `n_files` varied files into `out_dir` (created) and return their paths. With
    `distinct` (the default) no sentence of three words or more occurs twice in the corpus:
    a per-sentence cache then saves only what a real corpus would let it save."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(seed_dir.glob("*.txt"))]
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    paths = []
    for i in range(n_files):
        path = out_dir / f"bench_{i:05d}.txt"
        if path.exists():
            text = path.read_text(encoding="utf-8")
        else:
            text = vary(seeds[i % len(seeds)], rng, distinct)
            if distinct:
                text = make_distinct(text, rng, seen)
            path.write_text(text, encoding="utf-8")
        if distinct:
            seen.update(s for s in sentences_of(text) if len(s.split()) >= 3)
        paths.append(path)
    return paths


# lead-ins that fit before any sentence of news prose or speech
LEAD_INS = ["As officials put it,", "In remarks to reporters,", "By most accounts,", "For its part,",
            "In the view of observers,", "As before,", "At the same time,", "In this context,", "On the whole,",
            "As one participant noted,", "Once again,", "In any case,", "For now,", "In practice,", "By and large,",
            "As expected,", "In particular,", "To be sure,", "In short,", "Above all,", "In fact,", "As a rule,",
            "Even so,", "On balance,", "In turn,", "By contrast,", "Of course,", "So far,", "In general,",
            "For the record,", "As agreed,", "In principle,"]
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def sentences_of(text: str) -> list[str]:
    """Sentences as a rough splitter sees them (end punctuation or line end), white space
    collapsed: enough to tell repeats apart."""
    return [" ".join(m.group(0).split()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def make_distinct(text: str, rng: random.Random, seen: set[str]) -> str:
    """Reword every sentence of `text` that the corpus already holds (or that repeats inside
    the text) until it is new: a lead-in, adverbs between lower-case words, and as a last
    resort a numbered lead-in, which is new by construction."""
    counter = len(seen)

    def fresh(m: re.Match) -> str:
        nonlocal counter
        sentence = m.group(0)
        key = " ".join(sentence.split())
        if len(key.split()) < 3 or key not in seen:
            seen.add(key)
            return sentence
        lead = re.match(r"\s*", sentence).group(0)
        body = sentence[len(lead):]
        for _ in range(8):
            candidate = _BETWEEN_LOWER.sub(lambda g: f" {rng.choice(ADVERBS)} " if rng.random() < 0.3 else " ", body)
            if rng.random() < 0.7 and candidate[:1].isupper() and not candidate.startswith("I "):
                candidate = f"{rng.choice(LEAD_INS)} {candidate[0].lower()}{candidate[1:]}"
            if " ".join(candidate.split()) not in seen:
                break
        else:
            counter += 1
            candidate = f"In point {counter} of the record, {body}"
        seen.add(" ".join(candidate.split()))
        return lead + candidate

    return _SENTENCE.sub(fresh, text)


def new_distinct_texts(seed_dir: Path, corpus: list[str], n: int, seed: int = 101) -> list[str]:
    """`n` more texts, made as the corpus's were, none of whose sentences (of three words or
    more) occurs in `corpus` or in another of them: a file that lands later costs what a
    new article costs, not what a copy of one the caches have seen costs."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(seed_dir.glob("*.txt"))]
    seen = {s for text in corpus for s in sentences_of(text) if len(s.split()) >= 3}
    texts = []
    for i in range(n):
        text = make_distinct(vary(seeds[(i * 7 + 3) % len(seeds)], rng, True), rng, seen)
        seen.update(s for s in sentences_of(text) if len(s.split()) >= 3)
        texts.append(text)
    return texts

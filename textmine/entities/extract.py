"""From sentences to mentions and canonical entities: the whole entities step as data in,
data out (no Dagster, no DuckDB).

Resolution, in order:
1. gazetteer hits carry their canonical entry; rule-found names are canonicalised
   (textmine.entities.resolve); model spans are looked up in the gazetteer first;
2. in each article, a surname alone (or a given name with patronymic) resolves to the one full
   name of the article it fits; when none or several fit, the mention is dropped rather than
   guessed; a bare "Ministry of Defence" resolves to the article's one ministry of that kind;
3. in each article, 'Full Name (ABBR)' defines ABBR for the rest of the article, and a name in
   brackets right after a body's name (a transliteration, the English form) is that body;
4. across articles, full names are merged only when textmine.entities.people.same_person
   says they are spellings of one name (transliterations included), and places only when
   their names are one transliteration apart; a surname no article completes stays its own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import MutableMapping
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from textmine.entities import people
from textmine.entities.detect import Candidate, is_other_name, needs_model, rule_candidates, sentence_candidates
from textmine.entities.patterns import generic_words
from textmine.entities.gazetteer import Entry, Gazetteer, fold, load_gazetteer
from textmine.entities.resolve import canonical, clean_name, merge_key, ministry, ministry_name
from textmine.ids import stable_id
from textmine.nlp import load_nlp

NLP_DISABLE = ("parser", "lemmatizer", "attribute_ruler", "tagger", "senter")


def ner_pipeline() -> Language:
    """The model's NER and what it reads. The small English model's NER embeds the words
    itself (the shared `tok2vec` feeds only the tagger and the parser), so the shared one
    is left out too: the same entities for about a third less time. A model whose NER
    listens to the shared tok2vec keeps it."""
    nlp = load_nlp(disable=(*NLP_DISABLE, "tok2vec"))
    if "tok2vec" in nlp.component_names and "ner" in nlp.get_pipe("tok2vec").listening_components:
        return load_nlp(disable=NLP_DISABLE)
    return nlp
_PATRONYMIC = re.compile(r"(?:vich|vna|ovich|evich|ovna|evna|ich|ogly|kyzy|uly)$")


@dataclass(frozen=True)
class SentenceRef:
    sentence_no: int
    char_start: int
    char_end: int


@dataclass
class DocumentInput:
    """One article: its id, the decoded file its offsets point into, and its sentences."""

    doc_id: str
    content: str
    sentences: list[SentenceRef]


@dataclass
class Mention:
    doc_id: str
    sentence_no: int
    char_start: int
    char_end: int
    surface: str
    entity: Entry
    person: str | None = None  # a rule-found person's full name, before merging across articles

    @property
    def mention_id(self) -> str:
        return stable_id("m", self.doc_id, self.char_start, self.char_end)


@dataclass
class _Raw:
    """A candidate placed in its file, before resolution."""

    doc_id: str
    sentence_no: int
    start: int
    end: int
    candidate: Candidate
    person: str | None = None


@dataclass
class Result:
    mentions: list[Mention] = field(default_factory=list)

    def entity_rows(self) -> list[dict]:
        """One row per canonical entity with its aliases and counts."""
        by_entity: dict[Entry, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            by_entity[m.entity].append(m)
        rows = []
        for entry, ms in by_entity.items():
            aliases = sorted({" ".join(m.surface.split()) for m in ms})
            rows.append(dict(entity_id=entity_id(entry), name=entry.name, entity_type=entry.entity_type,
                             country_code=entry.country_code, aliases=aliases, n_mentions=len(ms),
                             n_documents=len({m.doc_id for m in ms})))
        return sorted(rows, key=lambda r: (r["entity_type"], r["name"]))

    def mention_rows(self) -> list[dict]:
        return [dict(mention_id=m.mention_id, doc_id=m.doc_id, sentence_no=m.sentence_no,
                     char_start=m.char_start, char_end=m.char_end, surface=m.surface,
                     entity_id=entity_id(m.entity)) for m in self.mentions]


def entity_id(entry: Entry) -> str:
    """Stable, content-derived id of a canonical entity."""
    return stable_id("e", entry.entity_type, entry.name)


def _rule_candidates(docs: list[DocumentInput], gaz: Gazetteer) -> dict[tuple[str, int], list[Candidate]]:
    return {(doc.doc_id, s.sentence_no): rule_candidates(doc.content[s.char_start:s.char_end], gaz)
            for doc in docs for s in doc.sentences}


def _model_entities(docs: list[DocumentInput], rules: dict[tuple[str, int], list[Candidate]],
                    cache: MutableMapping[str, list] | None = None
                    ) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
    """spaCy entities of the sentences where the rules leave a capitalised word unexplained,
    offsets relative to the sentence. With a `cache` (sentence-text hash -> entities; the
    caller keys it by model), a sentence seen in an earlier run is not parsed again."""
    wanted: dict[str, list[tuple[str, int]]] = {}
    texts: dict[str, str] = {}
    for doc in docs:
        for s in doc.sentences:
            text = doc.content[s.char_start:s.char_end]
            if needs_model(text, rules[(doc.doc_id, s.sentence_no)]):
                folded = fold(text)
                key = hashlib.sha1(folded.encode("utf-8")).hexdigest()
                wanted.setdefault(key, []).append((doc.doc_id, s.sentence_no))
                texts[key] = folded
    lookup = getattr(cache, "get_many", None)  # a cache on disk answers a batch of keys in one query
    known = dict(lookup(wanted)) if lookup is not None else (
        {k: cache[k] for k in wanted if k in cache} if cache is not None else {})
    todo = [k for k in wanted if k not in known]
    if todo:
        nlp = ner_pipeline()
        for key, parsed in zip(todo, nlp.pipe((texts[k] for k in todo), batch_size=64)):
            known[key] = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
            if cache is not None:
                cache[key] = known[key]
    return {ref: [tuple(e) for e in known[key]] for key, refs in wanted.items() for ref in refs}


def _place(doc: DocumentInput, gaz: Gazetteer, ents, rules) -> list[_Raw]:
    raws = []
    for s in doc.sentences:
        text = doc.content[s.char_start:s.char_end]
        key = (doc.doc_id, s.sentence_no)
        for c in sentence_candidates(text, ents.get(key, []), gaz, rules[key]):
            raws.append(_Raw(doc.doc_id, s.sentence_no, s.char_start + c.start, s.char_start + c.end, c))
    return raws


def _drop_leading(span: str, gaz: Gazetteer) -> str:
    """'Tajikistan Emomali Rakhmon', 'Russian Presidential Spokesman Dmitry Peskov': a model's
    PERSON span often starts with a country or a title."""
    words = span.split()
    while len(words) > 2 and (gaz.lookup(words[0]) or words[0].lower() in people.TITLES
                              or words[0] in generic_words()):
        words = words[1:]
    return " ".join(words)


def _trim_person(content: str, raw: _Raw, gaz: Gazetteer) -> _Raw | None:
    """Narrow a PERSON span to the cleaned name inside it (titles and possessives off)."""
    name = people.clean_person(_drop_leading(content[raw.start:raw.end], gaz))
    if name is None:
        return None
    first, last = name.split()[0], name.split()[-1]
    span = content[raw.start:raw.end]
    a = span.find(first)
    b = span.rfind(last)
    if a < 0 or b < 0:
        return None
    raw.start, raw.end = raw.start + a, raw.start + b + len(last)
    raw.person = " ".join(content[raw.start:raw.end].split())
    return raw if raw.person == name else None


def _resolve_people(raws: list[_Raw], gaz: Gazetteer) -> None:
    """Surname-only and given-name-plus-patronymic mentions take the article's full name."""
    by_doc = defaultdict(list)
    for r in raws:
        if r.person:
            by_doc[r.doc_id].append(r)
    for doc_raws in by_doc.values():
        full = Counter(r.person for r in doc_raws if len(r.person.split()) >= 2
                       and not _PATRONYMIC.search(r.person.split()[-1].lower()))
        for r in doc_raws:
            words = r.person.split()
            if len(words) == 1:
                fits = {n for n in full if people.surname_matches(words[0], n)}
                if len(fits) == 1:
                    r.person = fits.pop()
                else:  # no full name here: the surname stands alone (another article's namesake may be
                    # someone else); two or more full names fit: ambiguous
                    r.person = words[0] if not fits and _lone_surname(words[0], gaz) else None
            elif _PATRONYMIC.search(words[-1].lower()) and len(words) == 2:
                fits = {n for n in full if people.given_names_match(words[0], n)}
                r.person = fits.pop() if len(fits) == 1 else None


def _lone_surname(word: str, gaz: Gazetteer) -> bool:
    """A surname an article uses without ever giving the full name ('Yeltsin's adviser'): kept
    when it has a surname's ending and is not a given name, a known place or body, or a
    generic word (a lone capitalised word is too often a product, a town or a channel)."""
    return (len(word) >= 4 and people.has_surname_ending(word) and word[0].isupper() and word[1:].islower()
            and word not in people.given_names() and not is_other_name(word, gaz) and word.lower() not in STOP_WORDS)


def _person_keys(name: str) -> set[str]:
    """Keys two full names share whenever people.same_person may hold for them (it needs
    close surnames): the surname's spelling-neutral key (equal names too), its first three
    letters (a surname and its inflected form), and, for surnames of six letters or more,
    the surname with each letter left out in turn (one typing difference leaves one common
    such form). Comparing only names that share a key keeps the spellings of thousands of
    names from costing millions of comparisons."""
    words = name.split()
    if len(words) < 2:
        return set()  # same_person needs a first name and a surname
    surname = words[-1].lower()
    keys = {f"t:{people.translit_key(surname)}", f"p:{surname[:3]}"}
    if len(surname) >= 6:
        keys.add(f"d:{surname}")
        keys.update(f"d:{surname[:k]}{surname[k + 1:]}" for k in range(len(surname)))
    return keys


def _person_entries(counts: Counter[str]) -> dict[str, Entry]:
    """Full name -> canonical person entry, merging spellings of one name across articles
    (`counts`: mentions of each full name). The pairs are asked in the order of the names
    (most mentioned first), but only those that share a _person_keys key: the others are
    never one person, so skipping them changes nothing."""
    names = sorted(counts, key=lambda n: (-counts[n], len(n), n))
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    by_key: dict[str, list[int]] = {}
    keys = [_person_keys(n) for n in names]
    for i, own in enumerate(keys):
        for k in own:
            by_key.setdefault(k, []).append(i)
    for i, a in enumerate(names):
        later = sorted({j for k in keys[i] for j in by_key[k] if j > i})
        for b in (names[j] for j in later):
            if root(a) != root(b) and people.same_person(a, b):
                parent[root(b)] = root(a)
    return {n: Entry(root(n), "PERSON") for n in names}


def _resolve_other(raw: _Raw, content: str, gaz: Gazetteer) -> Entry | None:
    c = raw.candidate
    if c.entry is not None:
        return c.entry
    surface = content[raw.start:raw.end]
    if c.source == "model":
        hit = gaz.lookup(surface) or gaz.lookup(clean_name(surface))
        if hit:
            return hit
        if not _plausible_name(surface) and not (c.entity_type == "LOCATION" and _plausible_place(surface)):
            return None
    return canonical(surface, c.entity_type, gaz)


def _maybe_person(content: str, raw: _Raw, gaz: Gazetteer) -> _Raw:
    """A model ORG/LOC span ending in what reads as a person's name ('Kasym-Zhomart Tokayev',
    'Russian Presidential Spokesman Dmitry Peskov') is a PERSON."""
    span = content[raw.start:raw.end]
    words = span.split()
    if len(words) < 2:
        return raw
    tail = words[-2:]
    if any(is_other_name(w, gaz) or w.lower() in people.TITLES for w in tail):
        return raw
    if tail[0] in people.given_names() or people.has_surname_ending(tail[-1]):
        return _Raw(raw.doc_id, raw.sentence_no, raw.start, raw.end,
                    Candidate(raw.candidate.start, raw.candidate.end, "PERSON", "model"))
    return raw


def _drop_surnames_read_as_places(raws: list[_Raw], content: dict[str, str]) -> list[_Raw]:
    """'between Smith and Jones': the small model reads a lone surname as a place; a one-word
    model place that is the surname of a person named in the same article is that person."""
    names = defaultdict(set)
    for r in raws:
        if r.person and len(r.person.split()) >= 2:
            names[r.doc_id].add(r.person)

    def is_surname(r: _Raw) -> bool:
        word = clean_name(content[r.doc_id][r.start:r.end])
        return " " not in word and any(people.surname_matches(word, n) for n in names[r.doc_id])

    return [r for r in raws if not (r.candidate.source == "model" and r.candidate.entity_type == "LOCATION"
                                    and is_surname(r))]


def _plausible_place(surface: str) -> bool:
    """One word the model reads as a place (GPE/LOC): a town or region the gazetteer does not
    list. Kept when it is a capitalised name of 4+ letters, not a common or generic word."""
    name = clean_name(surface)
    return (re.fullmatch(r"[A-Z][a-z]{3,}(?:-[A-Z]?[a-z]+)*", name) is not None and name.lower() not in STOP_WORDS
            and name not in generic_words())


def _plausible_name(surface: str) -> bool:
    """A model span worth keeping: capitalised words, no digits, not a lone common word and
    not only generic words; a single word must be an acronym."""
    name = clean_name(surface)
    words = name.split()
    if not words or any(ch.isdigit() for ch in name) or "\n" in surface.strip():
        return False
    if len(words) == 1 and not (name.isupper() and len(name) >= 3):
        return False
    if all(re.sub(r"[’']s$", "", w) in generic_words() or w in {"of", "the", "and", "for", "on"} for w in words):
        return False
    return all(w[:1].isupper() or w in {"of", "the", "and", "for", "on", "de"} for w in words)


def _bare_ministries(mentions: list[Mention], gaz: Gazetteer) -> None:
    """'Ministry of Defence' alone means the article's one country-qualified Defence ministry."""
    by_doc = defaultdict(list)
    for m in mentions:
        if m.entity.entity_type == "ORGANIZATION" and m.entity.name.startswith("Ministry of "):
            by_doc[m.doc_id].append(m)
    for ms in by_doc.values():
        qualified = defaultdict(set)
        for m in ms:
            parsed = ministry(m.entity.name, gaz)
            if parsed and parsed[0]:
                qualified[parsed[1]].add(m.entity)
        for m in ms:
            parsed = ministry(m.entity.name, gaz)
            if parsed and parsed[0] is None and len(qualified[parsed[1]]) == 1:
                m.entity = next(iter(qualified[parsed[1]]))


_ABBR_DEF = re.compile(r"\s*\(\s*([A-Z][A-Za-z]?[A-Z][A-Z]{0,6})\s*\)")
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to"})


def fits_abbreviation(abbr: str, long_form: str) -> bool:
    """'RRF' abbreviates 'CSTO Rapid Reaction Force', 'NKR' 'Nagorno-Karabakh Republic': the
    abbreviation's letters are, in order, initials of the long form's words (hyphen parts
    count as words, function words may be skipped)."""
    words = [w for w in re.split(r"[\s\-–]+", long_form) if w and w.lower() not in _FUNCTION_WORDS]
    initials = [w[0].upper() for w in words if w[0].isalpha()]
    letters = [c for c in abbr.upper() if c.isalpha()]
    i = 0
    for c in initials:
        if i < len(letters) and c == letters[i]:
            i += 1
    return len(letters) >= 2 and i == len(letters) and letters[0] in initials


def _bracket_abbreviations(docs: list[DocumentInput], mentions: list[Mention]) -> list[Mention]:
    """'Full Name (ABBR)' defines ABBR for the rest of the article: every later ABBR, found or
    not, names what the full name names. Learned per article, since one set of letters
    abbreviates different bodies in different texts."""
    by_doc = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    added = []
    for doc in docs:
        ms = sorted(by_doc.get(doc.doc_id, []), key=lambda m: m.char_start)
        defs: dict[str, Entry] = {}
        for m in ms:
            hit = _ABBR_DEF.match(doc.content, m.char_end)
            if hit and m.entity.entity_type != "PERSON" and fits_abbreviation(hit.group(1), m.surface) \
                    and hit.group(1) not in defs:
                defs[hit.group(1)] = m.entity
        if not defs:
            continue
        taken = {(m.char_start, m.char_end) for m in ms}
        for m in ms:
            if m.surface in defs:
                m.entity, m.person = defs[m.surface], None
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, defs)) + r")\b")
        for s in doc.sentences:
            for hit in pattern.finditer(doc.content, s.char_start, s.char_end):
                span = (hit.start(), hit.end())
                if span not in taken and not any(a < span[1] and span[0] < b for a, b in taken):
                    added.append(Mention(doc.doc_id, s.sentence_no, span[0], span[1], hit.group(1),
                                         defs[hit.group(1)]))
                    taken.add(span)
    order = {d.doc_id: i for i, d in enumerate(docs)}
    return sorted(mentions + added, key=lambda m: (order.get(m.doc_id, -1), m.sentence_no, m.char_start))


_NAMED_KINDS = frozenset({"ORGANIZATION", "FORCE", "DOCUMENT", "EXERCISE", "OPERATION", "MEDIA"})
_OPEN = re.compile(r"\s*\(\s*(?:in\s+Russian:?\s*|Russian:\s*|or\s+)?[\"“«]?")
_CLOSE = re.compile(r"[\"”»]?\s*\)")
_OTHER_NAME = re.compile(r"\s*\(\s*[\"“«]?([A-Z][\w’'\-]*(?:\s+(?:[a-z]{1,3}\s+)?[A-Z][\w’'\-]*){1,7})[\"”»]?\s*\)")


def _in_brackets_after(content: str, a: Mention, b: Mention) -> bool:
    """Whether b, a name of a body (not an abbreviation), stands alone in brackets right after a."""
    opening = _OPEN.match(content, a.char_end)
    return (opening is not None and opening.end() == b.char_start and b.entity.entity_type in _NAMED_KINDS
            and _CLOSE.match(content, b.char_end) is not None and re.fullmatch(r"[A-Z]{2,8}", b.surface) is None)


def _bracketed_names(docs: list[DocumentInput], mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """'English Name (Transliterated Name)' and the reverse name one body twice: the name in
    brackets right after a name of a body, document or force is the same entity. When one of
    the two is known to the gazetteer, both take the known entry; a bracketed name nothing
    found becomes a mention of the name before it."""
    known = gaz.entries
    contents = {d.doc_id: d for d in docs}
    by_doc = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    added, dropped = [], set()
    for doc_id, ms in by_doc.items():
        doc = contents[doc_id]
        ms.sort(key=lambda m: m.char_start)
        for i, a in enumerate(ms):
            if a.entity.entity_type not in _NAMED_KINDS:
                continue
            b = ms[i + 1] if i + 1 < len(ms) else None
            if b is not None and _in_brackets_after(doc.content, a, b):
                if (a.entity in known) != (b.entity in known):
                    entry = a.entity if a.entity in known else b.entity
                    a.entity = b.entity = entry
                elif a.entity not in known:
                    b.entity = a.entity
                continue
            other = _OTHER_NAME.match(doc.content, a.char_end)
            if not other:
                continue
            inner = [m for m in ms[i + 1:] if m.char_start < other.end()]
            if any(m.char_end > other.end(1) or m.entity in known for m in inner):
                continue  # a known name in the brackets says something else ('(Moscow)')
            sentence = next((s for s in doc.sentences if s.char_start <= other.start(1) < s.char_end), None)
            if sentence is not None and other.end(1) <= sentence.char_end \
                    and gaz.lookup(other.group(1)) is None and re.fullmatch(r"[A-Z]{2,8}", other.group(1)) is None:
                dropped.update(id(m) for m in inner)  # words of the other name read as a person or a place
                added.append(Mention(doc_id, sentence.sentence_no, other.start(1), other.end(1), other.group(1),
                                     a.entity))
    return [m for m in mentions if id(m) not in dropped] + added


def detect(docs: list[DocumentInput], ner_cache: MutableMapping[str, list] | None = None) -> list[Mention]:
    """Mentions of every article from that article alone: gazetteer, rules and model spans,
    a surname resolved to the article's full name, a bare ministry to the article's one
    ministry of that kind. Persons found by rule carry `person` (their full name) and a
    provisional entry; `link` merges their spellings across articles. Works per file, so its
    output can be cached by the file's content hash."""
    gaz = load_gazetteer()
    rules = _rule_candidates(docs, gaz)
    ents = _model_entities(docs, rules, ner_cache)
    content = {d.doc_id: d.content for d in docs}
    raws: list[_Raw] = []
    for doc in docs:
        for r in _place(doc, gaz, ents, rules):
            if r.candidate.source == "model" and r.candidate.entity_type != "PERSON":
                r = _maybe_person(doc.content, r, gaz)
            if r.candidate.entity_type == "PERSON" and r.candidate.entry is None:
                r = _trim_person(doc.content, r, gaz)
                if r is None:
                    continue
            raws.append(r)
    _resolve_people(raws, gaz)
    raws = _drop_surnames_read_as_places(raws, content)
    mentions = []
    for r in raws:
        text = content[r.doc_id]
        if r.candidate.entity_type == "PERSON" and r.candidate.entry is None:
            if not r.person:
                continue
            entry, person = Entry(r.person, "PERSON"), r.person
        else:
            entry, person = _resolve_other(r, text, gaz), None
            if entry is None:
                continue
        mentions.append(Mention(r.doc_id, r.sentence_no, r.start, r.end, text[r.start:r.end], entry, person))
    mentions = _bracket_abbreviations(docs, _bracketed_names(docs, mentions, gaz))
    _bare_ministries(mentions, gaz)
    return mentions


LocalKey = tuple[Entry, str | None]  # a mention's entry as its article resolved it, and a rule-found full name


def link_entries(counts: Counter[LocalKey]) -> dict[LocalKey, Entry]:
    """The canonical entry of every local key, given how often each is mentioned: spellings
    of one person's name merge (people.same_person), names of one body written two ways fall
    together. Works on distinct keys, so its cost grows with the names, not the mentions."""
    gaz = load_gazetteer()
    person_counts = Counter()
    for (_entry, person), n in counts.items():
        if person:
            person_counts[person] += n
    persons = _person_entries(person_counts)
    first = {key: persons[key[1]] if key[1] else key[0] for key in counts}
    other_counts = Counter()
    for key, n in counts.items():
        if first[key].entity_type != "PERSON":
            other_counts[first[key]] += n
    target = _variant_targets(other_counts, gaz)
    return {key: target.get(entry, entry) for key, entry in first.items()}


def link(mentions: list[Mention]) -> Result:
    """Canonical entities across the whole corpus (see link_entries)."""
    linked = link_entries(Counter((m.entity, m.person) for m in mentions))
    return Result([Mention(m.doc_id, m.sentence_no, m.char_start, m.char_end, m.surface,
                           linked[(m.entity, m.person)]) for m in mentions])


def extract(docs: list[DocumentInput], ner_cache: MutableMapping[str, list] | None = None) -> Result:
    """Mentions of every article, each linked to its canonical entity."""
    return link(detect(docs, ner_cache))


def _variant_targets(counts: Counter[Entry], gaz: Gazetteer) -> dict[Entry, Entry]:
    """Names of one body written two ways fall together under the same merge key; a known
    (gazetteer) entry wins, else the most mentioned name (`counts`: mentions per entry)."""
    known = {entry for entry, _form, _adj in gaz.forms.values()}
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in counts:
        k = merge_key(entry.name)
        if entry.entity_type == "LOCATION":  # 'Syunik' and 'Siunik': one place in two transliterations
            k = " ".join(people.translit_key(w) for w in k.split())
        groups[(entry.entity_type, k)].append(entry)
    target = {}
    for entries in groups.values():
        best = sorted(entries, key=lambda e: (e not in known, -counts[e], -len(e.name), e.name))[0]
        for e in entries:
            target[e] = best
    return target

"""Entities and their mentions, Dagster-free.

Public helpers other steps may call:

- `resolve_entity(surface, entity_type=None) -> Entry | None`: the canonical entry (name,
  entity_type, country_code) of a surface form, using the world-knowledge gazetteer and the
  rewriting rules of `resolve` ("Kyrgyz Republic" -> Kyrgyzstan/KGZ, "Parliamentary Assembly
  of the CSTO" -> CSTO Parliamentary Assembly, "Russian Foreign Ministry" and the ministry's
  long official form -> one entry). With no type, only known forms resolve.
- `entity_id(entry)` / `entity_id_for(surface, entity_type)`: the stable id used in
  core.entities, `stable_id("e", entity_type, canonical_name)`.
- `extract(docs)`: the whole step, from sentences to mentions and entities.
- `people.same_person(a, b)`: whether two full names are spellings of one person's name.
"""

from textmine.entities.extract import DocumentInput, Result, SentenceRef, entity_id, extract
from textmine.entities.gazetteer import Entry, load_gazetteer
from textmine.entities.resolve import canonical


def resolve_entity(surface: str, entity_type: str | None = None) -> Entry | None:
    """Canonical entry of a surface form; None when the type is not given and the form is unknown."""
    gaz = load_gazetteer()
    if entity_type is None:
        return gaz.lookup(surface)
    return canonical(surface, entity_type, gaz)


def entity_id_for(surface: str, entity_type: str) -> str | None:
    """entity_id of a surface form of the given type (for persons: the name as given)."""
    entry = resolve_entity(surface, entity_type)
    return entity_id(entry) if entry else None


__all__ = ["DocumentInput", "Entry", "Result", "SentenceRef", "entity_id", "entity_id_for", "extract",
           "resolve_entity"]

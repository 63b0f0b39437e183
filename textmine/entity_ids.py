"""Which of an entity's names its id is made from.

Linking names an entity after its known (gazetteer) form, else after the form the corpus
mentions most (of two ways of writing one academy's name, say, the one more articles use).
An id made from that name would move whenever the counts tip: one new article would change
the entity's id in every article that mentions it, and every table that refers to it. So the id is made from a form chosen
without counts: the known one, else the longest of the forms linked to the entity (then the
first in alphabetical order). The name shown stays the most mentioned one."""

from collections.abc import Mapping

from textmine.entities.gazetteer import Entry, load_gazetteer


def identity_entries(linked: Mapping[tuple[Entry, str | None], Entry]) -> dict[Entry, Entry]:
    """For every canonical entry of `linked` (local key -> canonical entry, as
    textmine.entities.extract.link_entries gives it), the entry its id is made from. A
    person keeps their canonical entry: their names merge by spelling, not by form."""
    known = {entry for entry, _form, _adjective in load_gazetteer().forms.values()}
    forms: dict[Entry, set[Entry]] = {}
    for (entry, person), canonical in linked.items():
        group = forms.setdefault(canonical, {canonical})
        if not person and entry.entity_type == canonical.entity_type:
            group.add(entry)
    return {canonical: canonical if canonical in known or canonical.entity_type == "PERSON"
            else min(group, key=lambda e: (-len(e.name), e.name, e.country_code or ""))
            for canonical, group in forms.items()}

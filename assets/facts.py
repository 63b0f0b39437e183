"""Core layer: positions, memberships, quantities, interview turns. (Stub: filled by the facts issue.)"""

import dagster as dg

from assets.schemas import InterviewTurns, Memberships, Positions, Quantities
from assets.validation import Validated, empty_validated

_INS = {"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
        "mentions": dg.AssetIn(key=["core", "mentions"]), "entities": dg.AssetIn(key=["core", "entities"])}


@dg.asset(key=["core", "positions"], group_name="core", ins=_INS, description="Who held which position.")
def positions(documents: Validated, sentences: Validated, mentions: Validated, entities: Validated) -> Validated:
    return empty_validated(Positions)


@dg.asset(key=["core", "memberships"], group_name="core", ins=_INS, description="States' membership actions.")
def memberships(documents: Validated, sentences: Validated, mentions: Validated, entities: Validated) -> Validated:
    return empty_validated(Memberships)


@dg.asset(key=["core", "quantities"], group_name="core", ins=_INS, description="Numeric facts.")
def quantities(documents: Validated, sentences: Validated, mentions: Validated, entities: Validated) -> Validated:
    return empty_validated(Quantities)


@dg.asset(key=["core", "interview_turns"], group_name="core", ins=_INS, description="Interview questions and answers.")
def interview_turns(documents: Validated, sentences: Validated, mentions: Validated, entities: Validated) -> Validated:
    return empty_validated(InterviewTurns)

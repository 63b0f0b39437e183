"""Core layer: time expressions and dated events. (Stub: filled by the time issue.)"""

import dagster as dg

from assets.schemas import Events, TimeExpressions
from assets.validation import Validated, empty_validated


@dg.asset(key=["core", "time_expressions"], group_name="core",
          description="Every time expression with its resolved date range.",
          ins={"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"])})
def time_expressions(documents: Validated, sentences: Validated) -> Validated:
    return empty_validated(TimeExpressions)


@dg.asset(key=["core", "events"], group_name="core",
          description="Every dated happening with type, participants and its sentence.",
          ins={"time_expressions": dg.AssetIn(key=["core", "time_expressions"]),
               "mentions": dg.AssetIn(key=["core", "mentions"]),
               "sentences": dg.AssetIn(key=["core", "sentences"])})
def events(time_expressions: Validated, mentions: Validated, sentences: Validated) -> Validated:
    return empty_validated(Events)

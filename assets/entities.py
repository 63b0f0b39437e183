"""Core layer: entities and their mentions. (Stub: filled by the entities issue.)"""

import dagster as dg

from assets.schemas import Entities, Mentions
from assets.validation import Validated, empty_validated

_INS = {"documents": dg.AssetIn(key=["core", "documents"]), "sentences": dg.AssetIn(key=["core", "sentences"]),
        "source_files": dg.AssetIn(key=["core", "source_files"])}


@dg.multi_asset(
    outs={"mentions": dg.AssetOut(key=["core", "mentions"], group_name="core",
                                  description="Every place a text names an entity, with offsets."),
          "entities": dg.AssetOut(key=["core", "entities"], group_name="core",
                                  description="One canonical row per named thing, with its aliases.")},
    ins=_INS,
)
def entities_and_mentions(documents: Validated, sentences: Validated, source_files: Validated):
    return empty_validated(Mentions), empty_validated(Entities)

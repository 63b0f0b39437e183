"""`uv run csto-evaluate --warehouse warehouse/warehouse.duckdb --gold <gold folder> [--gold <another>]`:
print precision/recall and accuracies per table; `--json` writes them with the mistakes.
Several gold folders score a warehouse built from their corpora together (the timeline's
happenings are reported across corpora)."""

import argparse
import json
import sys
from pathlib import Path

from evaluation import documents, provenance
from evaluation import events as events_scorer
from evaluation import happenings as happenings_scorer
from evaluation import entities as entities_scorer
from evaluation import facts as facts_scorer
from evaluation.context import Context, Metric

SCORERS = [documents, provenance, entities_scorer, events_scorer, happenings_scorer, facts_scorer]


def evaluate(warehouse: Path, gold: Path | list[Path]) -> dict:
    folders = [gold] if isinstance(gold, Path) else list(gold)
    ctx = Context(warehouse, folders[0], more_gold=tuple(folders[1:]))
    results: dict = {}
    try:
        for module in SCORERS:
            results.update(module.score(ctx))
    finally:  # a connection left open would hand a later reader of the same path this state
        ctx.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=Path("warehouse/warehouse.duckdb"))
    parser.add_argument("--gold", type=Path, required=True, action="append",
                        help="folder of gold CSV tables (repeat for a warehouse built from several corpora)")
    parser.add_argument("--json", type=Path, help="also write metrics and mistakes as JSON here")
    parser.add_argument("--show-mistakes", action="store_true")
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(f"no warehouse at {args.warehouse}", file=sys.stderr)
        return 2
    results = evaluate(args.warehouse, args.gold)
    for name, value in results.items():
        if isinstance(value, Metric):
            print(f"{name:36s} {value.render()}")
        elif args.show_mistakes and value:
            print(f"{name}:\n  " + "\n  ".join(value))
    if args.json:
        args.json.write_text(json.dumps({k: (v.value if isinstance(v, Metric) else v) for k, v in results.items()},
                                        indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

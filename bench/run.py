"""Run the whole pipeline on a generated corpus and bare spaCy NER on the same texts, and
report both side by side: words/s, their ratio, wall time per asset, peak RSS, size of the
published file. Writes bench/report-<N>.json and .md; prints a one-line summary last."""

import argparse
import json
import platform
import re
import resource
import time
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg

from assets.resources import WarehousePaths
from bench.corpus import generate
from pipelines.definitions import build_definitions
from textmine.nlp import MODEL

HERE = Path(__file__).parent
REPO = HERE.parent
_WORD = re.compile(r"\w+")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(raw: Path, warehouse: Path) -> tuple[float, dict[str, float], bool]:
    """Wall seconds of one refresh_warehouse run, seconds per step, success."""
    job = build_definitions(WarehousePaths(raw_dir=str(raw), warehouse_dir=str(warehouse))).resolve_job_def(
        "refresh_warehouse")
    started = time.perf_counter()
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    wall = time.perf_counter() - started
    steps = {e.step_key: round(e.event_specific_data.duration_ms / 1000, 2)
             for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
    return wall, steps, result.success


def bare_spacy_ner(texts: list[str]) -> float:
    """Seconds for spaCy NER alone (tok2vec + ner, nlp.pipe) over the texts."""
    import spacy
    nlp = spacy.load(MODEL, disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=HERE / "out", help="where corpora and warehouses go (ignored)")
    args = parser.parse_args(argv)
    corpus = args.work / f"corpus-{args.files}"
    paths = generate(REPO / "raw", corpus, args.files)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(_WORD.findall(t)) for t in texts)
    warehouse = args.work / f"warehouse-{args.files}"
    wall, steps, ok = run_pipeline(corpus, warehouse)
    rss_pipeline = peak_rss_mb()
    (corpus / "zz_added.txt").write_text(texts[0].replace("CSTO", "CSTO ", 1) + "\nAdded later.\n", encoding="utf-8")
    wall_incremental, _, ok_incremental = run_pipeline(corpus, warehouse)
    (corpus / "zz_added.txt").unlink()
    spacy_seconds = bare_spacy_ner(texts)
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": __import__("os").cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "files": args.files, "words": words, "run_ok": ok and ok_incremental,
        "pipeline_seconds": round(wall, 1), "pipeline_words_per_s": round(words / wall),
        "spacy_ner_seconds": round(spacy_seconds, 1), "spacy_ner_words_per_s": round(words / spacy_seconds),
        "ratio_pipeline_over_spacy": round((words / wall) / (words / spacy_seconds), 3),
        "incremental_run_seconds_one_added_file": round(wall_incremental, 1),
        "peak_rss_mb_pipeline": round(rss_pipeline),
        "published_mb": round((warehouse / "warehouse.duckdb").stat().st_size / 2**20, 1),
        "seconds_per_step": dict(sorted(steps.items(), key=lambda kv: -kv[1])),
    }
    (HERE / f"report-{args.files}.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# Benchmark, {args.files} files ({words:,} words)", "", f"Run {report['when']} on "
             f"{report['machine']['cpus']} CPUs, {report['machine']['platform']}.", "",
             "| measure | value |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in report.items() if not isinstance(v, dict)]
    lines += ["", "| step | seconds |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in report["seconds_per_step"].items()]
    (HERE / f"report-{args.files}.md").write_text("\n".join(lines) + "\n")
    print(f"{args.files} files, {words:,} words: pipeline {report['pipeline_words_per_s']:,} words/s, "
          f"bare spaCy NER {report['spacy_ner_words_per_s']:,} words/s, ratio {report['ratio_pipeline_over_spacy']}, "
          f"+1 file rerun {wall_incremental:.1f}s, peak RSS {report['peak_rss_mb_pipeline']} MB")
    return 0 if report["run_ok"] else 1

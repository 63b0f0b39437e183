"""Run the whole pipeline on a generated corpus through its fixed interface (`dagster job
execute ... refresh_warehouse`), and bare spaCy NER on the same texts, and report both side
by side: words/s, their ratio, wall time per step, peak RSS of the run's process tree,
size of the published file; then the incremental runs (nothing changed, one new file added,
that file removed) and, with --multiprocess, the same cold run on the multiprocess
executor. Writes bench/report-<N>.json and .md; prints a one-line summary last."""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from bench.corpus import generate, new_distinct_texts
from textmine.nlp import MODEL

HERE = Path(__file__).parent
REPO = HERE.parent
_WORD = re.compile(r"\w+")
_STEP = re.compile(r'Finished execution of step "([^"]+)" in ([^.]+(?:\.\d+)?[a-z]+)\.')
_BUCKET = re.compile(r"(bucket \d+|extraction): extracted (\d+) files")
_RSS = re.compile(r"peak RSS after (\S+): (\d+) MB")
_SPACY = re.compile(r"spaCy parsed (\d+) of (\d+) sentences")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def _seconds(text: str) -> float:
    """'623ms', '4.2s', '2m29s' -> seconds."""
    return sum(float(n) * _UNITS[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text))


def run_pipeline(raw: Path, warehouse: Path, log: Path, executor: str = "in_process",
                 extra_env: dict[str, str] | None = None) -> dict:
    """One refresh_warehouse run as an operator starts it: wall seconds, seconds per step,
    peak RSS of the largest process of the run (MB), buckets that extracted files."""
    home = log.parent / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "RAW_DIR": str(raw), "WAREHOUSE_DIR": str(warehouse), "DAGSTER_HOME": str(home),
           "WAREHOUSE_EXECUTOR": executor, **(extra_env or {})}
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "dagster", "job", "execute", "-m", "pipelines",
                                    "-j", "refresh_warehouse"], cwd=REPO, env=env, stdout=out, stderr=out)
        _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    text = log.read_text(errors="replace")
    after_step = {k: int(v) for k, v in _RSS.findall(text)}
    # the steps' own peaks (VmHWM, pipelines.hooks): the child's ru_maxrss starts at this
    # process's size when it forked (Linux keeps it across exec), so it is only a fallback
    peak = max(after_step.values()) if after_step else round(usage.ru_maxrss / 1024)
    return {"ok": os.waitstatus_to_exitcode(status) == 0 and "RUN_SUCCESS" in text, "seconds": round(wall, 1),
            "peak_rss_mb": peak,
            "steps": {k: round(_seconds(v), 2) for k, v in _STEP.findall(text)},
            "peak_rss_mb_after_step": after_step,
            "files_extracted": sum(int(n) for _k, n in _BUCKET.findall(text)),
            "sentences_parsed_by_spacy": sum(int(n) for n, _m in _SPACY.findall(text)),
            "sentences_extracted": sum(int(m) for _n, m in _SPACY.findall(text))}


def bare_spacy_ner(texts: list[str], without_tok2vec: bool = False) -> float:
    """Seconds for spaCy NER alone over the texts (nlp.pipe): by default as a user would
    load it (every component but NER's neighbours disabled: tok2vec + ner), or, with
    `without_tok2vec`, the NER component alone (en_core_web_sm's NER has its own embedding
    layer and never reads the shared tok2vec: the fastest bare NER there is, which the
    report gives as a second, stricter ratio)."""
    import spacy
    others = ["tagger", "parser", "attribute_ruler", "lemmatizer"] + (["tok2vec"] if without_tok2vec else [])
    nlp = spacy.load(MODEL, disable=others)
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def _files_published(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM core.source_files").fetchone()[0]


def write_report(report: dict) -> None:
    """bench/report-<files>.json and .md."""
    files = report["name"]
    (HERE / f"report-{files}.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# Benchmark, {report['files']} files{', every sentence distinct' if report['distinct_wording'] else ', sentences repeated across files'} "
             f"({report['words']:,} words)", "", f"Run {report['when']} at commit "
             f"{report['commit']} on {report['machine']['cpus']} CPUs, {report['machine']['memory_gb']} GiB, "
             f"{report['machine']['platform']}, Python {report['machine']['python']}.", "",
             "| measure | value |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in report.items() if not isinstance(v, dict)]
    lines += ["", "| step (cold run, in order) | peak RSS so far, MB |", "|---|---:|"] + [
        f"| {k} | {v} |" for k, v in report["peak_rss_mb_after_step"].items()]
    for key in [k for k, v in report.items() if isinstance(v, dict) and k.startswith("seconds_per_step")]:
        lines += ["", f"| step ({key.removeprefix('seconds_per_step').strip('_') or 'cold run'}) | seconds |",
                  "|---|---:|"] + [f"| {k} | {v} |" for k, v in report[key].items()]
    (HERE / f"report-{files}.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--spacy-files", type=int, default=1000,
                        help="bare spaCy runs on every k-th file, at most this many (its words/s is a rate)")
    parser.add_argument("--multiprocess", action="store_true", help="also time a cold run on the multiprocess executor")
    parser.add_argument("--repeated", action="store_true",
                        help="the older corpus whose files share sentences (report-<N>-repeated); by default every "
                             "sentence of the corpus is distinct (report-<N>-distinct)")
    parser.add_argument("--distinct", action="store_true", help="the default; kept so older commands still run")
    parser.add_argument("--dask-workers", type=int, default=0,
                        help="also time a cold run whose extraction runs on a local Dask cluster of this many "
                             "worker processes (a scheduler and workers started as separate processes)")
    parser.add_argument("--sensor-drops", type=int, default=0,
                        help="also time, with the Dagster daemon and the raw folder's sensor on, this many new files "
                             "dropped one at a time until each is queryable")
    parser.add_argument("--work", type=Path, default=HERE / "out", help="where corpora and warehouses go (ignored)")
    args = parser.parse_args(argv)
    distinct = not args.repeated
    name = f"{args.files}-distinct" if distinct else f"{args.files}-repeated"
    work = args.work / f"run-{name}"
    corpus = args.work / f"corpus-{name}"
    paths = generate(REPO / "raw", corpus, args.files, distinct=distinct)
    for leftover in corpus.glob("zz_*"):
        leftover.unlink()
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(_WORD.findall(t)) for t in texts)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    warehouse = work / "warehouse"

    cold = run_pipeline(corpus, warehouse, work / "cold.log")
    noop = run_pipeline(corpus, warehouse, work / "unchanged.log")
    fresh = new_distinct_texts(REPO / "raw", texts, 1 + args.sensor_drops)  # none of their sentences seen before
    added = corpus / "zz_added.txt"
    added.write_text(fresh[0], encoding="utf-8")
    plus_one = run_pipeline(corpus, warehouse, work / "one-added.log")
    added.unlink()
    minus_one = run_pipeline(corpus, warehouse, work / "one-removed.log")
    removed_ok = _files_published(warehouse) == len(paths)
    step = max(1, len(texts) // args.spacy_files)
    sample = texts[::step][:args.spacy_files]
    sample_words = sum(len(_WORD.findall(t)) for t in sample)
    spacy_seconds = bare_spacy_ner(sample)
    spacy_rate = sample_words / spacy_seconds
    ner_only_seconds = bare_spacy_ner(sample, without_tok2vec=True)
    ner_only_rate = sample_words / ner_only_seconds
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    bucket_seconds = [v for k, v in plus_one["steps"].items() if k.startswith("extract__")]
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": commit.stdout.strip() or None,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)},
        "name": name, "files": args.files, "distinct_wording": distinct, "words": words,
        "run_ok": all(r["ok"] for r in (cold, noop, plus_one, minus_one)),
        "pipeline_seconds": cold["seconds"], "pipeline_words_per_s": round(words / cold["seconds"]),
        "spacy_ner_files": len(sample), "spacy_ner_words": sample_words,
        "spacy_ner_seconds": round(spacy_seconds, 1), "spacy_ner_words_per_s": round(spacy_rate),
        "ratio_pipeline_over_spacy": round((words / cold["seconds"]) / spacy_rate, 3),
        "spacy_ner_only_seconds": round(ner_only_seconds, 1), "spacy_ner_only_words_per_s": round(ner_only_rate),
        "ratio_pipeline_over_spacy_ner_only": round((words / cold["seconds"]) / ner_only_rate, 3),
        "sentences": cold["sentences_extracted"], "sentences_parsed_by_spacy": cold["sentences_parsed_by_spacy"],
        "peak_rss_mb_pipeline": cold["peak_rss_mb"],
        "published_mb": round((warehouse / "warehouse.duckdb").stat().st_size / 2**20, 1),
        "rerun_unchanged_seconds": noop["seconds"], "rerun_unchanged_files_extracted": noop["files_extracted"],
        "rerun_one_added_seconds": plus_one["seconds"], "rerun_one_added_files_extracted": plus_one["files_extracted"],
        "one_added_extracting_bucket_seconds": max(bucket_seconds, default=None),
        "incremental_cost_one_added_seconds": round(plus_one["seconds"] - noop["seconds"], 1),
        "rerun_one_removed_seconds": minus_one["seconds"], "removed_file_left_warehouse": removed_ok,
        "seconds_per_step": dict(sorted(cold["steps"].items(), key=lambda kv: -kv[1])),
        "peak_rss_mb_after_step": cold["peak_rss_mb_after_step"],
        "seconds_per_step_unchanged_rerun": dict(sorted(noop["steps"].items(), key=lambda kv: -kv[1])),
        "seconds_per_step_one_added": dict(sorted(plus_one["steps"].items(), key=lambda kv: -kv[1])),
    }
    write_report(report)
    if args.multiprocess:  # last, so that the report above stands even if this run is cut short
        multi = run_pipeline(corpus, work / "warehouse-multiprocess", work / "cold-multiprocess.log", "multiprocess")
        report.update({"run_ok": report["run_ok"] and multi["ok"],
                       "multiprocess_seconds": multi["seconds"], "multiprocess_peak_rss_mb": multi["peak_rss_mb"],
                       "multiprocess_speedup": round(cold["seconds"] / multi["seconds"], 2),
                       "seconds_per_step_multiprocess": dict(sorted(multi["steps"].items(), key=lambda kv: -kv[1]))})
        write_report(report)
    if args.sensor_drops:  # last too: the figures above stand if the daemon cannot start
        from bench.sensor import sensor_latency

        report.update(sensor_latency(corpus, warehouse, work / "sensor_home", fresh[1:]))
        write_report(report)
    if args.dask_workers:  # last too: a cluster that cannot start leaves the figures above standing
        from bench.cluster import local_cluster

        with local_cluster(work / "dask", workers=args.dask_workers) as cluster:
            dask = run_pipeline(corpus, work / "warehouse-dask", work / "cold-dask.log",
                                extra_env={"WAREHOUSE_DASK_SCHEDULER": cluster.address})
        in_process_extraction = cold["steps"].get("extract__files")
        dask_extraction = dask["steps"].get("extract__files")
        report.update({"run_ok": report["run_ok"] and dask["ok"], "dask_workers": args.dask_workers,
                       "dask_seconds": dask["seconds"], "dask_speedup": round(cold["seconds"] / dask["seconds"], 2),
                       "extraction_seconds_in_process": in_process_extraction,
                       "extraction_seconds_dask": dask_extraction,
                       "dask_extraction_speedup": round(in_process_extraction / dask_extraction, 2)
                       if in_process_extraction and dask_extraction else None,
                       "seconds_per_step_dask": dict(sorted(dask["steps"].items(), key=lambda kv: -kv[1]))})
        write_report(report)
    print(f"{args.files} files, {words:,} words: pipeline {report['pipeline_words_per_s']:,} words/s, "
          f"bare spaCy NER {report['spacy_ner_words_per_s']:,} words/s, ratio {report['ratio_pipeline_over_spacy']} "
          f"({report['ratio_pipeline_over_spacy_ner_only']} against NER without tok2vec), "
          f"+1 file {report['incremental_cost_one_added_seconds']:+.1f}s over an unchanged rerun "
          f"({noop['seconds']}s), peak RSS {report['peak_rss_mb_pipeline']} MB"
          + (f", multiprocess speed-up {report['multiprocess_speedup']}x" if args.multiprocess else "")
          + (f", extraction on {args.dask_workers} Dask workers {report['dask_extraction_speedup']}x faster"
             if args.dask_workers else "")
          + (f", a dropped file queryable within {report['sensor_latency_max_seconds']} s with the sensor on"
             if args.sensor_drops else ""))
    return 0 if report["run_ok"] else 1

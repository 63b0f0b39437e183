"""Incremental equals clean: a randomized soak of the incremental runs.

A small corpus of tiny files (items of the shipped corpus, varied by bench.corpus.vary)
goes through a sequence of steps; each step adds, changes (to other text, or to text of
the same size), renames, moves, removes, duplicates, touches or corrupts a few random
files, then refreshes one warehouse incrementally and builds another from scratch in a
fresh folder. After every step the published core tables of both (and the refused rows)
must be equal row for row, ids included: EXCEPT ALL both ways, leaving out only columns
that say when something was ingested or which run did it.

The clean warehouse shares the extraction store (its per-file rows are content-addressed
and never updated, so it holds what a clean run would compute) but nothing else: no
manifest, no parts, no records, no published file. It is built by the same assets
without the steps that only read the published file (charts, quality).

    uv run python -m bench.soak --steps 200     # the long soak (a few minutes per 50 steps)

tests/test_soak.py runs a short one in the suite."""

import argparse
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from bench.corpus import vary
from storage.search import load_fts

REPO = Path(__file__).resolve().parents[1]
# Columns that say when a row was ingested or which run wrote it: the only ones a clean
# rebuild may give otherwise.
RUN_COLUMNS = {"ingested_at", "run_id"}
COMPARED_AUDIT = ["audit.rejected_rows", "search.sentences"]
# Words whose full-text search results (sentence, BM25 score) must be the same in both: the
# index of a warehouse published as a delta is built on its updated sentences.
SEARCHED = ["treaty", "security council", "minister", "exercise", "border"]
# Steps that only read the published file: the clean rebuild leaves them out.
READERS_OF_THE_PUBLISHED_FILE = [dg.AssetKey(["charts"]), dg.AssetKey(["quality"])]


def items_of(raw_dir: Path, max_chars: int = 700) -> list[str]:
    """Short items (a date line and a paragraph or two) of the shipped corpus."""
    items = []
    for path in sorted(raw_dir.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n\n"):
            block = block.strip("\n")
            if 40 <= len(block) <= max_chars:
                items.append(block)
    return items


@dataclass
class Corpus:
    """The raw folder the soak edits, and what it did to it."""

    folder: Path
    items: list[str]
    rng: random.Random
    counter: int = 0
    log: list[str] = field(default_factory=list)

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file())

    def text(self) -> str:
        picked = self.rng.sample(self.items, k=self.rng.randint(1, 3))
        if self.rng.random() < 0.5:
            picked = [vary(item, self.rng) for item in picked]
        return "\n\n\n".join(picked) + "\n"

    def new_name(self) -> Path:
        self.counter += 1
        folder = self.folder / "sub" if self.rng.random() < 0.25 else self.folder
        folder.mkdir(exist_ok=True)
        return folder / f"n{self.counter:04d}.txt"

    def add(self) -> str:
        path = self.new_name()
        path.write_text(self.text(), encoding="utf-8")
        return f"add {path.name}"

    def change(self, path: Path) -> str:
        path.write_text(self.text(), encoding="utf-8")
        return f"change {path.name}"

    def change_same_size(self, path: Path) -> str:
        """Other bytes, same size, at once: only the file's change time can tell."""
        data = bytearray(path.read_bytes())
        digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
        if not digits:
            return self.change(path)
        i = self.rng.choice(digits)
        data[i] = 48 + (data[i] - 48 + self.rng.randint(1, 9)) % 10
        stat = path.stat()
        path.write_bytes(bytes(data))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the old modification time, as a copy tool keeps it
        return f"change {path.name} keeping its size and time"

    def rename(self, path: Path) -> str:
        target = self.new_name()
        path.rename(target)
        return f"rename {path.name} -> {target.relative_to(self.folder)}"

    def remove(self, path: Path) -> str:
        path.unlink()
        return f"remove {path.name}"

    def duplicate(self, path: Path) -> str:
        target = self.new_name()
        shutil.copyfile(path, target)
        return f"duplicate {path.name} as {target.name}"

    def touch(self, path: Path) -> str:
        os.utime(path)
        return f"touch {path.name}"

    def corrupt(self) -> str:
        path = self.new_name()
        path.write_bytes(b"\x00\x01binary\xff\xfe" * 20)
        return f"add undecodable {path.name}"

    def step(self) -> list[str]:
        """One to three random edits."""
        done = []
        for _ in range(self.rng.randint(1, 3)):
            files = self.files()
            action = self.rng.choices(
                ["add", "change", "same_size", "rename", "remove", "duplicate", "touch", "corrupt"],
                weights=[4, 3, 2, 2, 3, 1, 1, 1])[0]
            if action == "add" or len(files) < 2:
                done.append(self.add())
            elif action == "corrupt":
                done.append(self.corrupt())
            else:
                path = self.rng.choice(files)
                done.append({"change": self.change, "same_size": self.change_same_size, "rename": self.rename,
                             "remove": self.remove, "duplicate": self.duplicate, "touch": self.touch}[action](path))
        self.log.append("; ".join(done))
        return done


# The incremental warehouse is cut into batches of a few files, so that a step reuses the
# parts of the batches an edit left alone (storage.parts.PartsWriter.reuse); the clean one
# keeps the default size (one batch here): equal tables then also show that neither the
# batching nor the reuse of parts changes a row.
INCREMENTAL_BATCH_CHARS = 1500


def run(raw: Path, warehouse: Path, clean: bool = False) -> tuple[int, str]:
    """One refresh in this process (the clean one without the readers of the published
    file); returns how many parts its steps reused and how publish made the file."""
    from assets.resources import WarehousePaths
    from pipelines.definitions import build_definitions
    from storage import parts

    defs = build_definitions(WarehousePaths(raw_dir=str(raw), warehouse_dir=str(warehouse)))
    job = defs.resolve_job_def("refresh_warehouse")
    selection = None
    if clean:
        selection = [k for k in defs.resolve_asset_graph().get_all_asset_keys()
                     if k not in READERS_OF_THE_PUBLISHED_FILE]
    default, parts.BATCH_CHARS = parts.BATCH_CHARS, parts.BATCH_CHARS if clean else INCREMENTAL_BATCH_CHARS
    try:
        result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False,
                                        asset_selection=selection)
    finally:
        parts.BATCH_CHARS = default
    if not result.success:
        failures = [e.message for e in result.all_events if e.is_failure]
        raise AssertionError(f"the run on {raw} into {warehouse} failed: {failures}")
    return _parts_reused(result), _published_by(result)


def _published_by(result) -> str:
    """How publish made the file: a copy, a delta on a copy, or a full build."""
    for event in result.all_events:
        if event.is_step_materialization:
            value = event.step_materialization_data.materialization.metadata.get("published_by")
            if value is not None:
                return str(getattr(value, "value", value))
    return "nothing"


def _parts_reused(result) -> int:
    """The parts its steps reused, as their metadata reports them."""
    total = 0
    for event in result.all_events:
        if event.is_step_materialization:
            value = event.step_materialization_data.materialization.metadata.get("parts_reused")
            total += int(getattr(value, "value", value) or 0)
    return total


def share_extraction_store(incremental: Path, clean: Path) -> None:
    """The clean warehouse folder sees the incremental one's extraction store (rows by
    content hash and code version) and nothing else of its caches."""
    cache = clean / ".cache"
    cache.mkdir(parents=True)
    for entry in (incremental / ".cache").iterdir():
        if entry.is_dir() and (entry.name.startswith("extract-") or entry.name == "texts"):
            (cache / entry.name).symlink_to(entry, target_is_directory=True)


def differences(incremental: Path, clean: Path) -> dict[str, tuple[int, int]]:
    """Table -> (rows only in the incremental warehouse, rows only in the clean one), for
    every core table and the refused rows whose rows differ."""
    found = {}
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{incremental / 'warehouse.duckdb'}' AS inc (READ_ONLY)")
        con.execute(f"ATTACH '{clean / 'warehouse.duckdb'}' AS clean (READ_ONLY)")
        tables = [f"core.{t}" for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'clean' AND schema_name = 'core' "
            "ORDER BY table_name").fetchall()] + COMPARED_AUDIT
        for table in tables:
            schema, name = table.split(".")
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'clean' AND schema_name = ? "
                "AND table_name = ? ORDER BY column_index", [schema, name]).fetchall() if c not in RUN_COLUMNS]
            if not columns:  # not in this warehouse (a test's small one)
                continue
            select = ", ".join(f'"{c}"' for c in columns)
            only_inc, only_clean = (con.execute(
                f"SELECT count(*) FROM (SELECT {select} FROM {a}.{table} EXCEPT ALL SELECT {select} FROM {b}.{table})"
            ).fetchone()[0] for a, b in (("inc", "clean"), ("clean", "inc")))
            if only_inc or only_clean:
                found[table] = (only_inc, only_clean)
        if con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'clean' "
                       "AND schema_name = 'fts_search_sentences'").fetchone()[0]:
            load_fts(con)
            # the index's content, whatever ids it gave sentences and terms
            for label, query in [
                ("index: sentences", "SELECT name, len FROM {db}.fts_search_sentences.docs"),
                ("index: terms", "SELECT term, df FROM {db}.fts_search_sentences.dict"),
                ("index: postings", "SELECT d.name, t.term, count(*) FROM {db}.fts_search_sentences.terms p "
                                    "JOIN {db}.fts_search_sentences.docs d USING (docid) "
                                    "JOIN {db}.fts_search_sentences.dict t USING (termid) GROUP BY ALL"),
                ("index: statistics", "SELECT num_docs, avgdl FROM {db}.fts_search_sentences.stats")]:
                only_inc, only_clean = (con.execute(
                    f"SELECT count(*) FROM ({query.format(db=a)} EXCEPT ALL {query.format(db=b)})").fetchone()[0]
                    for a, b in (("inc", "clean"), ("clean", "inc")))
                if only_inc or only_clean:
                    found[label] = (only_inc, only_clean)
            for words in SEARCHED:
                hits = []
                for side in ("inc", "clean"):  # the index's macro reads the tables of the database in use
                    con.execute(f"USE {side}")
                    hits.append(set(con.execute(
                        "SELECT sentence_key, round(score, 9) FROM (SELECT sentence_key, fts_search_sentences."
                        "match_bm25(sentence_key, ?) AS score FROM search.sentences) WHERE score IS NOT NULL",
                        [words]).fetchall()))
                con.execute("USE memory")
                if hits[0] != hits[1]:
                    found[f"search: {words}"] = (len(hits[0] - hits[1]), len(hits[1] - hits[0]))
    return found


def soak(base: Path, steps: int, seed: int = 16, initial_files: int = 4,
         progress=lambda _line: None) -> list[str]:
    """Run the soak in `base` (created): a first run on `initial_files` files, then `steps`
    steps of edits, each compared with a clean rebuild; return the log of edits. Raises
    AssertionError, naming the step and its edits, at the first step whose warehouses
    differ."""
    shutil.rmtree(base, ignore_errors=True)
    raw, incremental = base / "raw", base / "incremental"
    raw.mkdir(parents=True)
    corpus = Corpus(raw, items_of(REPO / "raw"), random.Random(seed))
    for _ in range(initial_files):
        corpus.add()
    corpus.log.append(f"{initial_files} files")
    for number in range(steps + 1):
        if number:
            corpus.step()
        started = time.perf_counter()
        reused, published_by = run(raw, incremental)
        took = time.perf_counter() - started
        if not number:
            continue  # the first run is a clean one
        clean = base / f"clean-{number:04d}"
        share_extraction_store(incremental, clean)
        run(raw, clean, clean=True)
        found = differences(incremental, clean)
        if found:
            raise AssertionError(f"step {number} ({corpus.log[-1]}): the incremental warehouse differs from a clean "
                                 f"rebuild (rows only incremental, only clean): {found}; edits so far: {corpus.log}")
        shutil.rmtree(clean)
        progress(f"step {number}: {corpus.log[-1]} -> equal ({len(corpus.files())} files, incremental run {took:.1f}s, "
                 f"{reused} parts reused, published by {published_by})")
    return corpus.log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "out" / "soak")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    soak(args.work, args.steps, args.seed, progress=lambda line: print(line, flush=True))
    print(f"soak: {args.steps} steps, every published warehouse equal to a clean rebuild "
          f"({time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

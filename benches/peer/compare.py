#!/usr/bin/env python3
"""Jinqiao against the Python analyst peer (../shared/bench/python-peer), measured side by side.

Each comparison runs the two sides interleaved (A B A B …, a warm-up pair first, not counted), so that a noisy
machine slows both alike, and prints medians and the ratio of each pair: the figures of the README's
"Against the Python peer" table. Run from the project's root after
`cargo build --release --locked -p matcher-grpc -p jinqiao-benches`:

    python3 benches/peer/compare.py [--runs 3] [--cold-runs 1]

Data and the peer's virtual environment live outside the project (--work, default /tmp/jinqiao-peer;
~/.cache/peers-venv, made with the peer's packages when missing). Everything runs on 127.0.0.1 and local
files; nothing here is run by CI (it takes ~15 minutes), but `cargo bench --no-run` builds `search-loop`.

Comparisons (100,000 generated postings, 20,000 students, seed 7, as the peer's setup.sh makes them):
  warm     `matcher recommend` on the built index (every output)  vs  py_recommend.py on its cached catalogue
           -> ranking phase per core, whole run, and Jinqiao's wall time over its scoring time
Both sides rank the same students: `matcher recommend` lists the job seekers paired with the sample's cadres
(graduates seeking work, not students still enrolled), so set-up runs it once and hands the peer the ids it
listed (`--only`); the peer would otherwise rank every student whose intent seeks work, a third more.
  startup  one `matcher search` process  vs  `matcher --version` (the process alone)
  bm25     200 queries in one process, each timed: `search-loop --ids` (ids and scores, as bm25s gives)
           and `search-loop` (each hit's posting read and decoded, as `matcher search` shows)  vs  py_bm25.py
  cold     five native files -> lists: 5 × `matcher ingest` + `matcher recommend`  vs  py_recommend.py from
           the files (2 jieba processes)
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DAY = "2026-11-01"
FILES = [("yangfan", "yangfan.jsonl"), ("xiaochi", "xiaochi.csv"), ("tuantuan", "tuantuan.json"),
         ("national", "national.json"), ("generic", "generic.csv")]
PEER_PACKAGES = ["jieba", "scikit-learn", "numpy", "scipy", "bm25s", "pandas"]


def run(cmd, ok=(0,)):
    """Runs `cmd` (a list) under /usr/bin/time; returns (wall s, peak KiB, stdout, stderr)."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "@@peak %M", *map(str, cmd)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in ok:
        sys.exit(f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stderr[-3000:]}")
    peak = int(re.findall(r"@@peak (\d+)", done.stderr)[-1])
    return wall, peak, done.stdout, done.stderr


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def interleaved(pairs, a, b):
    """Runs a() and b() `pairs + 1` times alternately; the first pair warms up. Returns ([a…], [b…])."""
    ra, rb = [], []
    for i in range(pairs + 1):
        x, y = a(), b()
        if i > 0:
            ra.append(x)
            rb.append(y)
    return ra, rb


class Bench:
    def __init__(self, args):
        self.a = args
        self.m = Path(args.matcher)
        self.loop = Path(args.search_loop)
        self.peer = Path(args.peer)
        self.work = Path(args.work)
        self.data = self.work / "d100k"
        self.index = self.work / "idx100k"
        self.py = Path(args.python)
        self.cores = os.cpu_count() or 1

    # ---------------------------------------------------------------- set-up (idempotent)
    def setup(self):
        for tool in (self.m, self.loop):
            if not tool.exists():
                sys.exit(f"{tool} is missing: cargo build --release --locked -p matcher-grpc -p jinqiao-benches")
        if not self.py.exists():
            subprocess.run([sys.executable, "-m", "venv", str(self.py.parent.parent)], check=True)
            subprocess.run([str(self.py), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
        self.work.mkdir(parents=True, exist_ok=True)
        if not (self.data / "students.jsonl").exists():
            run([self.m, "generate", "--out", self.data, "--postings", 100000, "--students", 20000, "--seed", 7])
        if not (self.index / "meta.json").exists():
            self.ingest(self.index)
        self.queries = self.work / "queries200.txt"
        if not self.queries.exists():
            made = subprocess.run([sys.executable, self.peer / "make_queries.py", self.data / "students.jsonl"],
                                  capture_output=True, text=True, check=True)
            self.queries.write_text(made.stdout, encoding="utf-8")
        self.listed = self.work / "listed_ids.txt"
        if not self.listed.exists():
            self.write_listed(self.index, self.work / "rec_listed")

    def write_listed(self, index, out):
        """The ids of the students `matcher recommend` lists, one per line, for the peer's `--only`."""
        self.matcher_recommend(index, out)
        with open(out / "recommendations.json", encoding="utf-8") as f:
            lists = json.load(f)
        ids = sorted({s["student"] for cadre in lists["cadres"] for s in cadre["students"]})
        if not ids:
            sys.exit(f"{out}/recommendations.json lists no student")
        self.listed.write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")

    def ingest(self, index):
        """The five native files into `index` (exit 1 is expected: generated data holds records to reject)."""
        shutil.rmtree(index, ignore_errors=True)
        for source, name in FILES:
            run([self.m, "ingest", "--index", index, "--source", source, self.data / name, "--json", "--show", 0],
                ok=(0, 1))

    # ---------------------------------------------------------------- the sides
    def matcher_recommend(self, index, out):
        wall, peak, stdout, stderr = run([self.m, "recommend", "--index", index, "--students",
                                          self.data / "students.jsonl", "--cadres", self.data / "cadres.jsonl",
                                          "--day", DAY, "--out", out, "--json"], ok=(0, 1))
        loaded = re.search(r"postings loaded in ([\d.]+) s; (\d+) students of \d+ cadres scored and allocated "
                           r"in ([\d.]+) s", stderr)
        written = re.search(r"written to .* in ([\d.]+) s", stderr)
        students, scored = int(loaded.group(2)), float(loaded.group(3))
        return {"wall": wall, "peak_kib": peak, "load": float(loaded.group(1)), "scored": scored,
                "written": float(written.group(1)), "students": students, "students_per_s": students / scored,
                "summary": json.loads(stdout)}

    def peer_recommend(self, extra, out):
        wall, peak, _, stderr = run([self.py, self.peer / "py_recommend.py", "--data", self.data, "--students",
                                     self.data / "students.jsonl", "--day", DAY, "--top", 5, "--only", self.listed, "--out", out, *extra])
        timings = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")][-1]
        return {"wall": wall, "peak_kib": peak, **timings}

    # ---------------------------------------------------------------- comparisons
    def warm(self):
        cache = ["--cache", self.work / "cache100k"]
        return interleaved(self.a.runs,
                           lambda: self.matcher_recommend(self.index, self.work / "rec_warm"),
                           lambda: self.peer_recommend(cache, self.work / "py_warm.jsonl"))

    def startup(self):
        search = [self.m, "search", "--index", self.index, "--as-of", DAY, "--top", 10, "--json", "软件开发"]
        return interleaved(10, lambda: run(search)[0], lambda: run([self.m, "--version"])[0])

    def bm25(self):
        def ours():
            loop = [self.loop, "--index", self.index, "--queries", self.queries, "--day", DAY, "--repeat", 5]
            return {"ids": json.loads(run([*loop, "--ids"])[2]), "postings": json.loads(run(loop)[2])}

        def theirs():
            err = run([self.py, self.peer / "py_bm25.py", "--data", self.data, "--day", DAY, "--queries",
                       self.queries, "--top", 10, "--repeat", 5])[3]
            return [json.loads(line) for line in err.splitlines() if line.startswith("{")][-1]

        return interleaved(self.a.bm25_runs, ours, theirs)

    def cold(self):
        def ours():
            started = time.perf_counter()
            index = self.work / "idx_cold"
            self.ingest(index)
            result = self.matcher_recommend(index, self.work / "rec_cold")
            return time.perf_counter() - started, result

        return interleaved(self.a.cold_runs, ours,
                           lambda: self.peer_recommend(["--jobs", 2], self.work / "py_cold.jsonl"))


def fmt(x, digits=2):
    return f"{x:,.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="counted pairs of the warm comparison")
    ap.add_argument("--cold-runs", type=int, default=1, help="counted pairs of the cold comparison (0: skip)")
    ap.add_argument("--bm25-runs", type=int, default=1, help="counted pairs of the BM25 comparison (0: skip)")
    ap.add_argument("--matcher", default="target/release/matcher")
    ap.add_argument("--search-loop", default="target/release/search-loop")
    ap.add_argument("--peer", default="../shared/bench/python-peer")
    ap.add_argument("--work", default=os.environ.get("PEER_DIR", "/tmp/jinqiao-peer"))
    ap.add_argument("--python", default=str(Path.home() / ".cache/peers-venv/bin/python"))
    ap.add_argument("--json", help="also write every measurement to this file")
    args = ap.parse_args()
    bench = Bench(args)
    bench.setup()
    rows, raw = [], {"cores": bench.cores}

    ours, theirs = bench.warm()
    raw["warm"] = {"matcher": ours, "peer": theirs}
    if any(m["students"] != p["students"] for m, p in zip(ours, theirs)):
        sys.exit(f"not the same students: Jinqiao {ours[0]['students']}, the peer {theirs[0]['students']}")
    ranked = ours[0]["students"]
    per_core = [m["students_per_s"] / bench.cores / p["students_per_s_rank"] for m, p in zip(ours, theirs)]
    rows.append(("ranking phase, students/s per core", "≥ 20×",
                 f"{fmt(median([m['students_per_s'] for m in ours]), 0)} on {bench.cores} cores",
                 f"{fmt(median([p['students_per_s_rank'] for p in theirs]), 0)} on 1", median(per_core)))
    rows.append(("whole `matcher recommend`, warm, every output", "≥ 10×", f"{fmt(median([m['wall'] for m in ours]))} s",
                 f"{fmt(median([p['wall'] for p in theirs]))} s", median([p["wall"] / m["wall"] for m, p in zip(ours, theirs)])))
    rows.append(("Jinqiao's wall time ÷ its scoring time", "≤ 1.5", f"{fmt(median([m['wall'] / m['scored'] for m in ours]))}"
                 f" (load {fmt(median([m['load'] for m in ours]))} s, scoring {fmt(median([m['scored'] for m in ours]))} s,"
                 f" outputs {fmt(median([m['written'] for m in ours]))} s)", "—", None))
    rows.append(("peak memory, recommend", "—", f"{fmt(median([m['peak_kib'] for m in ours]) / 1024, 0)} MiB",
                 f"{fmt(median([p['peak_kib'] for p in theirs]) / 1024, 0)} MiB",
                 median([p["peak_kib"] / m["peak_kib"] for m, p in zip(ours, theirs)])))

    search, bare = bench.startup()
    raw["startup"] = {"search": search, "version": bare}
    rows.append(("one `matcher search` process", "< 30 ms", f"{fmt(median(search) * 1e3, 0)} ms",
                 f"`matcher --version`: {fmt(median(bare) * 1e3, 0)} ms", None))

    if args.bm25_runs:
        ours, theirs = bench.bm25()
        raw["bm25"] = {"matcher": ours, "peer": theirs}
        peer = f"bm25s {fmt(median([p['lat_ms_median'] for p in theirs]))} ms (p90 {fmt(median([p['lat_ms_p90'] for p in theirs]))})"
        # Like for like: ids and scores, as bm25s returns them; then what `matcher search` does, each hit's
        # posting read from the store and decoded.
        for mode, task in (("ids", "BM25, 200 queries × 5, one thread, per query: ids and scores"),
                           ("postings", "the same, each hit's posting read and decoded")):
            mine = [m[mode] for m in ours]
            rows.append((task, "≥ 1×" if mode == "ids" else "—",
                         f"{fmt(median([m['lat_ms_median'] for m in mine]))} ms (p90 {fmt(median([m['lat_ms_p90'] for m in mine]))})",
                         peer, median([p["lat_ms_median"] / m["lat_ms_median"] for m, p in zip(mine, theirs)])))
    if args.cold_runs:
        ours, theirs = bench.cold()
        raw["cold"] = {"matcher": ours, "peer": theirs}
        rows.append(("five native files → lists, cold", "—", f"{fmt(median([m[0] for m in ours]))} s",
                     f"{fmt(median([p['wall'] for p in theirs]))} s",
                     median([p["wall"] / m[0] for m, p in zip(ours, theirs)])))

    print(f"\nJinqiao against the Python peer: 100,000 postings, seed 7, {ranked:,} students ranked by "
          f"both, {bench.cores} cores; medians of "
          f"{args.runs} interleaved pairs (warm), {args.bm25_runs} (BM25), {args.cold_runs} (cold)\n")
    print("| task | goal | Jinqiao | Python peer | ratio |")
    print("|---|---|---|---|---|")
    for task, goal, a, b, ratio in rows:
        print(f"| {task} | {goal} | {a} | {b} | {'—' if ratio is None else fmt(ratio, 1) + '×'} |")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()

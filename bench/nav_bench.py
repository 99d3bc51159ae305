#!/usr/bin/env python3
"""Benchmark `git plan next` and `git plan graph` against warm `status`.

Builds a repository with bench/gen_repo.py (--commits commits, 79
initiatives of 10 work packages each depending on the one before, with
START-HERE.md and README.md, and 60 ADRs: 1,008 plan documents), checks it
out, lets the files settle (the tree cache records only files older than
three seconds) and warms the caches with one `status`; then times, in the
same rounds, taking turns:

  git log      git log --format='%H %at %s' --name-only -- .engineering/
  status       git plan status --json          (warm: both caches hold HEAD)
  next         git plan next --all --json
  graph        git plan graph --format json

Each figure is the median wall time of --runs runs; the ratios are each
command's time over warm status's (target: at most 1.2) and git log's
time over each command's (higher is faster).

Usage: python3 bench/nav_bench.py [--commits 10000] [--runs 9] [--keep DIR]
Run from the repository root; it builds target/release/git-plan first.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import history_bench as hb  # noqa: E402

INITIATIVES = 79


def build(path, commits):
    os.makedirs(path)
    hb.sh(["git", "init", "-q", "-b", "main"], path)
    gen = subprocess.Popen(
        [sys.executable, hb.GEN, "base", str(commits), "--initiatives", str(INITIATIVES)],
        stdout=subprocess.PIPE,
    )
    hb.sh(["git", "fast-import", "--quiet", "--done"], path, stdin=gen.stdout)
    gen.wait()
    hb.sh(["git", "repack", "-adfq"], path)
    hb.sh(["git", "checkout", "-q", "-f", "main"], path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--keep", help="build the repository in this directory and keep it")
    args = ap.parse_args()
    hb.sh(["cargo", "build", "--release", "--locked", "--quiet"], hb.ROOT)
    workdir = args.keep or tempfile.mkdtemp(prefix="git-plan-nav-bench-")
    path = os.path.join(workdir, f"repo-{args.commits}")
    if os.path.exists(path):
        shutil.rmtree(path)
    try:
        build(path, args.commits)
        docs = sum(1 for line in hb.sh(["git", "ls-files", ".engineering"], path, capture_output=True, text=True).stdout.splitlines() if line.endswith(".md"))
        time.sleep(4)
        # Warm both caches (history for HEAD, the tree's summaries).
        hb.sh([hb.BIN, "status", "--json"], path, capture_output=True)
        commands = [
            (["git", "log", "--format=%H %at %s", "--name-only", "--", ".engineering/"], None),
            ([hb.BIN, "status", "--json"], None),
            ([hb.BIN, "next", "--all", "--json"], None),
            ([hb.BIN, "graph", "--format", "json"], None),
        ]
        (log_t, _), (st_t, st_m), (next_t, next_m), (graph_t, graph_m) = hb.interleaved(commands, path, args.runs)
        git_version = hb.sh(["git", "--version"], hb.ROOT, capture_output=True, text=True).stdout.strip()
        print(f"{git_version}; {os.cpu_count()} cores; median of {args.runs} runs; {args.commits} commits; {docs} plan documents\n")
        print("| git log | status warm | next --all | graph json | peak memory |")
        print("|---|---|---|---|---|")
        print(
            f"| {hb.ms(log_t)} | {hb.ms(st_t)} | {hb.ms(next_t)} ({next_t / st_t:.2f}x status) | "
            f"{hb.ms(graph_t)} ({graph_t / st_t:.2f}x status) | {max(st_m, next_m, graph_m):.0f} MiB |"
        )
        print(f"\ngit log / next: {log_t / next_t:.1f}x; git log / graph: {log_t / graph_t:.1f}x; target: next and graph <= 1.20x status")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

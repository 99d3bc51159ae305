#!/usr/bin/env python3
"""Benchmark `git plan review` over a 1,000-commit range against `git log -p`.

Builds the 100k-commit repository of bench/history_bench.py (bench/gen_repo.py,
then 1,000 more commits; refs/bench/base and refs/bench/extended), or takes
one built before (--repo), and times in the same rounds, taking turns:

  git log -p   git log -p refs/bench/base..refs/bench/extended -- .engineering/
  review       git plan review refs/bench/base..refs/bench/extended
  diff         git plan diff refs/bench/base..refs/bench/extended --json

Each figure is the median wall time of --runs runs; the ratio is git log's
time divided by git-plan's (higher is faster; the target is >= 1).

Usage: python3 bench/review_bench.py [--size 100000] [--runs 5] [--repo DIR] [--keep DIR]
Run from the repository root; it builds target/release/git-plan first.
"""

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import history_bench as hb  # noqa: E402

RANGE = "refs/bench/base..refs/bench/extended"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repo", help="a repository built by history_bench.py (read, never written)")
    ap.add_argument("--keep", help="build the repository in this directory and keep it")
    args = ap.parse_args()
    hb.sh(["cargo", "build", "--release", "--locked", "--quiet"], hb.ROOT)
    workdir = None
    if args.repo:
        path = args.repo
    else:
        workdir = args.keep or tempfile.mkdtemp(prefix="git-plan-review-bench-")
        path = os.path.join(workdir, f"repo-{args.size}")
        if os.path.exists(path):
            shutil.rmtree(path)
        _, extended = hb.build_repo(path, args.size)
        hb.move_to(path, extended)  # git plan finds the plans in the work tree
    try:
        count = hb.sh(["git", "rev-list", "--count", RANGE], path, capture_output=True, text=True).stdout.strip()
        commands = [
            (["git", "log", "-p", RANGE, "--", ".engineering/"], None),
            ([hb.BIN, "review", RANGE], None),
            ([hb.BIN, "diff", RANGE, "--json"], None),
        ]
        (log_t, _), (rev_t, rev_m), (diff_t, diff_m) = hb.interleaved(commands, path, args.runs)
        git_version = hb.sh(["git", "--version"], hb.ROOT, capture_output=True, text=True).stdout.strip()
        print(f"{git_version}; {os.cpu_count()} cores; median of {args.runs} runs; {count} commits in the range\n")
        print("| git log -p | review | diff --json | peak memory |")
        print("|---|---|---|---|")
        print(
            f"| {hb.ms(log_t)} | {hb.ms(rev_t)} ({log_t / rev_t:.1f}x) | "
            f"{hb.ms(diff_t)} ({log_t / diff_t:.1f}x) | {max(rev_m, diff_m):.0f} MiB |"
        )
    finally:
        if workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

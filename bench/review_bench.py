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

With --baseline BIN (another build of git-plan, such as main's), its review
and diff --json run in the same rounds, for a before/after in one run.

Usage: python3 bench/review_bench.py [--size 100000] [--runs 5] [--repo DIR] [--keep DIR] [--baseline BIN]
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
    ap.add_argument("--baseline", help="another git-plan binary to time in the same rounds")
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
        bins = [("this build", hb.BIN)] + ([("baseline", args.baseline)] if args.baseline else [])
        commands = [(["git", "log", "-p", RANGE, "--", ".engineering/"], None)]
        for _, binary in bins:
            commands += [([binary, "review", RANGE], None), ([binary, "diff", RANGE, "--json"], None)]
        results = hb.interleaved(commands, path, args.runs)
        log_t = results[0][0]
        git_version = hb.sh(["git", "--version"], hb.ROOT, capture_output=True, text=True).stdout.strip()
        print(f"{git_version}; {os.cpu_count()} cores; median of {args.runs} runs; {count} commits in the range\n")
        print("| binary | git log -p | review | diff --json | peak memory |")
        print("|---|---|---|---|---|")
        for i, (name, _) in enumerate(bins):
            (rev_t, rev_m), (diff_t, diff_m) = results[1 + 2 * i], results[2 + 2 * i]
            print(
                f"| {name} | {hb.ms(log_t)} | {hb.ms(rev_t)} ({log_t / rev_t:.2f}x) | "
                f"{hb.ms(diff_t)} ({log_t / diff_t:.2f}x) | {max(rev_m, diff_m):.0f} MiB |"
            )
    finally:
        if workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

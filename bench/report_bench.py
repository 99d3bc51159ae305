#!/usr/bin/env python3
"""Benchmark `git plan report` against warm `status`.

Builds the bench repository as bench/nav_bench.py does (--commits commits,
79 initiatives of 10 work packages, 60 ADRs), lets the files settle, warms
the caches with one `status`, then times, taking turns:

  status       git plan status --json           (warm: both caches hold HEAD)
  report json  git plan report --json           (the series alone)
  report html  git plan report -o PAGE          (the whole page: series,
                                                 roadmap, graph, check)

Each figure is the median wall time of --runs runs; the ratio is the
report's time over warm status's (target: under 2).

Usage: python3 bench/report_bench.py [--commits 100000] [--runs 1] [--keep DIR]
Run from the repository root; it builds target/release/git-plan first.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import history_bench as hb  # noqa: E402
import nav_bench  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--commits", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep", help="build the repository in this directory and keep it")
    args = ap.parse_args()
    hb.sh(["cargo", "build", "--release", "--locked", "--quiet"], hb.ROOT)
    workdir = args.keep or tempfile.mkdtemp(prefix="git-plan-report-bench-")
    path = os.path.join(workdir, f"repo-{args.commits}")
    page = os.path.join(workdir, "report.html")
    try:
        if not os.path.exists(path):
            nav_bench.build(path, args.commits)
            time.sleep(4)
        hb.sh([hb.BIN, "status", "--json"], path, capture_output=True)
        commands = [
            ([hb.BIN, "status", "--json"], None),
            ([hb.BIN, "report", "--json"], None),
            ([hb.BIN, "report", "-o", page], None),
        ]
        (st_t, st_m), (json_t, json_m), (html_t, html_m) = hb.interleaved(commands, path, args.runs)
        git_version = hb.sh(["git", "--version"], hb.ROOT, capture_output=True, text=True).stdout.strip()
        print(f"{git_version}; {os.cpu_count()} cores; median of {args.runs} runs; {args.commits} commits\n")
        print("| status warm | report --json | report (page) | page size | peak memory |")
        print("|---|---|---|---|---|")
        print(
            f"| {hb.ms(st_t)} | {hb.ms(json_t)} ({json_t / st_t:.2f}x status) | "
            f"{hb.ms(html_t)} ({html_t / st_t:.2f}x status) | {os.path.getsize(page) // 1024} KiB | "
            f"{max(st_m, json_m, html_m):.0f} MiB |"
        )
        print("\ntarget: report under 2x warm status")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

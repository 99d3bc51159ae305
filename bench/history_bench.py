#!/usr/bin/env python3
"""Benchmark git-plan's history reading against `git log` on synthetic repositories.

For each size (10k and 100k commits by default) it builds a repository with
`git fast-import` (bench/gen_repo.py: ~5,000 source files, ~550 plan
documents, 2% of commits touching plans, a merge every 250 commits), then,
without and with a commit-graph, times in the same run:

  git log     git log --format='%H %at %s' --name-only -- .engineering/
  status cold git plan status --json, no cache present
  log cold    git plan log --json, no cache present
  status warm git plan status --json, cache written for the tip 1,000
              commits earlier (the normal case after a pull)
  log warm    same for git plan log

Each figure is the median wall time of --runs runs, the commands compared
taking turns run by run (git log, status, log, git log, ...) so that a
shared machine's drift hits them alike; peak memory is the largest maximum
resident set size of any run (from wait4). Ratios compare with git log on
the same repository state in the same run.

With --baseline BIN, a second git-plan binary (an earlier build, say) takes
its turns in the same rounds, with its own cache, and gets rows of its own:
an A/B comparison on the same machine state.

Usage: python3 bench/history_bench.py [--sizes 10000,100000] [--runs 5] [--keep DIR] [--baseline BIN]
Run from the repository root; it builds target/release/git-plan first.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "bench", "gen_repo.py")
BIN = os.path.join(ROOT, "target", "release", "git-plan")
EXTRA = 1000

ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", LC_ALL="C", NO_COLOR="1")


def sh(args, cwd, **kw):
    return subprocess.run(args, cwd=cwd, env=ENV, check=True, **kw)


def measure(args, cwd, before=None):
    """Runs `args` once; returns (seconds, peak RSS in MiB)."""
    if before:
        before()
    devnull = open(os.devnull, "wb")
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=devnull, stderr=devnull)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(args)}")
    return elapsed, usage.ru_maxrss / 1024


def interleaved(commands, cwd, runs):
    """Runs each (args, before) of `commands` once per round, `runs` rounds,
    so that git and git-plan see the same machine: on a shared VM the speed
    drifts over seconds, and timing one command's runs after the other's
    would compare two different machines. Returns (median seconds, peak
    MiB) per command."""
    results = [[] for _ in commands]
    for _ in range(runs):
        for (args, before), out in zip(commands, results):
            out.append(measure(args, cwd, before))
    return [(statistics.median(r[0] for r in rs), max(r[1] for r in rs)) for rs in results]


def build_repo(path, commits):
    os.makedirs(path)
    sh(["git", "init", "-q", "-b", "main"], path)
    gen = subprocess.Popen([sys.executable, GEN, "base", str(commits)], stdout=subprocess.PIPE)
    sh(["git", "fast-import", "--quiet", "--done"], path, stdin=gen.stdout)
    gen.wait()
    base = sh(["git", "rev-parse", "main"], path, capture_output=True, text=True).stdout.strip()
    gen = subprocess.Popen([sys.executable, GEN, "extend", str(EXTRA), str(commits)], stdout=subprocess.PIPE)
    sh(["git", "fast-import", "--quiet", "--done"], path, stdin=gen.stdout)
    gen.wait()
    extended = sh(["git", "rev-parse", "main"], path, capture_output=True, text=True).stdout.strip()
    sh(["git", "update-ref", "refs/bench/extended", extended], path)
    sh(["git", "update-ref", "refs/bench/base", base], path)
    # Recompute deltas as a server or `git gc --aggressive` would:
    # fast-import deltifies each object against its older version, which no
    # real pack does.
    sh(["git", "repack", "-adfq"], path)
    return base, extended


def move_to(path, rev):
    sh(["git", "update-ref", "refs/heads/main", rev], path)
    sh(["git", "checkout", "-q", "-f", "main"], path)


def set_graph(path, enabled):
    info = os.path.join(path, ".git", "objects", "info")
    for name in ("commit-graph", "commit-graphs"):
        p = os.path.join(info, name)
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)
    sh(["git", "config", "core.commitGraph", "true" if enabled else "false"], path)
    if enabled:
        sh(["git", "commit-graph", "write", "--reachable"], path)


def bench(size, runs, workdir, bins):
    """Rows of figures for `size` commits, one per (name, binary) of `bins`
    and commit-graph setting."""
    path = os.path.join(workdir, f"repo-{size}")
    if os.path.exists(path):
        shutil.rmtree(path)
    t0 = time.perf_counter()
    base, extended = build_repo(path, size)
    print(f"# built {size}-commit repository in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    cache = os.path.join(path, ".git", "git-plan")

    def clear():
        shutil.rmtree(cache, ignore_errors=True)

    def restore(saved):
        def run():
            clear()
            shutil.copytree(saved, cache)

        return run

    gitlog = ["git", "log", "--format=%H %at %s", "--name-only", "--", ".engineering/"]
    rows = []
    for graph in (False, True):
        set_graph(path, graph)
        move_to(path, base)
        checked_out = time.time()
        # Cold: no cache, at the base tip.
        cold = [(gitlog, None)]
        for _, binary in bins:
            cold += [([binary, "status", "--json"], clear), ([binary, "log", "--json"], clear)]
        cold_t = interleaved(cold, path, runs)
        # Leave a cache for the base tip (each binary its own), then move
        # 1,000 commits ahead. The cache of parsed documents records only
        # files changed more than three seconds before a run: wait until the
        # checkout's have settled, as they have for anyone who did not check
        # out a moment ago.
        time.sleep(max(0.0, checked_out + 4 - time.time()))
        saved = []
        for i, (_, binary) in enumerate(bins):
            clear()
            measure([binary, "status", "--json"], path)
            keep = os.path.join(workdir, f"cache-{size}-{i}")
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(cache, keep)
            saved.append(keep)
        move_to(path, extended)
        warm = [(gitlog, None)]
        for (_, binary), keep in zip(bins, saved):
            warm += [([binary, "status", "--json"], restore(keep)), ([binary, "log", "--json"], restore(keep))]
        warm_t = interleaved(warm, path, runs)
        (log_t, _), (wlog_t, _) = cold_t[0], warm_t[0]
        for i, (name, _) in enumerate(bins):
            (st_t, st_m), (lg_t, lg_m) = cold_t[1 + 2 * i], cold_t[2 + 2 * i]
            (ws_t, ws_m), (wl_t, wl_m) = warm_t[1 + 2 * i], warm_t[2 + 2 * i]
            rows.append((name, graph, log_t, st_t, st_m, lg_t, lg_m, wlog_t, ws_t, ws_m, wl_t, wl_m))
    return rows


def ms(t):
    return f"{t * 1000:.0f} ms" if t >= 0.01 else f"{t * 1000:.1f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="work in this directory and keep it")
    ap.add_argument("--baseline", help="another git-plan binary to time in the same rounds")
    args = ap.parse_args()
    bins = [("git-plan", BIN)]
    if args.baseline:
        bins.append(("baseline", os.path.abspath(args.baseline)))
    sh(["cargo", "build", "--release", "--locked", "--quiet"], ROOT)
    workdir = args.keep or tempfile.mkdtemp(prefix="git-plan-bench-")
    os.makedirs(workdir, exist_ok=True)
    git_version = sh(["git", "--version"], ROOT, capture_output=True, text=True).stdout.strip()
    print(f"{git_version}; {os.cpu_count()} cores; median of {args.runs} runs\n")
    print("| binary | commits | commit-graph | git log | status cold | log cold | git log (+1,000) | status warm | log warm | peak memory |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            for (name, graph, log_t, st_t, st_m, lg_t, lg_m, wlog_t, ws_t, ws_m, wl_t, wl_m) in bench(
                size, args.runs, workdir, bins
            ):
                peak = max(st_m, lg_m, ws_m, wl_m)
                print(
                    f"| {name} | {size:,} | {'yes' if graph else 'no'} | {ms(log_t)} | "
                    f"{ms(st_t)} ({log_t / st_t:.1f}x) | {ms(lg_t)} ({log_t / lg_t:.1f}x) | "
                    f"{ms(wlog_t)} | {ms(ws_t)} ({wlog_t / ws_t:.1f}x) | {ms(wl_t)} ({wlog_t / wl_t:.1f}x) | {peak:.0f} MiB |",
                    flush=True,
                )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\nRatios: git log's time divided by git-plan's (higher is faster); warm ratios use git log on the extended repository.")


if __name__ == "__main__":
    main()

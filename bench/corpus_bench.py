#!/usr/bin/env python3
"""Benchmark `git plan status --json` on real plan trees against `git log`.

For each corpus (the two bundles of ../shared/corpora/ by default, cloned
at their `engineering` branch, whose root holds the `.engineering/`
contents; or repositories given with --repo) it times in the same run:

  git log      git log --format='%H %at %s' --name-only -- .
  status cold  git plan status --json --no-cache (no cache read or written)
  status warm  git plan status --json, with the caches written by an
               earlier run for this very state (the normal case: nothing
               changed since the last run)

Each figure is the median wall time of --runs runs (at least 7), the
commands taking turns run by run (git log, cold, warm, git log, ...) so
that a shared machine's drift hits them alike; peak memory is the largest
maximum resident set size of any git-plan run (from wait4). Ratios are git
log's time divided by git-plan's: higher is faster.

The cache of parsed documents records only files last changed more than
three seconds before a run (tree/cache.rs, SETTLE_SECONDS), so the script
waits until the clone's files have settled before the run that writes the
caches, and then checks that the warm runs really hit them: a warm run that
reads every document from the caches leaves both cache files as they were,
so their size and modification time must not move during the warm runs.

Cache sizes are the files under .git/git-plan/ (tree-*.bin: the work-tree
documents; the rest: the history), against the bytes of every *.md file of
the work tree.

With --baseline BIN, a second git-plan binary (an earlier build, say)
takes its turns in the same rounds, on a clone of its own (so that each
binary has its own caches), and gets rows of its own.

With --instructions, each binary's cold and warm runs are also counted
once under valgrind (callgrind): instruction counts do not move with a
shared machine's load, as wall times do.

Usage: python3 bench/corpus_bench.py [--runs 9] [--repo DIR ...] [--keep DIR] [--baseline BIN] [--instructions] [--no-build]
Run from the repository root; it builds target/release/git-plan first.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "git-plan")
CORPORA = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpora"))
BUNDLES = ["concept-rag-engineering.bundle", "tradingview-mcp-engineering.bundle"]
SETTLE = 4

ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", LC_ALL="C", NO_COLOR="1")
ENV.pop("GIT_PLAN_NOW", None)


def sh(args, cwd, **kw):
    return subprocess.run(args, cwd=cwd, env=ENV, check=True, **kw)


def measure(args, cwd):
    """Runs `args` once; returns (seconds, peak RSS in MiB)."""
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=devnull, stderr=devnull)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed in {cwd}: {' '.join(args)}")
    return elapsed, usage.ru_maxrss / 1024


def cache_files(repo):
    return sorted(glob.glob(os.path.join(repo, ".git", "git-plan", "*.bin")))


def cache_state(repo):
    """(path, size, mtime_ns) of every cache file."""
    out = []
    for path in cache_files(repo):
        st = os.stat(path)
        out.append((os.path.basename(path), st.st_size, st.st_mtime_ns))
    return out


def cache_sizes(repo):
    """(tree cache bytes, history cache bytes)."""
    tree = history = 0
    for path in cache_files(repo):
        size = os.path.getsize(path)
        if os.path.basename(path).startswith("tree-"):
            tree += size
        else:
            history += size
    return tree, history


def markdown_bytes(repo):
    """Bytes and count of the *.md files of the work tree."""
    total = count = 0
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            if name.lower().endswith(".md"):
                path = os.path.join(dirpath, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    total += os.path.getsize(path)
                    count += 1
    return total, count


def copy_repo(source, dest):
    """A clone of `source` at `dest`: of a bundle at its engineering branch,
    or of a repository at its current branch."""
    if os.path.exists(dest):
        shutil.rmtree(dest)
    if source.endswith(".bundle"):
        sh(["git", "clone", "-q", "--branch", "engineering", source, dest], ROOT)
    else:
        sh(["git", "clone", "-q", "--no-local", source, dest], ROOT)
    return time.time()


def prime(binary, repo, settled_at):
    """Writes the caches for the repository as it is, once its files have
    settled; returns the cache files' state, which warm runs must leave
    alone."""
    shutil.rmtree(os.path.join(repo, ".git", "git-plan"), ignore_errors=True)
    time.sleep(max(0.0, settled_at - time.time()))
    measure([binary, "status", "--json"], repo)
    # A second run must find everything in the caches and write nothing.
    before = cache_state(repo)
    measure([binary, "status", "--json"], repo)
    after = cache_state(repo)
    if not before or before != after:
        sys.exit(f"the caches of {binary} in {repo} were rewritten by a warm run: {before} -> {after}")
    return after


def instructions(args, cwd):
    """Instructions of one run of `args`, counted by callgrind."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + args,
        cwd=cwd,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    ).stderr
    for line in out.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    sys.exit(f"no instruction count from valgrind for {' '.join(args)}")


def bench(name, source, runs, workdir, bins, count):
    """The figures for one corpus: git log's time, and per binary the
    cold and warm times, peak memory and cache sizes."""
    repos = []
    for i, _ in enumerate(bins):
        dest = os.path.join(workdir, f"{name}-{i}")
        cloned = copy_repo(source, dest)
        repos.append((dest, cloned + SETTLE))
    states = [prime(binary, repo, settled) for (_, binary), (repo, settled) in zip(bins, repos)]
    md, docs = markdown_bytes(repos[0][0])
    commits = int(sh(["git", "rev-list", "--count", "HEAD"], repos[0][0], capture_output=True, text=True).stdout)
    gitlog = ["git", "log", "--format=%H %at %s", "--name-only", "--", "."]
    commands = [(gitlog, repos[0][0])]
    for (_, binary), (repo, _) in zip(bins, repos):
        commands.append(([binary, "status", "--json", "--no-cache"], repo))
        commands.append(([binary, "status", "--json"], repo))
    results = [[] for _ in commands]
    for _ in range(runs):
        for (args, cwd), out in zip(commands, results):
            out.append(measure(args, cwd))
    for ((_, binary), (repo, _)), state in zip(zip(bins, repos), states):
        if cache_state(repo) != state:
            sys.exit(f"the caches of {binary} in {repo} changed during the warm runs")
    counts = [
        (
            instructions([binary, "status", "--json", "--no-cache"], repo),
            instructions([binary, "status", "--json"], repo),
        )
        if count
        else None
        for (_, binary), (repo, _) in zip(bins, repos)
    ]
    median = [statistics.median(t for t, _ in r) for r in results]
    peak = [max(m for _, m in r) for r in results]
    rows = []
    for i, ((bin_name, _), (repo, _)) in enumerate(zip(bins, repos)):
        tree, history = cache_sizes(repo)
        rows.append(
            {
                "corpus": name,
                "binary": bin_name,
                "commits": commits,
                "docs": docs,
                "markdown": md,
                "git_log": median[0],
                "cold": median[1 + 2 * i],
                "warm": median[2 + 2 * i],
                "peak": max(peak[1 + 2 * i], peak[2 + 2 * i]),
                "tree_cache": tree,
                "history_cache": history,
                "instructions": counts[i],
            }
        )
    return rows


def ms(t):
    return f"{t * 1000:.1f} ms" if t < 0.1 else f"{t * 1000:.0f} ms"


def size(n):
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB" if n >= 1e4 else f"{n / 1e3:.1f} KB"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--repo", action="append", help="a repository to clone and measure instead of the corpora (repeatable)")
    ap.add_argument("--keep", help="work in this directory and keep it")
    ap.add_argument("--baseline", help="another git-plan binary to time in the same rounds")
    ap.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    ap.add_argument("--no-build", action="store_true", help="use target/release/git-plan as it is")
    args = ap.parse_args()
    if args.runs < 7:
        sys.exit("--runs: at least 7")
    bins = [("git-plan", BIN)]
    if args.baseline:
        bins.append(("baseline", os.path.abspath(args.baseline)))
    if not args.no_build:
        sh(["cargo", "build", "--release", "--locked", "--quiet"], ROOT)
    if args.repo:
        sources = [(os.path.basename(os.path.abspath(r)), os.path.abspath(r)) for r in args.repo]
    else:
        sources = [(b.split("-engineering")[0], os.path.join(CORPORA, b)) for b in BUNDLES]
        missing = [s for _, s in sources if not os.path.exists(s)]
        if missing:
            sys.exit(f"no corpus bundle at {', '.join(missing)}; give repositories with --repo")
    workdir = args.keep or tempfile.mkdtemp(prefix="git-plan-corpus-bench-")
    os.makedirs(workdir, exist_ok=True)
    git_version = sh(["git", "--version"], ROOT, capture_output=True, text=True).stdout.strip()
    print(f"{git_version}; {os.cpu_count()} cores; median of {args.runs} runs\n")
    print(
        "| corpus | binary | commits | .md files | Markdown | git log | status cold | status warm "
        "| tree cache | history cache | caches / Markdown | peak memory |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    counted = []
    try:
        for name, source in sources:
            for r in bench(name, source, args.runs, workdir, bins, args.instructions):
                counted.append(r)
                caches = r["tree_cache"] + r["history_cache"]
                print(
                    f"| {r['corpus']} | {r['binary']} | {r['commits']} | {r['docs']} | {size(r['markdown'])} "
                    f"| {ms(r['git_log'])} | {ms(r['cold'])} ({r['git_log'] / r['cold']:.2f}x) "
                    f"| {ms(r['warm'])} ({r['git_log'] / r['warm']:.2f}x) "
                    f"| {size(r['tree_cache'])} | {size(r['history_cache'])} "
                    f"| {100 * caches / r['markdown']:.1f}% | {r['peak']:.1f} MiB |",
                    flush=True,
                )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\nRatios: git log's time divided by git-plan's (higher is faster).")
    if args.instructions:
        print("\n| corpus | binary | status cold | status warm |")
        print("|---|---|---|---|")
        for r in counted:
            cold, warm = r["instructions"]
            print(f"| {r['corpus']} | {r['binary']} | {cold / 1e6:,.1f} M | {warm / 1e6:,.1f} M |")


if __name__ == "__main__":
    main()

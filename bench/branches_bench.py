#!/usr/bin/env python3
"""Benchmark `git plan status --branches` on hundreds of branches.

Builds the bench repository (bench/gen_repo.py, --commits commits on main,
~550 plan documents; with a commit-graph, as `git gc` and `git fetch`
leave one), then adds --branches branches off main's last 400 first-parent
commits, each with one or two commits of its own (dated the last few
days, so none is stale): most change only source files; --changing of
them (one in 14 by default) also change plans: a work package started,
finished, or a new one added. Then times, in the same rounds (each command
once per round, taking turns, median of --runs rounds):

  git baseline   git for-each-ref refs/heads refs/remotes, then
                 git ls-tree -r <tip> -- .engineering for every tip: the
                 least work any tool reading every branch's plans must do
  status         git plan status --json (history and tree caches warm): what
                 --branches adds to
  branches cold  git plan status --branches --json, its branch cache removed
                 (history and tree caches warm)
  branches warm  git plan status --branches --json, every cache warm

Usage: python3 bench/branches_bench.py [--commits 100000] [--branches 500]
       [--changing 36] [--runs 5] [--keep DIR]
Run from the repository root; it builds target/release/git-plan first.
With --keep, a repository built before in DIR is reused (its branches are
made again).
"""

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import gen_repo  # noqa: E402

GEN = os.path.join(ROOT, "bench", "gen_repo.py")
BIN = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")) + "/release/git-plan"
ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", LC_ALL="C", NO_COLOR="1")


def sh(args, cwd, **kw):
    return subprocess.run(args, cwd=cwd, env=ENV, check=True, **kw)


def measure(args, cwd, before=None):
    """Runs `args` once; returns seconds."""
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(commands, cwd, runs):
    results = [[] for _ in commands]
    for _ in range(runs):
        for (args, before), out in zip(commands, results):
            out.append(measure(args, cwd, before))
    return [statistics.median(r) for r in results]


def build_repo(path, commits):
    os.makedirs(path)
    sh(["git", "init", "-q", "-b", "main"], path)
    gen = subprocess.Popen([sys.executable, GEN, "base", str(commits)], stdout=subprocess.PIPE)
    sh(["git", "fast-import", "--quiet", "--done"], path, stdin=gen.stdout)
    gen.wait()
    sh(["git", "repack", "-adfq"], path)


def make_branches(path, count, changing):
    """`count` branches `bench/NNN` off main's last 400 first-parent commits,
    one commit each (two for the plan-changing ones), made with fast-import."""
    for ref in sh(["git", "for-each-ref", "--format=%(refname)", "refs/heads/bench/"], path,
                  capture_output=True, text=True).stdout.split():
        sh(["git", "update-ref", "-d", ref], path)
    bases = sh(["git", "rev-list", "--first-parent", "-n", "400", "main"], path,
               capture_output=True, text=True).stdout.split()
    now = int(time.time())
    every = max(1, count // max(1, changing))
    stream = []

    def data(text):
        raw = text.encode()
        return f"data {len(raw)}\n".encode() + raw + b"\n"

    def commit(ref, parent, t, message, files):
        out = [f"commit {ref}\ncommitter Bench <bench@example.com> {t} +0000\n".encode(), data(message)]
        if parent:
            out.append(f"from {parent}\n".encode())
        for p, text in files:
            out.append(f"M 100644 inline {p}\n".encode() + data(text))
        out.append(b"\n")
        return b"".join(out)

    planned = 0
    for b in range(count):
        ref = f"refs/heads/bench/{b:03d}"
        base = bases[(b * 7) % len(bases)]
        t = now - 3600 * (1 + b % 72)
        f = (b * 13) % gen_repo.SOURCE_FILES
        src = gen_repo.source(f, 10_000_000 + b).decode()
        stream.append(commit(ref, base, t, f"work {b}", [(f"src/mod{f % 100:02d}/file{f:04d}.rs", src)]))
        if b % every == 0 and planned < changing:
            planned += 1
            i = b % gen_repo.INITIATIVES
            k = 1 + b % gen_repo.WPS_PER_INITIATIVE
            folder = gen_repo.initiative_path(i)
            kind = planned % 3
            if kind == 0:
                files = [(f"{folder}/{90 + planned:02d}-branch-{b}-plan.md", gen_repo.wp(i, 90 + planned, "Draft").decode())]
            else:
                # A status other than the one at the branch's base, so that
                # the branch does change it.
                wp_path = f"{folder}/{k:02d}-wp-{k}-plan.md"
                now_text = subprocess.run(["git", "cat-file", "-p", f"{base}:{wp_path}"], cwd=path, env=ENV,
                                          capture_output=True, text=True).stdout
                choices = ["In Progress", "Complete", "Blocked"] if kind == 1 else ["Complete", "Blocked", "In Progress"]
                status = next(c for c in choices if f"**Status:** {c}\n" not in now_text)
                files = [(wp_path, gen_repo.wp(i, k, status).decode())]
            stream.append(commit(ref, None, t + 60, f"plan on branch {b}", files))
    stream.append(b"done\n")
    sh(["git", "fast-import", "--quiet", "--done", "--force"], path, input=b"".join(stream))
    sh(["git", "commit-graph", "write", "--reachable"], path)
    return planned


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--commits", type=int, default=100_000)
    ap.add_argument("--branches", type=int, default=500)
    ap.add_argument("--changing", type=int, default=36)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="work in this directory and keep it")
    args = ap.parse_args()
    sh(["cargo", "build", "--release", "--locked", "--quiet"], ROOT)
    workdir = args.keep or tempfile.mkdtemp(prefix="git-plan-branches-bench-")
    path = os.path.join(workdir, f"repo-{args.commits}")
    if not os.path.isdir(os.path.join(path, ".git")):
        t0 = time.perf_counter()
        build_repo(path, args.commits)
        print(f"# built {args.commits}-commit repository in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    sh(["git", "config", "core.commitGraph", "true"], path)
    sh(["git", "checkout", "-q", "-f", "main"], path)
    planned = make_branches(path, args.branches, args.changing)
    cache = os.path.join(path, ".git", "git-plan")

    def no_branch_cache():
        for f in glob.glob(os.path.join(cache, "branches-*.bin")):
            os.remove(f)

    baseline = [
        "sh", "-c",
        "git for-each-ref --format='%(objectname)' refs/heads refs/remotes"
        " | while read tip; do git ls-tree -r \"$tip\" -- .engineering; done",
    ]
    # Warm the history and tree caches (and let the checkout's files settle
    # for the tree cache), then the branch cache.
    time.sleep(4)
    measure([BIN, "status", "--json"], path)
    measure([BIN, "status", "--branches", "--json"], path)
    out = subprocess.run([BIN, "status", "--branches", "--json"], cwd=path, env=ENV, check=True,
                         capture_output=True, text=True).stdout
    import json

    report = json.loads(out)
    readings = {}
    for b in report["branches"]["seen"]:
        readings[b["reading"]] = readings.get(b["reading"], 0) + 1
    git_t, status_t, cold_t, warm_t = interleaved(
        [
            (baseline, None),
            ([BIN, "status", "--json"], None),
            ([BIN, "status", "--branches", "--json"], no_branch_cache),
            ([BIN, "status", "--branches", "--json"], None),
        ],
        path,
        args.runs,
    )
    git_version = sh(["git", "--version"], ROOT, capture_output=True, text=True).stdout.strip()
    print(f"{git_version}; {os.cpu_count()} cores; median of {args.runs} runs")
    print(f"{args.commits:,} commits, {len(report['branches']['seen'])} branches ({planned} changing plans); "
          f"read as: {', '.join(f'{n} {r}' for r, n in sorted(readings.items()))}; "
          f"{len(report['branches']['only_on_branches'])} documents only on a branch\n")
    print("| git for-each-ref + ls-tree per tip | status | status --branches cold | status --branches warm |")
    print("|---|---|---|---|")

    def ms(t):
        return f"{t * 1000:.0f} ms"

    print(f"| {ms(git_t)} | {ms(status_t)} | {ms(cold_t)} ({cold_t / git_t:.2f}x) | {ms(warm_t)} ({warm_t / git_t:.2f}x) |")
    print("\nRatios: git-plan's time divided by the git baseline's (lower is faster).")


if __name__ == "__main__":
    main()

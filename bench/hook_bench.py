#!/usr/bin/env python3
"""Benchmark the pre-commit hook on a tree of 1,000 plan documents.

Builds a repository with 1,000 plan documents under .engineering/ (50
initiatives of 18 work packages each, their START-HERE.md, and 100 ADRs)
plus 2,000 source files, installs the hooks with `git plan hooks install`,
packs it, stages a change to one work package, and times the installed
.git/hooks/pre-commit shim (which runs `git plan hook pre-commit`), as
`git commit` would run it: median wall time of --runs runs, with the
installed binary first on PATH. Also times `git plan check --staged` and
`git plan check --all` on the same tree for reference.

Usage: python3 bench/hook_bench.py [--runs 20]
Run from the repository root; it builds target/release/git-plan first.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN_DIR = os.path.join(ROOT, "target", "release")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    env = dict(
        os.environ,
        PATH=BIN_DIR + os.pathsep + os.environ.get("PATH", ""),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
    )
    with tempfile.TemporaryDirectory(prefix="git-plan-hook-bench-") as repo:
        def sh(*cmd, **kw):
            return subprocess.run(cmd, cwd=repo, env=env, check=True, **kw)

        sh("git", "init", "-q", "-b", "main")
        plans = 0
        for i in range(50):
            folder = os.path.join(repo, ".engineering/artifacts/planning", f"2025-01-{1 + i % 28:02d}-initiative-{i:02d}")
            os.makedirs(folder)
            with open(os.path.join(folder, "START-HERE.md"), "w") as f:
                f.write(f"# Initiative {i}\n\n**Status:** Implementation\n")
            plans += 1
            for k in range(1, 19):
                dep = f"**Depends on:** {k - 1:02d}\n" if k > 1 else ""
                with open(os.path.join(folder, f"{k:02d}-work-{k}-plan.md"), "w") as f:
                    f.write(
                        f"# Phase {k:02d}: Work {k}\n\n**Status:** Ready\n**Priority:** HIGH\n"
                        f"**Estimated Effort:** 2-4h agentic + 1h review\n{dep}\n"
                        "## Success Criteria\n\n- [ ] it works\n\n## Rollback Plan\n\n1. Revert.\n"
                    )
                plans += 1
        adr = os.path.join(repo, ".engineering/artifacts/adr")
        os.makedirs(adr)
        for n in range(1, 101):
            with open(os.path.join(adr, f"{n:04d}-decision-{n}.md"), "w") as f:
                f.write(f"# {n}. Decision {n}\n\n**Status:** Accepted\n")
            plans += 1
        for n in range(2000):
            d = os.path.join(repo, "src", f"m{n % 40:02d}")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, f"f{n}.rs"), "w") as f:
                f.write(f"pub fn f{n}() {{}}\n")
        sh("git", "add", "-A")
        sh("git", "commit", "-q", "-m", "plans and sources")
        sh("git", "repack", "-adq")  # as any repository that has seen a gc or a clone
        sh("git", "plan", "hooks", "install", stdout=subprocess.DEVNULL)
        target = os.path.join(repo, ".engineering/artifacts/planning/2025-01-01-initiative-00/03-work-3-plan.md")
        with open(target, "a") as f:
            f.write("\nOne more line.\n")
        sh("git", "add", target)
        hook = os.path.join(repo, ".git", "hooks", "pre-commit")

        def timed(cmd, expect=0):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                p = subprocess.run(cmd, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - start)
                if p.returncode != expect:
                    sys.exit(f"{cmd} exited {p.returncode}")
            return statistics.median(times) * 1000

        print(f"{plans} plan documents, 2000 source files, one staged change; median of {args.runs} runs\n")
        print("| what | wall time |")
        print("|---|---|")
        print(f"| pre-commit hook (.git/hooks/pre-commit) | {timed([hook]):.1f} ms |")
        print(f"| git plan check --staged | {timed(['git-plan', 'check', '--staged']):.1f} ms |")
        print(f"| git plan check --all (work tree) | {timed(['git-plan', 'check', '--all']):.1f} ms |")


if __name__ == "__main__":
    main()

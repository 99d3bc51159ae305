#!/usr/bin/env python3
"""Write a `git fast-import` stream for a synthetic repository.

The repository has about 5,000 source files, about 500 plan documents under
.engineering/ (initiatives with START-HERE.md, README.md and work packages,
plus ADRs), and N commits on main of which about 2% touch plans (status
changes written by hand, new work packages, renames) and the rest touch
source files; every 250th commit is a merge of a short side branch.

Usage:
  gen_repo.py base COMMITS > stream        # a new repository's history
  gen_repo.py extend COMMITS START > stream  # COMMITS more on top of main,
                                             # numbered from START
  ... --initiatives N                      # N initiatives instead of 40
                                             # (79: ~1,000 plan documents,
                                             # bench/nav_bench.py)

Deterministic: the same arguments give the same stream.
"""

import random
import sys

SOURCE_FILES = 5000
INITIATIVES = 40
WPS_PER_INITIATIVE = 10
ADRS = 60
PLAN_SHARE = 0.02
MERGE_EVERY = 250
STATUSES = ["Draft", "Ready for Implementation", "In Progress", "Blocked", "Complete", "✅ Complete"]
BASE_TIME = 1_600_000_000

out = sys.stdout.buffer
mark = [0]


def w(text):
    out.write(text.encode())


def blob(data: bytes) -> int:
    mark[0] += 1
    w(f"blob\nmark :{mark[0]}\ndata {len(data)}\n")
    out.write(data)
    w("\n")
    return mark[0]


def source(i, rev):
    lines = [f"// file {i} revision {rev}"] + [f"fn f{i}_{k}() -> u32 {{ {k} * {rev} }}" for k in range(12)]
    return ("\n".join(lines) + "\n").encode()


def initiative_path(n):
    return f".engineering/artifacts/planning/2025-{1 + n % 12:02d}-{1 + n % 28:02d}-initiative-{n:03d}"


def wp(init, k, status):
    return (
        f"# Phase {k:02d}: Work package {k} of initiative {init}\n\n"
        f"**Date:** 2025-01-01\n**Priority:** HIGH\n**Status:** {status}\n"
        f"**Estimated Effort:** 2-4h agentic + 1h review\n"
        + (f"**Depends on:** {k - 1:02d}\n" if k > 1 else "")
        + "\n---\n\n## Overview\n\nSynthetic work package.\n\n## Success Criteria\n\n- [ ] it works\n- [x] it is fast\n\n"
        "## Rollback Plan\n\n1. Revert the commit.\n"
    ).encode()


def start_here(init, status):
    return f"# Initiative {init}\n\n**Created:** 2025-01-01\n**Status:** {status}\n\n## Overview\n\nSynthetic.\n".encode()


def adr(n, status):
    return f"# {n}. Decision {n}\n\n**Date:** 2025-01-01\n**Status:** {status}\n\n## Context\n\nSynthetic.\n".encode()


def commit(ref, n, message, changes, parent=None, merge=None):
    mark[0] += 1
    m = mark[0]
    t = BASE_TIME + n * 600
    who = ["Ada Author <ada@example.com>", "Grace Hopper <grace@example.com>", "Linus T <linus@example.com>"][n % 3]
    w(f"commit {ref}\nmark :{m}\nauthor {who} {t} +0000\ncommitter {who} {t} +0000\n")
    msg = message.encode()
    w(f"data {len(msg)}\n")
    out.write(msg)
    w("\n")
    if parent:
        w(f"from {parent}\n")
    if merge:
        w(f"merge {merge}\n")
    for c in changes:
        w(c + "\n")
    w("\n")
    return m


def plan_change(rng, n, state):
    """A change to the plans: mostly a hand-edited status line."""
    roll = rng.random()
    if roll < 0.7:
        i = rng.randrange(INITIATIVES)
        k = rng.randrange(1, WPS_PER_INITIATIVE + 1)
        status = rng.choice(STATUSES)
        b = blob(wp(i, k, status))
        return f"plan: {i}/{k} -> {status}", [f"M 100644 :{b} {initiative_path(i)}/{k:02d}-wp-{k}-plan.md"]
    if roll < 0.85:
        i = rng.randrange(INITIATIVES)
        status = rng.choice(["Planning", "In Progress", "Complete"])
        b = blob(start_here(i, status))
        return f"plan: initiative {i} -> {status}", [f"M 100644 :{b} {initiative_path(i)}/START-HERE.md"]
    if roll < 0.95:
        a = rng.randrange(ADRS)
        b = blob(adr(a, rng.choice(["Proposed", "Accepted", "Deprecated"])))
        return f"plan: adr {a}", [f"M 100644 :{b} .engineering/artifacts/adr/{a:04d}-decision-{a}.md"]
    i = rng.randrange(INITIATIVES)
    state["extra"] += 1
    k = 50 + state["extra"]
    b = blob(wp(i, k, "Draft"))
    return f"plan: new work package {i}/{k}", [f"M 100644 :{b} {initiative_path(i)}/{k:02d}-extra-{k}-plan.md"]


def source_change(rng, n):
    changes = []
    for _ in range(rng.randrange(1, 4)):
        f = rng.randrange(SOURCE_FILES)
        b = blob(source(f, n))
        changes.append(f"M 100644 :{b} src/mod{f % 100:02d}/file{f:04d}.rs")
    return f"change {n}", changes


def history(rng, count, start, first_parent):
    state = {"extra": start}
    parent = first_parent
    n = start
    while n < start + count:
        if (n + 1) % MERGE_EVERY == 0 and n + 3 < start + count:
            # A short side branch of two commits, merged back.
            side = parent
            for _ in range(2):
                msg, ch = source_change(rng, n)
                side = f":{commit('refs/heads/side', n, msg, ch, parent=side)}"
                n += 1
            msg = f"Merge side branch at {n}"
            main = f":{commit('refs/heads/main', n, msg, [], parent=parent, merge=side)}"
            parent = main
            n += 1
            continue
        if rng.random() < PLAN_SHARE:
            msg, ch = plan_change(rng, n, state)
        else:
            msg, ch = source_change(rng, n)
        parent = f":{commit('refs/heads/main', n, msg, ch, parent=parent)}"
        n += 1


def base(count):
    rng = random.Random(42)
    changes = []
    for f in range(SOURCE_FILES):
        changes.append(f"M 100644 :{blob(source(f, 0))} src/mod{f % 100:02d}/file{f:04d}.rs")
    for i in range(INITIATIVES):
        p = initiative_path(i)
        changes.append(f"M 100644 :{blob(start_here(i, 'Planning'))} {p}/START-HERE.md")
        changes.append(f"M 100644 :{blob(start_here(i, 'Planning'))} {p}/README.md")
        for k in range(1, WPS_PER_INITIATIVE + 1):
            changes.append(f"M 100644 :{blob(wp(i, k, 'Draft'))} {p}/{k:02d}-wp-{k}-plan.md")
    for a in range(ADRS):
        changes.append(f"M 100644 :{blob(adr(a, 'Proposed'))} .engineering/artifacts/adr/{a:04d}-decision-{a}.md")
    first = commit("refs/heads/main", 0, "initial import", changes)
    history(rng, count - 1, 1, f":{first}")


def extend(count, start):
    rng = random.Random(start)
    history(rng, count, start, "refs/heads/main^0")


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--initiatives" in argv:
        at = argv.index("--initiatives")
        INITIATIVES = int(argv[at + 1])
        del argv[at : at + 2]
    if argv[0] == "base":
        base(int(argv[1]))
    else:
        extend(int(argv[1]), int(argv[2]))
    w("done\n")

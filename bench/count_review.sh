#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of `review`, `diff --json`
# and `check --range` over the 1,000-commit bench range, and of `git log -p`
# over it limited to .engineering/, for each git-plan binary given.
# Instruction counts do not move with a shared machine's load.
#
# Usage: bench/count_review.sh REPO BINARY [BINARY...]
# REPO is a repository built by bench/history_bench.py --keep DIR
# (DIR/repo-100000), which has refs/bench/base and refs/bench/extended.
set -euo pipefail
repo=$1; shift
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C NO_COLOR=1
range=refs/bench/base..refs/bench/extended
count() { (cd "$repo" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null) | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
for bin in "$@"; do
  echo "$bin review $(count "$bin" review $range) diff-json $(count "$bin" diff $range --json) check-range $(count "$bin" check --range $range --format json) git-log-p $(count git log -p $range -- .engineering/)"
done

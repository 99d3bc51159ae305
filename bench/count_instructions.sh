#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of `status --json` and
# `log --json`, cold (no cache) and warm (caches written at the base tip,
# then 1,000 commits ahead), for each git-plan binary given. Instruction
# counts do not move with a shared machine's load, as wall times do, so two
# builds can be compared while other work runs.
#
# Usage: bench/count_instructions.sh REPO BINARY [BINARY...]
# REPO is a repository built by bench/history_bench.py --keep DIR
# (DIR/repo-100000), which has refs/bench/base and refs/bench/extended.
set -euo pipefail
repo=$1
shift
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C NO_COLOR=1
base=$(git -C "$repo" rev-parse refs/bench/base)
extended=$(git -C "$repo" rev-parse refs/bench/extended)
cache="$repo/.git/git-plan"
saved=$(mktemp -d)
trap 'rm -rf "$saved"' EXIT

at() {
  git -C "$repo" update-ref refs/heads/main "$1"
  git -C "$repo" checkout -q -f main
}

count() {
  (cd "$repo" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null) |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

printf '| binary | status cold | log cold | status warm | log warm |\n|---|---|---|---|---|\n'
for bin in "$@"; do
  # The runs are made inside the repository: a relative path would miss.
  bin=$(realpath "$bin")
  rm -rf "$cache"
  at "$extended"
  status_cold=$(count "$bin" status --json --no-cache)
  log_cold=$(count "$bin" log --json --no-cache)
  # The parsed-document cache records files changed more than three seconds
  # before a run: let the checkout settle first.
  at "$base"
  sleep 4
  (cd "$repo" && "$bin" status --json >/dev/null && "$bin" log --json >/dev/null)
  rm -rf "$saved/cache" && cp -r "$cache" "$saved/cache"
  at "$extended"
  status_warm=$(count "$bin" status --json)
  rm -rf "$cache" && cp -r "$saved/cache" "$cache"
  log_warm=$(count "$bin" log --json)
  printf '| %s | %s | %s | %s | %s |\n' "$bin" "$status_cold" "$log_cold" "$status_warm" "$log_warm"
done

//! The integration tests: one test binary (as jj's `cli/tests/runner.rs`),
//! one module per area under `tests/runner/`, sharing `common`.
//!
//! Tests that need `../shared/corpora/` or the `pre-commit` executable skip
//! with a line on stderr when those are missing;
//! `GIT_PLAN_REQUIRE_CORPORA=1` and `GIT_PLAN_REQUIRE_PRE_COMMIT=1` make them
//! fail instead (`.ci/run` sets both).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "runner/common.rs"]
mod common;

#[path = "runner/adr_collections.rs"]
mod adr_collections;
#[path = "runner/adr_index.rs"]
mod adr_index;
#[path = "runner/bad_input.rs"]
mod bad_input;
#[path = "runner/branches.rs"]
mod branches;
#[path = "runner/check.rs"]
mod check;
#[path = "runner/cli.rs"]
mod cli;
#[path = "runner/clones.rs"]
mod clones;
#[path = "runner/corpus.rs"]
mod corpus;
#[path = "runner/discovery.rs"]
mod discovery;
#[path = "runner/edits.rs"]
mod edits;
#[path = "runner/errors.rs"]
mod errors;
#[path = "runner/git_config.rs"]
mod git_config;
#[path = "runner/history.rs"]
mod history;
#[path = "runner/hooks.rs"]
mod hooks;
#[path = "runner/json_contract.rs"]
mod json_contract;
#[path = "runner/layers.rs"]
mod layers;
#[path = "runner/manual.rs"]
mod manual;
#[path = "runner/mcp.rs"]
mod mcp;
#[path = "runner/next_graph.rs"]
mod next_graph;
#[path = "runner/plan_diff.rs"]
mod plan_diff;
#[path = "runner/precedence.rs"]
mod precedence;
#[path = "runner/range_rules.rs"]
mod range_rules;
#[path = "runner/readme.rs"]
mod readme;
#[path = "runner/real_trees.rs"]
mod real_trees;
#[path = "runner/reliability.rs"]
mod reliability;
#[path = "runner/report.rs"]
mod report;
#[path = "runner/review_more.rs"]
mod review_more;
#[path = "runner/scaffold.rs"]
mod scaffold;
#[path = "runner/schemas.rs"]
mod schemas;
#[path = "runner/snapshots.rs"]
mod snapshots;
#[path = "runner/status_show.rs"]
mod status_show;
#[path = "runner/transitions.rs"]
mod transitions;
#[path = "runner/views.rs"]
mod views;

//! git-plan: a git-native plan tracker.
//!
//! The library is the engine: it discovers the engineering root, classifies
//! and parses the plan documents, normalises their statuses, reads their
//! history, checks them, edits them surgically, scaffolds new ones and
//! commits them with the `git` command. It returns data and typed errors; it
//! never prints, never reads environment variables or the clock, and never
//! exits. The `git-plan` binary is the thin front end.
//!
//! Modules are grouped by stage, and data flows one way, from the first to
//! the last: a module imports from its own stage or an earlier one, never a
//! later one, and no two modules import each other (`tests/runner/layers.rs`
//! checks both):
//!
//! 1. [`base`]: text and binary encoding, no plan knowledge;
//! 2. [`model`]: kinds, lifecycles and their moves, statuses, fields,
//!    diagnostics, the rule catalogue;
//! 3. [`document`]: one Markdown document, parsed with spans;
//! 4. [`workspace`]: the repository, the engineering root, `plan.toml`;
//! 5. [`tree`]: every document under the root, classified, cached, resolved;
//! 6. [`history`]: the plans in git history, snapshots, timelines;
//! 7. [`rules`]: the checks and what they read;
//! 8. [`write`]: changes planned as data, then applied and committed;
//! 9. [`report`]: the views the commands print.

pub mod base;
pub mod document;
pub mod history;
pub mod model;
pub mod report;
pub mod rules;
pub mod tree;
pub mod workspace;
pub mod write;

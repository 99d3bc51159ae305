//! git-plan: a git-native plan tracker.
//!
//! The library is the engine: it discovers the engineering root, classifies
//! and parses the plan documents, normalises their statuses, edits them
//! surgically, scaffolds new ones and commits them with the `git` command.
//! It returns data and typed errors; it never prints, never reads environment
//! variables and never exits. The `git-plan` binary is the thin front end.

pub mod check;
pub mod classify;
mod codec;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod edit;
pub mod fields;
pub mod git;
pub mod history;
pub mod history_cache;
pub mod hooks;
pub mod id;
pub mod lifecycle;
pub mod repo;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod snapshot;
pub mod status;
pub mod template;
pub mod text;
pub mod timeline;
pub mod transition;
pub mod tree;
mod tree_cache;

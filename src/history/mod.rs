//! The plans in git history: the walk of commits and tree diffs, the plan
//! files as they are in a commit or the index, the incremental cache,
//! per-document timelines, and which status statement holds when a
//! document's disagree.

pub mod branches;
pub mod cache;
pub mod job;
pub mod precedence;
pub mod promisor;
pub mod snapshot;
pub mod timeline;
pub mod walk;

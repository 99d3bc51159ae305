//! The plans in git history: the walk of commits and tree diffs, the plan
//! files as they are in a commit or the index, the incremental cache, and
//! per-document timelines.

pub mod cache;
pub mod job;
pub mod snapshot;
pub mod timeline;
pub mod walk;

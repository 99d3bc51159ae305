//! Changing plans: a [`change::Change`] is computed as data (files to
//! create, byte-exact edits, the commit message), then applied and committed
//! with the `git` command, and undone if anything fails.

pub mod adr_format;
pub mod adr_index;
pub mod agents;
pub mod change;
pub mod edit;
pub mod git;
pub mod hooks;
pub mod lock;
pub mod message;
pub mod plan_edit;
pub mod scaffold;
pub mod template;
pub mod transition;

//! What a plan is, as data: the kinds of document, the three lifecycles and
//! their moves, status values and their synonyms, priority and effort, the
//! templates' placeholder texts, diagnostics, and the catalogue of rules.
//! No files, no git.

pub mod diagnostic;
pub mod fields;
pub mod kind;
pub mod lifecycle;
pub mod placeholder;
pub mod rule;
pub mod status;

//! What a plan is, as data: the kinds of document, the three lifecycles and
//! their moves, status values and their synonyms, priority and effort,
//! diagnostics, and the catalogue of rules. No files, no git.

pub mod diagnostic;
pub mod fields;
pub mod kind;
pub mod lifecycle;
pub mod rule;
pub mod status;

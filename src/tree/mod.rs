//! Every document under one engineering root: listed, classified, parsed
//! (for `status` only summarised, or taken from the cache of summaries),
//! assembled into a [`plan_tree::PlanTree`] with its initiatives, and ids
//! resolved.

pub mod alongside;
pub mod cache;
pub mod classify;
pub mod id;
pub mod listing;
pub mod plan_tree;

//! The dependency graph of work packages, as data: nodes (work packages
//! across initiatives, and the ADRs or other documents they depend on) with
//! their state, priority and effort; edges from each dependency to what
//! depends on it; the cycles (found by `rules::cycles`, the finder the
//! `dependency-cycle` rule uses); and the critical path by effort. It reads
//! only the documents' summaries, so it works on the tree `status` reads.
//!
//! The critical path is the longest path, by the upper bound of each work
//! package's `X-Yh agentic + Zh review` (agentic plus review hours; a term
//! that is not written counts 0), through the work packages that are not
//! complete or cancelled: those are excluded, as work that is no longer
//! ahead. A work package without an estimate counts 0 and is named; a
//! path through one is a lower bound. Work packages in a cycle, or depending
//! on one, have no order: the path is computed on the rest, and they are
//! named as left out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{HistoryContext, Statuses, JSON_VERSION};
use crate::model::fields::{Effort, Priority};
use crate::model::kind::DocKind;
use crate::model::lifecycle::State;
use crate::rules::cycles::{self, DependencyEdge};
use crate::tree::plan_tree::{DocIndex, InitiativeIndex, PlanTree};

/// Which part of the graph to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphScope {
    /// Every work package of the tree.
    All,
    /// An initiative's work packages, and the documents they depend on or
    /// that depend on them (in other initiatives too).
    Initiative(InitiativeIndex),
    /// A document's neighbourhood: what it depends on and what depends on
    /// it, transitively.
    Document(DocIndex),
}

/// A document of the graph.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub kind: DocKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    pub path: String,
    /// The canonical state, `unknown` for a value no lifecycle knows,
    /// `missing` without a status.
    pub state: String,
    pub priority: Option<Priority>,
    pub effort: Option<Effort>,
    /// The upper bound of the effort, agentic plus review hours; `null`
    /// when there is no estimate in hours.
    pub hours: Option<f64>,
    /// On the critical path.
    pub critical: bool,
    #[serde(skip)]
    pub doc: DocIndex,
}

/// `from` must be done before `to` can start: `to` depends on `from`.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// Both ends are on the critical path, one after the other.
    pub critical: bool,
    /// Both ends are in one cycle.
    pub in_cycle: bool,
    #[serde(skip)]
    pub ends: (DocIndex, DocIndex),
}

/// A cycle of dependencies, worded as the `dependency-cycle` rule words it.
#[derive(Debug, Clone, Serialize)]
pub struct CycleView {
    /// Each depends on the next, the last on the first.
    pub members: Vec<String>,
    pub message: String,
    /// Where the first member's dependency on the second is written.
    pub at: super::Location,
}

/// The longest path by effort through the work packages still ahead.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CriticalPath {
    /// First to last: each depends on the one before.
    pub nodes: Vec<String>,
    /// The sum of the upper bounds of their efforts.
    pub hours: f64,
    /// A work package on the path has no estimate: the path is at least
    /// `hours` long.
    pub lower_bound: bool,
    /// The work packages on the path without an estimate.
    pub unknown_effort: Vec<String>,
    /// Work packages left out because they are in a cycle or depend on
    /// one: no path can be computed through them.
    pub through_cycle: Vec<String>,
}

/// The graph of [`graph_report`], `"version": 2` in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct GraphReport {
    pub version: u32,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub critical_path: CriticalPath,
    pub cycles: Vec<CycleView>,
    /// The work packages still ahead without an estimate, each named
    /// (`x/03 has no estimate`), never guessed.
    pub unknown_effort: Vec<String>,
}

/// The upper bound of an effort in hours: the agentic range's high end
/// plus the review range's high end (0 for a term not written); `None`
/// without either (`Small`, a placeholder).
pub fn effort_hours(effort: &Effort) -> Option<f64> {
    match (effort.agentic, effort.review) {
        (None, None) => None,
        (a, r) => Some(a.map_or(0.0, |h| h.high) + r.map_or(0.0, |h| h.high)),
    }
}

/// Work that is no longer ahead: it counts for nothing on a critical path.
fn finished(state: Option<State>) -> bool {
    matches!(state, Some(State::Complete | State::Cancelled))
}

/// The state a report shows for `d`: canonical, `unknown` or `missing`.
pub(super) fn state_name<D>(statuses: &Statuses<'_, D>, d: DocIndex) -> String {
    match statuses.status(d) {
        Some(s) => s.state.map_or("unknown", State::as_str).to_string(),
        None => "missing".to_string(),
    }
}

/// The dependency graph of `tree` within `scope`; `history`, when read,
/// decides which of a document's disagreeing statuses holds, as in `status`.
pub fn graph_report<D>(
    tree: &PlanTree<D>,
    scope: GraphScope,
    history: Option<&HistoryContext<'_>>,
) -> GraphReport {
    let statuses = Statuses::new(tree, history);
    let all_edges = cycles::dependency_edges(tree);
    let members = scope_members(tree, scope, &all_edges);
    let edges: Vec<DependencyEdge> = all_edges
        .iter()
        .copied()
        .filter(|e| members.contains(&e.from) && members.contains(&e.to))
        .collect();
    let cycles: Vec<cycles::Cycle> = cycles::find(tree.documents.len(), &all_edges)
        .into_iter()
        .filter(|c| c.members.iter().any(|m| members.contains(m)))
        .collect();
    let state = |d: DocIndex| statuses.status(d).and_then(|s| s.state);
    let hours = |d: DocIndex| tree.documents[d].effort.as_ref().and_then(effort_hours);
    let ahead = |d: DocIndex| {
        matches!(
            tree.documents[d].kind,
            DocKind::WorkPackage | DocKind::WorkPlan
        ) && !finished(state(d))
    };
    let path = critical_path(&members, &edges, &ahead, &hours);
    let on_path: BTreeSet<DocIndex> = path.nodes.iter().copied().collect();
    let critical_edge =
        |from: DocIndex, to: DocIndex| path.nodes.windows(2).any(|w| w[0] == from && w[1] == to);
    let cycle_of: BTreeMap<DocIndex, usize> = cycles
        .iter()
        .enumerate()
        .flat_map(|(n, c)| c.members.iter().map(move |m| (*m, n)))
        .collect();
    let id = |d: DocIndex| tree.documents[d].id();
    let nodes = members
        .iter()
        .map(|d| {
            let doc = &tree.documents[*d];
            Node {
                id: doc.id(),
                kind: doc.kind,
                initiative: doc.initiative.clone(),
                number: doc.number.clone(),
                title: doc.title(),
                path: doc.path.clone(),
                state: state_name(&statuses, *d),
                priority: doc.priority.clone(),
                effort: doc.effort.clone(),
                hours: hours(*d),
                critical: on_path.contains(d),
                doc: *d,
            }
        })
        .collect();
    let edges = edges
        .iter()
        .map(|e| Edge {
            // Drawn from the dependency to what it unblocks.
            from: id(e.to),
            to: id(e.from),
            critical: critical_edge(e.to, e.from),
            in_cycle: matches!(
                (cycle_of.get(&e.from), cycle_of.get(&e.to)),
                (Some(a), Some(b)) if a == b
            ),
            ends: (e.to, e.from),
        })
        .collect();
    let unknown_effort = members
        .iter()
        .copied()
        .filter(|d| ahead(*d) && hours(*d).is_none())
        .map(id)
        .collect();
    GraphReport {
        version: JSON_VERSION,
        nodes,
        edges,
        critical_path: CriticalPath {
            nodes: path.nodes.iter().map(|d| id(*d)).collect(),
            hours: path.hours,
            lower_bound: !path.unknown.is_empty(),
            unknown_effort: path.unknown.iter().map(|d| id(*d)).collect(),
            through_cycle: path.through_cycle.iter().map(|d| id(*d)).collect(),
        },
        cycles: cycles
            .iter()
            .map(|c| CycleView {
                members: c.members.iter().map(|d| id(*d)).collect(),
                message: c.message(tree),
                at: super::Location {
                    path: tree.documents[c.members[0]].path.clone(),
                    line: c.line,
                },
            })
            .collect(),
        unknown_effort,
    }
}

/// The documents of `scope`, in tree order.
fn scope_members<D>(
    tree: &PlanTree<D>,
    scope: GraphScope,
    edges: &[DependencyEdge],
) -> BTreeSet<DocIndex> {
    let work_package = |d: DocIndex| {
        matches!(
            tree.documents[d].kind,
            DocKind::WorkPackage | DocKind::WorkPlan
        )
    };
    match scope {
        GraphScope::All => {
            let mut members: BTreeSet<DocIndex> = tree
                .indexed()
                .map(|(d, _)| d)
                .filter(|d| work_package(*d))
                .collect();
            members.extend(edges.iter().map(|e| e.to));
            members
        }
        GraphScope::Initiative(i) => {
            let own: BTreeSet<DocIndex> = tree
                .work_packages(&tree.initiatives[i])
                .map(|(d, _)| d)
                .collect();
            let mut members = own.clone();
            for e in edges {
                if own.contains(&e.from) || own.contains(&e.to) {
                    members.insert(e.from);
                    members.insert(e.to);
                }
            }
            members
        }
        GraphScope::Document(d) => {
            let mut members = BTreeSet::from([d]);
            // Dependencies, then dependents, each followed transitively.
            for forward in [true, false] {
                let mut todo = vec![d];
                let mut seen = BTreeSet::from([d]);
                while let Some(n) = todo.pop() {
                    for e in edges {
                        let (here, there) = if forward {
                            (e.from, e.to)
                        } else {
                            (e.to, e.from)
                        };
                        if here == n && seen.insert(there) {
                            todo.push(there);
                        }
                    }
                }
                members.extend(seen);
            }
            members
        }
    }
}

/// The critical path, before ids are given.
struct Path {
    nodes: Vec<DocIndex>,
    hours: f64,
    unknown: Vec<DocIndex>,
    through_cycle: Vec<DocIndex>,
}

/// The longest path by `hours` through the `ahead` members, in dependency
/// order (Kahn's algorithm: what is left unordered is in or behind a
/// cycle). Of two paths as long in hours, the one through more work
/// packages wins (unknown efforts count 0 but are still work); then the
/// one ending at the earlier document, through the earlier dependency.
fn critical_path(
    members: &BTreeSet<DocIndex>,
    edges: &[DependencyEdge],
    ahead: &dyn Fn(DocIndex) -> bool,
    hours: &dyn Fn(DocIndex) -> Option<f64>,
) -> Path {
    let nodes: Vec<DocIndex> = members.iter().copied().filter(|d| ahead(*d)).collect();
    let set: BTreeSet<DocIndex> = nodes.iter().copied().collect();
    let mut deps: BTreeMap<DocIndex, Vec<DocIndex>> = BTreeMap::new();
    let mut dependents: BTreeMap<DocIndex, Vec<DocIndex>> = BTreeMap::new();
    let mut waiting: BTreeMap<DocIndex, usize> = nodes.iter().map(|d| (*d, 0)).collect();
    for e in edges {
        if set.contains(&e.from) && set.contains(&e.to) && e.from != e.to {
            deps.entry(e.from).or_default().push(e.to);
            dependents.entry(e.to).or_default().push(e.from);
        }
    }
    // Dedup repeated dependencies (two lines naming the same plan).
    for list in deps.values_mut().chain(dependents.values_mut()) {
        list.sort();
        list.dedup();
    }
    for (n, list) in &deps {
        waiting.insert(*n, list.len());
    }
    // Self-dependencies are a cycle of one.
    let self_loop: BTreeSet<DocIndex> = edges
        .iter()
        .filter(|e| e.from == e.to && set.contains(&e.from))
        .map(|e| e.from)
        .collect();
    let mut queue: std::collections::VecDeque<DocIndex> = nodes
        .iter()
        .copied()
        .filter(|d| waiting[d] == 0 && !self_loop.contains(d))
        .collect();
    // Per document: the longest path ending there (hours, then documents),
    // and the dependency it comes through.
    let mut best: BTreeMap<DocIndex, ((f64, usize), Option<DocIndex>)> = BTreeMap::new();
    let longer =
        |acc: Option<((f64, usize), DocIndex)>, (len, d): ((f64, usize), DocIndex)| match acc {
            Some((best, _)) if best.0 > len.0 || (best.0 == len.0 && best.1 >= len.1) => acc,
            _ => Some((len, d)),
        };
    while let Some(n) = queue.pop_front() {
        let before = deps
            .get(&n)
            .into_iter()
            .flatten()
            .filter_map(|d| best.get(d).map(|(len, _)| (*len, *d)))
            .fold(None, longer);
        let (h, count) = before.map_or((0.0, 0), |(len, _)| len);
        best.insert(
            n,
            (
                (h + hours(n).unwrap_or(0.0), count + 1),
                before.map(|(_, d)| d),
            ),
        );
        for m in dependents.get(&n).into_iter().flatten() {
            if let Some(w) = waiting.get_mut(m) {
                *w -= 1;
                if *w == 0 && !self_loop.contains(m) {
                    queue.push_back(*m);
                }
            }
        }
    }
    let through_cycle: Vec<DocIndex> = nodes
        .iter()
        .copied()
        .filter(|d| !best.contains_key(d))
        .collect();
    let end = best
        .iter()
        .map(|(d, (len, _))| (*len, *d))
        .fold(None, longer);
    let mut path = Vec::new();
    let mut at = end.map(|(_, d)| d);
    while let Some(d) = at {
        path.push(d);
        at = best.get(&d).and_then(|(_, prev)| *prev);
    }
    path.reverse();
    Path {
        unknown: path
            .iter()
            .copied()
            .filter(|d| hours(*d).is_none())
            .collect(),
        hours: end.map_or(0.0, |(len, _)| len.0),
        nodes: path,
        through_cycle,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effort_hours_are_the_upper_bounds_of_agentic_and_review() {
        let hours = |raw: &str| effort_hours(&Effort::parse(raw));
        assert_eq!(hours("2-4h agentic + 1h review"), Some(5.0));
        assert_eq!(hours("2.5-3.5h agentic + 1-1.5h review"), Some(5.0));
        assert_eq!(hours("3 hours"), Some(3.0));
        assert_eq!(hours("Small"), None);
        assert_eq!(hours("X-Yh agentic + Zh review"), None);
    }
}

//! Cycles in the graph of work-package dependencies: the one finder that
//! the `dependency-cycle` rule and the views of the graph (`git plan graph`,
//! `git plan next`) share. It reads only the documents' summaries, so it
//! works on a parsed tree and on a tree of summaries alike.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::kind::DocKind;
use crate::tree::plan_tree::{DocIndex, PlanTree};

/// One dependency a work package states that names a document of the tree:
/// `from` depends on `to`, written at `line` of `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DependencyEdge {
    pub from: DocIndex,
    pub to: DocIndex,
    pub line: usize,
}

/// Every dependency of every work package (and work plan) that resolves
/// ([`PlanTree::resolve_dependency`]), in document order; the ones that
/// name nothing are the `dangling-dependency` rule's.
pub fn dependency_edges<D>(tree: &PlanTree<D>) -> Vec<DependencyEdge> {
    let mut edges = Vec::new();
    for (i, d) in tree.indexed() {
        if !matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan) {
            continue;
        }
        for r in &d.summary.dependencies {
            if let Some(j) = tree.resolve_dependency(d, &r.reference) {
                edges.push(DependencyEdge {
                    from: i,
                    to: j,
                    line: r.line,
                });
            }
        }
    }
    edges
}

/// A cycle of dependencies: each member depends on the next, the last on
/// the first. It starts at its smallest member, so that each cycle is
/// found once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub members: Vec<DocIndex>,
    /// The line of the first member's dependency on the second.
    pub line: usize,
}

impl Cycle {
    /// `dependency cycle: x/01 -> x/02 -> x/01`: how the `dependency-cycle`
    /// rule and the graph views word it.
    pub fn message<D>(&self, tree: &PlanTree<D>) -> String {
        format!("dependency cycle: {}", self.path(tree))
    }

    /// `x/01 -> x/02 -> x/01`: the members by id, back to the first.
    pub fn path<D>(&self, tree: &PlanTree<D>) -> String {
        let mut names: Vec<&str> = self
            .members
            .iter()
            .map(|i| tree.documents[*i].id_str())
            .collect();
        if let Some(first) = self.members.first() {
            names.push(tree.documents[*first].id_str());
        }
        names.join(" -> ")
    }
}

/// The cycles among `edges` (of a tree of `documents` documents), each once,
/// in the order a depth-first search from the smallest document finds them.
pub fn find(documents: usize, edges: &[DependencyEdge]) -> Vec<Cycle> {
    let mut out_edges: BTreeMap<DocIndex, Vec<(DocIndex, usize)>> = BTreeMap::new();
    for e in edges {
        out_edges.entry(e.from).or_default().push((e.to, e.line));
    }
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut mark = vec![0u8; documents];
    let mut stack: Vec<DocIndex> = Vec::new();
    fn visit(
        n: DocIndex,
        edges: &BTreeMap<DocIndex, Vec<(DocIndex, usize)>>,
        mark: &mut [u8],
        stack: &mut Vec<DocIndex>,
        cycles: &mut Vec<Vec<DocIndex>>,
    ) {
        mark[n.position()] = 1;
        stack.push(n);
        for (m, _) in edges.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
            match mark[m.position()] {
                0 => visit(*m, edges, mark, stack, cycles),
                1 => {
                    if let Some(pos) = stack.iter().position(|x| x == m) {
                        cycles.push(stack[pos..].to_vec());
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        mark[n.position()] = 2;
    }
    let mut found = Vec::new();
    for n in out_edges.keys().copied().collect::<Vec<_>>() {
        if mark[n.position()] == 0 {
            visit(n, &out_edges, &mut mark, &mut stack, &mut found);
        }
    }
    let mut seen: BTreeSet<Vec<DocIndex>> = BTreeSet::new();
    let mut cycles = Vec::new();
    for cycle in found {
        // Rotate so the cycle starts at its smallest member: one report per cycle.
        let start = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, n)| **n)
            .map_or(0, |(i, _)| i);
        let mut members = cycle[start..].to_vec();
        members.extend_from_slice(&cycle[..start]);
        if !seen.insert(members.clone()) {
            continue;
        }
        let next = members.get(1).copied().unwrap_or(members[0]);
        let line = out_edges
            .get(&members[0])
            .and_then(|es| es.iter().find(|(m, _)| *m == next))
            .map_or(1, |(_, l)| *l);
        cycles.push(Cycle { members, line });
    }
    cycles
}

/// The cycles of the work packages' dependencies in `tree`.
pub fn dependency_cycles<D>(tree: &PlanTree<D>) -> Vec<Cycle> {
    find(tree.documents.len(), &dependency_edges(tree))
}

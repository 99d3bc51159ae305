//! What can start now (`git plan next`), as data: the work packages that
//! are ready and whose every dependency is done, in priority order, each
//! with why it is ready and what it unblocks; and, for `--all`, the ones
//! waiting (and on what), in progress, blocked or not ready yet. Reads
//! only the documents' summaries, like `status`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::graph::state_name;
use super::{HistoryContext, Statuses, JSON_VERSION};
use crate::base::text::words;
use crate::model::fields::{Effort, Priority};
use crate::model::kind::DocKind;
use crate::model::lifecycle::State;
use crate::rules::cycles;
use crate::tree::plan_tree::{DocIndex, InitiativeIndex, PlanDoc, PlanTree};

/// A dependency of a listed work package and its state.
#[derive(Debug, Clone, Serialize)]
pub struct DependencyState {
    /// As written in the plan.
    pub reference: String,
    /// The id it resolves to, `null` when it names nothing in the tree.
    pub id: Option<String>,
    /// That document's state (`unknown`, `missing`), `null` when not found.
    pub state: Option<String>,
    /// Complete (an ADR: accepted): it holds nothing up.
    pub done: bool,
}

/// A work package as `next` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct NextItem {
    pub id: String,
    pub title: String,
    pub path: String,
    pub state: String,
    pub priority: Option<Priority>,
    pub effort: Option<Effort>,
    /// Why it is where it is: `ready; depends on 01 (complete)`,
    /// `waits on 01 (in progress)`.
    pub why: String,
    pub depends_on: Vec<DependencyState>,
    /// The work packages that depend on it.
    pub unblocks: Vec<String>,
    /// How the text names it: its number within one initiative, else its id.
    #[serde(skip)]
    pub name: String,
}

/// The answer to "what can I start now?", `"version": 2` in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct NextReport {
    pub version: u32,
    /// The initiative asked about, `null` for all of them.
    pub initiative: Option<String>,
    /// Ready, every dependency done: in priority order.
    pub ready: Vec<NextItem>,
    /// Ready, but a dependency is not done.
    pub waiting: Vec<NextItem>,
    pub in_progress: Vec<NextItem>,
    pub blocked: Vec<NextItem>,
    /// Draft, deferred, or a status no lifecycle knows (or none).
    pub not_ready: Vec<NextItem>,
    /// When nothing is ready: why (`nothing is ready: 02 waits on 01 (in
    /// progress)`).
    pub nothing_ready: Option<String>,
}

/// A dependency that holds nothing up: a complete work package, an
/// accepted ADR.
fn done(state: Option<State>) -> bool {
    matches!(state, Some(State::Complete | State::Accepted))
}

/// The rank of a priority: CRITICAL first, then HIGH ... LOW, then none
/// (or one no level names).
fn priority_rank(p: Option<&Priority>) -> usize {
    p.and_then(|p| p.level).map_or(usize::MAX, |l| l as usize)
}

/// The documents whose text gives an initiative's priority order:
/// START-HERE.md, then README.md.
pub fn order_documents<D>(tree: &PlanTree<D>, init: InitiativeIndex) -> Vec<&PlanDoc<D>> {
    let mut docs: Vec<&PlanDoc<D>> = tree.initiatives[init]
        .docs
        .iter()
        .map(|d| &tree.documents[*d])
        .filter(|d| d.kind == DocKind::Initiative)
        .filter(|d| {
            d.file_name().eq_ignore_ascii_case("START-HERE.md")
                || d.file_name().eq_ignore_ascii_case("README.md")
        })
        .collect();
    docs.sort_by_key(|d| !d.file_name().eq_ignore_ascii_case("START-HERE.md"));
    docs
}

/// The initiative's priority order as `text` (of `from`, its START-HERE.md
/// or README.md) writes it: the work packages named, in order, under a
/// heading that says "priority order" (seed 002's `## 🎯 Priority Order`
/// table or list), by a link to their file, a `Phase N` or a table cell
/// holding only their number. Empty when there is no such section.
pub fn priority_order<D>(tree: &PlanTree<D>, from: &PlanDoc<D>, text: &str) -> Vec<DocIndex> {
    let mut order = Vec::new();
    let mut level: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if hashes > 0 && trimmed[hashes..].starts_with(' ') {
            match level {
                Some(l) if hashes <= l => break,
                Some(_) => {}
                None if words(trimmed).contains("priority order") => level = Some(hashes),
                None => {}
            }
            continue;
        }
        if level.is_none() {
            continue;
        }
        let found = line_references(trimmed).into_iter().find_map(|r| {
            tree.resolve_dependency(from, &r).filter(|d| {
                let doc = &tree.documents[*d];
                matches!(doc.kind, DocKind::WorkPackage | DocKind::WorkPlan)
                    && doc.initiative == from.initiative
            })
        });
        if let Some(d) = found {
            if !order.contains(&d) {
                order.push(d);
            }
        }
    }
    order
}

/// What a line of a priority-order section may name a work package by, in
/// order: link targets to `.md` files, `Phase N`, table cells of digits.
/// None on a line that still holds a template's placeholder (`Phase 3 -
/// [Feature]`): the template's sample order is no order.
fn line_references(line: &str) -> Vec<String> {
    let mut refs = Vec::new();
    let placeholder = line
        .split('|')
        .flat_map(|cell| cell.split(" - "))
        .any(|part| crate::model::placeholder::is_bracketed(part.trim()));
    if placeholder {
        return refs;
    }
    let mut rest = line;
    while let Some(open) = rest.find("](") {
        let after = &rest[open + 2..];
        let Some(close) = after.find(')') else { break };
        let target = after[..close].trim().trim_start_matches("./");
        let target = target.split('#').next().unwrap_or(target);
        if target.ends_with(".md") && !target.contains('/') {
            refs.push(target.to_string());
        }
        rest = &after[close..];
    }
    let lower = line.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("phase ") {
        let start = at + i + "phase ".len();
        let digits: String = lower[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            refs.push(digits);
        }
        at = start;
    }
    if line.starts_with('|') {
        refs.extend(
            line.split('|')
                .map(|c| c.trim().trim_matches('*').trim())
                .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()))
                .map(str::to_string),
        );
    }
    refs
}

/// What can start now in `scope` (one initiative, or all): see
/// [`NextReport`]. `orders` holds each initiative's priority order
/// ([`priority_order`]), when its plans write one; without one, number
/// order stands.
pub fn next_report<D>(
    tree: &PlanTree<D>,
    scope: Option<InitiativeIndex>,
    history: Option<&HistoryContext<'_>>,
    orders: &BTreeMap<InitiativeIndex, Vec<DocIndex>>,
) -> NextReport {
    let statuses = Statuses::new(tree, history);
    let edges = cycles::dependency_edges(tree);
    let mut dependents: BTreeMap<DocIndex, Vec<DocIndex>> = BTreeMap::new();
    for e in &edges {
        let list = dependents.entry(e.to).or_default();
        if !list.contains(&e.from) {
            list.push(e.from);
        }
    }
    let name = |from: Option<&PlanDoc<D>>, d: DocIndex| -> String {
        let doc = &tree.documents[d];
        match (&doc.number, from) {
            (Some(n), Some(f)) if f.initiative.is_some() && f.initiative == doc.initiative => {
                n.clone()
            }
            _ => doc.id(),
        }
    };
    let scope_doc = scope.and_then(|i| tree.initiatives[i].docs.first().copied());
    let mut keyed = Vec::new();
    for (ii, init) in tree.indexed_initiatives() {
        if scope.is_some_and(|s| s != ii) {
            continue;
        }
        let order = orders.get(&ii);
        for (d, doc) in tree.work_packages(init) {
            let state = statuses.status(d).and_then(|s| s.state);
            if matches!(state, Some(State::Complete | State::Cancelled)) {
                continue;
            }
            let depends_on: Vec<DependencyState> = doc
                .summary
                .dependencies
                .iter()
                .map(|r| {
                    let target = tree.resolve_dependency(doc, &r.reference);
                    DependencyState {
                        reference: r.reference.clone(),
                        id: target.map(|t| tree.documents[t].id()),
                        state: target.map(|t| state_name(&statuses, t)),
                        done: target
                            .is_some_and(|t| done(statuses.status(t).and_then(|s| s.state))),
                    }
                })
                .collect();
            let named: Vec<String> = doc
                .summary
                .dependencies
                .iter()
                .zip(&depends_on)
                .map(|(r, dep)| {
                    let target = tree.resolve_dependency(doc, &r.reference);
                    match (target, &dep.state) {
                        (Some(t), Some(s)) => format!("{} ({s})", name(Some(doc), t)),
                        _ => format!("`{}` (not found)", r.reference),
                    }
                })
                .collect();
            let open: Vec<&String> = named
                .iter()
                .zip(&depends_on)
                .filter(|(_, dep)| !dep.done)
                .map(|(n, _)| n)
                .collect();
            let state_text = state_name(&statuses, d);
            let (list, why) = match state {
                Some(State::Ready) if open.is_empty() => (
                    0,
                    if named.is_empty() {
                        "ready; no dependencies".to_string()
                    } else {
                        format!("ready; depends on {}", named.join(", "))
                    },
                ),
                Some(State::Ready) => (1, format!("waits on {}", join(&open))),
                Some(State::InProgress) => (2, "in progress".to_string()),
                Some(State::Blocked) => (3, "blocked".to_string()),
                _ => {
                    let raw = statuses.status(d).map(|s| s.raw.as_str());
                    let mut why = match (state, raw) {
                        (Some(s), _) => s.as_str().to_string(),
                        (None, Some(raw)) => format!("status `{raw}`, no known state"),
                        (None, None) => "no status".to_string(),
                    };
                    if !open.is_empty() {
                        why.push_str(&format!("; waits on {}", join(&open)));
                    }
                    (4, why)
                }
            };
            let rank = order
                .and_then(|o| o.iter().position(|x| *x == d))
                .unwrap_or(usize::MAX);
            let key = (
                priority_rank(doc.priority.as_ref()),
                rank,
                doc.number_value().unwrap_or(u32::MAX),
                doc.path.clone(),
            );
            let item = NextItem {
                id: doc.id(),
                title: doc.title(),
                path: doc.path.clone(),
                state: state_text,
                priority: doc.priority.clone(),
                effort: doc.effort.clone(),
                why,
                depends_on,
                unblocks: dependents
                    .get(&d)
                    .into_iter()
                    .flatten()
                    .map(|x| name(Some(doc), *x))
                    .collect(),
                name: name(scope_doc.map(|s| &tree.documents[s]), d),
            };
            keyed.push((list, key, item));
        }
    }
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut lists: [Vec<NextItem>; 5] = Default::default();
    for (list, _, item) in keyed {
        lists[list].push(item);
    }
    let [ready, waiting, in_progress, blocked, not_ready] = lists;
    let nothing_ready = nothing_ready(&ready, &waiting, &in_progress, &blocked, &not_ready);
    NextReport {
        version: JSON_VERSION,
        initiative: scope.map(|i| tree.initiatives[i].folder.clone()),
        ready,
        waiting,
        in_progress,
        blocked,
        not_ready,
        nothing_ready,
    }
}

/// When `ready` is empty: why nothing is (`nothing is ready: 02 waits on 01
/// (in progress)`), from the other lists.
pub(crate) fn nothing_ready(
    ready: &[NextItem],
    waiting: &[NextItem],
    in_progress: &[NextItem],
    blocked: &[NextItem],
    not_ready: &[NextItem],
) -> Option<String> {
    ready.is_empty().then(|| {
        let reasons: Vec<String> = waiting
            .iter()
            .chain(in_progress)
            .chain(blocked)
            .chain(not_ready)
            .map(|i| match i.state.as_str() {
                "ready" => format!("{} {}", i.name, i.why),
                "unknown" | "missing" => format!("{}: {}", i.name, i.why),
                _ => format!("{} is {}", i.name, i.why),
            })
            .collect();
        if reasons.is_empty() {
            "nothing is ready: no work package is left to do".to_string()
        } else {
            format!("nothing is ready: {}", join_limited(&reasons, 5))
        }
    })
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first `n` of `items` joined by `; `, and how many more there are.
fn join_limited(items: &[String], n: usize) -> String {
    let mut text = items[..items.len().min(n)].join("; ");
    if items.len() > n {
        text.push_str(&format!("; and {} more", items.len() - n));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = "artifacts/planning/2025-01-02-x";

    fn order(start_here: &str) -> Vec<String> {
        let files: Vec<(String, String)> = [
            ("START-HERE.md", start_here),
            ("03-c-plan.md", "# C\n\n**Status:** Ready\n"),
            ("04-d-plan.md", "# D\n\n**Status:** Ready\n"),
            ("05-e-plan.md", "# E\n\n**Status:** Ready\n"),
        ]
        .iter()
        .map(|(n, t)| (format!("{DIR}/{n}"), t.to_string()))
        .collect();
        let tree = PlanTree::from_texts(&files);
        let from = tree
            .documents
            .iter()
            .find(|d| d.file_name() == "START-HERE.md")
            .unwrap();
        priority_order(&tree, from, start_here)
            .into_iter()
            .map(|d| tree.documents[d].number.clone().unwrap())
            .collect()
    }

    #[test]
    fn the_priority_order_section_names_work_packages_by_link_phase_or_number() {
        // Seed 002's list, by `Phase N`.
        let list = "# X\n\n## 🔥 Priority Order\n\n1. **HIGH:** Phase 5 - Search\n2. **HIGH:** Phase 3 - Index\n\n## Next\n\n- Phase 4\n";
        assert_eq!(order(list), ["05", "03"]);
        // Seed 002's table, by a cell holding only the number; links too.
        let table = "# X\n\n## 🎯 Proposed Priority Order\n\n| Priority | Phase | Work Package |\n|---|---|---|\n| HIGH | 04 | D |\n| HIGH | - | [E](05-e-plan.md) |\n| LOW | 03 | C |\n";
        assert_eq!(order(table), ["04", "05", "03"]);
        // The template's sample rows (placeholders) are no order.
        let template = "# X\n\n## 🎯 Priority Order\n\n| 🔴 HIGH | Phase 3 | [Feature] | X-Yh | [Critical reason] |\n1. 🔴 **HIGH:** Phase 4 - [Feature]\n";
        assert_eq!(order(template), Vec::<String>::new());
        // No such section: no order.
        assert_eq!(order("# X\n\n- Phase 5\n"), Vec::<String>::new());
    }
}

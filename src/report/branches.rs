//! Work in flight on other branches, as data: each document's state on
//! the branches where it differs from here, the state furthest along the
//! lifecycle with the branch holding it, and the documents that exist only
//! on a branch (`status --branches`); and the work packages `next` must not
//! offer because another branch has started them.
//!
//! "Furthest along" is the position of the state in its lifecycle's
//! order, [`Lifecycle::states`]: for work packages draft, ready,
//! in-progress, blocked, complete, deferred, cancelled; for initiatives
//! the seven checkpoints then complete; for ADRs proposed, accepted,
//! rejected, deprecated, superseded. An unknown or missing status is
//! behind every state. When a branch's state is further along than
//! here's, it is the document's overall state, with the branch named; on
//! a tie here's stands. Only branches that are read count: merged ones
//! (their tip is an ancestor of HEAD), stale ones and excluded ones do not
//! ([`history::branches::Reading`]).

use std::collections::HashMap;

use serde::Serialize;

use super::next::{self, NextReport};
use super::{StatusReport, StatusView};
use crate::history::branches::{BranchesRead, Reading};
use crate::history::timeline::{human_duration, lifecycle_at, Moment};
use crate::model::kind::{DocKind, Patterns};
use crate::model::lifecycle::{Lifecycle, State};
use crate::model::status::Synonyms;
use crate::tree::classify::classify;
use crate::tree::plan_tree::{id_at, PlanTree};

/// A document's state on one other branch.
#[derive(Debug, Clone, Serialize)]
pub struct BranchStateView {
    /// Short name: `feat/metrics`, `origin/feat/metrics`.
    pub branch: String,
    /// The canonical state there, `unknown`, or `missing` (no status).
    pub state: String,
    /// The status as written there (empty when missing).
    pub raw: String,
    /// The branch's tip commit.
    pub tip: String,
    /// The commit on the branch that set this status.
    pub since: Option<Moment>,
    /// Seconds from `since` to now.
    pub seconds_in_state: Option<i64>,
}

impl BranchStateView {
    /// `in-progress on feat/metrics (Ada Author, 2d)`.
    pub fn describe(&self) -> String {
        let who = self.since.as_ref().and_then(|m| m.author.as_deref());
        let age = self.seconds_in_state.map(human_duration);
        let note = match (who, age) {
            (Some(w), Some(a)) => format!(" ({w}, {a})"),
            (Some(w), None) => format!(" ({w})"),
            (None, Some(a)) => format!(" ({a})"),
            (None, None) => String::new(),
        };
        format!("{} on {}{note}", self.state, self.branch)
    }
}

/// The state furthest along the lifecycle, and the branch that holds it.
#[derive(Debug, Clone, Serialize)]
pub struct FurthestView {
    /// The canonical state.
    pub state: String,
    /// The branch where the document is in that state.
    pub branch: String,
}

/// A document that exists on a branch and not here.
#[derive(Debug, Clone, Serialize)]
pub struct BranchOnlyView {
    /// Its id, as it would be here (`2026-01-02-x/03`, `adr-0012`).
    pub id: String,
    /// Its kind, from its path.
    pub kind: DocKind,
    /// Relative to the engineering root.
    pub path: String,
    /// Its first heading there, `null` without one.
    pub title: Option<String>,
    /// The initiative folder it is in, `null` outside one (an ADR).
    pub initiative: Option<String>,
    /// Its state on the branch (its fields inline in JSON).
    #[serde(flatten)]
    pub on: BranchStateView,
}

/// A branch looked at, and whether its plans count.
#[derive(Debug, Clone, Serialize)]
pub struct BranchSeen {
    /// Short name: `feat/metrics`, `origin/feat/metrics`.
    pub branch: String,
    /// Its tip commit.
    pub tip: String,
    /// `read`, `same-plans` (its plans are HEAD's), `merged`, `stale`.
    pub reading: Reading,
}

/// What `status --branches` read, beside the documents' own arrays.
#[derive(Debug, Clone, Serialize)]
pub struct BranchesView {
    /// The glob branches were matched against, `null` for every branch.
    pub pattern: Option<String>,
    /// A branch without a commit for this many days is stale.
    pub stale_days: u64,
    /// Branches the pattern left out.
    pub excluded: usize,
    /// Every branch matching the pattern (HEAD's own left out), local ones
    /// first, by name.
    pub seen: Vec<BranchSeen>,
    /// Documents (with a lifecycle) that exist on a branch and not here,
    /// by branch then path.
    pub only_on_branches: Vec<BranchOnlyView>,
}

/// Each changed document's state on each branch that is read, by path
/// relative to the root: the one reading of [`BranchesRead`] that
/// `status` and `next` share.
pub struct BranchStates {
    /// Path → (lifecycle, state there, view), branches in their order.
    by_path: HashMap<String, Vec<(Lifecycle, Option<State>, BranchStateView)>>,
    /// Path order of `by_path`'s keys as read, for the branch-only list.
    order: Vec<String>,
    /// Titles of the documents a branch added.
    titles: HashMap<(usize, String), Option<String>>,
}

impl BranchStates {
    /// Normalises each changed document's status on the branches that are
    /// read (its kind from its path, under `patterns`; its status by
    /// `synonyms`, as here), at `now`.
    pub fn new(
        read: &BranchesRead,
        patterns: &Patterns,
        synonyms: &Synonyms,
        now: i64,
    ) -> BranchStates {
        let mut by_path: HashMap<String, Vec<_>> = HashMap::new();
        let mut order = Vec::new();
        let mut titles = HashMap::new();
        for doc in &read.documents {
            let branch = &read.branches[doc.branch];
            if branch.reading != Reading::Read {
                continue;
            }
            let Some(lifecycle) = lifecycle_at(&doc.path, patterns) else {
                continue;
            };
            let status = doc
                .statuses
                .first()
                .map(|raw| synonyms.normalize(lifecycle, raw));
            let view = BranchStateView {
                branch: branch.name.clone(),
                state: status.as_ref().map_or("missing".to_string(), |s| {
                    s.state
                        .map_or("unknown".to_string(), |s| s.as_str().to_string())
                }),
                raw: status.as_ref().map(|s| s.raw.clone()).unwrap_or_default(),
                tip: branch.tip.to_string(),
                seconds_in_state: doc.since.as_ref().and_then(|m| m.time).map(|t| now - t),
                since: doc.since.clone(),
            };
            if doc.added {
                titles.insert((doc.branch, doc.path.clone()), doc.title.clone());
            }
            let entry = by_path.entry(doc.path.clone()).or_default();
            if entry.is_empty() {
                order.push(doc.path.clone());
            }
            entry.push((lifecycle, status.and_then(|s| s.state), view));
        }
        BranchStates {
            by_path,
            order,
            titles,
        }
    }

    /// The branches where the document at `path` is in a state further
    /// along than `here` (canonical name, `unknown` or `missing`): what
    /// `next` holds back.
    pub fn ahead(&self, path: &str, here: &str) -> Vec<&BranchStateView> {
        let Some(entries) = self.by_path.get(path) else {
            return Vec::new();
        };
        entries
            .iter()
            .filter(|(lc, state, _)| rank(*lc, *state) > rank(*lc, lc.state_named(here)))
            .map(|(_, _, v)| v)
            .collect()
    }

    /// The states on other branches of the document at `path` that differ
    /// from `here`, and the furthest along when one is further than here's.
    fn differing(
        &self,
        path: &str,
        here: Option<&StatusView>,
    ) -> (Vec<BranchStateView>, Option<FurthestView>) {
        let Some(entries) = self.by_path.get(path) else {
            return (Vec::new(), None);
        };
        let here_state = here.map_or("missing", |s| s.state.as_str());
        let here_raw = here.map_or("", |s| s.raw.as_str());
        let mut out = Vec::new();
        let mut best: Option<(usize, &BranchStateView)> = None;
        for (lc, state, view) in entries {
            let same =
                view.state == here_state && (view.state != "unknown" || view.raw == here_raw);
            if same {
                continue;
            }
            let r = rank(*lc, *state);
            if r > rank(*lc, lc.state_named(here_state)) && best.is_none_or(|(b, _)| r > b) {
                best = Some((r, view));
            }
            out.push(view.clone());
        }
        let furthest = best.map(|(_, v)| FurthestView {
            state: v.state.clone(),
            branch: v.branch.clone(),
        });
        (out, furthest)
    }

    /// Adds the branches to `report`: each document's differing states and
    /// furthest state, the documents only on a branch (those not in
    /// `tree`, the tree reported), and what was read.
    pub fn attach<D>(
        &self,
        report: &mut StatusReport,
        tree: &PlanTree<D>,
        read: &BranchesRead,
        pattern: Option<&str>,
        stale_days: u64,
        patterns: &Patterns,
    ) {
        for init in &mut report.initiatives {
            // START-HERE.md speaks for the folder before README.md.
            for name in ["START-HERE.md", "README.md"] {
                let path = format!("{}/{name}", init.path);
                let (list, furthest) = self.differing(&path, init.status.as_ref());
                for v in list {
                    if !init.branches.iter().any(|b| b.branch == v.branch) {
                        init.branches.push(v);
                    }
                }
                init.furthest = init.furthest.take().or(furthest);
            }
            for wp in &mut init.work_packages {
                (wp.branches, wp.furthest) = self.differing(&wp.path, wp.status.as_ref());
            }
        }
        for adr in &mut report.adrs.items {
            (adr.branches, adr.furthest) = self.differing(&adr.path, adr.status.as_ref());
        }
        let here: std::collections::HashSet<&str> =
            tree.documents.iter().map(|d| d.path.as_str()).collect();
        let mut only = Vec::new();
        for path in &self.order {
            if here.contains(path.as_str()) {
                continue;
            }
            let placement = classify(path, patterns);
            for (_, _, view) in &self.by_path[path] {
                let index = read.branches.iter().position(|b| b.name == view.branch);
                only.push(BranchOnlyView {
                    id: id_at(path, &placement),
                    kind: placement.kind,
                    path: path.clone(),
                    title: index
                        .and_then(|i| self.titles.get(&(i, path.clone())).cloned())
                        .flatten(),
                    initiative: placement.initiative.clone(),
                    on: view.clone(),
                });
            }
        }
        only.sort_by(|a, b| (&a.on.branch, &a.path).cmp(&(&b.on.branch, &b.path)));
        report.branches = Some(BranchesView {
            pattern: pattern.map(str::to_string),
            stale_days,
            excluded: read.excluded,
            seen: read
                .branches
                .iter()
                .map(|b| BranchSeen {
                    branch: b.name.clone(),
                    tip: b.tip.to_string(),
                    reading: b.reading,
                })
                .collect(),
            only_on_branches: only,
        });
    }

    /// Moves the ready work packages of `report` that another branch has
    /// taken further along (started, blocked, finished) to `in_progress`,
    /// saying where: `next` does not offer work in flight elsewhere.
    pub fn hold_back(&self, report: &mut NextReport) {
        let mut kept = Vec::new();
        for list in [&mut report.ready, &mut report.waiting] {
            for mut item in std::mem::take(list) {
                match self.ahead(&item.path, &item.state).first() {
                    Some(v) => {
                        item.why = v.describe();
                        report.in_progress.push(item);
                    }
                    None => kept.push(item),
                }
            }
            std::mem::swap(list, &mut kept);
        }
        report.nothing_ready = next::nothing_ready(
            &report.ready,
            &report.waiting,
            &report.in_progress,
            &report.blocked,
            &report.not_ready,
        );
    }
}

/// How far along its lifecycle a state is; unknown and missing before
/// every state.
fn rank(lifecycle: Lifecycle, state: Option<State>) -> usize {
    state
        .and_then(|s| lifecycle.states().iter().position(|x| *x == s))
        .map_or(0, |p| p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn further_along_is_later_in_the_lifecycles_order() {
        let wp = Lifecycle::WorkPackage;
        let order = [
            None,
            Some(State::Draft),
            Some(State::Ready),
            Some(State::InProgress),
            Some(State::Blocked),
            Some(State::Complete),
            Some(State::Deferred),
            Some(State::Cancelled),
        ];
        for pair in order.windows(2) {
            assert!(rank(wp, pair[0]) < rank(wp, pair[1]), "{pair:?}");
        }
        let adr = Lifecycle::Adr;
        assert!(rank(adr, Some(State::Proposed)) < rank(adr, Some(State::Accepted)));
        let init = Lifecycle::Initiative;
        assert!(rank(init, Some(State::Implementation)) < rank(init, Some(State::Complete)));
        // A state of another lifecycle is no position in this one.
        assert_eq!(rank(wp, Some(State::Accepted)), rank(wp, None));
    }

    #[test]
    fn a_mark_names_the_state_the_branch_and_who_and_when() {
        let mut view = BranchStateView {
            branch: "feat/metrics".to_string(),
            state: "in-progress".to_string(),
            raw: "In Progress".to_string(),
            tip: "0".repeat(40),
            since: None,
            seconds_in_state: Some(2 * 86_400),
        };
        assert_eq!(view.describe(), "in-progress on feat/metrics (2d 0h)");
        view.since = Some(Moment {
            commit: "0".repeat(40).into(),
            date: None,
            time: None,
            author: Some("Ada".into()),
            email: None,
        });
        assert_eq!(view.describe(), "in-progress on feat/metrics (Ada, 2d 0h)");
        view.seconds_in_state = None;
        assert_eq!(view.describe(), "in-progress on feat/metrics (Ada)");
        view.since = None;
        assert_eq!(view.describe(), "in-progress on feat/metrics");
    }
}

//! The series `git plan report` draws, as data: burn-up, work in progress,
//! cycle, lead and blocked time, from the plan tree and its history.
//!
//! Definitions (also in the README, "Progress report"):
//! - **Moments** are the author dates of the commits that created a work
//!   package now in the tree or changed its status (hand edits included:
//!   the history reader sees every status form). Work packages deleted from
//!   the tree are not counted.
//! - **planned** at a moment: work packages created at or before it whose
//!   status then is not `cancelled`. The scope line: it rises when a work
//!   package is added and falls when one is cancelled.
//! - **completed** at a moment: work packages whose status then is
//!   `complete`.
//! - **wip** at a moment: work packages whose status then is `in-progress`.
//! - **cycle time** of a complete work package: from the first commit that
//!   set it `in-progress` to the commit that made it complete (as
//!   [`crate::history::timeline::durations`]); **lead time**: from the
//!   commit that created it to the same.
//! - **blocked time**: the sum of the spans between a commit that set it
//!   `blocked` and the next commit that set another status, the last one
//!   open until `now`.
//! - **median** and **85th percentile** are nearest-rank: the value at
//!   rank `ceil(p * n)` of the n values sorted (the lower median for an
//!   even n).
//! - A work package whose creation or status change lies before a shallow
//!   clone's boundary, or in a version a partial clone could not read, has
//!   unknown dates: it is named in `unknown_dates` and left out of the
//!   series and distributions where the missing date is needed.

use serde::Serialize;

use crate::history::timeline::{durations_of, rfc3339};
use crate::model::lifecycle::State;
use crate::tree::plan_tree::PlanTree;

use super::HistoryContext;

/// What the series cover: every initiative or one, from a date or all.
#[derive(Debug, Clone, Default)]
pub struct ProgressScope {
    /// Only this initiative (its folder name).
    pub initiative: Option<String>,
    /// Only moments at or after this time (seconds since the epoch); the
    /// first point then holds the counts as they were at it.
    pub since: Option<i64>,
}

/// One point of a series: the counts just after the commits of `time`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    /// RFC 3339 in UTC.
    pub date: String,
    pub time: i64,
    pub planned: usize,
    pub completed: usize,
    pub wip: usize,
}

/// The burn-up and WIP series of a set of work packages.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// `overall`, or the initiative's folder.
    pub id: String,
    pub title: Option<String>,
    pub points: Vec<Point>,
}

/// The flow figures of one work package.
#[derive(Debug, Clone, Serialize)]
pub struct Flow {
    pub id: String,
    pub initiative: String,
    pub title: String,
    /// The canonical state now (`unknown`, or `null` without a status).
    pub state: Option<String>,
    pub created: Option<String>,
    /// The first commit that set it in progress.
    pub started: Option<String>,
    /// The commit that made it complete, when it is complete now.
    pub completed: Option<String>,
    pub cycle_time_seconds: Option<i64>,
    pub lead_time_seconds: Option<i64>,
    pub blocked_seconds: i64,
}

/// A distribution of durations, in seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Distribution {
    pub count: usize,
    pub median_seconds: Option<i64>,
    pub p85_seconds: Option<i64>,
    /// Every value, sorted.
    pub values: Vec<i64>,
}

impl Distribution {
    /// The distribution of `values`, nearest-rank percentiles.
    pub fn of(mut values: Vec<i64>) -> Distribution {
        values.sort_unstable();
        Distribution {
            count: values.len(),
            median_seconds: percentile(&values, 50),
            p85_seconds: percentile(&values, 85),
            values,
        }
    }
}

/// The nearest-rank `p`th percentile of sorted `values`: the value at rank
/// `ceil(p/100 * n)`.
pub fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Everything `report --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressReport {
    pub version: u32,
    /// The revision reported (`--at`), `null` for the work tree.
    pub at: Option<String>,
    pub since: Option<String>,
    pub initiative: Option<String>,
    pub overall: Series,
    pub initiatives: Vec<Series>,
    pub work_packages: Vec<Flow>,
    pub cycle_time: Distribution,
    pub lead_time: Distribution,
    /// Work packages with a date history cannot tell (shallow or partial
    /// clone): left out where that date is needed.
    pub unknown_dates: Vec<String>,
}

/// A work package's statuses over time: (when, canonical state).
struct Track {
    initiative: usize,
    created: Option<i64>,
    states: Vec<(i64, Option<String>)>,
}

/// The progress series of `tree` from `history`.
pub fn progress_report<D>(
    tree: &PlanTree<D>,
    history: &HistoryContext<'_>,
    scope: &ProgressScope,
    at: Option<String>,
) -> ProgressReport {
    let timelines = history.timelines;
    let (complete, cancelled, in_progress, blocked) = (
        State::Complete.as_str(),
        State::Cancelled.as_str(),
        State::InProgress.as_str(),
        State::Blocked.as_str(),
    );
    let mut tracks = Vec::new();
    let mut flows = Vec::new();
    let mut unknown = Vec::new();
    let mut series_meta = Vec::new();
    for (_, init) in tree.indexed_initiatives() {
        if scope.initiative.as_ref().is_some_and(|i| *i != init.folder) {
            continue;
        }
        let title = init
            .entry_doc
            .or(init.status_doc)
            .and_then(|d| tree.documents[d].summary.title.clone());
        series_meta.push((init.folder.clone(), title));
        let index = series_meta.len() - 1;
        let mut wps: Vec<_> = tree.work_packages(init).map(|(_, d)| d).collect();
        wps.sort_by(|a, b| a.id_str().cmp(b.id_str()));
        for doc in wps {
            // What the steps set and when (not the steps themselves,
            // whose moments and ids are strings to make).
            let steps = timelines.step_states(&doc.path);
            let created = timelines.created(&doc.path);
            let mut dated = true;
            let created_time = created.as_ref().and_then(|m| m.time);
            dated &= created_time.is_some();
            let mut states = Vec::new();
            for step in &steps {
                match step.time {
                    Some(t) => states.push((t, step.to.map(str::to_string))),
                    None => dated = false,
                }
            }
            if !dated {
                unknown.push(doc.id());
            }
            let d = durations_of(&steps);
            let started = states
                .iter()
                .find(|(_, s)| s.as_deref() == Some(in_progress))
                .map(|(t, _)| *t);
            let now_state = states.last().and_then(|(_, s)| s.clone());
            let completed = (now_state.as_deref() == Some(complete))
                .then(|| {
                    states
                        .iter()
                        .rev()
                        .take_while(|(_, s)| s.as_deref() == Some(complete))
                        .last()
                        .map(|(t, _)| *t)
                })
                .flatten();
            let mut blocked_seconds = 0;
            for (k, (t, s)) in states.iter().enumerate() {
                if s.as_deref() != Some(blocked) {
                    continue;
                }
                let end = states[k + 1..]
                    .iter()
                    .find(|(_, s2)| s2.as_deref() != Some(blocked))
                    .map_or(history.now, |(t2, _)| *t2);
                // Only the first of consecutive blocked steps opens a span.
                let opened = k == 0 || states[k - 1].1.as_deref() != Some(blocked);
                if opened {
                    blocked_seconds += (end - t).max(0);
                }
            }
            flows.push(Flow {
                id: doc.id(),
                initiative: init.folder.clone(),
                title: doc.summary.title.clone().unwrap_or_default(),
                state: doc
                    .status
                    .as_ref()
                    .map(|s| s.state.map_or("unknown", |s| s.as_str()).to_string()),
                created: created_time.map(rfc3339),
                started: started.map(rfc3339),
                completed: completed.map(rfc3339),
                cycle_time_seconds: d.cycle_time_seconds,
                lead_time_seconds: d.lead_time_seconds,
                blocked_seconds,
            });
            tracks.push(Track {
                initiative: index,
                created: created_time,
                states,
            });
        }
    }
    let series = |id: String, title: Option<String>, only: Option<usize>| {
        let mine: Vec<&Track> = tracks
            .iter()
            .filter(|t| only.is_none_or(|i| t.initiative == i))
            .collect();
        // A sweep over every change, oldest first: each work package's
        // state from its creation on (the state its last step at or before
        // then set), then from each later step.
        let mut changes: Vec<(i64, usize, Option<&str>)> = Vec::new();
        for (k, t) in mine.iter().enumerate() {
            let Some(created) = t.created else { continue };
            let initial = t
                .states
                .iter()
                .rfind(|(when, _)| *when <= created)
                .and_then(|(_, s)| s.as_deref());
            changes.push((created, k, initial));
            changes.extend(
                t.states
                    .iter()
                    .filter(|(when, _)| *when > created)
                    .map(|(when, s)| (*when, k, s.as_deref())),
            );
        }
        changes.sort_by_key(|c| c.0);
        let weigh = |state: Option<Option<&str>>| match state {
            None => [0i64; 3],
            Some(s) => [
                i64::from(s != Some(cancelled)),
                i64::from(s == Some(complete)),
                i64::from(s == Some(in_progress)),
            ],
        };
        let mut current: Vec<Option<Option<&str>>> = vec![None; mine.len()];
        let mut counts = [0i64; 3];
        let point = |time: i64, c: &[i64; 3]| Point {
            date: rfc3339(time),
            time,
            planned: c[0].max(0) as usize,
            completed: c[1].max(0) as usize,
            wip: c[2].max(0) as usize,
        };
        let mut points = Vec::new();
        let mut since_shown = scope.since.is_none();
        let mut i = 0;
        while i < changes.len() {
            let time = changes[i].0;
            if let Some(since) = scope.since.filter(|s| !since_shown && time > *s) {
                if i > 0 {
                    points.push(point(since, &counts));
                }
                since_shown = true;
            }
            while i < changes.len() && changes[i].0 == time {
                let (_, k, state) = changes[i];
                let (old, new) = (weigh(current[k]), weigh(Some(state)));
                for n in 0..3 {
                    counts[n] += new[n] - old[n];
                }
                current[k] = Some(state);
                i += 1;
            }
            if scope.since.is_none_or(|s| time >= s) {
                points.push(point(time, &counts));
                since_shown = true;
            }
        }
        if let Some(since) = scope.since.filter(|_| !since_shown && i > 0) {
            points.push(point(since, &counts));
        }
        Series { id, title, points }
    };
    let overall = series("overall".to_string(), None, None);
    let initiatives = series_meta
        .iter()
        .enumerate()
        .map(|(i, (id, title))| series(id.clone(), title.clone(), Some(i)))
        .collect();
    let since_ok = |t: &Option<String>| match (scope.since, t) {
        (None, _) => true,
        (Some(s), Some(date)) => *date >= rfc3339(s),
        (Some(_), None) => false,
    };
    let cycle = flows
        .iter()
        .filter(|f| since_ok(&f.completed))
        .filter_map(|f| f.cycle_time_seconds)
        .collect();
    let lead = flows
        .iter()
        .filter(|f| since_ok(&f.completed))
        .filter_map(|f| f.lead_time_seconds)
        .collect();
    ProgressReport {
        version: super::JSON_VERSION,
        at,
        since: scope.since.map(rfc3339),
        initiative: scope.initiative.clone(),
        overall,
        initiatives,
        work_packages: flows,
        cycle_time: Distribution::of(cycle),
        lead_time: Distribution::of(lead),
        unknown_dates: unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 85), Some(7));
        assert_eq!(percentile(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(percentile(&[1, 2, 3, 4], 85), Some(4));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 85), Some(9));
        assert_eq!(percentile(&ten, 50), Some(5));
    }
}

//! Timelines derived from the plan history: for each document its status
//! transitions (who, when, from what to what), since when it has had its
//! current status, and when it was created; for work packages, cycle and
//! lead time.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use serde::Serialize;

use crate::base::codec::Fnv;
use crate::history::walk::{ChangeKind, CommitInfo, Event, History};
use crate::model::kind::lifecycle_of;
use crate::model::kind::DocKind;
use crate::model::kind::Patterns;
use crate::model::kind::PLANNING_DIR;
use crate::model::lifecycle::{Lifecycle, State};
use crate::model::status::Synonyms;
use crate::tree::classify::classify;
use crate::tree::plan_tree::id_at;

/// A string a report holds many times over (a commit's id, author, date):
/// copied by reference count, not byte by byte. A warm `status` of a few
/// hundred documents makes thousands of moments from a few dozen commits.
pub type Shared = std::sync::Arc<str>;

/// A point in history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moment {
    pub commit: Shared,
    /// Author date, RFC 3339 in UTC; `null` when it lies before a shallow
    /// clone's boundary and so cannot be known here.
    pub date: Option<Shared>,
    /// Seconds since the epoch, `null` like `date`.
    pub time: Option<i64>,
    /// Who made the commit; `null` before a shallow boundary, where the
    /// commit that really made the change is not in this clone.
    pub author: Option<Shared>,
    pub email: Option<Shared>,
}

impl Moment {
    pub(crate) fn of(c: &CommitInfo) -> Moment {
        let known = !c.boundary;
        Moment {
            commit: c.id.as_str().into(),
            date: known.then(|| rfc3339(c.time).into()),
            time: known.then_some(c.time),
            author: known.then(|| c.author.as_str().into()),
            email: known.then(|| c.email.as_str().into()),
        }
    }

    /// At or before the commit of `moment`, when exactly this clone cannot
    /// tell (a version a partial clone lacks).
    pub(crate) fn unknown(moment: &Moment) -> Moment {
        Moment {
            commit: moment.commit.clone(),
            date: None,
            time: None,
            author: None,
            email: None,
        }
    }
}

/// `time` (seconds since the epoch) as RFC 3339 in UTC, `2026-03-01T12:00:00Z`.
/// chrono's writer: 24-27 ns a call, where a `format!` of the fields took
/// 160-190 ns (measured in a release build, two million calls each).
pub fn rfc3339(time: i64) -> String {
    chrono::DateTime::from_timestamp(time, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| time.to_string())
}

/// One entry of a document's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub id: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_path: Option<String>,
    pub change: ChangeKind,
    /// Canonical states (`unknown` for an unrecognised value, `null` for none).
    pub from: Option<String>,
    pub to: Option<String>,
    pub from_raw: Option<String>,
    pub to_raw: Option<String>,
    /// The commit that made the step (`moment` in JSON: `at` is a place
    /// everywhere else).
    #[serde(rename = "moment")]
    pub at: Moment,
    pub trailers: Vec<(String, String)>,
}

/// A map keyed by paths and status values: FNV, as the caches' string
/// tables use (SipHash was a tenth of a warm `status`).
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The status one step of a document set (see [`Timelines::states_set`]).
#[derive(Debug, Clone)]
pub struct StateSet<'h> {
    /// The canonical state (`unknown` for an unrecognised value, `None` for
    /// none), as [`Step::to`].
    pub state: Option<String>,
    /// The value as written, as [`Step::to_raw`].
    pub raw: Option<String>,
    pub at: Moment,
    pub trailers: &'h [(String, String)],
}

/// The history with an index by path, ready for per-document questions.
pub struct Timelines<'h> {
    history: &'h History,
    by_path: FastMap<&'h str, Vec<usize>>,
    patterns: &'h Patterns,
    synonyms: &'h Synonyms,
    /// Per path: its id and lifecycle, from its classification.
    paths: std::cell::RefCell<FastMap<String, (String, Option<Lifecycle>)>>,
    /// Per lifecycle and raw value: the canonical state's name.
    states: std::cell::RefCell<FastMap<Lifecycle, FastMap<String, &'static str>>>,
    /// Per commit (by index): its moment, made once.
    moments: Vec<std::cell::OnceCell<Moment>>,
}

impl<'h> Timelines<'h> {
    pub fn new(history: &'h History, patterns: &'h Patterns, synonyms: &'h Synonyms) -> Self {
        let mut by_path: FastMap<&str, Vec<usize>> = FastMap::default();
        for (i, e) in history.events.iter().enumerate() {
            by_path.entry(e.path.as_str()).or_default().push(i);
        }
        Timelines {
            history,
            by_path,
            patterns,
            synonyms,
            paths: Default::default(),
            states: Default::default(),
            moments: (0..history.commits.len())
                .map(|_| Default::default())
                .collect(),
        }
    }

    /// The moment of the history's commit `i` (an index into its commits).
    pub fn commit_moment(&self, i: usize) -> Moment {
        match self.moments.get(i) {
            Some(cell) => cell
                .get_or_init(|| Moment::of(&self.history.commits[i]))
                .clone(),
            None => Moment::of(&self.history.commits[i]),
        }
    }

    pub fn history(&self) -> &History {
        self.history
    }

    /// Events of the document now at `path`, oldest first, following renames
    /// back to where it was created.
    pub fn events(&self, path: &str) -> Vec<&'h Event> {
        self.event_indices(path)
            .into_iter()
            .map(|i| &self.history.events[i])
            .collect()
    }

    /// Like [`Timelines::events`], as indices into the history's events.
    pub fn event_indices(&self, path: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut current = path.to_string();
        let mut before = usize::MAX;
        while let Some(list) = self.by_path.get(current.as_str()) {
            let mut next = None;
            for &i in list.iter().rev().filter(|i| **i < before) {
                let e = &self.history.events[i];
                out.push(i);
                if e.change == ChangeKind::Added {
                    break;
                }
                if let (ChangeKind::Renamed, Some(prev)) = (e.change, &e.previous_path) {
                    next = Some((prev.clone(), i));
                    break;
                }
            }
            match next {
                Some((prev, i)) => {
                    current = prev;
                    before = i;
                }
                None => break,
            }
        }
        out.reverse();
        out
    }

    /// Id and lifecycle of the document at `path`, classified once.
    fn path_info(&self, path: &str) -> (String, Option<Lifecycle>) {
        if let Some(hit) = self.paths.borrow().get(path) {
            return hit.clone();
        }
        let placement = classify(path, self.patterns);
        let id = match self.patterns.collection_of(path) {
            Some((collection, name)) => crate::tree::classify::collection_id(collection, name),
            None => id_at(path, &placement),
        };
        let info = (id, lifecycle_of(placement.kind));
        self.paths
            .borrow_mut()
            .insert(path.to_string(), info.clone());
        info
    }

    fn lifecycle(&self, path: &str) -> Option<Lifecycle> {
        if let Some((_, lifecycle)) = self.paths.borrow().get(path) {
            return *lifecycle;
        }
        self.path_info(path).1
    }

    fn state(&self, path: &str, raw: &Option<String>) -> Option<String> {
        self.state_name(path, raw).map(str::to_string)
    }

    fn state_name(&self, path: &str, raw: &Option<String>) -> Option<&'static str> {
        let lifecycle = self.lifecycle(path)?;
        let raw = raw.as_ref()?;
        if let Some(name) = self
            .states
            .borrow()
            .get(&lifecycle)
            .and_then(|m| m.get(raw.as_str()))
        {
            return Some(*name);
        }
        let name = self
            .synonyms
            .normalize(lifecycle, raw)
            .state
            .map_or("unknown", |s| s.as_str());
        self.states
            .borrow_mut()
            .entry(lifecycle)
            .or_default()
            .insert(raw.clone(), name);
        Some(name)
    }

    pub fn step(&self, e: &Event) -> Step {
        let c = &self.history.commits[e.commit];
        Step {
            id: self.path_info(&e.path).0,
            path: e.path.clone(),
            previous_path: e.previous_path.clone(),
            change: e.change,
            from: e
                .previous_path
                .as_deref()
                .map_or_else(|| self.state(&e.path, &e.from), |p| self.state(p, &e.from)),
            to: self.state(&e.path, &e.to),
            from_raw: e.from.clone(),
            to_raw: e.to.clone(),
            at: self.commit_moment(e.commit),
            trailers: c.trailers.clone(),
        }
    }

    /// When the document now at `path` was created.
    pub fn created(&self, path: &str) -> Option<Moment> {
        self.events(path)
            .first()
            .filter(|e| e.change == ChangeKind::Added)
            .map(|e| self.commit_moment(e.commit))
    }

    /// Since when the document has had the status `current` (raw): the last
    /// commit that set it. `None` when that status is not committed yet.
    /// A version that could not be read (a partial clone lacking it) may
    /// have set it: then the moment is there with its date unknown.
    pub fn since(&self, path: &str, current: Option<&str>) -> Option<Moment> {
        let (i, last) = self
            .event_indices(path)
            .into_iter()
            .rev()
            .map(|i| (i, &self.history.events[i]))
            .find(|(i, e)| {
                e.change != ChangeKind::Deleted
                    && (e.from != e.to || e.change == ChangeKind::Added || self.is_unread(*i))
            })?;
        if self.is_unread(i) {
            let unset = last.to.is_some() && last.to.as_deref() != current;
            return (!unset).then(|| Moment::unknown(&self.commit_moment(last.commit)));
        }
        (last.to.as_deref() == current).then(|| self.commit_moment(last.commit))
    }

    /// Whether a version of event `i` could not be read (see
    /// [`crate::history::walk::Unread`]).
    fn is_unread(&self, i: usize) -> bool {
        let unread = &self.history.unread.events;
        !unread.is_empty() && unread.binary_search(&i).is_ok()
    }

    /// Whether event `i` is a step of a timeline: not a modification that
    /// leaves the status as it was, nor one whose versions could not be
    /// read (whether it changed the status is unknown).
    fn is_step(&self, i: usize) -> bool {
        let e = &self.history.events[i];
        e.is_step() && !(e.change == ChangeKind::Modified && self.is_unread(i))
    }

    /// The steps of an initiative (`folder` under the planning directory),
    /// oldest first: everything that happened in the folder (including
    /// documents moved out of it), and the past of its documents now at
    /// `docs` from before they were moved into it.
    pub fn initiative_steps<'p>(
        &self,
        folder: &str,
        docs: impl IntoIterator<Item = &'p str>,
    ) -> Vec<Step> {
        let prefix = format!("{PLANNING_DIR}/{folder}/");
        let mut picked: std::collections::BTreeSet<usize> = self
            .history
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.path.starts_with(&prefix)
                    || e.previous_path
                        .as_deref()
                        .is_some_and(|p| p.starts_with(&prefix))
            })
            .map(|(i, _)| i)
            .collect();
        for path in docs {
            picked.extend(self.event_indices(path));
        }
        picked
            .into_iter()
            .filter(|i| self.is_step(*i))
            .map(|i| self.step(&self.history.events[i]))
            .collect()
    }

    /// The steps of every document, oldest first: each event but the
    /// modifications that leave a status as it was.
    pub fn all_steps(&self) -> Vec<Step> {
        (0..self.history.events.len())
            .filter(|i| self.is_step(*i))
            .map(|i| self.step(&self.history.events[i]))
            .collect()
    }

    /// What `log` lists of `steps` (oldest first): with `all`, every step
    /// as it is; else only the steps of lifecycle documents (initiatives,
    /// work packages, ADRs: a note, analysis, supporting plan or completion
    /// record being added is not a transition), and an initiative's
    /// START-HERE.md and README.md changed in one commit are one entry, its
    /// id the folder: the step that changes the status, START-HERE.md's
    /// when both or neither do. A step is judged by where its document
    /// went (following renames forward): a README.md created under
    /// `specs/` and moved into an initiative folder is the initiative's.
    pub fn log_entries(&self, steps: Vec<Step>, all: bool) -> Vec<Step> {
        if all {
            return steps;
        }
        let forward: HashMap<String, String> = steps
            .iter()
            .filter(|s| s.change == ChangeKind::Renamed)
            .filter_map(|s| Some((s.previous_path.clone()?, s.path.clone())))
            .collect();
        let last_path = |path: &str| {
            let mut path = path.to_string();
            // Bounded: a file renamed back and forth ends the walk.
            for _ in 0..=forward.len() {
                match forward.get(&path) {
                    Some(next) => path = next.clone(),
                    None => break,
                }
            }
            path
        };
        let mut out: Vec<Step> = Vec::with_capacity(steps.len());
        let mut initiatives: HashMap<(String, String), usize> = HashMap::new();
        let rank = |s: &Step| {
            (
                s.from != s.to || s.change == ChangeKind::Added,
                s.path
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.eq_ignore_ascii_case("START-HERE.md")),
            )
        };
        // Classified once per path: a busy document has thousands of steps.
        let mut placements: HashMap<String, crate::tree::classify::Placement> = HashMap::new();
        for mut s in steps {
            let placement = placements
                .entry(s.path.clone())
                .or_insert_with(|| classify(&last_path(&s.path), self.patterns))
                .clone();
            if lifecycle_of(placement.kind).is_none() {
                continue;
            }
            if let (DocKind::Initiative, Some(folder)) = (placement.kind, placement.initiative) {
                s.id = folder.clone();
                match initiatives.entry((s.at.commit.to_string(), folder)) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        let kept = &mut out[*e.get()];
                        if rank(&s) > rank(kept) {
                            *kept = s;
                        }
                        continue;
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(out.len());
                    }
                }
            }
            out.push(s);
        }
        out
    }

    /// Every status change of the document, oldest first.
    pub fn steps(&self, path: &str) -> Vec<Step> {
        self.changes(path).map(|e| self.step(e)).collect()
    }

    /// Each of [`Timelines::steps`] as what [`durations`] and the burn-up
    /// series read of it, without making the step: the change, the
    /// canonical state it set (its `to`) and its time (`None` where the
    /// step's moment has none).
    pub fn step_states(&self, path: &str) -> Vec<StepState<'static>> {
        self.changes(path)
            .map(|e| {
                let c = &self.history.commits[e.commit];
                StepState {
                    change: e.change,
                    to: self.state_name(&e.path, &e.to),
                    time: (!c.boundary).then_some(c.time),
                }
            })
            .collect()
    }

    /// What each of [`Timelines::steps`] set, without the rest of the step
    /// (`status` shows an initiative's checkpoints, not their ids or
    /// paths): the canonical state, the value as written, when, and the
    /// commit's trailers.
    pub fn states_set(&self, path: &str) -> Vec<StateSet<'h>> {
        self.changes(path)
            .map(|e| {
                let c = &self.history.commits[e.commit];
                StateSet {
                    state: self.state(&e.path, &e.to),
                    raw: e.to.clone(),
                    at: self.commit_moment(e.commit),
                    trailers: &c.trailers,
                }
            })
            .collect()
    }

    /// The events of the document that are steps: a status changed, or the
    /// file added, renamed or deleted.
    fn changes(&self, path: &str) -> impl Iterator<Item = &'h Event> + '_ {
        self.event_indices(path)
            .into_iter()
            .filter(|i| self.is_step(*i))
            .map(|i| &self.history.events[i])
    }
}

/// Cycle time (first start to completion) and lead time (creation to
/// completion) of a work package, in seconds, from its steps. Only a work
/// package that is complete now has them; completion is the step that made
/// it complete, not a later rename or the upgrade of an unverified
/// completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Durations {
    pub cycle_time_seconds: Option<i64>,
    pub lead_time_seconds: Option<i64>,
}

pub fn durations(steps: &[Step]) -> Durations {
    let states: Vec<StepState> = steps.iter().map(StepState::of).collect();
    durations_of(&states)
}

/// One step as [`Timelines::step_states`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepState<'a> {
    pub change: ChangeKind,
    /// The canonical state the step set, as [`Step::to`].
    pub to: Option<&'a str>,
    /// As the step's moment's `time`.
    pub time: Option<i64>,
}

impl<'a> StepState<'a> {
    /// What [`durations_of`] reads of a whole step.
    pub fn of(step: &'a Step) -> StepState<'a> {
        StepState {
            change: step.change,
            to: step.to.as_deref(),
            time: step.at.time,
        }
    }
}

/// [`durations`] from [`Timelines::step_states`].
pub fn durations_of(steps: &[StepState<'_>]) -> Durations {
    let complete = State::Complete.as_str();
    let started = State::InProgress.as_str();
    let Some(done) = steps
        .iter()
        .rev()
        .take_while(|s| s.to == Some(complete))
        .last()
        .and_then(|s| s.time)
    else {
        return Durations::default();
    };
    let start = steps
        .iter()
        .find(|s| s.to == Some(started))
        .and_then(|s| s.time);
    let created = steps
        .first()
        .filter(|s| s.change == ChangeKind::Added)
        .and_then(|s| s.time);
    Durations {
        cycle_time_seconds: start.filter(|t| *t <= done).map(|t| done - t),
        lead_time_seconds: created.filter(|t| *t <= done).map(|t| done - t),
    }
}

/// `3d 4h`, `5h 2m`, `40s`: a duration for people.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// Lifecycle of the document at `path`, if any.
pub fn lifecycle_at(path: &str, patterns: &Patterns) -> Option<Lifecycle> {
    lifecycle_of(crate::tree::classify::classify(path, patterns).kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        // Out of chrono's range: the number, never a panic.
        assert_eq!(rfc3339(i64::MAX), i64::MAX.to_string());
    }

    #[test]
    fn an_initiative_has_its_folder_and_the_past_of_its_documents() {
        let commit = |id: &str| CommitInfo {
            id: id.to_string(),
            time: 0,
            author: "a".to_string(),
            email: "a@b".to_string(),
            trailers: Vec::new(),
            boundary: false,
        };
        let event = |commit: usize, path: &str, previous: Option<&str>, change| Event {
            commit,
            path: path.to_string(),
            previous_path: previous.map(str::to_string),
            change,
            from: None,
            to: None,
            statements: Vec::new(),
        };
        let x = "artifacts/planning/2026-01-01-x";
        let history = History {
            tip: None,
            commits: vec![commit("c0"), commit("c1"), commit("c2")],
            events: vec![
                event(0, &format!("{x}/a.md"), None, ChangeKind::Added),
                event(0, "notes/b.md", None, ChangeKind::Added),
                event(
                    1,
                    &format!("{x}/b.md"),
                    Some("notes/b.md"),
                    ChangeKind::Renamed,
                ),
                event(
                    1,
                    "artifacts/planning/2026-01-01-y/c.md",
                    None,
                    ChangeKind::Added,
                ),
                event(
                    2,
                    "artifacts/planning/2026-01-01-y/d.md",
                    Some(&format!("{x}/d.md")),
                    ChangeKind::Renamed,
                ),
            ],
            shallow: false,
            unread: Default::default(),
            walked_changes: 0,
        };
        let (patterns, synonyms) = (Patterns::default(), Synonyms::default());
        let timelines = Timelines::new(&history, &patterns, &synonyms);
        let b = format!("{x}/b.md");
        let steps = timelines.initiative_steps("2026-01-01-x", [b.as_str()]);
        let paths: Vec<&str> = steps.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                format!("{x}/a.md").as_str(),
                "notes/b.md",
                b.as_str(),
                "artifacts/planning/2026-01-01-y/d.md",
            ]
        );
    }

    #[test]
    fn the_log_lists_lifecycle_documents_and_an_initiative_once_a_commit() {
        let commit = |id: &str| CommitInfo {
            id: id.to_string(),
            time: 0,
            author: "a".to_string(),
            email: "a@b".to_string(),
            trailers: Vec::new(),
            boundary: false,
        };
        let event =
            |commit: usize, path: &str, change, from: Option<&str>, to: Option<&str>| Event {
                commit,
                path: format!("artifacts/planning/2026-01-01-x/{path}"),
                previous_path: None,
                change,
                from: from.map(str::to_string),
                to: to.map(str::to_string),
                statements: Vec::new(),
            };
        use ChangeKind::{Added, Modified};
        let history = History {
            tip: None,
            commits: vec![commit("c0"), commit("c1"), commit("c2")],
            events: vec![
                event(0, "README.md", Added, None, Some("Scope Assessment")),
                event(0, "START-HERE.md", Added, None, Some("Scope Assessment")),
                event(0, "notes.md", Added, None, None),
                event(0, "01-a-plan.md", Added, None, Some("Draft")),
                event(1, "02-ANALYSIS.md", Added, None, None),
                event(1, "01-test-plan.md", Added, None, None),
                event(1, "01-a-COMPLETE.md", Added, None, None),
                // Only README.md's status changes: that is the entry.
                event(
                    2,
                    "README.md",
                    Modified,
                    Some("Scope Assessment"),
                    Some("Implementation"),
                ),
                event(
                    2,
                    "START-HERE.md",
                    Modified,
                    Some("Scope Assessment"),
                    Some("Scope Assessment"),
                ),
                // Created elsewhere, then moved into an initiative folder:
                // the initiative's from the start.
                Event {
                    commit: 0,
                    path: "specs/y/README.md".to_string(),
                    previous_path: None,
                    change: Added,
                    from: None,
                    to: None,
                    statements: Vec::new(),
                },
                Event {
                    commit: 2,
                    path: "artifacts/planning/2026-01-01-y/README.md".to_string(),
                    previous_path: Some("specs/y/README.md".to_string()),
                    change: ChangeKind::Renamed,
                    from: None,
                    to: None,
                    statements: Vec::new(),
                },
            ],
            shallow: false,
            unread: Default::default(),
            walked_changes: 0,
        };
        let (patterns, synonyms) = (Patterns::default(), Synonyms::default());
        let timelines = Timelines::new(&history, &patterns, &synonyms);
        let steps: Vec<Step> = history.events.iter().map(|e| timelines.step(e)).collect();
        let entries = timelines.log_entries(steps.clone(), false);
        let seen: Vec<(&str, &str, Option<&str>)> = entries
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.path.rsplit('/').next().unwrap_or(""),
                    s.to.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("2026-01-01-x", "START-HERE.md", Some("scope-assessment")),
                ("2026-01-01-x/01", "01-a-plan.md", Some("draft")),
                ("2026-01-01-x", "README.md", Some("implementation")),
                ("2026-01-01-y", "README.md", None),
                ("2026-01-01-y", "README.md", None),
            ]
        );
        assert_eq!(
            timelines.log_entries(steps, true).len(),
            history.events.len()
        );
    }

    /// What [`Timelines::step_states`] gives is what the steps say, and
    /// the durations from it are the steps' durations: a work package
    /// created, started, blocked, completed (in a synonym's spelling),
    /// renamed and completed again, with a commit before a shallow
    /// boundary.
    #[test]
    fn step_states_are_the_steps_without_the_rest() {
        let commit = |id: &str, time: i64, boundary: bool| CommitInfo {
            id: id.to_string(),
            time,
            author: "a".to_string(),
            email: "a@b".to_string(),
            trailers: Vec::new(),
            boundary,
        };
        let x = "artifacts/planning/2026-01-01-x";
        let (a, b) = (format!("{x}/01-a-plan.md"), format!("{x}/01-b-plan.md"));
        let event = |commit: usize,
                     path: &str,
                     previous: Option<&str>,
                     change,
                     from: Option<&str>,
                     to: Option<&str>| Event {
            commit,
            path: path.to_string(),
            previous_path: previous.map(str::to_string),
            change,
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            statements: Vec::new(),
        };
        let (ready, going, stuck, done, odd) = (
            Some("Ready"),
            Some("In Progress"),
            Some("Blocked"),
            Some("Done"),
            Some("Bogus"),
        );
        let histories = [false, true].map(|shallow| History {
            tip: None,
            commits: vec![
                commit("c0", 100, shallow),
                commit("c1", 200, false),
                commit("c2", 300, false),
                commit("c3", 400, false),
                commit("c4", 500, false),
                commit("c5", 600, false),
                commit("c6", 700, false),
            ],
            events: vec![
                event(0, &a, None, ChangeKind::Added, None, ready),
                event(1, &a, None, ChangeKind::Modified, ready, going),
                event(2, &a, None, ChangeKind::Modified, going, going),
                event(3, &a, None, ChangeKind::Modified, going, stuck),
                event(4, &a, None, ChangeKind::Modified, stuck, done),
                event(5, &b, Some(&a), ChangeKind::Renamed, done, odd),
                event(6, &b, None, ChangeKind::Modified, odd, done),
            ],
            shallow,
            unread: Default::default(),
            walked_changes: 0,
        });
        let (patterns, synonyms) = (Patterns::default(), Synonyms::default());
        for history in &histories {
            let timelines = Timelines::new(history, &patterns, &synonyms);
            for path in [&a, &b] {
                let steps = timelines.steps(path);
                let states = timelines.step_states(path);
                let from_steps: Vec<StepState> = steps.iter().map(StepState::of).collect();
                assert_eq!(states, from_steps, "{path}");
                assert_eq!(durations_of(&states), durations(&steps), "{path}");
            }
            assert!(durations_of(&timelines.step_states(&b))
                .cycle_time_seconds
                .is_some());
        }
    }
}

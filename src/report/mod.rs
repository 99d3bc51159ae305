//! What `status` and `show` report, as data: serialisable models built from
//! the plan tree. The `--json` output is these structures with
//! `"version": 2`; the human output is rendered from the same values.

pub mod branches;
pub mod diff;
pub mod filter;
pub mod graph;
pub mod html;
pub mod next;
pub mod progress;
pub mod svg;

use std::collections::BTreeMap;

use serde::Serialize;

pub use crate::document::summary::Placeholder as PlaceholderView;
pub use crate::document::summary::Progress;
use crate::document::summary::StatusLine;
use crate::document::{Document, Field, FieldOrigin};
use crate::history::precedence::Changed;
use crate::history::timeline::{Moment, Timelines};
use crate::model::diagnostic::Diagnostic;
use crate::model::fields::{Effort, Priority};
use crate::model::kind::DocKind;
use crate::model::status::Status;
use crate::tree::plan_tree::{
    DocIndex, Initiative, InitiativeIndex, PlanDoc, PlanTree, StatusSource,
};

/// History to enrich a report with, and the current time (injected, never
/// read by the library).
pub struct HistoryContext<'a> {
    pub timelines: &'a Timelines<'a>,
    pub now: i64,
}

/// Version of the JSON output; bumped only on incompatible changes
/// (`docs/json/README.md` says what each version changed).
pub const JSON_VERSION: u32 = 2;

/// Where a value is written: the file (from the engineering root) and the
/// line, 1-based. The same object wherever a place is reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// The id of ADR number `n`: `adr-0002`, as `status`, `show` and the
/// supersession links name it.
pub fn adr_id(n: u32) -> String {
    format!("adr-{n:04}")
}

/// An ADR's title without the number it repeats (`3. Use X`,
/// `ADR-0003: Use X`, `0003 - Use X` for ADR 3): every view shows the
/// number on its own.
pub fn bare_title(title: &str, number: Option<u32>) -> &str {
    let Some(n) = number else { return title };
    let rest = title.trim_start();
    let rest = rest
        .strip_prefix("ADR")
        .or_else(|| rest.strip_prefix("adr"))
        .unwrap_or(rest)
        .trim_start_matches(['-', '_', ' ']);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || rest[..digits].parse::<u32>().ok() != Some(n) {
        return title;
    }
    let after = rest[digits..].trim_start_matches(['.', ':', ')', '-', '–', '—', ' ']);
    if after.is_empty() || after.len() == rest[digits..].len() {
        return title;
    }
    after
}

/// A status as reported: the canonical state (or `unknown`) and the text.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub state: String,
    pub raw: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// The ADR a `Superseded by` status names (`adr-0003`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// Where the value is written.
    pub at: Location,
    /// The commit that set this status; `null` when history was not read
    /// or the status is not committed yet.
    pub since: Option<Moment>,
    /// Seconds from `since` to now; `null` without a dated `since`.
    pub seconds_in_state: Option<i64>,
    /// For an initiative whose START-HERE.md or README.md does not give
    /// the status: where it comes from instead (`completion-record`,
    /// `folder-document`); `at` names that file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<StatusSource>,
}

impl StatusView {
    /// `status`, written at `line` of `doc`, set by `since`.
    fn at<D>(
        doc: &PlanDoc<D>,
        status: &Status,
        line: usize,
        since: Option<Moment>,
        history: Option<&HistoryContext<'_>>,
    ) -> StatusView {
        let seconds_in_state = since
            .as_ref()
            .and_then(|m| m.time)
            .zip(history.map(|h| h.now))
            .map(|(t, now)| now - t);
        StatusView {
            state: status
                .state
                .map_or("unknown".to_string(), |s| s.as_str().to_string()),
            raw: status.raw.clone(),
            verified: status.verified,
            superseded_by: status.superseded_by.map(adr_id),
            at: Location {
                path: doc.path.clone(),
                line,
            },
            since,
            seconds_in_state,
            derived: None,
        }
    }

    /// `status` as the document's first statement states it, since the
    /// last commit that set it.
    fn new<D>(
        doc: &PlanDoc<D>,
        status: &Status,
        history: Option<&HistoryContext<'_>>,
    ) -> StatusView {
        let line = doc.summary.status().map_or(1, |s| s.line);
        let since = history.and_then(|h| h.timelines.since(&doc.path, Some(status.raw.as_str())));
        StatusView::at(doc, status, line, since, history)
    }
}

/// The status each document of a report shows: its first statement's, or,
/// when its statements disagree and history was read, the statement
/// changed most recently (`history::precedence`).
struct Statuses<'a, D = Document> {
    tree: &'a PlanTree<D>,
    history: Option<&'a HistoryContext<'a>>,
    /// The documents whose statements disagree: the one that holds, and
    /// when it was set.
    chosen: std::collections::HashMap<DocIndex, (&'a StatusLine, Status, Changed)>,
}

impl<'a, D> Statuses<'a, D> {
    fn new(tree: &'a PlanTree<D>, history: Option<&'a HistoryContext<'a>>) -> Statuses<'a, D> {
        let mut chosen = std::collections::HashMap::new();
        // Without history (`show`, an unborn branch) nothing can tell which
        // statement is newer: every document shows its first, as read.
        if let Some(h) = history {
            for (i, d) in tree.indexed() {
                // Only a document with two statements can disagree.
                if d.summary.statements.len() < 2 {
                    continue;
                }
                if let Some(s) = h.timelines.shown_statement(tree, d) {
                    chosen.insert(i, (s.statement.line, s.statement.status, s.changed));
                }
            }
        }
        Statuses {
            tree,
            history,
            chosen,
        }
    }

    /// The status document `d` shows.
    fn status(&self, d: DocIndex) -> Option<&Status> {
        match self.chosen.get(&d) {
            Some((_, status, _)) => Some(status),
            None => self.tree.documents[d].status.as_ref(),
        }
    }

    fn view(&self, d: DocIndex) -> Option<StatusView> {
        let doc = &self.tree.documents[d];
        match self.chosen.get(&d) {
            Some((line, status, changed)) => {
                let since = self.history.and_then(|h| h.timelines.moment(*changed));
                Some(StatusView::at(doc, status, line.line, since, self.history))
            }
            None => doc
                .status
                .as_ref()
                .map(|s| StatusView::new(doc, s, self.history)),
        }
    }

    /// The document that gives an initiative's stated status: of
    /// START-HERE.md and README.md, the one whose status changed last when
    /// they disagree (START-HERE.md when the history cannot tell), else
    /// the one that states it.
    fn initiative_doc(&self, init: &Initiative) -> Option<DocIndex> {
        self.history
            .and_then(|h| h.timelines.initiative_status_doc(self.tree, init))
            .or(init.status_doc)
    }
}

/// The initiative's status as reported: stated in START-HERE.md or
/// README.md, or derived from another document of the folder.
fn initiative_status_view<D>(statuses: &Statuses<'_, D>, init: &Initiative) -> Option<StatusView> {
    let (tree, history) = (statuses.tree, statuses.history);
    if let Some(derived) = &init.derived {
        let doc = &tree.documents[derived.doc];
        let mut view = StatusView::new(doc, &derived.status, history);
        view.derived = Some(derived.source);
        // A completion record is complete since it was written; a document
        // whose history does not record this value, since it was created.
        if view.since.is_none() || derived.source == StatusSource::CompletionRecord {
            if let Some(h) = history {
                view.since = h.timelines.created(&doc.path);
                view.seconds_in_state = view.since.as_ref().and_then(|m| m.time).map(|t| h.now - t);
            }
        }
        return Some(view);
    }
    statuses.view(statuses.initiative_doc(init)?)
}

/// The files an initiative's status is looked for in that exist, when it
/// has none.
fn looked_in<D>(tree: &PlanTree<D>, init: &Initiative) -> Vec<String> {
    if init.status_doc.is_some() || init.derived.is_some() {
        return Vec::new();
    }
    init.docs
        .iter()
        .map(|d| &tree.documents[*d])
        .filter(|d| d.kind == DocKind::Initiative)
        .map(|d| d.file_name().to_string())
        .collect()
}

/// A checkpoint (or any status) an initiative reached, from history.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointView {
    pub state: Option<String>,
    pub raw: Option<String>,
    /// The commit that reached it.
    #[serde(rename = "reached")]
    pub at: Moment,
    /// From the commit's `Plan-Approved-By` trailer.
    pub approved_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DependencyView {
    /// As written in the plan.
    pub reference: String,
    /// The id it resolves to, `null` when it names nothing in the tree.
    pub id: Option<String>,
    /// That document's state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// The placeholder of the first of `views` whose key is one of `names`
/// (`document::EFFORT_KEYS`): why a value is missing.
pub fn placeholder_of<'a>(
    views: &'a [PlaceholderView],
    names: &[&str],
) -> Option<&'a PlaceholderView> {
    views.iter().find(|p| names.contains(&p.name.as_str()))
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkPackageView {
    pub id: String,
    pub kind: DocKind,
    pub number: Option<String>,
    pub title: String,
    pub path: String,
    pub status: Option<StatusView>,
    /// `null` when none is written, or the field holds only the
    /// template's placeholder (then it is in `placeholders`).
    pub priority: Option<Priority>,
    /// `null` when not estimated: no effort field, or one that holds only
    /// the template's `X-Yh agentic + Zh review`.
    pub effort: Option<Effort>,
    /// The fields that still hold a template's placeholder instead of a value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<PlaceholderView>,
    pub depends_on: Vec<DependencyView>,
    pub checklist: Progress,
    /// Ticked items under Success Criteria, `null` when there is no such section.
    pub success_criteria: Option<Progress>,
    pub has_rollback_plan: bool,
    /// The commit that created the file (following renames), when history was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Moment>,
    /// `status --branches`: this document's state on each other branch
    /// where it differs from here (merged, stale and excluded branches left
    /// out). Absent when none differs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<branches::BranchStateView>,
    /// `status --branches`: the state furthest along the lifecycle, and the
    /// branch holding it, when a branch's is further along than here's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furthest: Option<branches::FurthestView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativeView {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub path: String,
    pub status: Option<StatusView>,
    /// When there is no status: the files of the folder that were read for
    /// one (START-HERE.md, README.md), those that exist.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub looked_in: Vec<String>,
    pub work_packages: Vec<WorkPackageView>,
    /// Documents in the folder by kind.
    pub documents: BTreeMap<DocKind, usize>,
    /// When the folder's first document was committed, when history was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Moment>,
    /// Every status the initiative's status document went through, oldest
    /// first, when history was read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checkpoints: Vec<CheckpointView>,
    /// `status --branches`: this document's state on each other branch
    /// where it differs from here (merged, stale and excluded branches left
    /// out). Absent when none differs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<branches::BranchStateView>,
    /// `status --branches`: the state furthest along the lifecycle, and the
    /// branch holding it, when a branch's is further along than here's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furthest: Option<branches::FurthestView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AdrView {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub path: String,
    pub status: Option<StatusView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Moment>,
    /// The `Date` the record gives, as written (`null` without one).
    pub date: Option<String>,
    /// The records this one supersedes (`adr-0003`): those its Supersedes
    /// line names, and those whose status says superseded by this one.
    pub supersedes: Vec<String>,
    /// The records that supersede this one: the one its status names, and
    /// those whose Supersedes line names this one.
    pub superseded_by: Vec<String>,
    /// `status --branches`: this document's state on each other branch
    /// where it differs from here (merged, stale and excluded branches left
    /// out). Absent when none differs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<branches::BranchStateView>,
    /// `status --branches`: the state furthest along the lifecycle, and the
    /// branch holding it, when a branch's is further along than here's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furthest: Option<branches::FurthestView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AdrSummary {
    /// Every ADR of the scope: of the tree for the whole tree and for one
    /// initiative (whose report lists none in `items`), the one for an ADR.
    pub total: usize,
    /// Count per state, `unknown` and `missing` included.
    pub by_status: BTreeMap<String, usize>,
    pub items: Vec<AdrView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub version: u32,
    /// The engineering root relative to the top of the work tree (`.` for the top).
    pub root: String,
    pub initiatives: Vec<InitiativeView>,
    pub adrs: AdrSummary,
    pub diagnostics: Vec<Diagnostic>,
    /// The revision reported (`--at`), `null` for the work tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// History was read from a shallow clone: dates before its boundary are unknown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shallow: bool,
    /// The filters applied (`status --state ...`): then only the documents
    /// that match are listed, and `adrs` counts only the ADRs listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<filter::Filters>,
    /// Objects history needed that a partial clone lacks and could not
    /// fetch (`--offline`, or no network): the dates they would tell are
    /// unknown. Absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub unread_objects: usize,
    /// `status --branches`: the branches read and why some were not
    /// counted, and the documents that exist only on a branch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branches: Option<branches::BranchesView>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Which part of the tree a status report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Initiative(InitiativeIndex),
    Document(DocIndex),
}

/// The roadmap of `tree`, parsed or summarised: it reads only summaries.
pub fn status_report<D>(
    tree: &PlanTree<D>,
    root: &str,
    scope: Scope,
    history: Option<&HistoryContext<'_>>,
) -> StatusReport {
    let statuses = Statuses::new(tree, history);
    // When each document was created, asked of the history once per
    // document (an initiative's creation is its earliest document's).
    let mut created_memo: Vec<Option<Option<Moment>>> = vec![None; tree.documents.len()];
    let mut created = |d: DocIndex| -> Option<Moment> {
        let h = history?;
        created_memo[d.position()]
            .get_or_insert_with(|| h.timelines.created(&tree.documents[d].path))
            .clone()
    };
    let mut initiatives = Vec::new();
    for (i, init) in tree.indexed_initiatives() {
        let wanted = match scope {
            Scope::All => true,
            Scope::Initiative(x) => x == i,
            Scope::Document(d) => {
                tree.documents[d].initiative.as_deref() == Some(init.folder.as_str())
            }
        };
        if !wanted {
            continue;
        }
        let status_doc = statuses.initiative_doc(init).map(|d| &tree.documents[d]);
        let mut work_packages: Vec<WorkPackageView> = tree
            .work_packages(init)
            .filter(|(d, _)| !matches!(scope, Scope::Document(x) if x != *d))
            .map(|(d, _)| work_package_view(&statuses, d, created(d)))
            .collect();
        work_packages.sort_by(|a, b| a.number.cmp(&b.number).then(a.path.cmp(&b.path)));
        let mut documents = BTreeMap::new();
        for d in &init.docs {
            *documents.entry(tree.documents[*d].kind).or_insert(0) += 1;
        }
        initiatives.push(InitiativeView {
            id: init.folder.clone(),
            title: init
                .entry_doc
                .or(init.status_doc)
                .map(|d| &tree.documents[d])
                .and_then(|d| d.summary.title.clone()),
            date: init.date.clone(),
            path: format!("{}/{}", crate::model::kind::PLANNING_DIR, init.folder),
            status: initiative_status_view(&statuses, init),
            looked_in: looked_in(tree, init),
            work_packages,
            documents,
            created: init
                .docs
                .iter()
                .filter_map(|d| created(*d))
                .min_by_key(|m| (m.time.is_some(), m.time)),
            checkpoints: match (history, status_doc) {
                (Some(h), Some(d)) => h
                    .timelines
                    .states_set(&d.path)
                    .into_iter()
                    .map(|set| CheckpointView {
                        approved_by: set
                            .trailers
                            .iter()
                            .find(|(k, _)| k == "Plan-Approved-By")
                            .map(|(_, v)| v.clone()),
                        state: set.state,
                        raw: set.raw,
                        at: set.at,
                    })
                    .collect(),
                _ => Vec::new(),
            },
            branches: Vec::new(),
            furthest: None,
        });
    }
    let mut by_status = BTreeMap::new();
    let mut items = Vec::new();
    let links = AdrLinks::new(&statuses);
    for (i, adr) in tree.adrs() {
        // An initiative's report lists none of the ADRs but counts them
        // all, so that its `total` never says 0 beside existing records.
        let (listed, counted) = match scope {
            Scope::All => (true, true),
            Scope::Initiative(_) => (false, true),
            Scope::Document(d) => (d == i, d == i),
        };
        if !counted {
            continue;
        }
        let state = statuses.status(i).map_or("missing".to_string(), |s| {
            s.describe()
                .split(' ')
                .next()
                .unwrap_or("unknown")
                .to_string()
        });
        *by_status.entry(state).or_insert(0) += 1;
        if !listed {
            continue;
        }
        items.push(AdrView {
            id: adr.id(),
            number: adr.number.clone(),
            title: bare_title(&adr.title(), adr.number_value()).to_string(),
            path: adr.path.clone(),
            status: statuses.view(i),
            created: history.and_then(|h| h.timelines.created(&adr.path)),
            date: adr.summary.date.clone(),
            supersedes: links.supersedes(i),
            superseded_by: links.superseded_by(i),
            branches: Vec::new(),
            furthest: None,
        });
    }
    StatusReport {
        version: JSON_VERSION,
        root: if root.is_empty() {
            ".".to_string()
        } else {
            root.to_string()
        },
        initiatives,
        adrs: AdrSummary {
            total: by_status.values().sum(),
            by_status,
            items,
        },
        // The warnings about what was asked for: one document's, one
        // initiative's documents', or the whole tree's.
        diagnostics: tree
            .diagnostics
            .iter()
            .filter(|diag| match scope {
                Scope::All => true,
                Scope::Document(d) => tree.doc(d).is_some_and(|d| d.path == diag.path),
                Scope::Initiative(i) => {
                    let init = &tree.initiatives[i];
                    init.docs
                        .iter()
                        .any(|d| tree.documents[*d].path == diag.path)
                        || diag.path.starts_with(&format!(
                            "{}/{}/",
                            crate::model::kind::PLANNING_DIR,
                            init.folder
                        ))
                }
            })
            .cloned()
            .collect(),
        at: None,
        shallow: history.is_some_and(|h| h.timelines.history().shallow),
        filters: None,
        unread_objects: history.map_or(0, |h| h.timelines.history().unread.objects),
        branches: None,
    }
}

/// Per ADR: its number, the number its status says supersedes it, and the
/// numbers it says it supersedes: the supersession links both ways, within
/// one collection (a folder: numbers are unique there).
struct AdrLinks {
    adrs: Vec<AdrLink>,
}

struct AdrLink {
    doc: DocIndex,
    id: String,
    folder: String,
    number: Option<u32>,
    superseded_by: Option<u32>,
    supersedes: Vec<u32>,
}

impl AdrLinks {
    fn new<D>(statuses: &Statuses<'_, D>) -> AdrLinks {
        let adrs = statuses
            .tree
            .adrs()
            .map(|(i, d)| AdrLink {
                doc: i,
                id: d.id(),
                folder: d.folder().to_string(),
                number: d.number_value(),
                superseded_by: statuses
                    .status(i)
                    .filter(|s| s.state == Some(crate::model::lifecycle::State::Superseded))
                    .and_then(|s| s.superseded_by),
                supersedes: d.summary.supersedes.clone(),
            })
            .collect();
        AdrLinks { adrs }
    }

    /// The ids of the records `d` supersedes.
    fn supersedes(&self, d: DocIndex) -> Vec<String> {
        let Some(me) = self.adrs.iter().find(|a| a.doc == d) else {
            return Vec::new();
        };
        let mut numbers = me.supersedes.clone();
        if let Some(n) = me.number {
            numbers.extend(
                self.siblings(me)
                    .filter(|a| a.superseded_by == Some(n))
                    .filter_map(|a| a.number),
            );
        }
        self.ids(me, numbers)
    }

    /// The ids of the records that supersede `d`.
    fn superseded_by(&self, d: DocIndex) -> Vec<String> {
        let Some(me) = self.adrs.iter().find(|a| a.doc == d) else {
            return Vec::new();
        };
        let mut numbers: Vec<u32> = me.superseded_by.into_iter().collect();
        if let Some(n) = me.number {
            numbers.extend(
                self.siblings(me)
                    .filter(|a| a.supersedes.contains(&n))
                    .filter_map(|a| a.number),
            );
        }
        self.ids(me, numbers)
    }

    /// The ADRs of `me`'s collection.
    fn siblings<'a>(&'a self, me: &'a AdrLink) -> impl Iterator<Item = &'a AdrLink> {
        self.adrs.iter().filter(move |a| a.folder == me.folder)
    }

    /// The id of each number in `me`'s collection (`adr-0003` when no
    /// record there has it), in number order, each once.
    fn ids(&self, me: &AdrLink, mut numbers: Vec<u32>) -> Vec<String> {
        numbers.sort_unstable();
        numbers.dedup();
        numbers
            .into_iter()
            .map(|n| {
                self.siblings(me)
                    .find(|a| a.number == Some(n))
                    .map_or_else(|| adr_id(n), |a| a.id.clone())
            })
            .collect()
    }
}

fn work_package_view<D>(
    statuses: &Statuses<'_, D>,
    d: DocIndex,
    created: Option<Moment>,
) -> WorkPackageView {
    let doc = &statuses.tree.documents[d];
    WorkPackageView {
        id: doc.id(),
        kind: doc.kind,
        number: doc.number.clone(),
        title: doc.title(),
        path: doc.path.clone(),
        status: statuses.view(d),
        priority: doc.priority.clone(),
        effort: doc.effort.clone(),
        placeholders: doc.summary.placeholders.clone(),
        depends_on: dependency_views(statuses, doc),
        checklist: doc.summary.checklist,
        success_criteria: doc.summary.success_criteria,
        has_rollback_plan: doc.summary.has_rollback_plan,
        created,
        branches: Vec::new(),
        furthest: None,
    }
}

fn dependency_views<D>(statuses: &Statuses<'_, D>, doc: &PlanDoc<D>) -> Vec<DependencyView> {
    doc.summary
        .dependencies
        .iter()
        .map(|r| {
            let target = statuses.tree.resolve_dependency(doc, &r.reference);
            DependencyView {
                reference: r.reference.clone(),
                id: target.map(|i| statuses.tree.documents[i].id()),
                state: target
                    .and_then(|i| statuses.status(i))
                    .map(Status::describe),
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub level: u8,
    pub title: String,
    pub line: usize,
    pub checklist: Progress,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    pub checked: bool,
    pub text: String,
    pub line: usize,
    pub section: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    pub key: String,
    /// The value as written; `null` when it is a template's placeholder
    /// (then in `placeholder`).
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    pub line: usize,
    pub origin: FieldOrigin,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubtaskView {
    pub id: String,
    pub title: String,
    pub line: usize,
    pub depends_on: Vec<String>,
    pub fields: Vec<FieldView>,
}

/// One document in full.
#[derive(Debug, Clone, Serialize)]
pub struct ShowReport {
    pub version: u32,
    pub id: String,
    pub kind: DocKind,
    pub path: String,
    pub title: Option<String>,
    pub initiative: Option<String>,
    pub status: Option<StatusView>,
    /// `null` when none is written or it is a placeholder, as in `status`.
    pub priority: Option<Priority>,
    /// `null` when not estimated, as in `status`.
    pub effort: Option<Effort>,
    /// The fields that still hold a template's placeholder instead of a value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<PlaceholderView>,
    pub fields: Vec<FieldView>,
    pub depends_on: Vec<DependencyView>,
    pub sections: Vec<SectionView>,
    pub checklist: Vec<ChecklistView>,
    /// Ticked items of the whole checklist, as `status` counts them.
    pub checklist_progress: Progress,
    /// Ticked items under Success Criteria, `null` when there is no such
    /// section, as `status` counts them.
    pub success_criteria: Option<Progress>,
    pub subtasks: Vec<SubtaskView>,
    /// For an initiative: every document in its folder, by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

fn field_view(doc: &Document, f: &Field) -> FieldView {
    let placeholder = doc.holds_placeholder(f);
    FieldView {
        key: f.key.clone(),
        value: (!placeholder).then(|| f.value.clone()),
        placeholder: placeholder.then(|| f.value.trim().to_string()),
        line: f.span.line,
        origin: f.origin,
    }
}

/// The `show` view of `d`, a document of `tree` (which gives its
/// dependencies and diagnostics); `members` lists an initiative's documents.
pub fn show_report(
    tree: &PlanTree,
    d: &PlanDoc,
    members: Vec<String>,
    history: Option<&HistoryContext<'_>>,
) -> ShowReport {
    let heading_title = |h: Option<usize>| h.map(|h| d.doc.headings[h].text.clone());
    // The status `status` shows: with history, the statement changed last
    // when the document's statements disagree.
    let statuses = Statuses::new(tree, history);
    let status = tree
        .indexed()
        .find(|(_, x)| std::ptr::eq(*x, d))
        .and_then(|(i, _)| statuses.view(i))
        .or_else(|| d.status.as_ref().map(|s| StatusView::new(d, s, history)));
    ShowReport {
        version: JSON_VERSION,
        id: d.id(),
        kind: d.kind,
        path: d.path.clone(),
        title: d.summary.title.clone(),
        initiative: d.initiative.clone(),
        status,
        priority: d.priority.clone(),
        effort: d.effort.clone(),
        placeholders: d.summary.placeholders.clone(),
        fields: d.doc.fields.iter().map(|f| field_view(&d.doc, f)).collect(),
        depends_on: dependency_views(&statuses, d),
        sections: d
            .doc
            .headings
            .iter()
            .enumerate()
            .map(|(i, h)| SectionView {
                level: h.level,
                title: h.text.clone(),
                line: h.span.line,
                checklist: Progress::of(d.doc.checklist_in(i)),
            })
            .collect(),
        checklist: d
            .doc
            .checklist
            .iter()
            .map(|c| ChecklistView {
                checked: c.checked,
                text: c.text.clone(),
                line: c.marker.line,
                section: heading_title(c.heading),
            })
            .collect(),
        checklist_progress: d.summary.checklist,
        success_criteria: d.summary.success_criteria,
        subtasks: d
            .doc
            .subtasks
            .iter()
            .map(|s| SubtaskView {
                id: s.id.clone(),
                title: s.title.clone(),
                line: d.doc.headings[s.heading].span.line,
                depends_on: s.depends_on.clone(),
                fields: s.fields.iter().map(|f| field_view(&d.doc, f)).collect(),
            })
            .collect(),
        documents: members,
        diagnostics: tree
            .diagnostics
            .iter()
            .filter(|x| x.path == d.path)
            .cloned()
            .collect(),
    }
}

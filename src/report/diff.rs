//! `git plan diff`: a semantic diff of the plans between two sides (a
//! commit and another, a commit and the work tree or the index), per
//! document: added, removed, renamed; status moves with every step the
//! commits made (from history, with their trailers) and whether the
//! lifecycle allows each; checkpoint approvals; checklist items; the
//! Success Criteria and Rollback Plan sections; risks row by row;
//! dependencies, priority, effort, supersession; and a word-level diff
//! of every prose section that changed (`similar`).
//!
//! Both sides are plan trees built by the one parser, statuses read by the
//! one reader; the steps come from history::walk through rules::range's
//! range history, so `diff`, `review` and the range rules see the same
//! moves.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::document::sections::{self, Content, Section, SectionNames};
use crate::document::Document;
use crate::history::snapshot;
use crate::history::timeline::{Moment, Timelines};
use crate::history::walk::{self as walk, History, HistoryError, RENAME_SIMILARITY};
use crate::model::lifecycle::{self, Lifecycle};
use crate::rules::range;
use crate::rules::source::{self, CheckError};
use crate::tree::listing::ReadError;
use crate::tree::plan_tree::{ParseCache, PlanDoc, PlanTree};
use crate::workspace::Workspace;

/// Which two sides to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffSpec {
    /// HEAD against the work tree.
    WorkTree,
    /// HEAD against the index.
    Staged,
    /// `A..B`, or `A...B` from their merge base.
    Range(String),
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("`{0}` is not a range: write A..B or A...B")]
    BadRange(String),
    #[error("the range `{0}` has no left side: write A..B or A...B")]
    EmptyLeft(String),
    #[error("cannot resolve `{rev}` in the range `{range}`")]
    Unresolved {
        rev: String,
        range: String,
        #[source]
        source: HistoryError,
    },
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Repo(#[from] crate::workspace::RepoError),
}

/// The semantic diff of two sides.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDiff {
    /// What the left side is (`HEAD`, a commit id, a merge base).
    pub from: String,
    /// What the right side is (a commit id, `work tree`, `index`).
    pub to: String,
    /// Commits of the range that changed the plans (0 for the work tree).
    pub commits: usize,
    pub documents: Vec<DocDiff>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Renamed,
    Modified,
}

impl Change {
    pub fn letter(self) -> char {
        match self {
            Change::Added => 'A',
            Change::Removed => 'D',
            Change::Renamed => 'R',
            Change::Modified => 'M',
        }
    }
}

/// One document's changes.
#[derive(Debug, Clone, Serialize)]
pub struct DocDiff {
    pub id: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    /// Relative to the engineering root (on the right side; the left for a
    /// removed document).
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_path: Option<String>,
    pub change: Change,
    /// For a rename: the share of lines in common, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusChange>,
    /// Every status move the commits of the range made, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<MoveStep>,
    /// Initiative checkpoints passed with an approval.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ItemChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<RiskChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies_added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies_removed: Vec<String>,
    /// Title, priority, effort, supersedes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// Word-level diffs of prose sections that changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prose: Vec<ProseChange>,
}

/// The status on each side, as written and as the lifecycle names it.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub from: Option<String>,
    pub to: Option<String>,
    pub from_raw: Option<String>,
    pub to_raw: Option<String>,
    /// Whether the lifecycle allows the move in one step (`None` when a
    /// side has no known state).
    pub legal: Option<bool>,
}

/// One move a commit made.
#[derive(Debug, Clone, Serialize)]
pub struct MoveStep {
    pub from: Option<String>,
    pub to: Option<String>,
    pub legal: Option<bool>,
    /// The commit that made the move (`moment` in JSON, as in `log`).
    #[serde(rename = "moment")]
    pub at: Moment,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#override: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Approval {
    /// The checkpoint passed (the state left).
    pub checkpoint: String,
    pub by: String,
    pub commit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionEvent {
    Added,
    Filled,
    Emptied,
    Removed,
}

/// A Success Criteria or Rollback Plan section appearing, being filled,
/// emptied (nothing or only placeholders left) or removed.
#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    pub section: &'static str,
    pub change: SectionEvent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemEvent {
    Added,
    Removed,
    Ticked,
    Unticked,
    Reworded,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    /// The heading of the section holding the item.
    pub section: String,
    pub change: ItemEvent,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_text: Option<String>,
    pub checked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskEvent {
    Added,
    Removed,
    Changed,
}

/// A risk (a row of the Risks table, or an item of its list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    pub risk: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// The whole row or item, as written.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    pub change: RiskEvent,
    pub risk: Risk,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Risk>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A word-level diff of one section's prose.
#[derive(Debug, Clone, Serialize)]
pub struct ProseChange {
    pub section: String,
    pub chunks: Vec<Chunk>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChunkTag {
    Equal,
    Delete,
    Insert,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chunk {
    pub tag: ChunkTag,
    pub text: String,
}

/// What a diff was computed from: the two trees, and for a range the
/// history of its commits (for `review`, which checks both ends and
/// applies the range rules without reading them again).
pub struct Sides {
    pub before: PlanTree,
    pub after: PlanTree,
    pub history: Option<History>,
    /// The parses of the committed files read for the sides, for the
    /// range rules to reuse (`rules::range::findings_cached`).
    pub parses: ParseCache,
}

/// Loads the two sides of `spec` and compares them.
pub fn load(ws: &Workspace, spec: &DiffSpec) -> Result<PlanDiff, DiffError> {
    load_sides(ws, spec).map(|(diff, _)| diff)
}

/// [`load`], keeping the sides.
pub fn load_sides(ws: &Workspace, spec: &DiffSpec) -> Result<(PlanDiff, Sides), DiffError> {
    let (repo, root) = ws.plan_repo()?;
    match spec {
        DiffSpec::WorkTree | DiffSpec::Staged => {
            let head = walk::resolve_rev(&repo, "HEAD")?;
            let before = PlanTree::build(
                snapshot::plan_entries(&repo, head, &root, &ws.config.patterns)?,
                &ws.config,
            );
            let (after, to) = match spec {
                DiffSpec::WorkTree => (PlanTree::read(ws)?, "work tree"),
                _ => {
                    let (entries, _) = snapshot::read_index(&repo, &root, &ws.config.patterns)?;
                    (PlanTree::build(entries, &ws.config), "index")
                }
            };
            let diff = compare(ws, &before, &after, None, "HEAD", to);
            Ok((
                diff,
                Sides {
                    before,
                    after,
                    history: None,
                    parses: ParseCache::default(),
                },
            ))
        }
        DiffSpec::Range(text) => {
            let (base, tip) = resolve_range(&repo, text)?;
            ws.require_root_at(&[base, tip])?;
            // The documents both ends share are parsed once.
            let mut parses = ParseCache::default();
            let before = snapshot::plan_tree_cached(&repo, base, &root, &ws.config, &mut parses)?;
            let after = snapshot::plan_tree_cached(&repo, tip, &root, &ws.config, &mut parses)?;
            let history = range::range_history(ws, base, tip)?;
            let mut diff = compare(
                ws,
                &before,
                &after,
                Some(&history),
                &base.to_string(),
                &tip.to_string(),
            );
            diff.commits = history.walked_changes;
            Ok((
                diff,
                Sides {
                    before,
                    after,
                    history: Some(history),
                    parses,
                },
            ))
        }
    }
}

/// The two ends of a range the user typed: `A..B` (A, B) or `A...B`
/// (their merge base, B); an empty right side is HEAD. An empty left side,
/// or a side that names no commit, is an error: never an empty range.
pub fn resolve_range(
    repo: &gix::Repository,
    text: &str,
) -> Result<(gix::ObjectId, gix::ObjectId), DiffError> {
    let (left, right) = match text.split_once("...").or_else(|| text.split_once("..")) {
        Some(sides) => sides,
        None => return Err(DiffError::BadRange(text.to_string())),
    };
    if left.trim().is_empty() {
        return Err(DiffError::EmptyLeft(text.to_string()));
    }
    for rev in [left, right].into_iter().filter(|r| !r.is_empty()) {
        walk::resolve_rev(repo, rev).map_err(|source| DiffError::Unresolved {
            rev: rev.to_string(),
            range: text.to_string(),
            source,
        })?;
    }
    Ok(source::range_ends(repo, text)?)
}

/// The diff of two trees; `history` (the commits between them) gives the
/// steps of each status move.
pub fn compare(
    ws: &Workspace,
    before: &PlanTree,
    after: &PlanTree,
    history: Option<&History>,
    from: &str,
    to: &str,
) -> PlanDiff {
    let old: BTreeMap<&str, &PlanDoc> = before
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d))
        .collect();
    let new: BTreeMap<&str, &PlanDoc> = after
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d))
        .collect();
    let mut pairs: Vec<(Option<&PlanDoc>, Option<&PlanDoc>, Option<u32>)> = Vec::new();
    let mut removed: Vec<&PlanDoc> = Vec::new();
    let mut added: Vec<&PlanDoc> = Vec::new();
    for (path, d) in &old {
        match new.get(path) {
            Some(n) if n.doc.text != d.doc.text => pairs.push((Some(d), Some(n), None)),
            Some(_) => {}
            None => removed.push(d),
        }
    }
    for (path, d) in &new {
        if !old.contains_key(path) {
            added.push(d);
        }
    }
    // Renames: a removed and an added document this similar are one.
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    let added_lines: Vec<Vec<u64>> = added
        .iter()
        .map(|a| walk::line_hashes(&a.doc.text))
        .collect();
    for r in removed {
        let lines = walk::line_hashes(&r.doc.text);
        let best = added
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken.contains(i))
            .map(|(i, _)| (i, walk::similarity(&lines, &added_lines[i])))
            .filter(|(_, s)| *s >= RENAME_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, s)) => {
                taken.insert(i);
                pairs.push((Some(r), Some(added[i]), Some((s * 100.0).round() as u32)));
            }
            None => pairs.push((Some(r), None, None)),
        }
    }
    for (i, a) in added.iter().enumerate() {
        if !taken.contains(&i) {
            pairs.push((None, Some(a), None));
        }
    }
    let timelines = history.map(|h| Timelines::new(h, &ws.config.patterns, &ws.config.synonyms));
    let mut documents: Vec<DocDiff> = pairs
        .into_iter()
        .filter_map(|(b, a, similarity)| {
            doc_diff(b, a, similarity, timelines.as_ref(), &after.sections)
        })
        .collect();
    documents.sort_by(|a, b| (order(a.kind), &a.path).cmp(&(order(b.kind), &b.path)));
    PlanDiff {
        from: from.to_string(),
        to: to.to_string(),
        commits: 0,
        documents,
    }
}

/// Lifecycle order: initiatives, work packages, ADRs, then the rest.
fn order(kind: &str) -> usize {
    Lifecycle::ALL
        .iter()
        .position(|l| {
            crate::model::kind::DocKind::ALL
                .iter()
                .any(|k| k.as_str() == kind && crate::model::kind::lifecycle_of(*k) == Some(*l))
        })
        .unwrap_or(Lifecycle::ALL.len())
}

fn doc_diff(
    before: Option<&PlanDoc>,
    after: Option<&PlanDoc>,
    similarity: Option<u32>,
    timelines: Option<&Timelines<'_>>,
    names: &SectionNames,
) -> Option<DocDiff> {
    let main = after.or(before)?;
    let change = match (before, after) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        (Some(b), Some(a)) if b.path != a.path => Change::Renamed,
        _ => Change::Modified,
    };
    let lifecycle = main.lifecycle();
    let status = status_change(before, after, lifecycle);
    let steps = match (timelines, after) {
        (Some(t), Some(a)) => steps(t, &a.path, lifecycle),
        _ => Vec::new(),
    };
    let approvals = if lifecycle == Some(Lifecycle::Initiative) {
        steps
            .iter()
            .filter_map(|s| {
                Some(Approval {
                    checkpoint: s.from.clone()?,
                    by: s.approved_by.clone()?,
                    commit: s.at.commit.to_string(),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let both = before.is_some() && after.is_some();
    let empty = Document::parse_str("", String::new()).0;
    let b = before.map_or(&empty, |d| &d.doc);
    let a = after.map_or(&empty, |d| &d.doc);
    let deps = |d: &Document| -> BTreeSet<String> {
        d.dependencies().into_iter().map(|r| r.reference).collect()
    };
    let (db, da) = (deps(b), deps(a));
    let mut fields = Vec::new();
    let field = |name: &'static str, x: Option<String>, y: Option<String>| {
        (x != y).then_some(FieldChange {
            field: name,
            from: x,
            to: y,
        })
    };
    fields.extend(field(
        "priority",
        before
            .and_then(|d| d.priority.as_ref())
            .map(|p| p.raw.clone()),
        after
            .and_then(|d| d.priority.as_ref())
            .map(|p| p.raw.clone()),
    ));
    fields.extend(field(
        "effort",
        before
            .and_then(|d| d.effort.as_ref())
            .map(|p| p.raw.clone()),
        after.and_then(|d| d.effort.as_ref()).map(|p| p.raw.clone()),
    ));
    fields.extend(
        field("title", b.title.clone(), a.title.clone())
            .filter(|_| before.is_some() && after.is_some()),
    );
    let supersedes = |d: &Document| d.value(&["supersedes"]).map(|f| f.value.clone());
    fields.extend(field("supersedes", supersedes(b), supersedes(a)));
    Some(DocDiff {
        id: main.id(),
        kind: main.kind.as_str(),
        initiative: main.initiative.clone(),
        path: main.path.clone(),
        previous_path: (change == Change::Renamed)
            .then(|| before.map(|d| d.path.clone()))
            .flatten(),
        change,
        similarity,
        status,
        steps,
        approvals,
        sections: section_changes(names, b, a, before.is_some(), after.is_some()),
        // An added or removed document is shown whole by its status; its
        // items are not changes of their own.
        checklist: if both {
            checklist_changes(b, a)
        } else {
            Vec::new()
        },
        risks: if both { risk_changes(b, a) } else { Vec::new() },
        dependencies_added: if both {
            da.difference(&db).cloned().collect()
        } else {
            Vec::new()
        },
        dependencies_removed: if both {
            db.difference(&da).cloned().collect()
        } else {
            Vec::new()
        },
        fields: if both { fields } else { Vec::new() },
        prose: if both {
            prose_changes(b, a)
        } else {
            Vec::new()
        },
    })
}

fn status_change(
    before: Option<&PlanDoc>,
    after: Option<&PlanDoc>,
    lifecycle: Option<Lifecycle>,
) -> Option<StatusChange> {
    let lifecycle = lifecycle?;
    let b = before.and_then(|d| d.status.as_ref());
    let a = after.and_then(|d| d.status.as_ref());
    let name = |s: Option<&crate::model::status::Status>| {
        s.map(|s| s.state.map_or("unknown".to_string(), |st| st.to_string()))
    };
    let (from, to) = (name(b), name(a));
    if from == to && b.map(|s| &s.raw) == a.map(|s| &s.raw) {
        return None;
    }
    let legal = match (b.and_then(|s| s.state), a.and_then(|s| s.state)) {
        (Some(x), Some(y)) if x != y => Some(lifecycle::is_legal(lifecycle, x, y)),
        _ => None,
    };
    Some(StatusChange {
        from,
        to,
        from_raw: b.map(|s| s.raw.clone()),
        to_raw: a.map(|s| s.raw.clone()),
        legal,
    })
}

fn steps(t: &Timelines<'_>, path: &str, lifecycle: Option<Lifecycle>) -> Vec<MoveStep> {
    let trailer = |trailers: &[(String, String)], key: &str| {
        trailers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    t.events(path)
        .into_iter()
        .filter(|e| e.from.is_some() && e.to.is_some() && e.from != e.to)
        .map(|e| t.step(e))
        .map(|s| {
            let state = |name: &Option<String>| {
                lifecycle.and_then(|l| name.as_deref().and_then(|n| l.state_named(n)))
            };
            let legal = match (lifecycle, state(&s.from), state(&s.to)) {
                (Some(l), Some(x), Some(y)) if x != y => Some(lifecycle::is_legal(l, x, y)),
                _ => None,
            };
            MoveStep {
                legal,
                approved_by: trailer(&s.trailers, range::APPROVED_BY),
                reason: trailer(&s.trailers, "Plan-Reason"),
                r#override: trailer(&s.trailers, range::OVERRIDE),
                from: s.from,
                to: s.to,
                at: s.at,
            }
        })
        .collect()
}

fn section_changes(
    names: &SectionNames,
    b: &Document,
    a: &Document,
    had_before: bool,
    has_after: bool,
) -> Vec<SectionChange> {
    let mut out = Vec::new();
    for (section, label) in [
        (Section::SuccessCriteria, "Success Criteria"),
        (Section::RollbackPlan, "Rollback Plan"),
    ] {
        let written = |d: &Document| {
            names
                .find(section, d)
                .map(|(_, h)| sections::content(d.section_body(h)) == Content::Written)
        };
        let change = match (written(b), written(a)) {
            (None, Some(true)) if had_before => Some(SectionEvent::Added),
            (None, Some(false)) if had_before => Some(SectionEvent::Added),
            (Some(_), None) if has_after => Some(SectionEvent::Removed),
            (Some(true), Some(false)) => Some(SectionEvent::Emptied),
            (Some(false), Some(true)) => Some(SectionEvent::Filled),
            _ => None,
        };
        out.extend(change.map(|change| SectionChange {
            section: label,
            change,
        }));
    }
    out
}

/// The heading text of the section holding a checklist item.
fn item_section(d: &Document, heading: Option<usize>) -> String {
    heading
        .and_then(|h| d.headings.get(h))
        .map_or_else(String::new, |h| h.text.clone())
}

fn checklist_changes(b: &Document, a: &Document) -> Vec<ItemChange> {
    let items = |d: &Document| -> Vec<(String, String, bool)> {
        d.checklist
            .iter()
            .map(|c| {
                (
                    item_section(d, c.heading),
                    c.text.trim().to_string(),
                    c.checked,
                )
            })
            .collect()
    };
    let (old, new) = (items(b), items(a));
    let mut used_old = vec![false; old.len()];
    let mut used_new = vec![false; new.len()];
    let mut out = Vec::new();
    // Same text (in the same section first, then in any, as when a
    // heading is reworded): ticked, unticked or unchanged.
    for same_section in [true, false] {
        for (j, n) in new.iter().enumerate() {
            if used_new[j] {
                continue;
            }
            let found = (0..old.len())
                .find(|&i| !used_old[i] && old[i].1 == n.1 && (!same_section || old[i].0 == n.0));
            if let Some(i) = found {
                used_old[i] = true;
                used_new[j] = true;
                if old[i].2 != n.2 {
                    out.push(ItemChange {
                        section: n.0.clone(),
                        change: if n.2 {
                            ItemEvent::Ticked
                        } else {
                            ItemEvent::Unticked
                        },
                        text: n.1.clone(),
                        previous_text: None,
                        checked: n.2,
                    });
                }
            }
        }
    }
    let old_left: Vec<usize> = (0..old.len()).filter(|i| !used_old[*i]).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|j| !used_new[*j]).collect();
    for j in new_left {
        let n = &new[j];
        let similar_text =
            |i: usize| TextDiff::from_chars(old[i].1.as_str(), n.1.as_str()).ratio() >= 0.6;
        let found = old_left
            .iter()
            .find(|&&i| !used_old[i] && old[i].0 == n.0)
            .or_else(|| old_left.iter().find(|&&i| !used_old[i] && similar_text(i)));
        if let Some(&i) = found {
            used_old[i] = true;
            used_new[j] = true;
            out.push(ItemChange {
                section: n.0.clone(),
                change: ItemEvent::Reworded,
                text: n.1.clone(),
                previous_text: Some(old[i].1.clone()),
                checked: n.2,
            });
        }
    }
    for (_, n) in new.iter().enumerate().filter(|(j, _)| !used_new[*j]) {
        out.push(ItemChange {
            section: n.0.clone(),
            change: ItemEvent::Added,
            text: n.1.clone(),
            previous_text: None,
            checked: n.2,
        });
    }
    for (_, o) in old.iter().enumerate().filter(|(i, _)| !used_old[*i]) {
        out.push(ItemChange {
            section: o.0.clone(),
            change: ItemEvent::Removed,
            text: o.1.clone(),
            previous_text: None,
            checked: o.2,
        });
    }
    out
}

/// The names of risk sections (`## Risks`, `## Risks & Mitigation`).
const RISKS: &[&str] = &["risks", "risk", "risk assessment"];

/// The risks of a document: the rows of the Risks section's table (with
/// likelihood and impact when it has such columns), or its list items.
pub fn risks(d: &Document) -> Vec<Risk> {
    let Some((_, h)) = d.section(RISKS) else {
        return Vec::new();
    };
    let body = d.section_body(h);
    let cells = |line: &str| -> Vec<String> {
        line.trim()
            .trim_start_matches('|')
            .trim_end_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with('|') {
            let row = cells(t);
            if row
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')) && !c.is_empty())
            {
                continue; // the separator row
            }
            let Some(head) = &header else {
                header = Some(row.iter().map(|c| c.to_lowercase()).collect());
                continue;
            };
            let col = |names: &[&str]| {
                head.iter()
                    .position(|h| names.iter().any(|n| h.contains(n)))
                    .and_then(|i| row.get(i).cloned())
                    .filter(|c| !c.is_empty())
            };
            let name = head
                .iter()
                .position(|h| h.contains("risk"))
                .and_then(|i| row.get(i).cloned())
                .or_else(|| row.first().cloned())
                .unwrap_or_default();
            out.push(Risk {
                risk: name,
                likelihood: col(&["likelihood", "probability"]),
                impact: col(&["impact", "severity"]),
                text: t.to_string(),
            });
        } else {
            header = None;
            let item = t
                .strip_prefix("- ")
                .or_else(|| t.strip_prefix("* "))
                .filter(|i| !i.starts_with('['));
            if let Some(item) = item {
                let name = item
                    .split([':', '—'])
                    .next()
                    .unwrap_or(item)
                    .trim()
                    .trim_matches('*')
                    .trim()
                    .to_string();
                out.push(Risk {
                    risk: name,
                    likelihood: None,
                    impact: None,
                    text: t.to_string(),
                });
            }
        }
    }
    out
}

fn risk_changes(b: &Document, a: &Document) -> Vec<RiskChange> {
    let (old, new) = (risks(b), risks(a));
    let mut out = Vec::new();
    for n in &new {
        match old.iter().find(|o| o.risk == n.risk) {
            None => out.push(RiskChange {
                change: RiskEvent::Added,
                risk: n.clone(),
                previous: None,
            }),
            Some(o) if o.text != n.text => out.push(RiskChange {
                change: RiskEvent::Changed,
                risk: n.clone(),
                previous: Some(o.clone()),
            }),
            Some(_) => {}
        }
    }
    for o in &old {
        if !new.iter().any(|n| n.risk == o.risk) {
            out.push(RiskChange {
                change: RiskEvent::Removed,
                risk: o.clone(),
                previous: None,
            });
        }
    }
    out
}

/// Each section's own prose (the lines below its heading up to the next
/// heading), without the lines the structured parts report: status and
/// other metadata fields, checklist items, the risks section.
fn prose(d: &Document) -> Vec<(String, String)> {
    let skip: BTreeSet<usize> = d
        .fields
        .iter()
        .map(|f| f.span.line)
        .chain(d.checklist.iter().map(|c| c.marker.line))
        .collect();
    let risk = d.section(RISKS).map(|(i, _)| i);
    let lines: Vec<&str> = d.text.lines().collect();
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, h) in d.headings.iter().enumerate() {
        let nested_in_risk = risk.is_some_and(|r| {
            let rh = &d.headings[r];
            i == r || (h.span.start > rh.span.start && h.span.start < rh.section_end)
        });
        if nested_in_risk {
            continue;
        }
        let start = h.span.line; // 1-based line of the heading; body is after it
        let end = d
            .headings
            .get(i + 1)
            .map_or(lines.len() + 1, |n| n.span.line);
        let body: Vec<&str> = (start + 1..end)
            .filter(|l| !skip.contains(l))
            .filter_map(|l| lines.get(l - 1).copied())
            .collect();
        let n = seen.entry(h.name.clone()).or_insert(0);
        *n += 1;
        let key = if *n == 1 {
            h.text.clone()
        } else {
            format!("{} ({})", h.text, n)
        };
        out.push((key, body.join("\n").trim().to_string()));
    }
    out
}

fn prose_changes(b: &Document, a: &Document) -> Vec<ProseChange> {
    let old = prose(b);
    let mut out = Vec::new();
    for (section, text) in prose(a) {
        let Some((_, before)) = old.iter().find(|(s, _)| *s == section) else {
            continue;
        };
        if *before == text {
            continue;
        }
        out.push(ProseChange {
            section,
            chunks: word_diff(before, &text),
        });
    }
    out
}

/// A word-level diff (similar's word tokenizer), adjacent changes of one
/// kind merged.
pub fn word_diff(old: &str, new: &str) -> Vec<Chunk> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Chunk> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => ChunkTag::Equal,
            ChangeTag::Delete => ChunkTag::Delete,
            ChangeTag::Insert => ChunkTag::Insert,
        };
        match out.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(change.value()),
            _ => out.push(Chunk {
                tag,
                text: change.value().to_string(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse_str("a.md", text.to_string()).0
    }

    #[test]
    fn risks_are_read_row_by_row_with_likelihood_and_impact() {
        let d = doc("# T\n\n## Risks & Mitigation\n\n| Risk | Likelihood | Impact | Mitigation |\n|---|---|---|---|\n| Index rebuild slow | Medium | High | Build offline |\n| Disk full | Low | High | Alerts |\n");
        let r = risks(&d);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].risk, "Index rebuild slow");
        assert_eq!(r[0].likelihood.as_deref(), Some("Medium"));
        assert_eq!(r[1].impact.as_deref(), Some("High"));
        let d = doc("# T\n\n## Risks\n\n- **Cache stale**: serve old data\n- Disk full\n");
        let names: Vec<String> = risks(&d).into_iter().map(|r| r.risk).collect();
        assert_eq!(names, ["Cache stale", "Disk full"]);
    }

    #[test]
    fn checklist_items_ticked_reworded_added_removed() {
        let b = doc("# T\n\n## Success Criteria\n\n- [ ] one\n- [ ] two\n- [ ] three\n");
        let a = doc("# T\n\n## Success Criteria\n\n- [x] one\n- [ ] two, better\n- [ ] four\n\n## Tasks\n\n- [ ] five\n");
        let c = checklist_changes(&b, &a);
        let got: Vec<(ItemEvent, &str, Option<&str>)> = c
            .iter()
            .map(|c| (c.change, c.text.as_str(), c.previous_text.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (ItemEvent::Ticked, "one", None),
                (ItemEvent::Reworded, "two, better", Some("two")),
                (ItemEvent::Reworded, "four", Some("three")),
                (ItemEvent::Added, "five", None),
            ]
        );
    }

    #[test]
    fn words_diff_by_word() {
        let chunks = word_diff("roll back by hand", "roll back with a flag");
        let text: Vec<(ChunkTag, &str)> = chunks.iter().map(|c| (c.tag, c.text.as_str())).collect();
        assert_eq!(
            text,
            [
                (ChunkTag::Equal, "roll back "),
                (ChunkTag::Delete, "by"),
                (ChunkTag::Insert, "with a"),
                (ChunkTag::Equal, " "),
                (ChunkTag::Delete, "hand"),
                (ChunkTag::Insert, "flag"),
            ]
        );
    }
}

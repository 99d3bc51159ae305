//! The range rules: the status moves the commits of a range make, judged
//! as strictly as the CLI judges them (`illegal-transition`,
//! `guard-skipped`, `approval-missing`). A hand edit from draft straight to
//! complete is refused here as `git plan set complete` refuses it; the same
//! move made with `--force` carries a `Plan-Override` trailer and passes.
//!
//! Each move is one step of the history (history::walk, first parents from
//! the tip back to where the branch left the base), read with the one status
//! reader; the lifecycle's edges and guards come from model::lifecycle and
//! are judged on the tree at the commit that made the move (rules::guard),
//! so there is one lifecycle and one judgement of each guard.

use std::collections::{BTreeSet, HashMap};

use gix::{ObjectId, Repository};

use crate::history::snapshot;
use crate::history::walk::{self, ChangeKind, CommitInfo, History, HistoryError, HistoryQuery};
use crate::model::kind::lifecycle_of;
use crate::model::lifecycle::{self, Guard, Lifecycle, State};
use crate::model::rule::Level;
use crate::model::status::Status;
use crate::rules::guard;
use crate::rules::Finding;
use crate::tree::classify::classify;
use crate::tree::listing::Entry;
use crate::tree::plan_tree::{ParseCache, PlanDoc, PlanTree};
use crate::workspace::Workspace;

/// The trailer a forced move carries (write::message writes it).
pub const OVERRIDE: &str = "Plan-Override";
/// The trailer of an approval.
pub const APPROVED_BY: &str = "Plan-Approved-By";

/// One status move a commit of the range made.
#[derive(Debug, Clone)]
pub struct Move {
    /// Index into the range history's commits.
    pub commit: usize,
    pub path: String,
    pub lifecycle: Lifecycle,
    pub from: State,
    pub to: State,
    /// The status after the move, as the document states it.
    pub status: Status,
}

/// The plan history of the commits from `base` (exclusive) to `tip`:
/// the first-parent chain of `tip` back to the first commit that `base`
/// contains (the fork point, often `base` itself).
pub fn range_history(
    ws: &Workspace,
    base: ObjectId,
    tip: ObjectId,
) -> Result<History, HistoryError> {
    let (repo, root) = ws.plan_repo()?;
    let query = HistoryQuery {
        root: &root,
        patterns: &ws.config.patterns,
        full_history: false,
        fetch: crate::history::promisor::Fetch::Promisor,
    };
    let start = |stop: Option<ObjectId>| History {
        tip: stop.map(|s| s.to_string()),
        ..History::default()
    };
    // Most often `base` is on the tip's first-parent chain, and so the
    // fork point itself (no commit above it on the chain can be one of its
    // ancestors): one walk down to it reads the history. Else the walk of
    // `base..tip` finds the fork point first.
    if base != tip {
        if let Some(history) = walk::read_down_to(&repo, tip, base, &query, start(Some(base)))? {
            return Ok(history);
        }
    }
    let stop = fork_point(&repo, base, tip)?;
    if stop == Some(tip) {
        return Ok(start(stop));
    }
    walk::read(&repo, tip, &query, Some(start(stop)))
}

/// The plan history of `tip`'s whole first-parent chain, down to its root
/// commit: the range of a branch that shares nothing with the base it is
/// checked against (an orphan branch pushed for the first time).
pub fn root_history(ws: &Workspace, tip: ObjectId) -> Result<History, HistoryError> {
    let (repo, root) = ws.plan_repo()?;
    let query = HistoryQuery {
        root: &root,
        patterns: &ws.config.patterns,
        full_history: false,
        fetch: crate::history::promisor::Fetch::Promisor,
    };
    walk::read(&repo, tip, &query, None)
}

/// The findings of the range rules for every commit of `tip`'s first-parent
/// chain ([`root_history`]).
pub fn findings_from_root(ws: &Workspace, tip: ObjectId) -> Result<Vec<Finding>, HistoryError> {
    findings_in(ws, &root_history(ws, tip)?)
}

/// The first commit on `tip`'s first-parent chain that `base` contains:
/// walk the commits of `base..tip` once (gix's walk with `base` hidden),
/// keeping each one's first parent, then follow first parents from `tip`
/// while they are among them (no commit is read twice). `None` when the
/// chain never meets `base`'s history (unrelated histories).
fn fork_point(
    repo: &Repository,
    base: ObjectId,
    tip: ObjectId,
) -> Result<Option<ObjectId>, HistoryError> {
    if base == tip {
        return Ok(Some(tip));
    }
    let walk_error = |e: gix::Error| HistoryError::Walk {
        tip,
        source: Box::new(e),
    };
    // Each commit of the range and its first parent (`None`: a root).
    let mut in_range: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
    let walk = repo
        .rev_walk([tip])
        .with_hidden([base])
        .all()
        .map_err(walk_error)?;
    for info in walk {
        let info = info.map_err(walk_error)?;
        in_range.insert(info.id, info.parent_ids.first().copied());
    }
    let mut at = tip;
    while let Some(parent) = in_range.get(&at) {
        match parent {
            Some(parent) => at = *parent,
            None => return Ok(None),
        }
    }
    Ok(Some(at))
}

/// The status moves of a range history: every change of a document's
/// state between two known states of its lifecycle, oldest first.
pub fn moves(history: &History, ws: &Workspace) -> Vec<Move> {
    let synonyms = &ws.config.synonyms;
    history
        .events
        .iter()
        .filter(|e| matches!(e.change, ChangeKind::Modified | ChangeKind::Renamed))
        .filter_map(|e| {
            let lifecycle = lifecycle_of(classify(&e.path, &ws.config.patterns).kind)?;
            let before = synonyms.normalize(lifecycle, e.from.as_deref()?);
            let after = synonyms.normalize(lifecycle, e.to.as_deref()?);
            let (from, to) = (before.state?, after.state?);
            (from != to).then(|| Move {
                commit: e.commit,
                path: e.path.clone(),
                lifecycle,
                from,
                to,
                status: after,
            })
        })
        .collect()
}

/// The findings of the range rules for the commits from `base` to `tip`,
/// at the error level (the caller applies the configured severities).
pub fn findings(
    ws: &Workspace,
    base: ObjectId,
    tip: ObjectId,
) -> Result<Vec<Finding>, HistoryError> {
    findings_in(ws, &range_history(ws, base, tip)?)
}

/// The findings of the range rules for a range history read before (see
/// [`range_history`]).
pub fn findings_in(ws: &Workspace, history: &History) -> Result<Vec<Finding>, HistoryError> {
    findings_cached(ws, history, &mut ParseCache::default())
}

/// [`findings_in`] with the parses `cache` holds (those `diff` made of the
/// range's ends): the tree at each commit a dependency guard is judged on
/// re-reads only the file versions not parsed before.
pub fn findings_cached(
    ws: &Workspace,
    history: &History,
    cache: &mut ParseCache,
) -> Result<Vec<Finding>, HistoryError> {
    let (repo, root) = ws.plan_repo()?;
    let mut trees = snapshot::SummaryTrees::default();
    let mut out: Vec<Finding> = Vec::new();
    let mut approvals: BTreeSet<(usize, String)> = BTreeSet::new();
    for mv in moves(history, ws) {
        let commit = &history.commits[mv.commit];
        if !needs_judgement(&mv) {
            continue;
        }
        let Ok(id) = ObjectId::from_hex(commit.id.as_bytes()) else {
            continue;
        };
        if brought_by_merge(&repo, &root, ws, id, &mv)? {
            continue;
        }
        // The document alone answers every rule but a dependency guard,
        // which needs the statuses of the whole tree at that commit (its
        // summaries, read once per commit).
        let Some(bytes) = blob_at(&repo, &root, id, &mv.path)? else {
            continue;
        };
        let alone = PlanTree::build(
            vec![Entry::File {
                path: mv.path.clone(),
                bytes,
            }],
            &ws.config,
        );
        let Some(doc) = alone.documents.iter().find(|d| d.path == mv.path) else {
            continue;
        };
        let needs_tree = guards_of(&mv).contains(&Guard::DependenciesComplete)
            && !doc.doc.dependencies().is_empty();
        if !needs_tree {
            judge(&alone, doc, None, &mv, commit, &mut approvals, &mut out);
            continue;
        }
        // Moves come oldest first: each commit's tree is the one before,
        // patched where only document versions changed.
        let tree = trees.at(&repo, id, &root, &ws.config, cache)?;
        let Some(summary) = tree.documents.iter().find(|d| d.path == mv.path) else {
            continue;
        };
        judge(
            &alone,
            doc,
            Some((tree, summary)),
            &mv,
            commit,
            &mut approvals,
            &mut out,
        );
    }
    out.dedup();
    Ok(out)
}

/// The guards a move must meet: those of its target, and for a jump those
/// of every state it skips (draft -> complete skips ready and in-progress).
fn guards_of(mv: &Move) -> Vec<Guard> {
    let path = if lifecycle::is_legal(mv.lifecycle, mv.from, mv.to) {
        vec![mv.to]
    } else {
        lifecycle::shortest_path(mv.lifecycle, mv.from, mv.to).unwrap_or_else(|| vec![mv.to])
    };
    let mut out = Vec::new();
    for state in path {
        let verified = state != mv.to || mv.status.verified != Some(false);
        for g in lifecycle::guards(mv.lifecycle, state, verified) {
            if !out.contains(&g) {
                out.push(g);
            }
        }
    }
    out
}

/// The bytes of the file at `path` (under `root`) in `commit`, if any.
fn blob_at(
    repo: &Repository,
    root: &str,
    commit: ObjectId,
    path: &str,
) -> Result<Option<Vec<u8>>, HistoryError> {
    let full = if root.is_empty() {
        path.to_string()
    } else {
        format!("{root}/{path}")
    };
    let read = |e: gix::Error| HistoryError::ReadCommit {
        id: commit,
        source: Box::new(e),
    };
    let mut tree = repo
        .find_commit(commit)
        .map_err(read)?
        .tree()
        .map_err(read)?;
    let entry = tree
        .peel_to_entry_by_path(&full)
        .map_err(|e| HistoryError::FindPath {
            path: full.clone(),
            commit,
            source: Box::new(e),
        })?;
    let Some(entry) = entry.filter(|e| e.mode().is_blob()) else {
        return Ok(None);
    };
    let blob = entry.object().map_err(|e| HistoryError::ReadBlob {
        id: entry.object_id(),
        source: Box::new(e),
    })?;
    Ok(Some(blob.data.clone()))
}

/// Whether a move can break a range rule at all: one the lifecycle does not
/// allow, one into a guarded state, or an initiative passing a checkpoint.
/// The others need no tree read.
fn needs_judgement(mv: &Move) -> bool {
    let order = |s: State| mv.lifecycle.states().iter().position(|x| *x == s);
    !lifecycle::is_legal(mv.lifecycle, mv.from, mv.to)
        || !lifecycle::guards(mv.lifecycle, mv.to, mv.status.verified != Some(false)).is_empty()
        || (mv.lifecycle == Lifecycle::Initiative
            && order(mv.from) < order(mv.to)
            && lifecycle::checkpoint_number(mv.from).is_some())
}

/// A merge's move that one of its other parents already made (the merge
/// brings it in; it is not the merge's own move): the document's status
/// there, read with the one status reader, is the state moved to.
fn brought_by_merge(
    repo: &Repository,
    root: &str,
    ws: &Workspace,
    id: ObjectId,
    mv: &Move,
) -> Result<bool, HistoryError> {
    let commit = repo.find_commit(id).map_err(|e| HistoryError::ReadCommit {
        id,
        source: Box::new(e),
    })?;
    let others: Vec<ObjectId> = commit.parent_ids().skip(1).map(|p| p.detach()).collect();
    for other in others {
        let Some(bytes) = blob_at(repo, root, other, &mv.path)? else {
            continue;
        };
        let same = crate::document::status_of(&String::from_utf8_lossy(&bytes))
            .map(|raw| ws.config.synonyms.normalize(mv.lifecycle, &raw))
            .is_some_and(|s| s.state == Some(mv.to));
        if same {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The values of one trailer of a commit, split at commas.
fn trailer_values<'c>(commit: &'c CommitInfo, key: &str) -> Vec<&'c str> {
    commit
        .trailers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// The findings of one move of `doc` (judged on `tree`, the document
/// alone); `at_commit`, the summaries of the tree at the move's commit and
/// the document among them, answers the dependency guard when it is given.
fn judge(
    tree: &PlanTree,
    doc: &PlanDoc,
    at_commit: Option<(&PlanTree<()>, &PlanDoc<()>)>,
    mv: &Move,
    commit: &CommitInfo,
    approvals: &mut BTreeSet<(usize, String)>,
    out: &mut Vec<Finding>,
) {
    let short = &commit.id[..commit.id.len().min(7)];
    let by = if commit.author.is_empty() {
        String::new()
    } else {
        format!(" ({})", commit.author)
    };
    let overrides = trailer_values(commit, OVERRIDE);
    let (line, source) = doc
        .doc
        .field(crate::document::STATUS_KEYS)
        .map(|f| {
            let text = doc.doc.text.lines().nth(f.span.line.saturating_sub(1));
            (f.span.line, text.map(str::to_string))
        })
        .unwrap_or((1, None));
    let finding = |rule: &'static str, message: String, hint: &str| Finding {
        rule,
        level: Level::Error,
        path: doc.path.clone(),
        line,
        column: 1,
        message,
        hint: Some(hint.to_string()),
        source: source.clone(),
        related: Vec::new(),
    };
    let (from, to) = (mv.from, mv.to);
    let legal = lifecycle::is_legal(mv.lifecycle, from, to);
    if !legal && overrides.is_empty() {
        let allowed: Vec<&str> = lifecycle::next_states(mv.lifecycle, from)
            .iter()
            .map(|s| s.as_str())
            .collect();
        out.push(finding(
            "illegal-transition",
            format!(
                "commit {short}{by} moves {} from {from} to {to}, which the {} lifecycle does not allow (from {from}: {})",
                doc.id(),
                mv.lifecycle.as_str(),
                if allowed.is_empty() { "nowhere".to_string() } else { allowed.join(", ") }
            ),
            "make the move step by step with `git plan`, or record why in a `Plan-Override:` trailer",
        ));
    }
    // The guards of every state the move passes through (a jump skips the
    // guards of the states it leaves out).
    {
        for g in guards_of(mv) {
            if overrides.contains(&g.as_str()) {
                continue;
            }
            let failing = match at_commit {
                Some((summaries, summary)) if g == Guard::DependenciesComplete => {
                    guard::pending_dependencies(summaries, summary, &guard::references(doc))
                }
                _ => guard::failing(tree, doc, g),
            };
            if let Some(detail) = failing {
                out.push(finding(
                    "guard-skipped",
                    format!(
                        "commit {short}{by} moves {} from {from} to {to}, which `git plan` refuses: it cannot {}: {detail}",
                        doc.id(),
                        g.refused()
                    ),
                    "meet the guard first, or pass it with `--force` (a `Plan-Override:` trailer)",
                ));
            }
        }
    }
    let order = |s: State| mv.lifecycle.states().iter().position(|x| *x == s);
    let forward = order(from) < order(to);
    if mv.lifecycle == Lifecycle::Initiative
        && forward
        && lifecycle::checkpoint_number(from).is_some()
        && trailer_values(commit, APPROVED_BY).is_empty()
        && !overrides.contains(&"approval")
    {
        // An initiative's START-HERE.md and README.md move together: one
        // finding per initiative and commit.
        let key = doc.initiative.clone().unwrap_or_else(|| doc.path.clone());
        if approvals.insert((mv.commit, key)) {
            out.push(finding(
                "approval-missing",
                format!(
                    "commit {short}{by} passes the {} checkpoint of {} ({from} -> {to}) without a `Plan-Approved-By:` trailer",
                    from.label(),
                    doc.initiative.as_deref().unwrap_or(&doc.path),
                ),
                "pass checkpoints with `git plan approve ID --by NAME`",
            ));
        }
    }
}

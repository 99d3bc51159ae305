//! What `git plan check` and the hooks check: the documents of a source (the
//! work tree, the index, a revision, a range of commits) and which of them
//! changed, so that hook modes report only on what a commit or push changes.

use std::collections::BTreeSet;

use gix::ObjectId;

use crate::history::snapshot;
use crate::history::walk::{self as history, HistoryError};
use crate::model::rule::{rule, Level};
use crate::rules::{self, range, Report};
use crate::tree::classify::classify;
use crate::tree::listing::ReadError;
use crate::tree::plan_tree::PlanTree;
use crate::workspace::Workspace;

/// Where the documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The files as they are on disk.
    WorkTree,
    /// The blobs in the index: what `git commit` would record.
    Staged,
    /// The tree of a commit.
    Rev(String),
    /// `A..B` (the documents changed from A to B, as they are at B) or
    /// `A...B` (changed since the merge base of A and B).
    Range(String),
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Repo(#[from] crate::workspace::RepoError),
    #[error("`{0}` is not a range: write A..B or A...B")]
    BadRange(String),
    /// `A...B` when A and B share no commit (an orphan branch): as
    /// `git diff A...B` says, there is no merge base to start from.
    #[error("`{range}`: {left} and {right} have no merge base")]
    NoMergeBase {
        range: String,
        left: String,
        right: String,
    },
}

/// Loads `source` and applies the rules: to every document with `all` (and
/// for the work tree and a revision), else to the changed ones and the
/// whole-tree findings that involve them.
pub fn run(ws: &Workspace, source: &Source, all: bool) -> Result<Report, CheckError> {
    let (tree, changed) = load(ws, source)?;
    let scope = if all { None } else { changed.as_ref() };
    let mut report = rules::check(&tree, &ws.config.rules, scope);
    if let Source::Range(range) = source {
        let (repo, _) = ws.plan_repo()?;
        let (base, to) = range_ends(&repo, range)?;
        add_range_rules(ws, &mut report, base, to)?;
    }
    Ok(report)
}

/// Adds the range rules' findings (rules::range) for the commits from
/// `base` to `to`, at their configured severities.
pub fn add_range_rules(
    ws: &Workspace,
    report: &mut Report,
    base: ObjectId,
    to: ObjectId,
) -> Result<(), CheckError> {
    add_findings(ws, report, range::findings(ws, base, to)?);
    Ok(())
}

/// Adds range-rule findings to `report` at their configured severities,
/// each once.
pub fn add_findings(ws: &Workspace, report: &mut Report, findings: Vec<rules::Finding>) {
    for mut f in findings {
        if let Some(r) = rule(f.rule) {
            let kind = classify(&f.path, &ws.config.patterns).kind;
            f.level = ws.config.rules.level(r, Some(kind));
        }
        if f.level != Level::Off && !report.findings.contains(&f) {
            report.findings.push(f);
        }
    }
}

/// The two ends of `A..B` (A, B) or `A...B` (their merge base, B); an empty
/// side is HEAD. `A...B` with no merge base is an error, as in git; `A..B`
/// of unrelated histories compares A's tree with B's, and its range is
/// every commit of B's first-parent chain (what `git log A..B` lists).
pub fn range_ends(repo: &gix::Repository, range: &str) -> Result<(ObjectId, ObjectId), CheckError> {
    let (from, to, symmetric) = match range.split_once("...") {
        Some((a, b)) => (a, b, true),
        None => match range.split_once("..") {
            Some((a, b)) => (a, b, false),
            None => return Err(CheckError::BadRange(range.to_string())),
        },
    };
    let or_head = |s: &str| {
        if s.is_empty() {
            "HEAD".to_string()
        } else {
            s.to_string()
        }
    };
    let (left, right) = (or_head(from), or_head(to));
    let from = history::resolve_rev(repo, &left)?;
    let to = history::resolve_rev(repo, &right)?;
    let base = if symmetric {
        snapshot::merge_base(repo, from, to)?.ok_or_else(|| CheckError::NoMergeBase {
            range: range.to_string(),
            left,
            right,
        })?
    } else {
        from
    };
    Ok((base, to))
}

/// The documents of a source, and what changed (`None`: no notion of change).
pub fn load(
    ws: &Workspace,
    source: &Source,
) -> Result<(PlanTree, Option<BTreeSet<String>>), CheckError> {
    match source {
        Source::WorkTree => Ok((PlanTree::read(ws)?, None)),
        Source::Rev(rev) => Ok((snapshot::tree_at(ws, rev)?.0, None)),
        Source::Staged => {
            let (repo, root) = ws.plan_repo()?;
            let (entries, changed) = snapshot::read_index(&repo, &root, &ws.config.patterns)?;
            Ok((PlanTree::build(entries, &ws.config), Some(changed)))
        }
        Source::Range(range) => {
            let (repo, _) = ws.plan_repo()?;
            let (base, to) = range_ends(&repo, range)?;
            ws.require_root_at(&[base, to])?;
            range_at(ws, base, to).map(|(t, c)| (t, Some(c)))
        }
    }
}

/// The tree at `to` and the documents changed since `base`.
fn range_at(
    ws: &Workspace,
    base: ObjectId,
    to: ObjectId,
) -> Result<(PlanTree, BTreeSet<String>), CheckError> {
    let (repo, root) = ws.plan_repo()?;
    let entries = snapshot::plan_entries(&repo, to, &root, &ws.config.patterns)?;
    let changed = snapshot::changed_between(&repo, base, to, &root, &ws.config.patterns)?;
    Ok((PlanTree::build(entries, &ws.config), changed))
}

/// One ref line of a pre-push hook's standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedRef {
    pub local_ref: String,
    pub local: String,
    pub remote_ref: String,
    pub remote: String,
}

impl PushedRef {
    /// `<local ref> <local oid> <remote ref> <remote oid>`; SHA-1 or SHA-256.
    pub fn parse(line: &str) -> Option<PushedRef> {
        let mut parts = line.split_whitespace();
        let r = PushedRef {
            local_ref: parts.next()?.to_string(),
            local: parts.next()?.to_string(),
            remote_ref: parts.next()?.to_string(),
            remote: parts.next()?.to_string(),
        };
        let hex = |s: &str| matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit());
        (hex(&r.local) && hex(&r.remote)).then_some(r)
    }

    pub fn is_deletion(&self) -> bool {
        is_zero(&self.local)
    }

    pub fn is_new_branch(&self) -> bool {
        is_zero(&self.remote)
    }
}

fn is_zero(id: &str) -> bool {
    id.bytes().all(|b| b == b'0')
}

/// Checks one pushed ref: the documents changed since the remote's old tip
/// (for a new branch, since the merge base with the remote's `HEAD`, `main`
/// or `master`, the first that exists), as they are at the pushed commit; every
/// document, and the range rules over the whole branch, when the remote has
/// nothing in common with it.
pub fn check_push(
    ws: &Workspace,
    remote_name: &str,
    pushed: &PushedRef,
) -> Result<Report, CheckError> {
    let (repo, _) = ws.plan_repo()?;
    let local = history::resolve_rev(&repo, &pushed.local)?;
    Ok(match push_base(&repo, remote_name, pushed, local)? {
        Some(base) => {
            let (tree, changed) = range_at(ws, base, local)?;
            let mut report = rules::check(&tree, &ws.config.rules, Some(&changed));
            add_range_rules(ws, &mut report, base, local)?;
            report
        }
        None => {
            // Nothing in common with the remote (an orphan branch): every
            // document, and every commit of the branch's first-parent chain
            // for the range rules, as if the left side were empty.
            let (tree, _) = snapshot::tree_at(ws, &pushed.local)?;
            let mut report = rules::check(&tree, &ws.config.rules, None);
            add_findings(ws, &mut report, range::findings_from_root(ws, local)?);
            report
        }
    })
}

/// What a pushed ref is checked against: the remote's old tip, or for a new
/// branch a merge base with the remote; `None` when there is none.
fn push_base(
    repo: &gix::Repository,
    remote_name: &str,
    pushed: &PushedRef,
    local: ObjectId,
) -> Result<Option<ObjectId>, CheckError> {
    if !pushed.is_new_branch() {
        if let Ok(old) = history::resolve_rev(repo, &pushed.remote) {
            return Ok(Some(old));
        }
        // The remote tip is unknown here (someone else pushed): fall back.
    }
    let candidates = [
        format!("refs/remotes/{remote_name}/HEAD"),
        format!("refs/remotes/{remote_name}/main"),
        format!("refs/remotes/{remote_name}/master"),
    ];
    for name in candidates {
        if let Ok(tip) = history::resolve_rev(repo, &name) {
            if let Some(base) = snapshot::merge_base(repo, tip, local)? {
                return Ok(Some(base));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushed_ref_lines_sha1_and_sha256() {
        let sha1 = "a".repeat(40);
        let zero1 = "0".repeat(40);
        let r = PushedRef::parse(&format!("refs/heads/x {sha1} refs/heads/x {zero1}")).unwrap();
        assert!(r.is_new_branch() && !r.is_deletion());
        let sha256 = "b".repeat(64);
        let zero256 = "0".repeat(64);
        let r = PushedRef::parse(&format!("(delete) {zero256} refs/heads/y {sha256}")).unwrap();
        assert!(r.is_deletion());
        assert_eq!(r.remote, sha256);
        assert!(PushedRef::parse("refs/heads/x abc refs/heads/x def").is_none());
        assert!(PushedRef::parse("").is_none());
    }
}

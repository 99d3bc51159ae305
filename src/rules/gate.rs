//! What the hooks decide around the checks: whether git is replaying
//! commits that were checked before (so there is nothing to check), and one
//! report for all the refs a push sends.

use crate::history::snapshot;
use crate::history::walk as history;
use crate::rules::source::{self, CheckError, PushedRef};
use crate::rules::Report;
use crate::workspace::Workspace;

/// Git is replaying commits that were checked when first made: a rebase
/// (also one driven by `git am`), a cherry-pick or a revert. A merge is not
/// a replay: what it records is new.
pub fn replaying(repo: &gix::Repository) -> bool {
    use gix::state::InProgress::*;
    matches!(
        repo.state(),
        Some(
            Rebase
                | RebaseInteractive
                | ApplyMailboxRebase
                | CherryPick
                | CherryPickSequence
                | Revert
                | RevertSequence
        )
    )
}

/// Checks every pushed ref (see [`source::check_push`]) except deletions,
/// into one report: documents checked add up, a finding shared by several
/// refs is reported once.
pub fn check_pushes(
    ws: &Workspace,
    remote_name: &str,
    pushed: &[PushedRef],
) -> Result<Report, CheckError> {
    let mut combined = Report::default();
    for p in pushed.iter().filter(|p| !p.is_deletion()) {
        merge(&mut combined, source::check_push(ws, remote_name, p)?);
    }
    Ok(combined)
}

/// What a merge is about to record (the pre-merge-commit hook): the staged
/// documents that differ from HEAD, and the range rules over the commits
/// each merged head brings in (from its merge base with HEAD). Git names
/// the merged heads to the hook in `GITHEAD_<oid>` variables, which the
/// binary reads (`MERGE_HEAD` is written only after the hook).
pub fn check_merge(ws: &Workspace, merged: &[String]) -> Result<Report, CheckError> {
    let mut report = source::run(ws, &source::Source::Staged, false)?;
    let (repo, _) = ws.plan_repo()?;
    let Ok(head) = history::resolve_rev(&repo, "HEAD") else {
        return Ok(report);
    };
    for theirs in merged {
        let theirs = history::resolve_rev(&repo, theirs)?;
        let base = snapshot::merge_base(&repo, head, theirs)?.unwrap_or(head);
        source::add_range_rules(ws, &mut report, base, theirs)?;
    }
    Ok(report)
}

/// Adds `report` to `combined`, each finding once.
fn merge(combined: &mut Report, report: Report) {
    combined.checked += report.checked;
    for f in report.findings {
        if !combined.findings.contains(&f) {
            combined.findings.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rule::Level;
    use crate::rules::Finding;

    fn finding(path: &str) -> Finding {
        Finding {
            rule: "unknown-status",
            level: Level::Error,
            path: path.to_string(),
            line: 3,
            column: 1,
            message: "m".to_string(),
            hint: None,
            source: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn pushed_reports_merge_each_finding_once() {
        let mut combined = Report::default();
        let one = Report {
            findings: vec![finding("a.md"), finding("b.md")],
            checked: 2,
            ..Report::default()
        };
        let two = Report {
            findings: vec![finding("b.md"), finding("c.md")],
            checked: 3,
            ..Report::default()
        };
        merge(&mut combined, one);
        merge(&mut combined, two);
        assert_eq!(combined.checked, 5);
        let paths: Vec<&str> = combined.findings.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "b.md", "c.md"]);
    }

    #[test]
    fn rebases_cherry_picks_and_reverts_are_replays_merges_are_not() {
        let dir = crate::base::test_repo::git_init();
        let git = dir.path().join(".git");
        let open = || gix::open(dir.path()).unwrap();
        assert!(!replaying(&open()));
        std::fs::write(git.join("MERGE_HEAD"), "").unwrap();
        assert!(!replaying(&open()));
        std::fs::remove_file(git.join("MERGE_HEAD")).unwrap();
        for (marker, is_dir) in [
            ("rebase-merge", true),
            ("rebase-apply", true),
            ("CHERRY_PICK_HEAD", false),
            ("REVERT_HEAD", false),
        ] {
            let path = git.join(marker);
            if is_dir {
                std::fs::create_dir(&path).unwrap();
            } else {
                std::fs::write(&path, "").unwrap();
            }
            assert!(replaying(&open()), "{marker}");
            if is_dir {
                std::fs::remove_dir(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
}

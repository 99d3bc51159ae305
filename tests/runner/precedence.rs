//! A document that states its status in two places, and an initiative whose
//! START-HERE.md and README.md disagree: `status` shows the statement edited
//! most recently, as git history tells (an uncommitted edit is the most
//! recent of all), with its line and the commit that set it; with no
//! difference in history, the first statement, as without history.

use serde_json::Value;

use crate::common::{TestRepo, INITIATIVE};

const WP: &str = ".engineering/artifacts/planning/2026-01-02-x/01-one-plan.md";

/// A work package with a header status (line 3) and a closing one (line 15).
fn plan(header: &str, closing: &str) -> String {
    format!(
        "# Phase 01: One

**Status:** {header}

## Success Criteria

- [x] p99 latency under 50 ms

## Rollback Plan

Revert the merge commit.

---

**Status:** {closing}
"
    )
}

/// `git add -A && git commit` with both dates pinned to `date`; returns the
/// new commit's id.
fn commit_at(repo: &TestRepo, date: &str, message: &str) -> String {
    repo.git(&["add", "-A"]);
    let mut cmd = repo.command("git", repo.path());
    cmd.args(["commit", "-q", "-m", message])
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "commit failed: {}", run.stderr);
    repo.head()
}

/// The status object of `id` (an initiative or work package) in
/// `status --json`.
fn status_of(repo: &TestRepo, id: &str) -> Value {
    let json = repo.plan(&["status", "--json"]).ok().json();
    for init in json["initiatives"].as_array().unwrap() {
        if init["id"] == id {
            return init["status"].clone();
        }
        for wp in init["work_packages"].as_array().unwrap() {
            if wp["id"] == id {
                return wp["status"].clone();
            }
        }
    }
    panic!("{id} not in {json}")
}

/// (state, at, since's commit) of a status object.
fn shown(status: &Value) -> (String, String, Option<String>) {
    (
        status["state"].as_str().unwrap().to_string(),
        crate::common::at(&status["at"]),
        status["since"]["commit"].as_str().map(str::to_string),
    )
}

fn at(line: usize) -> String {
    format!("artifacts/planning/2026-01-02-x/01-one-plan.md:{line}")
}

#[test]
fn the_statement_edited_last_is_the_status_and_since_is_its_commit() {
    let repo = TestRepo::initialised();
    repo.write(WP, plan("Ready", "Ready"));
    let created = commit_at(&repo, "2026-01-05T10:00:00Z", "plan 01");
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x/01")),
        ("ready".to_string(), at(3), Some(created.clone()))
    );

    // The closing line edited later: it is the status, since its commit.
    repo.write(WP, plan("Ready", "In Progress"));
    let closing = commit_at(&repo, "2026-01-08T10:00:00Z", "start 01 at the bottom");
    let status = status_of(&repo, "2026-01-02-x/01");
    assert_eq!(
        shown(&status),
        ("in-progress".to_string(), at(15), Some(closing.clone()))
    );
    assert_eq!(status["raw"], "In Progress");
    assert_eq!(status["since"]["date"], "2026-01-08T10:00:00Z");
    let human = repo.plan(&["status"]).ok().stdout;
    assert!(
        human.contains("in-progress") && human.contains("since 2026-01-08 by Ada Author"),
        "{human}"
    );

    // Then the header edited after the closing line: the header holds.
    repo.write(WP, plan("Complete", "In Progress"));
    let header = commit_at(&repo, "2026-01-11T10:00:00Z", "01 done at the top");
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x/01")),
        ("complete".to_string(), at(3), Some(header))
    );

    // An edit not committed yet is the most recent of all.
    repo.write(WP, plan("Complete", "Blocked"));
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x/01")),
        ("blocked".to_string(), at(15), None)
    );
    let human = repo.plan(&["status"]).ok().stdout;
    assert!(human.contains("(not committed)"), "{human}");

    // `--at` a revision reads the history up to it, and its tree.
    let at_closing = repo
        .plan(&["status", "--at", &closing, "--json"])
        .ok()
        .json();
    let wp = &at_closing["initiatives"][0]["work_packages"][0]["status"];
    assert_eq!(
        shown(wp),
        ("in-progress".to_string(), at(15), Some(closing))
    );

    // `check` still names both lines.
    let check = repo.plan(&["check"]).ok().stdout;
    assert!(
        check.contains(
            "the status here is `Blocked` (blocked), but line 3 says `Complete` (complete)"
        ),
        "{check}"
    );
    // The history of the closing line is no step of `log`: the document's
    // status line (its first) went ready -> complete.
    let log = repo.plan(&["log", "2026-01-02-x/01", "--json"]).ok().json();
    let moves: Vec<(Value, Value)> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["from"].clone(), e["to"].clone()))
        .collect();
    assert_eq!(
        moves,
        [
            (Value::from("ready"), Value::from("complete")),
            (Value::Null, Value::from("ready")),
        ]
    );
}

#[test]
fn statements_written_in_the_same_commit_keep_the_reading_order() {
    let repo = TestRepo::initialised();
    // Created disagreeing: the header, the first statement, holds.
    repo.write(WP, plan("Ready", "Complete"));
    let created = commit_at(&repo, "2026-01-05T10:00:00Z", "plan 01");
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x/01")),
        ("ready".to_string(), at(3), Some(created))
    );
    // Both changed by one commit: still the header.
    repo.write(WP, plan("Blocked", "In Progress"));
    let both = commit_at(&repo, "2026-01-06T10:00:00Z", "both");
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x/01")),
        ("blocked".to_string(), at(3), Some(both))
    );
    // Both edited in the work tree: both uncommitted, the header holds.
    repo.write(WP, plan("Deferred", "Cancelled"));
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x/01")),
        ("deferred".to_string(), at(3), None)
    );
}

#[test]
fn a_document_that_is_not_committed_keeps_the_reading_order() {
    let repo = TestRepo::initialised();
    repo.write(WP, plan("Ready", "Complete"));
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x/01")),
        ("ready".to_string(), at(3), None)
    );
}

#[test]
fn start_here_and_readme_that_disagree_give_the_one_edited_last() {
    let repo = TestRepo::initialised();
    let start = format!("{INITIATIVE}/START-HERE.md");
    let readme = format!("{INITIATIVE}/README.md");
    let doc = |status: &str| format!("# X\n\n**Status:** {status}\n\nThe roadmap.\n");
    repo.write(&start, doc("Planning"));
    repo.write(&readme, doc("Planning"));
    commit_at(&repo, "2026-01-05T10:00:00Z", "x");

    // README.md edited later.
    repo.write(&readme, doc("In Progress"));
    let edited = commit_at(&repo, "2026-01-08T10:00:00Z", "x: in progress (README)");
    let status = status_of(&repo, "2026-01-02-x");
    assert_eq!(
        shown(&status),
        (
            "implementation".to_string(),
            "artifacts/planning/2026-01-02-x/README.md:3".to_string(),
            Some(edited)
        )
    );
    let human = repo.plan(&["status"]).ok().stdout;
    assert!(
        human.contains("2026-01-02-x  implementation (In Progress)  since 2026-01-08"),
        "{human}"
    );

    // Then START-HERE.md.
    repo.write(&start, doc("Ready for Implementation"));
    let later = commit_at(&repo, "2026-01-09T10:00:00Z", "x: ready (START-HERE)");
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x")),
        (
            "roadmap-finalized".to_string(),
            "artifacts/planning/2026-01-02-x/START-HERE.md:3".to_string(),
            Some(later)
        )
    );

    // Both in one commit: START-HERE.md, as without history.
    repo.write(&start, doc("Analysis"));
    repo.write(&readme, doc("Complete"));
    let both = commit_at(&repo, "2026-01-10T10:00:00Z", "x: both");
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x")),
        (
            "analysis".to_string(),
            "artifacts/planning/2026-01-02-x/START-HERE.md:3".to_string(),
            Some(both)
        )
    );

    // README.md edited in the work tree.
    repo.write(&readme, doc("Implementation"));
    assert_eq!(
        shown(&status_of(&repo, "2026-01-02-x")),
        (
            "implementation".to_string(),
            "artifacts/planning/2026-01-02-x/README.md:3".to_string(),
            None
        )
    );
}

//! Reliability under hostile input and hostile conditions (issue 10): odd
//! comments, newlines in values, parse errors at the gate, concurrent runs,
//! symlinks, hook loops, edits of the file a transition changes, signals.
//! `docs/reliability.md` lists each case with the test that shows it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestRepo, GOOD_PLAN, INITIATIVE};

// Item 1: a panic in the opt-out scanner.

#[test]
fn empty_html_comments_do_not_crash_check_or_transitions() {
    let repo = TestRepo::initialised();
    let text = format!("{GOOD_PLAN}\n<!-->\n<!--->\n");
    repo.write(&format!("{INITIATIVE}/01-good-plan.md"), text);
    repo.commit_all("plans");
    let run = repo.plan(&["check"]).ok();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    repo.plan(&["start", "01"]).ok();
}

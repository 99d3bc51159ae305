//! The refusals of the command line that the theme files do not reach:
//! each names what is wrong, exits 1 (or 2 for a usage error) and changes
//! nothing.

use crate::common::TestRepo;

/// An initiative `x` with work package 01 and ADRs 1 and 2, all committed.
fn repo() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo.plan(&["adr", "new", "A", "--date", "2026-01-02"]).ok();
    repo.plan(&["adr", "new", "B", "--date", "2026-01-02"]).ok();
    repo
}

#[track_caller]
fn refused(repo: &TestRepo, args: &[&str], code: i32, message: &str) {
    let head = repo.git(&["rev-parse", "HEAD"]);
    let status = repo.git(&["status", "--porcelain"]);
    let run = repo.plan(args).fails(code);
    assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head, "{args:?} committed");
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        status,
        "{args:?} wrote"
    );
}

#[test]
fn approve_needs_an_approver() {
    let repo = repo();
    // The harness gives git an identity through the environment only.
    refused(
        &repo,
        &["approve", "x"],
        1,
        "Error: no approver: git config user.name is not set",
    );
    refused(
        &repo,
        &["approve", "x", "--by", " "],
        2,
        "Error: --by must not be empty",
    );
    repo.git(&["config", "user.name", "Grace Hopper"]);
    repo.plan(&["approve", "x"]).ok();
    let body = repo.git(&["log", "-1", "--format=%B"]);
    assert!(body.contains("Plan-Approved-By: Grace Hopper"), "{body}");
}

#[test]
fn block_needs_a_reason() {
    let repo = repo();
    refused(
        &repo,
        &["block", "x/01", "--reason", "  "],
        2,
        "Error: --reason must not be empty",
    );
}

#[test]
fn set_takes_status_equals_value() {
    let repo = repo();
    refused(
        &repo,
        &["set", "x/01", "ready"],
        2,
        "Error: expected key=VALUE, got `ready`",
    );
    refused(
        &repo,
        &["set", "x/01", "labels=ui"],
        2,
        "Error: `labels` cannot be set; `git plan set` sets status, priority and effort",
    );
}

#[test]
fn supersede_by_something_that_is_not_an_adr() {
    let repo = repo();
    refused(
        &repo,
        &["adr", "supersede", "1", "--by", "x/01"],
        1,
        "Error: `x/01` is not an ADR",
    );
}

#[test]
fn a_dependency_must_be_a_document() {
    let repo = repo();
    refused(
        &repo,
        &["add", "x", "Two", "--depends-on", "2026-01-02-x"],
        1,
        "Error: --depends-on 2026-01-02-x names an initiative; name a work package or ADR",
    );
}

#[test]
fn an_initiative_without_documents_or_status() {
    let repo = repo();
    // A folder holding no Markdown at all.
    repo.write(
        ".engineering/artifacts/planning/2026-02-01-empty/notes.txt",
        "x\n",
    );
    refused(
        &repo,
        &["show", "2026-02-01-empty"],
        1,
        "Error: initiative 2026-02-01-empty holds no Markdown document",
    );
    // START-HERE.md and README.md without a status line cannot move.
    repo.write(
        ".engineering/artifacts/planning/2026-02-02-bare/START-HERE.md",
        "# Bare\n",
    );
    repo.commit_all("two more folders");
    refused(
        &repo,
        &["approve", "bare", "--by", "Ada"],
        1,
        "Error: initiative 2026-02-02-bare has no **Status:** line in START-HERE.md or README.md",
    );
}

#[test]
fn dash_c_names_the_missing_directory() {
    let repo = repo();
    let run = repo.plan(&["-C", "no/such/dir", "status"]).fails(2);
    assert_eq!(
        run.error_lines(),
        ["Error: cannot change to 'no/such/dir': no such directory"]
    );
}

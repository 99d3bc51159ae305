//! Bad input: each problem is reported with its file and line, and the rest
//! of the tree is still read (`status` exits 0). A broken plan.toml is the
//! exception: nothing can be read with it, so the command fails.

use crate::common::{initialised_with, initiative, TestRepo};
use serde_json::{json, Value};

const GOOD: &str = ".engineering/artifacts/planning/2026-01-02-good";
const BAD: &str = ".engineering/artifacts/planning/2026-01-03-bad";

/// A healthy initiative with one work package, and an ADR.
fn good_tree() -> TestRepo {
    initialised_with(
        &[
            (format!("{GOOD}/START-HERE.md").as_str(), "# Good\n\n**Status:** Implementation\n"),
            (format!("{GOOD}/01-fine-plan.md").as_str(), "# Phase 01: Fine\n\n**Status:** In Progress\n\n## Success Criteria\n\n- [x] done\n"),
            (".engineering/artifacts/adr/0001-ok.md", "# 1. Ok\n\n**Status:** Accepted\n"),
        ],
        "good plans",
    )
}

/// `status --json` still reports the healthy part of the tree.
#[track_caller]
fn assert_good_part_reported(json: &Value) {
    let good = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2026-01-02-good")
        .expect("the healthy initiative is missing");
    assert_eq!(good["status"]["state"], "implementation");
    assert_eq!(good["work_packages"][0]["id"], "2026-01-02-good/01");
    assert_eq!(good["work_packages"][0]["status"]["state"], "in-progress");
    assert_eq!(json["adrs"]["total"], 1);
}

/// The diagnostics of `status --json` with `code`.
fn diagnostics<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// Runs `status --json` (exit 0) and returns the one diagnostic with `code`.
#[track_caller]
fn one_diagnostic(repo: &TestRepo, code: &str) -> (Value, Value) {
    let run = repo.plan(&["status", "--json"]).ok();
    let json = run.json();
    assert_good_part_reported(&json);
    let found = diagnostics(&json, code);
    assert_eq!(found.len(), 1, "{:#}", json["diagnostics"]);
    let d = found[0].clone();
    (json, d)
}

/// Runs the human `status` (exit 0) and returns the stderr line of `code`.
#[track_caller]
fn stderr_line(repo: &TestRepo, code: &str) -> String {
    let run = repo.plan(&["status"]).ok();
    assert!(
        run.stdout.contains("2026-01-02-good"),
        "the healthy initiative is missing:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("Phase 01: Fine"), "{}", run.stdout);
    assert!(run.error_lines().is_empty(), "{}", run.stderr);
    let found: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(&format!("[{code}]: ")))
        .collect();
    assert_eq!(found.len(), 1, "{}", run.stderr);
    found[0].to_string()
}

#[test]
fn malformed_front_matter_is_reported_with_its_line() {
    let repo = good_tree();
    let path = format!("{BAD}/01-fm-plan.md");
    repo.write(
        &path,
        "+++\ntitle = \"x\"\nstatus = = \"ready\"\n+++\n# Phase 01: Front Matter\n\n**Priority:** HIGH\n",
    );
    let (json, d) = one_diagnostic(&repo, "malformed-front-matter");
    assert_eq!(d["path"], "artifacts/planning/2026-01-03-bad/01-fm-plan.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["severity"], "error");
    // The rest of the document is still read.
    let bad = initiative(&json, "2026-01-03-bad");
    assert_eq!(bad["work_packages"][0]["title"], "Phase 01: Front Matter");
    assert_eq!(bad["work_packages"][0]["priority"]["raw"], "HIGH");
    let line = stderr_line(&repo, "malformed-front-matter");
    assert!(
        line.starts_with("error[malformed-front-matter]: "),
        "{line}"
    );
    assert!(line.contains(&format!("{path}:3:")), "{line}");
}

#[test]
fn unclosed_front_matter_is_reported_at_its_first_line() {
    let repo = good_tree();
    repo.write(
        &format!("{BAD}/01-open-plan.md"),
        "+++\nstatus = \"ready\"\n\n# Phase 01: Open\n",
    );
    let (_, d) = one_diagnostic(&repo, "malformed-front-matter");
    assert_eq!(d["line"], 1);
    assert!(
        d["message"].as_str().unwrap().contains("never closed"),
        "{d}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_with_the_line_of_the_bad_byte() {
    let repo = good_tree();
    let path = format!("{BAD}/02-latin1-plan.md");
    repo.write(
        &path,
        b"# Phase 02: Latin-1\n\n**Status:** Caf\xe9 ready\n\nMore text.\n".as_slice(),
    );
    let (json, d) = one_diagnostic(&repo, "not-utf8");
    assert_eq!(
        d["path"],
        "artifacts/planning/2026-01-03-bad/02-latin1-plan.md"
    );
    assert_eq!(d["line"], 3);
    // The unreadable file is skipped, not guessed at.
    let bad = initiative(&json, "2026-01-03-bad");
    assert_eq!(bad["work_packages"], json!([]));
    let line = stderr_line(&repo, "not-utf8");
    assert_eq!(
        line,
        format!("error[not-utf8]: {path}:3: not valid UTF-8 (byte 36)"),
        "the path and line are given once"
    );
}

#[test]
fn an_unknown_status_is_kept_and_reported_with_line_and_column() {
    let repo = good_tree();
    let path = format!("{BAD}/START-HERE.md");
    repo.write(&path, "# Bad\n\n**Status:** Frobnicated beyond repair\n");
    let (json, d) = one_diagnostic(&repo, "unknown-status");
    assert_eq!(d["path"], "artifacts/planning/2026-01-03-bad/START-HERE.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 13);
    assert_eq!(d["severity"], "warning");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("Frobnicated beyond repair"),
        "{d}"
    );
    let bad = initiative(&json, "2026-01-03-bad");
    assert_eq!(bad["status"]["state"], "unknown");
    assert_eq!(bad["status"]["raw"], "Frobnicated beyond repair");
    let line = stderr_line(&repo, "unknown-status");
    assert!(line.starts_with("warning[unknown-status]: "), "{line}");
    assert!(line.contains(&format!("{path}:3:13: ")), "{line}");
    let human = repo.plan(&["status"]).ok().stdout;
    assert!(
        human.contains("unknown (Frobnicated beyond repair)"),
        "{human}"
    );
}

#[test]
fn a_status_of_another_lifecycle_is_unknown_and_says_so() {
    let repo = good_tree();
    repo.write(
        &format!("{GOOD}/02-odd-plan.md"),
        "# Phase 02: Odd\n\n**Priority:** LOW\n**Status:** Accepted\n",
    );
    let (json, d) = one_diagnostic(&repo, "unknown-status");
    assert_eq!(d["line"], 4);
    assert!(d["message"].as_str().unwrap().contains("adr"), "{d}");
    let wp = &json["initiatives"][0]["work_packages"][1];
    assert_eq!(wp["status"]["state"], "unknown");
    assert_eq!(wp["status"]["raw"], "Accepted");
}

#[test]
fn an_empty_file_is_reported() {
    let repo = good_tree();
    let path = format!("{BAD}/03-empty-plan.md");
    repo.write(&path, "");
    let (_, d) = one_diagnostic(&repo, "empty-file");
    assert_eq!(
        d["path"],
        "artifacts/planning/2026-01-03-bad/03-empty-plan.md"
    );
    let line = stderr_line(&repo, "empty-file");
    assert!(line.contains(&path), "{line}");
}

#[test]
fn a_directory_named_like_a_plan_is_reported() {
    let repo = good_tree();
    let dir = format!("{GOOD}/05-x-plan.md");
    repo.write(&format!("{dir}/notes.txt"), "not a plan\n");
    let (json, d) = one_diagnostic(&repo, "directory-named-like-a-document");
    assert_eq!(d["path"], "artifacts/planning/2026-01-02-good/05-x-plan.md");
    // It is not mistaken for a work package.
    let wps = json["initiatives"][0]["work_packages"].as_array().unwrap();
    assert_eq!(wps.len(), 1, "{wps:?}");
    let line = stderr_line(&repo, "directory-named-like-a-document");
    assert!(line.contains(&dir), "{line}");
}

#[test]
fn every_problem_at_once_still_reports_the_rest() {
    let repo = good_tree();
    repo.write(
        &format!("{BAD}/START-HERE.md"),
        "# Bad\n\n**Status:** Frobnicated\n",
    );
    repo.write(
        &format!("{BAD}/01-fm-plan.md"),
        "+++\nstatus = = 1\n+++\n# T\n",
    );
    repo.write(&format!("{BAD}/02-latin1-plan.md"), b"# \xff\n".as_slice());
    repo.write(&format!("{BAD}/03-empty-plan.md"), "");
    repo.write(&format!("{BAD}/04-dir-plan.md/x.txt"), "x");
    let run = repo.plan(&["status", "--json"]).ok();
    assert_eq!(run.stderr, "", "JSON output keeps diagnostics in the JSON");
    let json = run.json();
    assert_good_part_reported(&json);
    let mut found: Vec<(String, String, Option<u64>)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    found.sort();
    let p = |f: &str| format!("artifacts/planning/2026-01-03-bad/{f}");
    assert_eq!(
        found,
        [
            (
                "directory-named-like-a-document".to_string(),
                p("04-dir-plan.md"),
                None
            ),
            ("empty-file".to_string(), p("03-empty-plan.md"), Some(1)),
            (
                "malformed-front-matter".to_string(),
                p("01-fm-plan.md"),
                Some(2)
            ),
            ("not-utf8".to_string(), p("02-latin1-plan.md"), Some(1)),
            ("unknown-status".to_string(), p("START-HERE.md"), Some(3)),
        ]
    );
    let human = repo.plan(&["status"]).ok();
    assert_eq!(
        human.stderr.lines().filter(|l| l.contains("]: ")).count(),
        5,
        "{}",
        human.stderr
    );
    assert!(human.stdout.contains("2026-01-02-good"), "{}", human.stdout);
}

#[test]
fn show_reports_the_problems_of_its_document() {
    let repo = good_tree();
    let path = format!("{GOOD}/02-fm-plan.md");
    repo.write(
        &path,
        "+++\nstatus = = 1\n+++\n# Phase 02: FM\n\n**Status:** Draft\n",
    );
    let json = repo
        .plan(&["show", "2026-01-02-good/02", "--json"])
        .ok()
        .json();
    assert_eq!(json["diagnostics"][0]["code"], "malformed-front-matter");
    assert_eq!(json["diagnostics"][0]["line"], 2);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1);
    // The Markdown status line below the broken block is still read.
    assert_eq!(json["status"]["state"], "draft");
    let run = repo.plan(&["show", "2026-01-02-good/02"]).ok();
    assert!(run.stdout.contains("Phase 02: FM"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains(&format!("error[malformed-front-matter]: {path}:2:")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_malformed_plan_toml_fails_naming_file_and_line() {
    let repo = good_tree();
    repo.write(
        ".engineering/plan.toml",
        "# settings\n\n[status.work_package]\n\"Shipped\" = \n",
    );
    for args in [
        &["status"][..],
        &["status", "--json"],
        &["show", "good"],
        &["new", "x"],
    ] {
        let run = repo.plan(args).fails(1);
        run.no_output_but_a_json_error(args);
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{args:?}: {}", run.stderr);
        assert!(
            errors[0].contains("plan.toml:4:"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.hint_lines().len(), 1, "{args:?}: {}", run.stderr);
    }
    assert!(!repo.exists(".engineering/artifacts/planning/x"));
}

#[test]
fn an_invalid_plan_toml_value_fails_naming_file_and_line() {
    let repo = good_tree();
    repo.write(
        ".engineering/plan.toml",
        "[status.work_package]\n\"Shipped\" = \"complete\"\n\"Parked\" = \"asleep\"\n",
    );
    let run = repo.plan(&["status"]).fails(1);
    let errors = run.error_lines();
    assert!(errors[0].contains("plan.toml:3:"), "{}", run.stderr);
    assert!(errors[0].contains("asleep"), "{}", run.stderr);
}

#[test]
fn plan_toml_synonyms_are_used() {
    let repo = good_tree();
    repo.write(
        ".engineering/plan.toml",
        "[status.work_package]\n\"Shipped\" = \"complete\"\n",
    );
    repo.write(
        &format!("{GOOD}/02-shipped-plan.md"),
        "# Phase 02: Shipped\n\n**Status:** Shipped\n",
    );
    let run = repo.plan(&["status", "--json"]).ok();
    let json = run.json();
    assert_eq!(json["diagnostics"], json!([]));
    assert_eq!(
        json["initiatives"][0]["work_packages"][1]["status"]["state"],
        "complete"
    );
}

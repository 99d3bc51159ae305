//! `git plan review --json`, and a branch with no common base (an orphan
//! branch) in `review`, `diff`, `check --range` and the pre-push hook.

use crate::common::{edit, fill_sections, strings, two_work_packages, TestRepo, WP1, WP2};

const TICKED: &str = "- [x] p99 latency under 50 ms\n- [x] no errors in a day of logs\n";
const OPEN: &str = "- [ ] p99 latency under 50 ms\n- [ ] no errors in a day of logs\n";

/// main: initiative x with 01 and 02 (02 depends on 01), filled in, draft.
fn planned() -> TestRepo {
    let repo = two_work_packages();
    fill_sections(&repo, WP1);
    fill_sections(&repo, WP2);
    repo.commit_all("fill in 01 and 02");
    repo
}

/// 02 by hand from draft to complete with both criteria ticked, committed
/// without the hooks: the move `git plan` refuses (01 is not complete).
fn complete_02_by_hand(repo: &TestRepo) {
    edit(repo, WP2, "**Status:** Draft", "**Status:** Complete");
    edit(repo, WP2, OPEN, TICKED);
    repo.git(&["commit", "-q", "--no-verify", "-am", "02 is done"]);
}

fn rules(list: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn review_json_holds_the_counts_the_documents_by_initiative_and_the_findings() {
    let repo = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    // 01 through the CLI (a legal move), 02 by hand (a jump past a guard).
    repo.plan(&["set", "x/01", "status=ready"]).ok();
    complete_02_by_hand(&repo);
    let base = repo.git(&["rev-parse", "main"]).trim().to_string();
    let tip = repo.head();

    let json = repo.plan(&["review", "main...topic", "--json"]).ok().json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["from"], base);
    assert_eq!(json["to"], tip);
    assert_eq!(json["commits"], 2);
    // Two moves (01 draft -> ready, 02 draft -> complete), 02's two
    // criteria ticked, no risk added, in two documents.
    assert_eq!(
        json["summary"],
        serde_json::json!({
            "status_moves": 2,
            "criteria_ticked": 2,
            "new_risks": 0,
            "findings_introduced": 2,
            "findings_fixed": 0,
            "documents": 2,
        }),
        "{json:#}"
    );
    let groups = json["initiatives"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{json:#}");
    assert_eq!(groups[0]["initiative"], "2026-01-02-x");
    let paths = strings(&groups[0]["documents"], "path");
    assert_eq!(
        paths,
        [
            "artifacts/planning/2026-01-02-x/01-one-plan.md",
            "artifacts/planning/2026-01-02-x/02-two-plan.md"
        ]
    );
    let two = &groups[0]["documents"][1];
    assert_eq!(two["status"]["from"], "draft");
    assert_eq!(two["status"]["to"], "complete");
    // The range rules' findings on 02 are what the branch introduces.
    assert_eq!(
        rules(&json["findings"]["introduced"]),
        ["guard-skipped", "illegal-transition"],
        "{json:#}"
    );
    for f in json["findings"]["introduced"].as_array().unwrap() {
        assert_eq!(
            f["file"],
            ".engineering/artifacts/planning/2026-01-02-x/02-two-plan.md"
        );
    }
    assert_eq!(json["findings"]["fixed"], serde_json::json!([]));

    // The Markdown review counts the same.
    let run = repo.plan(&["review", "main...topic"]).ok();
    assert!(
        run.stdout.contains(
            "**2 status moves, 2 criteria ticked, 0 new risks, 2 findings introduced, 0 findings fixed** in 2 documents"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn review_json_of_a_range_without_plan_changes_is_all_zero() {
    let repo = planned();
    let json = repo.plan(&["review", "main...main", "--json"]).ok().json();
    assert_eq!(json["commits"], 0);
    assert_eq!(json["summary"]["status_moves"], 0);
    assert_eq!(json["summary"]["documents"], 0);
    assert_eq!(json["initiatives"], serde_json::json!([]));
    assert_eq!(
        json["findings"],
        serde_json::json!({"introduced": [], "fixed": []})
    );
}

#[test]
fn a_commit_that_edits_only_prose_counts_as_a_commit_of_the_range() {
    // The count is of commits that changed the plans, not of those that
    // moved a status: one that rewords a criterion moves none.
    let repo = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    edit(
        &repo,
        WP2,
        "p99 latency under 50 ms",
        "p99 latency under 40 ms",
    );
    repo.git(&["commit", "-q", "--no-verify", "-am", "tighten 02's latency"]);
    repo.write("src/lib.rs", "// not a plan\n");
    repo.git(&["add", "src/lib.rs"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "code only"]);

    let review = repo.plan(&["review", "main...topic", "--json"]).ok().json();
    assert_eq!(review["commits"], 1, "{review:#}");
    assert_eq!(review["summary"]["status_moves"], 0);
    assert_eq!(review["summary"]["documents"], 1);
    let diff = repo.plan(&["diff", "main..topic", "--json"]).ok().json();
    assert_eq!(diff["commits"], 1, "{diff:#}");
}

/// `lone`: an orphan branch whose first commit holds main's plans as they
/// are (01 and 02 draft) and whose second moves 02 by hand to complete.
fn orphan() -> TestRepo {
    let repo = planned();
    repo.git(&["checkout", "-q", "--orphan", "lone"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "start over"]);
    complete_02_by_hand(&repo);
    repo
}

#[test]
fn a_symmetric_range_with_no_merge_base_is_an_error_with_a_hint_everywhere() {
    let repo = orphan();
    for args in [
        vec!["diff", "main...lone"],
        vec!["review", "main...lone"],
        vec!["check", "--range", "main...lone"],
    ] {
        let run = repo.plan(&args).fails(2);
        assert_eq!(
            run.error_lines(),
            ["Error: `main...lone`: main and lone have no merge base"],
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(
            run.hint_lines(),
            ["Hint: Their histories share no commit (an orphan branch): write A..B to compare B with A's tree and check every commit of B."],
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
}

#[test]
fn a_two_dot_range_with_no_common_base_judges_every_commit_of_the_branch() {
    let repo = orphan();
    // As `git log main..lone`: both commits of lone; the diff is main's
    // tree against lone's.
    let json = repo.plan(&["diff", "main..lone", "--json"]).ok().json();
    assert_eq!(json["commits"], 2, "{json:#}");
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{json:#}");
    assert_eq!(
        docs[0]["path"],
        "artifacts/planning/2026-01-02-x/02-two-plan.md"
    );
    assert_eq!(docs[0]["status"]["to"], "complete");
    // The range rules judge lone's move, as on any branch (the tree rules
    // add only a `template-placeholder` warning, on both sides).
    let json = repo
        .plan(&["check", "--range", "main..lone", "--format", "json"])
        .fails(1)
        .json();
    assert_eq!(
        rules(&json["findings"]),
        [
            "guard-skipped",
            "illegal-transition",
            "template-placeholder"
        ],
        "{json:#}"
    );
    assert_eq!(json["errors"], 2, "{json:#}");
    let json = repo.plan(&["review", "main..lone", "--json"]).ok().json();
    assert_eq!(
        rules(&json["findings"]["introduced"]),
        ["guard-skipped", "illegal-transition"],
        "{json:#}"
    );
}

#[test]
fn pushing_an_orphan_branch_applies_the_range_rules_to_all_its_commits() {
    let repo = planned();
    let remote = TestRepo::empty_dir();
    remote.git(&["init", "-q", "--bare", "-b", "main"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    repo.git_plan(&["hooks", "install"]).ok();
    repo.git_hooked(&["push", "-q", "origin", "main"]).ok();
    repo.git(&["checkout", "-q", "--orphan", "lone"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "start over"]);
    // The orphan's first commit alone makes no move: it passes.
    repo.git_hooked(&["push", "-q", "origin", "lone"]).ok();
    repo.git(&["checkout", "-q", "-b", "lone2"]);
    complete_02_by_hand(&repo);
    crate::common::push_refused_by_range_rules(&repo, &remote, "lone2");
}

#[test]
fn a_commit_with_a_clock_behind_the_base_does_not_hide_the_range() {
    // topic's first commit says it was committed a year before main's tip
    // (a skewed clock, or a rebase that kept old dates): the one walk down
    // to the base gives up at it, and the range is read the long way.
    let repo = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    edit(&repo, WP2, "**Priority:** MEDIUM", "**Priority:** HIGH");
    let mut cmd = repo.command("git", repo.path());
    cmd.args(["commit", "-q", "--no-verify", "-am", "02 first"])
        .env("GIT_COMMITTER_DATE", "2025-01-02T03:04:05Z");
    assert_eq!(repo.run(cmd).code, 0);
    complete_02_by_hand(&repo);

    for range in ["main..topic", "main...topic"] {
        let review = repo.plan(&["review", range, "--json"]).ok().json();
        assert_eq!(review["commits"], 2, "{range}: {review:#}");
        assert_eq!(review["summary"]["status_moves"], 1, "{range}: {review:#}");
        assert_eq!(
            rules(&review["findings"]["introduced"]),
            ["guard-skipped", "illegal-transition"],
            "{range}: {review:#}"
        );
        let check = repo
            .plan(&["check", "--range", range, "--format", "json"])
            .fails(1)
            .json();
        assert_eq!(check["errors"], 2, "{range}: {check:#}");
    }
}

#[test]
fn commands_that_read_revisions_need_the_plans_there_not_in_the_work_tree() {
    // topic adds the plans; main, checked out, has none (as `git diff`
    // needs no work tree, neither do the commands that read revisions).
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.plan(&["init"]).ok();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    assert!(!repo.exists(".engineering"));

    let review = repo.plan(&["review", "main...topic", "--json"]).ok().json();
    // `new` and `add` (`init` writes no plan document).
    assert_eq!(review["commits"], 2, "{review:#}");
    assert_eq!(review["summary"]["documents"], 3, "{review:#}");
    let diff = repo.plan(&["diff", "main..topic", "--json"]).ok().json();
    let added = strings(&diff["documents"], "path");
    assert_eq!(
        added,
        // The initiative's documents first, then its work packages.
        [
            "artifacts/planning/2026-01-02-x/README.md",
            "artifacts/planning/2026-01-02-x/START-HERE.md",
            "artifacts/planning/2026-01-02-x/01-one-plan.md",
        ],
        "{diff:#}"
    );
    let check = repo
        .plan(&["check", "--range", "main..topic", "--format", "json"])
        .ok()
        .json();
    assert_eq!(check["checked"], 3, "{check:#}");
    let check = repo
        .plan(&["check", "--rev", "topic", "--format", "json"])
        .ok()
        .json();
    assert_eq!(check["checked"], 3, "{check:#}");
    let log = repo.plan(&["log", "--range", "main..topic"]).ok();
    assert!(
        log.stdout.contains("2026-01-02-x/01  created as draft"),
        "{}",
        log.stdout
    );
    let show = repo
        .plan(&["show", "x/01", "--at", "topic", "--json"])
        .ok()
        .json();
    assert_eq!(show["status"]["state"], "draft", "{show:#}");
    repo.plan(&["report", "--at", "topic", "--json"])
        .ok()
        .json();
    let status = repo
        .plan(&["status", "--at", "topic", "--json"])
        .ok()
        .json();
    assert_eq!(
        status["initiatives"].as_array().unwrap().len(),
        1,
        "{status:#}"
    );

    // Plans in neither the work tree nor the revisions: the same refusal
    // as `status` without plans, never "no changes".
    for args in [
        vec!["diff", "main..main"],
        vec!["review", "main...main"],
        vec!["check", "--range", "main..main"],
        vec!["check", "--rev", "main"],
        vec!["log", "--range", "main..main"],
        vec!["show", "x/01", "--at", "main"],
        vec!["status", "--at", "main"],
        vec!["report", "--at", "main"],
    ] {
        let run = repo.plan(&args).fails(1);
        assert!(
            run.stderr.starts_with("Error: no engineering root: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // Commands on the work tree still want it there.
    repo.plan(&["diff"]).fails(1);
    repo.plan(&["check"]).fails(1);
}

#[test]
fn a_push_from_a_checkout_without_the_plans_is_checked_at_the_pushed_commits() {
    let repo = planned();
    let remote = TestRepo::empty_dir();
    remote.git(&["init", "-q", "--bare", "-b", "main"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    repo.git_plan(&["hooks", "install"]).ok();
    repo.git_hooked(&["push", "-q", "origin", "main"]).ok();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    complete_02_by_hand(&repo);
    // The first commit, from before `git plan init`, checked out.
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    repo.git(&["checkout", "-q", "--detach", first.trim()]);
    assert!(!repo.exists(".engineering"));
    crate::common::push_refused_by_range_rules(&repo, &remote, "topic");
}

//! The range rules (`illegal-transition`, `guard-skipped`,
//! `approval-missing`) on real branches: `check --range`, the pre-push and
//! the pre-merge-commit hooks refuse a hand edit the CLI would refuse, and
//! let the same move through when the CLI made it with `--force`.

use crate::common::{edit, fill_sections, two_work_packages, TestRepo, WP1, WP2};

const START: &str = ".engineering/artifacts/planning/2026-01-02-x/START-HERE.md";

/// `init`, initiative `x`, work packages 01 and 02 (02 depends on 01), both
/// filled in and draft, with the hooks installed and `main` pushed to a bare
/// `origin`. Returns the repository and the remote.
fn planned() -> (TestRepo, TestRepo) {
    let repo = two_work_packages();
    fill_sections(&repo, WP1);
    fill_sections(&repo, WP2);
    repo.commit_all("fill in 01 and 02");
    let remote = TestRepo::empty_dir();
    remote.git(&["init", "-q", "--bare", "-b", "main"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    repo.git_plan(&["hooks", "install"]).ok();
    repo.git_hooked(&["push", "-q", "origin", "main"]).ok();
    (repo, remote)
}

/// Replaces the first `**Status:** from` line of `rel` by `to`.
fn hand_edit_status(repo: &TestRepo, rel: &str, from: &str, to: &str) {
    let text = repo.read(rel);
    let old = format!("**Status:** {from}\n");
    assert!(text.contains(&old), "{rel} is not {from}:\n{text}");
    repo.write(rel, text.replacen(&old, &format!("**Status:** {to}\n"), 1));
}

/// Ticks both Success Criteria of `rel`.
fn tick(repo: &TestRepo, rel: &str) {
    let text = repo.read(rel);
    let open = "- [ ] p99 latency under 50 ms\n- [ ] no errors in a day of logs\n";
    assert!(text.contains(open), "{text}");
    repo.write(
        rel,
        text.replacen(
            open,
            "- [x] p99 latency under 50 ms\n- [x] no errors in a day of logs\n",
            1,
        ),
    );
}

/// The `rule` findings of a `check --format json` run.
fn findings<'a>(json: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn a_hand_edit_from_draft_to_complete_with_an_open_dependency_is_refused() {
    let (repo, remote) = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    hand_edit_status(&repo, WP2, "Draft", "Complete");
    tick(&repo, WP2);
    repo.git(&["commit", "-q", "--no-verify", "-am", "02 is done"]);
    let topic = repo.head();

    let run = repo
        .plan(&["check", "--range", "main...topic", "--format", "json"])
        .fails(1);
    let json = run.json();
    let illegal = findings(&json, "illegal-transition");
    assert_eq!(illegal.len(), 1, "{json:#}");
    let short = &topic[..7];
    assert_eq!(
        illegal[0]["message"],
        format!("commit {short} (Ada Author) moves 2026-01-02-x/02 from draft to complete, which the work-package lifecycle does not allow (from draft: ready, deferred, cancelled)")
    );
    assert_eq!(illegal[0]["level"], "error");
    assert_eq!(
        illegal[0]["path"],
        "artifacts/planning/2026-01-02-x/02-two-plan.md"
    );
    assert_eq!(illegal[0]["source"], "**Status:** Complete");
    // The jump skips `start`, whose guard the open dependency fails.
    let skipped: Vec<&str> = findings(&json, "guard-skipped")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        [
            format!("commit {short} (Ada Author) moves 2026-01-02-x/02 from draft to complete, which `git plan` refuses: it cannot start: it depends on 2026-01-02-x/01 (draft) which is not complete"),
        ],
        "{json:#}"
    );
    // The human output names the rule, the file and the line.
    let run = repo.plan(&["check", "--range", "main...topic"]).fails(1);
    assert!(
        run.stdout.contains("error[illegal-transition]: commit"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("--> .engineering/artifacts/planning/2026-01-02-x/02-two-plan.md:"),
        "{}",
        run.stdout
    );
    // The tree rules alone find nothing: the work package is well formed.
    let run = repo
        .plan(&["check", "--rev", "topic", "--format", "json"])
        .ok();
    assert_eq!(run.json()["errors"], 0);

    // The pre-push hook refuses it too.
    crate::common::push_refused_by_range_rules(&repo, &remote, "topic");

    // Severities are configurable like the other rules.
    let toml = repo.read(".engineering/plan.toml");
    repo.write(
        ".engineering/plan.toml",
        format!("{toml}\n[rules]\nillegal-transition = \"warning\"\nguard-skipped = \"off\"\n"),
    );
    let run = repo
        .plan(&["check", "--range", "main...topic", "--format", "json"])
        .ok();
    let json = run.json();
    assert_eq!(findings(&json, "illegal-transition")[0]["level"], "warning");
    assert!(findings(&json, "guard-skipped").is_empty(), "{json:#}");
}

#[test]
fn the_same_move_made_with_force_through_the_cli_passes() {
    let (repo, remote) = planned();
    repo.git(&["checkout", "-q", "-b", "forced"]);
    repo.git_plan(&["set", "x/02", "status=ready"]).ok();
    repo.git_plan(&["start", "x/02", "--force"]).ok();
    assert!(
        repo.git(&["log", "-1", "--format=%B"])
            .contains("Plan-Override: dependencies-complete"),
        "{}",
        repo.git(&["log", "-1", "--format=%B"])
    );
    tick(&repo, WP2);
    repo.git(&["commit", "-q", "--no-verify", "-am", "tick 02"]);
    repo.git_plan(&["done", "x/02"]).ok();
    let run = repo
        .plan(&["check", "--range", "main...forced", "--format", "json"])
        .ok();
    let json = run.json();
    assert_eq!(json["errors"], 0, "{json:#}");
    repo.git_hooked(&["push", "-q", "origin", "forced"]).ok();
    let on_remote = remote.git_run(&["rev-parse", "--verify", "-q", "refs/heads/forced"]);
    assert_eq!(on_remote.code, 0);

    // A hand-written override passes a hand edit the same way.
    repo.git(&["checkout", "-q", "-b", "by-hand", "main"]);
    hand_edit_status(&repo, WP2, "Draft", "Complete");
    tick(&repo, WP2);
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-am",
        "02 is done\n\nPlan-Override: dependencies-complete",
    ]);
    let run = repo
        .plan(&["check", "--range", "main...by-hand", "--format", "json"])
        .ok();
    assert_eq!(run.json()["errors"], 0, "{:#}", run.json());
    // An override of another guard does not pass this one.
    repo.git(&[
        "commit",
        "-q",
        "--amend",
        "--no-verify",
        "-m",
        "02 is done\n\nPlan-Override: criteria-ticked",
    ]);
    let run = repo
        .plan(&["check", "--range", "main...by-hand", "--format", "json"])
        .fails(1);
    let json = run.json();
    assert!(findings(&json, "illegal-transition").is_empty(), "{json:#}");
    assert_eq!(findings(&json, "guard-skipped").len(), 1, "{json:#}");
}

/// Commits the work tree's changes by hand (no hooks), returning the
/// commit's short id.
fn commit_by_hand(repo: &TestRepo, message: &str) -> String {
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", message]);
    repo.head()[..7].to_string()
}

#[test]
fn a_dependency_guard_reads_the_dependency_as_it_is_at_each_commit_of_the_range() {
    // The tree a dependency guard is judged on is patched from one commit
    // to the next where only document versions changed, and read again
    // where a file was added: every move of 02 into in-progress below must
    // see 01 as that commit has it, not as an earlier tree did.
    let (repo, _remote) = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    let ready = "Ready for Implementation";
    hand_edit_status(&repo, WP1, "Draft", ready);
    hand_edit_status(&repo, WP2, "Draft", ready);
    commit_by_hand(&repo, "01 and 02 are ready");
    hand_edit_status(&repo, WP1, ready, "In Progress");
    commit_by_hand(&repo, "start 01");
    hand_edit_status(&repo, WP1, "In Progress", "Complete");
    tick(&repo, WP1);
    commit_by_hand(&repo, "01 is done");
    // 01 is complete: 02 may start.
    hand_edit_status(&repo, WP2, ready, "In Progress");
    commit_by_hand(&repo, "start 02");
    // 01 reopens; 02, blocked meanwhile, starts again: refused.
    hand_edit_status(&repo, WP1, "Complete", "In Progress");
    hand_edit_status(&repo, WP2, "In Progress", "Blocked");
    commit_by_hand(&repo, "reopen 01, block 02");
    hand_edit_status(&repo, WP2, "Blocked", "In Progress");
    let refused = commit_by_hand(&repo, "unblock 02 while 01 is open");
    // 01 is done again, and a file is added (the listing changes); 02,
    // blocked again, starts again: allowed.
    hand_edit_status(&repo, WP1, "In Progress", "Complete");
    hand_edit_status(&repo, WP2, "In Progress", "Blocked");
    repo.write(
        ".engineering/artifacts/planning/2026-01-02-x/notes.md",
        "# Notes\n\nWhy 01 reopened.\n",
    );
    commit_by_hand(&repo, "01 is done again, block 02, notes");
    hand_edit_status(&repo, WP2, "Blocked", "In Progress");
    commit_by_hand(&repo, "unblock 02");

    let run = repo
        .plan(&["check", "--range", "main...topic", "--format", "json"])
        .fails(1);
    let json = run.json();
    assert!(findings(&json, "illegal-transition").is_empty(), "{json:#}");
    let skipped: Vec<&str> = findings(&json, "guard-skipped")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        [format!("commit {refused} (Ada Author) moves 2026-01-02-x/02 from blocked to in-progress, which `git plan` refuses: it cannot start: it depends on 2026-01-02-x/01 (in-progress) which is not complete")],
        "{json:#}"
    );
    // `review` judges the same moves.
    let review = repo.plan(&["review", "main...topic", "--json"]).ok().json();
    let introduced: Vec<&str> = review["findings"]["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "guard-skipped")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(introduced, skipped, "{review:#}");
}

#[test]
fn a_dependency_the_range_adds_is_found_at_the_commits_after_it() {
    // Each commit's listing is read again where its trees changed: the
    // work package 03 added in the middle of the range is found by the
    // guard of the commits after it, not found by those before.
    let (repo, _remote) = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    let ready = "Ready for Implementation";
    edit(
        &repo,
        WP2,
        "**Depends on:** [01](01-one-plan.md)\n",
        "**Depends on:** [01](01-one-plan.md), [03](03-three-plan.md)\n",
    );
    hand_edit_status(&repo, WP2, "Draft", ready);
    commit_by_hand(&repo, "02 is ready, and depends on 03 too");
    hand_edit_status(&repo, WP2, ready, "In Progress");
    let before = commit_by_hand(&repo, "start 02");
    let three = ".engineering/artifacts/planning/2026-01-02-x/03-three-plan.md";
    repo.write(three, repo.read(WP1));
    hand_edit_status(&repo, WP2, "In Progress", "Blocked");
    commit_by_hand(&repo, "add 03, block 02");
    hand_edit_status(&repo, WP2, "Blocked", "In Progress");
    let after = commit_by_hand(&repo, "start 02 again");

    let run = repo
        .plan(&["check", "--range", "main...topic", "--format", "json"])
        .fails(1);
    let json = run.json();
    let skipped: Vec<&str> = findings(&json, "guard-skipped")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 2, "{json:#}");
    assert!(
        skipped[0].starts_with(&format!("commit {before} "))
            && skipped[0].contains("2026-01-02-x/01 (draft)")
            && skipped[0].contains("(not found)"),
        "{json:#}"
    );
    assert_eq!(
        skipped[1],
        format!("commit {after} (Ada Author) moves 2026-01-02-x/02 from blocked to in-progress, which `git plan` refuses: it cannot start: it depends on 2026-01-02-x/01 (draft), 2026-01-02-x/03 (draft) which is not complete"),
        "{json:#}"
    );
}

#[test]
fn a_checkpoint_passed_by_hand_needs_an_approval() {
    let (repo, _remote) = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    let text = repo.read(START);
    let status = text
        .lines()
        .find(|l| l.starts_with("**Status:**"))
        .unwrap()
        .to_string();
    repo.write(
        START,
        text.replacen(&status, "**Status:** Planning Folder Setup", 1),
    );
    repo.git(&["commit", "-q", "--no-verify", "-am", "next checkpoint"]);
    let run = repo
        .plan(&["check", "--range", "main..topic", "--format", "json"])
        .fails(1);
    let json = run.json();
    let missing = findings(&json, "approval-missing");
    assert_eq!(missing.len(), 1, "{json:#}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("passes the Scope Assessment checkpoint of 2026-01-02-x (scope-assessment -> planning-folder) without a `Plan-Approved-By:` trailer"),
        "{json:#}"
    );

    // `git plan approve` records the approval: nothing to find.
    repo.git(&["checkout", "-q", "-b", "approved", "main"]);
    repo.git_plan(&["approve", "x", "--by", "Lead"]).ok();
    let run = repo
        .plan(&["check", "--range", "main..approved", "--format", "json"])
        .ok();
    assert!(findings(&run.json(), "approval-missing").is_empty());
}

#[test]
fn a_merge_bringing_in_a_hand_edited_jump_is_refused_by_pre_merge_commit() {
    let (repo, _remote) = planned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    hand_edit_status(&repo, WP2, "Draft", "Complete");
    tick(&repo, WP2);
    repo.git(&["commit", "-q", "--no-verify", "-am", "02 is done"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "# Project\n\nMore.\n");
    repo.git(&["commit", "-q", "--no-verify", "-am", "readme"]);
    let before = repo.head();
    let run = repo.git_hooked(&["merge", "-q", "--no-ff", "-m", "merge topic", "topic"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[illegal-transition]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("git merge --no-verify"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.head(), before);
    repo.git(&["merge", "--abort"]);
}

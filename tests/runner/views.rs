//! `status` filters and views (`--state`, `--kind`, `--priority`,
//! `--initiative`, `--since`, `--oneline`), the ADRs grouped by state in
//! human `status`, and the pager.

use crate::common::{self, edit, TestRepo, WP1};

const Y: &str = ".engineering/artifacts/planning/2026-01-03-y";

/// Initiative x (scope assessment) with 01 ready, HIGH, estimated, and 02
/// draft, MEDIUM; initiative y (implementation) with 01 LOW, draft until a
/// commit of 2026-03-20 made it in progress; twelve accepted ADRs and one
/// proposed.
fn roadmap() -> TestRepo {
    let repo = common::two_work_packages();
    edit(&repo, WP1, "**Priority:** MEDIUM", "**Priority:** HIGH");
    edit(&repo, WP1, "**Status:** Draft", "**Status:** Ready");
    edit(
        &repo,
        WP1,
        "X-Yh agentic + Zh review",
        "2-4h agentic + 1h review",
    );
    repo.write(
        &format!("{Y}/README.md"),
        "# Y\n\n**Status:** Implementation\n",
    );
    repo.write(
        &format!("{Y}/01-three-plan.md"),
        "# Phase 01: Three\n\n**Priority:** LOW\n**Status:** Draft\n",
    );
    for n in 1..=12 {
        repo.write(
            &format!(".engineering/artifacts/adr/{n:04}-decision-{n}.md"),
            format!("# {n}. Decision {n}\n\n**Status:** Accepted\n"),
        );
    }
    repo.write(
        ".engineering/artifacts/adr/0013-maybe.md",
        "# 13. Maybe\n\n**Status:** Proposed\n",
    );
    repo.commit_all("roadmap");
    edit(
        &repo,
        &format!("{Y}/01-three-plan.md"),
        "Draft",
        "In Progress",
    );
    repo.git(&["add", "-A"]);
    let mut commit = repo.command("git", repo.path());
    commit
        .args(["commit", "-q", "-m", "y/01 started"])
        .env("GIT_AUTHOR_DATE", "2026-03-20T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-03-20T10:00:00Z");
    assert_eq!(repo.run(commit).code, 0);
    repo
}

fn oneline(repo: &TestRepo, args: &[&str]) -> String {
    let mut all = vec!["status", "--oneline"];
    all.extend(args);
    let run = repo.plan(&all).ok();
    assert_eq!(run.stderr, "");
    run.stdout
}

#[test]
fn oneline_shows_one_line_per_document_with_priority_and_effort_for_work_packages() {
    let repo = roadmap();
    insta::assert_snapshot!(oneline(&repo, &[]), @r"
    2026-01-02-x     scope-assessment          X
    2026-01-02-x/01  ready             HIGH    Phase 01: One  2-4h agentic + 1h review
    2026-01-02-x/02  draft             MEDIUM  Phase 02: Two
    2026-01-03-y     implementation            Y
    2026-01-03-y/01  in-progress       LOW     Phase 01: Three
    adr-0001         accepted                  Decision 1
    adr-0002         accepted                  Decision 2
    adr-0003         accepted                  Decision 3
    adr-0004         accepted                  Decision 4
    adr-0005         accepted                  Decision 5
    adr-0006         accepted                  Decision 6
    adr-0007         accepted                  Decision 7
    adr-0008         accepted                  Decision 8
    adr-0009         accepted                  Decision 9
    adr-0010         accepted                  Decision 10
    adr-0011         accepted                  Decision 11
    adr-0012         accepted                  Decision 12
    adr-0013         proposed                  Maybe
    ");
}

#[test]
fn each_filter_narrows_the_roadmap_and_initiatives_stay_for_their_work_packages() {
    let repo = roadmap();
    // A state by a synonym; the initiative is kept for its work package.
    insta::assert_snapshot!(oneline(&repo, &["--state", "Ready for Implementation"]), @r"
    2026-01-02-x     scope-assessment        X
    2026-01-02-x/01  ready             HIGH  Phase 01: One  2-4h agentic + 1h review
    ");
    // Two states: either matches; an initiative matches on its own.
    insta::assert_snapshot!(oneline(&repo, &["--state", "implementation", "--state", "proposed"]), @r"
    2026-01-03-y  implementation  Y
    adr-0013      proposed        Maybe
    ");
    insta::assert_snapshot!(oneline(&repo, &["--kind", "initiative"]), @r"
    2026-01-02-x  scope-assessment  X
    2026-01-03-y  implementation    Y
    ");
    insta::assert_snapshot!(oneline(&repo, &["--priority", "medium", "--priority", "LOW"]), @r"
    2026-01-02-x     scope-assessment          X
    2026-01-02-x/02  draft             MEDIUM  Phase 02: Two
    2026-01-03-y     implementation            Y
    2026-01-03-y/01  in-progress       LOW     Phase 01: Three
    ");
    insta::assert_snapshot!(oneline(&repo, &["--initiative", "y"]), @"
    2026-01-03-y     implementation       Y
    2026-01-03-y/01  in-progress     LOW  Phase 01: Three
    ");
}

#[test]
fn filters_combine_and_an_empty_result_says_so() {
    let repo = roadmap();
    insta::assert_snapshot!(oneline(&repo, &["--kind", "work-package", "--state", "draft", "--initiative", "x"]), @r"
    2026-01-02-x     scope-assessment          X
    2026-01-02-x/02  draft             MEDIUM  Phase 02: Two
    ");
    assert_eq!(
        oneline(&repo, &["--kind", "adr", "--state", "superseded"]),
        "No documents match --state superseded --kind adr.\n"
    );
    let run = repo
        .plan(&["status", "--priority", "HIGH", "--state", "blocked"])
        .ok();
    assert_eq!(
        run.stdout,
        "Roadmap in .engineering/: 0 initiatives, 0 work packages, 0 ADRs\nNo documents match --state blocked --priority HIGH.\n"
    );
}

#[test]
fn since_keeps_what_moved_on_or_after_the_date() {
    let repo = roadmap();
    let moved = "2026-01-03-y     implementation       Y\n2026-01-03-y/01  in-progress     LOW  Phase 01: Three\n";
    assert_eq!(oneline(&repo, &["--since", "2026-03-20"]), moved);
    // NOW is 2026-04-01T12:00Z: two weeks back is 2026-03-18T12:00Z.
    assert_eq!(oneline(&repo, &["--since", "2.weeks.ago"]), moved);
    assert_eq!(oneline(&repo, &["--since", "13 days ago"]), moved);
    assert_eq!(
        oneline(&repo, &["--since", "1.week.ago"]),
        "No documents match --since 1.week.ago.\n"
    );
    // Everything was set at or after 2026-01-02 (the rest on DATE).
    assert_eq!(
        oneline(&repo, &["--since", "2026-01-02"]),
        oneline(&repo, &[])
    );
    let run = repo.plan(&["status", "--since", "last tuesday"]).fails(2);
    assert!(
        run.stderr
            .starts_with("Error: --since `last tuesday` is not a date"),
        "{}",
        run.stderr
    );
}

#[test]
fn filters_apply_to_json_which_says_what_was_applied() {
    let repo = roadmap();
    let json = repo
        .plan(&[
            "status",
            "--json",
            "--state",
            "accepted",
            "--since",
            "2026-01-01",
        ])
        .ok()
        .json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["initiatives"], serde_json::json!([]));
    assert_eq!(json["adrs"]["total"], 12);
    assert_eq!(
        json["adrs"]["by_status"],
        serde_json::json!({"accepted": 12})
    );
    assert_eq!(json["adrs"]["items"].as_array().unwrap().len(), 12);
    assert_eq!(
        json["filters"],
        serde_json::json!({"state": ["accepted"], "since": "2026-01-01 (2026-01-01T00:00:00Z)"})
    );
    let json = repo
        .plan(&["status", "--json", "--kind", "wp", "--priority", "high"])
        .ok()
        .json();
    let x = common::initiative(&json, "2026-01-02-x");
    assert_eq!(x["work_packages"].as_array().unwrap().len(), 1);
    assert_eq!(x["work_packages"][0]["id"], "2026-01-02-x/01");
    assert_eq!(json["initiatives"].as_array().unwrap().len(), 1);
    assert_eq!(json["filters"]["kind"], serde_json::json!(["work-package"]));
    assert_eq!(json["filters"]["priority"], serde_json::json!(["high"]));
    // Without filters there is no `filters` field.
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert!(json.get("filters").is_none());
}

#[test]
fn unknown_filter_values_are_usage_errors_naming_what_exists() {
    let repo = roadmap();
    let run = repo.plan(&["status", "--kind", "epic"]).fails(2);
    assert_eq!(
        run.stderr,
        "Error: `epic` is not a kind of document; the kinds are: initiative, work-package, work-plan, supporting-plan, analysis, completion, adr, note\n"
    );
    let run = repo.plan(&["status", "--priority", "soon"]).fails(2);
    assert!(
        run.stderr
            .starts_with("Error: `soon` is not a priority; the priorities are: CRITICAL, HIGH"),
        "{}",
        run.stderr
    );
    let run = repo.plan(&["status", "--state", "shiny"]).fails(2);
    assert!(run.stderr.starts_with("Error: `shiny` is not a state of initiatives, work packages, ADRs; the states are: scope-assessment,"), "{}", run.stderr);
    repo.plan(&["status", "--initiative", "nope"]).fails(1);
}

#[test]
fn status_lists_adr_titles_by_state_collapsed_past_ten() {
    let repo = roadmap();
    let run = repo.plan(&["status"]).ok();
    let adrs = run.stdout.split_once("\nADRs").unwrap().1;
    insta::assert_snapshot!(adrs, @r"
     13: accepted 12, proposed 1
      accepted
        0001  Decision 1
        0002  Decision 2
        0003  Decision 3
        0004  Decision 4
        0005  Decision 5
        0006  Decision 6
        0007  Decision 7
        0008  Decision 8
        0009  Decision 9
        0010  Decision 10
        … and 2 more accepted (git plan adr list --status accepted)
      proposed
        0013  Maybe
    ");
}

// ---------------------------------------------------------------------------
// The pager

/// A pager that records that it ran, its LESS and LV, and what it read.
fn recording_pager(repo: &TestRepo) -> std::path::PathBuf {
    let script = repo.home().join("pager.sh");
    let log = repo.home().join("paged");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"LESS=$LESS LV=$LV\" > '{}'\ncat >> '{}'\n",
            log.display(),
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// Whether `script` (util-linux) can give a command a terminal here.
fn have_script() -> bool {
    std::process::Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `command` (a shell line) in the repository under a
/// pseudo-terminal, with no stdin, and `env` set; returns what the pager
/// recorded, `None` when it did not run.
fn paged(repo: &TestRepo, command: &str, env: &[(&str, &str)]) -> Option<String> {
    let log = repo.home().join("paged");
    let _ = std::fs::remove_file(&log);
    let mut cmd = repo.command("script", repo.path());
    cmd.args(["-qec", command, "/dev/null"])
        .env("PATH", common::path_with_bin())
        .env_remove("LESS")
        .env_remove("LV")
        .env_remove("PAGER")
        .env_remove("GIT_PAGER_IN_USE")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "{command}: {}{}", run.stdout, run.stderr);
    std::fs::read_to_string(&log).ok()
}

fn bin() -> String {
    common::bin().display().to_string()
}

#[test]
fn the_pager_runs_for_status_log_show_diff_and_adr_list_on_a_terminal() {
    if !have_script() {
        common::skip_unless_required(
            "GIT_PLAN_REQUIRE_SCRIPT",
            "the `script` command (util-linux) is not here",
        );
        return;
    }
    let repo = roadmap();
    let pager = recording_pager(&repo);
    let pager = pager.to_str().unwrap();
    let env = [("GIT_PAGER", pager)];
    let status = paged(&repo, &format!("{} status", bin()), &env).expect("status paged");
    assert!(
        status.starts_with("LESS=FRX LV=-c\nRoadmap in .engineering/: 2 initiatives"),
        "{status}"
    );
    for args in [
        "log",
        "show 2026-01-02-x/01",
        "diff HEAD~1..HEAD",
        "adr list",
    ] {
        let out = paged(&repo, &format!("{} {args}", bin()), &env)
            .unwrap_or_else(|| panic!("{args} not paged"));
        assert!(out.lines().count() > 1, "{args}: {out}");
    }
    // Through git, as a user runs it.
    assert!(paged(&repo, "git plan status", &env).is_some());
    // A LESS of the user's own is kept.
    let out = paged(
        &repo,
        &format!("{} status", bin()),
        &[("GIT_PAGER", pager), ("LESS", "S")],
    )
    .unwrap();
    assert!(out.starts_with("LESS=S LV=-c\n"), "{out}");
    // PAGER, then core.pager, are used too.
    assert!(paged(&repo, &format!("{} status", bin()), &[("PAGER", pager)]).is_some());
    repo.git(&["config", "core.pager", pager]);
    assert!(paged(&repo, &format!("{} status", bin()), &[]).is_some());
}

#[test]
fn the_pager_does_not_run_when_piped_turned_off_or_for_json() {
    if !have_script() {
        common::skip_unless_required(
            "GIT_PLAN_REQUIRE_SCRIPT",
            "the `script` command (util-linux) is not here",
        );
        return;
    }
    let repo = roadmap();
    let pager = recording_pager(&repo);
    let pager = pager.to_str().unwrap();
    let env = [("GIT_PAGER", pager)];
    let b = bin();
    for command in [
        format!("{b} status | cat"),
        format!("{b} --no-pager status"),
        format!("{b} -P log"),
        format!("{b} status --json"),
        format!("{b} adr list --json"),
        "git --no-pager plan status".to_string(),
    ] {
        assert_eq!(paged(&repo, &command, &env), None, "{command}");
    }
    for value in ["cat", ""] {
        assert_eq!(
            paged(&repo, &format!("{b} status"), &[("GIT_PAGER", value)]),
            None
        );
    }
    repo.git(&["config", "pager.plan", "false"]);
    assert_eq!(paged(&repo, &format!("{b} status"), &env), None);
    // pager.plan naming a command is used (GIT_PAGER unset).
    repo.git(&["config", "pager.plan", pager]);
    assert!(paged(&repo, &format!("{b} status"), &[]).is_some());
    // A piped run prints as before.
    let run = repo.plan(&["status"]).ok();
    assert!(run.stdout.starts_with("Roadmap in"));
}

#[test]
fn a_pager_that_quits_early_is_a_normal_exit_and_colour_is_kept() {
    if !have_script() {
        common::skip_unless_required(
            "GIT_PLAN_REQUIRE_SCRIPT",
            "the `script` command (util-linux) is not here",
        );
        return;
    }
    let repo = roadmap();
    let pager = recording_pager(&repo);
    let pager = pager.to_str().unwrap();
    // `head -1` leaves after one line: git plan meets a closed pipe.
    let log = repo.home().join("rc");
    let command = format!("{} log; echo $? > '{}'", bin(), log.display());
    assert_eq!(paged(&repo, &command, &[("GIT_PAGER", "head -1")]), None);
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "0\n");
    // Colour as on the terminal: on unless NO_COLOR or --color=never.
    let coloured = paged_with_colour(&repo, &format!("{} status", bin()), pager);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    let plain = paged_with_colour(&repo, &format!("{} --color=never status", bin()), pager);
    assert!(!plain.contains("\u{1b}["), "{plain}");
}

/// [`paged`] without the harness's NO_COLOR.
fn paged_with_colour(repo: &TestRepo, command: &str, pager: &str) -> String {
    let log = repo.home().join("paged");
    let _ = std::fs::remove_file(&log);
    let mut cmd = repo.command("script", repo.path());
    cmd.args(["-qec", command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .env("GIT_PAGER", pager)
        .stdin(std::process::Stdio::null());
    assert_eq!(repo.run(cmd).code, 0);
    std::fs::read_to_string(&log).unwrap()
}

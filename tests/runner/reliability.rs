//! Reliability under hostile input and hostile conditions (issue 10): odd
//! comments, newlines in values, parse errors at the gate, concurrent runs,
//! symlinks, hook loops, edits of the file a transition changes, signals.
//! `docs/reliability.md` lists each case with the test that shows it.

use crate::common::{TestRepo, GOOD_PLAN, INITIATIVE};

/// `init`, an initiative `x` and one work package `01`, committed by the tool.
fn scaffold() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    assert_eq!(repo.porcelain(), "");
    repo
}

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

// Item 2: newlines forge trailers and metadata.

#[test]
fn a_newline_in_the_approver_is_a_usage_error_naming_the_option() {
    let repo = scaffold();
    let before = repo.head();
    let run = repo
        .plan(&[
            "approve",
            "x",
            "--by",
            "Alice\nPlan-Override: x\nPlan-Approved-By: Mallory",
        ])
        .fails(2);
    assert_eq!(
        run.error_lines(),
        ["Error: --by contains a newline (character 6); it must be one line of text"]
    );
    assert_eq!(repo.head(), before);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn control_characters_in_new_documents_are_refused() {
    let repo = scaffold();
    let before = repo.head();
    let cases: &[(&[&str], &str)] = &[
        (&["add", "x", "Task\n**Status:** Complete"], "<title>"),
        (&["add", "x", "Task", "--priority", "HIGH\r"], "--priority"),
        (&["add", "x", "Task", "--effort", "2h\u{7f}"], "--effort"),
        (&["adr", "new", "Use\n\nPlan-Id: forged"], "<title>"),
        (&["new", "y", "--title", "Y\u{1b}[31m"], "--title"),
        (
            &["set", "01", "status=ready\nPlan-Override: x"],
            "status=VALUE",
        ),
    ];
    for (args, option) in cases {
        let run = repo.plan(args).fails(2);
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{args:?}: {}", run.stderr);
        assert!(
            errors[0].starts_with(&format!("Error: {option} contains ")),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(repo.head(), before, "{args:?}");
        assert_eq!(repo.porcelain(), "", "{args:?}");
    }
    // `--reason` is folded to one line, as before.
    repo.plan(&["set", "01", "status=ready", "--force"]).ok();
    repo.plan(&["block", "01", "--reason", "waiting\nPlan-Override: all"])
        .ok();
    let body = repo.git(&["log", "-1", "--format=%B"]);
    assert!(
        body.contains("Plan-Reason: waiting Plan-Override: all\n"),
        "{body}"
    );
}

#[test]
fn log_reads_only_the_final_trailer_block() {
    let repo = scaffold();
    let wp = format!("{INITIATIVE}/01-one-plan.md");
    let text = repo
        .read(&wp)
        .replace("**Status:** Draft", "**Status:** Ready");
    repo.write(&wp, text);
    repo.git(&["add", "-A"]);
    repo.git(&[
        "commit",
        "-q",
        "-m",
        "hand edit\n\nPlan-Override: forged\nPlan-Approved-By: Mallory\n\nSigned-off-by: Ada <ada@example.com>",
    ]);
    let json = repo.plan(&["log", "x/01", "--json"]).ok().json();
    let entries = json["entries"].as_array().unwrap();
    let hand = entries
        .iter()
        .find(|e| e["to"] == "ready")
        .unwrap_or_else(|| panic!("no hand edit in {json}"));
    assert_eq!(hand["trailers"], serde_json::json!([]), "{hand}");
}

// Item 3: parse errors the gate missed.

/// A plan file that is not UTF-8 and one with a malformed front matter block.
const NOT_UTF8: &[u8] = b"# Phase 02: Bad\n\n**Status:** Ready \xff\xfe\n";
const BAD_FRONT_MATTER: &str = "+++\nstatus = \n+++\n# Phase 03: Front\n\n## Success Criteria\n\n- [ ] a\n\n## Rollback Plan\n\nRevert.\n";

fn with_unparsable_plans(repo: &TestRepo) {
    repo.write(&format!("{INITIATIVE}/01-good-plan.md"), GOOD_PLAN);
    repo.write(&format!("{INITIATIVE}/02-bad-plan.md"), NOT_UTF8);
    repo.write(&format!("{INITIATIVE}/03-front-plan.md"), BAD_FRONT_MATTER);
}

#[test]
fn check_reports_parse_errors_in_every_mode() {
    let repo = TestRepo::initialised();
    with_unparsable_plans(&repo);
    let findings = |run: &crate::common::Run| -> Vec<(String, String, u64)> {
        let json = run.json();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "parse-error")
            .map(|f| {
                (
                    f["path"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string(),
                    f["level"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let expected = vec![
        ("02-bad-plan.md".to_string(), "error".to_string(), 3),
        ("03-front-plan.md".to_string(), "error".to_string(), 2),
    ];
    let run = repo.plan(&["check", "--format", "json"]).fails(1);
    assert_eq!(findings(&run), expected, "{}", run.stdout);
    let human = repo.plan(&["check"]).fails(1);
    assert!(
        human.stdout.contains("error[parse-error]") || human.stderr.contains("error[parse-error]"),
        "{}{}",
        human.stdout,
        human.stderr
    );
    repo.git(&["add", "-A"]);
    let run = repo
        .plan(&["check", "--staged", "--format", "json"])
        .fails(1);
    assert_eq!(findings(&run), expected, "{}", run.stdout);
    repo.git(&["commit", "-q", "--no-verify", "-m", "plans"]);
    let run = repo
        .plan(&["check", "--rev", "HEAD", "--format", "json"])
        .fails(1);
    assert_eq!(findings(&run), expected, "{}", run.stdout);
    let run = repo
        .plan(&["check", "--range", "HEAD~1..HEAD", "--format", "json"])
        .fails(1);
    assert_eq!(findings(&run), expected, "{}", run.stdout);
}

#[test]
fn the_pre_commit_hook_refuses_a_plan_file_that_cannot_be_parsed() {
    let repo = TestRepo::initialised();
    repo.git_plan(&["hooks", "install"]).ok();
    let before = repo.head();
    repo.write(&format!("{INITIATIVE}/02-bad-plan.md"), NOT_UTF8);
    repo.git(&["add", "-A"]);
    let run = repo.git_hooked(&["commit", "-q", "-m", "bad plan"]);
    assert_ne!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("parse-error"), "{}", run.stderr);
    assert_eq!(repo.head(), before);
}

#[test]
fn show_of_an_unparsable_file_says_what_is_wrong_with_it() {
    let repo = TestRepo::initialised();
    with_unparsable_plans(&repo);
    let run = repo.plan(&["show", "x/02"]).fails(1);
    assert_eq!(
        run.error_lines(),
        [format!(
            "Error: {INITIATIVE}/02-bad-plan.md:3: not valid UTF-8 (byte 35); it cannot be shown"
        )]
    );
    // A document whose front matter is malformed is shown, with the problem.
    let run = repo.plan(&["show", "x/03"]).ok();
    assert!(
        run.stderr.contains("03-front-plan.md:2")
            && run.stderr.contains("malformed TOML front matter"),
        "{}",
        run.stderr
    );
}

// Item 4: concurrent transitions.

/// Runs the `git-plan` commands at once, one process each, and returns
/// their outputs in order.
fn at_once(repo: &TestRepo, runs: &[Vec<String>]) -> Vec<crate::common::Run> {
    let children: Vec<_> = runs
        .iter()
        .map(|args| {
            let mut cmd = repo.command(crate::common::bin(), repo.path());
            cmd.args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            crate::common::Run {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                code: out.status.code().unwrap_or(-1),
                args: Vec::new(),
            }
        })
        .collect()
}

/// The commit ids (12 digits) that the runs reported as made.
fn reported(runs: &[crate::common::Run]) -> Vec<String> {
    runs.iter()
        .flat_map(|r| r.stdout.lines())
        .filter_map(|l| l.strip_prefix("Committed "))
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect()
}

/// Every reported commit is on HEAD's first-parent chain exactly once, the
/// chain since `base` holds nothing else, no commit holds an empty plan
/// file, the work tree and index are clean, and `log` shows one step per
/// commit.
#[track_caller]
fn assert_serialised(repo: &TestRepo, base: &str, reported: &[String]) {
    let chain = repo.git(&["rev-list", "--first-parent", &format!("{base}..HEAD")]);
    let chain: Vec<&str> = chain.lines().collect();
    for id in reported {
        assert_eq!(
            chain.iter().filter(|c| c.starts_with(id.as_str())).count(),
            1,
            "{id} is not on HEAD exactly once"
        );
    }
    assert_eq!(chain.len(), reported.len(), "commits nobody reported");
    for commit in &chain {
        for path in repo.commit_paths(commit) {
            let size = repo.git(&["cat-file", "-s", &format!("{commit}:{path}")]);
            assert_ne!(size.trim(), "0", "{commit} holds an empty {path}");
        }
        // Each commit changes its plan file from the state the previous one left.
        let body = repo.git(&["log", "-1", "--format=%B", commit]);
        assert!(body.contains("Plan-Transition: "), "{body}");
    }
    assert_eq!(repo.porcelain(), "");
    let log = repo.plan(&["log", "--json"]).ok().json();
    let steps = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["change"] != "added")
        .count();
    assert_eq!(
        steps,
        reported.len() + 8,
        "phantom or missing steps in {log}"
    );
}

#[test]
fn concurrent_transitions_on_different_and_the_same_work_package_serialise() {
    let repo = TestRepo::initialised();
    for n in 1..=8 {
        repo.write(
            &format!("{INITIATIVE}/0{n}-p{n}-plan.md"),
            GOOD_PLAN
                .replace("01", &format!("0{n}"))
                .replace("Ready", "Draft"),
        );
    }
    repo.commit_all("plans");
    // Eight hand-made steps: draft -> ready, so that `log` has a known count.
    for n in 1..=8 {
        let path = format!("{INITIATIVE}/0{n}-p{n}-plan.md");
        repo.write(&path, repo.read(&path).replace("Draft", "Ready"));
    }
    repo.commit_all("ready");
    let base = repo.head();
    let mut all = Vec::new();
    for round in 0..10 {
        let runs: Vec<Vec<String>> = (1..=8)
            .map(|n| {
                let id = format!("x/0{n}");
                if round % 2 == 0 {
                    vec!["start".to_string(), id]
                } else {
                    vec!["block".into(), id, "--reason".into(), "r".into()]
                }
            })
            .collect();
        let outs = at_once(&repo, &runs);
        for out in &outs {
            assert!(
                out.code == 0 || out.stderr.contains("another git plan is running"),
                "{}",
                out.stderr
            );
        }
        all.extend(reported(&outs));
    }
    // The same work package, eight at a time: one `start` or `block` wins
    // each round, the others find it already there.
    for round in 0..10 {
        let args: Vec<String> = if round % 2 == 0 {
            vec!["block".into(), "x/01".into(), "--reason".into(), "r".into()]
        } else {
            vec!["start".into(), "x/01".into()]
        };
        let outs = at_once(&repo, &vec![args; 8]);
        let made = reported(&outs);
        assert!(made.len() <= 1, "{made:?}");
        all.extend(made);
    }
    assert!(all.len() >= 8, "too few transitions went in: {all:?}");
    assert_serialised(&repo, &base, &all);
}

// Item 5: symlinks.

#[test]
fn a_plan_file_linking_out_of_the_tree_is_neither_read_nor_written() {
    let repo = TestRepo::initialised();
    let outside = tempfile::TempDir::new().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, GOOD_PLAN).unwrap();
    repo.write(&format!("{INITIATIVE}/README.md"), "# X\n");
    let link = repo.path().join(format!("{INITIATIVE}/01-good-plan.md"));
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    repo.commit_all("a link out");
    let json = repo.plan(&["status", "--json"]).ok().json();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "not-read"
                && d["path"].as_str().unwrap().ends_with("01-good-plan.md")),
        "{json}"
    );
    let run = repo.plan(&["start", "x/01", "--no-commit"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), GOOD_PLAN);
}

#[test]
fn a_directory_link_loop_is_not_followed() {
    let repo = TestRepo::initialised();
    repo.write(&format!("{INITIATIVE}/01-good-plan.md"), GOOD_PLAN);
    std::os::unix::fs::symlink("..", repo.path().join(format!("{INITIATIVE}/loop"))).unwrap();
    let json = repo.plan(&["status", "--json"]).ok().json();
    let init = crate::common::initiative(&json, "2026-01-02-x");
    assert_eq!(init["work_packages"].as_array().unwrap().len(), 1, "{init}");
}

// Item 7: edits of the plan file a transition changes.

#[test]
fn edits_of_the_plan_file_are_refused_unless_included() {
    let repo = TestRepo::initialised();
    let wp = format!("{INITIATIVE}/01-good-plan.md");
    repo.write(&wp, GOOD_PLAN);
    repo.write("notes.txt", "mine\n");
    repo.commit_all("plans");
    repo.write("notes.txt", "mine, edited\n");
    for staged in [false, true] {
        repo.write(
            &wp,
            GOOD_PLAN.replace("Revert the merge commit.", "Revert it."),
        );
        if staged {
            repo.git(&["add", &wp]);
        }
        let before = repo.head();
        let porcelain = repo.porcelain();
        let run = repo.plan(&["start", "x/01"]).fails(1);
        assert_eq!(
            run.error_lines(),
            [format!("Error: {wp} has uncommitted edits, which the transition commit would sweep in; nothing was changed")],
            "{}",
            run.stderr
        );
        assert!(
            run.hint_lines()[0].contains("--include-edits"),
            "{}",
            run.stderr
        );
        assert!(run.hint_lines()[0].contains("git stash"), "{}", run.stderr);
        assert_eq!(repo.head(), before);
        assert_eq!(repo.porcelain(), porcelain);
    }
    repo.plan(&["start", "x/01", "--include-edits"]).ok();
    assert_eq!(repo.commit_paths("HEAD"), [wp.as_str()]);
    let committed = repo.git(&["show", &format!("HEAD:{wp}")]);
    assert!(committed.contains("Revert it.") && committed.contains("In Progress"));
    assert_eq!(repo.porcelain(), " M notes.txt\n");
}

// Item 6: the pre-commit framework and our hooks.

/// What `pre-commit install` writes, reduced to what matters here: it runs
/// `<its own name>.legacy` first, then the framework.
const FRAMEWORK_HOOK: &str = "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nHERE=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\nif [ -x \"$HERE/pre-commit.legacy\" ]; then \"$HERE/pre-commit.legacy\" \"$@\" || exit $?; fi\necho framework ran >&2\n";

#[test]
fn a_shim_moved_to_legacy_by_the_framework_does_not_run_itself() {
    let repo = TestRepo::initialised();
    repo.git_plan(&["hooks", "install"]).ok();
    // `pre-commit install` moves our shim aside and puts its own hook in place.
    let hooks = repo.path().join(".git/hooks");
    std::fs::rename(hooks.join("pre-commit"), hooks.join("pre-commit.legacy")).unwrap();
    repo.hook("pre-commit", FRAMEWORK_HOOK);
    repo.write(&format!("{INITIATIVE}/01-good-plan.md"), GOOD_PLAN);
    repo.git(&["add", "-A"]);
    let mut cmd = repo.command("timeout", repo.path());
    cmd.args(["20", "git", "commit", "-q", "-m", "a plan"])
        .env("PATH", crate::common::path_with_bin())
        .env_remove("SKIP");
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("framework ran"), "{}", run.stderr);
}

#[test]
fn hooks_install_over_the_framework_refuses_and_says_what_to_do() {
    let repo = TestRepo::initialised();
    repo.hook("pre-commit", FRAMEWORK_HOOK);
    let run = repo.git_plan(&["hooks", "install"]).fails(1);
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    assert!(
        run.error_lines()[0].contains("pre-commit framework"),
        "{}",
        run.stderr
    );
    assert!(
        run.hint_lines()[0].contains(".pre-commit-hooks.yaml"),
        "{}",
        run.stderr
    );
    let hooks = repo.path().join(".git/hooks");
    assert!(!hooks.join("pre-commit.legacy").exists());
    assert!(!hooks.join("pre-push").exists());
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit")).unwrap(),
        FRAMEWORK_HOOK
    );
}

// Issue 10, what was left, item 1: signals during a commit.

/// A repository with [`GOOD_PLAN`] committed as `x/01`, and a pre-commit
/// hook that writes its pid to `started` beside the repository (not in
/// it), then sleeps `seconds`.
fn with_a_slow_hook(seconds: u32) -> (TestRepo, String, std::path::PathBuf) {
    let repo = TestRepo::initialised();
    let wp = format!("{INITIATIVE}/01-good-plan.md");
    repo.write(&wp, GOOD_PLAN);
    repo.commit_all("plans");
    let marker = repo.home().join("started");
    repo.hook(
        "pre-commit",
        &format!(
            "#!/bin/sh\necho $$ > '{}'\nexec sleep {seconds}\n",
            marker.display()
        ),
    );
    (repo, wp, marker)
}

/// Spawns `git plan ARGS` and waits until the hook has started.
fn started_in_the_hook(
    repo: &TestRepo,
    marker: &std::path::Path,
    args: &[&str],
) -> std::process::Child {
    let _ = std::fs::remove_file(marker);
    let mut cmd = repo.command(crate::common::bin(), repo.path());
    cmd.args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !marker.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the hook never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child
}

fn send(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid}");
}

/// Files of the git directory whose name starts with `git-plan-`.
fn leftovers(repo: &TestRepo) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.starts_with("git-plan-") || n == "git-plan.lock")
        .collect();
    names.sort();
    names
}

#[test]
fn a_signal_during_a_slow_hook_undoes_the_transition_and_exits_128_plus_it() {
    let (repo, wp, marker) = with_a_slow_hook(20);
    let before = repo.head();
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2)] {
        let started = std::time::Instant::now();
        let child = started_in_the_hook(&repo, &marker, &["start", "x/01"]);
        let hook: u32 = loop {
            match std::fs::read_to_string(&marker).unwrap().trim().parse() {
                Ok(pid) => break pid,
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        };
        send(signal, child.id());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(128 + number),
            "SIG{signal}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("Error: interrupted by SIG{signal}; nothing was committed and the plan files are as they were")),
            "{stderr}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "SIG{signal} waited for the hook"
        );
        assert_eq!(repo.read(&wp), GOOD_PLAN, "SIG{signal}");
        assert_eq!(repo.head(), before, "SIG{signal}");
        assert_eq!(repo.porcelain(), "", "SIG{signal}");
        assert_eq!(leftovers(&repo), Vec::<String>::new(), "SIG{signal}");
        // The hook got the signal too: it does not sleep on as an orphan.
        let stat = format!("/proc/{hook}/stat");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::fs::read_to_string(&stat).is_ok_and(|s| !s.contains(") Z ")) {
            assert!(
                std::time::Instant::now() < deadline,
                "SIG{signal}: the hook is still running"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    // Nothing is left that stops the next run.
    repo.hook("pre-commit", "#!/bin/sh\nexit 0\n");
    repo.plan(&["start", "x/01"]).ok();
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn the_temporary_index_of_a_dead_run_is_removed_by_the_next_one() {
    let repo = TestRepo::initialised();
    let wp = format!("{INITIATIVE}/01-good-plan.md");
    repo.write(&wp, GOOD_PLAN);
    repo.commit_all("plans");
    // Pids are below 2^22 on Linux: this run is dead.
    let stale = repo.path().join(".git/git-plan-index.4194999");
    std::fs::copy(repo.path().join(".git/index"), &stale).unwrap();
    let run = repo.plan(&["start", "x/01"]).ok();
    assert!(!stale.exists(), "{}", run.stderr);
    assert!(!run.stderr.contains("Note"), "{}", run.stderr);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn a_run_killed_while_its_commit_lands_has_its_index_repaired_by_the_next_run() {
    let (repo, wp, marker) = with_a_slow_hook(1);
    let before = repo.head();
    let child = started_in_the_hook(&repo, &marker, &["start", "x/01"]);
    let pid = child.id();
    send("KILL", pid);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), None, "killed");
    // git outlives it: its commit lands once the hook is done.
    let temp_lock = repo.path().join(format!(".git/git-plan-index.{pid}.lock"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while repo.head() == before || temp_lock.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the commit never landed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // What a killed run leaves: the index still holds the old version.
    assert_eq!(repo.porcelain(), format!("MM {wp}\n"));
    assert_eq!(
        leftovers(&repo),
        [format!("git-plan-index.{pid}"), "git-plan.lock".to_string()]
    );
    repo.hook("pre-commit", "#!/bin/sh\nexit 0\n");
    let run = repo.plan(&["block", "x/01", "--reason", "waiting"]).ok();
    assert!(
        run.stderr.contains(&format!(
            "Note: a git plan killed while committing had left the index holding the previous version of {wp}; it now matches HEAD"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(repo.porcelain(), "");
    assert_eq!(leftovers(&repo), Vec::<String>::new());
    assert_eq!(repo.commit_count(), 5, "initial, init, plans, start, block");
}

// Issue 10, what was left, item 2: odd bytes and odd files.

#[test]
fn cr_only_and_bom_files_are_read_and_edited_byte_for_byte() {
    let repo = TestRepo::initialised();
    let cr = format!("{INITIATIVE}/01-good-plan.md");
    let bom = format!("{INITIATIVE}/02-bom-plan.md");
    repo.write(&cr, GOOD_PLAN.replace('\n', "\r"));
    let with_bom = format!("\u{feff}{}", GOOD_PLAN.replace("01: Good", "02: Bom"));
    repo.write(&bom, &with_bom);
    repo.commit_all("plans");
    let run = repo.plan(&["status", "--json"]).ok();
    assert_eq!(run.stderr, "");
    let json = run.json();
    let init = crate::common::initiative(&json, "2026-01-02-x");
    let wps = init["work_packages"].as_array().unwrap();
    let titles: Vec<&str> = wps.iter().map(|w| w["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Phase 01: Good", "Phase 02: Bom"], "{init}");
    for wp in wps {
        assert_eq!(wp["status"]["state"], "ready", "{wp}");
        assert_eq!(wp["success_criteria"]["total"], 1, "{wp}");
    }
    repo.plan(&["check"]).ok();
    repo.plan(&["start", "x/01"]).ok();
    repo.plan(&["start", "x/02"]).ok();
    assert_eq!(
        repo.read(&cr),
        GOOD_PLAN
            .replace("Ready", "In Progress")
            .replace('\n', "\r")
    );
    assert_eq!(repo.read(&bom), with_bom.replace("Ready", "In Progress"));
    assert_eq!(repo.porcelain(), "");
    // The history reads the same statuses from the committed versions
    // (newest first).
    for id in ["x/01", "x/02"] {
        let json = repo.plan(&["log", id, "--json"]).ok().json();
        let states: Vec<&str> = json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["to"].as_str())
            .collect();
        assert_eq!(states, ["in-progress", "ready"], "{id}: {json}");
    }
}

#[test]
fn a_fifo_at_a_cache_path_is_a_miss_not_a_hang() {
    let repo = TestRepo::initialised();
    repo.write(&format!("{INITIATIVE}/01-good-plan.md"), GOOD_PLAN);
    repo.commit_all("plans");
    let later = crate::common::later_than_the_files();
    let status = || {
        let mut cmd = repo.command("timeout", repo.path());
        cmd.args(["20"])
            .arg(crate::common::bin())
            .args(["status", "--json"])
            .env("GIT_PLAN_NOW", &later);
        repo.run(cmd)
    };
    let first = status().ok();
    let cache = repo.path().join(".git/git-plan");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy()[..5].to_string())
        .collect();
    assert!(
        names.contains(&"histo".to_string()) && names.contains(&"tree-".to_string()),
        "{names:?}"
    );
    for file in &files {
        std::fs::remove_file(file).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(file)
            .status()
            .unwrap();
        assert!(made.success());
    }
    let again = status().ok();
    assert_eq!(again.stdout, first.stdout);
}

#[test]
fn a_refusing_hook_is_named_and_its_output_shown() {
    let repo = TestRepo::initialised();
    let wp = format!("{INITIATIVE}/01-good-plan.md");
    repo.write(&wp, GOOD_PLAN);
    repo.commit_all("plans");
    let cases = [
        (
            "pre-commit",
            "exit 1",
            "the pre-commit hook refused the commit and printed nothing",
        ),
        (
            "commit-msg",
            "echo 'no ticket in the message' >&2; exit 1",
            "the commit-msg hook refused the commit: no ticket in the message",
        ),
    ];
    for (hook, body, said) in cases {
        let path = repo.path().join(".git/hooks").join(hook);
        repo.hook(hook, &format!("#!/bin/sh\n{body}\n"));
        let run = repo.plan(&["start", "x/01"]).fails(1);
        assert_eq!(
            run.error_lines(),
            ["Error: the commit failed, so the plan files were put back as they were"],
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("\nCaused by: {said}\n")),
            "{}",
            run.stderr
        );
        assert_eq!(repo.read(&wp), GOOD_PLAN);
        assert_eq!(repo.porcelain(), "");
        std::fs::remove_file(path).unwrap();
    }
}

#[test]
fn a_sha256_repository_is_named_as_such() {
    let repo = TestRepo::empty_dir();
    let status = repo
        .command("git", repo.path())
        .args(["init", "--quiet", "--object-format=sha256", "."])
        .status()
        .unwrap();
    assert!(status.success());
    let run = repo.plan(&["status"]).fails(1);
    assert!(
        run.stderr.starts_with("Error: ")
            && run
                .stderr
                .contains("is a SHA-256 repository, which git plan does not support yet"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_lock_held_by_a_live_process_refuses_after_waiting_and_changes_nothing() {
    let repo = scaffold();
    // This test process is alive: its pid in the lock holds it.
    let lock = repo.path().join(".git").join("git-plan.lock");
    std::fs::write(&lock, std::process::id().to_string()).unwrap();
    let head = repo.git(&["rev-parse", "HEAD"]);
    let run = repo
        .plan(&["set", "x/01", "status=ready", "--force"])
        .fails(1);
    assert!(
        run.stderr.starts_with(&format!(
            "Error: another git plan is running (lock {} held by pid {})",
            lock.display(),
            std::process::id()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Hint: Wait for it to finish"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(repo.porcelain(), "");
    assert!(lock.exists(), "another process's lock is left alone");
}

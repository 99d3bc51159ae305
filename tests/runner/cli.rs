//! End to end through `git plan ...` with the binary on PATH, as a user runs
//! it: help, usage errors and their exit codes, colour, and a closed pipe.

use git_plan::model::lifecycle::Move;

use crate::common::{bin, TestRepo};

#[test]
fn git_plan_init_new_add_adr_status_show() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    let run = repo.git_plan(&["init"]).ok();
    assert!(
        run.stdout.contains(".engineering/plan.toml"),
        "{}",
        run.stdout
    );
    repo.git_plan(&["new", "api", "--date", "2026-01-02"]).ok();
    repo.git_plan(&[
        "add",
        "api",
        "Parser",
        "--priority",
        "HIGH",
        "--date",
        "2026-01-02",
    ])
    .ok();
    repo.git_plan(&["adr", "new", "Use gix", "--date", "2026-01-02"])
        .ok();
    assert_eq!(repo.commit_count(), 5);
    assert_eq!(repo.porcelain(), "");

    let run = repo.git_plan(&["status"]).ok();
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        "Roadmap in .engineering/: 1 initiative, 1 work package, 1 ADR"
    );
    assert!(
        run.stdout.contains("2026-01-02-api  scope-assessment"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Phase 01: Parser"), "{}", run.stdout);
    assert!(run.stdout.contains("ADRs 1: proposed 1"), "{}", run.stdout);

    let json = repo.git_plan(&["status", "--json"]).ok().json();
    assert_eq!(json["version"], 2);
    assert_eq!(
        json["initiatives"][0]["work_packages"][0]["id"],
        "2026-01-02-api/01"
    );

    let json = repo.git_plan(&["show", "api/01", "--json"]).ok().json();
    assert_eq!(json["priority"]["raw"], "HIGH");
    let run = repo.git_plan(&["show", "adr-1"]).ok();
    assert!(run.stdout.starts_with("adr-0001  adr\n"), "{}", run.stdout);
}

#[test]
fn git_dash_c_plan_from_outside() {
    let repo = TestRepo::initialised();
    let outside = TestRepo::empty_dir();
    let bin_dir = bin().parent().unwrap().to_path_buf();
    let mut dirs = vec![bin_dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let mut cmd = repo.command("git", outside.path());
    cmd.arg("-C")
        .arg(repo.path())
        .args(["plan", "status", "--json"])
        .env("PATH", std::env::join_paths(dirs).unwrap());
    let json = repo.run(cmd).ok().json();
    assert_eq!(json["root"], ".engineering");
}

#[test]
fn short_help_lists_the_commands() {
    let repo = TestRepo::initialised();
    // `git plan -h` reaches the binary (git turns only `--help` into `git help`).
    for run in [
        repo.git_plan(&["-h"]),
        repo.plan(&["--help"]),
        repo.plan(&["help"]),
    ] {
        let run = run.ok();
        assert!(run.stdout.contains("Usage: git plan"), "{}", run.stdout);
        for command in ["init", "new", "add", "adr", "status", "show"] {
            assert!(
                run.stdout
                    .lines()
                    .any(|l| l.trim_start().starts_with(&format!("{command} "))),
                "{command} missing from:\n{}",
                run.stdout
            );
        }
        assert_eq!(run.stderr, "");
    }
    let run = repo.git_plan(&["status", "-h"]).ok();
    assert!(
        run.stdout.contains("Usage: git plan status"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--json"), "{}", run.stdout);
    let run = repo.plan(&["adr", "new", "--help"]).ok();
    assert!(run.stdout.contains("--supersedes"), "{}", run.stdout);
}

/// The moves a transition command's help names (`a or b -> c; d -> e`, or a
/// chain `a -> b -> c`), as `(from, to)` pairs.
fn moves_in_help(help: &str) -> Vec<(String, String)> {
    // The first paragraph, unwrapped.
    let first = help
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let moves = first
        .split_once(": ")
        .and_then(|(_, rest)| rest.strip_suffix(", as one commit"))
        .unwrap_or_else(|| panic!("no moves in the help's first line: {first}"));
    let mut pairs = Vec::new();
    for group in moves.split("; ") {
        let states: Vec<&str> = group.split(" -> ").collect();
        if states.len() > 2 {
            for w in states.windows(2) {
                pairs.push((w[0].to_string(), w[1].to_string()));
            }
            continue;
        }
        for from in states[0].split(" or ").flat_map(|s| s.split(", ")) {
            pairs.push((from.to_string(), states[1].to_string()));
        }
    }
    pairs.sort();
    pairs
}

/// Each transition verb's help names exactly the moves the lifecycle tables
/// give it, which is what the verb does
/// (`every_verb_moves_from_the_states_its_table_lists_and_no_others`).
#[test]
fn transition_help_names_the_moves_each_verb_makes() {
    let repo = TestRepo::new();
    for mv in Move::ALL {
        let mut args: Vec<&str> = mv.name().split(' ').collect();
        args.push("-h");
        let run = repo.plan(&args).ok();
        let mut want: Vec<(String, String)> = mv
            .moves()
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
        want.sort();
        assert_eq!(
            moves_in_help(&run.stdout),
            want,
            "git plan {} -h",
            mv.name()
        );
    }
    let run = repo.plan(&["start", "--help"]).ok();
    assert!(
        run.stdout
            .starts_with("Start a work package: ready or blocked -> in-progress, as one commit.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn version() {
    let repo = TestRepo::initialised();
    let run = repo.git_plan(&["--version"]).ok();
    assert_eq!(
        run.stdout,
        format!("git-plan {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let repo = TestRepo::initialised();
    let head = repo.head();
    // Without a command: the usage, on stderr.
    for args in [&[][..], &["adr"]] {
        let run = repo.git_plan(args).fails(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.contains("Usage: git plan"),
            "{args:?}: {}",
            run.stderr
        );
    }
    for args in [
        &["frobnicate"][..],
        &["status", "--bogus"],
        &["new"],
        &["add", "only-initiative"],
        &["adr", "new", "T", "--supersedes", "seven"],
        &["--color=sometimes", "status"],
    ] {
        let run = repo.git_plan(args).fails(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}:\n{}",
            run.stderr
        );
    }
    let run = repo.git_plan(&["frobnicate"]).fails(2);
    assert!(
        run.stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn failures_exit_1_through_git() {
    let repo = TestRepo::initialised();
    let run = repo.git_plan(&["show", "nothing"]).fails(1);
    assert_eq!(run.stdout, "");
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    assert_eq!(run.hint_lines().len(), 1, "{}", run.stderr);
    let run = repo.git_plan(&["init"]).fails(1);
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "api", "--date", "2026-01-02"]).ok();
    // Captured output is not a terminal: no colour by default.
    let mut cmd = repo.command(bin(), repo.path());
    cmd.arg("status").env_remove("NO_COLOR");
    let plain = repo.run(cmd).ok();
    assert!(!plain.stdout.contains('\u{1b}'), "{}", plain.stdout);
    let never = repo.plan(&["--color=never", "status"]).ok();
    assert!(!never.stdout.contains('\u{1b}'), "{}", never.stdout);
    let always = repo.plan(&["--color=always", "status"]).ok();
    assert!(always.stdout.contains("\u{1b}["), "{}", always.stdout);
    // JSON is never coloured.
    let json = repo.plan(&["--color=always", "status", "--json"]).ok();
    assert!(!json.stdout.contains('\u{1b}'), "{}", json.stdout);
    json.json();
    // Errors are coloured only when asked.
    let err = repo.plan(&["show", "nothing"]).fails(1);
    assert!(err.stderr.starts_with("Error: "), "{}", err.stderr);
    assert!(!err.stderr.contains('\u{1b}'), "{}", err.stderr);
    let err = repo.plan(&["--color=always", "show", "nothing"]).fails(1);
    assert!(
        err.stderr
            .starts_with("\u{1b}[1m\u{1b}[31mError\u{1b}[0m: "),
        "{:?}",
        err.stderr
    );
    assert!(
        err.stderr.contains("\u{1b}[36mHint\u{1b}[0m: "),
        "{:?}",
        err.stderr
    );

    // On `auto`, CLICOLOR_FORCE forces colour, on stdout and stderr...
    let forced = |args: &[&str], no_color: bool| {
        let mut cmd = repo.command(bin(), repo.path());
        cmd.args(args).env("CLICOLOR_FORCE", "1");
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        repo.run(cmd)
    };
    let run = forced(&["status"], false).ok();
    assert!(run.stdout.contains("\u{1b}["), "{}", run.stdout);
    assert_eq!(strip_ansi(&run.stdout), plain.stdout);
    let run = forced(&["show", "nothing"], false).fails(1);
    assert!(
        run.stderr.starts_with("\u{1b}[1m\u{1b}[31mError"),
        "{:?}",
        run.stderr
    );
    // ...but not past NO_COLOR, nor past `--color never`.
    let run = forced(&["status"], true).ok();
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    let run = forced(&["show", "nothing"], true).fails(1);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    let run = forced(&["--color=never", "status"], false).ok();
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    // NO_COLOR alone, on `auto`, is plain too.
    let no_color = repo.plan(&["status"]).ok();
    assert_eq!(no_color.stdout, plain.stdout);
    // `--color always` colours the same text.
    assert_eq!(strip_ansi(&always.stdout), plain.stdout);
}

/// `text` without its ANSI SGR sequences (`ESC [ ... m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A tree whose `status` output is far larger than a pipe's buffer (64 KiB
/// on Linux), as is `show` of its first work package, which has thousands
/// of success criteria.
fn big_tree() -> TestRepo {
    let repo = TestRepo::initialised();
    for i in 0..400 {
        let dir = format!(".engineering/artifacts/planning/2026-01-02-initiative-{i:03}");
        repo.write(
            &format!("{dir}/START-HERE.md"),
            format!("# Initiative {i}\n\n**Status:** Implementation\n"),
        );
        for n in 1..=3 {
            let mut text = format!(
                "# Phase 0{n}: A work package with a long enough title\n\n**Priority:** HIGH\n**Status:** In Progress\n**Estimated Effort:** 2-4h agentic + 1h review\n**Depends on:** 01\n"
            );
            if i == 0 && n == 1 {
                text.push_str("\n## Success Criteria\n\n");
                for k in 0..6000 {
                    text.push_str(&format!("- [ ] criterion number {k} is met\n"));
                }
            }
            repo.write(&format!("{dir}/0{n}-work-package-number-{n}-plan.md"), text);
        }
    }
    repo
}

/// Runs `git-plan ARGS | head -1` with pipefail, so that the pipeline's
/// status is git-plan's.
fn piped_to_head(repo: &TestRepo, args: &str) -> crate::common::Run {
    let mut cmd = repo.command("bash", repo.path());
    cmd.args([
        "-c",
        &format!("set -o pipefail; \"$0\" {args} | head -n 1"),
        bin().to_str().unwrap(),
    ]);
    repo.run(cmd)
}

#[test]
fn a_closed_pipe_exits_0_quietly() {
    let repo = big_tree();
    // The full outputs are much larger than a pipe holds, so git-plan is
    // still writing when head exits.
    let full = repo.plan(&["status"]).ok();
    assert!(full.stdout.len() > 256 * 1024, "{}", full.stdout.len());
    let full_json = repo.plan(&["status", "--json"]).ok();
    assert!(full_json.stdout.len() > 256 * 1024);

    let run = piped_to_head(&repo, "status");
    assert_eq!(
        run.stdout,
        "Roadmap in .engineering/: 400 initiatives, 1200 work packages, 0 ADRs\n"
    );
    assert!(!run.stderr.contains("Error"), "{}", run.stderr);
    assert_eq!(run.code, 0, "git-plan status | head: {}", run.stderr);

    let run = piped_to_head(&repo, "status --json");
    assert_eq!(run.stdout, "{\n");
    assert!(!run.stderr.contains("Error"), "{}", run.stderr);
    assert_eq!(run.code, 0, "git-plan status --json | head: {}", run.stderr);

    let show = ["show", "2026-01-02-initiative-000/01", "--json"];
    let full_show = repo.plan(&show).ok();
    assert!(
        full_show.stdout.len() > 256 * 1024,
        "{}",
        full_show.stdout.len()
    );
    let run = piped_to_head(&repo, &show.join(" "));
    assert_eq!(run.stdout, "{\n");
    assert!(!run.stderr.contains("Error"), "{}", run.stderr);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_bad_git_plan_now_is_a_usage_error() {
    let repo = crate::common::TestRepo::initialised();
    let mut cmd = repo.command(crate::common::bin(), repo.path());
    cmd.args(["status"]).env("GIT_PLAN_NOW", "yesterday");
    let run = repo.run(cmd);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "Error: GIT_PLAN_NOW is `yesterday`, which is neither seconds since the epoch nor an RFC 3339 date-time"
        ),
        "{}",
        run.stderr
    );
    // Seconds since the epoch and RFC 3339 are both taken.
    for now in ["1775044800", "2026-04-01T12:00:00Z"] {
        let mut cmd = repo.command(crate::common::bin(), repo.path());
        cmd.args(["status"]).env("GIT_PLAN_NOW", now);
        assert_eq!(repo.run(cmd).code, 0, "{now}");
    }
}

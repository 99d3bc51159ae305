//! git's configuration as git's own commands take it: `git -c` values
//! (`GIT_CONFIG_PARAMETERS`), and colour from `--color`, `--no-color`,
//! `color.plan`, `color.ui` and NO_COLOR, in that order.

use crate::common::{bin, TestRepo};

const ESC: char = '\u{1b}';

/// Runs `git [config...] plan status` with the given extra arguments and
/// NO_COLOR set or not; true when the roadmap came out coloured.
fn coloured(repo: &TestRepo, config: &[&str], args: &[&str], no_color: bool) -> bool {
    let mut cmd = repo.git_with_plan();
    for c in config {
        cmd.args(["-c", c]);
    }
    cmd.arg("plan").args(args).arg("status");
    if !no_color {
        cmd.env_remove("NO_COLOR");
    }
    let run = repo.run(cmd).ok();
    assert!(
        run.stdout.starts_with("Roadmap in") || run.stdout.contains("Roadmap in"),
        "{}",
        run.stdout
    );
    run.stdout.contains(ESC)
}

#[test]
fn colour_follows_the_command_line_then_color_plan_then_color_ui() {
    let repo = TestRepo::initialised();
    // Output is captured, not a terminal: auto means no colour.
    assert!(!coloured(&repo, &[], &[], false));
    assert!(coloured(&repo, &["color.ui=always"], &[], false));
    assert!(!coloured(&repo, &["color.ui=never"], &[], false));
    assert!(!coloured(&repo, &["color.ui=auto"], &[], false));
    // true is auto, as in git.
    assert!(!coloured(&repo, &["color.ui=true"], &[], false));
    // color.plan, the command's own setting, comes before color.ui.
    assert!(!coloured(
        &repo,
        &["color.ui=always", "color.plan=never"],
        &[],
        false
    ));
    assert!(coloured(
        &repo,
        &["color.ui=never", "color.plan=always"],
        &[],
        false
    ));
    // The command line wins over the configuration.
    assert!(coloured(
        &repo,
        &["color.ui=never"],
        &["--color=always"],
        false
    ));
    assert!(coloured(&repo, &["color.ui=never"], &["--color"], false));
    assert!(!coloured(
        &repo,
        &["color.ui=always"],
        &["--no-color"],
        false
    ));
    assert!(!coloured(
        &repo,
        &["color.ui=always"],
        &["--color=never"],
        false
    ));
    // The last of --color and --no-color holds.
    assert!(coloured(&repo, &[], &["--no-color", "--color"], false));
    assert!(!coloured(&repo, &[], &["--color", "--no-color"], false));
    // A configuration setting beats NO_COLOR (a user's preference), and the
    // command line beats both.
    assert!(coloured(&repo, &["color.ui=always"], &[], true));
    assert!(coloured(&repo, &[], &["--color=always"], true));
}

#[test]
fn colour_from_the_repository_s_config_file() {
    let repo = TestRepo::initialised();
    repo.git(&["config", "color.ui", "always"]);
    let run = repo.plan(&["status"]).ok();
    assert!(run.stdout.contains(ESC), "{}", run.stdout);
    // Errors too, once the repository is open.
    let err = repo.plan(&["show", "nothing"]).fails(1);
    assert!(
        err.stderr.starts_with("\u{1b}[1m\u{1b}[31mError"),
        "{:?}",
        err.stderr
    );
    repo.git(&["config", "color.plan", "false"]);
    let run = repo.plan(&["status"]).ok();
    assert!(!run.stdout.contains(ESC), "{}", run.stdout);
}

#[test]
fn a_colour_setting_that_is_not_one_is_named_and_ignored() {
    let repo = TestRepo::initialised();
    let mut cmd = repo.command(bin(), repo.path());
    cmd.args(["status"])
        .env("GIT_CONFIG_PARAMETERS", "'color.ui'='sometimes'");
    let run = repo.run(cmd).ok();
    assert_eq!(
        run.stderr,
        "warning: ignoring color.ui=sometimes: not always, never, auto, true or false\n"
    );
    assert!(!run.stdout.contains(ESC));
}

#[test]
fn git_dash_c_reaches_the_configuration_git_plan_reads() {
    let repo = TestRepo::initialised();
    repo.write(
        "plans/artifacts/adr/0001-use-git.md",
        "# 1. Use git\n\n**Status:** Accepted\n",
    );
    let run = repo.git_plan(&["status", "--json"]).ok();
    assert_eq!(run.json()["root"], ".engineering");
    let mut cmd = repo.git_with_plan();
    cmd.args(["-c", "plan.root=plans", "plan", "status", "--json"]);
    let run = repo.run(cmd).ok();
    assert_eq!(run.json()["root"], "plans", "{}", run.stdout);
    assert_eq!(run.json()["adrs"]["total"], 1, "{}", run.stdout);
}

#[test]
fn a_malformed_git_config_parameters_is_a_usage_error() {
    let repo = TestRepo::initialised();
    let mut cmd = repo.command(bin(), repo.path());
    cmd.args(["status"])
        .env("GIT_CONFIG_PARAMETERS", "'color.ui'='never");
    let run = repo.run(cmd).fails(2);
    assert!(
        run.stderr.starts_with(
            "Error: cannot read GIT_CONFIG_PARAMETERS (from `git -c`): unterminated quote"
        ),
        "{}",
        run.stderr
    );
}

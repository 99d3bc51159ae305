//! Manual pages and shell completions: `git plan install-man` writes
//! git-plan(1) and a page per command where `man` finds them, `--help`
//! opens them as git's own commands do, and `git plan completions` prints
//! scripts that complete `git-plan ...` and, through git's completion,
//! `git plan ...`.

use std::path::Path;

use crate::common::{bin, TestRepo};

/// Installs the pages into `<prefix>/share/man/man1` by running a copy of
/// the binary from `<prefix>/bin` with no directory given.
fn install_beside_a_copy(repo: &TestRepo, prefix: &Path) -> crate::common::Run {
    let bin_dir = prefix.join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let copy = bin_dir.join("git-plan");
    std::fs::copy(bin(), &copy).unwrap();
    let mut cmd = repo.command(&copy, repo.path());
    cmd.arg("install-man");
    let out = cmd.output().unwrap();
    crate::common::Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
        args: Vec::new(),
    }
}

#[test]
fn install_man_writes_a_page_per_command_beside_the_binary() {
    let repo = TestRepo::initialised();
    let prefix = tempfile::TempDir::new().unwrap();
    let run = install_beside_a_copy(&repo, prefix.path()).ok();
    let man1 = prefix.path().join("share/man/man1");
    let mut pages: Vec<String> = std::fs::read_dir(&man1)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        run.stdout,
        format!(
            "Installed {} manual pages in {}\n",
            pages.len(),
            man1.display()
        )
    );
    for page in [
        "git-plan.1",
        "git-plan-status.1",
        "git-plan-adr-new.1",
        "git-plan-hooks-install.1",
        "git-plan-install-man.1",
    ] {
        assert!(pages.contains(&page.to_string()), "{page} in {pages:?}");
    }
    // No temporary file is left behind.
    assert!(pages.iter().all(|p| p.ends_with(".1")), "{pages:?}");
    let status = std::fs::read_to_string(man1.join("git-plan-status.1")).unwrap();
    assert!(status.contains(".TH GIT-PLAN-STATUS 1"), "{status}");
    assert!(status.contains("\\-\\-json"), "{status}");
    // The test's MANPATH does not hold the pages, so it says how to find them.
    assert!(
        run.stderr.contains("add ") && run.stderr.contains("MANPATH"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_opens_the_installed_manual_page() {
    let repo = TestRepo::initialised();
    let prefix = tempfile::TempDir::new().unwrap();
    let man1 = prefix.path().join("man1");
    repo.plan(&["install-man", man1.to_str().unwrap()]).ok();
    let manpath = prefix.path().to_str().unwrap();
    let with_manpath = |args: &[&str], via_git: bool| {
        let mut cmd = if via_git {
            repo.git_with_plan()
        } else {
            repo.command(bin(), repo.path())
        };
        cmd.args(args).env("MANPATH", manpath).env("MANWIDTH", "80");
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // git turns `git plan --help` and `git help plan` into `man git-plan`.
    let page = with_manpath(&["plan", "--help"], true);
    assert!(page.starts_with("GIT-PLAN(1)"), "{page}");
    assert!(page.contains("status"), "{page}");
    let page = with_manpath(&["help", "plan"], true);
    assert!(page.starts_with("GIT-PLAN(1)"), "{page}");
    // `git plan status --help` reaches git-plan, which opens the command's page.
    let page = with_manpath(&["plan", "status", "--help"], true);
    assert!(page.starts_with("GIT-PLAN-STATUS(1)"), "{page}");
    let page = with_manpath(&["-C", ".", "adr", "new", "--help"], false);
    assert!(page.starts_with("GIT-PLAN-ADR-NEW(1)"), "{page}");
    assert!(page.contains("--supersedes"), "{page}");
    // `-h` stays the short help.
    let short = with_manpath(&["status", "-h"], false);
    assert!(short.starts_with("Show the roadmap"), "{short}");
}

#[test]
fn help_without_a_manual_page_is_clap_s_long_help() {
    let repo = TestRepo::initialised();
    let run = repo.plan(&["status", "--help"]).ok();
    assert!(run.stdout.starts_with("Show the roadmap"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Usage: git plan status"),
        "{}",
        run.stdout
    );
    // After `--`, `--help` is not an option.
    let run = repo.plan(&["show", "--", "--help"]);
    assert!(!run.stdout.contains("Usage:"), "{}", run.stdout);
}

/// Runs `script` in bash after sourcing the bash completion script (and
/// git's own completion when the machine has it); returns stdout.
fn bash_with_completion(repo: &TestRepo, script: &str) -> String {
    let completion = repo.plan(&["completions", "bash"]).ok().stdout;
    let file = repo.home().join("git-plan.bash");
    std::fs::write(&file, completion).unwrap();
    let mut cmd = repo.command("bash", repo.path());
    cmd.arg("--norc")
        .arg("-c")
        .arg(format!("source '{}'\n{script}", file.display()));
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "bash failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn bash_completes_git_plan_commands_and_nested_commands() {
    let repo = TestRepo::initialised();
    let out = bash_with_completion(
        &repo,
        r#"complete -p git-plan
COMP_WORDS=(git-plan st); COMP_CWORD=1; _gitplan git-plan st git-plan; echo "[${COMPREPLY[*]}]"
COMP_WORDS=(git-plan adr n); COMP_CWORD=2; _gitplan git-plan n adr; echo "[${COMPREPLY[*]}]"
COMP_WORDS=(git plan st); COMP_CWORD=2; _git_plan; echo "[${COMPREPLY[*]}]"
COMP_WORDS=(git -C sub plan adr su); COMP_CWORD=5; _git_plan; echo "[${COMPREPLY[*]}]"
COMP_WORDS=(git plan status --j); COMP_CWORD=3; _git_plan; echo "[${COMPREPLY[*]}]"
"#,
    );
    assert_eq!(
        out,
        "complete -o bashdefault -o default -o nosort -F _gitplan git-plan\n\
         [status start]\n[new]\n[status start]\n[supersede]\n[--json]\n"
    );
}

/// Through git's own bash completion, which calls `_git_plan` for
/// `git plan ...`.
#[test]
fn git_s_bash_completion_completes_git_plan() {
    let git_completion = Path::new("/usr/share/bash-completion/completions/git");
    if !git_completion.exists() {
        eprintln!(
            "skipped: git_s_bash_completion_completes_git_plan: no {}",
            git_completion.display()
        );
        return;
    }
    let repo = TestRepo::initialised();
    let out = bash_with_completion(
        &repo,
        &format!(
            r#"source '{}'
COMP_WORDS=(git plan st); COMP_CWORD=2; COMP_LINE="git plan st"; COMP_POINT=11
__git_wrap__git_main; echo "[${{COMPREPLY[*]}}]""#,
            git_completion.display()
        ),
    );
    assert_eq!(out, "[status start]\n");
}

#[test]
fn completions_generate_for_every_shell() {
    let repo = TestRepo::initialised();
    for (shell, marker) in [
        ("bash", "complete -F _gitplan"),
        ("zsh", "#compdef git-plan"),
        ("fish", "complete -c git-plan"),
        ("elvish", "edit:completion:arg-completer[git-plan]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = repo.plan(&["completions", shell]).ok();
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains("status"), "{shell}");
    }
    repo.plan(&["completions", "tcsh"]).fails(2);
}

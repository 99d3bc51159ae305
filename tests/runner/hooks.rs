//! The hooks for real: installed with `git plan hooks install` and run by
//! the real `git commit`, `git merge` and `git push` (to a local bare
//! remote), with this build on PATH; install, reinstall, uninstall and
//! status; core.hooksPath; the skip variables; rebases and cherry-picks;
//! linked worktrees; and the pre-commit framework with this repository's
//! `.pre-commit-hooks.yaml`.

use std::path::{Path, PathBuf};

use crate::common::{diverge, wp, Run, TestRepo, GOOD_PLAN, PLAN_WITHOUT_ROLLBACK};
use serde_json::json;

/// A good work package numbered `n`.
fn good(n: &str) -> String {
    GOOD_PLAN.replace("01", n)
}

/// A work package numbered `n` without a Rollback Plan.
fn bad(n: &str) -> String {
    PLAN_WITHOUT_ROLLBACK.replace("01", n)
}

/// A repository with one commit and the hooks installed.
fn hooked() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    let run = repo.git_plan(&["hooks", "install"]).ok();
    assert_eq!(
        run.stdout,
        format!(
            "pre-commit: installed\npre-push: installed\npre-merge-commit: installed\nhooks directory: {}\n",
            hooks_dir(&repo).display()
        )
    );
    repo
}

/// What `git rev-parse --git-path hooks` names, absolute.
fn hooks_dir(repo: &TestRepo) -> PathBuf {
    git_path_hooks(repo, repo.path())
}

fn git_path_hooks(repo: &TestRepo, dir: &Path) -> PathBuf {
    let mut cmd = repo.command("git", dir);
    cmd.args(["rev-parse", "--path-format=absolute", "--git-path", "hooks"]);
    PathBuf::from(repo.run(cmd).ok().stdout.trim())
}

/// Writes `text` at `rel`, stages everything and commits with the hooks.
fn commit(repo: &TestRepo, rel: &str, text: &str, message: &str) -> Run {
    repo.write(rel, text);
    repo.git(&["add", "-A"]);
    repo.git_hooked(&["commit", "-q", "-m", message])
}

/// Same, past the hooks.
fn commit_unchecked(repo: &TestRepo, rel: &str, text: &str, message: &str) {
    repo.write(rel, text);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", message]);
}

#[track_caller]
fn assert_blocked(run: &Run, rule: &str, bypass: &str) {
    assert_ne!(run.code, 0, "not blocked:\n{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("error[{rule}]")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(bypass), "{}", run.stderr);
}

/// Every file in `dir`: name, bytes and mode, sorted by name.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let meta = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
                meta.permissions().mode(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A bare repository in its own temporary directory, added as `origin`.
fn with_remote(repo: &TestRepo) -> TestRepo {
    let remote = TestRepo::empty_dir();
    remote.git(&["init", "-q", "--bare", "-b", "main"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    remote
}

/// The remote's `refs/heads/<branch>`, or None.
fn remote_ref(remote: &TestRepo, branch: &str) -> Option<String> {
    let run = remote.git_run(&[
        "rev-parse",
        "--verify",
        "-q",
        &format!("refs/heads/{branch}"),
    ]);
    (run.code == 0).then(|| run.stdout.trim().to_string())
}

// ---------------------------------------------------------------------------
// pre-commit

#[test]
fn a_commit_adding_a_plan_without_rollback_is_refused_until_fixed() {
    let repo = hooked();
    let before = repo.head();
    let run = commit(&repo, &wp("01-a-plan.md"), &bad("01"), "add 01");
    assert_blocked(&run, "missing-rollback-plan", "git commit --no-verify");
    assert_eq!(
        run.stderr,
        "\
error[missing-rollback-plan]: a work package has no Rollback Plan section
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:1:1
  |
1 | # Phase 01: A
  |
  = hint: add a `## Rollback Plan` section with the trigger and the steps to undo the change

git plan: commit blocked: 1 error in plan files (git plan check).
Fix the plans above, or allow one rule in a document with `<!-- git-plan: allow RULE: reason -->`. To skip this check once: `git commit --no-verify` (or GIT_PLAN_SKIP=1).
"
    );
    // Nothing was committed; the plan is still staged.
    assert_eq!(repo.head(), before);
    assert_eq!(repo.porcelain(), format!("A  {}\n", wp("01-a-plan.md")));

    let run = commit(&repo, &wp("01-a-plan.md"), &good("01"), "add 01");
    run.ok();
    assert_ne!(repo.head(), before);
    assert_eq!(repo.commit_paths("HEAD"), [wp("01-a-plan.md")]);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn a_clean_commit_is_quiet_and_one_touching_no_plans_passes_an_old_bad_plan() {
    let repo = hooked();
    // A repository without plans: nothing to check.
    let run = commit(&repo, "src/lib.rs", "// code\n", "code").ok();
    assert_eq!(run.stderr, "");
    commit_unchecked(&repo, &wp("01-a-plan.md"), &bad("01"), "old bad plan");
    let before = repo.head();
    let run = commit(&repo, "README.md", "# Project, renamed\n", "readme").ok();
    assert_eq!(run.stderr, "");
    assert_ne!(repo.head(), before);
    // A good plan beside the old bad one passes too: only what changes counts.
    commit(&repo, &wp("02-b-plan.md"), &good("02"), "02").ok();
    // Touching the old bad plan makes it count.
    let run = commit(
        &repo,
        &wp("01-a-plan.md"),
        &bad("01").replace("Ready", "Draft"),
        "touch 01",
    );
    assert_blocked(&run, "missing-rollback-plan", "--no-verify");
}

#[test]
fn skip_variables_let_a_bad_commit_through() {
    let repo = hooked();
    repo.write(&wp("01-a-plan.md"), bad("01"));
    repo.git(&["add", "-A"]);
    let dir = repo.path().to_path_buf();
    for skip in [
        ("GIT_PLAN_SKIP", "0"),
        ("SKIP", "other-hook"),
        ("SKIP", "git-plan-extra"),
    ] {
        let run = repo.git_hooked_in(&dir, &["commit", "-q", "-m", "bad"], &[skip]);
        assert_blocked(&run, "missing-rollback-plan", "--no-verify");
    }
    let mut count = repo.commit_count();
    for skip in [
        ("GIT_PLAN_SKIP", "1"),
        ("SKIP", "git-plan"),
        ("SKIP", "flake8, git-plan"),
    ] {
        let text = bad("01").replace("Ready", &format!("Ready {count}"));
        repo.write(&wp("01-a-plan.md"), text);
        repo.git(&["add", "-A"]);
        repo.git_hooked_in(&dir, &["commit", "-q", "-m", "bad"], &[skip])
            .ok();
        count += 1;
        assert_eq!(repo.commit_count(), count, "{skip:?}");
    }
}

#[test]
fn an_existing_hook_is_kept_as_legacy_and_still_runs() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    let marker = repo.path().join("marker");
    let script = format!("#!/bin/sh\necho ran >> '{}'\n", marker.to_str().unwrap());
    repo.hook("pre-commit", &script);
    let run = repo.git_plan(&["hooks", "install"]).ok();
    assert!(
        run.stdout.starts_with(
            "pre-commit: installed; your hook is kept as pre-commit.legacy and runs first\npre-push: installed\n"
        ),
        "{}",
        run.stdout
    );
    let dir = hooks_dir(&repo);
    assert_eq!(
        std::fs::read_to_string(dir.join("pre-commit.legacy")).unwrap(),
        script
    );
    let run = repo.git_plan(&["hooks", "status"]).ok();
    assert_eq!(
        run.stdout,
        "pre-commit: installed, running the previous hook first\npre-push: installed\npre-merge-commit: installed\n"
    );

    // The user's hook runs, then ours: a good commit passes...
    commit(&repo, &wp("01-a-plan.md"), &good("01"), "01").ok();
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "ran\n");
    // ... a bad one is refused after the user's hook ran.
    let run = commit(&repo, &wp("02-b-plan.md"), &bad("02"), "02");
    assert_blocked(&run, "missing-rollback-plan", "--no-verify");
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "ran\nran\n");
    // A failing user hook stops the commit before ours runs.
    repo.hook(
        "pre-commit.legacy",
        "#!/bin/sh\necho 'legacy says no' >&2\nexit 3\n",
    );
    let run = commit(&repo, &wp("02-b-plan.md"), &good("02"), "02");
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("legacy says no"), "{}", run.stderr);
    assert!(!run.stderr.contains("git plan"), "{}", run.stderr);
}

#[test]
fn reinstalling_is_idempotent_and_uninstalling_restores_the_directory() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    repo.hook("pre-push", "#!/bin/sh\nexit 0\n");
    let dir = hooks_dir(&repo);
    let before = listing(&dir);

    repo.git_plan(&["hooks", "install"]).ok();
    let installed = listing(&dir);
    assert_ne!(installed, before);
    for hook in ["pre-commit", "pre-push", "pre-merge-commit"] {
        let (_, bytes, mode) = installed.iter().find(|(n, _, _)| n == hook).unwrap();
        assert!(
            String::from_utf8_lossy(bytes).contains(&format!("exec git plan hook {hook}"))
                || String::from_utf8_lossy(bytes).contains(&format!("| git plan hook {hook}")),
            "{hook}"
        );
        assert_eq!(mode & 0o111, 0o111, "{hook} is not executable");
    }

    let run = repo.git_plan(&["hooks", "install"]).ok();
    assert!(
        run.stdout.starts_with(
            "pre-commit: already installed\npre-push: already installed\npre-merge-commit: already installed\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(listing(&dir), installed);

    // An older shim of ours is refreshed, leaving the rest alone.
    std::fs::write(
        dir.join("pre-commit"),
        "#!/bin/sh\n# git-plan hook shim (old)\nexec git plan hook pre-commit\n",
    )
    .unwrap();
    repo.git_plan(&["hooks", "install"]).ok();
    assert_eq!(listing(&dir), installed);

    let run = repo.git_plan(&["hooks", "uninstall"]).ok();
    assert!(
        run.stdout.starts_with(
            "pre-commit: removed\npre-push: removed; your previous hook is back in place\npre-merge-commit: removed\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(listing(&dir), before);
    let run = repo.git_plan(&["hooks", "uninstall"]).ok();
    assert!(
        run.stdout.starts_with(
            "pre-commit: not installed\npre-push: not installed\npre-merge-commit: not installed\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(listing(&dir), before);

    // One hook at a time.
    repo.git_plan(&["hooks", "install", "--hook", "pre-push"])
        .ok();
    let json = repo.git_plan(&["hooks", "status", "--json"]).ok().json();
    assert_eq!(
        json["hooks"],
        json!({"pre-commit": "missing", "pre-push": "chained", "pre-merge-commit": "missing"})
    );
    repo.git_plan(&["hooks", "uninstall", "--hook", "pre-push"])
        .ok();
    assert_eq!(listing(&dir), before);
    let run = repo
        .git_plan(&["hooks", "install", "--hook", "post-commit"])
        .fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: `post-commit` is not a hook git-plan provides (it has: pre-commit, pre-push, pre-merge-commit)"]
    );
    assert_eq!(listing(&dir), before);
}

#[test]
fn hooks_status_in_text_and_json() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    repo.hook("pre-push", "#!/bin/sh\nexit 0\n");
    let dir = hooks_dir(&repo);
    let run = repo.git_plan(&["hooks", "status"]).ok();
    assert_eq!(
        run.stdout,
        "pre-commit: not installed\npre-push: another hook is there; git plan's is not installed\npre-merge-commit: not installed\n"
    );
    let json = repo.git_plan(&["hooks", "status", "--json"]).ok().json();
    assert_eq!(
        json,
        json!({
            "version": 2,
            "directory": dir.to_str().unwrap(),
            "hooks": {"pre-commit": "missing", "pre-push": "foreign", "pre-merge-commit": "missing"},
        })
    );
    repo.git_plan(&["hooks", "install"]).ok();
    let run = repo.git_plan(&["hooks", "status"]).ok();
    assert_eq!(
        run.stdout,
        "pre-commit: installed\npre-push: installed, running the previous hook first\npre-merge-commit: installed\n"
    );
    let json = repo.git_plan(&["hooks", "status", "--json"]).ok().json();
    assert_eq!(
        json["hooks"],
        json!({"pre-commit": "installed", "pre-push": "chained", "pre-merge-commit": "installed"})
    );
}

#[test]
fn with_core_hooks_path_install_writes_nothing_and_says_what_to_add() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.write(".husky/pre-commit", "npx lint-staged\n");
    repo.commit_all("initial");
    repo.git(&["config", "core.hooksPath", ".husky"]);
    let husky = repo.path().join(".husky");
    let git_hooks = repo.path().join(".git/hooks");
    let (husky_before, git_before) = (listing(&husky), listing(&git_hooks));

    let run = repo.git_plan(&["hooks", "install"]).fails(1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.error_lines(),
        ["Error: core.hooksPath is set to `.husky`: git runs the hooks there, and another tool (husky, lefthook, ...) manages them, so git plan wrote nothing"]
    );
    let hints = run.hint_lines();
    for hook in ["pre-commit", "pre-push", "pre-merge-commit"] {
        let line =
            format!("Hint: Add this line to the {hook} hook in .husky: `git plan hook {hook}`.");
        assert!(hints.contains(&line.as_str()), "{}", run.stderr);
    }
    let run = repo
        .git_plan(&["hooks", "install", "--hook", "pre-commit"])
        .fails(1);
    assert_eq!(
        run.hint_lines()[0],
        "Hint: Add this line to the pre-commit hook in .husky: `git plan hook pre-commit`."
    );
    assert!(!run.stderr.contains("pre-push hook"), "{}", run.stderr);
    repo.git_plan(&["hooks", "uninstall"]).fails(1);
    repo.git_plan(&["hooks", "status"]).fails(1);
    assert_eq!(listing(&husky), husky_before);
    assert_eq!(listing(&git_hooks), git_before);
}

// ---------------------------------------------------------------------------
// pre-push

#[test]
fn a_push_whose_range_holds_a_bad_plan_is_refused() {
    let repo = hooked();
    let remote = with_remote(&repo);
    repo.git_hooked(&["push", "-q", "origin", "main"]).ok();
    assert_eq!(remote_ref(&remote, "main"), Some(repo.head()));
    let pushed = repo.head();

    commit_unchecked(&repo, &wp("01-a-plan.md"), &bad("01"), "bad 01");
    commit_unchecked(&repo, "README.md", "# Project\n\nMore.\n", "readme");
    let run = repo.git_hooked(&["push", "-q", "origin", "main"]);
    assert_blocked(&run, "missing-rollback-plan", "git push --no-verify");
    assert!(
        run.stderr.contains("git plan: push blocked: 1 error"),
        "{}",
        run.stderr
    );
    assert_eq!(remote_ref(&remote, "main"), Some(pushed));

    commit(&repo, &wp("01-a-plan.md"), &good("01"), "fix 01").ok();
    let run = repo.git_hooked(&["push", "-q", "origin", "main"]).ok();
    assert!(!run.stderr.contains("git plan"), "{}", run.stderr);
    assert_eq!(remote_ref(&remote, "main"), Some(repo.head()));
}

#[test]
fn a_new_branch_push_is_checked_against_the_remote_default_branch() {
    let repo = hooked();
    let remote = with_remote(&repo);
    // main on the remote carries an old bad plan.
    commit_unchecked(&repo, &wp("01-a-plan.md"), &bad("01"), "old bad 01");
    repo.git_hooked(&["push", "-q", "--no-verify", "origin", "main"])
        .ok();

    // A new branch adding a good plan: only what it adds is checked.
    repo.git(&["checkout", "-q", "-b", "good"]);
    commit(&repo, &wp("02-b-plan.md"), &good("02"), "02").ok();
    repo.git_hooked(&["push", "-q", "origin", "good"]).ok();
    assert_eq!(remote_ref(&remote, "good"), Some(repo.head()));

    // A new branch adding a bad plan is refused, for its plan only.
    repo.git(&["checkout", "-q", "-b", "bad", "main"]);
    commit_unchecked(&repo, &wp("03-c-plan.md"), &bad("03"), "bad 03");
    let run = repo.git_hooked(&["push", "-q", "origin", "bad"]);
    assert_blocked(&run, "missing-rollback-plan", "git push --no-verify");
    assert!(run.stderr.contains("03-c-plan.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("01-a-plan.md"), "{}", run.stderr);
    assert_eq!(remote_ref(&remote, "bad"), None);
}

#[test]
fn a_branch_deletion_push_is_allowed() {
    let repo = hooked();
    let remote = with_remote(&repo);
    repo.git_hooked(&["push", "-q", "origin", "main"]).ok();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    commit_unchecked(&repo, &wp("01-a-plan.md"), &bad("01"), "bad 01");
    repo.git_hooked(&["push", "-q", "--no-verify", "origin", "topic"])
        .ok();
    assert!(remote_ref(&remote, "topic").is_some());
    repo.git_hooked(&["push", "-q", "origin", "--delete", "topic"])
        .ok();
    assert_eq!(remote_ref(&remote, "topic"), None);
}

// ---------------------------------------------------------------------------
// pre-merge-commit

#[test]
fn a_merge_that_makes_a_duplicate_number_is_refused() {
    let repo = hooked();
    repo.git(&["checkout", "-q", "-b", "a"]);
    commit(&repo, &wp("04-a-plan.md"), &good("04"), "04-a").ok();
    repo.git(&["checkout", "-q", "-b", "b", "main"]);
    commit(&repo, &wp("04-b-plan.md"), &good("04"), "04-b").ok();
    repo.git(&["checkout", "-q", "main"]);
    repo.git_hooked(&["merge", "-q", "--no-ff", "-m", "merge a", "a"])
        .ok();
    let merged_a = repo.head();

    let run = repo.git_hooked(&["merge", "-q", "--no-ff", "-m", "merge b", "b"]);
    assert_blocked(&run, "duplicate-number", "git merge --no-verify");
    assert!(run.stderr.contains("04-a-plan.md"), "{}", run.stderr);
    assert_eq!(repo.head(), merged_a);
    repo.git(&["merge", "--abort"]);
    assert_eq!(repo.porcelain(), "");

    // It is the pre-merge-commit hook that refuses it.
    repo.git_plan(&["hooks", "uninstall", "--hook", "pre-merge-commit"])
        .ok();
    repo.git_hooked(&["merge", "-q", "--no-ff", "-m", "merge b", "b"])
        .ok();
    assert_ne!(repo.head(), merged_a);
}

// ---------------------------------------------------------------------------
// Sequences, worktrees

/// main and topic both change README.md; topic also adds a bad plan,
/// committed past the hooks.
fn diverged_with_a_bad_plan_on_topic() -> TestRepo {
    let repo = hooked();
    diverge(
        &repo,
        |repo| {
            repo.write("README.md", "# Topic\n");
            commit_unchecked(repo, &wp("05-bad-plan.md"), &bad("05"), "bad plan");
        },
        |repo| {
            commit(repo, "README.md", "# Main\n", "readme on main").ok();
        },
    );
    repo
}

#[test]
fn the_hook_does_nothing_during_a_rebase() {
    let repo = diverged_with_a_bad_plan_on_topic();
    // The control: the same bad plan staged outside a rebase is refused.
    repo.git(&["checkout", "-q", "-b", "control"]);
    repo.write(&wp("05-bad-plan.md"), bad("05"));
    repo.git(&["add", "-A"]);
    let run = repo.git_plan(&["hook", "pre-commit"]).fails(1);
    assert!(
        run.stderr.contains("error[missing-rollback-plan]"),
        "{}",
        run.stderr
    );
    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["clean", "-q", "-fd"]);

    repo.git(&["checkout", "-q", "topic"]);
    let run = repo.git_hooked(&["rebase", "main"]);
    assert_ne!(run.code, 0, "the rebase should stop on the conflict");
    repo.write("README.md", "# Main and topic\n");
    repo.git(&["add", "README.md"]);
    // Mid-rebase, with the bad plan staged, the hook lets it be.
    let run = repo.git_plan(&["hook", "pre-commit"]).ok();
    assert_eq!(run.stderr, "");
    repo.git_hooked(&["rebase", "--continue"]).ok();
    assert_eq!(
        repo.git(&["log", "--format=%s", "-2"]),
        "bad plan\nreadme on main\n"
    );
}

#[test]
fn a_commit_during_a_cherry_pick_is_not_checked() {
    let repo = diverged_with_a_bad_plan_on_topic();
    let topic = repo.git(&["rev-parse", "topic"]).trim().to_string();
    let run = repo.git_hooked(&["cherry-pick", &topic]);
    assert_ne!(run.code, 0, "the cherry-pick should stop on the conflict");
    repo.write("README.md", "# Main and topic\n");
    repo.git(&["add", "README.md"]);
    // The user concludes it with `git commit`, which runs pre-commit.
    repo.git_hooked(&["commit", "-q", "--no-edit"]).ok();
    assert_eq!(
        repo.commit_paths("HEAD"),
        [wp("05-bad-plan.md"), "README.md".to_string()]
    );
}

#[test]
fn hooks_in_a_linked_worktree() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    let outside = TestRepo::empty_dir();
    let wt = outside.path().join("wt");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "wt"]);

    let run = repo
        .git_hooked_in(&wt, &["plan", "hooks", "install"], &[])
        .ok();
    let dir = git_path_hooks(&repo, &wt);
    assert!(
        run.stdout
            .ends_with(&format!("hooks directory: {}\n", dir.display())),
        "{}",
        run.stdout
    );
    for hook in ["pre-commit", "pre-push", "pre-merge-commit"] {
        assert!(
            std::fs::read_to_string(dir.join(hook))
                .unwrap()
                .contains("git-plan hook shim"),
            "{hook}"
        );
    }

    let write = |rel: &str, text: &str| {
        let path = wt.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let head = |dir: &Path| {
        let mut cmd = repo.command("git", dir);
        cmd.args(["rev-parse", "HEAD"]);
        repo.run(cmd).ok().stdout
    };
    let before = head(&wt);
    write(&wp("01-a-plan.md"), &bad("01"));
    repo.git_hooked_in(&wt, &["add", "-A"], &[]).ok();
    let run = repo.git_hooked_in(&wt, &["commit", "-q", "-m", "bad"], &[]);
    assert_blocked(&run, "missing-rollback-plan", "--no-verify");
    assert_eq!(head(&wt), before);
    write(&wp("01-a-plan.md"), &good("01"));
    repo.git_hooked_in(&wt, &["add", "-A"], &[]).ok();
    repo.git_hooked_in(&wt, &["commit", "-q", "-m", "good"], &[])
        .ok();
    assert_ne!(head(&wt), before);
}

// ---------------------------------------------------------------------------
// The pre-commit framework, with this repository as the hook repository.

#[test]
fn the_pre_commit_framework_runs_git_plan_from_this_repository() {
    let probe = std::process::Command::new("pre-commit")
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        crate::common::skip_unless_required(
            "GIT_PLAN_REQUIRE_PRE_COMMIT",
            "the `pre-commit` executable is not on PATH",
        );
        return;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = TestRepo::empty_dir();
    let hook_repo = scratch.path().join("git-plan");
    scratch.git(&[
        "clone",
        "-q",
        manifest.to_str().unwrap(),
        hook_repo.to_str().unwrap(),
    ]);
    let mut cmd = scratch.command("git", &hook_repo);
    cmd.args(["rev-parse", "HEAD"]);
    let rev = scratch.run(cmd).ok().stdout.trim().to_string();

    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: git-plan\n",
            hook_repo.display()
        ),
    );
    repo.commit_all("initial");

    // The pinned HOME hides the toolchain: name it.
    let real_home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    let cargo_home =
        std::env::var_os("CARGO_HOME").map_or_else(|| real_home.join(".cargo"), PathBuf::from);
    let rustup_home =
        std::env::var_os("RUSTUP_HOME").map_or_else(|| real_home.join(".rustup"), PathBuf::from);
    let pre_commit_home = scratch.path().join("pre-commit-home");
    let target = manifest.join("target/pre-commit-test");
    let env: Vec<(&str, &str)> = vec![
        ("PRE_COMMIT_HOME", pre_commit_home.to_str().unwrap()),
        ("CARGO_HOME", cargo_home.to_str().unwrap()),
        ("RUSTUP_HOME", rustup_home.to_str().unwrap()),
        ("CARGO_TARGET_DIR", target.to_str().unwrap()),
        ("CARGO_PROFILE_RELEASE_LTO", "false"),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ];
    let run_in = |program: &str, args: &[&str]| {
        let mut cmd = repo.command(program, repo.path());
        cmd.args(args).env("GIT_EDITOR", "true").env_remove("SKIP");
        for (k, v) in &env {
            cmd.env(k, v);
        }
        repo.run(cmd)
    };
    run_in("pre-commit", &["install"]).ok();

    let before = repo.head();
    repo.write(&wp("01-a-plan.md"), bad("01"));
    repo.git(&["add", "-A"]);
    let run = run_in("git", &["commit", "-q", "-m", "bad plan"]);
    assert_ne!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let output = format!("{}{}", run.stdout, run.stderr);
    assert!(output.contains("git plan check"), "{output}");
    assert!(output.contains("error[missing-rollback-plan]"), "{output}");
    assert_eq!(repo.head(), before);

    repo.write(&wp("01-a-plan.md"), good("01"));
    repo.git(&["add", "-A"]);
    let run = run_in("git", &["commit", "-q", "-m", "good plan"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(repo.commit_paths("HEAD"), [wp("01-a-plan.md")]);
}

#[test]
fn a_plan_toml_that_cannot_be_read_blocks_instead_of_switching_the_check_off() {
    let repo = hooked();
    repo.write(
        ".engineering/plan.toml",
        "[rules]\nmissing-rollback = \"off\"\n",
    );
    let before = repo.head();
    let run = commit(&repo, &wp("01-a-plan.md"), &bad("01"), "01");
    assert_ne!(run.code, 0);
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    assert!(
        run.error_lines()[0]
            .contains(".engineering/plan.toml:2:1: unknown rule `missing-rollback`"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.head(), before);
    // Fixed, it applies: the rule turned off lets the plan through.
    repo.write(
        ".engineering/plan.toml",
        "[rules]\nmissing-rollback-plan = \"off\"\n",
    );
    repo.git(&["add", "-A"]);
    repo.git_hooked(&["commit", "-q", "-m", "01"]).ok();
    assert_ne!(repo.head(), before);
}

#[test]
fn commit_all_and_partial_commits_are_checked_as_git_records_them() {
    // git hands these hooks a temporary index (GIT_INDEX_FILE): what is
    // checked is what the commit will hold, not .git/index.
    let repo = hooked();
    commit(&repo, &wp("01-a-plan.md"), &good("01"), "01").ok();
    let before = repo.head();
    repo.write(&wp("01-a-plan.md"), bad("01"));
    let run = repo.git_hooked(&["commit", "-q", "-a", "-m", "edit 01"]);
    assert_blocked(&run, "missing-rollback-plan", "--no-verify");
    let run = repo.git_hooked(&["commit", "-q", "-m", "edit 01", "--", &wp("01-a-plan.md")]);
    assert_blocked(&run, "missing-rollback-plan", "--no-verify");
    assert_eq!(repo.head(), before);
    repo.git(&["checkout", "-q", "--", "."]);

    // A bad plan staged but left out of a partial commit does not block it.
    repo.write(&wp("02-b-plan.md"), bad("02"));
    repo.git(&["add", "-A"]);
    repo.write("notes.txt", "notes\n");
    repo.git(&["add", "notes.txt"]);
    repo.git_hooked(&["commit", "-q", "-m", "notes", "--", "notes.txt"])
        .ok();
    assert_eq!(repo.commit_paths("HEAD"), ["notes.txt"]);
}

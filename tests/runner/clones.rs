//! Every kind of clone: partial clones (blobless, treeless) of a local bare
//! repository that allows filters, read with their missing objects fetched
//! in a few batches or, offline, answered from what is local; submodules;
//! and the commits git refuses.

use crate::common::{self, fill_sections, TestRepo, WP1};

/// A history worth reading: `init`, an initiative with two work packages,
/// 01 filled in, made ready and started, and 02 renamed by hand.
fn history_repo() -> TestRepo {
    let repo = common::two_work_packages();
    fill_sections(&repo, WP1);
    repo.commit_all("fill in 01");
    repo.plan(&["set", "x/01", "status=ready"]).ok();
    repo.plan(&["start", "x/01"]).ok();
    repo.git(&[
        "mv",
        common::WP2,
        ".engineering/artifacts/planning/2026-01-02-x/02-second-plan.md",
    ]);
    repo.git(&["commit", "-q", "-m", "rename 02"]);
    repo
}

/// The source repository as a bare repository that serves filtered and
/// by-id fetches (`uploadpack.allowFilter`, `uploadpack.allowAnySHA1InWant`),
/// in a directory of its own.
fn bare_server(source: &TestRepo) -> TestRepo {
    let server = TestRepo::empty_dir();
    let bare = server.path().join("plans.git");
    source.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    for key in ["uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"] {
        source.git(&["--git-dir", bare.to_str().unwrap(), "config", key, "true"]);
    }
    server
}

fn url(server: &TestRepo) -> String {
    format!("file://{}", server.path().join("plans.git").display())
}

/// A clone of `server` with the extra clone arguments (a filter).
fn clone_of(server: &TestRepo, args: &[&str]) -> TestRepo {
    let repo = TestRepo::empty_dir();
    let mut cmd = repo.command("git", repo.path());
    cmd.args(["clone", "-q"])
        .args(args)
        .arg(url(server))
        .arg(".");
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "clone failed: {}", run.stderr);
    repo
}

/// Runs git-plan with git's trace2 events written to a file; returns the
/// run and the number of `git fetch` runs made (by git-plan or by any git
/// it ran) that fetched objects by id (`--stdin`).
fn plan_counting_fetches(repo: &TestRepo, args: &[&str]) -> (common::Run, usize) {
    let trace = repo.home().join(format!("trace2-{}.json", args.join("-")));
    let _ = std::fs::remove_file(&trace);
    let mut cmd = repo.command(common::bin(), repo.path());
    cmd.args(args).env("GIT_TRACE2_EVENT", &trace);
    let run = repo.run(cmd);
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    let fetches = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["event"] == "start")
        .filter(|e| {
            let argv: Vec<&str> = e["argv"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|a| a.as_str())
                .collect();
            argv.contains(&"fetch") && argv.contains(&"--stdin")
        })
        .count();
    (run, fetches)
}

/// Objects missing from a partial clone, as git counts them without
/// fetching (`rev-list --missing=print` over every object of HEAD's
/// history).
fn missing_objects(repo: &TestRepo) -> usize {
    let mut cmd = repo.command("git", repo.path());
    cmd.args(["rev-list", "--objects", "--missing=print", "HEAD"])
        .env("GIT_NO_LAZY_FETCH", "1");
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().filter(|l| l.starts_with('?')).count()
}

#[test]
fn status_and_log_in_partial_clones_match_the_full_clone() {
    let source = history_repo();
    let server = bare_server(&source);
    let full = clone_of(&server, &[]);
    let want_status = full.plan(&["status", "--json"]).ok().json();
    let want_log = full.plan(&["log", "--json"]).ok().json();
    // The history is worth comparing: a start, and a rename.
    let entries = want_log["entries"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["to"] == "in-progress"),
        "{want_log}"
    );
    assert!(
        entries.iter().any(|e| e["change"] == "renamed"),
        "{want_log}"
    );

    for (filter, most) in [("--filter=blob:none", 1), ("--filter=tree:0", 2)] {
        let clone = clone_of(&server, &[filter]);
        assert!(missing_objects(&clone) > 0, "{filter}: nothing is missing");
        // Nothing masked: the same commits, dates and statuses.
        let (status, fetches) = plan_counting_fetches(&clone, &["status", "--json"]);
        let status = status.ok();
        assert_eq!(status.json(), want_status, "{filter}: status");
        assert!(
            (1..=most).contains(&fetches),
            "{filter}: {fetches} fetches for status"
        );
        assert!(status.hint_lines().is_empty(), "{}", status.stderr);
        let (log, fetches) = plan_counting_fetches(&clone, &["log", "--json", "--no-cache"]);
        assert_eq!(log.ok().json(), want_log, "{filter}: log");
        // What status fetched is local now.
        assert_eq!(fetches, 0, "{filter}: log fetched again");
    }
}

/// The commands that read plans as committed at a revision (`status --at`,
/// `show --at`, `diff`, `review`, `check --range`, `log --range`) fetch what
/// a partial clone lacks too, and answer as in the full clone, with a few
/// fetches each.
#[test]
fn reading_at_a_revision_in_partial_clones_matches_the_full_clone() {
    let source = history_repo();
    let server = bare_server(&source);
    let full = clone_of(&server, &[]);
    let commands: [&[&str]; 6] = [
        &["status", "--at", "HEAD~2", "--json"],
        &["show", "x/01", "--at", "HEAD~1", "--json"],
        &["diff", "HEAD~3..HEAD", "--json"],
        &["review", "HEAD~3...HEAD"],
        &["check", "--range", "HEAD~3...HEAD", "--json"],
        &["log", "--range", "HEAD~3..HEAD", "--json"],
    ];
    let want: Vec<common::Run> = commands.iter().map(|args| full.plan(args)).collect();
    for filter in ["--filter=blob:none", "--filter=tree:0"] {
        let clone = clone_of(&server, &[filter]);
        for (args, want) in commands.iter().zip(&want) {
            let (run, fetches) = plan_counting_fetches(&clone, args);
            assert_eq!(
                (run.code, &run.stdout),
                (want.code, &want.stdout),
                "{filter}: git plan {}: {}",
                args.join(" "),
                run.stderr
            );
            assert!(fetches <= 6, "{filter}: {fetches} fetches for {args:?}");
        }
    }
}

#[test]
fn full_history_in_a_treeless_clone_matches_the_full_clone() {
    let source = history_repo();
    let server = bare_server(&source);
    let full = clone_of(&server, &[]);
    let want = full.plan(&["log", "--json", "--full-history"]).ok().json();
    let clone = clone_of(&server, &["--filter=tree:0"]);
    let (log, fetches) = plan_counting_fetches(&clone, &["log", "--json", "--full-history"]);
    assert_eq!(log.ok().json(), want);
    assert!((1..=2).contains(&fetches), "{fetches} fetches");
}

/// The `since` dates of every work package in a `status --json`.
fn since_dates(json: &serde_json::Value) -> Vec<serde_json::Value> {
    json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["work_packages"].as_array().unwrap().iter())
        .map(|wp| wp["status"]["since"]["date"].clone())
        .collect()
}

#[test]
fn offline_a_blobless_clone_answers_with_unknown_dates_and_a_hint() {
    let source = history_repo();
    let server = bare_server(&source);
    let full = clone_of(&server, &[]);
    let want = full.plan(&["status", "--json"]).ok().json();
    let clone = clone_of(&server, &["--filter=blob:none"]);

    let (run, fetches) = plan_counting_fetches(&clone, &["status", "--json", "--offline"]);
    let run = run.ok();
    assert_eq!(fetches, 0);
    let json = run.json();
    // 01 was started in a commit whose version before is not local: when
    // its status was set is unknown. 02 has been as it was created (its
    // rename moved the same blob), which the tree diff alone tells.
    assert_eq!(since_dates(&want), [common::DATE, common::DATE]);
    assert_eq!(
        since_dates(&json),
        [serde_json::Value::Null, common::DATE.into()]
    );
    // 01's versions before the start: as created, filled in, made ready.
    assert_eq!(json["unread_objects"], 3, "{json}");
    // The statuses themselves are the work tree's.
    let states = |j: &serde_json::Value| -> Vec<serde_json::Value> {
        j["initiatives"][0]["work_packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|wp| wp["status"]["state"].clone())
            .collect()
    };
    assert_eq!(states(&json), states(&want));

    let human = clone.plan(&["status", "--offline"]).ok();
    assert!(
        human.stdout.contains("since an unknown date"),
        "{}",
        human.stdout
    );
    insta::assert_snapshot!(human.hint_lines().join("\n").replace(
        &json["unread_objects"].to_string(),
        "N"
    ), @r"
    Hint: This partial clone lacks N old versions of plan files and trees (--offline): the dates they would tell are unknown.
    Hint: Run it without --offline to fetch them.
    ");

    // A degraded answer is not cached: the next run, online, is whole.
    let (run, fetches) = plan_counting_fetches(&clone, &["status", "--json"]);
    assert_eq!(run.ok().json(), want);
    assert_eq!(fetches, 1);
}

#[test]
fn a_promisor_remote_out_of_reach_gives_unknown_dates_and_git_s_reason() {
    let source = history_repo();
    let server = bare_server(&source);
    let clone = clone_of(&server, &["--filter=blob:none"]);
    clone.git(&[
        "remote",
        "set-url",
        "origin",
        "file:///nonexistent/plans.git",
    ]);

    let run = clone.plan(&["status", "--json"]).ok();
    assert_eq!(
        since_dates(&run.json()),
        [serde_json::Value::Null, common::DATE.into()]
    );
    let human = clone.plan(&["status"]).ok();
    let hints = human.hint_lines();
    assert_eq!(hints.len(), 2, "{}", human.stderr);
    assert!(
        hints[0].contains("`git fetch origin` of") && hints[0].contains("fatal: "),
        "{}",
        hints[0]
    );
    assert_eq!(
        hints[1],
        "Hint: Run it again when the promisor remote can be reached to fetch them."
    );

    // log leaves out the modifications it cannot read, and says so.
    let log = clone.plan(&["log", "--json"]).ok();
    let entries = log.json()["entries"].as_array().unwrap().clone();
    assert!(
        entries.iter().all(|e| e["change"] != "modified"),
        "{entries:?}"
    );
    assert!(entries.iter().any(|e| e["change"] == "added"));
    let log = clone.plan(&["log"]).ok();
    assert_eq!(log.hint_lines().len(), 2, "{}", log.stderr);
}

#[test]
fn offline_a_treeless_clone_reads_back_to_the_oldest_commit_it_holds() {
    let source = history_repo();
    let server = bare_server(&source);
    let clone = clone_of(&server, &["--filter=tree:0"]);
    let run = clone.plan(&["log", "--offline"]).ok();
    // Only HEAD's trees are local: everything is present there, at an
    // unknown date.
    assert!(
        run.stdout
            .contains("(unknown date)  2026-01-02-x/01  present in the oldest commit this clone can read as in-progress"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("shallow"), "{}", run.stdout);
    assert_eq!(run.hint_lines().len(), 2, "{}", run.stderr);
    let status = clone.plan(&["status", "--json", "--offline"]).ok().json();
    assert!(since_dates(&status).iter().all(|d| d.is_null()), "{status}");
}

// ---------------------------------------------------------------------------
// Submodules

/// A repository whose top is an engineering root (what a `.engineering`
/// submodule holds): initiative `x`, work package 01 filled in and ready.
fn plans_repository() -> TestRepo {
    let source = common::two_work_packages();
    fill_sections(&source, WP1);
    source.commit_all("fill in 01");
    source.plan(&["set", "x/01", "status=ready"]).ok();
    let plans = TestRepo::new();
    let mut cp = plans.command("cp", plans.path());
    cp.arg("-R")
        .arg(source.path().join(".engineering/."))
        .arg(plans.path());
    assert_eq!(plans.run(cp).code, 0);
    plans.commit_all("plans");
    plans
}

/// A project with `plans` as its `.engineering` submodule, committed.
fn project_with_submodule(plans: &TestRepo) -> TestRepo {
    let project = TestRepo::new();
    project.write("README.md", "# Project\n");
    project.commit_all("initial");
    project.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        plans.path().to_str().unwrap(),
        ".engineering",
    ]);
    project.git(&["commit", "-q", "-m", "plans as a submodule"]);
    project
}

/// A clone of `project` without its submodules checked out.
fn clone_without_submodules(project: &TestRepo) -> TestRepo {
    let clone = TestRepo::empty_dir();
    let mut cmd = clone.command("git", clone.path());
    cmd.args(["clone", "-q"]).arg(project.path()).arg(".");
    assert_eq!(clone.run(cmd).code, 0);
    clone
}

#[test]
fn an_uninitialised_submodule_root_is_named_with_the_command_to_check_it_out() {
    let plans = plans_repository();
    let project = project_with_submodule(&plans);
    let clone = clone_without_submodules(&project);
    assert!(clone.path().join(".engineering").is_dir());
    let run = clone.plan(&["status"]).fails(1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.stderr.replace(&clone.path().display().to_string(), "<repo>"), @r"
    Error: the engineering root <repo>/.engineering is in the submodule `.engineering`, which is not initialised
    Hint: Run `git submodule update --init .engineering` to check it out.
    ");
    // Checked out, it reads.
    clone.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "update",
        "--init",
        "-q",
        ".engineering",
    ]);
    let json = clone.plan(&["status", "--json"]).ok().json();
    assert_eq!(
        common::initiative(&json, "2026-01-02-x")["work_packages"][0]["status"]["state"],
        "ready"
    );
}

#[test]
fn a_transition_in_a_submodule_on_a_detached_head_refuses_unless_told() {
    let plans = plans_repository();
    let project = project_with_submodule(&plans);
    let clone = clone_without_submodules(&project);
    clone.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "update",
        "--init",
        "-q",
        ".engineering",
    ]);
    let sub = clone.path().join(".engineering");
    let head = |repo: &TestRepo| {
        let mut cmd = repo.command("git", &sub);
        cmd.args(["rev-parse", "HEAD"]);
        repo.run(cmd).stdout
    };
    let before = head(&clone);
    let text = std::fs::read_to_string(sub.join("artifacts/planning/2026-01-02-x/01-one-plan.md"))
        .unwrap();

    let run = clone.plan(&["start", "x/01"]).fails(1);
    let at = before.trim()[..7].to_string();
    assert_eq!(
        run.error_lines(),
        [format!(
            "Error: HEAD is detached at {at} in {}: a commit made there would be on no branch",
            sub.display()
        )]
    );
    assert_eq!(
        run.hint_lines(),
        [format!(
            "Hint: Check out a branch first (`git -C {} switch <branch>`), or pass --detached-ok to commit on the detached HEAD.",
            sub.display()
        )]
    );
    assert_eq!(head(&clone), before);
    assert_eq!(
        std::fs::read_to_string(sub.join("artifacts/planning/2026-01-02-x/01-one-plan.md"))
            .unwrap(),
        text
    );
    // Writing commands that create files refuse too.
    clone.plan(&["add", "x", "Three"]).fails(1);
    assert!(!sub
        .join("artifacts/planning/2026-01-02-x/03-three-plan.md")
        .exists());

    // Told, it commits in the submodule, on its detached HEAD.
    clone.plan(&["start", "x/01", "--detached-ok"]).ok();
    let mut cmd = clone.command("git", &sub);
    cmd.args(["log", "-1", "--format=%s"]);
    assert_eq!(
        clone.run(cmd).stdout,
        "plan(2026-01-02-x/01): ready -> in-progress\n"
    );
}

// ---------------------------------------------------------------------------
// The commit a command makes, refused by git

/// `git plan new other` and `git plan start x/01` in a repository where
/// `setup` makes git refuse to commit, run with `env_removed` taken out of
/// the pinned environment: each fails with exit 1, and leaves HEAD, the
/// files and the index as they were, and no empty folder. Returns the
/// stderr of both runs.
fn refused(setup: impl Fn(&TestRepo), env_removed: &[&str]) -> [String; 2] {
    let repo = common::two_work_packages();
    fill_sections(&repo, WP1);
    repo.commit_all("fill in 01");
    repo.plan(&["set", "x/01", "status=ready"]).ok();
    setup(&repo);
    let head = repo.head();
    let text = repo.read(WP1);
    let run = |args: &[&str]| {
        let mut cmd = repo.command(common::bin(), repo.path());
        cmd.args(args);
        for key in env_removed {
            cmd.env_remove(key);
        }
        let run = repo.run(cmd).fails(1);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.contains("Broken pipe"), "{}", run.stderr);
        assert_eq!(repo.head(), head, "{args:?}");
        assert_eq!(repo.porcelain(), "", "{args:?}");
        run.stderr
    };
    let new = run(&["new", "other", "--date", "2026-01-03"]);
    assert!(!repo.exists(".engineering/artifacts/planning/2026-01-03-other"));
    let start = run(&["start", "x/01"]);
    assert_eq!(repo.read(WP1), text);
    [new, start]
}

#[test]
fn no_identity_is_git_s_error_and_leaves_nothing_behind() {
    let [new, start] = refused(
        |repo| {
            repo.git(&["config", "user.useConfigOnly", "true"]);
        },
        &[
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "EMAIL",
        ],
    );
    insta::assert_snapshot!(new, @r#"
    Error: the commit failed, so the new files were removed again
    Caused by: Author identity unknown
    Caused by: fatal: no email was given and auto-detection is disabled
    Hint: Tell git who you are: `git config user.name "Your Name"` and `git config user.email you@example.com`.
    "#);
    assert!(start.starts_with(
        "Error: the commit failed, so the plan files were put back as they were\nCaused by: Author identity unknown\n"
    ), "{start}");
}

#[test]
fn a_signing_failure_is_git_s_error_and_leaves_nothing_behind() {
    let [new, start] = refused(
        |repo| {
            repo.git(&["config", "commit.gpgsign", "true"]);
            repo.git(&["config", "gpg.program", "false"]);
        },
        &[],
    );
    insta::assert_snapshot!(new, @r"
    Error: the commit failed, so the new files were removed again
    Caused by: error: gpg failed to sign the data:
    Caused by: fatal: failed to write commit object
    Hint: Fix signing (gpg.program, user.signingKey), or commit unsigned with `git -c commit.gpgsign=false plan ...`.
    ");
    assert!(
        start.contains("Caused by: fatal: failed to write commit object"),
        "{start}"
    );
}

#[test]
fn unsigned_as_the_hint_says_the_commit_is_made() {
    let repo = common::two_work_packages();
    repo.git(&["config", "commit.gpgsign", "true"]);
    repo.git(&["config", "gpg.program", "false"]);
    // `git -c ... plan`: git passes the setting on to the git it runs.
    let mut cmd = repo.command("git", repo.path());
    cmd.args([
        "-c",
        "commit.gpgsign=false",
        "plan",
        "new",
        "other",
        "--date",
        "2026-01-03",
    ])
    .env("PATH", common::path_with_bin());
    repo.run(cmd).ok();
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]),
        "plan(2026-01-03-other): new initiative\n"
    );
}

#[test]
fn a_refusing_hook_is_the_cause_and_leaves_nothing_behind() {
    for hook in ["pre-commit", "commit-msg"] {
        let [new, start] = refused(
            |repo| repo.hook(hook, "#!/bin/sh\necho 'plans are frozen' >&2\nexit 1\n"),
            &[],
        );
        assert_eq!(
            new,
            format!("Error: the commit failed, so the new files were removed again\nCaused by: the {hook} hook refused the commit: plans are frozen\n")
        );
        assert_eq!(
            start,
            format!("Error: the commit failed, so the plan files were put back as they were\nCaused by: the {hook} hook refused the commit: plans are frozen\n")
        );
    }
}

// ---------------------------------------------------------------------------
// The pre-commit framework's files

/// `pre-commit run --all-files` checks the plans already committed, and
/// `--files X` the plans among X, with the `language: system` hook that
/// takes the git-plan on PATH (this build).
#[test]
fn pre_commit_run_all_files_checks_committed_plans() {
    let probe = std::process::Command::new("pre-commit")
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        common::skip_unless_required(
            "GIT_PLAN_REQUIRE_PRE_COMMIT",
            "the `pre-commit` executable is not on PATH",
        );
        return;
    }
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
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

    let good = common::wp("01-good-plan.md");
    let bad = common::wp("02-bad-plan.md");
    let repo = common::initialised_with(
        &[
            (&good, common::GOOD_PLAN),
            (&bad, common::PLAN_WITHOUT_ROLLBACK),
        ],
        "plans, one without a rollback plan",
    );
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: git-plan-system\n",
            hook_repo.display()
        ),
    );
    repo.commit_all("pre-commit config");
    let pre_commit = |args: &[&str]| {
        let mut cmd = repo.command("pre-commit", repo.path());
        cmd.args(args)
            .env("PATH", common::path_with_bin())
            .env("PRE_COMMIT_HOME", scratch.path().join("pre-commit-home"))
            .env_remove("SKIP");
        let run = repo.run(cmd);
        (run.code, format!("{}{}", run.stdout, run.stderr))
    };

    let (code, output) = pre_commit(&["run", "--all-files"]);
    assert_ne!(code, 0, "{output}");
    assert!(output.contains("git plan check"), "{output}");
    assert!(output.contains("error[missing-rollback-plan]"), "{output}");
    assert!(output.contains("02-bad-plan.md"), "{output}");

    let (code, output) = pre_commit(&["run", "--files", &bad]);
    assert_ne!(code, 0, "{output}");
    assert!(output.contains("error[missing-rollback-plan]"), "{output}");
    let (code, output) = pre_commit(&["run", "--files", &good, "README.md"]);
    assert_eq!(code, 0, "{output}");

    // Fixed in the work tree, --all-files passes.
    repo.write(
        &bad,
        common::GOOD_PLAN.replace("Phase 01: Good", "Phase 02: Fixed"),
    );
    let (code, output) = pre_commit(&["run", "--all-files"]);
    assert_eq!(code, 0, "{output}");
}

/// `git plan hook pre-commit FILE...` checks those files as they are on
/// disk; without files, the index.
#[test]
fn the_pre_commit_hook_checks_the_files_it_is_given() {
    let good = common::wp("01-good-plan.md");
    let bad = common::wp("02-bad-plan.md");
    let repo = common::initialised_with(
        &[
            (&good, common::GOOD_PLAN),
            (&bad, common::PLAN_WITHOUT_ROLLBACK),
        ],
        "plans",
    );
    // Nothing staged: the index holds no change to check.
    repo.plan(&["hook", "pre-commit"]).ok();
    let run = repo.plan(&["hook", "pre-commit", &good, &bad]).fails(1);
    assert!(
        run.stderr.contains("error[missing-rollback-plan]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("02-bad-plan.md"), "{}", run.stderr);
    repo.plan(&["hook", "pre-commit", &good, "README.md"]).ok();
    // From a subdirectory, paths are the current directory's.
    repo.plan_in(
        ".engineering",
        &["hook", "pre-commit", &bad[".engineering/".len()..]],
    )
    .fails(1);
}

//! Finding the repository and the engineering root the way git finds a
//! repository: from a subdirectory, with `-C`, with `GIT_DIR` and
//! `GIT_WORK_TREE`, in a linked worktree, and the errors when there is none.

use crate::common::{bin, TestRepo};
use serde_json::Value;

/// An initialised repository with one initiative and a `src/deep` directory.
fn repo_with_plans() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "api", "--date", "2026-01-02"]).ok();
    repo.write("src/deep/main.rs", "fn main() {}\n");
    repo.commit_all("code");
    repo
}

fn initiative_ids(json: &Value) -> Vec<String> {
    json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn runs_from_a_subdirectory() {
    let repo = repo_with_plans();
    let json = repo.plan_in("src/deep", &["status", "--json"]).ok().json();
    assert_eq!(json["root"], ".engineering");
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);
    let run = repo.plan_in("src/deep", &["status"]).ok();
    assert!(
        run.stdout
            .starts_with("Roadmap in ../../.engineering/: 1 initiative"),
        "{}",
        run.stdout
    );
    // A scaffold from a subdirectory lands in the root, not below the cwd,
    // and human output names files from where it runs, as git does.
    let run = repo
        .plan_in("src/deep", &["new", "web", "--date", "2026-01-03"])
        .ok();
    assert!(
        run.stdout
            .contains("\n  ../../.engineering/artifacts/planning/2026-01-03-web/START-HERE.md\n"),
        "{}",
        run.stdout
    );
    assert!(repo.exists(".engineering/artifacts/planning/2026-01-03-web/START-HERE.md"));
    assert!(!repo.exists("src/deep/.engineering"));
    assert_eq!(repo.porcelain(), "");
    let run = repo.plan_in("src/deep", &["show", "web"]).ok();
    assert!(
        run.stdout.contains(
            "Path:        ../../.engineering/artifacts/planning/2026-01-03-web/START-HERE.md\n"
        ),
        "{}",
        run.stdout
    );
    // Inside the root, paths are shorter; JSON keeps them from the top.
    repo.write(
        ".engineering/artifacts/planning/2026-01-03-web/01-site-plan.md",
        "# Site\n\n**Status:** Bogus\n",
    );
    let run = repo
        .plan_in(".engineering/artifacts", &["check", "--all"])
        .fails(1);
    assert!(
        run.stdout
            .contains(" --> planning/2026-01-03-web/01-site-plan.md:1:1\n"),
        "{}",
        run.stdout
    );
    let run = repo.plan_in(".engineering/artifacts", &["status"]).ok();
    assert!(
        run.stderr
            .starts_with("warning[unknown-status]: planning/2026-01-03-web/01-site-plan.md:3:13: "),
        "{}",
        run.stderr
    );
    let json = repo
        .plan_in(".engineering/artifacts", &["check", "--all", "--json"])
        .fails(1)
        .json();
    assert_eq!(
        json["findings"][0]["file"],
        ".engineering/artifacts/planning/2026-01-03-web/01-site-plan.md"
    );
    assert_eq!(
        json,
        repo.plan(&["check", "--all", "--format", "json"])
            .fails(1)
            .json()
    );
}

#[test]
fn dash_c_runs_as_if_started_there() {
    let repo = repo_with_plans();
    let outside = TestRepo::empty_dir();
    let path = repo.path().to_str().unwrap();
    let json = repo
        .plan_at(outside.path(), &["-C", path, "status", "--json"])
        .ok()
        .json();
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);
    // After the subcommand too, and relative, and repeated like git's.
    let parent = repo.path().parent().unwrap();
    let name = repo.path().file_name().unwrap().to_str().unwrap();
    let json = repo
        .plan_at(parent, &["status", "-C", name, "--json"])
        .ok()
        .json();
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);
    let json = repo
        .plan_at(parent, &["-C", name, "-C", "src/deep", "status", "--json"])
        .ok()
        .json();
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);
    // Writing commands too.
    repo.plan_at(
        outside.path(),
        &["-C", path, "new", "web", "--date", "2026-01-03"],
    )
    .ok();
    assert!(repo.exists(".engineering/artifacts/planning/2026-01-03-web/README.md"));
    assert_eq!(repo.porcelain(), "");
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
}

#[test]
fn dash_c_to_a_missing_directory_is_a_usage_error() {
    let repo = repo_with_plans();
    let run = repo.plan(&["-C", "no/such/dir", "status"]).fails(2);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].contains("no/such/dir"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn git_dir_and_git_work_tree_from_the_environment() {
    let repo = repo_with_plans();
    let outside = TestRepo::empty_dir();
    let git_dir = repo.path().join(".git");
    let mut cmd = repo.command(bin(), outside.path());
    cmd.args(["status", "--json"])
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", repo.path());
    let json = repo.run(cmd).ok().json();
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);

    let mut cmd = repo.command(bin(), outside.path());
    cmd.args(["new", "web", "--date", "2026-01-03"])
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", repo.path());
    repo.run(cmd).ok();
    assert!(repo.exists(".engineering/artifacts/planning/2026-01-03-web/START-HERE.md"));
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]).trim(),
        "plan(2026-01-03-web): new initiative"
    );
    assert_eq!(repo.porcelain(), "");
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
}

#[test]
fn relative_git_dir_and_git_work_tree_from_the_environment() {
    let repo = repo_with_plans();
    let parent = repo.path().parent().unwrap();
    let name = repo.path().file_name().unwrap().to_str().unwrap();
    for args in [
        &["status", "--json"][..],
        &["new", "web", "--date", "2026-01-03"],
    ] {
        let mut cmd = repo.command(bin(), parent);
        cmd.args(args)
            .env("GIT_DIR", format!("{name}/.git"))
            .env("GIT_WORK_TREE", name);
        repo.run(cmd).ok();
    }
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]).trim(),
        "plan(2026-01-03-web): new initiative"
    );
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn a_separate_git_dir_with_a_work_tree() {
    // The work tree holds no `.git` at all: only the environment names it.
    let store = TestRepo::empty_dir();
    let work = TestRepo::empty_dir();
    let git_dir = store.path().join("repo.git");
    let with_env = |args: &[&str]| {
        let mut cmd = work.command(bin(), work.path());
        cmd.args(args)
            .env("GIT_DIR", &git_dir)
            .env("GIT_WORK_TREE", work.path());
        work.run(cmd)
    };
    let mut init = work.command("git", work.path());
    init.args(["init", "-q", "-b", "main"])
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", work.path());
    work.run(init).ok();
    with_env(&["init"]).ok();
    with_env(&["new", "api", "--date", "2026-01-02"]).ok();
    assert!(!work.exists(".git"));
    assert!(work.exists(".engineering/artifacts/planning/2026-01-02-api/START-HERE.md"));
    let json = with_env(&["status", "--json"]).ok().json();
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);
    let mut log = work.command("git", work.path());
    log.args(["log", "--format=%s"]).env("GIT_DIR", &git_dir);
    assert_eq!(
        work.run(log).ok().stdout,
        "plan(2026-01-02-api): new initiative\nplan: initialise the engineering root\n"
    );
}

#[test]
fn a_linked_worktree_reads_and_commits_on_its_own_branch() {
    let repo = repo_with_plans();
    let wt = repo.home().join("wt");
    repo.git(&["worktree", "add", "-q", "-b", "side", wt.to_str().unwrap()]);
    let json = repo.plan_at(&wt, &["status", "--json"]).ok().json();
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);
    let main_head = repo.head();
    repo.plan_at(&wt, &["new", "web", "--date", "2026-01-03"])
        .ok();
    assert!(wt
        .join(".engineering/artifacts/planning/2026-01-03-web/START-HERE.md")
        .exists());
    assert!(!repo.exists(".engineering/artifacts/planning/2026-01-03-web"));
    assert_eq!(repo.head(), main_head, "main did not move");
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s", "side"]).trim(),
        "plan(2026-01-03-web): new initiative"
    );
    // An ADR number taken in the worktree's branch counts from main.
    repo.plan_at(
        &wt,
        &["adr", "new", "Side decision", "--date", "2026-01-03"],
    )
    .ok();
    repo.plan(&["adr", "new", "Main decision", "--date", "2026-01-03"])
        .ok();
    assert!(repo.exists(".engineering/artifacts/adr/0002-main-decision.md"));
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn a_repository_without_a_root_says_to_run_init() {
    let repo = TestRepo::new();
    repo.write("README.md", "# x\n");
    repo.commit_all("initial");
    for args in [
        &["status"][..],
        &["status", "--json"],
        &["show", "x"],
        &["new", "x"],
        &["adr", "new", "X"],
    ] {
        let run = repo.plan(args).fails(1);
        run.no_output_but_a_json_error(args);
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{args:?}: {}", run.stderr);
        assert!(errors[0].contains(".engineering"), "{}", run.stderr);
        let hints = run.hint_lines();
        assert_eq!(hints.len(), 1, "{args:?}: {}", run.stderr);
        assert!(hints[0].contains("git plan init"), "{}", run.stderr);
    }
    assert!(!repo.exists(".engineering"));
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn outside_any_repository_fails() {
    let dir = TestRepo::empty_dir();
    for args in [&["status"][..], &["init"], &["new", "x"]] {
        let run = dir.plan(args).fails(1);
        assert_eq!(run.stdout, "", "{args:?}");
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{args:?}: {}", run.stderr);
        assert!(errors[0].contains("not a git repository"), "{}", run.stderr);
        assert_eq!(run.hint_lines().len(), 1, "{}", run.stderr);
    }
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn a_bare_repository_fails_with_a_hint() {
    let dir = TestRepo::empty_dir();
    dir.git(&["init", "-q", "--bare", "-b", "main"]);
    let run = dir.plan(&["status"]).fails(1);
    assert!(run.error_lines()[0].contains("bare"), "{}", run.stderr);
    assert_eq!(run.hint_lines().len(), 1, "{}", run.stderr);
}

#[test]
fn a_repository_whose_top_is_an_engineering_tree_needs_no_dot_engineering() {
    let repo = TestRepo::new();
    repo.write(
        "artifacts/planning/2026-01-02-api/START-HERE.md",
        "# Api\n\n**Status:** Analysis\n",
    );
    repo.write(
        "artifacts/adr/adr0001-one.md",
        "# ADR 1\n\n**Status:** Accepted\n",
    );
    repo.commit_all("plans at the top");
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["root"], ".");
    assert_eq!(initiative_ids(&json), ["2026-01-02-api"]);
    assert_eq!(json["initiatives"][0]["status"]["state"], "analysis");
    assert_eq!(json["adrs"]["total"], 1);
    let run = repo.plan_in("artifacts/planning", &["status"]).ok();
    assert!(
        run.stdout.starts_with("Roadmap in ../../: 1 initiative"),
        "{}",
        run.stdout
    );
    // Scaffolds go to the top too, in the tree's ADR naming style.
    repo.plan(&["new", "web", "--date", "2026-01-03"]).ok();
    repo.plan(&["adr", "new", "Two", "--date", "2026-01-03"])
        .ok();
    assert!(repo.exists("artifacts/planning/2026-01-03-web/START-HERE.md"));
    assert!(repo.exists("artifacts/adr/adr0002-two.md"));
    assert!(!repo.exists(".engineering"));
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn git_config_plan_root_is_found_from_a_subdirectory() {
    let repo = TestRepo::new();
    repo.git(&["config", "plan.root", "docs/plans"]);
    repo.plan(&["init"]).ok();
    repo.write("docs/other/x.md", "x\n");
    let json = repo
        .plan_in("docs/other", &["status", "--json"])
        .ok()
        .json();
    assert_eq!(json["root"], "docs/plans");
}

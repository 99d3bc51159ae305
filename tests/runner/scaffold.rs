//! `init`, `new`, `add` and `adr new` in real temporary repositories: the
//! files they write, the one commit each makes, and their refusals.

use crate::common::TestRepo;

const PLANNING: &str = ".engineering/artifacts/planning";
const ADR: &str = ".engineering/artifacts/adr";

const INIT_FILES: [&str; 4] = [
    ".engineering/artifacts/adr/.gitkeep",
    ".engineering/artifacts/planning/.gitkeep",
    ".engineering/plan.toml",
    ".engineering/templates/README.md",
];

/// Sorted entries of a directory of the repository.
fn list(repo: &TestRepo, rel: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo.path().join(rel))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// An initialised repository with one initiative, `2026-01-02-api`.
fn with_initiative() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "api", "--date", "2026-01-02"]).ok();
    repo
}

// ---------------------------------------------------------------- init

#[test]
fn init_creates_the_root_in_exactly_one_commit() {
    let repo = TestRepo::new();
    let run = repo.plan(&["init"]).ok();
    assert!(run.stdout.contains("Committed"), "{}", run.stdout);
    for f in INIT_FILES {
        assert!(repo.exists(f), "{f} missing");
    }
    assert_eq!(repo.commit_count(), 1);
    assert_eq!(repo.commit_paths("HEAD"), INIT_FILES);
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]).trim(),
        "plan: initialise the engineering root"
    );
    assert_eq!(repo.porcelain(), "");
    // The written plan.toml is a valid configuration: the root can be read.
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["root"], ".engineering");
    assert_eq!(json["initiatives"].as_array().unwrap().len(), 0);
}

#[test]
fn init_on_top_of_existing_history_adds_one_commit() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    repo.plan(&["init"]).ok();
    assert_eq!(repo.commit_count(), 2);
    assert_eq!(repo.commit_paths("HEAD"), INIT_FILES);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn init_refuses_a_second_time_and_changes_nothing() {
    let repo = TestRepo::initialised();
    repo.write(".engineering/plan.toml", "# my settings\n");
    let head = repo.head();
    let before = repo.porcelain();
    let run = repo.plan(&["init"]).fails(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].contains("plan.toml"), "{}", run.stderr);
    assert!(errors[0].contains("already initialised"), "{}", run.stderr);
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), before);
    assert_eq!(repo.read(".engineering/plan.toml"), "# my settings\n");
}

#[test]
fn init_no_commit_writes_the_files_but_makes_no_commit() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    let run = repo.plan(&["init", "--no-commit"]).ok();
    assert!(run.stdout.contains("Not committed"), "{}", run.stdout);
    for f in INIT_FILES {
        assert!(repo.exists(f), "{f} missing");
    }
    assert_eq!(repo.commit_count(), 1);
    let untracked: Vec<String> = repo
        .porcelain()
        .lines()
        .map(|l| l.trim_start_matches("?? ").to_string())
        .collect();
    assert_eq!(untracked, INIT_FILES);
    // Nothing was staged either.
    assert_eq!(repo.git(&["diff", "--cached", "--name-only"]), "");
}

#[test]
fn init_follows_git_config_plan_root() {
    let repo = TestRepo::new();
    repo.git(&["config", "plan.root", "docs/plans"]);
    let run = repo.plan(&["init"]).ok();
    assert!(run.stdout.contains("docs/plans"), "{}", run.stdout);
    assert!(!repo.exists(".engineering"));
    assert_eq!(
        repo.commit_paths("HEAD"),
        [
            "docs/plans/artifacts/adr/.gitkeep",
            "docs/plans/artifacts/planning/.gitkeep",
            "docs/plans/plan.toml",
            "docs/plans/templates/README.md",
        ]
    );
    // Later commands use the same root.
    repo.plan(&["new", "api", "--date", "2026-01-02"]).ok();
    assert!(repo.exists("docs/plans/artifacts/planning/2026-01-02-api/START-HERE.md"));
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["root"], "docs/plans");
    assert_eq!(json["initiatives"][0]["id"], "2026-01-02-api");
}

// ---------------------------------------------------------------- new

#[test]
fn new_creates_an_initiative_at_scope_assessment() {
    let repo = TestRepo::initialised();
    let head = repo.head();
    let run = repo
        .plan(&["new", "api-redesign", "--date", "2026-01-02"])
        .ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let folder = format!("{PLANNING}/2026-01-02-api-redesign");
    assert_eq!(list(&repo, &folder), ["README.md", "START-HERE.md"]);
    for name in ["START-HERE.md", "README.md"] {
        let text = repo.read(&format!("{folder}/{name}"));
        assert!(text.starts_with("# Api Redesign\n"), "{name}:\n{text}");
        assert!(
            text.lines().any(|l| l == "**Status:** Scope Assessment"),
            "{name}:\n{text}"
        );
        assert!(text.contains("**Created:** 2026-01-02"), "{name}");
    }
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]).trim_end(),
        "plan(2026-01-02-api-redesign): new initiative\n\n\
         Plan-Id: 2026-01-02-api-redesign\n\
         Plan-Transition: none -> scope-assessment"
    );
    assert_eq!(repo.git(&["rev-parse", "HEAD~1"]).trim(), head);
    assert_eq!(
        repo.commit_paths("HEAD"),
        [
            format!("{folder}/README.md"),
            format!("{folder}/START-HERE.md"),
        ]
    );
    assert_eq!(repo.porcelain(), "");
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["initiatives"][0]["id"], "2026-01-02-api-redesign");
    assert_eq!(
        json["initiatives"][0]["status"]["state"],
        "scope-assessment"
    );
    assert_eq!(json["initiatives"][0]["title"], "Api Redesign");
}

#[test]
fn new_takes_a_title() {
    let repo = TestRepo::initialised();
    repo.plan(&[
        "new",
        "api",
        "--date",
        "2026-01-02",
        "--title",
        "The New API",
    ])
    .ok();
    let text = repo.read(&format!("{PLANNING}/2026-01-02-api/START-HERE.md"));
    assert!(text.starts_with("# The New API\n"), "{text}");
}

#[test]
fn new_add_and_adr_new_date_documents_today_without_date() {
    // The harness pins GIT_PLAN_NOW (and TZ=UTC): today is its UTC day.
    let repo = TestRepo::initialised();
    repo.plan(&["new", "api"]).ok();
    repo.plan(&["add", "api", "First"]).ok();
    repo.plan(&["adr", "new", "Use a cache"]).ok();
    let day = crate::common::TODAY;
    let folder = format!("{PLANNING}/{day}-api");
    assert_eq!(
        list(&repo, &folder),
        ["01-first-plan.md", "README.md", "START-HERE.md"]
    );
    for (file, key) in [
        (format!("{folder}/START-HERE.md"), "Created"),
        (format!("{folder}/01-first-plan.md"), "Date"),
        (format!("{ADR}/0001-use-a-cache.md"), "Date"),
    ] {
        let line = format!("**{key}:** {day}\n");
        assert!(repo.read(&file).contains(&line), "{file}");
    }
}

#[test]
fn new_refuses_a_bad_slug_and_writes_nothing() {
    let repo = TestRepo::initialised();
    let head = repo.head();
    for slug in ["Bad Slug", "under_score/../x", "-", ""] {
        let run = repo.plan(&["new", slug, "--date", "2026-01-02"]).fails(1);
        assert_eq!(run.error_lines().len(), 1, "{slug:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{slug:?}: {}", run.stdout);
    }
    assert_eq!(list(&repo, PLANNING), [".gitkeep"]);
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn new_refuses_a_bad_date_and_writes_nothing() {
    let repo = TestRepo::initialised();
    let head = repo.head();
    for date in ["2026-13-01", "2026-02-30", "02-01-2026", "yesterday"] {
        let run = repo.plan(&["new", "api", "--date", date]).fails(1);
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{date}: {}", run.stderr);
        assert!(errors[0].contains(date), "{}", run.stderr);
        assert!(errors[0].contains("YYYY-MM-DD"), "{}", run.stderr);
    }
    assert_eq!(list(&repo, PLANNING), [".gitkeep"]);
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn new_refuses_an_initiative_that_exists() {
    let repo = with_initiative();
    let head = repo.head();
    let start_here = repo.read(&format!("{PLANNING}/2026-01-02-api/START-HERE.md"));
    let run = repo.plan(&["new", "api", "--date", "2026-01-02"]).fails(1);
    assert!(
        run.error_lines()[0].contains("already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
    assert_eq!(
        repo.read(&format!("{PLANNING}/2026-01-02-api/START-HERE.md")),
        start_here
    );
}

#[test]
fn new_refuses_a_folder_that_exists_without_its_documents() {
    let repo = TestRepo::initialised();
    repo.write(&format!("{PLANNING}/2026-01-02-api/notes.md"), "# Notes\n");
    repo.commit_all("notes");
    let head = repo.head();
    let run = repo.plan(&["new", "api", "--date", "2026-01-02"]).fails(1);
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("2026-01-02-api"), "{}", run.stderr);
    assert_eq!(
        list(&repo, &format!("{PLANNING}/2026-01-02-api")),
        ["notes.md"]
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn new_no_commit_leaves_the_files_untracked() {
    let repo = TestRepo::initialised();
    let head = repo.head();
    repo.plan(&["new", "api", "--date", "2026-01-02", "--no-commit"])
        .ok();
    assert_eq!(repo.head(), head);
    assert_eq!(
        repo.porcelain(),
        format!(
            "?? {PLANNING}/2026-01-02-api/README.md\n?? {PLANNING}/2026-01-02-api/START-HERE.md\n"
        )
    );
}

// ---------------------------------------------------------------- add

#[test]
fn add_numbers_after_existing_numbered_files() {
    let repo = with_initiative();
    let folder = format!("{PLANNING}/2026-01-02-api");
    repo.write(
        &format!("{folder}/01-CONTEXT-ANALYSIS.md"),
        "# Context Analysis\n\nFindings.\n",
    );
    repo.commit_all("analysis");
    let run = repo
        .plan(&[
            "add",
            "api",
            "Result Types",
            "--priority",
            "HIGH (blocks 03)",
            "--effort",
            "2-4h agentic + 1h review",
            "--date",
            "2026-01-03",
        ])
        .ok();
    let path = format!("{folder}/02-result-types-plan.md");
    assert!(run.stdout.contains(&path), "{}", run.stdout);
    let text = repo.read(&path);
    for line in [
        "**Date:** 2026-01-03",
        "**Priority:** HIGH (blocks 03)",
        "**Status:** Draft",
        "**Estimated Effort:** 2-4h agentic + 1h review",
        "**Depends on:** None",
        "## Success Criteria",
        "## Rollback Plan",
        "## Risks",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line:?}:\n{text}");
    }
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]).trim_end(),
        "plan(2026-01-02-api/02): new work package\n\n\
         Plan-Id: 2026-01-02-api/02\n\
         Plan-Transition: none -> draft"
    );
    assert_eq!(repo.commit_paths("HEAD"), [path]);
    assert_eq!(repo.porcelain(), "");

    // The next one continues after it.
    repo.plan(&["add", "api", "Caching", "--date", "2026-01-03"])
        .ok();
    assert!(repo.exists(&format!("{folder}/03-caching-plan.md")));

    let json = repo.plan(&["status", "--json"]).ok().json();
    let wps = json["initiatives"][0]["work_packages"].as_array().unwrap();
    let ids: Vec<&str> = wps.iter().map(|w| w["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2026-01-02-api/02", "2026-01-02-api/03"]);
    assert_eq!(wps[0]["status"]["state"], "draft");
    assert_eq!(wps[0]["priority"]["level"], "high");
    assert_eq!(wps[0]["has_rollback_plan"], true);
    assert_eq!(wps[0]["success_criteria"]["done"], 0);
    assert!(wps[0]["success_criteria"]["total"].as_u64().unwrap() > 0);
}

#[test]
fn add_names_a_work_package_so_that_it_reads_back_as_one() {
    let repo = with_initiative();
    let folder = format!("{PLANNING}/2026-01-02-api");
    // `NN-load-test-plan.md` would read as a test plan, `NN-data-analysis-plan.md`
    // as an analysis: the name says what the file is instead.
    let run = repo
        .plan(&["add", "api", "Load test", "--date", "2026-01-03"])
        .ok();
    let path = format!("{folder}/01-load-test-work-package-plan.md");
    assert!(run.stdout.contains(&path), "{}", run.stdout);
    let json = repo.plan(&["status", "api", "--json"]).ok().json();
    let wps = json["initiatives"][0]["work_packages"].as_array().unwrap();
    let ids: Vec<&str> = wps.iter().map(|w| w["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2026-01-02-api/01"]);
    // No name reads as a work package: refused, nothing written.
    let before = repo.porcelain();
    let run = repo
        .plan(&["add", "api", "Data analysis", "--date", "2026-01-03"])
        .fails(1);
    assert!(
        run.stderr
            .contains("02-data-analysis-work-package-plan.md would be read as an analysis"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.porcelain(), before);
}

#[test]
fn add_depends_on_a_number_in_the_same_initiative() {
    let repo = with_initiative();
    // Another initiative with its own 01, so that `01` alone is ambiguous.
    repo.plan(&["new", "other", "--date", "2026-01-01"]).ok();
    repo.plan(&["add", "other", "Elsewhere", "--date", "2026-01-02"])
        .ok();
    repo.plan(&["add", "api", "Parser", "--date", "2026-01-02"])
        .ok();
    repo.plan(&[
        "add",
        "api",
        "Output",
        "--depends-on",
        "01",
        "--date",
        "2026-01-02",
    ])
    .ok();
    let text = repo.read(&format!("{PLANNING}/2026-01-02-api/02-output-plan.md"));
    assert!(
        text.lines()
            .any(|l| l == "**Depends on:** [01](01-parser-plan.md)"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l == "- [ ] [01](01-parser-plan.md) complete"),
        "{text}"
    );
    let json = repo
        .plan(&["show", "2026-01-02-api/02", "--json"])
        .ok()
        .json();
    assert_eq!(json["depends_on"][0]["id"], "2026-01-02-api/01");
    assert_eq!(json["depends_on"][0]["state"], "draft");
}

#[test]
fn add_depends_on_a_plan_of_another_initiative_by_id() {
    let repo = with_initiative();
    repo.plan(&["new", "other", "--date", "2026-01-01"]).ok();
    repo.plan(&["add", "other", "Elsewhere", "--date", "2026-01-02"])
        .ok();
    repo.plan(&[
        "add",
        "api",
        "Output",
        "--depends-on",
        "2026-01-01-other/01",
        "--date",
        "2026-01-02",
    ])
    .ok();
    let text = repo.read(&format!("{PLANNING}/2026-01-02-api/01-output-plan.md"));
    assert!(
        text.lines()
            .any(|l| l == "**Depends on:** 2026-01-01-other/01"),
        "{text}"
    );
    let json = repo.plan(&["status", "api", "--json"]).ok().json();
    assert_eq!(
        json["initiatives"][0]["work_packages"][0]["depends_on"][0]["id"],
        "2026-01-01-other/01"
    );
}

#[test]
fn add_refuses_an_unknown_initiative_with_a_hint() {
    let repo = with_initiative();
    let head = repo.head();
    let run = repo.plan(&["add", "nope", "Title"]).fails(1);
    assert!(run.error_lines()[0].contains("`nope`"), "{}", run.stderr);
    assert_eq!(run.hint_lines().len(), 1, "{}", run.stderr);
    assert!(
        run.hint_lines()[0].contains("git plan status"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn add_refuses_an_unknown_dependency_with_a_hint() {
    let repo = with_initiative();
    let head = repo.head();
    let run = repo
        .plan(&["add", "api", "Title", "--depends-on", "77"])
        .fails(1);
    assert!(run.error_lines()[0].contains("`77`"), "{}", run.stderr);
    assert_eq!(run.hint_lines().len(), 1, "{}", run.stderr);
    assert_eq!(
        list(&repo, &format!("{PLANNING}/2026-01-02-api")),
        ["README.md", "START-HERE.md"]
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn add_refuses_an_initiative_as_dependency() {
    let repo = with_initiative();
    repo.plan(&["new", "other", "--date", "2026-01-01"]).ok();
    let head = repo.head();
    let run = repo
        .plan(&["add", "api", "Title", "--depends-on", "2026-01-01-other"])
        .fails(1);
    assert!(
        run.error_lines()[0].contains("initiative"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

// ---------------------------------------------------------------- adr new

#[test]
fn adr_new_writes_the_first_adr() {
    let repo = TestRepo::initialised();
    repo.plan(&["adr", "new", "Use gix for history", "--date", "2026-01-02"])
        .ok();
    let path = format!("{ADR}/0001-use-gix-for-history.md");
    let text = repo.read(&path);
    assert!(text.starts_with("# 0001. Use gix for history\n"), "{text}");
    assert!(text.lines().any(|l| l == "**Status:** Proposed"), "{text}");
    assert!(text.lines().any(|l| l == "**Date:** 2026-01-02"), "{text}");
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]).trim_end(),
        "plan(adr-0001): Use gix for history\n\n\
         Plan-Id: adr-0001\n\
         Plan-Transition: none -> proposed"
    );
    assert_eq!(repo.commit_paths("HEAD"), [path]);
    assert_eq!(repo.porcelain(), "");
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["adrs"]["total"], 1);
    assert_eq!(json["adrs"]["by_status"]["proposed"], 1);
}

#[test]
fn adr_new_numbers_after_adrs_on_other_branches() {
    let repo = TestRepo::initialised();
    repo.plan(&["adr", "new", "First", "--date", "2026-01-02"])
        .ok();
    repo.git(&["switch", "-q", "-c", "other"]);
    repo.write(
        &format!("{ADR}/0007-x.md"),
        "# 7. X\n\n**Status:** Accepted\n",
    );
    repo.commit_all("adr 7 on another branch");
    repo.git(&["switch", "-q", "main"]);
    assert!(!repo.exists(&format!("{ADR}/0007-x.md")));
    repo.plan(&["adr", "new", "Second", "--date", "2026-01-02"])
        .ok();
    assert_eq!(
        list(&repo, ADR),
        [".gitkeep", "0001-first.md", "0008-second.md"]
    );
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]).trim(),
        "plan(adr-0008): Second"
    );
}

#[test]
fn adr_new_numbers_after_adrs_on_remote_tracking_branches() {
    let repo = TestRepo::initialised();
    repo.git(&["switch", "-q", "-c", "feature"]);
    repo.write(
        &format!("{ADR}/0011-remote.md"),
        "# 11. R\n\n**Status:** Proposed\n",
    );
    repo.commit_all("adr 11");
    let tip = repo.head();
    repo.git(&["switch", "-q", "main"]);
    repo.git(&["update-ref", "refs/remotes/origin/feature", &tip]);
    repo.git(&["branch", "-q", "-D", "feature"]);
    repo.plan(&["adr", "new", "Mine", "--date", "2026-01-02"])
        .ok();
    assert!(
        repo.exists(&format!("{ADR}/0012-mine.md")),
        "{:?}",
        list(&repo, ADR)
    );
}

#[test]
fn adr_new_follows_the_trees_naming_style() {
    let repo = TestRepo::initialised();
    repo.write(
        &format!("{ADR}/adr0001-typescript.md"),
        "# ADR 0001: TypeScript\n\n**Status:** Accepted\n",
    );
    repo.write(
        &format!("{ADR}/adr0002-lancedb.md"),
        "# ADR 0002: LanceDB\n\n**Status:** Accepted\n",
    );
    repo.commit_all("adrs");
    repo.plan(&["adr", "new", "Use WordNet", "--date", "2026-01-02"])
        .ok();
    let path = format!("{ADR}/adr0003-use-wordnet.md");
    assert!(repo.exists(&path), "{:?}", list(&repo, ADR));
    assert_eq!(repo.commit_paths("HEAD"), [path]);
}

#[test]
fn adr_new_supersedes_in_the_same_commit() {
    let repo = TestRepo::initialised();
    repo.write(
        &format!("{ADR}/0001-old-way.md"),
        "# 1. Old way\n\n**Date:** 2025-01-01\n**Status:** Accepted\n\n## Context\n\nText.\n",
    );
    repo.commit_all("adr 1");
    repo.plan(&[
        "adr",
        "new",
        "New way",
        "--supersedes",
        "1",
        "--date",
        "2026-01-02",
    ])
    .ok();
    let new = format!("{ADR}/0002-new-way.md");
    let old = format!("{ADR}/0001-old-way.md");
    assert_eq!(
        repo.read(&old),
        "# 1. Old way\n\n**Date:** 2025-01-01\n**Status:** Superseded by [ADR 0002](0002-new-way.md)\n\n## Context\n\nText.\n"
    );
    assert!(
        repo.read(&new)
            .lines()
            .any(|l| l == "**Supersedes:** [ADR 0001](0001-old-way.md)"),
        "{}",
        repo.read(&new)
    );
    assert_eq!(repo.commit_paths("HEAD"), [old, new]);
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.contains("Plan-Supersedes: adr-0001 (accepted -> superseded)"),
        "{message}"
    );
    assert_eq!(repo.porcelain(), "");
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["adrs"]["by_status"]["superseded"], 1);
    assert_eq!(json["adrs"]["by_status"]["proposed"], 1);
    let first = &json["adrs"]["items"][0];
    assert_eq!(first["id"], "adr-0001");
    assert_eq!(first["status"]["state"], "superseded");
    assert_eq!(first["status"]["superseded_by"], "adr-0002");
}

#[test]
fn adr_new_supersedes_an_adr_without_a_status_line() {
    let repo = TestRepo::initialised();
    let cases = [
        (
            "0001-bare.md",
            "# 1. Bare\n",
            "# 1. Bare\n\n**Status:** Superseded by [ADR 0004](0004-new-1.md)\n",
        ),
        (
            "0002-prose.md",
            "# 2. Prose\nWe decided.\n",
            "# 2. Prose\n\n**Status:** Superseded by [ADR 0005](0005-new-2.md)\n\nWe decided.\n",
        ),
        (
            "0003-setext.md",
            "Setext title\n============\n\nWe decided.\n",
            "Setext title\n============\n\n**Status:** Superseded by [ADR 0006](0006-new-3.md)\n\nWe decided.\n",
        ),
    ];
    for (name, before, _) in cases {
        repo.write(&format!("{ADR}/{name}"), before);
    }
    repo.commit_all("adrs without status lines");
    for n in 1..=3 {
        let title = format!("New {n}");
        let old = n.to_string();
        repo.plan(&[
            "adr",
            "new",
            &title,
            "--supersedes",
            &old,
            "--date",
            "2026-01-02",
        ])
        .ok();
    }
    // The status line is added below the title, and nothing else changes.
    for (name, _, after) in cases {
        assert_eq!(repo.read(&format!("{ADR}/{name}")), after, "{name}");
    }
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(
        json["adrs"]["by_status"]["superseded"], 3,
        "{}",
        json["adrs"]
    );
    assert_eq!(json["adrs"]["items"][2]["title"], "Setext title");
}

#[test]
fn adr_new_refuses_to_supersede_a_missing_adr() {
    let repo = TestRepo::initialised();
    repo.plan(&["adr", "new", "First", "--date", "2026-01-02"])
        .ok();
    let head = repo.head();
    let run = repo
        .plan(&["adr", "new", "Second", "--supersedes", "9"])
        .fails(1);
    assert!(run.error_lines()[0].contains("0009"), "{}", run.stderr);
    assert_eq!(list(&repo, ADR), [".gitkeep", "0001-first.md"]);
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

// -------------------------------------------- other work is never swept in

/// A repository with an unrelated file staged (`b.txt`), a tracked file
/// modified but not staged (`c.txt`), and a staged edit of another plan.
fn with_user_work() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "api", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "api", "Parser", "--date", "2026-01-02"])
        .ok();
    repo.write(
        &format!("{ADR}/0001-first.md"),
        "# 1. First\n\n**Status:** Accepted\n",
    );
    repo.write("c.txt", "c\n");
    repo.commit_all("user files");
    repo.write("b.txt", "staged\n");
    repo.git(&["add", "b.txt"]);
    repo.write("c.txt", "c, modified but not staged\n");
    let wp = format!("{PLANNING}/2026-01-02-api/01-parser-plan.md");
    let text = repo
        .read(&wp)
        .replace("**Status:** Draft", "**Status:** Ready");
    repo.write(&wp, text);
    repo.git(&["add", &wp]);
    repo
}

#[track_caller]
fn assert_user_work_kept(repo: &TestRepo, created: &[String]) {
    let mut expected: Vec<String> = created.to_vec();
    expected.sort();
    assert_eq!(repo.commit_paths("HEAD"), expected);
    let stat = repo.git(&["show", "--stat", "--format=", "HEAD"]);
    assert!(!stat.contains("b.txt") && !stat.contains("c.txt"), "{stat}");
    let wp = format!("{PLANNING}/2026-01-02-api/01-parser-plan.md");
    assert_eq!(
        repo.git(&["diff", "--cached", "--name-only"]),
        format!("{wp}\nb.txt\n")
    );
    assert_eq!(repo.git(&["show", ":b.txt"]), "staged\n");
    assert_eq!(repo.git(&["diff", "--name-only"]), "c.txt\n");
    assert_eq!(repo.read("c.txt"), "c, modified but not staged\n");
    assert_eq!(
        repo.porcelain(),
        format!("M  {wp}\nA  b.txt\n M c.txt\n"),
        "the created files must be committed and clean"
    );
}

#[test]
fn new_commits_only_its_own_files() {
    let repo = with_user_work();
    repo.plan(&["new", "other", "--date", "2026-01-03"]).ok();
    let folder = format!("{PLANNING}/2026-01-03-other");
    assert_user_work_kept(
        &repo,
        &[
            format!("{folder}/START-HERE.md"),
            format!("{folder}/README.md"),
        ],
    );
}

#[test]
fn add_commits_only_its_own_file() {
    let repo = with_user_work();
    repo.plan(&["add", "api", "Output", "--date", "2026-01-03"])
        .ok();
    assert_user_work_kept(
        &repo,
        &[format!("{PLANNING}/2026-01-02-api/02-output-plan.md")],
    );
}

#[test]
fn adr_new_commits_only_its_own_files() {
    let repo = with_user_work();
    repo.plan(&[
        "adr",
        "new",
        "Second",
        "--supersedes",
        "1",
        "--date",
        "2026-01-03",
    ])
    .ok();
    assert_user_work_kept(
        &repo,
        &[
            format!("{ADR}/0001-first.md"),
            format!("{ADR}/0002-second.md"),
        ],
    );
}

#[test]
fn init_commits_only_its_own_files() {
    let repo = TestRepo::new();
    repo.write("c.txt", "c\n");
    repo.commit_all("initial");
    repo.write("b.txt", "staged\n");
    repo.git(&["add", "b.txt"]);
    repo.write("c.txt", "changed\n");
    repo.plan(&["init"]).ok();
    assert_eq!(repo.commit_paths("HEAD"), INIT_FILES);
    assert_eq!(repo.git(&["diff", "--cached", "--name-only"]), "b.txt\n");
    assert_eq!(repo.git(&["diff", "--name-only"]), "c.txt\n");
    assert_eq!(repo.porcelain(), "A  b.txt\n M c.txt\n");
}

// ------------------------------------------------- failures leave no trace

#[test]
fn a_failing_pre_commit_hook_leaves_nothing_behind() {
    let repo = with_user_work();
    repo.hook("pre-commit", "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n");
    let head = repo.head();
    let before = repo.porcelain();
    let run = repo
        .plan(&["new", "other", "--date", "2026-01-03"])
        .fails(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].contains("commit failed"), "{}", run.stderr);
    assert!(run.stderr.contains("hook says no"), "{}", run.stderr);
    assert!(!repo.exists(&format!("{PLANNING}/2026-01-03-other")));
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), before);
    assert_eq!(repo.git(&["show", ":b.txt"]), "staged\n");
}

#[test]
fn a_failing_commit_restores_an_edited_adr() {
    let repo = TestRepo::initialised();
    let old = format!("{ADR}/0001-first.md");
    let text = "# 1. First\n\n**Status:** Accepted\n";
    repo.write(&old, text);
    repo.commit_all("adr 1");
    repo.hook("pre-commit", "#!/bin/sh\nexit 1\n");
    let head = repo.head();
    let run = repo
        .plan(&["adr", "new", "Second", "--supersedes", "1"])
        .fails(1);
    assert!(
        run.error_lines()[0].contains("commit failed"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(&old), text);
    assert_eq!(list(&repo, ADR), [".gitkeep", "0001-first.md"]);
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn a_failing_commit_removes_a_new_work_package() {
    let repo = with_initiative();
    repo.hook("commit-msg", "#!/bin/sh\nexit 1\n");
    let head = repo.head();
    repo.plan(&["add", "api", "Parser"]).fails(1);
    assert_eq!(
        list(&repo, &format!("{PLANNING}/2026-01-02-api")),
        ["README.md", "START-HERE.md"]
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn the_users_pre_commit_hook_runs_on_the_plan_commit() {
    let repo = with_user_work();
    let marker = repo.home().join("hook-ran");
    repo.hook(
        "pre-commit",
        &format!(
            "#!/bin/sh\ngit diff --cached --name-only > '{}'\n",
            marker.display()
        ),
    );
    repo.plan(&["new", "other", "--date", "2026-01-03"]).ok();
    // The hook ran, and saw only the plan files staged for this commit.
    let seen = std::fs::read_to_string(&marker).expect("the pre-commit hook did not run");
    assert_eq!(
        seen,
        format!(
            "{PLANNING}/2026-01-03-other/README.md\n{PLANNING}/2026-01-03-other/START-HERE.md\n"
        )
    );
}

// ------------------------------------- refusals during other git operations

/// A repository in the middle of a conflicted `git merge`.
fn mid_merge() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write("a.txt", "base\n");
    repo.commit_all("base");
    repo.git(&["switch", "-q", "-c", "other"]);
    repo.write("a.txt", "theirs\n");
    repo.commit_all("theirs");
    repo.git(&["switch", "-q", "main"]);
    repo.write("a.txt", "ours\n");
    repo.commit_all("ours");
    let merge = repo.git_run(&["merge", "other"]);
    assert_ne!(merge.code, 0, "the merge was expected to conflict");
    repo
}

#[test]
fn new_refuses_during_a_merge() {
    let repo = mid_merge();
    let head = repo.head();
    let before = repo.porcelain();
    assert!(before.contains("UU a.txt"), "{before}");
    let run = repo.plan(&["new", "api", "--date", "2026-01-02"]).fails(1);
    assert!(run.error_lines()[0].contains("merge"), "{}", run.stderr);
    assert!(run.hint_lines()[0].contains("merge"), "{}", run.stderr);
    assert_eq!(list(&repo, PLANNING), [".gitkeep"]);
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), before);
    // Still a merge in progress, as the user left it.
    assert!(repo.exists(".git/MERGE_HEAD"));
}

#[test]
fn adr_new_refuses_during_a_rebase() {
    let repo = TestRepo::initialised();
    repo.write("a.txt", "base\n");
    repo.commit_all("base");
    repo.git(&["switch", "-q", "-c", "topic"]);
    repo.write("a.txt", "topic\n");
    repo.commit_all("topic");
    repo.git(&["switch", "-q", "main"]);
    repo.write("a.txt", "main\n");
    repo.commit_all("main");
    repo.git(&["switch", "-q", "topic"]);
    let rebase = repo.git_run(&["rebase", "main"]);
    assert_ne!(rebase.code, 0, "the rebase was expected to conflict");
    let before = repo.porcelain();
    let run = repo.plan(&["adr", "new", "Decision"]).fails(1);
    assert!(run.error_lines()[0].contains("rebase"), "{}", run.stderr);
    assert_eq!(list(&repo, ADR), [".gitkeep"]);
    assert_eq!(repo.porcelain(), before);
}

#[test]
fn new_refuses_while_the_index_is_locked() {
    let repo = TestRepo::initialised();
    repo.write(".git/index.lock", "");
    let head = repo.head();
    let run = repo.plan(&["new", "api", "--date", "2026-01-02"]).fails(1);
    assert!(
        run.error_lines()[0].contains("index.lock"),
        "{}",
        run.stderr
    );
    assert_eq!(run.hint_lines().len(), 1, "{}", run.stderr);
    assert_eq!(list(&repo, PLANNING), [".gitkeep"]);
    assert_eq!(repo.head(), head);
    std::fs::remove_file(repo.path().join(".git/index.lock")).unwrap();
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn no_commit_works_during_a_merge() {
    let repo = mid_merge();
    let head = repo.head();
    repo.plan(&["new", "api", "--date", "2026-01-02", "--no-commit"])
        .ok();
    assert!(repo.exists(&format!("{PLANNING}/2026-01-02-api/START-HERE.md")));
    assert_eq!(repo.head(), head);
}

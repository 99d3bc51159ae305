//! Decision records where teams already keep them (issue 15): the
//! adr-tools, log4brains and MADR collections of `../shared/corpora/` read
//! as they are, with no configuration; collections beside `.engineering/`;
//! records written in each collection's own format; and a repository made
//! by the real `adr` command (Debian's `adr-tools`).
//!
//! The expectations of the corpus tests come from reading the files: each
//! table below is what a person reads in each file's status.

use std::collections::BTreeMap;

use crate::common::{bundle_clone, rule_files, TestRepo};
use serde_json::Value;

/// One decision as a person reads it: its file, the status written (None:
/// no status at all) and the records its status says supersede it.
struct Read {
    path: &'static str,
    state: Option<&'static str>,
    superseded_by: &'static [&'static str],
}

const fn read(path: &'static str, state: Option<&'static str>) -> Read {
    Read {
        path,
        state,
        superseded_by: &[],
    }
}

/// `status --json --full-history` (every parent, as `git log --follow`
/// walks), without caches.
fn status_json(repo: &TestRepo) -> Value {
    let run = repo
        .plan(&["status", "--json", "--full-history", "--no-cache"])
        .ok();
    assert_eq!(run.stderr, "", "JSON output keeps diagnostics in the JSON");
    run.json()
}

fn adrs_by_path(json: &Value) -> BTreeMap<String, Value> {
    json["adrs"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["path"].as_str().unwrap().to_string(), a.clone()))
        .collect()
}

/// Every decision listed, none more (no template, no index), each with the
/// status and supersession of the table.
#[track_caller]
fn assert_reads(json: &Value, table: &[Read]) {
    let adrs = adrs_by_path(json);
    let listed: Vec<&str> = adrs.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = table.iter().map(|r| r.path).collect();
    expected.sort_unstable();
    assert_eq!(listed, expected);
    for r in table {
        let a = &adrs[r.path];
        let state = a["status"]["state"].as_str();
        assert_eq!(state, r.state, "{}: {}", r.path, a["status"]);
        let by: Vec<&str> = a["superseded_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(by, r.superseded_by, "{}", r.path);
    }
}

/// The commits `git log --follow` names for `path`, newest first.
fn follow(repo: &TestRepo, path: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["log", "--follow", "--format=%H"];
    args.extend(extra);
    args.extend(["--", path]);
    repo.git(&args).lines().map(str::to_string).collect()
}

/// `created` is the oldest commit `git log --follow` names; the status
/// holds since the newest that changed its line (`status_line` a `-G`
/// regex of it).
#[track_caller]
fn assert_history(repo: &TestRepo, json: &Value, path: &str, status_line: &str) {
    let adrs = adrs_by_path(json);
    let a = &adrs[path];
    let all = follow(repo, path, &[]);
    assert_eq!(
        a["created"]["commit"].as_str(),
        all.last().map(String::as_str),
        "created of {path}"
    );
    let regex = format!("-G{status_line}");
    let changed = follow(repo, path, &[&regex]);
    assert_eq!(
        a["status"]["since"]["commit"].as_str(),
        changed.first().map(String::as_str),
        "since of {path}"
    );
}

#[test]
fn adr_tools_collection_read_with_no_configuration() {
    let Some(repo) = bundle_clone("adr-tools.bundle", "master") else {
        return;
    };
    assert!(!repo.exists(".adr-dir") && !repo.exists(".engineering"));
    let json = status_json(&repo);
    let accepted = Some("accepted");
    // Each `## Status` section says `Accepted`; 0005 and 0009 add
    // `Amended by` / `Amends` lines, which are not supersession.
    assert_reads(
        &json,
        &[
            read("doc/adr/0001-record-architecture-decisions.md", accepted),
            read("doc/adr/0002-implement-as-shell-scripts.md", accepted),
            read("doc/adr/0003-single-command-with-subcommands.md", accepted),
            read("doc/adr/0004-markdown-format.md", accepted),
            read("doc/adr/0005-help-comments.md", accepted),
            read(
                "doc/adr/0006-packaging-and-distribution-in-other-version-control-repositories.md",
                accepted,
            ),
            read(
                "doc/adr/0007-invoke-adr-config-executable-to-get-configuration.md",
                accepted,
            ),
            read("doc/adr/0008-use-iso-8601-format-for-dates.md", accepted),
            read("doc/adr/0009-help-scripts.md", accepted),
        ],
    );
    assert_eq!(json["adrs"]["items"][0]["id"], "adr-0001");
    // 0001 is left out of the sample: `git log --follow` takes it for a
    // copy of `src/init.md` (which stayed), git plan for a new file.
    for path in [
        "doc/adr/0002-implement-as-shell-scripts.md",
        "doc/adr/0005-help-comments.md",
        "doc/adr/0009-help-scripts.md",
    ] {
        assert_history(&repo, &json, path, "^Accepted");
    }
}

#[test]
fn log4brains_collections_of_the_project_and_its_packages() {
    let Some(repo) = bundle_clone("log4brains.bundle", "master") else {
        return;
    };
    let json = status_json(&repo);
    let accepted = Some("accepted");
    assert_reads(
        &json,
        &[
            read(
                "docs/adr/20200924-use-markdown-architectural-decision-records.md",
                accepted,
            ),
            read(
                "docs/adr/20200925-multi-packages-architecture-in-a-monorepo-with-yarn-and-lerna.md",
                accepted,
            ),
            read(
                "docs/adr/20200925-use-prettier-eslint-airbnb-for-the-code-style.md",
                accepted,
            ),
            Read {
                path: "docs/adr/20200926-use-the-adr-number-as-its-unique-id.md",
                state: Some("superseded"),
                superseded_by: &["20201016-use-the-adr-slug-as-its-unique-id"],
            },
            read("docs/adr/20200927-avoid-default-exports.md", accepted),
            read(
                "docs/adr/20201016-use-the-adr-slug-as-its-unique-id.md",
                accepted,
            ),
            read(
                "docs/adr/20201026-the-core-api-is-responsible-for-enhancing-the-adr-markdown-body-with-mdx.md",
                accepted,
            ),
            read("docs/adr/20201103-use-lunr-for-search.md", accepted),
            read(
                "docs/adr/20210113-distribute-log4brains-as-a-global-npm-package.md",
                accepted,
            ),
            read(
                "packages/core/docs/adr/20201002-use-explicit-architecture-and-ddd-for-the-core-api.md",
                accepted,
            ),
            read(
                "packages/core/docs/adr/20201003-markdown-parsing-is-part-of-the-domain.md",
                accepted,
            ),
            read(
                "packages/core/docs/adr/20201027-adr-link-resolver-in-the-domain.md",
                accepted,
            ),
            read(
                "packages/web/docs/adr/20200925-use-nextjs-for-static-site-generation.md",
                accepted,
            ),
            read(
                "packages/web/docs/adr/20200926-react-file-structure-organized-by-feature.md",
                accepted,
            ),
            read("packages/web/docs/adr/20200927-avoid-react-fc-type.md", accepted),
            read("packages/web/docs/adr/20200927-use-react-hooks.md", accepted),
            read(
                "packages/web/docs/adr/20201007-next-js-persistent-layout-pattern.md",
                accepted,
            ),
        ],
    );
    // Ids: the project's dated stems, the packages' after their names.
    let adrs = adrs_by_path(&json);
    assert_eq!(
        adrs["docs/adr/20201103-use-lunr-for-search.md"]["id"],
        "20201103-use-lunr-for-search"
    );
    assert_eq!(
        adrs["packages/core/docs/adr/20201027-adr-link-resolver-in-the-domain.md"]["id"],
        "core/20201027-adr-link-resolver-in-the-domain"
    );
    for path in [
        "docs/adr/20200926-use-the-adr-number-as-its-unique-id.md",
        "docs/adr/20210113-distribute-log4brains-as-a-global-npm-package.md",
        "packages/core/docs/adr/20201027-adr-link-resolver-in-the-domain.md",
    ] {
        assert_history(&repo, &json, path, "^- Status:");
    }
    // An id of a package resolves.
    let show = repo
        .plan(&["show", "web/20200927-use-react-hooks"])
        .ok()
        .stdout;
    assert!(show.contains("Use React hooks"), "{show}");
}

#[test]
fn madr_front_matter_collection() {
    let Some(repo) = bundle_clone("madr.bundle", "develop") else {
        return;
    };
    let json = status_json(&repo);
    let dir = "docs/decisions";
    // Front matter with `parent` and `nav_order`, and a status in 0003
    // only: the others wrote none.
    let names = [
        "0000-use-markdown-architectural-decision-records.md",
        "0001-use-CC0-or-MIT-as-license.md",
        "0002-do-not-use-numbers-in-headings.md",
        "0003-provide-own-madr-tools.md",
        "0004-write-own-toc-tool.md",
        "0005-use-dashes-in-filenames.md",
        "0006-use-names-as-identifier.md",
        "0007-do-not-emphasize-line-headings.md",
        "0008-add-status-field.md",
        "0009-support-links-between-adrs-inside-an-adrs.md",
        "0010-support-categories.md",
        "0011-use-asterisk-as-list-marker.md",
        "0012-use-curly-braces-to-denote-placeholder.md",
        "0013-use-yaml-front-matter-for-meta-data.md",
        "0014-allow-neutral-arguments.md",
        "0015-include-consulting-informed-of-raci.md",
        "0016-outcome-before-detailed-pros-cons.md",
        "0017-use-same-format-for-outcomes-and-options.md",
        "0018-use-confirmation-as-heading.md",
    ];
    let paths: Vec<&'static str> = names
        .iter()
        .map(|n| &*Box::leak(format!("{dir}/{n}").into_boxed_str()))
        .collect();
    let table: Vec<Read> = paths
        .iter()
        .map(|p| {
            // `status: on hold`: outside the lifecycle, kept as written.
            let state = p.contains("0003-").then_some("unknown");
            read(p, state)
        })
        .collect();
    assert_reads(&json, &table);
    let adrs = adrs_by_path(&json);
    let on_hold = &adrs["docs/decisions/0003-provide-own-madr-tools.md"];
    assert_eq!(on_hold["status"]["raw"], "on hold");
    let unknown: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-status")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(
        unknown[0]["path"],
        "docs/decisions/0003-provide-own-madr-tools.md"
    );
    // 0000 was moved here from docs/adr/ (followed as git follows it);
    // 0013 and 0018 were written here. No status line to change: `since`
    // is the commit that wrote 0003's, none for the others.
    for path in [
        "docs/decisions/0000-use-markdown-architectural-decision-records.md",
        "docs/decisions/0013-use-yaml-front-matter-for-meta-data.md",
        "docs/decisions/0018-use-confirmation-as-heading.md",
    ] {
        let all = follow(&repo, path, &[]);
        assert_eq!(
            adrs[path]["created"]["commit"].as_str(),
            all.last().map(String::as_str),
            "created of {path}"
        );
        assert!(adrs[path]["status"].is_null(), "{path}");
    }
    // 0003's status holds since the commit that wrote it. (Its `created`
    // is older than git's: git plan pairs it with the
    // `0003-include-in-adr-tools.md` that commit deleted, which git's
    // rename threshold does not.)
    let path = "docs/decisions/0003-provide-own-madr-tools.md";
    let changed = follow(&repo, path, &["-G^status:"]);
    assert_eq!(
        adrs[path]["status"]["since"]["commit"].as_str(),
        changed.first().map(String::as_str)
    );
}

/// Three adr-tools records written by hand as `adr new` writes them.
const NYGARD_1: &str = "# 1. Record architecture decisions\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n";
const NYGARD_2: &str = "# 2. Use PostgreSQL\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nA database.\n";
const NYGARD_3: &str = "# 3. Use MySQL instead\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nAnother one.\n";

/// `.engineering/` with its own ADR, and an adr-tools collection named by
/// `.adr-dir`, side by side.
fn beside_dot_engineering() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".engineering/artifacts/adr/0001-use-git.md",
        "# ADR 0001: Use git\n\n**Status:** Accepted\n**Date:** 2026-01-02\n",
    );
    repo.write(".adr-dir", "decisions\n");
    repo.write("decisions/0001-record-architecture-decisions.md", NYGARD_1);
    repo.write("decisions/0002-use-postgresql.md", NYGARD_2);
    repo.write("decisions/0003-use-mysql-instead.md", NYGARD_3);
    repo.commit_all("initial");
    repo
}

#[test]
fn a_collection_beside_dot_engineering() {
    let repo = beside_dot_engineering();
    let json = repo.plan(&["status", "--json"]).ok().json();
    let ids: Vec<(&str, &str)> = json["adrs"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["path"].as_str().unwrap()))
        .collect();
    // Root-relative paths, as for every document: the collection's lead
    // out of `.engineering/`. Its ids carry its name, `.engineering`'s own
    // ADR is `adr-0001`.
    assert_eq!(
        ids,
        vec![
            (
                "decisions/adr-0001",
                "../decisions/0001-record-architecture-decisions.md"
            ),
            ("decisions/adr-0002", "../decisions/0002-use-postgresql.md"),
            (
                "decisions/adr-0003",
                "../decisions/0003-use-mysql-instead.md"
            ),
            ("adr-0001", "artifacts/adr/0001-use-git.md"),
        ]
    );
    // Numbers are unique per collection: two `0001`s are no duplicate.
    let check = repo.plan(&["check"]).ok();
    assert_eq!(
        check.stdout,
        "check: 0 errors and 0 warnings in 0 of 4 documents\n"
    );
    insta::assert_snapshot!(repo.plan(&["adr", "list"]).ok().stdout, @r"
    0001            accepted  2026-01-02  Use git
    decisions/0001  accepted  2026-01-02  Record architecture decisions
    decisions/0002  accepted  2026-01-02  Use PostgreSQL
    decisions/0003  accepted  2026-01-02  Use MySQL instead
    ");
    // Shown from the top of the work tree, found by its id.
    let show = repo.plan(&["show", "decisions/adr-0002"]).ok().stdout;
    assert!(
        show.contains("Path:        decisions/0002-use-postgresql.md"),
        "{show}"
    );

    // Moving a collection's record commits it from the top of the work tree.
    repo.plan(&[
        "adr",
        "supersede",
        "decisions/adr-0002",
        "--by",
        "decisions/adr-0003",
    ])
    .ok();
    assert_eq!(
        repo.commit_paths("HEAD"),
        vec![
            "decisions/0002-use-postgresql.md",
            "decisions/0003-use-mysql-instead.md"
        ]
    );
    assert!(repo
        .read("decisions/0002-use-postgresql.md")
        .contains("## Status\n\nSuperseded by [3. Use MySQL instead](0003-use-mysql-instead.md)\n\n## Context"));
    assert!(repo.read("decisions/0003-use-mysql-instead.md").contains(
        "Accepted\n\nSupersedes [2. Use PostgreSQL](0002-use-postgresql.md)\n\n## Context"
    ));
    assert_eq!(repo.porcelain(), "");

    // History of a collection's record agrees with `git log --follow`.
    let json = repo.plan(&["status", "--json", "--no-cache"]).ok().json();
    let two = json["adrs"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "decisions/adr-0002")
        .unwrap()
        .clone();
    let path = "decisions/0002-use-postgresql.md";
    let all = follow(&repo, path, &[]);
    assert_eq!(all.len(), 2);
    assert_eq!(two["created"]["commit"].as_str(), Some(all[1].as_str()));
    assert_eq!(
        two["status"]["since"]["commit"].as_str(),
        Some(all[0].as_str())
    );
    assert_eq!(two["status"]["state"], "superseded");
    assert_eq!(two["superseded_by"][0], "decisions/adr-0003");

    // `adr new` writes in `.engineering/artifacts/adr/` by default, in the
    // collection when asked.
    repo.plan(&["adr", "new", "Use jj", "--date", "2026-04-01"])
        .ok();
    assert!(repo.exists(".engineering/artifacts/adr/0002-use-jj.md"));
    let run = repo
        .plan(&[
            "adr",
            "new",
            "Use SQLite",
            "--date",
            "2026-04-01",
            "--collection",
            "decisions",
        ])
        .ok();
    assert!(
        run.stdout.starts_with("Created decisions/adr-0004\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        repo.commit_paths("HEAD"),
        vec!["decisions/0004-use-sqlite.md"]
    );
    let unknown = repo
        .plan(&["adr", "new", "X", "--collection", "nowhere"])
        .fails(2);
    insta::assert_snapshot!(unknown.stderr, @r"
    Error: no decision-record collection is named `nowhere`
    Hint: Use one of: .engineering/artifacts/adr, decisions.
    ");
}

/// The hook modes and `diff --staged` read a collection outside
/// `.engineering/` as every other command does: a staged record is
/// checked, a committed one is in the range, and the index's records are
/// not "removed" against HEAD's.
#[test]
fn staged_and_ranged_checks_see_a_collection_beside_dot_engineering() {
    let repo = beside_dot_engineering();
    let path = "decisions/0002-use-postgresql.md";
    let wrong = NYGARD_2.replace("Accepted", "In Progress");
    repo.write(path, &wrong);
    repo.git(&["add", path]);
    // `file` is from the top of the work tree, as git names it.
    let expected = vec![("illegal-status-for-kind".to_string(), path.to_string())];
    let staged = repo
        .plan(&["check", "--staged", "--format", "json"])
        .fails(1);
    assert_eq!(rule_files(&staged), expected);

    let diff = repo.plan(&["diff", "--staged", "--json"]).ok().json();
    let changes: Vec<(&str, &str)> = diff["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["change"].as_str().unwrap()))
        .collect();
    let moved = format!("../{path}");
    assert_eq!(changes, vec![(moved.as_str(), "modified")]);

    repo.git(&["commit", "-q", "--no-verify", "-m", "hand edit"]);
    let range = repo
        .plan(&["check", "--range", "HEAD~1..HEAD", "--format", "json"])
        .fails(1);
    assert_eq!(
        rule_files(&range)
            .into_iter()
            .filter(|(rule, _)| rule == "illegal-status-for-kind")
            .collect::<Vec<_>>(),
        expected
    );
    // The pre-commit hook refuses the same edit staged again.
    repo.plan(&["hooks", "install"]).ok();
    repo.write(path, wrong.replace("Use PostgreSQL", "Use PostgreSQL 17"));
    repo.git(&["add", path]);
    let refused = repo.git_hooked(&["commit", "-q", "-m", "again"]);
    assert_ne!(refused.code, 0, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("illegal-status-for-kind"),
        "{}",
        refused.stderr
    );
}

#[test]
fn check_rules_across_formats() {
    let repo = TestRepo::new();
    // adr-tools: 0002 says it is superseded by 0003, which does not say so.
    repo.write(
        "doc/adr/0002-use-postgresql.md",
        NYGARD_2.replace(
            "\nAccepted\n",
            "\nSuperseded by [3. Use MySQL instead](0003-use-mysql-instead.md)\n",
        ),
    );
    repo.write("doc/adr/0003-use-mysql-instead.md", NYGARD_3);
    // MADR 4: a status outside the lifecycle, kept and reported.
    repo.write(
        "docs/decisions/0001-use-toml.md",
        "---\nstatus: parked\ndate: 2026-01-02\n---\n# Use TOML\n\n## Context and Problem Statement\n",
    );
    // MADR 2 (log4brains): supersession written in the older record only,
    // as log4brains writes it, is no mismatch.
    repo.write(
        "docs/adr/20260101-use-a.md",
        "# Use A\n\n- Status: superseded by [20260102-use-b](20260102-use-b.md)\n- Date: 2026-01-01\n",
    );
    repo.write(
        "docs/adr/20260102-use-b.md",
        "# Use B\n\n- Status: accepted\n- Date: 2026-01-02\n",
    );
    repo.commit_all("initial");
    let run = repo.plan(&["check", "--json"]).fails(1);
    let json = run.json();
    let findings: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            (
                "adr-supersede-mismatch".to_string(),
                "doc/adr/0002-use-postgresql.md".to_string()
            ),
            (
                "unknown-status".to_string(),
                "docs/decisions/0001-use-toml.md".to_string()
            ),
        ],
        "{}",
        run.stdout
    );
}

/// `adr` of Debian's adr-tools, run in `repo` with pinned dates and no
/// editor.
fn adr(repo: &TestRepo, args: &[&str]) -> String {
    let mut cmd = repo.command("adr", repo.path());
    cmd.args(args)
        .env("ADR_DATE", "2026-04-01")
        .env("VISUAL", "true")
        .env("EDITOR", "true");
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "adr {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the `adr` command is there; when not, the test is skipped
/// unless `GIT_PLAN_REQUIRE_ADR_TOOLS=1`.
fn adr_tools() -> bool {
    let there = std::process::Command::new("adr")
        .arg("help")
        .output()
        .is_ok_and(|o| o.status.success());
    if !there {
        crate::common::skip_unless_required(
            "GIT_PLAN_REQUIRE_ADR_TOOLS",
            "the `adr` command (Debian's adr-tools) is not installed",
        );
    }
    there
}

#[test]
fn a_repository_made_by_adr_tools() {
    if !adr_tools() {
        return;
    }
    let repo = TestRepo::new();
    adr(&repo, &["init", "doc/adr"]);
    adr(&repo, &["new", "Use", "PostgreSQL"]);
    adr(&repo, &["new", "Use", "MySQL", "instead"]);
    repo.commit_all("adr init and two records");
    // No configuration, no `git plan init`.
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["adrs"]["total"], 3);
    assert_eq!(json["adrs"]["by_status"]["accepted"], 3);

    repo.plan(&["adr", "new", "Cache results", "--date", "2026-04-01"])
        .ok();
    insta::assert_snapshot!(repo.read("doc/adr/0004-cache-results.md"), @r"
    # 4. Cache results

    Date: 2026-04-01

    ## Status

    Proposed

    ## Context

    The issue motivating this decision, and any context that influences or constrains the decision.

    ## Decision

    The change that we're proposing or have agreed to implement.

    ## Consequences

    What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.
    ");
    // adr-tools' own commands see it.
    assert_eq!(
        adr(&repo, &["list"]),
        "doc/adr/0001-record-architecture-decisions.md\ndoc/adr/0002-use-postgresql.md\ndoc/adr/0003-use-mysql-instead.md\ndoc/adr/0004-cache-results.md\n"
    );
    let toc = adr(&repo, &["generate", "toc"]);
    assert!(
        toc.ends_with("* [3. Use MySQL instead](0003-use-mysql-instead.md)\n* [4. Cache results](0004-cache-results.md)\n"),
        "{toc}"
    );

    // `git plan adr supersede` writes what `adr new -s` writes.
    repo.plan(&["adr", "supersede", "2", "--by", "3"]).ok();
    assert_eq!(
        repo.commit_paths("HEAD"),
        vec![
            "doc/adr/0002-use-postgresql.md",
            "doc/adr/0003-use-mysql-instead.md"
        ]
    );
    let by_adr_tools = TestRepo::new();
    adr(&by_adr_tools, &["init", "doc/adr"]);
    adr(&by_adr_tools, &["new", "Use", "PostgreSQL"]);
    adr(
        &by_adr_tools,
        &["new", "-s", "2", "Use", "MySQL", "instead"],
    );
    for file in [
        "doc/adr/0002-use-postgresql.md",
        "doc/adr/0003-use-mysql-instead.md",
    ] {
        assert_eq!(repo.read(file), by_adr_tools.read(file), "{file}");
    }
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["adrs"]["by_status"]["superseded"], 1);
    // git plan's index goes in the collection, which adr-tools lists
    // without it; no artifacts/ appears at the top.
    repo.plan(&["adr", "toc"]).ok();
    assert_eq!(repo.commit_paths("HEAD"), vec!["doc/adr/README.md"]);
    assert!(!repo.exists("artifacts"));
    assert_eq!(adr(&repo, &["list"]).lines().count(), 4);
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["adrs"]["total"], 4);
}

#[test]
fn records_written_in_log4brains_and_madr_formats() {
    let Some(repo) = bundle_clone("log4brains.bundle", "master") else {
        return;
    };
    repo.plan(&[
        "adr",
        "new",
        "Use Rust for the CLI",
        "--date",
        "2026-04-01",
        "--supersedes",
        "20201103",
    ])
    .ok();
    // The project's template, its title, status and date filled in.
    let text = repo.read("docs/adr/20260401-use-rust-for-the-cli.md");
    assert!(
        text.starts_with("# Use Rust for the CLI\n\n- Status: proposed\n- Deciders: [list everyone involved in the decision] <!-- optional -->\n- Date: 2026-04-01\n"),
        "{text}"
    );
    assert_eq!(
        repo.git(&["show", "HEAD", "--format=", "--", "docs/adr/20201103-use-lunr-for-search.md"])
            .lines()
            .filter(|l| l.starts_with(['-', '+']) && !l.starts_with("---") && !l.starts_with("+++"))
            .collect::<Vec<_>>(),
        vec![
            "-- Status: accepted",
            "+- Status: superseded by [20260401-use-rust-for-the-cli](20260401-use-rust-for-the-cli.md)"
        ]
    );
    // A package's collection by its name; accept edits the value alone,
    // in the record's case.
    let run = repo
        .plan(&[
            "adr",
            "new",
            "Split the store",
            "--collection",
            "core",
            "--date",
            "2026-04-01",
        ])
        .ok();
    assert!(
        run.stdout
            .starts_with("Created core/20260401-split-the-store\n"),
        "{}",
        run.stdout
    );
    repo.plan(&["adr", "accept", "core/20260401-split-the-store"])
        .ok();
    assert!(repo
        .read("packages/core/docs/adr/20260401-split-the-store.md")
        .contains("\n- Status: accepted\n"));
    assert_eq!(repo.plan(&["check"]).ok().code, 0);

    let Some(madr) = bundle_clone("madr.bundle", "develop") else {
        return;
    };
    madr.plan(&["adr", "new", "Use TOML", "--date", "2026-04-01"])
        .ok();
    let text = madr.read("docs/decisions/0019-use-toml.md");
    assert!(text.contains("title: Use TOML\n"), "{text}");
    assert!(
        text.contains("\nstatus: proposed\ndate: 2026-04-01\n---\n"),
        "{text}"
    );
    assert!(text.contains("\n# Use TOML\n"), "{text}");
    // A record without a status gets one in its front matter.
    madr.plan(&["set", "adr-0004", "status=accepted"]).ok();
    madr.plan(&["adr", "supersede", "4", "--by", "19"]).ok();
    let four = madr.read("docs/decisions/0004-write-own-toc-tool.md");
    assert!(
        four.starts_with(
            "---\nparent: Decisions\nnav_order: 4\nstatus: superseded by ADR-0019\n---\n"
        ),
        "{four}"
    );
}

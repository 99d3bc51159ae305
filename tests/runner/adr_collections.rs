//! Decision records where teams already keep them (issue 15): the
//! adr-tools, log4brains and MADR collections of `../shared/corpora/` read
//! as they are, with no configuration; collections beside `.engineering/`;
//! records written in each collection's own format; and a repository made
//! by the real `adr` command (Debian's `adr-tools`).
//!
//! The expectations of the corpus tests come from reading the files: each
//! table below is what a person reads in each file's status.

use std::collections::BTreeMap;

use crate::common::{bundle_clone, TestRepo};
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

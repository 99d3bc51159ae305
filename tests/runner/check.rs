//! `git plan check` end to end: every rule on a small real plan tree (and
//! its good counterpart), the exact human and JSON output of each, inline
//! opt-outs, severities from plan.toml, the sources (work tree, index,
//! revision, range), the output formats, and the real corpus.

use crate::common::{
    corpus_clone, rule_files, wp, Run, TestRepo, GOOD_PLAN, PLAN_WITHOUT_ROLLBACK,
};
use git_plan::model::placeholder;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The initiative folder `common::INITIATIVE`, from the engineering root (the JSON `path`).
const XR: &str = "artifacts/planning/2026-01-02-x";
const ADR: &str = ".engineering/artifacts/adr";
const GOOD: &str = GOOD_PLAN;
const NO_ROLLBACK: &str = PLAN_WITHOUT_ROLLBACK;

/// A repository holding `files` (paths from the top of the work tree),
/// committed.
fn repo_with(files: &[(&str, &str)]) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.commit_all("plans");
    repo
}

/// `git plan check` exits `code` and prints exactly `human`; with
/// `--format json` it exits `code` too and its `findings` are exactly
/// `findings`.
#[track_caller]
fn assert_check(repo: &TestRepo, code: i32, human: &str, findings: Value) {
    let run = repo.plan(&["check"]).fails(code);
    assert_eq!(run.stdout, human, "human output");
    assert_eq!(run.stderr, "");
    let run = repo.plan(&["check", "--format", "json"]).fails(code);
    let json = run.json();
    assert_eq!(json["findings"], findings, "JSON findings:\n{}", run.stdout);
}

/// `git plan check` is clean: exit 0, no findings.
#[track_caller]
fn assert_clean(repo: &TestRepo, documents: usize) {
    let run = repo.plan(&["check"]).ok();
    let plural = if documents == 1 { "" } else { "s" };
    assert_eq!(
        run.stdout,
        format!("check: 0 errors and 0 warnings in 0 of {documents} document{plural}\n")
    );
}

/// Rule ids of the findings of `check --format json` (with `args`).
fn rules_of(run: &Run) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// Each rule: exact human and JSON output on a bad tree, silence on a good one.

#[test]
fn a_good_work_package_passes() {
    let repo = repo_with(&[(&wp("01-good-plan.md"), GOOD)]);
    assert_clean(&repo, 1);
    let json = repo.plan(&["check", "--format", "json"]).ok().json();
    assert_eq!(
        json,
        json!({
            "version": 2,
            "errors": 0,
            "warnings": 0,
            "checked": 1,
            "by_rule": {},
            "findings": [],
            "allowed": [],
        })
    );
}

#[test]
fn missing_success_criteria() {
    let text = "# Phase 01: A

**Status:** Ready

## Rollback Plan

Revert the merge commit.
";
    let repo = repo_with(&[(&wp("01-a-plan.md"), text)]);
    assert_check(
        &repo,
        1,
        "\
error[missing-success-criteria]: a work package has no Success Criteria section
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:1:1
  |
1 | # Phase 01: A
  |
  = hint: add a `## Success Criteria` section with measurable `- [ ]` items

check: 1 error and 0 warnings in 1 of 1 document
",
        json!([{
            "rule": "missing-success-criteria",
            "level": "error",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 1,
            "column": 1,
            "message": "a work package has no Success Criteria section",
            "hint": "add a `## Success Criteria` section with measurable `- [ ]` items",
            "source": "# Phase 01: A",
        }]),
    );
    // `Acceptance Criteria` is a Success Criteria section.
    let good = text.replace(
        "## Rollback Plan",
        "## Acceptance Criteria\n\n- [ ] p99 latency under 50 ms\n\n## Rollback Plan",
    );
    repo.write(&wp("01-a-plan.md"), good);
    assert_clean(&repo, 1);
}

#[test]
fn missing_rollback_plan_and_its_synonyms() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), NO_ROLLBACK)]);
    assert_check(
        &repo,
        1,
        "\
error[missing-rollback-plan]: a work package has no Rollback Plan section
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:1:1
  |
1 | # Phase 01: A
  |
  = hint: add a `## Rollback Plan` section with the trigger and the steps to undo the change

check: 1 error and 0 warnings in 1 of 1 document
",
        json!([{
            "rule": "missing-rollback-plan",
            "level": "error",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 1,
            "column": 1,
            "message": "a work package has no Rollback Plan section",
            "hint": "add a `## Rollback Plan` section with the trigger and the steps to undo the change",
            "source": "# Phase 01: A",
        }]),
    );
    for heading in ["Rollback", "Rollback Strategy", "Rollback Plan"] {
        repo.write(
            &wp("01-a-plan.md"),
            format!("{NO_ROLLBACK}\n## {heading}\n\nRevert the merge commit.\n"),
        );
        assert_clean(&repo, 1);
    }
}

#[test]
fn empty_section() {
    let text = "# Phase 01: A

**Status:** Ready

## Success Criteria

- [ ] p99 latency under 50 ms

## Rollback Plan

<!-- fill this in -->

---
";
    let repo = repo_with(&[(&wp("01-a-plan.md"), text)]);
    assert_check(
        &repo,
        1,
        "\
error[empty-section]: the Rollback Plan section is empty
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:9:1
  |
9 | ## Rollback Plan
  |
  = hint: write the Rollback Plan below this heading

check: 1 error and 0 warnings in 1 of 1 document
",
        json!([{
            "rule": "empty-section",
            "level": "error",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 9,
            "column": 1,
            "message": "the Rollback Plan section is empty",
            "hint": "write the Rollback Plan below this heading",
            "source": "## Rollback Plan",
        }]),
    );
    repo.write(
        &wp("01-a-plan.md"),
        text.replace("<!-- fill this in -->", "Revert the merge commit."),
    );
    assert_clean(&repo, 1);
}

#[test]
fn template_placeholder() {
    let text = "# Phase 01: A

**Status:** Ready
**Estimated Effort:** X-Yh agentic + Zh review

## Success Criteria

- [ ] [Measurable outcome 1]

## Rollback Plan

Revert the merge commit.
";
    let repo = repo_with(&[(&wp("01-a-plan.md"), text)]);
    assert_check(
        &repo,
        0,
        "\
warning[template-placeholder]: the Estimated Effort field is still the template's `X-Yh agentic + Zh review`
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:4:23
  |
4 | **Estimated Effort:** X-Yh agentic + Zh review
  |
  = hint: estimate it, like `2-4h agentic + 1h review`

warning[template-placeholder]: the Success Criteria section holds only the template's placeholders
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:6:1
  |
6 | ## Success Criteria
  |
  = hint: replace the `[...]` lines with real content

check: 0 errors and 2 warnings in 1 of 1 document
",
        json!([
            {
                "rule": "template-placeholder",
                "level": "warning",
                "path": format!("{XR}/01-a-plan.md"),
                "file": wp("01-a-plan.md"),
                "line": 4,
                "column": 23,
                "message": "the Estimated Effort field is still the template's `X-Yh agentic + Zh review`",
                "hint": "estimate it, like `2-4h agentic + 1h review`",
                "source": "**Estimated Effort:** X-Yh agentic + Zh review",
            },
            {
                "rule": "template-placeholder",
                "level": "warning",
                "path": format!("{XR}/01-a-plan.md"),
                "file": wp("01-a-plan.md"),
                "line": 6,
                "column": 1,
                "message": "the Success Criteria section holds only the template's placeholders",
                "hint": "replace the `[...]` lines with real content",
                "source": "## Success Criteria",
            },
        ]),
    );
    let good = text
        .replace("X-Yh agentic + Zh review", "2-4h agentic + 1h review")
        .replace("[Measurable outcome 1]", "p99 latency under 50 ms");
    repo.write(&wp("01-a-plan.md"), good);
    assert_clean(&repo, 1);
}

#[test]
fn a_freshly_added_work_package_only_warns_about_placeholders() {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    let run = repo.plan(&["check"]).ok();
    assert!(
        run.stdout
            .ends_with("check: 0 errors and 3 warnings in 1 of 3 documents\n"),
        "{}",
        run.stdout
    );
    let json = repo.plan(&["check", "--format", "json"]).ok().json();
    assert_eq!(json["errors"], 0);
    assert_eq!(json["by_rule"], json!({"template-placeholder": 3}));
    let lines: Vec<(u64, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            (6, "**Estimated Effort:** X-Yh agentic + Zh review"),
            (51, "## Success Criteria"),
            (67, "## Rollback Plan"),
        ]
    );
}

/// `**Key:** [text]`: a header field whose value is one bracketed text,
/// read here without the library's matcher.
fn bracketed_field_value(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("**") else {
        return false;
    };
    let Some((_, value)) = rest.split_once(":**") else {
        return false;
    };
    let value = value.trim();
    value.starts_with('[') && value.ends_with(']') && !value.contains("](")
}

/// The scaffolded documents, the ones the built-in templates make, walked
/// for every text of the shared placeholder list and every bracketed field
/// value. Each one git-plan reads as a field (`show --json`) is flagged by
/// `template-placeholder` at its line; every other one is prose below the
/// header (START-HERE.md's roadmap `- Effort: X-Yh agentic + Zh review`,
/// a timeline table), which no view reports as a value. A placeholder a
/// template adds to a field, or a field the parser starts to read, is
/// flagged or fails here: template and rule cannot drift.
#[test]
fn every_placeholder_the_templates_write_into_a_field_is_flagged() {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo.plan(&["adr", "new", "Use gix", "--date", "2026-01-02"])
        .ok();
    let json = repo.plan(&["check", "--format", "json"]).ok().json();
    let flagged: BTreeSet<(String, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "template-placeholder")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let documents = [
        format!("{XR}/START-HERE.md"),
        format!("{XR}/README.md"),
        format!("{XR}/01-one-plan.md"),
        "artifacts/adr/0001-use-gix.md".to_string(),
    ];
    let mut in_fields = BTreeSet::new();
    let mut in_prose = 0;
    for path in &documents {
        let text = repo.read(&format!(".engineering/{path}"));
        let show = repo.plan(&["show", path, "--json"]).ok().json();
        let field_lines: BTreeSet<u64> = show["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["line"].as_u64().unwrap())
            .collect();
        let header_end = text
            .lines()
            .position(|l| l.starts_with("## "))
            .map_or(0, |i| i as u64 + 1);
        for (i, line) in text.lines().enumerate() {
            let n = i as u64 + 1;
            let listed = placeholder::TEXTS.iter().any(|t| line.contains(t));
            if !(listed || bracketed_field_value(line)) {
                continue;
            }
            if field_lines.contains(&n) {
                assert!(
                    flagged.contains(&(path.clone(), n)),
                    "{path}:{n}: `{line}` is a field holding a placeholder, not flagged"
                );
                in_fields.insert((path.clone(), n));
            } else {
                assert!(
                    n > header_end,
                    "{path}:{n}: `{line}` is a placeholder in the header that is not read as a field"
                );
                in_prose += 1;
            }
        }
    }
    assert_eq!(
        in_fields,
        BTreeSet::from([
            (format!("{XR}/01-one-plan.md"), 6),
            ("artifacts/adr/0001-use-gix.md".to_string(), 5),
        ])
    );
    // START-HERE.md's roadmap and timeline, README.md's timeline.
    assert!(in_prose >= 9, "{in_prose}");
    // Nothing else is flagged but the work package's two sections.
    let sections: BTreeSet<(String, u64)> = flagged.difference(&in_fields).cloned().collect();
    assert_eq!(
        sections,
        BTreeSet::from([
            (format!("{XR}/01-one-plan.md"), 51),
            (format!("{XR}/01-one-plan.md"), 67),
        ])
    );
    let deciders = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "artifacts/adr/0001-use-gix.md")
        .unwrap();
    assert_eq!(
        deciders["message"],
        "the Deciders field is still the template's `[Names]`"
    );
    assert_eq!(deciders["source"], "**Deciders:** [Names]");
    assert_eq!(deciders["level"], "warning");
}

#[test]
fn placeholder_fields_of_every_plan_kind_but_not_of_notes() {
    let adr = "# 0001. Use gix\n\n**Date:** 2026-01-02\n**Status:** Proposed\n**Deciders:** [Names]\n**Technical Story:** [Brief description of context]\n\n## Context\n\nWe read history.\n";
    let plan = GOOD.replace(
        "**Status:** Ready\n",
        "**Status:** Ready\n**Owner:** [Name]\n**Estimate:** X-Y hours agentic + Z hours review\n",
    )
        + "\n## Subtasks\n\n### ST1: Parse\n- **Files**: src/parse.rs\n- **Estimate**: [X hours]\n";
    let repo = repo_with(&[
        (&format!("{ADR}/0001-use-gix.md"), adr),
        (&wp("01-a-plan.md"), &plan),
        // A tree's own templates are notes: read, not flagged.
        (".engineering/artifacts/templates/adr.md", adr),
        (&wp("01-a-COMPLETE.md"), "# Done\n\n**PR:** [To be created]\n"),
        // A link is a value, also a reference link the document defines.
        (
            &format!("{ADR}/0002-use-toml.md"),
            "# 0002. Use toml\n\n**Status:** Proposed\n**Deciders:** [Ada]\n**Related:** [ADR 0001](0001-use-gix.md)\n\n## Context\n\nConfig.\n\n[Ada]: https://example.com/ada\n",
        ),
    ]);
    let json = repo.plan(&["check", "--format", "json"]).ok().json();
    let found: Vec<(String, u64, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "template-placeholder")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "artifacts/adr/0001-use-gix.md".to_string(),
                5,
                "the Deciders field is still the template's `[Names]`".to_string()
            ),
            (
                "artifacts/adr/0001-use-gix.md".to_string(),
                6,
                "the Technical Story field is still the template's `[Brief description of context]`"
                    .to_string()
            ),
            (
                format!("{XR}/01-a-plan.md"),
                4,
                "the Owner field is still the template's `[Name]`".to_string()
            ),
            (
                format!("{XR}/01-a-plan.md"),
                5,
                "the Estimate field is still the template's `X-Y hours agentic + Z hours review`"
                    .to_string()
            ),
            (
                format!("{XR}/01-a-plan.md"),
                19,
                "the Estimate field is still the template's `[X hours]`".to_string()
            ),
        ]
    );
}

#[test]
fn unknown_status() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), &GOOD.replace("Ready", "Pondering"))]);
    assert_check(
        &repo,
        0,
        "\
warning[unknown-status]: status `Pondering` is not a known work-package status
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:3:13
  |
3 | **Status:** Pondering
  |
  = hint: write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]

check: 0 errors and 1 warning in 1 of 1 document
",
        json!([{
            "rule": "unknown-status",
            "level": "warning",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 3,
            "column": 13,
            "message": "status `Pondering` is not a known work-package status",
            "hint": "write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]",
            "source": "**Status:** Pondering",
        }]),
    );
    // A synonym in plan.toml makes it known.
    repo.write(
        ".engineering/plan.toml",
        "[status.work_package]\n\"Pondering\" = \"draft\"\n",
    );
    assert_clean(&repo, 1);
}

#[test]
fn illegal_status_for_kind() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), &GOOD.replace("Ready", "Accepted"))]);
    assert_check(
        &repo,
        1,
        "\
error[illegal-status-for-kind]: `Accepted` is a status of ADRs, and this is a work package
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:3:13
  |
3 | **Status:** Accepted
  |
  = hint: write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]

check: 1 error and 0 warnings in 1 of 1 document
",
        json!([{
            "rule": "illegal-status-for-kind",
            "level": "error",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 3,
            "column": 13,
            "message": "`Accepted` is a status of ADRs, and this is a work package",
            "hint": "write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]",
            "source": "**Status:** Accepted",
        }]),
    );
    // On an ADR the same status is right.
    let repo = repo_with(&[(
        &format!("{ADR}/0001-a.md"),
        "# 1. A\n\n**Status:** Accepted\n",
    )]);
    assert_clean(&repo, 1);
}

#[test]
fn dangling_dependency() {
    let text = GOOD.replace("**Status:** Ready", "**Status:** Ready\n**Depends on:** 09");
    let repo = repo_with(&[(&wp("01-a-plan.md"), &text)]);
    assert_check(
        &repo,
        1,
        "\
error[dangling-dependency]: depends on `09`, which names no plan
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:4:17
  |
4 | **Depends on:** 09
  |
  = hint: name an existing work package (`initiative/NN`, a number in this initiative, or a sibling file)

check: 1 error and 0 warnings in 1 of 1 document
",
        json!([{
            "rule": "dangling-dependency",
            "level": "error",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 4,
            "column": 17,
            "message": "depends on `09`, which names no plan",
            "hint": "name an existing work package (`initiative/NN`, a number in this initiative, or a sibling file)",
            "source": "**Depends on:** 09",
        }]),
    );
    // Once 09 exists, the dependency resolves.
    repo.write(&wp("09-b-plan.md"), GOOD.replace("01", "09"));
    assert_clean(&repo, 2);
}

#[test]
fn dependency_cycle_names_the_whole_cycle() {
    let dep = |on: &str| {
        GOOD.replace(
            "**Status:** Ready",
            &format!("**Status:** Ready\n**Depends on:** {on}"),
        )
    };
    let repo = repo_with(&[
        (&wp("01-a-plan.md"), &dep("02")),
        (&wp("02-b-plan.md"), &dep("03")),
        (&wp("03-c-plan.md"), &dep("01")),
    ]);
    assert_check(
        &repo,
        1,
        "\
error[dependency-cycle]: dependency cycle: 2026-01-02-x/01 -> 2026-01-02-x/02 -> 2026-01-02-x/03 -> 2026-01-02-x/01
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:4:1
  |
4 | **Depends on:** 02
  |
  = hint: remove one of the dependencies in the cycle

check: 1 error and 0 warnings in 1 of 3 documents
",
        json!([{
            "rule": "dependency-cycle",
            "level": "error",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 4,
            "column": 1,
            "message": "dependency cycle: 2026-01-02-x/01 -> 2026-01-02-x/02 -> 2026-01-02-x/03 -> 2026-01-02-x/01",
            "hint": "remove one of the dependencies in the cycle",
            "source": "**Depends on:** 02",
            "related": [
                format!("{XR}/01-a-plan.md"),
                format!("{XR}/02-b-plan.md"),
                format!("{XR}/03-c-plan.md"),
            ],
        }]),
    );
    // Breaking one edge breaks the cycle.
    repo.write(&wp("03-c-plan.md"), GOOD.replace("01", "03"));
    assert_clean(&repo, 3);
}

#[test]
fn duplicate_work_package_numbers() {
    let repo = repo_with(&[
        (&wp("04-a-plan.md"), &GOOD.replace("01", "04")),
        (&wp("04-b-plan.md"), &GOOD.replace("01", "04")),
    ]);
    assert_check(
        &repo,
        1,
        "\
error[duplicate-number]: work package number 4 is also used by artifacts/planning/2026-01-02-x/04-b-plan.md
 --> .engineering/artifacts/planning/2026-01-02-x/04-a-plan.md:1:1
  |
1 | # Phase 04: Good
  |
  = hint: renumber one of them (`git plan add` picks the next free number)

error[duplicate-number]: work package number 4 is also used by artifacts/planning/2026-01-02-x/04-a-plan.md
 --> .engineering/artifacts/planning/2026-01-02-x/04-b-plan.md:1:1
  |
1 | # Phase 04: Good
  |
  = hint: renumber one of them (`git plan add` picks the next free number)

check: 2 errors and 0 warnings in 2 of 2 documents
",
        json!([
            {
                "rule": "duplicate-number",
                "level": "error",
                "path": format!("{XR}/04-a-plan.md"),
                "file": wp("04-a-plan.md"),
                "line": 1,
                "column": 1,
                "message": "work package number 4 is also used by artifacts/planning/2026-01-02-x/04-b-plan.md",
                "hint": "renumber one of them (`git plan add` picks the next free number)",
                "source": "# Phase 04: Good",
                "related": [format!("{XR}/04-a-plan.md"), format!("{XR}/04-b-plan.md")],
            },
            {
                "rule": "duplicate-number",
                "level": "error",
                "path": format!("{XR}/04-b-plan.md"),
                "file": wp("04-b-plan.md"),
                "line": 1,
                "column": 1,
                "message": "work package number 4 is also used by artifacts/planning/2026-01-02-x/04-a-plan.md",
                "hint": "renumber one of them (`git plan add` picks the next free number)",
                "source": "# Phase 04: Good",
                "related": [format!("{XR}/04-a-plan.md"), format!("{XR}/04-b-plan.md")],
            },
        ]),
    );
    // The same number in two initiatives is no duplicate.
    std::fs::remove_file(repo.path().join(wp("04-b-plan.md"))).unwrap();
    repo.write(
        ".engineering/artifacts/planning/2026-01-03-y/04-b-plan.md",
        GOOD.replace("01", "04"),
    );
    assert_clean(&repo, 2);
}

#[test]
fn duplicate_adr_numbers_from_two_merged_branches() {
    let repo = repo_with(&[]);
    repo.git(&["branch", "a"]);
    repo.git(&["branch", "b"]);
    repo.git(&["checkout", "-q", "a"]);
    repo.write(
        &format!("{ADR}/0001-use-gix.md"),
        "# 1. Use gix\n\n**Status:** Accepted\n",
    );
    repo.commit_all("ADR 1 on a");
    repo.git(&["checkout", "-q", "b"]);
    repo.write(
        &format!("{ADR}/0001-use-toml.md"),
        "# 1. Use toml\n\n**Status:** Accepted\n",
    );
    repo.commit_all("ADR 1 on b");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge a", "a"]);
    // Each branch alone is clean.
    assert_clean(&repo, 1);
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge b", "b"]);
    assert_check(
        &repo,
        1,
        "\
error[duplicate-number]: ADR number 1 is also used by artifacts/adr/0001-use-toml.md
 --> .engineering/artifacts/adr/0001-use-gix.md:1:1
  |
1 | # 1. Use gix
  |
  = hint: renumber one of them (`git plan adr new` picks a number free on every branch)

error[duplicate-number]: ADR number 1 is also used by artifacts/adr/0001-use-gix.md
 --> .engineering/artifacts/adr/0001-use-toml.md:1:1
  |
1 | # 1. Use toml
  |
  = hint: renumber one of them (`git plan adr new` picks a number free on every branch)

check: 2 errors and 0 warnings in 2 of 2 documents
",
        json!([
            {
                "rule": "duplicate-number",
                "level": "error",
                "path": "artifacts/adr/0001-use-gix.md",
                "file": format!("{ADR}/0001-use-gix.md"),
                "line": 1,
                "column": 1,
                "message": "ADR number 1 is also used by artifacts/adr/0001-use-toml.md",
                "hint": "renumber one of them (`git plan adr new` picks a number free on every branch)",
                "source": "# 1. Use gix",
                "related": ["artifacts/adr/0001-use-gix.md", "artifacts/adr/0001-use-toml.md"],
            },
            {
                "rule": "duplicate-number",
                "level": "error",
                "path": "artifacts/adr/0001-use-toml.md",
                "file": format!("{ADR}/0001-use-toml.md"),
                "line": 1,
                "column": 1,
                "message": "ADR number 1 is also used by artifacts/adr/0001-use-gix.md",
                "hint": "renumber one of them (`git plan adr new` picks a number free on every branch)",
                "source": "# 1. Use toml",
                "related": ["artifacts/adr/0001-use-gix.md", "artifacts/adr/0001-use-toml.md"],
            },
        ]),
    );
}

#[test]
fn adr_supersede_mismatch() {
    let repo = repo_with(&[
        (
            &format!("{ADR}/0001-a.md"),
            "# 1. A\n\n**Status:** Superseded by ADR 0002\n",
        ),
        (
            &format!("{ADR}/0002-b.md"),
            "# 2. B\n\n**Status:** Accepted\n",
        ),
        (
            &format!("{ADR}/0003-c.md"),
            "# 3. C\n\n**Status:** Superseded\n",
        ),
        (
            &format!("{ADR}/0004-d.md"),
            "# 4. D\n\n**Status:** Superseded by ADR 0009\n",
        ),
    ]);
    assert_check(
        &repo,
        1,
        "\
error[adr-supersede-mismatch]: superseded by adr-0002, which does not say it supersedes adr-0001
 --> .engineering/artifacts/adr/0001-a.md:3:13
  |
3 | **Status:** Superseded by ADR 0002
  |
  = hint: add `**Supersedes:** ADR 0001` to 0002-b.md

error[adr-supersede-mismatch]: superseded, but it does not say by which ADR
 --> .engineering/artifacts/adr/0003-c.md:3:13
  |
3 | **Status:** Superseded
  |
  = hint: write `Superseded by ADR NNNN`, or use `git plan adr supersede`

error[adr-supersede-mismatch]: superseded by ADR 0009, which does not exist
 --> .engineering/artifacts/adr/0004-d.md:3:13
  |
3 | **Status:** Superseded by ADR 0009
  |
  = hint: fix the number, or write the superseding ADR

check: 3 errors and 0 warnings in 3 of 4 documents
",
        json!([
            {
                "rule": "adr-supersede-mismatch",
                "level": "error",
                "path": "artifacts/adr/0001-a.md",
                "file": format!("{ADR}/0001-a.md"),
                "line": 3,
                "column": 13,
                "message": "superseded by adr-0002, which does not say it supersedes adr-0001",
                "hint": "add `**Supersedes:** ADR 0001` to 0002-b.md",
                "source": "**Status:** Superseded by ADR 0002",
                "related": ["artifacts/adr/0002-b.md"],
            },
            {
                "rule": "adr-supersede-mismatch",
                "level": "error",
                "path": "artifacts/adr/0003-c.md",
                "file": format!("{ADR}/0003-c.md"),
                "line": 3,
                "column": 13,
                "message": "superseded, but it does not say by which ADR",
                "hint": "write `Superseded by ADR NNNN`, or use `git plan adr supersede`",
                "source": "**Status:** Superseded",
            },
            {
                "rule": "adr-supersede-mismatch",
                "level": "error",
                "path": "artifacts/adr/0004-d.md",
                "file": format!("{ADR}/0004-d.md"),
                "line": 3,
                "column": 13,
                "message": "superseded by ADR 0009, which does not exist",
                "hint": "fix the number, or write the superseding ADR",
                "source": "**Status:** Superseded by ADR 0009",
            },
        ]),
    );
    // The pair that says so on both sides passes.
    repo.write(
        &format!("{ADR}/0002-b.md"),
        "# 2. B\n\n**Status:** Accepted\n**Supersedes:** [ADR 0001](0001-a.md)\n",
    );
    std::fs::remove_file(repo.path().join(format!("{ADR}/0003-c.md"))).unwrap();
    std::fs::remove_file(repo.path().join(format!("{ADR}/0004-d.md"))).unwrap();
    assert_clean(&repo, 2);
}

#[test]
fn complete_with_unticked_criteria() {
    let text = "# Phase 01: A

**Status:** Complete

## Success Criteria

- [x] p99 latency under 50 ms
- [ ] no errors in a day of logs

## Rollback Plan

Revert the merge commit.
";
    let repo = repo_with(&[(&wp("01-a-plan.md"), text)]);
    assert_check(
        &repo,
        1,
        "\
error[complete-with-unticked-criteria]: marked complete, but 1 of its Success Criteria is unticked (first at line 8)
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:3:13
  |
3 | **Status:** Complete
  |
  = hint: tick the criteria that are met, or mark it `Complete (unverified)`

check: 1 error and 0 warnings in 1 of 1 document
",
        json!([{
            "rule": "complete-with-unticked-criteria",
            "level": "error",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 3,
            "column": 13,
            "message": "marked complete, but 1 of its Success Criteria is unticked (first at line 8)",
            "hint": "tick the criteria that are met, or mark it `Complete (unverified)`",
            "source": "**Status:** Complete",
        }]),
    );
    repo.write(
        &wp("01-a-plan.md"),
        text.replace("Complete", "Complete (unverified)"),
    );
    assert_clean(&repo, 1);
    repo.write(&wp("01-a-plan.md"), text.replace("- [ ]", "- [x]"));
    assert_clean(&repo, 1);
}

#[test]
fn status_contradiction() {
    let repo = repo_with(&[
        (&wp("03-caching-plan.md"), &GOOD.replace("01", "03")),
        (
            &wp("caching-COMPLETE.md"),
            "# Caching: complete\n\nShipped.\n",
        ),
    ]);
    assert_check(
        &repo,
        0,
        "\
warning[status-contradiction]: caching-COMPLETE.md says it is complete, but this work package is ready
 --> .engineering/artifacts/planning/2026-01-02-x/03-caching-plan.md:3:13
  |
3 | **Status:** Ready
  |
  = hint: `git plan done 2026-01-02-x/03` if it is finished

check: 0 errors and 1 warning in 1 of 2 documents
",
        json!([{
            "rule": "status-contradiction",
            "level": "warning",
            "path": format!("{XR}/03-caching-plan.md"),
            "file": wp("03-caching-plan.md"),
            "line": 3,
            "column": 13,
            "message": "caching-COMPLETE.md says it is complete, but this work package is ready",
            "hint": "`git plan done 2026-01-02-x/03` if it is finished",
            "source": "**Status:** Ready",
            "related": [format!("{XR}/caching-COMPLETE.md")],
        }]),
    );
    let done = GOOD
        .replace("01", "03")
        .replace("Ready", "Complete")
        .replace("- [ ]", "- [x]");
    repo.write(&wp("03-caching-plan.md"), done);
    assert_clean(&repo, 2);
}

// ---------------------------------------------------------------------------
// Opt-outs and configuration.

#[test]
fn an_inline_opt_out_silences_one_rule_in_one_document_and_is_listed() {
    let opted = "# Phase 01: A

**Status:** Ready
<!-- git-plan: allow missing-rollback-plan: additive change -->

## Overview

Adds a field.
";
    let repo = repo_with(&[
        (&wp("01-a-plan.md"), opted),
        (&wp("02-b-plan.md"), &NO_ROLLBACK.replace("01", "02")),
    ]);
    // 01 still lacks its Success Criteria (not opted out); 02 still lacks
    // its Rollback Plan (the opt-out is 01's).
    let run = repo.plan(&["check"]).fails(1);
    assert_eq!(
        run.stdout,
        "\
error[missing-success-criteria]: a work package has no Success Criteria section
 --> .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:1:1
  |
1 | # Phase 01: A
  |
  = hint: add a `## Success Criteria` section with measurable `- [ ]` items

error[missing-rollback-plan]: a work package has no Rollback Plan section
 --> .engineering/artifacts/planning/2026-01-02-x/02-b-plan.md:1:1
  |
1 | # Phase 02: A
  |
  = hint: add a `## Rollback Plan` section with the trigger and the steps to undo the change

allowed[missing-rollback-plan]: .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:4: additive change (1 finding silenced)
check: 2 errors and 0 warnings in 2 of 2 documents; 1 opt-out
"
    );
    let json = repo.plan(&["check", "--format", "json"]).fails(1).json();
    assert_eq!(
        json["allowed"],
        json!([{
            "rule": "missing-rollback-plan",
            "path": format!("{XR}/01-a-plan.md"),
            "file": wp("01-a-plan.md"),
            "line": 4,
            "reason": "additive change",
            "silenced": 1,
        }])
    );
    assert_eq!(
        json["by_rule"],
        json!({"missing-rollback-plan": 1, "missing-success-criteria": 1})
    );

    // With its criteria written and 02 fixed, the opt-out leaves it clean.
    repo.write(
        &wp("01-a-plan.md"),
        format!("{opted}\n## Success Criteria\n\n- [ ] the field is filled\n"),
    );
    repo.write(&wp("02-b-plan.md"), GOOD.replace("01", "02"));
    let run = repo.plan(&["check"]).ok();
    assert_eq!(
        run.stdout,
        "\
allowed[missing-rollback-plan]: .engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:4: additive change (1 finding silenced)
check: 0 errors and 0 warnings in 0 of 2 documents; 1 opt-out
"
    );
}

#[test]
fn plan_toml_changes_severities_per_rule_and_per_kind() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), NO_ROLLBACK)]);
    repo.plan(&["check"]).fails(1);

    // A warning does not fail the check.
    repo.write(
        ".engineering/plan.toml",
        "[rules]\nmissing-rollback-plan = \"warning\"\n",
    );
    let run = repo.plan(&["check"]).ok();
    assert!(
        run.stdout.starts_with(
            "warning[missing-rollback-plan]: a work package has no Rollback Plan section\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .ends_with("check: 0 errors and 1 warning in 1 of 1 document\n"));
    let json = repo.plan(&["check", "--format", "json"]).ok().json();
    assert_eq!(json["findings"][0]["level"], "warning");

    // "off" removes the rule.
    repo.write(
        ".engineering/plan.toml",
        "[rules]\nmissing-rollback-plan = \"off\"\n",
    );
    assert_clean(&repo, 1);

    // The kind's table wins over the general setting.
    repo.write(
        ".engineering/plan.toml",
        "[rules]\nmissing-rollback-plan = \"off\"\n\n[rules.work-package]\nmissing-rollback-plan = \"error\"\n",
    );
    let run = repo.plan(&["check", "--format", "json"]).fails(1);
    assert_eq!(rules_of(&run), ["missing-rollback-plan"]);
    repo.write(
        ".engineering/plan.toml",
        "[rules.work-package]\nmissing-rollback-plan = \"off\"\n",
    );
    assert_clean(&repo, 1);
    // ... and applies to that kind only: an ADR's unknown status is an error
    // while a work package's stays a warning.
    repo.write(
        ".engineering/plan.toml",
        "[rules.adr]\nunknown-status = \"error\"\n",
    );
    repo.write(&wp("01-a-plan.md"), GOOD.replace("Ready", "Pondering"));
    repo.write(
        &format!("{ADR}/0001-a.md"),
        "# 1. A\n\n**Status:** Pondering\n",
    );
    let json = repo.plan(&["check", "--format", "json"]).fails(1).json();
    let levels: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("artifacts/adr/0001-a.md", "error"),
            ("artifacts/planning/2026-01-02-x/01-a-plan.md", "warning"),
        ]
    );
}

#[test]
fn an_unknown_rule_in_plan_toml_is_an_error_naming_the_file_and_line() {
    // `git plan init` writes a plan.toml whose comments name every rule.
    let repo = TestRepo::initialised();
    let mut toml = repo.read(".engineering/plan.toml");
    toml.push_str("\n[rules]\nmissing-rollback = \"warning\"\n");
    let line = toml.lines().count();
    repo.write(".engineering/plan.toml", &toml);
    let run = repo.plan(&["check"]).fails(1);
    assert_eq!(run.stdout, "");
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains(&format!(
            ".engineering/plan.toml:{line}:1: unknown rule `missing-rollback`; rules are: missing-success-criteria, "
        )),
        "{}",
        run.stderr
    );

    // A bad level in a kind's table names its line too.
    let mut toml = repo.read(".engineering/plan.toml");
    toml = toml.replace(
        "missing-rollback = \"warning\"",
        "missing-rollback-plan = \"warning\"\n\n[rules.adr]\nempty-section = \"loud\"",
    );
    let line = toml.lines().count();
    repo.write(".engineering/plan.toml", &toml);
    let run = repo.plan(&["check"]).fails(1);
    assert!(
        run.error_lines()[0].contains(&format!(
            ".engineering/plan.toml:{line}:1: rule `empty-section`: expected \"error\", \"warning\" or \"off\""
        )),
        "{}",
        run.stderr
    );
}

/// `[sections]` in plan.toml adds headings that count as the Success
/// Criteria and the Rollback Plan everywhere: `check`, the pre-commit hook,
/// the guard of a move to ready, `done`'s ticked criteria, and the progress
/// `status` and `show` report.
#[test]
fn section_names_from_plan_toml_count_everywhere() {
    let repo = TestRepo::initialised();
    let plan = wp("01-a-plan.md");
    repo.write(
        &plan,
        "# Phase 01: A

**Status:** Draft

## 7. Ship gates (blocking)

- [x] p99 latency under 50 ms
- [ ] no errors in a day of logs

## Undo

Revert the merge commit.
",
    );
    repo.commit_all("plan 01");
    // Without them: neither section is found.
    let run = repo.plan(&["check", "--format", "json"]).fails(1);
    assert_eq!(
        rules_of(&run),
        ["missing-rollback-plan", "missing-success-criteria"]
    );
    let refused = repo
        .plan(&["set", "2026-01-02-x/01", "status=ready"])
        .fails(1);
    assert!(
        refused
            .stderr
            .contains("it has no Success Criteria section"),
        "{}",
        refused.stderr
    );
    let json = repo.plan(&["status", "--json"]).ok().json();
    let wp01 = &json["initiatives"][0]["work_packages"][0];
    assert_eq!(
        (&wp01["success_criteria"], &wp01["has_rollback_plan"]),
        (&Value::Null, &json!(false))
    );

    let mut toml = repo.read(".engineering/plan.toml");
    toml.push_str(
        "\n[sections]\nsuccess_criteria = [\"Ship gates\"]\nrollback_plan = [\"Undo\"]\n",
    );
    repo.write(".engineering/plan.toml", &toml);
    repo.commit_all("plan.toml: our section names");
    assert_clean(&repo, 1);
    // The hook reads the same configuration.
    repo.plan(&["hooks", "install"]).ok();
    repo.write(
        &plan,
        repo.read(&plan)
            .replace("Revert the merge", "Revert the squashed"),
    );
    repo.git(&["add", "-A"]);
    let hooked = repo.git_hooked(&["commit", "-q", "-m", "undo: squashed"]);
    assert_eq!(hooked.code, 0, "{}", hooked.stderr);
    repo.plan(&["hooks", "uninstall"]).ok();
    // Progress in status and show.
    let json = repo.plan(&["status", "--json"]).ok().json();
    let wp01 = &json["initiatives"][0]["work_packages"][0];
    assert_eq!(
        (&wp01["success_criteria"], &wp01["has_rollback_plan"]),
        (&json!({"done": 1, "total": 2}), &json!(true))
    );
    let human = repo.plan(&["status"]).ok().stdout;
    assert!(human.contains("Phase 01: A  criteria 1/2"), "{human}");
    let shown = repo
        .plan(&["show", "2026-01-02-x/01", "--json"])
        .ok()
        .json();
    assert_eq!(shown["success_criteria"], json!({"done": 1, "total": 2}));
    // The guards: ready now passes; done (verified) sees the open criterion.
    repo.plan(&["set", "2026-01-02-x/01", "status=ready"]).ok();
    repo.plan(&["start", "2026-01-02-x/01"]).ok();
    let refused = repo.plan(&["done", "2026-01-02-x/01"]).fails(1);
    assert!(
        refused.stderr.contains(
            "1 of its 7. Ship gates (blocking) is unticked (line 8: no errors in a day of logs)"
        ),
        "{}",
        refused.stderr
    );

    // A key that is not a section names the file and line.
    repo.write(
        ".engineering/plan.toml",
        format!("{toml}exit_criteria = [\"Gates\"]\n"),
    );
    let line = toml.lines().count() + 1;
    let run = repo.plan(&["status"]).fails(1);
    assert!(
        run.error_lines()[0].contains(&format!(
            ".engineering/plan.toml:{line}:1: unknown field `exit_criteria`, expected `success_criteria` or `rollback_plan`"
        )),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Exit codes.

#[test]
fn exit_codes_clean_warnings_errors_and_usage() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), GOOD)]);
    repo.plan(&["check"]).ok();
    repo.write(&wp("01-a-plan.md"), GOOD.replace("Ready", "Pondering"));
    repo.plan(&["check"]).ok();
    repo.write(&wp("01-a-plan.md"), NO_ROLLBACK);
    repo.plan(&["check"]).fails(1);

    let run = repo.plan(&["check", "--range", "nonsense"]).fails(2);
    assert_eq!(
        run.error_lines(),
        ["Error: `nonsense` is not a range: write A..B or A...B"]
    );
    assert_eq!(run.stdout, "");
    let usage: [&[&str]; 5] = [
        &["check", "--staged", "--rev", "HEAD"],
        &["check", "--staged", "--range", "HEAD..HEAD"],
        &["check", "--rev", "HEAD", "--range", "HEAD..HEAD"],
        &["check", "--format", "yaml"],
        &["check", "--no-such-flag"],
    ];
    for args in usage {
        let run = repo.plan(args).fails(2);
        assert!(run.stderr.contains("error:"), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    // Through git, as a user runs it.
    repo.git_plan(&["check"]).fails(1);
    repo.git_plan(&["check", "--range", "nonsense"]).fails(2);
}

// ---------------------------------------------------------------------------
// Sources.

#[test]
fn staged_checks_the_index_not_the_work_tree() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), GOOD)]);
    // A bad plan staged, then fixed only in the work tree.
    repo.write(&wp("02-b-plan.md"), NO_ROLLBACK.replace("01", "02"));
    repo.git(&["add", "-A"]);
    repo.write(&wp("02-b-plan.md"), GOOD.replace("01", "02"));
    let run = repo
        .plan(&["check", "--staged", "--format", "json"])
        .fails(1);
    assert_eq!(
        rule_files(&run),
        [("missing-rollback-plan".to_string(), wp("02-b-plan.md"))]
    );
    repo.plan(&["check"]).ok();

    // The reverse: a good plan staged, broken in the work tree.
    repo.git(&["add", "-A"]);
    repo.write(&wp("02-b-plan.md"), NO_ROLLBACK.replace("01", "02"));
    repo.plan(&["check", "--staged"]).ok();
    repo.plan(&["check"]).fails(1);

    // A staged deletion is seen too: with 02 gone from the index, 01's
    // dependency on it dangles, and although 01 itself is unchanged the
    // finding is reported (a deletion breaks references from its folder).
    repo.write(
        &wp("01-a-plan.md"),
        GOOD.replace("**Status:** Ready", "**Status:** Ready\n**Depends on:** 02"),
    );
    repo.write(&wp("02-b-plan.md"), GOOD.replace("01", "02"));
    repo.commit_all("two plans");
    repo.git(&["rm", "-q", "--cached", &wp("02-b-plan.md")]);
    let run = repo
        .plan(&["check", "--staged", "--format", "json"])
        .fails(1);
    assert_eq!(rules_of(&run), ["dangling-dependency"]);
    repo.plan(&["check"]).ok();
}

#[test]
fn staged_reports_only_changed_documents_unless_all() {
    // An old bad plan, committed; a good one staged.
    let repo = repo_with(&[(&wp("01-a-plan.md"), NO_ROLLBACK)]);
    repo.write(&wp("02-b-plan.md"), GOOD.replace("01", "02"));
    repo.git(&["add", "-A"]);
    let run = repo.plan(&["check", "--staged"]).ok();
    assert_eq!(
        run.stdout,
        "check: 0 errors and 0 warnings in 0 of 1 document\n"
    );
    let run = repo
        .plan(&["check", "--staged", "--all", "--format", "json"])
        .fails(1);
    assert_eq!(
        rule_files(&run),
        [("missing-rollback-plan".to_string(), wp("01-a-plan.md"))]
    );
    assert_eq!(run.json()["checked"], 2);
    // Nothing staged: nothing to report.
    repo.git(&["commit", "-q", "-m", "02"]);
    let run = repo.plan(&["check", "--staged"]).ok();
    assert_eq!(
        run.stdout,
        "check: 0 errors and 0 warnings in 0 of 0 documents\n"
    );
}

#[test]
fn rev_checks_a_commit_tree() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), NO_ROLLBACK)]);
    repo.write(&wp("01-a-plan.md"), GOOD);
    repo.commit_all("fix 01");
    // The work tree breaks it again; --rev reads commits, not files.
    repo.write(&wp("01-a-plan.md"), NO_ROLLBACK);
    repo.plan(&["check", "--rev", "HEAD"]).ok();
    let run = repo
        .plan(&["check", "--rev", "HEAD~1", "--format", "json"])
        .fails(1);
    assert_eq!(rules_of(&run), ["missing-rollback-plan"]);
    repo.plan(&["check"]).fails(1);
    let run = repo.plan(&["check", "--rev", "no-such-rev"]).fails(1);
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
}

/// main: an old bad plan 01 and a good 04-a. Branch `topic` adds a good
/// 04-b, which duplicates 04-a's number.
fn duplicate_on_a_branch() -> TestRepo {
    let repo = repo_with(&[
        (&wp("01-a-plan.md"), NO_ROLLBACK),
        (&wp("04-a-plan.md"), &GOOD.replace("01", "04")),
    ]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write(&wp("04-b-plan.md"), GOOD.replace("01", "04"));
    repo.commit_all("04-b");
    repo
}

#[test]
fn range_reports_changed_documents_and_whole_tree_rules_they_break() {
    let repo = duplicate_on_a_branch();
    let run = repo
        .plan(&["check", "--range", "main..topic", "--format", "json"])
        .fails(1);
    // 04-a did not change, but the duplicate involves 04-b, which did; the
    // old bad 01 did not change and is not reported.
    assert_eq!(
        rule_files(&run),
        [
            ("duplicate-number".to_string(), wp("04-a-plan.md")),
            ("duplicate-number".to_string(), wp("04-b-plan.md")),
        ]
    );
    assert_eq!(run.json()["checked"], 1);
    // --all: everything, old 01 included.
    let run = repo
        .plan(&[
            "check",
            "--range",
            "main..topic",
            "--all",
            "--format",
            "json",
        ])
        .fails(1);
    assert_eq!(
        rules_of(&run),
        [
            "missing-rollback-plan",
            "duplicate-number",
            "duplicate-number"
        ]
    );
    assert_eq!(run.json()["checked"], 3);
    // As the documents are at B: fixing 04-b in the work tree changes nothing.
    repo.git(&["mv", &wp("04-b-plan.md"), &wp("05-b-plan.md")]);
    repo.plan(&["check", "--range", "main..topic"]).fails(1);
    // An empty range has nothing to report, and HEAD is the default side.
    repo.git(&["commit", "-q", "-m", "renumber"]);
    let run = repo.plan(&["check", "--range", "main.."]).ok();
    assert_eq!(
        run.stdout,
        "check: 0 errors and 0 warnings in 0 of 1 document\n"
    );
    let run = repo.plan(&["check", "--range", "HEAD..HEAD"]).ok();
    assert_eq!(
        run.stdout,
        "check: 0 errors and 0 warnings in 0 of 0 documents\n"
    );
}

#[test]
fn three_dot_range_starts_at_the_merge_base() {
    // 01 is bad on main. topic branches off, adds a good 05. Then main fixes
    // 01. Between the tips 01 differs, but topic never touched it.
    let repo = repo_with(&[(&wp("01-a-plan.md"), NO_ROLLBACK)]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write(&wp("05-e-plan.md"), GOOD.replace("01", "05"));
    repo.commit_all("05");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(&wp("01-a-plan.md"), GOOD);
    repo.commit_all("fix 01");

    let run = repo
        .plan(&["check", "--range", "main..topic", "--format", "json"])
        .fails(1);
    assert_eq!(
        rule_files(&run),
        [("missing-rollback-plan".to_string(), wp("01-a-plan.md"))]
    );
    let run = repo
        .plan(&["check", "--range", "main...topic", "--format", "json"])
        .ok();
    assert_eq!(run.json()["checked"], 1);
    assert_eq!(run.json()["findings"], json!([]));
    // A bad plan added on the branch is reported by both.
    repo.git(&["checkout", "-q", "topic"]);
    repo.write(&wp("06-f-plan.md"), NO_ROLLBACK.replace("01", "06"));
    repo.commit_all("06");
    let run = repo
        .plan(&["check", "--range", "main...topic", "--format", "json"])
        .fails(1);
    assert_eq!(
        rule_files(&run),
        [("missing-rollback-plan".to_string(), wp("06-f-plan.md"))]
    );
}

// ---------------------------------------------------------------------------
// Formats.

#[test]
fn github_format_escapes_properties_and_data() {
    // A file name with `%`, `,` and `:`, and a dependency whose quoted
    // reference has them too.
    let name = "01-a%b,c:d-plan.md";
    let text = GOOD.replace(
        "**Status:** Ready",
        "**Status:** Ready\n**Depends on:** a%b:c,d",
    );
    let repo = repo_with(&[(&wp(name), &text)]);
    let run = repo.plan(&["check", "--format", "github"]).fails(1);
    let file = ".engineering/artifacts/planning/2026-01-02-x/01-a%25b%2Cc%3Ad-plan.md";
    let hint = "%0Ahint: name an existing work package (`initiative/NN`, a number in this initiative, or a sibling file)";
    assert_eq!(
        run.stdout,
        format!(
            "\
::error file={file},line=4,col=17,title=git plan%3A dangling-dependency::depends on `a%25b:c`, which names no plan{hint}
::error file={file},line=4,col=23,title=git plan%3A dangling-dependency::depends on `d`, which names no plan{hint}
check: 2 errors and 0 warnings in 1 of 1 document
"
        )
    );
}

#[test]
fn github_format_warnings_and_clean_runs() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), &GOOD.replace("Ready", "Pondering"))]);
    let run = repo.plan(&["check", "--format", "github"]).ok();
    assert_eq!(
        run.stdout,
        "\
::warning file=.engineering/artifacts/planning/2026-01-02-x/01-a-plan.md,line=3,col=13,title=git plan%3A unknown-status::status `Pondering` is not a known work-package status%0Ahint: write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]
check: 0 errors and 1 warning in 1 of 1 document
"
    );
    repo.write(&wp("01-a-plan.md"), GOOD);
    let run = repo.plan(&["check", "--format", "github"]).ok();
    assert_eq!(
        run.stdout,
        "check: 0 errors and 0 warnings in 0 of 1 document\n"
    );
}

const MARKDOWN: &str = "\
### git plan check

1 error and 1 warning in 2 of 2 documents; 1 opt-out

| | Rule | File | Message |
|---|---|---|---|
| ❌ | `missing-rollback-plan` | <code>.engineering/artifacts/planning/2026-01-02-x/01-a-plan.md:1</code> | a work package has no Rollback Plan section |
| ⚠️ | `unknown-status` | <code>.engineering/artifacts/planning/2026-01-02-x/02-b-plan.md:3</code> | status <code>Pondering &#124; Musing</code> is not a known work-package status |

Opt-outs:

- `empty-section` in <code>.engineering/artifacts/planning/2026-01-02-x/02-b-plan.md:4</code>: no reason given

";

fn markdown_repo() -> TestRepo {
    repo_with(&[
        (&wp("01-a-plan.md"), NO_ROLLBACK),
        (
            &wp("02-b-plan.md"),
            &GOOD
                .replace("01", "02")
                .replace("Ready", "Pondering | Musing")
                .replace(
                    "\n\n## Success",
                    "\n<!-- git-plan: allow empty-section -->\n\n## Success",
                ),
        ),
    ])
}

#[test]
fn markdown_format() {
    let repo = markdown_repo();
    let run = repo.plan(&["check", "--format", "markdown"]).fails(1);
    assert_eq!(run.stdout, MARKDOWN);
}

#[test]
fn markdown_keeps_html_and_backticks_of_a_status_inert() {
    let repo = repo_with(&[(&wp("01-a-plan.md"), &GOOD.replace("Ready", "<b>x</b>"))]);
    let run = repo.plan(&["check", "--format", "markdown"]).ok();
    assert!(
        run.stdout.contains(
            "| status <code>&lt;b&gt;x&lt;/b&gt;</code> is not a known work-package status |"
        ),
        "{}",
        run.stdout
    );
    // A backtick in the value: everything is escaped, nothing is live.
    let repo = repo_with(&[(&wp("01-a-plan.md"), &GOOD.replace("Ready", "<b>x`</b>"))]);
    let run = repo.plan(&["check", "--format", "markdown"]).ok();
    assert!(!run.stdout.contains("<b>"), "{}", run.stdout);
    assert!(
        run.stdout.contains("&lt;b&gt;x\\`&lt;/b&gt;"),
        "{}",
        run.stdout
    );
}

#[test]
fn summary_appends_the_markdown_table_to_a_file() {
    let repo = markdown_repo();
    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "before\n").unwrap();
    let path = summary.to_str().unwrap();
    // The summary comes beside any format; stdout keeps its format.
    let run = repo
        .plan(&["check", "--format", "github", "--summary", path])
        .fails(1);
    assert!(run.stdout.starts_with("::error "), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!("before\n{MARKDOWN}")
    );
    repo.plan(&["check", "--summary", path]).fails(1);
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!("before\n{MARKDOWN}{MARKDOWN}")
    );
    // A summary that cannot be written is an error.
    let run = repo
        .plan(&[
            "check",
            "--summary",
            repo.path().join("no/such/dir/s.md").to_str().unwrap(),
        ])
        .fails(1);
    assert!(
        run.error_lines()[0].starts_with("Error: cannot write the summary to "),
        "{}",
        run.stderr
    );
    // A clean run writes the heading and counts only.
    let clean = repo_with(&[(&wp("01-a-plan.md"), GOOD)]);
    let file = clean.path().join("s.md");
    clean
        .plan(&["check", "--summary", file.to_str().unwrap()])
        .ok();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "### git plan check\n\n0 errors and 0 warnings in 0 of 1 document\n\n"
    );
}

// ---------------------------------------------------------------------------
// The real corpus.

#[test]
fn the_corpus_is_checked_to_the_end() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let run = repo.plan(&["check", "--all", "--format", "json"]).fails(1);
    assert_eq!(run.stderr, "");
    let json = run.json();
    assert_eq!(json["version"], 2);
    assert_eq!(
        json["by_rule"],
        json!({
            // 41: WP-PLAN.md (wordnet-enhancement) is a work package too.
            "missing-rollback-plan": 41,
            // 4: 01-adr-extraction-plan.md and 00-IMPLEMENTATION-PLAN.md
            // have theirs under `## Success Metrics`.
            "missing-success-criteria": 4,
            "duplicate-number": 2,
            // 17: 5 completion records beside open work packages of their
            // slug; 12 work packages still draft or ready in initiatives
            // marked complete (README.md or START-HERE.md says so, or a
            // COMPLETE.md or other completion record of the folder).
            "status-contradiction": 17,
            "complete-with-unticked-criteria": 1,
            "unknown-status": 1,
            // 11: closing status lines that disagree with the header, all
            // written in one commit (08, 11 and 13 of
            // architecture-refactoring say Ready to implement at the end and
            // In Progress at the top; 01 of alternative-embedding-providers
            // ends Complete; 03 of category-search-feature, 01 of
            // integer-id-optimization and of metadata-improvement, and
            // WP-PLAN.md of wordnet-enhancement start Planning and end Ready
            // for implementation; adr-creation's README.md and
            // incremental-category-summaries' START-HERE.md), and
            // incremental-category-summaries' README.md says Ready where
            // START-HERE.md says Complete.
            "status-disagreement": 11,
        })
    );
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(
        json["errors"].as_u64().unwrap() + json["warnings"].as_u64().unwrap(),
        findings.len() as u64
    );
    for f in findings {
        let file = f["file"].as_str().unwrap();
        assert!(
            repo.exists(file),
            "a finding names a file that is not there: {f}"
        );
        assert!(f["line"].as_u64().unwrap() >= 1, "{f}");
    }
    // The human output says the same, rule by rule.
    let run = repo.plan(&["check", "--all"]).fails(1);
    assert_eq!(
        run.stdout.matches("error[missing-rollback-plan]").count(),
        41
    );
    let with_findings = findings
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(run.stdout.ends_with(&format!(
        "check: {} errors and {} warnings in {with_findings} of {} documents\n",
        json["errors"], json["warnings"], json["checked"]
    )));
}

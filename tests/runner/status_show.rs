//! `status [ID] [--json]` and `show ID [--json]` on a small tree written by
//! hand: what the roadmap shows, the JSON contract, and id resolution.

use crate::common::{initialised_with, TestRepo};
use serde_json::{json, Value};

const ALPHA: &str = ".engineering/artifacts/planning/2026-01-02-alpha";
const BETA: &str = ".engineering/artifacts/planning/2026-01-03-beta";

/// Two initiatives (both with a `03-...-plan.md`) and two ADRs.
fn tree() -> TestRepo {
    initialised_with(
        &[
            (format!("{ALPHA}/START-HERE.md").as_str(), "# Alpha Roadmap\n\n**Created:** 2026-01-02\n**Status:** Implementation\n\n## Checkpoints\n\n- [x] 1. Scope assessment\n- [ ] 7. Implementation\n"),
            (format!("{ALPHA}/01-CONTEXT-ANALYSIS.md").as_str(), "# Context\n\nNotes.\n"),
            (format!("{ALPHA}/02-parser-plan.md").as_str(), "# Phase 02: Parser\n\n**Priority:** HIGH (blocks 03)\n**Status:** ✅ Complete\n**Estimated Effort:** 2-4h agentic + 1h review\n\n## Success Criteria\n\n- [x] parses headings\n- [x] parses checklists\n\n## Rollback Plan\n\nRevert the commit.\n"),
            (format!("{ALPHA}/03-output-plan.md").as_str(), "# Phase 03: Output\n\n**Priority:** MEDIUM\n**Status:** In Progress\n**Depends on:** 02\n\n## Success Criteria\n\n- [x] human output\n- [ ] JSON output\n\n## Risks\n\n- Output churn.\n"),
            (format!("{BETA}/START-HERE.md").as_str(), "# Beta\n\n**Status:** Work Package Planning\n"),
            (format!("{BETA}/03-other-plan.md").as_str(), "# Phase 03: Other\n\n**Status:** Ready for Implementation\n"),
            (".engineering/artifacts/adr/0001-first.md", "# 1. First\n\n**Status:** Accepted\n"),
            (".engineering/artifacts/adr/0002-second.md", "# 2. Second\n\n## Status\n\nProposed\n\n## Context\n\nWhy.\n"),
        ],
        "plans",
    )
}

fn ids(values: &Value) -> Vec<&str> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect()
}

/// The stdout line that starts with `prefix` (after indentation), with its
/// runs of spaces collapsed.
#[track_caller]
fn line<'a>(stdout: &'a str, prefix: &str) -> String {
    let found: Vec<&'a str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(prefix))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one line starting with {prefix:?} in:\n{stdout}"
    );
    found[0].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`line`], for an unindented line.
#[track_caller]
fn top_line(stdout: &str, prefix: &str) -> String {
    let found: Vec<&str> = stdout.lines().filter(|l| l.starts_with(prefix)).collect();
    assert_eq!(
        found.len(),
        1,
        "one line starting with {prefix:?} in:\n{stdout}"
    );
    found[0].split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- status

#[test]
fn status_shows_initiatives_work_packages_and_adrs() {
    let repo = tree();
    let run = repo.plan(&["status"]).ok();
    assert_eq!(run.stderr, "", "a clean tree has no diagnostics");
    let out = &run.stdout;
    assert_eq!(
        out.lines().next().unwrap(),
        "Roadmap in .engineering/: 2 initiatives, 3 work packages, 2 ADRs"
    );
    // History may add since when and by whom after the status.
    assert!(
        line(out, "2026-01-02-alpha")
            .starts_with("2026-01-02-alpha implementation (Implementation)"),
        "{out}"
    );
    assert_eq!(line(out, "Alpha Roadmap"), "Alpha Roadmap");
    assert_eq!(
        line(out, "02 "),
        "02 complete HIGH Phase 02: Parser criteria 2/2 2-4h agentic + 1h review"
    );
    assert_eq!(line(out, "needs"), "needs 2026-01-02-alpha/02 (complete)");
    assert!(
        line(out, "2026-01-03-beta")
            .starts_with("2026-01-03-beta work-package-planning (Work Package Planning)"),
        "{out}"
    );
    assert_eq!(line(out, "ADRs"), "ADRs 2: accepted 1, proposed 1");
    // Work packages are listed under their initiative, in number order.
    let pos = |s: &str| out.find(s).unwrap();
    assert!(pos("2026-01-02-alpha") < pos("Phase 02: Parser"));
    assert!(pos("Phase 02: Parser") < pos("Phase 03: Output"));
    assert!(pos("Phase 03: Output") < pos("2026-01-03-beta"));
    assert!(pos("2026-01-03-beta") < pos("Phase 03: Other"));
    // The analysis is not a work package.
    assert!(!out.contains("Context"), "{out}");
}

#[test]
fn status_json_has_the_versioned_shape() {
    let repo = tree();
    let run = repo.plan(&["status", "--json"]).ok();
    assert_eq!(run.stderr, "");
    let json = run.json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["root"], ".engineering");
    let initiatives = &json["initiatives"];
    assert_eq!(ids(initiatives), ["2026-01-02-alpha", "2026-01-03-beta"]);
    let alpha = &initiatives[0];
    assert_eq!(alpha["title"], "Alpha Roadmap");
    assert_eq!(alpha["date"], "2026-01-02");
    assert_eq!(alpha["path"], "artifacts/planning/2026-01-02-alpha");
    assert_eq!(alpha["status"]["state"], "implementation");
    assert_eq!(alpha["status"]["raw"], "Implementation");
    assert_eq!(
        crate::common::at(&alpha["status"]["at"]),
        "artifacts/planning/2026-01-02-alpha/START-HERE.md:4"
    );
    assert_eq!(
        ids(&alpha["work_packages"]),
        ["2026-01-02-alpha/02", "2026-01-02-alpha/03"]
    );
    let parser = &alpha["work_packages"][0];
    assert_eq!(parser["number"], "02");
    assert_eq!(parser["title"], "Phase 02: Parser");
    assert_eq!(parser["kind"], "work-package");
    assert_eq!(parser["status"]["state"], "complete");
    assert_eq!(parser["status"]["raw"], "✅ Complete");
    assert_eq!(parser["priority"]["level"], "high");
    assert_eq!(parser["priority"]["raw"], "HIGH (blocks 03)");
    assert_eq!(parser["effort"]["raw"], "2-4h agentic + 1h review");
    assert_eq!(parser["success_criteria"], json!({"done": 2, "total": 2}));
    assert_eq!(parser["has_rollback_plan"], true);
    let output = &alpha["work_packages"][1];
    assert_eq!(output["status"]["state"], "in-progress");
    assert_eq!(output["success_criteria"], json!({"done": 1, "total": 2}));
    assert_eq!(output["has_rollback_plan"], false);
    assert_eq!(
        output["depends_on"],
        json!([{"reference": "02", "id": "2026-01-02-alpha/02", "state": "complete"}])
    );
    let beta = &initiatives[1];
    assert_eq!(beta["status"]["state"], "work-package-planning");
    assert_eq!(beta["work_packages"][0]["status"]["state"], "ready");

    let adrs = &json["adrs"];
    assert_eq!(adrs["total"], 2);
    assert_eq!(adrs["by_status"], json!({"accepted": 1, "proposed": 1}));
    assert_eq!(ids(&adrs["items"]), ["adr-0001", "adr-0002"]);
    // A MADR `## Status` section counts, with the line of its value.
    assert_eq!(
        crate::common::at(&adrs["items"][1]["status"]["at"]),
        "artifacts/adr/0002-second.md:5"
    );
    assert_eq!(json["diagnostics"], json!([]));
}

#[test]
fn status_of_one_initiative_shows_only_that_one() {
    let repo = tree();
    for query in ["2026-01-03-beta", "beta", "2026-01-03"] {
        let json = repo.plan(&["status", query, "--json"]).ok().json();
        assert_eq!(ids(&json["initiatives"]), ["2026-01-03-beta"], "{query}");
        // No ADR is listed for an initiative, but every one is counted.
        assert_eq!(json["adrs"]["items"], json!([]), "{query}");
        assert_eq!(json["adrs"]["total"], 2, "{query}");
    }
    let out = repo.plan(&["status", "beta"]).ok().stdout;
    assert!(out.contains("2026-01-03-beta"), "{out}");
    assert!(out.contains("Phase 03: Other"), "{out}");
    assert!(!out.contains("alpha"), "{out}");
    assert!(!out.contains("Parser"), "{out}");
}

#[test]
fn status_of_one_work_package_or_adr() {
    let repo = tree();
    let json = repo
        .plan(&["status", "2026-01-02-alpha/03", "--json"])
        .ok()
        .json();
    assert_eq!(ids(&json["initiatives"]), ["2026-01-02-alpha"]);
    assert_eq!(
        ids(&json["initiatives"][0]["work_packages"]),
        ["2026-01-02-alpha/03"]
    );
    let run = repo.plan(&["status", "adr-2"]).ok();
    // The title without the number the id already gives.
    assert_eq!(line(&run.stdout, "adr-0002"), "adr-0002 proposed Second");
    let json = repo.plan(&["status", "adr-2", "--json"]).ok().json();
    assert_eq!(json["initiatives"], json!([]));
    assert_eq!(ids(&json["adrs"]["items"]), ["adr-0002"]);
}

#[test]
fn status_of_an_empty_root() {
    let repo = TestRepo::initialised();
    let run = repo.plan(&["status"]).ok();
    assert_eq!(
        run.stdout,
        "Roadmap in .engineering/: 0 initiatives, 0 work packages, 0 ADRs\n"
    );
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["initiatives"], json!([]));
    assert_eq!(json["adrs"]["total"], 0);
}

// ---------------------------------------------------------------- show

#[test]
fn show_json_gives_fields_sections_checklist_and_dependencies() {
    let repo = tree();
    let run = repo.plan(&["show", "2026-01-02-alpha/03", "--json"]).ok();
    assert_eq!(run.stderr, "");
    let json = run.json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["id"], "2026-01-02-alpha/03");
    assert_eq!(json["kind"], "work-package");
    assert_eq!(
        json["path"],
        "artifacts/planning/2026-01-02-alpha/03-output-plan.md"
    );
    assert_eq!(json["title"], "Phase 03: Output");
    assert_eq!(json["initiative"], "2026-01-02-alpha");
    assert_eq!(json["status"]["state"], "in-progress");
    assert_eq!(
        crate::common::at(&json["status"]["at"]),
        "artifacts/planning/2026-01-02-alpha/03-output-plan.md:4"
    );
    let fields: Vec<(&str, &str, u64)> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["key"].as_str().unwrap(),
                f["value"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("Priority", "MEDIUM", 3),
            ("Status", "In Progress", 4),
            ("Depends on", "02", 5),
        ]
    );
    let sections: Vec<(u64, &str, u64)> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["level"].as_u64().unwrap(),
                s["title"].as_str().unwrap(),
                s["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            (1, "Phase 03: Output", 1),
            (2, "Success Criteria", 7),
            (2, "Risks", 12),
        ]
    );
    assert_eq!(
        json["sections"][1]["checklist"],
        json!({"done": 1, "total": 2})
    );
    assert_eq!(
        json["checklist"],
        json!([
            {"checked": true, "text": "human output", "line": 9, "section": "Success Criteria"},
            {"checked": false, "text": "JSON output", "line": 10, "section": "Success Criteria"},
        ])
    );
    assert_eq!(
        json["depends_on"],
        json!([{"reference": "02", "id": "2026-01-02-alpha/02", "state": "complete"}])
    );
    assert_eq!(json["diagnostics"], json!([]));
}

#[test]
fn show_prints_a_document_for_people() {
    let repo = tree();
    let run = repo.plan(&["show", "2026-01-02-alpha/03"]).ok();
    let out = &run.stdout;
    assert_eq!(
        line(out, "2026-01-02-alpha/03"),
        "2026-01-02-alpha/03 work-package"
    );
    assert_eq!(
        line(out, "Path:"),
        "Path: .engineering/artifacts/planning/2026-01-02-alpha/03-output-plan.md"
    );
    assert_eq!(
        top_line(out, "Status:"),
        "Status: in-progress (In Progress, artifacts/planning/2026-01-02-alpha/03-output-plan.md:4)"
    );
    assert_eq!(
        top_line(out, "Depends on:"),
        "Depends on: 02 -> 2026-01-02-alpha/02 (complete)"
    );
    assert_eq!(
        top_line(out, "Checklist"),
        "Checklist 1/2, success criteria 1/2"
    );
    // The fields as written, with their lines.
    let indented: Vec<String> = out
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for field in [
        "Priority: MEDIUM line 3",
        "Status: In Progress line 4",
        "Depends on: 02 line 5",
    ] {
        assert!(indented.iter().any(|l| l == field), "{field:?} in:\n{out}");
    }
    assert_eq!(line(out, "[x]"), "[x] human output line 9");
    assert_eq!(line(out, "[ ]"), "[ ] JSON output line 10");
    assert_eq!(
        line(out, "Success Criteria"),
        "Success Criteria [1/2] line 7"
    );
}

#[test]
fn show_an_initiative_lists_its_documents() {
    let repo = tree();
    let json = repo.plan(&["show", "alpha", "--json"]).ok().json();
    assert_eq!(json["kind"], "initiative");
    assert_eq!(
        json["path"],
        "artifacts/planning/2026-01-02-alpha/START-HERE.md"
    );
    assert_eq!(json["status"]["state"], "implementation");
    let docs: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(docs.contains(&"2026-01-02-alpha/02"), "{docs:?}");
    assert!(docs.contains(&"2026-01-02-alpha/03"), "{docs:?}");
    assert!(
        docs.contains(&"2026-01-02-alpha/01-CONTEXT-ANALYSIS.md"),
        "{docs:?}"
    );
    let out = repo.plan(&["show", "alpha"]).ok().stdout;
    assert!(out.contains("Documents"), "{out}");
    assert!(out.contains("2026-01-02-alpha/02"), "{out}");
}

#[test]
fn ids_resolve_like_revisions() {
    let repo = tree();
    for (query, id) in [
        ("2026-01-02-alpha/02", "2026-01-02-alpha/02"),
        ("alpha/02", "2026-01-02-alpha/02"),
        ("02", "2026-01-02-alpha/02"),
        ("parser", "2026-01-02-alpha/02"),
        (
            "artifacts/planning/2026-01-02-alpha/02-parser-plan.md",
            "2026-01-02-alpha/02",
        ),
        ("beta/03", "2026-01-03-beta/03"),
        ("adr-1", "adr-0001"),
        ("ADR-0002", "adr-0002"),
        ("adr2", "adr-0002"),
    ] {
        let json = repo.plan(&["show", query, "--json"]).ok().json();
        assert_eq!(json["id"], id, "{query}");
    }
}

#[test]
fn an_ambiguous_id_lists_the_candidates() {
    let repo = tree();
    for command in ["show", "status"] {
        let run = repo.plan(&[command, "03"]).fails(1);
        assert_eq!(run.stdout, "", "{command}");
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert!(errors[0].contains("ambiguous"), "{}", run.stderr);
        assert!(errors[0].contains("2026-01-02-alpha/03"), "{}", run.stderr);
        assert!(errors[0].contains("2026-01-03-beta/03"), "{}", run.stderr);
        assert_eq!(run.hint_lines().len(), 1, "{}", run.stderr);
    }
}

#[test]
fn an_unknown_id_fails_with_a_hint() {
    let repo = tree();
    for args in [
        &["show", "nothing-like-this"][..],
        &["show", "nothing-like-this", "--json"],
        &["status", "nothing-like-this"],
        &["show", "adr-9"],
        &["show", "99"],
    ] {
        let run = repo.plan(args).fails(1);
        run.no_output_but_a_json_error(args);
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{args:?}: {}", run.stderr);
        assert!(errors[0].contains(args[1]), "{}", run.stderr);
        let hints = run.hint_lines();
        assert_eq!(hints.len(), 1, "{args:?}: {}", run.stderr);
        assert!(hints[0].contains("git plan status"), "{}", run.stderr);
    }
}

#[test]
fn crlf_and_emoji_are_read() {
    let repo = TestRepo::initialised();
    repo.write(
        ".engineering/artifacts/planning/2026-01-02-win/START-HERE.md",
        "# Windows\r\n\r\n**Status:** 🚀 Implementation  \r\n",
    );
    repo.write(
        ".engineering/artifacts/planning/2026-01-02-win/01-crlf-plan.md",
        "# Phase 01: CRLF\r\n\r\n**Status:** 📋 Ready for Implementation\r\n\r\n## Success Criteria\r\n\r\n- [x] one\r\n- [ ] two\r\n",
    );
    let run = repo.plan(&["status", "--json"]).ok();
    assert_eq!(run.stderr, "");
    let json = run.json();
    let init = &json["initiatives"][0];
    assert_eq!(init["status"]["state"], "implementation");
    assert_eq!(init["status"]["raw"], "🚀 Implementation");
    let wp = &init["work_packages"][0];
    assert_eq!(wp["status"]["state"], "ready");
    assert_eq!(wp["success_criteria"], json!({"done": 1, "total": 2}));
}

#[test]
fn status_of_one_document_prints_only_its_warnings() {
    let repo = crate::common::TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "Two", "--date", "2026-01-02"]).ok();
    let two = ".engineering/artifacts/planning/2026-01-02-x/02-two-plan.md";
    let text = repo.read(two);
    let status_line = text
        .lines()
        .find(|l| l.starts_with("**Status:**"))
        .unwrap()
        .to_string();
    repo.write(two, text.replace(&status_line, "**Status:** Bogus"));
    repo.commit_all("a status nobody knows");
    let warned = |args: &[&str]| repo.plan(args).ok().stderr.contains("Bogus");
    assert!(warned(&["status"]));
    assert!(warned(&["status", "x/02"]));
    assert!(warned(&["status", "x"]));
    assert!(!warned(&["status", "x/01"]));
}

// ---------------------------------------------------------------- placeholders

/// `git plan add` without `--effort` (01) and with one (02), and `adr new`.
fn scaffolded() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo.plan(&[
        "add",
        "x",
        "Two",
        "--date",
        "2026-01-02",
        "--effort",
        "2-4h agentic + 1h review",
    ])
    .ok();
    repo.plan(&["adr", "new", "Use gix", "--date", "2026-01-02"])
        .ok();
    repo
}

#[test]
fn status_shows_no_estimate_for_the_templates_placeholder() {
    let repo = scaffolded();
    let out = repo.plan(&["status"]).ok().stdout;
    assert_eq!(
        line(&out, "01 "),
        "01 draft MEDIUM Phase 01: One criteria 0/3 not estimated"
    );
    assert_eq!(
        line(&out, "02 "),
        "02 draft MEDIUM Phase 02: Two criteria 0/3 2-4h agentic + 1h review"
    );
    assert!(!out.contains("X-Y"), "{out}");

    let json = repo.plan(&["status", "--json"]).ok().json();
    let wps = &json["initiatives"][0]["work_packages"];
    assert_eq!(wps[0]["id"], "2026-01-02-x/01");
    assert_eq!(wps[0]["effort"], Value::Null);
    assert_eq!(
        wps[0]["placeholders"],
        json!([{"key": "Estimated Effort", "placeholder": "X-Yh agentic + Zh review", "line": 6}])
    );
    assert_eq!(
        wps[1]["effort"],
        json!({
            "raw": "2-4h agentic + 1h review",
            "agentic": {"low": 2.0, "high": 4.0},
            "review": {"low": 1.0, "high": 1.0},
        })
    );
    assert!(wps[1].get("placeholders").is_none(), "{}", wps[1]);
}

#[test]
fn show_shows_no_estimate_and_no_deciders_for_the_templates_placeholders() {
    let repo = scaffolded();
    let out = repo.plan(&["show", "x/01"]).ok().stdout;
    assert_eq!(
        top_line(&out, "Effort:"),
        "Effort: not estimated (the template's `X-Yh agentic + Zh review`, line 6)"
    );
    assert_eq!(
        line(&out, "Estimated Effort:"),
        "Estimated Effort: none written (the template's `X-Yh agentic + Zh review`) line 6"
    );
    assert_eq!(top_line(&out, "Priority:"), "Priority: MEDIUM");
    let out = repo.plan(&["show", "x/02"]).ok().stdout;
    assert_eq!(
        top_line(&out, "Effort:"),
        "Effort: 2-4h agentic + 1h review"
    );
    assert_eq!(
        line(&out, "Estimated Effort:"),
        "Estimated Effort: 2-4h agentic + 1h review line 6"
    );
    let out = repo.plan(&["show", "adr-0001"]).ok().stdout;
    assert_eq!(
        line(&out, "Deciders:"),
        "Deciders: none written (the template's `[Names]`) line 5"
    );

    let json = repo.plan(&["show", "x/01", "--json"]).ok().json();
    assert_eq!(json["effort"], Value::Null);
    assert_eq!(
        json["placeholders"],
        json!([{"key": "Estimated Effort", "placeholder": "X-Yh agentic + Zh review", "line": 6}])
    );
    assert_eq!(
        json["fields"][3],
        json!({"key": "Estimated Effort", "value": null, "placeholder": "X-Yh agentic + Zh review", "line": 6, "origin": "header"})
    );
    let json = repo.plan(&["show", "x/02", "--json"]).ok().json();
    assert_eq!(json["effort"]["raw"], "2-4h agentic + 1h review");
    assert!(json.get("placeholders").is_none(), "{json}");
    assert_eq!(
        json["fields"][3],
        json!({"key": "Estimated Effort", "value": "2-4h agentic + 1h review", "line": 6, "origin": "header"})
    );
    let json = repo.plan(&["show", "adr-0001", "--json"]).ok().json();
    assert_eq!(
        json["fields"][2],
        json!({"key": "Deciders", "value": null, "placeholder": "[Names]", "line": 5, "origin": "header"})
    );
}

#[test]
fn a_placeholder_dependency_or_priority_is_no_value() {
    let repo = initialised_with(
        &[(
            format!("{ALPHA}/01-a-plan.md").as_str(),
            "# Phase 01: A\n\n**Status:** Draft\n**Priority:** [HIGH/MEDIUM/LOW]\n**Depends on:** [Phase N]\n",
        )],
        "plans",
    );
    let json = repo.plan(&["status", "--json"]).ok().json();
    let wp = &json["initiatives"][0]["work_packages"][0];
    assert_eq!(wp["priority"], Value::Null);
    assert_eq!(wp["depends_on"], json!([]));
    assert_eq!(
        wp["placeholders"],
        json!([
            {"key": "Priority", "placeholder": "[HIGH/MEDIUM/LOW]", "line": 4},
            {"key": "Depends on", "placeholder": "[Phase N]", "line": 5},
        ])
    );
    let out = repo.plan(&["show", "alpha/01"]).ok().stdout;
    assert_eq!(
        top_line(&out, "Priority:"),
        "Priority: none written (the template's `[HIGH/MEDIUM/LOW]`, line 4)"
    );
    assert!(!out.lines().any(|l| l.starts_with("Depends on:")), "{out}");
    assert_eq!(
        line(&out, "Depends on:"),
        "Depends on: none written (the template's `[Phase N]`) line 5"
    );
    let run = repo.plan(&["check"]);
    assert!(
        !run.stdout.contains("dangling-dependency"),
        "{}",
        run.stdout
    );
}

//! `git plan next` and `git plan graph` (issue 12): what can start now, and
//! the dependency graph with its critical path and cycles, in every format;
//! the Mermaid output checked by Mermaid's own parser and the Graphviz
//! output rendered by `dot` (each skipped with a `skipped:` line when the
//! renderer is missing, mandatory with `GIT_PLAN_REQUIRE_RENDERERS=1`, as
//! `.ci/run` sets); and one initiative of the real corpus, its expectations
//! read from its files.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{corpus_clone, initialised_with, skip_unless_required, two_work_packages};
use crate::common::{TestRepo, WP1, WP2};

const X: &str = ".engineering/artifacts/planning/2026-01-02-x";
const Y: &str = ".engineering/artifacts/planning/2026-01-03-y";
const C: &str = ".engineering/artifacts/planning/2026-01-04-c";

/// A work package: title, then its header lines (`Status`, `Priority`,
/// `Estimated Effort`, `Depends on`), the ones given.
fn plan(title: &str, status: &str, priority: &str, effort: &str, depends: &str) -> String {
    let mut text = format!("# {title}\n\n**Status:** {status}\n");
    for (key, value) in [
        ("Priority", priority),
        ("Estimated Effort", effort),
        ("Depends on", depends),
    ] {
        if !value.is_empty() {
            text.push_str(&format!("**{key}:** {value}\n"));
        }
    }
    text.push_str("\n## Overview\n\nWork.\n");
    text
}

/// Initiative `x`: its START-HERE.md's Priority Order puts 03 before 02;
/// 01 complete; 02 ready after 01; 03 ready without an estimate and a
/// title full of what Mermaid and Graphviz must escape; 04 ready but
/// waiting on 05 (in progress); 06 blocked; 07 draft after 02; 08 ready
/// after an accepted ADR, without a priority; 09 ready after 03, the
/// biggest estimate. Initiative `y`: 01 ready after `x/02` (another
/// initiative's).
fn roadmap() -> TestRepo {
    let start_here = "# X\n\n**Status:** Implementation\n\n## 🔥 Priority Order\n\n\
        1. 🟠 **MEDIUM:** Phase 3 - [Three](03-three-plan.md)\n\
        2. 🟠 **MEDIUM:** Phase 2 - [Two](02-two-plan.md)\n\n## Notes\n\n- Phase 1 came first.\n";
    let files = [
        (format!("{X}/START-HERE.md"), start_here.to_string()),
        (
            format!("{X}/01-one-plan.md"),
            plan("One", "Complete", "HIGH", "2-4h agentic + 1h review", ""),
        ),
        (
            format!("{X}/02-two-plan.md"),
            plan("Two", "Ready", "MEDIUM", "1-2h agentic + 0.5h review", "01"),
        ),
        (
            format!("{X}/03-three-plan.md"),
            plan(
                "Three \"quoted\" [b] #1 <i>&amp; ünï ✅ `x` {y} a\\b",
                "Ready",
                "MEDIUM",
                "X-Yh agentic + Zh review",
                "",
            ),
        ),
        (
            format!("{X}/04-four-plan.md"),
            plan("Four", "Ready", "HIGH", "1h agentic", "05"),
        ),
        (
            format!("{X}/05-five-plan.md"),
            plan("Five", "In Progress", "LOW", "3h agentic + 1h review", ""),
        ),
        (
            format!("{X}/06-six-plan.md"),
            plan("Six", "Blocked", "LOW", "", ""),
        ),
        (
            format!("{X}/07-seven-plan.md"),
            plan("Seven", "Draft", "LOW", "2h agentic + 1h review", "02"),
        ),
        (
            format!("{X}/08-eight-plan.md"),
            plan("Eight", "Ready", "", "", "adr-0001"),
        ),
        (
            format!("{X}/09-nine-plan.md"),
            plan("Nine", "Ready", "LOW", "10h agentic + 1h review", "03"),
        ),
        (
            format!("{Y}/START-HERE.md"),
            "# Y\n\n**Status:** Implementation\n".to_string(),
        ),
        (
            format!("{Y}/01-y-one-plan.md"),
            plan(
                "Y one",
                "Ready",
                "HIGH",
                "4h agentic + 1h review",
                "2026-01-02-x/02",
            ),
        ),
        (
            ".engineering/artifacts/adr/0001-use-git.md".to_string(),
            "# 1. Use git\n\n**Status:** Accepted\n".to_string(),
        ),
    ];
    committed(&files, "the roadmap")
}

/// Initiative `c`: 01 and 02 depend on each other, 03 on 01, 04 stands
/// alone with an estimate.
fn cycle() -> TestRepo {
    let files = [
        (
            format!("{C}/01-a-plan.md"),
            plan("A", "Ready", "HIGH", "1h agentic", "02"),
        ),
        (
            format!("{C}/02-b-plan.md"),
            plan("B", "Ready", "HIGH", "1h agentic", "01"),
        ),
        (
            format!("{C}/03-c-plan.md"),
            plan("C", "Ready", "HIGH", "1h agentic", "01"),
        ),
        (
            format!("{C}/04-d-plan.md"),
            plan("D", "Ready", "LOW", "2h agentic + 1h review", ""),
        ),
    ];
    committed(&files, "a cycle")
}

/// [`initialised_with`] for owned paths and texts.
fn committed(files: &[(String, String)], message: &str) -> TestRepo {
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    initialised_with(&files, message)
}

/// stdout of a run that must succeed with nothing on stderr.
#[track_caller]
fn stdout(repo: &TestRepo, args: &[&str]) -> String {
    let run = repo.plan(args).ok();
    assert_eq!(run.stderr, "", "stderr of {args:?}");
    run.stdout
}

fn ids(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect()
}

#[test]
fn next_lists_what_can_start_in_priority_then_plan_order() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(&repo, &["next"]), @r#"
    Ready to start:
      2026-01-02-x/03  MEDIUM       Three "quoted" [b] #1 & ünï ✅ x {y} a\b
          ready; no dependencies
          unblocks 09
      2026-01-02-x/02  MEDIUM       Two  1-2h agentic + 0.5h review
          ready; depends on 01 (complete)
          unblocks 07, 2026-01-03-y/01
      2026-01-02-x/08  -            Eight
          ready; depends on adr-0001 (accepted)
    "#);
    // One initiative: its work packages named by number.
    insta::assert_snapshot!(stdout(&repo, &["next", "x"]), @r#"
    Ready to start in 2026-01-02-x:
      03  MEDIUM       Three "quoted" [b] #1 & ünï ✅ x {y} a\b
          ready; no dependencies
          unblocks 09
      02  MEDIUM       Two  1-2h agentic + 0.5h review
          ready; depends on 01 (complete)
          unblocks 07, 2026-01-03-y/01
      08  -            Eight
          ready; depends on adr-0001 (accepted)
    "#);
}

#[test]
fn next_all_lists_what_waits_and_on_what() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(&repo, &["next", "--all"]), @r#"
    Ready to start:
      2026-01-02-x/03  MEDIUM       Three "quoted" [b] #1 & ünï ✅ x {y} a\b
          ready; no dependencies
          unblocks 09
      2026-01-02-x/02  MEDIUM       Two  1-2h agentic + 0.5h review
          ready; depends on 01 (complete)
          unblocks 07, 2026-01-03-y/01
      2026-01-02-x/08  -            Eight
          ready; depends on adr-0001 (accepted)

    Waiting on dependencies:
      2026-01-03-y/01  HIGH         Y one  4h agentic + 1h review
          waits on 2026-01-02-x/02 (ready)
      2026-01-02-x/04  HIGH         Four  1h agentic
          waits on 05 (in-progress)
      2026-01-02-x/09  LOW          Nine  10h agentic + 1h review
          waits on 03 (ready)

    In progress:
      2026-01-02-x/05  LOW          Five  3h agentic + 1h review
          in progress
          unblocks 04

    Blocked:
      2026-01-02-x/06  LOW          Six
          blocked

    Not ready:
      2026-01-02-x/07  LOW          Seven  2h agentic + 1h review
          draft; waits on 02 (ready)
    "#);
}

#[test]
fn next_json() {
    let repo = roadmap();
    let json = repo.plan(&["next", "--json"]).ok().json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["initiative"], serde_json::Value::Null);
    // MEDIUM before none; within MEDIUM, x's Priority Order (03, then 02).
    assert_eq!(
        ids(&json["ready"]),
        ["2026-01-02-x/03", "2026-01-02-x/02", "2026-01-02-x/08"]
    );
    assert_eq!(json["ready"][1]["why"], "ready; depends on 01 (complete)");
    // 02 unblocks 07 in its initiative and y/01 in another.
    assert_eq!(
        json["ready"][1]["unblocks"],
        serde_json::json!(["07", "2026-01-03-y/01"])
    );
    assert_eq!(
        json["ready"][2]["why"],
        "ready; depends on adr-0001 (accepted)"
    );
    assert_eq!(json["ready"][2]["depends_on"][0]["done"], true);
    // HIGH first, then by number (neither is in a Priority Order): y/01,
    // then x/04; LOW x/09 last.
    // Without --all, nothing else.
    assert!(json.get("waiting").unwrap().as_array().unwrap().is_empty());
    assert_eq!(json["nothing_ready"], serde_json::Value::Null);

    let json = repo.plan(&["next", "--all", "--json"]).ok().json();
    assert_eq!(
        ids(&json["waiting"]),
        ["2026-01-03-y/01", "2026-01-02-x/04", "2026-01-02-x/09"]
    );
    let four = &json["waiting"][1];
    assert_eq!(four["why"], "waits on 05 (in-progress)");
    assert_eq!(four["depends_on"][0]["state"], "in-progress");
    assert_eq!(four["depends_on"][0]["done"], false);
    assert_eq!(ids(&json["in_progress"]), ["2026-01-02-x/05"]);
    assert_eq!(ids(&json["blocked"]), ["2026-01-02-x/06"]);
    assert_eq!(ids(&json["not_ready"]), ["2026-01-02-x/07"]);
    // Complete work packages are not listed at all.
    for list in ["ready", "waiting", "in_progress", "blocked", "not_ready"] {
        assert!(!ids(&json[list]).contains(&"2026-01-02-x/01"), "{list}");
    }
}

#[test]
fn next_says_plainly_why_nothing_is_ready_and_exits_0() {
    let repo = two_work_packages();
    for (path, from, to) in [(WP1, "Draft", "In Progress"), (WP2, "Draft", "Ready")] {
        crate::common::edit(
            &repo,
            path,
            &format!("**Status:** {from}"),
            &format!("**Status:** {to}"),
        );
    }
    let run = repo.plan(&["next", "x"]).ok();
    assert_eq!(
        run.stdout,
        "nothing is ready: 02 waits on 01 (in-progress); 01 is in progress\n"
    );
    // Nothing at all to do: said so too.
    let empty = TestRepo::initialised();
    let run = empty.plan(&["next"]).ok();
    assert_eq!(
        run.stdout,
        "nothing is ready: no work package is left to do\n"
    );
}

#[test]
fn next_refuses_an_unknown_initiative_and_a_work_package() {
    let repo = roadmap();
    let run = repo.plan(&["next", "nothing-like-it"]).fails(1);
    assert_eq!(
        repo_errors(&run.stderr),
        ["Error: no plan document or initiative matches `nothing-like-it`"]
    );
    let run = repo.plan(&["next", "x/02"]).fails(1);
    assert_eq!(
        repo_errors(&run.stderr),
        ["Error: `x/02` is 2026-01-02-x/02, not an initiative"]
    );
    assert!(
        run.stderr.contains("Run `git plan next 2026-01-02-x`"),
        "{}",
        run.stderr
    );
    // A document standing for an initiative means that initiative.
    let json = repo
        .plan(&["next", "x/START-HERE.md", "--json"])
        .ok()
        .json();
    assert_eq!(json["initiative"], "2026-01-02-x");
    repo.plan(&["next", "--bogus"]).fails(2);
}

fn repo_errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("Error:")).collect()
}

#[test]
fn graph_text_marks_the_critical_path_and_names_unknown_efforts() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(&repo, &["graph"]), @r#"
    Dependency graph: 11 nodes, 6 edges
      adr-0001         accepted      1. Use git
      2026-01-02-x/01  complete      One  (5h)
      2026-01-02-x/02  ready         Two  (2.5h)
          needs 2026-01-02-x/01
    * 2026-01-02-x/03  ready         Three "quoted" [b] #1 & ünï ✅ x {y} a\b  (no estimate)
      2026-01-02-x/04  ready         Four  (1h)
          needs 2026-01-02-x/05
      2026-01-02-x/05  in-progress   Five  (4h)
      2026-01-02-x/06  blocked       Six  (no estimate)
      2026-01-02-x/07  draft         Seven  (3h)
          needs 2026-01-02-x/02
      2026-01-02-x/08  ready         Eight  (no estimate)
          needs adr-0001
    * 2026-01-02-x/09  ready         Nine  (11h)
          needs 2026-01-02-x/03
      2026-01-03-y/01  ready         Y one  (5h)
          needs 2026-01-02-x/02

    * critical path: 2026-01-02-x/03 -> 2026-01-02-x/09, 11h (a lower bound: 2026-01-02-x/03 has no estimate)
    2026-01-02-x/03 has no estimate; 2026-01-02-x/06 has no estimate; 2026-01-02-x/08 has no estimate
    "#);
}

#[test]
fn graph_of_an_initiative_and_of_a_work_package() {
    let repo = roadmap();
    // y's work package and, across initiatives, what it depends on.
    insta::assert_snapshot!(stdout(&repo, &["graph", "2026-01-03-y"]), @"
    Dependency graph: 2 nodes, 1 edge
    * 2026-01-02-x/02  ready         Two  (2.5h)
    * 2026-01-03-y/01  ready         Y one  (5h)
          needs 2026-01-02-x/02

    * critical path: 2026-01-02-x/02 -> 2026-01-03-y/01, 7.5h
    ");
    // 07's neighbourhood: what it needs, transitively; nothing needs it.
    let json = repo
        .plan(&["graph", "x/07", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        ids(&json["nodes"]),
        ["2026-01-02-x/01", "2026-01-02-x/02", "2026-01-02-x/07"]
    );
    // 01 is complete: the path is 02 then 07, 2.5h + 3h.
    assert_eq!(
        json["critical_path"]["nodes"],
        serde_json::json!(["2026-01-02-x/02", "2026-01-02-x/07"])
    );
    assert_eq!(json["critical_path"]["hours"], 5.5);
    assert_eq!(json["critical_path"]["lower_bound"], false);
    // 02's neighbourhood takes its dependents too (in y as well).
    let json = repo
        .plan(&["graph", "x/02", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        ids(&json["nodes"]),
        [
            "2026-01-02-x/01",
            "2026-01-02-x/02",
            "2026-01-02-x/07",
            "2026-01-03-y/01"
        ]
    );
}

#[test]
fn graph_json() {
    let repo = roadmap();
    let json = repo.plan(&["graph", "--format", "json"]).ok().json();
    assert_eq!(json["version"], 2);
    for key in [
        "nodes",
        "edges",
        "critical_path",
        "cycles",
        "unknown_effort",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    // The ADR a work package depends on is a node.
    let adr = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "adr-0001")
        .unwrap();
    assert_eq!(adr["state"], "accepted");
    assert_eq!(adr["kind"], "adr");
    // Edges run from the dependency to what it unblocks.
    let edges: Vec<(String, String, bool)> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
                e["critical"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(edges.contains(&("2026-01-02-x/03".into(), "2026-01-02-x/09".into(), true)));
    assert!(edges.contains(&("2026-01-02-x/02".into(), "2026-01-03-y/01".into(), false)));
    // 03 then 09: 0h (no estimate) + 11h; a lower bound.
    let path = &json["critical_path"];
    assert_eq!(
        path["nodes"],
        serde_json::json!(["2026-01-02-x/03", "2026-01-02-x/09"])
    );
    assert_eq!(path["hours"], 11.0);
    assert_eq!(path["lower_bound"], true);
    assert_eq!(
        path["unknown_effort"],
        serde_json::json!(["2026-01-02-x/03"])
    );
    // Every work package ahead without an estimate (01 is complete).
    assert_eq!(
        json["unknown_effort"],
        serde_json::json!(["2026-01-02-x/03", "2026-01-02-x/06", "2026-01-02-x/08"])
    );
    assert_eq!(json["cycles"], serde_json::json!([]));
}

#[test]
fn graph_draws_cycles_and_reports_them_as_check_does() {
    let repo = cycle();
    let text = stdout(&repo, &["graph"]);
    insta::assert_snapshot!(text, @"
    Dependency graph: 4 nodes, 3 edges
      01  ready         A  (1h)
          needs 02
      02  ready         B  (1h)
          needs 01
      03  ready         C  (1h)
          needs 01
    * 04  ready         D  (3h)

    * critical path: 04, 3h; cannot be computed through a cycle: 01, 02, 03 left out
    cycle: dependency cycle: 2026-01-04-c/01 -> 2026-01-04-c/02 -> 2026-01-04-c/01
    ");
    // The same wording as the dependency-cycle rule.
    let check = repo.plan(&["check"]).fails(1);
    let message = "dependency cycle: 2026-01-04-c/01 -> 2026-01-04-c/02 -> 2026-01-04-c/01";
    assert!(check.stdout.contains(message), "{}", check.stdout);
    assert!(text.contains(message), "{text}");
    let json = repo.plan(&["graph", "--format", "json"]).ok().json();
    assert_eq!(json["cycles"][0]["message"], message);
    assert_eq!(
        crate::common::at(&json["cycles"][0]["at"]),
        "artifacts/planning/2026-01-04-c/01-a-plan.md:6"
    );
    // The edges of the cycle are kept.
    let in_cycle = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["in_cycle"] == true)
        .count();
    assert_eq!(in_cycle, 2);
    assert_eq!(
        json["critical_path"]["through_cycle"],
        serde_json::json!(["2026-01-04-c/01", "2026-01-04-c/02", "2026-01-04-c/03"])
    );
    assert_eq!(
        json["critical_path"]["nodes"],
        serde_json::json!(["2026-01-04-c/04"])
    );
    // Mermaid and Graphviz draw it.
    let mermaid = stdout(&repo, &["graph", "--format", "mermaid"]);
    assert!(
        mermaid.contains("n0 --> n1") && mermaid.contains("n1 --> n0"),
        "{mermaid}"
    );
    check_mermaid(&repo, &mermaid);
    check_dot(&repo, &stdout(&repo, &["graph", "--format", "dot"]));
}

#[test]
fn graph_mermaid() {
    let repo = roadmap();
    let out = stdout(&repo, &["graph", "x", "--format", "mermaid"]);
    insta::assert_snapshot!(out, @r#"
    flowchart LR
      n0["adr-0001: 1. Use git (accepted)"]:::state_accepted
      n1["2026-01-02-x/01: One (complete, 5h)"]:::state_complete
      n2["2026-01-02-x/02: Two (ready, 2.5h)"]:::state_ready
      n3["2026-01-02-x/03: Three #quot;quoted#quot; [b] #35;1 #amp; ünï ✅ x {y} a\b (ready, no estimate)"]:::state_ready
      n4["2026-01-02-x/04: Four (ready, 1h)"]:::state_ready
      n5["2026-01-02-x/05: Five (in-progress, 4h)"]:::state_in_progress
      n6["2026-01-02-x/06: Six (blocked, no estimate)"]:::state_blocked
      n7["2026-01-02-x/07: Seven (draft, 3h)"]:::state_draft
      n8["2026-01-02-x/08: Eight (ready, no estimate)"]:::state_ready
      n9["2026-01-02-x/09: Nine (ready, 11h)"]:::state_ready
      n10["2026-01-03-y/01: Y one (ready, 5h)"]:::state_ready
      n1 --> n2
      n5 --> n4
      n2 --> n7
      n0 --> n8
      n3 --> n9
      n2 --> n10
      classDef state_accepted fill:#c8e6c9,stroke:#616161,color:#212121
      classDef state_blocked fill:#ffcdd2,stroke:#616161,color:#212121
      classDef state_complete fill:#c8e6c9,stroke:#616161,color:#212121
      classDef state_draft fill:#f5f5f5,stroke:#616161,color:#212121
      classDef state_in_progress fill:#bbdefb,stroke:#616161,color:#212121
      classDef state_ready fill:#fff9c4,stroke:#616161,color:#212121
      classDef critical stroke:#d32f2f,stroke-width:3px
      class n3,n9 critical
      linkStyle 4 stroke:#d32f2f,stroke-width:3px
      %% critical path: 2026-01-02-x/03 -> 2026-01-02-x/09, 11h (a lower bound: 2026-01-02-x/03 has no estimate)
    "#);
    check_mermaid(&repo, &out);
    check_mermaid(&repo, &stdout(&repo, &["graph", "--format", "mermaid"]));
    // An empty graph is a valid chart too.
    let empty = TestRepo::initialised();
    check_mermaid(&empty, &stdout(&empty, &["graph", "--format", "mermaid"]));
}

#[test]
fn graph_dot() {
    let repo = roadmap();
    let out = stdout(&repo, &["graph", "x", "--format", "dot"]);
    insta::assert_snapshot!(out, @r##"
    digraph plan {
      rankdir=LR;
      node [shape=box, style="rounded,filled", fontname="Helvetica"];
      label="critical path: 2026-01-02-x/03 -> 2026-01-02-x/09, 11h (a lower bound: 2026-01-02-x/03 has no estimate)";
      "adr-0001" [label="adr-0001: 1. Use git (accepted)", fillcolor="#c8e6c9"];
      "2026-01-02-x/01" [label="2026-01-02-x/01: One (complete, 5h)", fillcolor="#c8e6c9"];
      "2026-01-02-x/02" [label="2026-01-02-x/02: Two (ready, 2.5h)", fillcolor="#fff9c4"];
      "2026-01-02-x/03" [label="2026-01-02-x/03: Three \"quoted\" [b] #1 & ünï ✅ x {y} a\\b (ready, no estimate)", fillcolor="#fff9c4", color="#d32f2f", penwidth=3, style="rounded,filled,bold"];
      "2026-01-02-x/04" [label="2026-01-02-x/04: Four (ready, 1h)", fillcolor="#fff9c4"];
      "2026-01-02-x/05" [label="2026-01-02-x/05: Five (in-progress, 4h)", fillcolor="#bbdefb"];
      "2026-01-02-x/06" [label="2026-01-02-x/06: Six (blocked, no estimate)", fillcolor="#ffcdd2"];
      "2026-01-02-x/07" [label="2026-01-02-x/07: Seven (draft, 3h)", fillcolor="#f5f5f5"];
      "2026-01-02-x/08" [label="2026-01-02-x/08: Eight (ready, no estimate)", fillcolor="#fff9c4"];
      "2026-01-02-x/09" [label="2026-01-02-x/09: Nine (ready, 11h)", fillcolor="#fff9c4", color="#d32f2f", penwidth=3, style="rounded,filled,bold"];
      "2026-01-03-y/01" [label="2026-01-03-y/01: Y one (ready, 5h)", fillcolor="#fff9c4"];
      "2026-01-02-x/01" -> "2026-01-02-x/02";
      "2026-01-02-x/05" -> "2026-01-02-x/04";
      "2026-01-02-x/02" -> "2026-01-02-x/07";
      "adr-0001" -> "2026-01-02-x/08";
      "2026-01-02-x/03" -> "2026-01-02-x/09" [color="#d32f2f", penwidth=3];
      "2026-01-02-x/02" -> "2026-01-03-y/01";
    }
    "##);
    check_dot(&repo, &out);
    check_dot(&repo, &stdout(&repo, &["graph", "--format", "dot"]));
    let empty = TestRepo::initialised();
    check_dot(&empty, &stdout(&empty, &["graph", "--format", "dot"]));
}

#[test]
fn graph_refuses_an_unknown_id_and_format() {
    let repo = roadmap();
    let run = repo.plan(&["graph", "nothing-like-it"]).fails(1);
    assert_eq!(
        repo_errors(&run.stderr),
        ["Error: no plan document or initiative matches `nothing-like-it`"]
    );
    let run = repo.plan(&["graph", "--format", "svg"]).fails(2);
    assert!(run.stderr.contains("invalid value 'svg'"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

/// The directory holding `node_modules/mermaid` and `node_modules/jsdom`:
/// `GIT_PLAN_MERMAID`, or tests/tools/ when they are installed there.
fn mermaid_dir() -> Option<PathBuf> {
    let candidates = std::env::var_os("GIT_PLAN_MERMAID")
        .map(PathBuf::from)
        .into_iter()
        .chain([Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools")]);
    for dir in candidates {
        let modules = dir.join("node_modules");
        if modules.join("mermaid").is_dir() && modules.join("jsdom").is_dir() {
            return Some(dir);
        }
    }
    None
}

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Mermaid's own parser accepts `chart` (tests/tools/mermaid-parse.mjs).
#[track_caller]
fn check_mermaid(repo: &TestRepo, chart: &str) {
    let Some(dir) = mermaid_dir().filter(|_| found("node")) else {
        skip_unless_required(
            "GIT_PLAN_REQUIRE_RENDERERS",
            "node with the mermaid and jsdom packages not found (GIT_PLAN_MERMAID)",
        );
        return;
    };
    let file = repo.home().join("graph.mmd");
    std::fs::write(&file, chart).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/mermaid-parse.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(&file)
        .env("GIT_PLAN_MERMAID", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "Mermaid rejects the chart: {}\n{chart}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Graphviz renders `graph` to SVG without an error or a warning.
#[track_caller]
fn check_dot(repo: &TestRepo, graph: &str) {
    if !Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        skip_unless_required("GIT_PLAN_REQUIRE_RENDERERS", "Graphviz's dot not found");
        return;
    }
    let file = repo.home().join("graph.dot");
    std::fs::write(&file, graph).unwrap();
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "dot -Tsvg: {stderr}\n{graph}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

/// The concept-rag corpus's `2025-11-23-integrated-roadmap`, as a person
/// reads its files (the engineering branch's `artifacts/planning/
/// 2025-11-23-integrated-roadmap/`):
///
/// - 03-observability-plan.md:4-6: `**Priority:** HIGH (Critical Gap)`,
///   `**Status:** Ready for Implementation`, `**Estimated Effort:** 3-4h
///   agentic + 1-1.5h review`;
/// - 04-result-types-plan.md:4-6: MEDIUM-HIGH, Ready for Implementation,
///   2.5-3.5h agentic + 1h review;
/// - 05-caching-strategy-plan.md:4-6: HIGH, Ready for Implementation,
///   3-4h agentic + 1h review;
/// - 06-resilience-patterns-plan.md:4-6: MEDIUM-HIGH, Ready for
///   Implementation, 3-4h agentic + 1h review;
/// - 07-database-optimization-plan.md:4-6: MEDIUM, Ready for
///   Implementation, 2.5-3.5h agentic + 1h review;
/// - 08-api-design-patterns-plan.md:4-6: LOW-MEDIUM, Ready for
///   Implementation, 2-3h agentic + 1h review.
///
/// Dependencies: START-HERE.md:314-321, the Roadmap Timeline table, says
/// phases 2-5 (04-07) depend on Phase 1 (03) and Phase 6 (08) on Phase 2
/// (04); but none of the six plans states a dependency of its own (no
/// `Depends on` field, no link under a Dependencies heading: each plan's
/// `## Dependencies` section, e.g. 03-observability-plan.md:1525-1534,
/// names only libraries and refactorings in prose). git plan reads a work
/// package's dependencies from the work package, so it sees none here, and
/// every one of the six is ready now. README.md:49-56, the Priority Order,
/// names the six by title only (no link, number or `Phase N`), so number
/// order stands within a priority. The critical path is one work package:
/// 03's 4h + 1.5h = 5.5h is the largest upper bound (05 and 06 are 5h).
#[test]
fn corpus_integrated_roadmap_next_and_graph() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    const INIT: &str = "2025-11-23-integrated-roadmap";
    let json = repo.plan(&["next", INIT, "--all", "--json"]).ok().json();
    let ready: Vec<&str> = ids(&json["ready"]);
    let id = |n: &str| format!("{INIT}/{n}");
    // HIGH (03, 05), MEDIUM-HIGH (04, 06), MEDIUM (07), LOW-MEDIUM (08).
    assert_eq!(
        ready,
        [id("03"), id("05"), id("04"), id("06"), id("07"), id("08")]
    );
    for item in json["ready"].as_array().unwrap() {
        assert_eq!(item["why"], "ready; no dependencies", "{item}");
    }
    for list in ["waiting", "in_progress", "blocked", "not_ready"] {
        assert_eq!(json[list], serde_json::json!([]), "{list}");
    }
    let graph = repo.plan(&["graph", INIT, "--format", "json"]).ok().json();
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 6);
    assert_eq!(graph["edges"], serde_json::json!([]));
    assert_eq!(
        graph["critical_path"]["nodes"],
        serde_json::json!([id("03")])
    );
    assert_eq!(graph["critical_path"]["hours"], 5.5);
    assert_eq!(graph["unknown_effort"], serde_json::json!([]));
    // The whole corpus: every format runs.
    for format in ["text", "mermaid", "dot", "json"] {
        repo.plan(&["graph", "--format", format]).ok();
    }
    repo.plan(&["next", "--all"]).ok();
    check_mermaid(
        &repo,
        &repo.plan(&["graph", "--format", "mermaid"]).ok().stdout,
    );
    check_dot(&repo, &repo.plan(&["graph", "--format", "dot"]).ok().stdout);
}

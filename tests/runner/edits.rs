//! The edits beyond status, end to end: `set priority=`/`effort=`,
//! `tick`/`untick`, `depend`, `add`'s numbering across branches and
//! remotes, `renumber`; the bytes each writes, the commit message and its
//! trailers, the user's other work left alone, and every refusal leaving
//! the repository as it was.

use crate::common::{diverge, strings, two_work_packages, Run, TestRepo, INITIATIVE, WP1, WP2};

/// `git log -1 --format=%B`.
fn message(repo: &TestRepo) -> String {
    repo.git(&["log", "-1", "--format=%B"])
}

/// The last commit's diff of the plan files, without its index lines (whose
/// blob ids say nothing a reader checks).
fn last_diff(repo: &TestRepo) -> String {
    repo.git(&["show", "-M", "--format=", "HEAD"])
        .lines()
        .filter(|l| !l.starts_with("index "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The repository as a refusal must leave it: HEAD, status, index, bytes.
struct Unchanged {
    head: String,
    porcelain: String,
    cached: String,
    files: Vec<(String, Option<Vec<u8>>)>,
}

impl Unchanged {
    fn take(repo: &TestRepo, files: &[&str]) -> Unchanged {
        Unchanged {
            head: repo.head(),
            porcelain: repo.porcelain(),
            cached: repo.git(&["diff", "--cached", "--binary"]),
            files: files
                .iter()
                .map(|f| (f.to_string(), std::fs::read(repo.path().join(f)).ok()))
                .collect(),
        }
    }

    #[track_caller]
    fn check(&self, repo: &TestRepo) {
        assert_eq!(repo.head(), self.head, "HEAD moved");
        assert_eq!(repo.porcelain(), self.porcelain, "git status changed");
        assert_eq!(
            repo.git(&["diff", "--cached", "--binary"]),
            self.cached,
            "the index changed"
        );
        for (f, bytes) in &self.files {
            assert_eq!(
                &std::fs::read(repo.path().join(f)).ok(),
                bytes,
                "{f} changed"
            );
        }
    }
}

/// The one `Error:` line and the `Hint:` lines of a refusal.
fn refusal(run: &Run) -> String {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("Error: ") || l.starts_with("Hint: "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A dirty unrelated file and a staged unrelated file, which every edit
/// must leave as they are.
fn unrelated_work(repo: &TestRepo) {
    repo.write("README.md", "# Project\n\nunsaved notes\n");
    repo.write("staged.txt", "staged\n");
    repo.git(&["add", "staged.txt"]);
}

#[track_caller]
fn assert_unrelated_work_kept(repo: &TestRepo) {
    assert_eq!(repo.read("README.md"), "# Project\n\nunsaved notes\n");
    assert_eq!(repo.porcelain(), " M README.md\nA  staged.txt\n");
}

// ---------------------------------------------------------------------------
// set priority= / effort=

#[test]
fn set_priority_and_effort_replace_only_their_values_in_one_commit() {
    let repo = two_work_packages();
    unrelated_work(&repo);
    let commits = repo.commit_count();
    let run = repo
        .plan(&[
            "set",
            "x/01",
            "priority=high (blocks 02)",
            "effort=2-4h agentic + 1h review",
        ])
        .ok();
    insta::assert_snapshot!(run.stdout, @"
    2026-01-02-x/01: priority=HIGH (blocks 02), effort=2-4h agentic + 1h review
      .engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    Committed 0eb80e4c2f3a plan(2026-01-02-x/01): set priority=HIGH (blocks 02), effort=2-4h agentic + 1h review
    ");
    assert_eq!(repo.commit_count(), commits + 1);
    insta::assert_snapshot!(message(&repo), @"
    plan(2026-01-02-x/01): set priority=HIGH (blocks 02), effort=2-4h agentic + 1h review

    Plan-Id: 2026-01-02-x/01
    Plan-Set: priority=HIGH (blocks 02)
    Plan-Set: effort=2-4h agentic + 1h review
    ");
    insta::assert_snapshot!(last_diff(&repo), @"
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md b/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    @@ -1,9 +1,9 @@
     # Phase 01: One
     
     **Date:** 2026-01-02
    -**Priority:** MEDIUM
    +**Priority:** HIGH (blocks 02)
     **Status:** Draft
    -**Estimated Effort:** X-Yh agentic + Zh review
    +**Estimated Effort:** 2-4h agentic + 1h review
     **Depends on:** None
     
     ---
    ");
    assert_unrelated_work_kept(&repo);
    // The same values again: nothing to commit, exit 0.
    let run = repo
        .plan(&["set", "x/01", "priority=HIGH (blocks 02)"])
        .ok();
    assert_eq!(
        run.stdout,
        "2026-01-02-x/01: already set; nothing to commit\n"
    );
    assert_eq!(repo.commit_count(), commits + 1);
}

#[test]
fn set_adds_a_missing_field_in_the_style_of_the_header() {
    let header = format!("{INITIATIVE}/01-header-plan.md");
    let table = format!("{INITIATIVE}/02-table-plan.md");
    let quote = format!("{INITIATIVE}/03-quote-plan.md");
    let repo = crate::common::initialised_with(
        &[
            (&format!("{INITIATIVE}/README.md"), "# X\n\n**Status:** In Progress\n"),
            (
                &header,
                "# Phase 01: Header\r\n\r\n**Date:** 2026-01-02  \r\n**Status:** Draft  \r\n\r\n## Overview\r\n\r\nText.\r\n",
            ),
            (
                &table,
                "# Phase 02: Table\n\n| Field | Value |\n|---|---|\n| **Status** | Draft |\n| **Date** | 2026-01-02 |\n\n## Overview\n",
            ),
            (
                &quote,
                "# Phase 03: Quote\n\n> Plan · **Status:** Draft · **Date:** 2026-01-02\n\n## Overview\n",
            ),
        ],
        "plans",
    );
    for (id, file) in [("x/01", &header), ("x/02", &table), ("x/03", &quote)] {
        repo.plan(&["set", id, "priority=low", "effort=small"]).ok();
        assert_eq!(repo.commit_paths("HEAD"), [file.as_str()]);
    }
    insta::assert_snapshot!(repo.read(&header).replace('\r', "␍"), @"
    # Phase 01: Header␍
    ␍
    **Date:** 2026-01-02  ␍
    **Status:** Draft  ␍
    **Priority:** LOW  ␍
    **Estimated Effort:** small  ␍
    ␍
    ## Overview␍
    ␍
    Text.␍
    ");
    insta::assert_snapshot!(repo.read(&table), @"
    # Phase 02: Table

    | Field | Value |
    |---|---|
    | **Status** | Draft |
    | **Date** | 2026-01-02 |
    | **Priority** | LOW |
    | **Estimated Effort** | small |

    ## Overview
    ");
    insta::assert_snapshot!(repo.read(&quote), @"
    # Phase 03: Quote

    > Plan · **Status:** Draft · **Date:** 2026-01-02 · **Priority:** LOW · **Estimated Effort:** small

    ## Overview
    ");
    // Each reads back.
    let json = repo.plan(&["show", "x/02", "--json"]).ok().json();
    assert_eq!(json["priority"]["level"], "low");
    assert_eq!(json["effort"]["size"], "small");
    let json = repo.plan(&["show", "x/03", "--json"]).ok().json();
    assert_eq!(json["priority"]["level"], "low");
}

#[test]
fn set_status_and_priority_make_one_commit_with_both_trailers() {
    let repo = two_work_packages();
    let run = repo
        .plan(&["set", "x/01", "status=deferred", "priority=LOW"])
        .ok();
    insta::assert_snapshot!(run.stdout, @"
    2026-01-02-x/01: draft -> deferred, priority=LOW
      .engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    Committed 050da948d9ee plan(2026-01-02-x/01): draft -> deferred
    ");
    insta::assert_snapshot!(message(&repo), @"
    plan(2026-01-02-x/01): draft -> deferred

    Plan-Id: 2026-01-02-x/01
    Plan-Transition: draft -> deferred
    Plan-Set: priority=LOW
    ");
    insta::assert_snapshot!(last_diff(&repo), @"
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md b/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    @@ -1,8 +1,8 @@
     # Phase 01: One
     
     **Date:** 2026-01-02
    -**Priority:** MEDIUM
    -**Status:** Draft
    +**Priority:** LOW
    +**Status:** Deferred
     **Estimated Effort:** X-Yh agentic + Zh review
     **Depends on:** None
    ");
}

#[test]
fn set_refuses_unknown_fields_bad_priorities_and_placeholder_efforts() {
    let repo = two_work_packages();
    let unchanged = Unchanged::take(&repo, &[WP1]);
    let run = repo.plan(&["set", "x/01", "labels=ui"]).fails(2);
    insta::assert_snapshot!(refusal(&run), @"
    Error: `labels` cannot be set; `git plan set` sets status, priority and effort
    Hint: Set status, priority or effort; edit other fields by hand.
    ");
    let run = repo.plan(&["set", "x/01", "priority=soonish"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"Error: `soonish` is not a priority: use HIGH, MEDIUM or LOW, optionally with a reason in parentheses");
    let run = repo
        .plan(&["set", "x/01", "effort=X-Yh agentic + Zh review"])
        .fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: `X-Yh agentic + Zh review` is the template's placeholder, not an effort estimate
    Hint: Write hours as `2-4h agentic + 1h review`, or a size: small, medium, large.
    ");
    let run = repo.plan(&["set", "x/01", "effort=soon"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: `soon` is not an effort estimate such as `2-4h agentic + 1h review`
    Hint: Write hours as `2-4h agentic + 1h review`, or a size: small, medium, large.
    ");
    // A bad value with a good one: nothing is written.
    repo.plan(&["set", "x/01", "priority=HIGH", "effort=soon"])
        .fails(1);
    unchanged.check(&repo);
}

#[test]
fn set_no_commit_writes_the_file_only() {
    let repo = two_work_packages();
    let head = repo.head();
    let run = repo
        .plan(&["set", "x/01", "priority=HIGH", "--no-commit"])
        .ok();
    assert!(
        run.stdout.ends_with("Not committed (--no-commit).\n"),
        "{}",
        run.stdout
    );
    assert_eq!(repo.head(), head);
    assert!(repo.read(WP1).contains("\n**Priority:** HIGH\n"));
    assert_eq!(repo.porcelain(), format!(" M {WP1}\n"));
}

// ---------------------------------------------------------------------------
// tick / untick

/// Two work packages, 01's criteria filled in and committed.
fn with_criteria() -> TestRepo {
    let repo = two_work_packages();
    crate::common::fill_sections(&repo, WP1);
    repo.commit_all("fill in 01");
    repo
}

#[test]
fn tick_by_number_and_by_text_changes_one_byte() {
    let repo = with_criteria();
    unrelated_work(&repo);
    let run = repo.plan(&["tick", "x/01", "2"]).ok();
    insta::assert_snapshot!(run.stdout, @"
    2026-01-02-x/01: tick 2: no errors in a day of logs
      .engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    Committed 81916e07f2aa plan(2026-01-02-x/01): tick 2: no errors in a day of logs
    ");
    insta::assert_snapshot!(message(&repo), @"
    plan(2026-01-02-x/01): tick 2: no errors in a day of logs

    Plan-Id: 2026-01-02-x/01
    Plan-Tick: no errors in a day of logs
    ");
    insta::assert_snapshot!(last_diff(&repo), @"
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md b/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    @@ -51,7 +51,7 @@
     ## Success Criteria
     
     - [ ] p99 latency under 50 ms
    -- [ ] no errors in a day of logs
    +- [x] no errors in a day of logs
     
     ---
    ");
    // The exact text, then a part of it in another case.
    repo.plan(&["tick", "x/01", "p99 latency under 50 ms"]).ok();
    assert!(repo.read(WP1).contains("- [x] p99 latency under 50 ms\n"));
    repo.plan(&["untick", "x/01", "LATENCY"]).ok();
    insta::assert_snapshot!(message(&repo), @"
    plan(2026-01-02-x/01): untick 1: p99 latency under 50 ms

    Plan-Id: 2026-01-02-x/01
    Plan-Untick: p99 latency under 50 ms
    ");
    assert!(repo.read(WP1).contains("- [ ] p99 latency under 50 ms\n"));
    assert_unrelated_work_kept(&repo);
}

#[test]
fn ticking_a_ticked_item_says_so_and_commits_nothing() {
    let repo = with_criteria();
    repo.plan(&["tick", "x/01", "1"]).ok();
    let unchanged = Unchanged::take(&repo, &[WP1]);
    let run = repo.plan(&["tick", "x/01", "1"]).ok();
    insta::assert_snapshot!(run.stdout, @"2026-01-02-x/01: item 1 (p99 latency under 50 ms) is already ticked; nothing to commit");
    let run = repo.plan(&["untick", "x/01", "2"]).ok();
    insta::assert_snapshot!(run.stdout, @"2026-01-02-x/01: item 2 (no errors in a day of logs) is already unticked; nothing to commit");
    unchanged.check(&repo);
}

#[test]
fn tick_refuses_ambiguous_unknown_and_out_of_range_items() {
    let repo = two_work_packages();
    let unchanged = Unchanged::take(&repo, &[WP1]);
    let run = repo.plan(&["tick", "x/01", "measurable"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: `measurable` matches 2 checklist items of 2026-01-02-x/01: 1 ([Measurable outcome 1]), 2 ([Measurable outcome 2])
    Hint: Name the item by its number, or by more of its text.
    ");
    let run = repo.plan(&["tick", "x/01", "nowhere"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: no checklist item of 2026-01-02-x/01 matches `nowhere`
    Hint: `git plan show <id>` lists the checklist in order.
    ");
    let run = repo.plan(&["tick", "x/01", "9"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: 2026-01-02-x/01 has no checklist item 9: it has 3
    Hint: `git plan show <id>` lists the checklist in order.
    ");
    unchanged.check(&repo);
}

#[test]
fn tick_no_commit_writes_the_file_only() {
    let repo = with_criteria();
    let head = repo.head();
    repo.plan(&["tick", "x/01", "1", "--no-commit"]).ok();
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), format!(" M {WP1}\n"));
    assert!(repo.read(WP1).contains("- [x] p99 latency under 50 ms\n"));
}

// ---------------------------------------------------------------------------
// depend

#[test]
fn depend_on_fills_the_requires_list_and_the_field() {
    let repo = two_work_packages();
    repo.plan(&["add", "x", "Three", "--date", "2026-01-02"])
        .ok();
    unrelated_work(&repo);
    let run = repo.plan(&["depend", "x/03", "--on", "02"]).ok();
    insta::assert_snapshot!(run.stdout, @"
    2026-01-02-x/03: + 2026-01-02-x/02
      .engineering/artifacts/planning/2026-01-02-x/03-three-plan.md
    Committed 4ff9ec963201 plan(2026-01-02-x/03): depend on 2026-01-02-x/02
    ");
    insta::assert_snapshot!(message(&repo), @"
    plan(2026-01-02-x/03): depend on 2026-01-02-x/02

    Plan-Id: 2026-01-02-x/03
    Plan-Depend: +2026-01-02-x/02
    ");
    insta::assert_snapshot!(last_diff(&repo), @"
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md b/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md
    @@ -4,7 +4,7 @@
     **Priority:** MEDIUM
     **Status:** Draft
     **Estimated Effort:** X-Yh agentic + Zh review
    -**Depends on:** None
    +**Depends on:** [02](02-two-plan.md)
     
     ---
     
    @@ -40,7 +40,7 @@
     ## Dependencies
     
     ### Requires (Blockers)
    -- None
    +- [ ] [02](02-two-plan.md) complete
     
     ### Enables (Unlocks)
     - [Phase N+1 depends on this]
    ");
    // A second one goes after the first.
    repo.plan(&["depend", "x/03", "--on", "x/01"]).ok();
    insta::assert_snapshot!(last_diff(&repo), @"
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md b/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/03-three-plan.md
    @@ -4,7 +4,7 @@
     **Priority:** MEDIUM
     **Status:** Draft
     **Estimated Effort:** X-Yh agentic + Zh review
    -**Depends on:** [02](02-two-plan.md)
    +**Depends on:** [02](02-two-plan.md), [01](01-one-plan.md)
     
     ---
     
    @@ -41,6 +41,7 @@
     
     ### Requires (Blockers)
     - [ ] [02](02-two-plan.md) complete
    +- [ ] [01](01-one-plan.md) complete
     
     ### Enables (Unlocks)
     - [Phase N+1 depends on this]
    ");
    let json = repo.plan(&["show", "x/03", "--json"]).ok().json();
    let deps = strings(&json["depends_on"], "id");
    assert_eq!(deps, ["2026-01-02-x/02", "2026-01-02-x/01"]);
    assert_unrelated_work_kept(&repo);
}

#[test]
fn depend_creates_the_section_where_the_seed_puts_it() {
    let wp = format!("{INITIATIVE}/02-bare-plan.md");
    let repo = crate::common::initialised_with(
        &[
            (&format!("{INITIATIVE}/README.md"), "# X\n\n**Status:** In Progress\n"),
            (
                &format!("{INITIATIVE}/01-first-plan.md"),
                "# Phase 01: First\n\n**Status:** Draft\n",
            ),
            (
                &wp,
                "# Phase 02: Bare\n\n**Status:** Draft\n\n---\n\n## Success Criteria\n\n- [ ] works\n",
            ),
        ],
        "plans",
    );
    repo.plan(&["depend", "x/02", "--on", "01"]).ok();
    insta::assert_snapshot!(repo.read(&wp), @"
    # Phase 02: Bare

    **Status:** Draft

    ---

    ## Dependencies

    ### Requires (Blockers)
    - [ ] [01](01-first-plan.md) complete

    ---

    ## Success Criteria

    - [ ] works
    ");
    let json = repo.plan(&["show", "x/02", "--json"]).ok().json();
    assert_eq!(json["depends_on"][0]["id"], "2026-01-02-x/01");
}

#[test]
fn depend_remove_deletes_only_that_item_and_entry() {
    let repo = two_work_packages();
    let before = repo.read(WP2);
    let run = repo.plan(&["depend", "x/02", "--remove", "01"]).ok();
    insta::assert_snapshot!(run.stdout, @"
    2026-01-02-x/02: - 2026-01-02-x/01
      .engineering/artifacts/planning/2026-01-02-x/02-two-plan.md
    Committed cf0595eb8eff plan(2026-01-02-x/02): no longer depend on 2026-01-02-x/01
    ");
    insta::assert_snapshot!(message(&repo), @"
    plan(2026-01-02-x/02): no longer depend on 2026-01-02-x/01

    Plan-Id: 2026-01-02-x/02
    Plan-Depend: -2026-01-02-x/01
    ");
    insta::assert_snapshot!(last_diff(&repo), @"
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md b/.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md
    @@ -4,7 +4,7 @@
     **Priority:** MEDIUM
     **Status:** Draft
     **Estimated Effort:** X-Yh agentic + Zh review
    -**Depends on:** [01](01-one-plan.md)
    +**Depends on:** None
     
     ---
     
    @@ -40,7 +40,6 @@
     ## Dependencies
     
     ### Requires (Blockers)
    -- [ ] [01](01-one-plan.md) complete
     
     ### Enables (Unlocks)
     - [Phase N+1 depends on this]
    ");
    // Added back, the file is as `add --depends-on` wrote it.
    repo.plan(&["depend", "x/02", "--on", "01"]).ok();
    assert_eq!(repo.read(WP2), before);
}

#[test]
fn depend_refuses_cycles_self_and_missing_and_says_when_present() {
    let repo = two_work_packages();
    let unchanged = Unchanged::take(&repo, &[WP1, WP2]);
    let run = repo.plan(&["depend", "x/01", "--on", "02"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: 2026-01-02-x/01 cannot depend on 2026-01-02-x/02: that would make a dependency cycle: 2026-01-02-x/01 -> 2026-01-02-x/02 -> 2026-01-02-x/01
    Hint: Remove one of the dependencies in the cycle first.
    ");
    let run = repo.plan(&["depend", "x/01", "--on", "01"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"Error: 2026-01-02-x/01 cannot depend on itself");
    let run = repo.plan(&["depend", "x/01", "--on", "99"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: no plan document or initiative matches `99`
    Hint: Run `git plan status` to list initiatives and work packages; ids look like `roadmap/04`, `adr-12` or a slug.
    ");
    let run = repo.plan(&["depend", "x/01", "--remove", "02"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"Error: 2026-01-02-x/01 does not depend on 2026-01-02-x/02");
    let run = repo.plan(&["depend", "x/02", "--on", "01"]).ok();
    insta::assert_snapshot!(run.stdout, @"2026-01-02-x/02 already depends on 2026-01-02-x/01; nothing to commit");
    repo.plan(&["depend", "x/02"]).fails(2);
    unchanged.check(&repo);
}

// ---------------------------------------------------------------------------
// the guards every edit shares

/// Every edit command, on `x/01` or `x/02`.
const EDITS: &[&[&str]] = &[
    &["set", "x/01", "priority=HIGH"],
    &["tick", "x/01", "2"],
    &["untick", "x/01", "1"],
    &["depend", "x/02", "--remove", "01"],
    &["renumber", "x/02", "07"],
];

#[test]
fn every_edit_refuses_during_a_merge_and_changes_nothing() {
    let repo = two_work_packages();
    // 01's first item ticked, so that untick has something to do.
    repo.plan(&["tick", "x/01", "1"]).ok();
    diverge(
        &repo,
        |r| {
            r.write("conflict.txt", "topic\n");
            r.commit_all("topic");
        },
        |r| {
            r.write("conflict.txt", "main\n");
            r.commit_all("main");
        },
    );
    assert_ne!(repo.git_run(&["merge", "topic"]).code, 0);
    let unchanged = Unchanged::take(&repo, &[WP1, WP2, "conflict.txt"]);
    for args in EDITS {
        let run = repo.plan(args).fails(1);
        assert!(
            run.stderr.starts_with("Error: a merge is in progress in "),
            "{args:?}: {}",
            run.stderr
        );
        unchanged.check(&repo);
    }
}

#[test]
fn every_edit_refuses_a_file_with_uncommitted_edits_unless_included() {
    let repo = two_work_packages();
    repo.plan(&["tick", "x/01", "1"]).ok();
    let note = "\nA note of my own.\n";
    for file in [WP1, WP2] {
        let text = repo.read(file);
        repo.write(file, format!("{text}{note}"));
    }
    let unchanged = Unchanged::take(&repo, &[WP1, WP2]);
    for args in EDITS {
        let run = repo.plan(args).fails(1);
        assert!(
            run.stderr.contains(
                "has uncommitted edits, which the edit commit would sweep in; nothing was changed"
            ),
            "{args:?}: {}",
            run.stderr
        );
        unchanged.check(&repo);
    }
    let run = repo
        .plan(&["set", "x/01", "priority=HIGH", "--include-edits"])
        .ok();
    assert!(
        run.stderr
            .contains("they are committed with the edit (--include-edits)"),
        "{}",
        run.stderr
    );
    let committed = repo.git(&["show", &format!("HEAD:{WP1}")]);
    assert!(
        committed.trim_end().ends_with("A note of my own.")
            && committed.contains("**Priority:** HIGH"),
        "{committed}"
    );
}

// ---------------------------------------------------------------------------
// add's numbering and renumber

#[test]
fn add_numbers_past_the_folder_on_every_branch_and_remote() {
    let repo = two_work_packages();
    // A local branch adds 03.
    diverge(
        &repo,
        |r| {
            r.plan(&["add", "x", "Topic", "--date", "2026-01-02"]).ok();
        },
        |_| {},
    );
    // A remote's branch adds 04: a bare clone, a push there from a second
    // clone, then `git fetch`.
    let remote = TestRepo::empty_dir();
    repo.git(&[
        "clone",
        "-q",
        "--bare",
        ".",
        remote.path().to_str().unwrap(),
    ]);
    let other = TestRepo::empty_dir();
    other.git(&["clone", "-q", remote.path().to_str().unwrap(), "."]);
    other
        .plan(&["add", "x", "Remote", "--date", "2026-01-02"])
        .ok();
    assert!(other.exists(&format!("{INITIATIVE}/04-remote-plan.md")));
    other.git(&["push", "-q", "origin", "HEAD:refs/heads/remote-work"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    repo.git(&["fetch", "-q", "origin"]);
    let run = repo
        .plan(&["add", "x", "Main", "--date", "2026-01-02"])
        .ok();
    assert!(run.stdout.contains("05-main-plan.md"), "{}", run.stdout);
    assert!(repo.exists(&format!("{INITIATIVE}/05-main-plan.md")));
}

/// Two work packages and a README that links and tabulates 02.
fn with_references() -> TestRepo {
    let repo = two_work_packages();
    let readme = format!("{INITIATIVE}/README.md");
    let text = repo.read(&readme);
    repo.write(
        &readme,
        format!("{text}\n| # | Plan |\n|---|---|\n| 02 | [Two](02-two-plan.md) |\n\nSee `02-two-plan.md` and [02](./02-two-plan.md#scope); not 102-two-plan.md.\n"),
    );
    repo.commit_all("readme links 02");
    repo
}

#[test]
fn renumber_renames_and_rewrites_the_references_in_one_commit() {
    let repo = with_references();
    unrelated_work(&repo);
    let run = repo.plan(&["renumber", "x/02", "06"]).ok();
    insta::assert_snapshot!(run.stdout, @"
    2026-01-02-x/06: renumbered 2026-01-02-x/02 -> 2026-01-02-x/06
      .engineering/artifacts/planning/2026-01-02-x/README.md
      .engineering/artifacts/planning/2026-01-02-x/06-two-plan.md
      .engineering/artifacts/planning/2026-01-02-x/02-two-plan.md (removed)
    Committed 2614e8e89541 plan(2026-01-02-x/06): renumber 02 -> 06
    ");
    insta::assert_snapshot!(message(&repo), @"
    plan(2026-01-02-x/06): renumber 02 -> 06

    Plan-Id: 2026-01-02-x/06
    Plan-Renumber: 02 -> 06
    ");
    insta::assert_snapshot!(last_diff(&repo), @"
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md b/.engineering/artifacts/planning/2026-01-02-x/06-two-plan.md
    similarity index 99%
    rename from .engineering/artifacts/planning/2026-01-02-x/02-two-plan.md
    rename to .engineering/artifacts/planning/2026-01-02-x/06-two-plan.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/06-two-plan.md
    @@ -1,4 +1,4 @@
    -# Phase 02: Two
    +# Phase 06: Two
     
     **Date:** 2026-01-02
     **Priority:** MEDIUM
    diff --git a/.engineering/artifacts/planning/2026-01-02-x/README.md b/.engineering/artifacts/planning/2026-01-02-x/README.md
    --- a/.engineering/artifacts/planning/2026-01-02-x/README.md
    +++ b/.engineering/artifacts/planning/2026-01-02-x/README.md
    @@ -70,6 +70,6 @@
     
     | # | Plan |
     |---|---|
    -| 02 | [Two](02-two-plan.md) |
    +| 06 | [Two](06-two-plan.md) |
     
    -See `02-two-plan.md` and [02](./02-two-plan.md#scope); not 102-two-plan.md.
    +See `06-two-plan.md` and [06](./06-two-plan.md#scope); not 102-two-plan.md.
    ");
    assert!(!repo.exists(WP2));
    assert_eq!(
        repo.git(&["show", "--name-status", "-M", "--format=", "HEAD"]),
        format!("R099\t{WP2}\t{INITIATIVE}/06-two-plan.md\nM\t{INITIATIVE}/README.md\n")
    );
    assert_unrelated_work_kept(&repo);
    // The tree reads as before, under the new number.
    let json = repo.plan(&["show", "x/06", "--json"]).ok().json();
    assert_eq!(json["depends_on"][0]["id"], "2026-01-02-x/01");
    repo.plan(&["check"]).ok();
}

#[test]
fn renumber_refuses_a_number_taken_on_another_branch_and_non_work_packages() {
    let repo = two_work_packages();
    diverge(
        &repo,
        |r| {
            r.plan(&["add", "x", "Elsewhere", "--date", "2026-01-02"])
                .ok();
        },
        |_| {},
    );
    let unchanged = Unchanged::take(&repo, &[WP1, WP2]);
    let run = repo.plan(&["renumber", "x/02", "03"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: number 03 is taken in artifacts/planning/2026-01-02-x (on this branch or another one)
    Hint: Pick a number that no branch uses in that folder.
    ");
    let run = repo.plan(&["renumber", "x/02", "01"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: number 01 is taken in artifacts/planning/2026-01-02-x (on this branch or another one)
    Hint: Pick a number that no branch uses in that folder.
    ");
    let run = repo.plan(&["renumber", "x/02", "02"]).fails(1);
    insta::assert_snapshot!(refusal(&run), @"Error: 2026-01-02-x/02 is already number 02");
    let run = repo
        .plan(&["renumber", &format!("{INITIATIVE}/README.md"), "09"])
        .fails(1);
    insta::assert_snapshot!(refusal(&run), @"
    Error: no plan document or initiative matches `.engineering/artifacts/planning/2026-01-02-x/README.md`
    Hint: Run `git plan status` to list initiatives and work packages; ids look like `roadmap/04`, `adr-12` or a slug.
    ");
    repo.plan(&["renumber", "x/02", "six"]).fails(2);
    unchanged.check(&repo);
}

#[test]
fn a_renumber_whose_commit_fails_puts_every_file_back() {
    let repo = with_references();
    unrelated_work(&repo);
    repo.hook(
        "pre-commit",
        "#!/bin/sh\necho refused by the hook >&2\nexit 1\n",
    );
    let unchanged = Unchanged::take(
        &repo,
        &[
            WP2,
            &format!("{INITIATIVE}/06-two-plan.md"),
            &format!("{INITIATIVE}/README.md"),
        ],
    );
    let run = repo.plan(&["renumber", "x/02", "06"]).fails(1);
    assert!(
        run.stderr
            .starts_with("Error: the commit failed, so the plan files were put back as they were"),
        "{}",
        run.stderr
    );
    unchanged.check(&repo);
}

#[test]
fn renumber_no_commit_leaves_the_rename_unstaged() {
    let repo = two_work_packages();
    let head = repo.head();
    repo.plan(&["renumber", "x/02", "04", "--no-commit"]).ok();
    assert_eq!(repo.head(), head);
    assert_eq!(
        repo.porcelain(),
        format!(" D {WP2}\n?? {INITIATIVE}/04-two-plan.md\n")
    );
}

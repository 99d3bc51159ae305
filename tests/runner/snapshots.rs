//! Snapshots of what users read: the human and JSON output of `status`,
//! `show`, `log` and `check` on a small real repository, and the stderr of
//! the main refusals, as inline `insta` snapshots (jj's
//! `cli/tests/test_tag_command.rs`). Output is captured as the user sees it
//! when it is not a terminal: no colour.
//!
//! Every commit is made with a pinned author and date (see [`by`]), so
//! commit ids, since-when and by-whom are exact; `cargo insta test
//! --accept` fills a snapshot in after a deliberate change of output.

use std::process::Command;

use crate::common::{initialised_with, Run, TestRepo};

/// The initiative of [`roadmap`], from the top of the work tree.
const SEARCH: &str = ".engineering/artifacts/planning/2026-01-05-search";
const ADR: &str = ".engineering/artifacts/adr";

/// Who runs a command, and when: a name, an e-mail and an ISO 8601 date.
type Who = (&'static str, &'static str);
const ADA: Who = ("Ada Author", "ada@example.com");
const GRACE: Who = ("Grace Hopper", "grace@example.com");

/// `cmd` with author and committer `who` and both dates `date`.
fn by(cmd: &mut Command, who: Who, date: &str) {
    cmd.env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
}

/// `git add -A && git commit -m message` by `who` at `date`.
fn commit_by(repo: &TestRepo, who: Who, date: &str, message: &str) {
    for args in [&["add", "-A"][..], &["commit", "-q", "-m", message]] {
        let mut cmd = repo.command("git", repo.path());
        cmd.args(args);
        by(&mut cmd, who, date);
        let run = repo.run(cmd);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.stderr);
    }
}

/// Runs `git-plan args` by `who` at `date` (the commits it makes carry
/// both), at the top of the work tree.
fn plan_by(repo: &TestRepo, who: Who, date: &str, args: &[&str]) -> Run {
    let mut cmd = repo.command(crate::common::bin(), repo.path());
    cmd.args(args);
    by(&mut cmd, who, date);
    repo.run(cmd)
}

/// stdout of a run that must succeed with nothing on stderr.
#[track_caller]
fn stdout(run: Run) -> String {
    let run = run.ok();
    assert_eq!(run.stderr, "", "stderr of a clean run");
    run.stdout
}

/// stderr of a refusal, which must exit `code` and print nothing on stdout.
#[track_caller]
fn refusal(run: Run, code: i32) -> String {
    let run = run.fails(code);
    assert_eq!(run.stdout, "", "stdout of a refusal");
    run.stderr
}

const START_HERE: &str = "# Search Roadmap

**Created:** 2026-01-05
**Status:** Implementation

## Checkpoints

- [x] 1. Scope assessment
- [x] 2. Planning folder
- [x] 3. Analysis
- [x] 4. Work package planning
- [x] 5. Prioritization
- [x] 6. Roadmap finalized
- [ ] 7. Implementation
";

const README: &str = "# Search

Full-text search over the plans: an index, a query language, ranking and
an export of results.
";

const INDEX: &str = "# Phase 01: Index

**Priority:** HIGH (blocks 02)
**Status:** Ready
**Estimated Effort:** 2-4h agentic + 1h review

## Success Criteria

- [ ] every plan file is indexed
- [ ] reindexing 1000 files takes under a second

## Rollback Plan

Revert the merge commit; the index is a cache and can be deleted.
";

const QUERY: &str = "# Phase 02: Query

**Priority:** HIGH
**Status:** Ready
**Estimated Effort:** 1 day
**Depends on:** 01

## Success Criteria

- [x] words and phrases
- [ ] `status:` and `priority:` filters
- [ ] p99 under 50 ms on the corpus

## Rollback Plan

Remove the `search` subcommand.
";

const RANKING: &str = "# Phase 03: Ranking

**Priority:** MEDIUM
**Status:** Draft
**Estimated Effort:** 3h
**Depends on:** 02

## Success Criteria

- [ ] titles rank above bodies
";

const EXPORT: &str = "# Phase 04: Export

**Priority:** LOW
**Status:** Ready
**Estimated Effort:** 1h

## Success Criteria

- [ ] results export as CSV

## Rollback Plan

Remove `--export`.
";

const TANTIVY: &str = "# 1. Use tantivy for the index

**Date:** 2026-01-05
**Status:** Accepted

## Context

We need a full-text index.
";

/// One initiative `2026-01-05-search` (START-HERE.md and README.md) with
/// four work packages and two ADRs, built over three months by two people:
///
/// - 01 index: ready, started, blocked by Grace, reopened, criteria ticked,
///   done: complete.
/// - 02 query: ready, depends on 01, started by Grace: in progress, 1/3.
/// - 03 ranking: draft, depends on 02, no rollback plan.
/// - 04 export: ready, then blocked by hand by Grace.
/// - adr-0001 accepted, superseded by adr-0002 (proposed) made with
///   `adr new --supersedes`.
fn roadmap() -> TestRepo {
    let repo = TestRepo::initialised();
    for (name, text) in [
        ("START-HERE.md", START_HERE),
        ("README.md", README),
        ("01-index-plan.md", INDEX),
        ("02-query-plan.md", QUERY),
        ("03-ranking-plan.md", RANKING),
        ("04-export-plan.md", EXPORT),
    ] {
        repo.write(&format!("{SEARCH}/{name}"), text);
    }
    repo.write(&format!("{ADR}/0001-use-tantivy.md"), TANTIVY);
    commit_by(&repo, ADA, "2026-01-05T09:00:00Z", "plan the search");

    plan_by(&repo, ADA, "2026-01-10T09:00:00Z", &["start", "search/01"]).ok();
    plan_by(
        &repo,
        GRACE,
        "2026-01-20T14:30:00Z",
        &[
            "block",
            "search/01",
            "--reason",
            "waiting for the schema review",
        ],
    )
    .ok();
    plan_by(
        &repo,
        GRACE,
        "2026-02-01T10:00:00Z",
        &["reopen", "search/01"],
    )
    .ok();
    let index = format!("{SEARCH}/01-index-plan.md");
    repo.write(&index, repo.read(&index).replace("- [ ]", "- [x]"));
    commit_by(&repo, ADA, "2026-02-14T16:00:00Z", "index: criteria met");
    plan_by(&repo, ADA, "2026-02-15T09:00:00Z", &["done", "search/01"]).ok();

    plan_by(
        &repo,
        GRACE,
        "2026-03-01T11:00:00Z",
        &["start", "search/02"],
    )
    .ok();
    let export = format!("{SEARCH}/04-export-plan.md");
    repo.write(
        &export,
        repo.read(&export)
            .replace("**Status:** Ready", "**Status:** 🚫 Blocked"),
    );
    commit_by(&repo, GRACE, "2026-03-10T08:00:00Z", "export waits for 02");
    plan_by(
        &repo,
        ADA,
        "2026-03-20T09:00:00Z",
        &[
            "adr",
            "new",
            "Use SQLite FTS",
            "--supersedes",
            "1",
            "--date",
            "2026-03-20",
        ],
    )
    .ok();
    assert_eq!(repo.porcelain(), "");
    repo
}

// ---------------------------------------------------------------- status

#[test]
fn status_human() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(repo.plan(&["status"])), @"
    Roadmap in .engineering/: 1 initiative, 4 work packages, 2 ADRs

    2026-01-05-search  implementation (Implementation)  since 2026-01-05 by Ada Author, 86d 3h
      Search Roadmap
        01  complete               HIGH         Phase 01: Index  criteria 2/2  2-4h agentic + 1h review
             since 2026-02-15 by Ada Author, 45d 3h
        02  in-progress            HIGH         Phase 02: Query  criteria 1/3  1 day
             since 2026-03-01 by Grace Hopper, 31d 1h
              needs 2026-01-05-search/01 (complete)
        03  draft                  MEDIUM       Phase 03: Ranking  criteria 0/1  3h
             since 2026-01-05 by Ada Author, 86d 3h
              needs 2026-01-05-search/02 (in-progress)
        04  blocked                LOW          Phase 04: Export  criteria 0/1  1h
             since 2026-03-10 by Grace Hopper, 22d 4h

    ADRs 2: proposed 1, superseded 1
      proposed
        0002  Use SQLite FTS
      superseded
        0001  Use tantivy for the index  (by 0002)
    ");
}

#[test]
fn status_json() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(repo.plan(&["status", "--json"])), @r#"
    {
      "version": 2,
      "root": ".engineering",
      "initiatives": [
        {
          "id": "2026-01-05-search",
          "title": "Search Roadmap",
          "date": "2026-01-05",
          "path": "artifacts/planning/2026-01-05-search",
          "status": {
            "state": "implementation",
            "raw": "Implementation",
            "at": {
              "path": "artifacts/planning/2026-01-05-search/START-HERE.md",
              "line": 4
            },
            "since": {
              "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
              "date": "2026-01-05T09:00:00Z",
              "time": 1767603600,
              "author": "Ada Author",
              "email": "ada@example.com"
            },
            "seconds_in_state": 7441200
          },
          "work_packages": [
            {
              "id": "2026-01-05-search/01",
              "kind": "work-package",
              "number": "01",
              "title": "Phase 01: Index",
              "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
              "status": {
                "state": "complete",
                "raw": "Complete",
                "at": {
                  "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
                  "line": 4
                },
                "since": {
                  "commit": "ea94ea6ebe7a414faeae79771932b9d1fa44697b",
                  "date": "2026-02-15T09:00:00Z",
                  "time": 1771146000,
                  "author": "Ada Author",
                  "email": "ada@example.com"
                },
                "seconds_in_state": 3898800
              },
              "priority": {
                "raw": "HIGH (blocks 02)",
                "level": "high",
                "note": "blocks 02"
              },
              "effort": {
                "raw": "2-4h agentic + 1h review",
                "agentic": {
                  "low": 2.0,
                  "high": 4.0
                },
                "review": {
                  "low": 1.0,
                  "high": 1.0
                }
              },
              "depends_on": [],
              "checklist": {
                "done": 2,
                "total": 2
              },
              "success_criteria": {
                "done": 2,
                "total": 2
              },
              "has_rollback_plan": true,
              "created": {
                "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
                "date": "2026-01-05T09:00:00Z",
                "time": 1767603600,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            },
            {
              "id": "2026-01-05-search/02",
              "kind": "work-package",
              "number": "02",
              "title": "Phase 02: Query",
              "path": "artifacts/planning/2026-01-05-search/02-query-plan.md",
              "status": {
                "state": "in-progress",
                "raw": "In Progress",
                "at": {
                  "path": "artifacts/planning/2026-01-05-search/02-query-plan.md",
                  "line": 4
                },
                "since": {
                  "commit": "cb6bbb026b1ad7366ebb728e1ac66a2df1b0014d",
                  "date": "2026-03-01T11:00:00Z",
                  "time": 1772362800,
                  "author": "Grace Hopper",
                  "email": "grace@example.com"
                },
                "seconds_in_state": 2682000
              },
              "priority": {
                "raw": "HIGH",
                "level": "high"
              },
              "effort": {
                "raw": "1 day"
              },
              "depends_on": [
                {
                  "reference": "01",
                  "id": "2026-01-05-search/01",
                  "state": "complete"
                }
              ],
              "checklist": {
                "done": 1,
                "total": 3
              },
              "success_criteria": {
                "done": 1,
                "total": 3
              },
              "has_rollback_plan": true,
              "created": {
                "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
                "date": "2026-01-05T09:00:00Z",
                "time": 1767603600,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            },
            {
              "id": "2026-01-05-search/03",
              "kind": "work-package",
              "number": "03",
              "title": "Phase 03: Ranking",
              "path": "artifacts/planning/2026-01-05-search/03-ranking-plan.md",
              "status": {
                "state": "draft",
                "raw": "Draft",
                "at": {
                  "path": "artifacts/planning/2026-01-05-search/03-ranking-plan.md",
                  "line": 4
                },
                "since": {
                  "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
                  "date": "2026-01-05T09:00:00Z",
                  "time": 1767603600,
                  "author": "Ada Author",
                  "email": "ada@example.com"
                },
                "seconds_in_state": 7441200
              },
              "priority": {
                "raw": "MEDIUM",
                "level": "medium"
              },
              "effort": {
                "raw": "3h",
                "agentic": {
                  "low": 3.0,
                  "high": 3.0
                }
              },
              "depends_on": [
                {
                  "reference": "02",
                  "id": "2026-01-05-search/02",
                  "state": "in-progress"
                }
              ],
              "checklist": {
                "done": 0,
                "total": 1
              },
              "success_criteria": {
                "done": 0,
                "total": 1
              },
              "has_rollback_plan": false,
              "created": {
                "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
                "date": "2026-01-05T09:00:00Z",
                "time": 1767603600,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            },
            {
              "id": "2026-01-05-search/04",
              "kind": "work-package",
              "number": "04",
              "title": "Phase 04: Export",
              "path": "artifacts/planning/2026-01-05-search/04-export-plan.md",
              "status": {
                "state": "blocked",
                "raw": "🚫 Blocked",
                "at": {
                  "path": "artifacts/planning/2026-01-05-search/04-export-plan.md",
                  "line": 4
                },
                "since": {
                  "commit": "a2a8f0edb9a3bef2ecb2981182cef1d352a59039",
                  "date": "2026-03-10T08:00:00Z",
                  "time": 1773129600,
                  "author": "Grace Hopper",
                  "email": "grace@example.com"
                },
                "seconds_in_state": 1915200
              },
              "priority": {
                "raw": "LOW",
                "level": "low"
              },
              "effort": {
                "raw": "1h",
                "agentic": {
                  "low": 1.0,
                  "high": 1.0
                }
              },
              "depends_on": [],
              "checklist": {
                "done": 0,
                "total": 1
              },
              "success_criteria": {
                "done": 0,
                "total": 1
              },
              "has_rollback_plan": true,
              "created": {
                "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
                "date": "2026-01-05T09:00:00Z",
                "time": 1767603600,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            }
          ],
          "documents": {
            "initiative": 2,
            "work-package": 4
          },
          "created": {
            "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
            "date": "2026-01-05T09:00:00Z",
            "time": 1767603600,
            "author": "Ada Author",
            "email": "ada@example.com"
          },
          "checkpoints": [
            {
              "state": "implementation",
              "raw": "Implementation",
              "reached": {
                "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
                "date": "2026-01-05T09:00:00Z",
                "time": 1767603600,
                "author": "Ada Author",
                "email": "ada@example.com"
              },
              "approved_by": null
            }
          ]
        }
      ],
      "adrs": {
        "total": 2,
        "by_status": {
          "proposed": 1,
          "superseded": 1
        },
        "items": [
          {
            "id": "adr-0001",
            "number": "0001",
            "title": "Use tantivy for the index",
            "path": "artifacts/adr/0001-use-tantivy.md",
            "status": {
              "state": "superseded",
              "raw": "Superseded by [ADR 0002](0002-use-sqlite-fts.md)",
              "superseded_by": "adr-0002",
              "at": {
                "path": "artifacts/adr/0001-use-tantivy.md",
                "line": 4
              },
              "since": {
                "commit": "fa98a1458ab7ea900538195ff07e0d15f8bc1763",
                "date": "2026-03-20T09:00:00Z",
                "time": 1773997200,
                "author": "Ada Author",
                "email": "ada@example.com"
              },
              "seconds_in_state": 1047600
            },
            "created": {
              "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
              "date": "2026-01-05T09:00:00Z",
              "time": 1767603600,
              "author": "Ada Author",
              "email": "ada@example.com"
            },
            "date": "2026-01-05",
            "supersedes": [],
            "superseded_by": [
              "adr-0002"
            ]
          },
          {
            "id": "adr-0002",
            "number": "0002",
            "title": "Use SQLite FTS",
            "path": "artifacts/adr/0002-use-sqlite-fts.md",
            "status": {
              "state": "proposed",
              "raw": "Proposed",
              "at": {
                "path": "artifacts/adr/0002-use-sqlite-fts.md",
                "line": 4
              },
              "since": {
                "commit": "fa98a1458ab7ea900538195ff07e0d15f8bc1763",
                "date": "2026-03-20T09:00:00Z",
                "time": 1773997200,
                "author": "Ada Author",
                "email": "ada@example.com"
              },
              "seconds_in_state": 1047600
            },
            "created": {
              "commit": "fa98a1458ab7ea900538195ff07e0d15f8bc1763",
              "date": "2026-03-20T09:00:00Z",
              "time": 1773997200,
              "author": "Ada Author",
              "email": "ada@example.com"
            },
            "date": "2026-03-20",
            "supersedes": [
              "adr-0001"
            ],
            "superseded_by": []
          }
        ]
      },
      "diagnostics": []
    }
    "#);
}

// ---------------------------------------------------------------- show

#[test]
fn show_work_package_human() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(repo.plan(&["show", "search/02"])), @"
    2026-01-05-search/02  work-package
    Title:       Phase 02: Query
    Path:        .engineering/artifacts/planning/2026-01-05-search/02-query-plan.md
    Status:      in-progress  (In Progress, artifacts/planning/2026-01-05-search/02-query-plan.md:4)
    Priority:    HIGH
    Effort:      1 day
    Depends on:  01 -> 2026-01-05-search/01 (complete)

    Fields
      Priority:              HIGH  line 3
      Status:                In Progress  line 4
      Estimated Effort:      1 day  line 5
      Depends on:            01  line 6

    Sections
      Success Criteria  [1/3]  line 8
      Rollback Plan  line 14

    Checklist 1/3, success criteria 1/3
      [x] words and phrases  line 10
      [ ] `status:` and `priority:` filters  line 11
      [ ] p99 under 50 ms on the corpus  line 12
    ");
}

#[test]
fn show_work_package_json() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(repo.plan(&["show", "search/02", "--json"])), @r#"
    {
      "version": 2,
      "id": "2026-01-05-search/02",
      "kind": "work-package",
      "path": "artifacts/planning/2026-01-05-search/02-query-plan.md",
      "title": "Phase 02: Query",
      "initiative": "2026-01-05-search",
      "status": {
        "state": "in-progress",
        "raw": "In Progress",
        "at": {
          "path": "artifacts/planning/2026-01-05-search/02-query-plan.md",
          "line": 4
        },
        "since": {
          "commit": "cb6bbb026b1ad7366ebb728e1ac66a2df1b0014d",
          "date": "2026-03-01T11:00:00Z",
          "time": 1772362800,
          "author": "Grace Hopper",
          "email": "grace@example.com"
        },
        "seconds_in_state": 2682000
      },
      "priority": {
        "raw": "HIGH",
        "level": "high"
      },
      "effort": {
        "raw": "1 day"
      },
      "fields": [
        {
          "key": "Priority",
          "value": "HIGH",
          "line": 3,
          "origin": "header"
        },
        {
          "key": "Status",
          "value": "In Progress",
          "line": 4,
          "origin": "header"
        },
        {
          "key": "Estimated Effort",
          "value": "1 day",
          "line": 5,
          "origin": "header"
        },
        {
          "key": "Depends on",
          "value": "01",
          "line": 6,
          "origin": "header"
        }
      ],
      "depends_on": [
        {
          "reference": "01",
          "id": "2026-01-05-search/01",
          "state": "complete"
        }
      ],
      "sections": [
        {
          "level": 1,
          "title": "Phase 02: Query",
          "line": 1,
          "checklist": {
            "done": 1,
            "total": 3
          }
        },
        {
          "level": 2,
          "title": "Success Criteria",
          "line": 8,
          "checklist": {
            "done": 1,
            "total": 3
          }
        },
        {
          "level": 2,
          "title": "Rollback Plan",
          "line": 14,
          "checklist": {
            "done": 0,
            "total": 0
          }
        }
      ],
      "checklist": [
        {
          "checked": true,
          "text": "words and phrases",
          "line": 10,
          "section": "Success Criteria"
        },
        {
          "checked": false,
          "text": "`status:` and `priority:` filters",
          "line": 11,
          "section": "Success Criteria"
        },
        {
          "checked": false,
          "text": "p99 under 50 ms on the corpus",
          "line": 12,
          "section": "Success Criteria"
        }
      ],
      "checklist_progress": {
        "done": 1,
        "total": 3
      },
      "success_criteria": {
        "done": 1,
        "total": 3
      },
      "subtasks": [],
      "diagnostics": []
    }
    "#);
}

#[test]
fn show_initiative_human() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(repo.plan(&["show", "search"])), @"
    2026-01-05-search/START-HERE.md  initiative
    Title:       Search Roadmap
    Path:        .engineering/artifacts/planning/2026-01-05-search/START-HERE.md
    Status:      implementation  (Implementation, artifacts/planning/2026-01-05-search/START-HERE.md:4)

    Fields
      Created:               2026-01-05  line 3
      Status:                Implementation  line 4

    Sections
      Checkpoints  [6/7]  line 6

    Checklist 6/7
      [x] 1. Scope assessment  line 8
      [x] 2. Planning folder  line 9
      [x] 3. Analysis  line 10
      [x] 4. Work package planning  line 11
      [x] 5. Prioritization  line 12
      [x] 6. Roadmap finalized  line 13
      [ ] 7. Implementation  line 14

    Documents
      2026-01-05-search/01
      2026-01-05-search/02
      2026-01-05-search/03
      2026-01-05-search/04
      2026-01-05-search/README.md
      2026-01-05-search/START-HERE.md
    ");
}

/// A work package added without `--effort`: its effort is the template's
/// placeholder, which is shown as no estimate, never as a value.
#[test]
fn show_template_draft_human() {
    let repo = template_draft();
    insta::assert_snapshot!(stdout(repo.plan(&["show", "x/01"])), @"
    2026-01-02-x/01  work-package
    Title:       Phase 01: One
    Path:        .engineering/artifacts/planning/2026-01-02-x/01-one-plan.md
    Status:      draft  (Draft, artifacts/planning/2026-01-02-x/01-one-plan.md:5)
    Priority:    MEDIUM
    Effort:      not estimated  (the template's `X-Yh agentic + Zh review`, line 6)

    Fields
      Date:                  2026-01-02  line 3
      Priority:              MEDIUM  line 4
      Status:                Draft  line 5
      Estimated Effort:      none written  (the template's `X-Yh agentic + Zh review`)  line 6
      Depends on:            None  line 7

    Sections
      Overview  line 11
      Context from Analysis  line 20
      Scope  line 28
        In Scope  line 30
        Out of Scope  line 34
      Dependencies  line 40
        Requires (Blockers)  line 42
        Enables (Unlocks)  line 45
      Success Criteria  [0/3]  line 51
      Risks  line 59
      Rollback Plan  line 67
      Implementation  line 78

    Checklist 0/3, success criteria 0/3
      [ ] [Measurable outcome 1]  line 53
      [ ] [Measurable outcome 2]  line 54
      [ ] [Performance target if applicable]  line 55
    ");
}

// ---------------------------------------------------------------- log

#[test]
fn log_work_package_human() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(repo.plan(&["log", "search/01"])), @"
    ea94ea6ebe 2026-02-15 09:00:00  2026-01-05-search/01  in-progress -> complete
        by Ada Author <ada@example.com>
    8dbfa12661 2026-02-01 10:00:00  2026-01-05-search/01  blocked -> in-progress
        by Grace Hopper <grace@example.com>
    5b2356e515 2026-01-20 14:30:00  2026-01-05-search/01  in-progress -> blocked
        by Grace Hopper <grace@example.com>; Plan-Reason: waiting for the schema review
    3d02169edb 2026-01-10 09:00:00  2026-01-05-search/01  ready -> in-progress
        by Ada Author <ada@example.com>
    675a6dfda5 2026-01-05 09:00:00  2026-01-05-search/01  created as ready
        by Ada Author <ada@example.com>
    cycle time (in progress -> complete): 36d 0h
    lead time (created -> complete): 41d 0h
    ");
}

/// The whole tree's log: one entry per initiative and commit (START-HERE.md
/// and README.md were created together), no entry for a note or a
/// completion record; `--all` lists them, each file on its own.
#[test]
fn log_tree_human_lists_transitions_and_all_lists_every_file() {
    let repo = roadmap();
    repo.write(
        &format!("{SEARCH}/meeting-notes.md"),
        "# Notes\n\nWe met.\n",
    );
    repo.write(
        &format!("{SEARCH}/01-index-COMPLETE.md"),
        "# Index complete\n\nDone.\n",
    );
    commit_by(&repo, ADA, "2026-03-25T09:00:00Z", "notes and a record");
    insta::assert_snapshot!(stdout(repo.plan(&["log", "--since", "2026-03-01"])), @"
    fa98a1458a 2026-03-20 09:00:00  adr-0002  created as proposed
        by Ada Author <ada@example.com>; Plan-Supersedes: adr-0001 (accepted -> superseded)
    fa98a1458a 2026-03-20 09:00:00  adr-0001  accepted -> superseded
        by Ada Author <ada@example.com>; Plan-Supersedes: adr-0001 (accepted -> superseded)
    a2a8f0edb9 2026-03-10 08:00:00  2026-01-05-search/04  ready -> blocked
        by Grace Hopper <grace@example.com>
    cb6bbb026b 2026-03-01 11:00:00  2026-01-05-search/02  ready -> in-progress
        by Grace Hopper <grace@example.com>
    ");
    insta::assert_snapshot!(stdout(repo.plan(&["log", "--since", "2026-03-01", "--all"])), @"
    e36b6cdbf1 2026-03-25 09:00:00  2026-01-05-search/meeting-notes.md  created
        by Ada Author <ada@example.com>
    e36b6cdbf1 2026-03-25 09:00:00  2026-01-05-search/01-index-COMPLETE.md  created
        by Ada Author <ada@example.com>
    fa98a1458a 2026-03-20 09:00:00  adr-0002  created as proposed
        by Ada Author <ada@example.com>; Plan-Supersedes: adr-0001 (accepted -> superseded)
    fa98a1458a 2026-03-20 09:00:00  adr-0001  accepted -> superseded
        by Ada Author <ada@example.com>; Plan-Supersedes: adr-0001 (accepted -> superseded)
    a2a8f0edb9 2026-03-10 08:00:00  2026-01-05-search/04  ready -> blocked
        by Grace Hopper <grace@example.com>
    cb6bbb026b 2026-03-01 11:00:00  2026-01-05-search/02  ready -> in-progress
        by Grace Hopper <grace@example.com>
    ");
    insta::assert_snapshot!(stdout(repo.plan(&["log", "search"])), @"
    a2a8f0edb9 2026-03-10 08:00:00  2026-01-05-search/04  ready -> blocked
        by Grace Hopper <grace@example.com>
    cb6bbb026b 2026-03-01 11:00:00  2026-01-05-search/02  ready -> in-progress
        by Grace Hopper <grace@example.com>
    ea94ea6ebe 2026-02-15 09:00:00  2026-01-05-search/01  in-progress -> complete
        by Ada Author <ada@example.com>
    8dbfa12661 2026-02-01 10:00:00  2026-01-05-search/01  blocked -> in-progress
        by Grace Hopper <grace@example.com>
    5b2356e515 2026-01-20 14:30:00  2026-01-05-search/01  in-progress -> blocked
        by Grace Hopper <grace@example.com>; Plan-Reason: waiting for the schema review
    3d02169edb 2026-01-10 09:00:00  2026-01-05-search/01  ready -> in-progress
        by Ada Author <ada@example.com>
    675a6dfda5 2026-01-05 09:00:00  2026-01-05-search  created as implementation
        by Ada Author <ada@example.com>
    675a6dfda5 2026-01-05 09:00:00  2026-01-05-search/04  created as ready
        by Ada Author <ada@example.com>
    675a6dfda5 2026-01-05 09:00:00  2026-01-05-search/03  created as draft
        by Ada Author <ada@example.com>
    675a6dfda5 2026-01-05 09:00:00  2026-01-05-search/02  created as ready
        by Ada Author <ada@example.com>
    675a6dfda5 2026-01-05 09:00:00  2026-01-05-search/01  created as ready
        by Ada Author <ada@example.com>
    ");
}

#[test]
fn log_work_package_json() {
    let repo = roadmap();
    insta::assert_snapshot!(stdout(repo.plan(&["log", "search/01", "--json"])), @r#"
    {
      "version": 2,
      "id": "2026-01-05-search/01",
      "entries": [
        {
          "id": "2026-01-05-search/01",
          "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
          "change": "modified",
          "from": "in-progress",
          "to": "complete",
          "from_raw": "In Progress",
          "to_raw": "Complete",
          "moment": {
            "commit": "ea94ea6ebe7a414faeae79771932b9d1fa44697b",
            "date": "2026-02-15T09:00:00Z",
            "time": 1771146000,
            "author": "Ada Author",
            "email": "ada@example.com"
          },
          "trailers": [
            [
              "Plan-Id",
              "2026-01-05-search/01"
            ],
            [
              "Plan-Transition",
              "in-progress -> complete"
            ]
          ]
        },
        {
          "id": "2026-01-05-search/01",
          "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
          "change": "modified",
          "from": "blocked",
          "to": "in-progress",
          "from_raw": "Blocked (waiting for the schema review)",
          "to_raw": "In Progress",
          "moment": {
            "commit": "8dbfa12661ce73559b81fe4c268360c312ae6e3b",
            "date": "2026-02-01T10:00:00Z",
            "time": 1769940000,
            "author": "Grace Hopper",
            "email": "grace@example.com"
          },
          "trailers": [
            [
              "Plan-Id",
              "2026-01-05-search/01"
            ],
            [
              "Plan-Transition",
              "blocked -> in-progress"
            ]
          ]
        },
        {
          "id": "2026-01-05-search/01",
          "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
          "change": "modified",
          "from": "in-progress",
          "to": "blocked",
          "from_raw": "In Progress",
          "to_raw": "Blocked (waiting for the schema review)",
          "moment": {
            "commit": "5b2356e5150380e8123e604ce398e975af9c650e",
            "date": "2026-01-20T14:30:00Z",
            "time": 1768919400,
            "author": "Grace Hopper",
            "email": "grace@example.com"
          },
          "trailers": [
            [
              "Plan-Id",
              "2026-01-05-search/01"
            ],
            [
              "Plan-Transition",
              "in-progress -> blocked"
            ],
            [
              "Plan-Reason",
              "waiting for the schema review"
            ]
          ]
        },
        {
          "id": "2026-01-05-search/01",
          "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
          "change": "modified",
          "from": "ready",
          "to": "in-progress",
          "from_raw": "Ready",
          "to_raw": "In Progress",
          "moment": {
            "commit": "3d02169edb4c0a0fcc7ec041d245669f81a9a012",
            "date": "2026-01-10T09:00:00Z",
            "time": 1768035600,
            "author": "Ada Author",
            "email": "ada@example.com"
          },
          "trailers": [
            [
              "Plan-Id",
              "2026-01-05-search/01"
            ],
            [
              "Plan-Transition",
              "ready -> in-progress"
            ]
          ]
        },
        {
          "id": "2026-01-05-search/01",
          "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
          "change": "added",
          "from": null,
          "to": "ready",
          "from_raw": null,
          "to_raw": "Ready",
          "moment": {
            "commit": "675a6dfda52848175b96ff5b1acb11af0c7a4679",
            "date": "2026-01-05T09:00:00Z",
            "time": 1767603600,
            "author": "Ada Author",
            "email": "ada@example.com"
          },
          "trailers": []
        }
      ],
      "durations": {
        "cycle_time_seconds": 3110400,
        "lead_time_seconds": 3542400
      }
    }
    "#);
}

// ---------------------------------------------------------------- check

/// A work package without a Rollback Plan and one with an unknown status,
/// beside a good one.
fn findings() -> TestRepo {
    initialised_with(
        &[
            (
                &format!("{SEARCH}/START-HERE.md"),
                "# Search\n\n**Status:** Implementation\n",
            ),
            (
                &format!("{SEARCH}/01-index-plan.md"),
                "# Phase 01: Index\n\n**Status:** Ready\n\n## Success Criteria\n\n- [ ] every plan file is indexed\n",
            ),
            (
                &format!("{SEARCH}/02-query-plan.md"),
                "# Phase 02: Query\n\n**Status:** Almost there\n\n## Success Criteria\n\n- [ ] words and phrases\n\n## Rollback Plan\n\nRemove the `search` subcommand.\n",
            ),
            (
                &format!("{SEARCH}/03-ranking-plan.md"),
                "# Phase 03: Ranking\n\n**Status:** Ready\n\n## Success Criteria\n\n- [ ] titles rank above bodies\n\n## Rollback Plan\n\nRevert the merge commit.\n",
            ),
        ],
        "plans",
    )
}

#[test]
fn check_human() {
    let repo = findings();
    let run = repo.plan(&["check", "--format", "human"]).fails(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout, @"
    error[missing-rollback-plan]: a work package has no Rollback Plan section
     --> .engineering/artifacts/planning/2026-01-05-search/01-index-plan.md:1:1
      |
    1 | # Phase 01: Index
      |
      = hint: add a `## Rollback Plan` section with the trigger and the steps to undo the change

    warning[unknown-status]: status `Almost there` is not a known work-package status
     --> .engineering/artifacts/planning/2026-01-05-search/02-query-plan.md:3:13
      |
    3 | **Status:** Almost there
      |
      = hint: write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]

    check: 1 error and 1 warning in 2 of 4 documents
    ");
}

#[test]
fn check_json() {
    let repo = findings();
    let run = repo.plan(&["check", "--format", "json"]).fails(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout, @r##"
    {
      "version": 2,
      "errors": 1,
      "warnings": 1,
      "checked": 4,
      "by_rule": {
        "missing-rollback-plan": 1,
        "unknown-status": 1
      },
      "findings": [
        {
          "rule": "missing-rollback-plan",
          "level": "error",
          "path": "artifacts/planning/2026-01-05-search/01-index-plan.md",
          "line": 1,
          "column": 1,
          "message": "a work package has no Rollback Plan section",
          "hint": "add a `## Rollback Plan` section with the trigger and the steps to undo the change",
          "source": "# Phase 01: Index",
          "file": ".engineering/artifacts/planning/2026-01-05-search/01-index-plan.md"
        },
        {
          "rule": "unknown-status",
          "level": "warning",
          "path": "artifacts/planning/2026-01-05-search/02-query-plan.md",
          "line": 3,
          "column": 13,
          "message": "status `Almost there` is not a known work-package status",
          "hint": "write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]",
          "source": "**Status:** Almost there",
          "file": ".engineering/artifacts/planning/2026-01-05-search/02-query-plan.md"
        }
      ],
      "allowed": []
    }
    "##);
}

#[test]
fn check_github() {
    let repo = findings();
    let run = repo.plan(&["check", "--format", "github"]).fails(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout, @"
    ::error file=.engineering/artifacts/planning/2026-01-05-search/01-index-plan.md,line=1,col=1,title=git plan%3A missing-rollback-plan::a work package has no Rollback Plan section%0Ahint: add a `## Rollback Plan` section with the trigger and the steps to undo the change
    ::warning file=.engineering/artifacts/planning/2026-01-05-search/02-query-plan.md,line=3,col=13,title=git plan%3A unknown-status::status `Almost there` is not a known work-package status%0Ahint: write one of: draft, ready, in-progress, blocked, complete, deferred, cancelled; or map it in plan.toml under [status.work_package]
    check: 1 error and 1 warning in 2 of 4 documents
    ");
}

#[test]
fn check_markdown() {
    let repo = findings();
    let run = repo.plan(&["check", "--format", "markdown"]).fails(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout, @"
    ### git plan check

    1 error and 1 warning in 2 of 4 documents

    | | Rule | File | Message |
    |---|---|---|---|
    | ❌ | `missing-rollback-plan` | <code>.engineering/artifacts/planning/2026-01-05-search/01-index-plan.md:1</code> | a work package has no Rollback Plan section |
    | ⚠️ | `unknown-status` | <code>.engineering/artifacts/planning/2026-01-05-search/02-query-plan.md:3</code> | status <code>Almost there</code> is not a known work-package status |
    ");
}

// ---------------------------------------------------------------- refusals

/// An initiative `x` with one work package made by `git plan add`: a draft
/// whose Success Criteria and Rollback Plan hold only the template's
/// placeholders.
fn template_draft() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo
}

#[test]
fn refusal_illegal_transition() {
    let repo = template_draft();
    insta::assert_snapshot!(refusal(repo.plan(&["start", "x/01"]), 1), @"
    Error: 2026-01-02-x/01 cannot go from draft to in-progress; from draft it can go to: ready, deferred, cancelled
    Hint: Run `git plan set 2026-01-02-x/01 status=<state>` to move to any of the states listed.
    ");
}

#[test]
fn refusal_guard() {
    let repo = template_draft();
    insta::assert_snapshot!(refusal(repo.plan(&["set", "x/01", "status=ready"]), 1), @"
    Error: 2026-01-02-x/01: cannot become ready: its Success Criteria section (line 51) holds only the template's placeholders; its Rollback Plan section (line 67) holds only the template's placeholders
    Hint: Fix the plan, or pass --force to override (the commit records it).
    ");
}

#[test]
fn refusal_unknown_id() {
    let repo = template_draft();
    insta::assert_snapshot!(refusal(repo.plan(&["show", "nothing-like-this"]), 1), @"
    Error: no plan document or initiative matches `nothing-like-this`
    Hint: Run `git plan status` to list initiatives and work packages; ids look like `roadmap/04`, `adr-12` or a slug.
    ");
}

#[test]
fn refusal_no_engineering_root() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    // The temporary directory's name is the one part that changes from run
    // to run.
    let stderr = refusal(repo.plan(&["status"]), 1);
    let stderr = stderr.replace(
        &repo.path().canonicalize().unwrap().display().to_string(),
        "[REPO]",
    );
    let stderr = stderr.replace(&repo.path().display().to_string(), "[REPO]");
    insta::assert_snapshot!(stderr, @"
    Error: no engineering root: [REPO]/.engineering does not exist
    Hint: Run `git plan init` to create it, or point `git config plan.root` at your plans. No decision records were found either (looked at .adr-dir, .log4brains.yml, docs/decisions/, docs/adr/, doc/adr/, docs/architecture/decisions/, doc/architecture/decisions/).
    ");
}

#[test]
fn refusal_at_a_revision_that_does_not_exist() {
    let repo = template_draft();
    insta::assert_snapshot!(refusal(repo.plan(&["status", "--at", "no-such-rev"]), 1), @r#"
    Error: `no-such-rev` does not name a commit
    Caused by: couldn't parse revision, input="no-such-rev"
    Caused by: Reference "no-such-rev" could not be found
    Hint: Give a commit, branch or tag, as for `git log`.
    "#);
}

// ------------------------------------------------- long values, unknown ones

/// An initiative and a work package whose statuses are sentences no
/// synonym knows, each changed once, and a long effort value.
fn long_values() -> TestRepo {
    let repo = TestRepo::initialised();
    let dir = ".engineering/artifacts/planning/2026-02-01-sync";
    repo.write(
        &format!("{dir}/README.md"),
        "# Sync\n\n**Status:** #41 merged on `feat/sync`; the retry fix is in review, docs still open\n",
    );
    let plan = |status: &str| {
        format!(
            "# Phase 01: Retry\n\n**Status:** {status}\n**Estimated Effort:** 2-4h agentic + 1h review, more if the vendor API changes again\n\n## Success Criteria\n\n- [ ] retries back off\n\n## Rollback Plan\n\nRevert the merge commit.\n"
        )
    };
    repo.write(
        &format!("{dir}/01-retry-plan.md"),
        plan("Sign-off pending from legal and from the vendor's security team"),
    );
    commit_by(&repo, ADA, "2026-02-01T09:00:00Z", "plan the sync");
    repo.write(
        &format!("{dir}/01-retry-plan.md"),
        plan("Sign-off pending from legal and from the vendor's platform team, see PR #42"),
    );
    commit_by(&repo, GRACE, "2026-02-03T09:00:00Z", "01: who signs off");
    repo
}

/// `COLUMNS=60`: raw values are cut (never below 40 columns), with `…`;
/// the rest of the line is kept.
#[test]
fn status_human_cuts_long_raw_values_to_the_width() {
    let repo = long_values();
    let mut cmd = repo.command(crate::common::bin(), repo.path());
    cmd.args(["status"]).env("COLUMNS", "60");
    let run = repo.run(cmd).ok();
    insta::assert_snapshot!(run.stdout, @"
    Roadmap in .engineering/: 1 initiative, 1 work package, 0 ADRs

    2026-02-01-sync  unknown (#41 merged on `feat/sync`; the retry fi…)  since 2026-02-01 by Ada Author, 59d 3h
      Sync
        01  unknown (Sign-off pending from legal and from th…)  -            Phase 01: Retry  criteria 0/1  2-4h agentic + 1h review, more if the v…
             since 2026-02-03 by Grace Hopper, 57d 3h
    ");
    // Piped without COLUMNS, and in JSON, every value is whole.
    let whole = repo.plan(&["status"]).ok().stdout;
    assert!(
        whole.contains("(#41 merged on `feat/sync`; the retry fix is in review, docs still open)"),
        "{whole}"
    );
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(
        json["initiatives"][0]["work_packages"][0]["status"]["raw"],
        "Sign-off pending from legal and from the vendor's platform team, see PR #42"
    );
}

/// A step between two values no synonym knows shows both, as `status`
/// shows an unknown value; cut to the width, around where they differ.
#[test]
fn log_shows_the_raw_values_of_unknown_statuses() {
    let repo = long_values();
    let run = repo.plan(&["log", "sync/01"]).ok();
    insta::assert_snapshot!(run.stdout, @"
    1bd4ad2936 2026-02-03 09:00:00  2026-02-01-sync/01  unknown (Sign-off pending from legal and from the vendor's security team) -> unknown (Sign-off pending from legal and from the vendor's platform team, see PR #42)
        by Grace Hopper <grace@example.com>
    c183ea93c1 2026-02-01 09:00:00  2026-02-01-sync/01  created as unknown (Sign-off pending from legal and from the vendor's security team)
        by Ada Author <ada@example.com>
    ");
    let mut cmd = repo.command(crate::common::bin(), repo.path());
    cmd.args(["log", "sync/01"]).env("COLUMNS", "60");
    insta::assert_snapshot!(repo.run(cmd).ok().stdout, @"
    1bd4ad2936 2026-02-03 09:00:00  2026-02-01-sync/01  unknown (…the vendor's security team) -> unknown (…the vendor's platform team, see PR #42)
        by Grace Hopper <grace@example.com>
    c183ea93c1 2026-02-01 09:00:00  2026-02-01-sync/01  created as unknown (Sign-off pending from legal and from th…)
        by Ada Author <ada@example.com>
    ");
    let json = repo.plan(&["log", "sync/01", "--json"]).ok().json();
    let step = &json["entries"][0];
    assert_eq!(
        (&step["from"], &step["to"]),
        (&"unknown".into(), &"unknown".into())
    );
    assert_eq!(
        step["from_raw"],
        "Sign-off pending from legal and from the vendor's security team"
    );
    assert_eq!(
        step["to_raw"],
        "Sign-off pending from legal and from the vendor's platform team, see PR #42"
    );
}

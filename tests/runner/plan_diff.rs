//! `git plan diff` and `git plan review` on real branches: every kind of
//! change (hand edits and CLI transitions), renames with edits, `A...B`
//! after the base moved on, the work tree and the index, and the errors
//! of a range without a left side.

use crate::common::{edit, fill_sections, strings, two_work_packages, TestRepo, WP1, WP2};

const WP2_RENAMED: &str = ".engineering/artifacts/planning/2026-01-02-x/02-second-plan.md";

/// main: initiative x with 01 and 02 (02 depends on 01), filled in, and
/// ADRs 0001 and 0002 proposed. topic (from there): the CLI approves the
/// initiative's first checkpoint, sets 01 ready and starts it, accepts ADR
/// 1 and supersedes ADR 2 by it; by hand 02 goes from draft to complete with its criteria ticked,
/// is renamed with an edit, and gains a risk; 01's priority, a criterion,
/// a dependency and its Overview change; 01's Rollback Plan is emptied.
/// main moves on afterwards (a new work package 03).
fn branches() -> TestRepo {
    let repo = two_work_packages();
    fill_sections(&repo, WP1);
    fill_sections(&repo, WP2);
    repo.commit_all("fill in 01 and 02");
    repo.plan(&["adr", "new", "Use gix", "--date", "2026-01-02"])
        .ok();
    repo.plan(&["adr", "new", "Use git2", "--date", "2026-01-02"])
        .ok();

    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.plan(&["approve", "x", "--by", "Lead"]).ok();
    repo.plan(&["set", "x/01", "status=ready"]).ok();
    repo.plan(&["start", "x/01"]).ok();
    repo.plan(&["adr", "accept", "1"]).ok();
    repo.plan(&["adr", "supersede", "2", "--by", "1"]).ok();
    // 02 by hand: draft -> complete, criteria ticked, then renamed with an
    // edit and a new risk.
    edit(&repo, WP2, "**Status:** Draft", "**Status:** Complete");
    edit(
        &repo,
        WP2,
        "- [ ] p99 latency under 50 ms\n- [ ] no errors in a day of logs\n",
        "- [x] p99 latency under 50 ms\n- [x] no errors in a day of logs\n",
    );
    repo.commit_all("02 is done");
    repo.git(&["mv", WP2, WP2_RENAMED]);
    edit(
        &repo,
        WP2_RENAMED,
        "# Phase 02: Two",
        "# Phase 02: Two, the second",
    );
    edit(
        &repo,
        WP2_RENAMED,
        "| [Risk 1] | [High/Medium/Low] | [High/Medium/Low] | [How to prevent/reduce] |",
        "| [Risk 1] | [High/Medium/Low] | [High/Medium/Low] | [How to prevent/reduce] |\n| Index rebuild is slow | Medium | High | Build it offline |",
    );
    repo.commit_all("rename 02, add a risk");
    // 01 by hand: priority, a criterion reworded and one added, a
    // dependency on 02 (a cycle: 02 depends on 01), the Overview, the Rollback Plan emptied.
    let text = repo.read(WP1);
    let priority = text
        .lines()
        .find(|l| l.starts_with("**Priority:**"))
        .unwrap()
        .to_string();
    edit(&repo, WP1, &priority, "**Priority:** High");
    let depends = text
        .lines()
        .find(|l| l.starts_with("**Depends on:**"))
        .unwrap()
        .to_string();
    edit(&repo, WP1, &depends, "**Depends on:** 02");
    edit(
        &repo,
        WP1,
        "- [ ] no errors in a day of logs\n",
        "- [ ] no errors in a week of logs\n- [ ] a dashboard shows p99\n",
    );
    edit(
        &repo,
        WP1,
        "[1-2 paragraphs explaining:]",
        "Serve search from the new index, behind a flag.",
    );
    let text = repo.read(WP1);
    let start = text.find("## Rollback Plan\n").unwrap() + "## Rollback Plan\n".len();
    let end = start + text[start..].find("\n---").unwrap();
    repo.write(WP1, format!("{}\n{}", &text[..start], &text[end..]));
    repo.commit_all("rework 01");

    repo.git(&["checkout", "-q", "main"]);
    repo.plan(&["add", "x", "Three", "--date", "2026-01-02"])
        .ok();
    repo
}

#[test]
fn diff_human_shows_every_kind_of_change() {
    let repo = branches();
    let run = repo.plan(&["diff", "main...topic"]).ok();
    insta::assert_snapshot!(run.stdout, @"
     M 2026-01-02-x/README.md     | scope-assessment -> planning-folder
     M 2026-01-02-x/START-HERE.md | scope-assessment -> planning-folder, 1 ticked
     M 2026-01-02-x/01            | draft -> in-progress, 2 checklist change(s), 2 section(s) reworded
     R 2026-01-02-x/02            | draft -> complete, 2 ticked, 1 risk change(s)
     M adr-0001                   | proposed -> accepted
     M adr-0002                   | proposed -> superseded
     6 documents changed (0 added, 0 removed, 1 renamed, 5 modified) between 4174c6df9b and 3111bc456e

    2026-01-02-x/README.md .engineering/artifacts/planning/2026-01-02-x/README.md (initiative, modified)
      status: Scope Assessment -> Planning Folder Setup
        f90bee4c66 2026-01-02 Ada Author  scope-assessment -> planning-folder
            Plan-Approved-By: Lead
      checkpoint scope-assessment approved by Lead (f90bee4c66)

    2026-01-02-x/START-HERE.md .engineering/artifacts/planning/2026-01-02-x/START-HERE.md (initiative, modified)
      status: Scope Assessment -> Planning Folder Setup
        f90bee4c66 2026-01-02 Ada Author  scope-assessment -> planning-folder
            Plan-Approved-By: Lead
      checkpoint scope-assessment approved by Lead (f90bee4c66)
      ticked    [x] 1. Scope assessment (🛑 Checkpoints)

    2026-01-02-x/01 .engineering/artifacts/planning/2026-01-02-x/01-one-plan.md (work-package, modified)
      status: Draft -> In Progress
        6695e4378b 2026-01-02 Ada Author  draft -> ready
        86747379c3 2026-01-02 Ada Author  ready -> in-progress
      Rollback Plan section emptied
      reworded  [ ] no errors in a week of logs (was: no errors in a day of logs) (Success Criteria)
      added     [ ] a dashboard shows p99 (Success Criteria)
      dependency added: 02
      priority: MEDIUM -> High
      ## Overview
        [-[1-2-]{+Serve search from the new+} [-paragraphs-]{+index,+} [-explaining:]-]{+behind a flag.+}
        - What this work package covers
        …
        
        ---
      ## Rollback Plan
        [-**Trigger:** error rate above 1% for 5 minutes
        
        **Steps:**
        1. Revert the merge commit.
        2. [Step to revert change 2]
        3. [How to verify rollback successful]
        
        -]---

    2026-01-02-x/02 .engineering/artifacts/planning/2026-01-02-x/02-second-plan.md (work-package, renamed from .engineering/artifacts/planning/2026-01-02-x/02-two-plan.md (92% similar))
      status: Draft -> Complete
        f970ee05e2 2026-01-02 Ada Author  draft -> complete  not allowed
      ticked    [x] p99 latency under 50 ms (Success Criteria)
      ticked    [x] no errors in a day of logs (Success Criteria)
      risk added: Index rebuild is slow (likelihood Medium, impact High)
      title: Phase 02: Two -> Phase 02: Two, the second

    adr-0001 .engineering/artifacts/adr/0001-use-gix.md (adr, modified)
      status: Proposed -> Accepted
        1e13ee8856 2026-01-02 Ada Author  proposed -> accepted
      supersedes: none -> [ADR 0002](0002-use-git2.md)

    adr-0002 .engineering/artifacts/adr/0002-use-git2.md (adr, modified)
      status: Proposed -> Superseded by [ADR 0001](0001-use-gix.md)
        f45401d034 2026-01-02 Ada Author  proposed -> superseded
    ");
}

#[test]
fn diff_json_and_markdown() {
    let repo = branches();
    let run = repo.plan(&["diff", "main...topic", "--json"]).ok();
    insta::assert_snapshot!(run.stdout, @r#"
    {
      "version": 2,
      "from": "4174c6df9baf8db9166694e0b1cf0dc91abbff30",
      "to": "3111bc456ebebf2a01e8915b5330638511f20ff2",
      "commits": 8,
      "documents": [
        {
          "id": "2026-01-02-x/README.md",
          "kind": "initiative",
          "initiative": "2026-01-02-x",
          "path": "artifacts/planning/2026-01-02-x/README.md",
          "change": "modified",
          "status": {
            "from": "scope-assessment",
            "to": "planning-folder",
            "from_raw": "Scope Assessment",
            "to_raw": "Planning Folder Setup",
            "legal": true
          },
          "steps": [
            {
              "from": "scope-assessment",
              "to": "planning-folder",
              "legal": true,
              "moment": {
                "commit": "f90bee4c660cb3a404a670b61af81dc13c8cb764",
                "date": "2026-01-02T03:04:05Z",
                "time": 1767323045,
                "author": "Ada Author",
                "email": "ada@example.com"
              },
              "approved_by": "Lead"
            }
          ],
          "approvals": [
            {
              "checkpoint": "scope-assessment",
              "by": "Lead",
              "commit": "f90bee4c660cb3a404a670b61af81dc13c8cb764"
            }
          ]
        },
        {
          "id": "2026-01-02-x/START-HERE.md",
          "kind": "initiative",
          "initiative": "2026-01-02-x",
          "path": "artifacts/planning/2026-01-02-x/START-HERE.md",
          "change": "modified",
          "status": {
            "from": "scope-assessment",
            "to": "planning-folder",
            "from_raw": "Scope Assessment",
            "to_raw": "Planning Folder Setup",
            "legal": true
          },
          "steps": [
            {
              "from": "scope-assessment",
              "to": "planning-folder",
              "legal": true,
              "moment": {
                "commit": "f90bee4c660cb3a404a670b61af81dc13c8cb764",
                "date": "2026-01-02T03:04:05Z",
                "time": 1767323045,
                "author": "Ada Author",
                "email": "ada@example.com"
              },
              "approved_by": "Lead"
            }
          ],
          "approvals": [
            {
              "checkpoint": "scope-assessment",
              "by": "Lead",
              "commit": "f90bee4c660cb3a404a670b61af81dc13c8cb764"
            }
          ],
          "checklist": [
            {
              "section": "🛑 Checkpoints",
              "change": "ticked",
              "text": "1. Scope assessment",
              "checked": true
            }
          ]
        },
        {
          "id": "2026-01-02-x/01",
          "kind": "work-package",
          "initiative": "2026-01-02-x",
          "path": "artifacts/planning/2026-01-02-x/01-one-plan.md",
          "change": "modified",
          "status": {
            "from": "draft",
            "to": "in-progress",
            "from_raw": "Draft",
            "to_raw": "In Progress",
            "legal": false
          },
          "steps": [
            {
              "from": "draft",
              "to": "ready",
              "legal": true,
              "moment": {
                "commit": "6695e4378bee01773ac29956cf4548ff038dfb94",
                "date": "2026-01-02T03:04:05Z",
                "time": 1767323045,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            },
            {
              "from": "ready",
              "to": "in-progress",
              "legal": true,
              "moment": {
                "commit": "86747379c31614176526bac3da5bbf637af4f18e",
                "date": "2026-01-02T03:04:05Z",
                "time": 1767323045,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            }
          ],
          "sections": [
            {
              "section": "Rollback Plan",
              "change": "emptied"
            }
          ],
          "checklist": [
            {
              "section": "Success Criteria",
              "change": "reworded",
              "text": "no errors in a week of logs",
              "previous_text": "no errors in a day of logs",
              "checked": false
            },
            {
              "section": "Success Criteria",
              "change": "added",
              "text": "a dashboard shows p99",
              "checked": false
            }
          ],
          "dependencies_added": [
            "02"
          ],
          "fields": [
            {
              "field": "priority",
              "from": "MEDIUM",
              "to": "High"
            }
          ],
          "prose": [
            {
              "section": "Overview",
              "chunks": [
                {
                  "tag": "delete",
                  "text": "[1-2"
                },
                {
                  "tag": "insert",
                  "text": "Serve search from the new"
                },
                {
                  "tag": "equal",
                  "text": " "
                },
                {
                  "tag": "delete",
                  "text": "paragraphs"
                },
                {
                  "tag": "insert",
                  "text": "index,"
                },
                {
                  "tag": "equal",
                  "text": " "
                },
                {
                  "tag": "delete",
                  "text": "explaining:]"
                },
                {
                  "tag": "insert",
                  "text": "behind a flag."
                },
                {
                  "tag": "equal",
                  "text": "\n- What this work package covers\n- Why it's needed\n- Expected impact\n\n---"
                }
              ]
            },
            {
              "section": "Rollback Plan",
              "chunks": [
                {
                  "tag": "delete",
                  "text": "**Trigger:** error rate above 1% for 5 minutes\n\n**Steps:**\n1. Revert the merge commit.\n2. [Step to revert change 2]\n3. [How to verify rollback successful]\n\n"
                },
                {
                  "tag": "equal",
                  "text": "---"
                }
              ]
            }
          ]
        },
        {
          "id": "2026-01-02-x/02",
          "kind": "work-package",
          "initiative": "2026-01-02-x",
          "path": "artifacts/planning/2026-01-02-x/02-second-plan.md",
          "previous_path": "artifacts/planning/2026-01-02-x/02-two-plan.md",
          "change": "renamed",
          "similarity": 92,
          "status": {
            "from": "draft",
            "to": "complete",
            "from_raw": "Draft",
            "to_raw": "Complete",
            "legal": false
          },
          "steps": [
            {
              "from": "draft",
              "to": "complete",
              "legal": false,
              "moment": {
                "commit": "f970ee05e28bf855839c1a46b6f7ccf1f10b289c",
                "date": "2026-01-02T03:04:05Z",
                "time": 1767323045,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            }
          ],
          "checklist": [
            {
              "section": "Success Criteria",
              "change": "ticked",
              "text": "p99 latency under 50 ms",
              "checked": true
            },
            {
              "section": "Success Criteria",
              "change": "ticked",
              "text": "no errors in a day of logs",
              "checked": true
            }
          ],
          "risks": [
            {
              "change": "added",
              "risk": {
                "risk": "Index rebuild is slow",
                "likelihood": "Medium",
                "impact": "High",
                "text": "| Index rebuild is slow | Medium | High | Build it offline |"
              }
            }
          ],
          "fields": [
            {
              "field": "title",
              "from": "Phase 02: Two",
              "to": "Phase 02: Two, the second"
            }
          ]
        },
        {
          "id": "adr-0001",
          "kind": "adr",
          "path": "artifacts/adr/0001-use-gix.md",
          "change": "modified",
          "status": {
            "from": "proposed",
            "to": "accepted",
            "from_raw": "Proposed",
            "to_raw": "Accepted",
            "legal": true
          },
          "steps": [
            {
              "from": "proposed",
              "to": "accepted",
              "legal": true,
              "moment": {
                "commit": "1e13ee88566d0c95fe2b807de9da10cdf425302a",
                "date": "2026-01-02T03:04:05Z",
                "time": 1767323045,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            }
          ],
          "fields": [
            {
              "field": "supersedes",
              "from": null,
              "to": "[ADR 0002](0002-use-git2.md)"
            }
          ]
        },
        {
          "id": "adr-0002",
          "kind": "adr",
          "path": "artifacts/adr/0002-use-git2.md",
          "change": "modified",
          "status": {
            "from": "proposed",
            "to": "superseded",
            "from_raw": "Proposed",
            "to_raw": "Superseded by [ADR 0001](0001-use-gix.md)",
            "legal": true
          },
          "steps": [
            {
              "from": "proposed",
              "to": "superseded",
              "legal": true,
              "moment": {
                "commit": "f45401d034dff693df85a59798e7acded964da24",
                "date": "2026-01-02T03:04:05Z",
                "time": 1767323045,
                "author": "Ada Author",
                "email": "ada@example.com"
              }
            }
          ]
        }
      ]
    }
    "#);
    let run = repo
        .plan(&["diff", "main...topic", "--format", "markdown"])
        .ok();
    insta::assert_snapshot!(run.stdout, @r"
    | | Document | Change |
    |---|---|---|
    | M | 2026-01-02-x/README.md | scope-assessment -&gt; planning-folder |
    | M | 2026-01-02-x/START-HERE.md | scope-assessment -&gt; planning-folder, 1 ticked |
    | M | 2026-01-02-x/01 | draft -&gt; in-progress, 2 checklist change(s), 2 section(s) reworded |
    | R | 2026-01-02-x/02 | draft -&gt; complete, 2 ticked, 1 risk change(s) |
    | M | adr-0001 | proposed -&gt; accepted |
    | M | adr-0002 | proposed -&gt; superseded |

    #### 2026-01-02-x/README.md (initiative, modified)

    [.engineering/artifacts/planning/2026-01-02-x/README.md](.engineering/artifacts/planning/2026-01-02-x/README.md)

    - Status: Scope Assessment → Planning Folder Setup
      - scope-assessment → planning-folder in f90bee4c66 by Ada Author; Plan-Approved-By: Lead
    - Checkpoint scope-assessment approved by Lead

    #### 2026-01-02-x/START-HERE.md (initiative, modified)

    [.engineering/artifacts/planning/2026-01-02-x/START-HERE.md](.engineering/artifacts/planning/2026-01-02-x/START-HERE.md)

    - Status: Scope Assessment → Planning Folder Setup
      - scope-assessment → planning-folder in f90bee4c66 by Ada Author; Plan-Approved-By: Lead
    - Checkpoint scope-assessment approved by Lead
    - ticked [x] 1. Scope assessment (🛑 Checkpoints)

    #### 2026-01-02-x/01 (work-package, modified)

    [.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md](.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md)

    - Status: Draft → In Progress
      - draft → ready in 6695e4378b by Ada Author
      - ready → in-progress in 86747379c3 by Ada Author
    - Rollback Plan section emptied
    - reworded [ ] no errors in a week of logs (was: no errors in a day of logs) (Success Criteria)
    - added [ ] a dashboard shows p99 (Success Criteria)
    - Dependency added: 02
    - priority: MEDIUM → High

    <details><summary>Overview</summary>

    ```text
    [-[1-2-]{+Serve search from the new+} [-paragraphs-]{+index,+} [-explaining:]-]{+behind a flag.+}
    - What this work package covers
    …

    ---
    ```

    </details>

    <details><summary>Rollback Plan</summary>

    ```text
    [-**Trigger:** error rate above 1% for 5 minutes

    **Steps:**
    1. Revert the merge commit.
    2. [Step to revert change 2]
    3. [How to verify rollback successful]

    -]---
    ```

    </details>

    #### 2026-01-02-x/02 (work-package, renamed from `.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md`, 92% similar)

    [.engineering/artifacts/planning/2026-01-02-x/02-second-plan.md](.engineering/artifacts/planning/2026-01-02-x/02-second-plan.md)

    - Status: Draft → Complete
      - draft → complete in f970ee05e2 by Ada Author (**not allowed**)
    - ticked [x] p99 latency under 50 ms (Success Criteria)
    - ticked [x] no errors in a day of logs (Success Criteria)
    - Risk added: Index rebuild is slow (likelihood Medium, impact High)
    - title: Phase 02: Two → Phase 02: Two, the second

    #### adr-0001 (adr, modified)

    [.engineering/artifacts/adr/0001-use-gix.md](.engineering/artifacts/adr/0001-use-gix.md)

    - Status: Proposed → Accepted
      - proposed → accepted in 1e13ee8856 by Ada Author
    - supersedes: none → \[ADR 0002\](0002-use-git2.md)

    #### adr-0002 (adr, modified)

    [.engineering/artifacts/adr/0002-use-git2.md](.engineering/artifacts/adr/0002-use-git2.md)

    - Status: Proposed → Superseded by \[ADR 0001\](0001-use-gix.md)
      - proposed → superseded in f45401d034 by Ada Author
    ");
}

#[test]
fn a_rename_with_an_edit_is_one_document_and_three_dots_start_at_the_merge_base() {
    let repo = branches();
    let json = repo.plan(&["diff", "main...topic", "--json"]).ok().json();
    let paths: Vec<(&str, &str)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["change"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect();
    assert!(
        paths.contains(&(
            "renamed",
            "artifacts/planning/2026-01-02-x/02-second-plan.md"
        )),
        "{paths:?}"
    );
    assert!(
        !paths.iter().any(|(_, p)| p.ends_with("02-two-plan.md")),
        "{paths:?}"
    );
    // main's 03 came after the fork: not part of the branch's changes.
    assert!(!paths.iter().any(|(_, p)| p.contains("03-")), "{paths:?}");
    // With two dots main's side counts too: 03 is removed on the way to topic.
    let json = repo.plan(&["diff", "main..topic", "--json"]).ok().json();
    let removed: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["change"] == "removed")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        removed,
        ["artifacts/planning/2026-01-02-x/03-three-plan.md"]
    );
}

#[test]
fn a_range_without_a_left_side_or_that_does_not_resolve_is_a_usage_error() {
    let repo = branches();
    for range in ["..topic", "...topic", "nope..topic", "main..nope"] {
        let run = repo.plan(&["diff", range]).fails(2);
        assert!(run.stdout.is_empty(), "{range}: {}", run.stdout);
        assert!(run.stderr.starts_with("Error: "), "{range}: {}", run.stderr);
    }
    let run = repo.plan(&["diff", "..topic"]).fails(2);
    assert_eq!(
        run.error_lines(),
        ["Error: the range `..topic` has no left side: write A..B or A...B"]
    );
    let run = repo.plan(&["review", "nope...topic"]).fails(2);
    assert_eq!(
        run.error_lines(),
        ["Error: cannot resolve `nope` in the range `nope...topic`"]
    );
}

#[test]
fn the_work_tree_and_the_index_against_head() {
    let repo = branches();
    repo.git(&["checkout", "-q", "topic"]);
    let run = repo.plan(&["diff"]).ok();
    assert_eq!(run.stdout, "No plan changes between HEAD and work tree.\n");
    edit(
        &repo,
        WP1,
        "- [ ] p99 latency under 50 ms",
        "- [x] p99 latency under 50 ms",
    );
    let run = repo.plan(&["diff"]).ok();
    insta::assert_snapshot!(run.stdout, @"
     M 2026-01-02-x/01 | 1 ticked
     1 document changed (0 added, 0 removed, 0 renamed, 1 modified) between HEAD and work tree

    2026-01-02-x/01 .engineering/artifacts/planning/2026-01-02-x/01-one-plan.md (work-package, modified)
      ticked    [x] p99 latency under 50 ms (Success Criteria)
    ");
    // Nothing staged yet.
    let run = repo.plan(&["diff", "--staged"]).ok();
    assert_eq!(run.stdout, "No plan changes between HEAD and index.\n");
    repo.git(&["add", WP1]);
    let json = repo.plan(&["diff", "--staged", "--json"]).ok().json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["to"], "index");
    assert_eq!(json["documents"][0]["checklist"][0]["change"], "ticked");
}

#[test]
fn review_is_one_markdown_document_with_a_marker_and_findings() {
    let repo = branches();
    let run = repo
        .plan(&[
            "review",
            "main...topic",
            "--repo-url",
            "https://github.com/o/r",
        ])
        .ok();
    insta::assert_snapshot!(run.stdout, @r"
    <!-- git-plan review -->
    ## git plan review

    **7 status moves, 3 criteria ticked, 1 new risk, 4 findings introduced, 0 findings fixed** in 6 documents (4174c6df9b → 3111bc456e).

    ### Initiative 2026-01-02-x

    #### 2026-01-02-x/README.md (initiative, modified)

    [.engineering/artifacts/planning/2026-01-02-x/README.md](https://github.com/o/r/blob/3111bc456ebebf2a01e8915b5330638511f20ff2/.engineering/artifacts/planning/2026-01-02-x/README.md)

    - Status: Scope Assessment → Planning Folder Setup
      - scope-assessment → planning-folder in f90bee4c66 by Ada Author; Plan-Approved-By: Lead
    - Checkpoint scope-assessment approved by Lead

    #### 2026-01-02-x/START-HERE.md (initiative, modified)

    [.engineering/artifacts/planning/2026-01-02-x/START-HERE.md](https://github.com/o/r/blob/3111bc456ebebf2a01e8915b5330638511f20ff2/.engineering/artifacts/planning/2026-01-02-x/START-HERE.md)

    - Status: Scope Assessment → Planning Folder Setup
      - scope-assessment → planning-folder in f90bee4c66 by Ada Author; Plan-Approved-By: Lead
    - Checkpoint scope-assessment approved by Lead
    - ticked [x] 1. Scope assessment (🛑 Checkpoints)

    #### 2026-01-02-x/01 (work-package, modified)

    [.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md](https://github.com/o/r/blob/3111bc456ebebf2a01e8915b5330638511f20ff2/.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md)

    - Status: Draft → In Progress
      - draft → ready in 6695e4378b by Ada Author
      - ready → in-progress in 86747379c3 by Ada Author
    - Rollback Plan section emptied
    - reworded [ ] no errors in a week of logs (was: no errors in a day of logs) (Success Criteria)
    - added [ ] a dashboard shows p99 (Success Criteria)
    - Dependency added: 02
    - priority: MEDIUM → High

    <details><summary>Overview</summary>

    ```text
    [-[1-2-]{+Serve search from the new+} [-paragraphs-]{+index,+} [-explaining:]-]{+behind a flag.+}
    - What this work package covers
    …

    ---
    ```

    </details>

    <details><summary>Rollback Plan</summary>

    ```text
    [-**Trigger:** error rate above 1% for 5 minutes

    **Steps:**
    1. Revert the merge commit.
    2. [Step to revert change 2]
    3. [How to verify rollback successful]

    -]---
    ```

    </details>

    #### 2026-01-02-x/02 (work-package, renamed from `.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md`, 92% similar)

    [.engineering/artifacts/planning/2026-01-02-x/02-second-plan.md](https://github.com/o/r/blob/3111bc456ebebf2a01e8915b5330638511f20ff2/.engineering/artifacts/planning/2026-01-02-x/02-second-plan.md)

    - Status: Draft → Complete
      - draft → complete in f970ee05e2 by Ada Author (**not allowed**)
    - ticked [x] p99 latency under 50 ms (Success Criteria)
    - ticked [x] no errors in a day of logs (Success Criteria)
    - Risk added: Index rebuild is slow (likelihood Medium, impact High)
    - title: Phase 02: Two → Phase 02: Two, the second

    ### Other documents

    #### adr-0001 (adr, modified)

    [.engineering/artifacts/adr/0001-use-gix.md](https://github.com/o/r/blob/3111bc456ebebf2a01e8915b5330638511f20ff2/.engineering/artifacts/adr/0001-use-gix.md)

    - Status: Proposed → Accepted
      - proposed → accepted in 1e13ee8856 by Ada Author
    - supersedes: none → \[ADR 0002\](0002-use-git2.md)

    #### adr-0002 (adr, modified)

    [.engineering/artifacts/adr/0002-use-git2.md](https://github.com/o/r/blob/3111bc456ebebf2a01e8915b5330638511f20ff2/.engineering/artifacts/adr/0002-use-git2.md)

    - Status: Proposed → Superseded by \[ADR 0001\](0001-use-gix.md)
      - proposed → superseded in f45401d034 by Ada Author

    ### Findings introduced

    | Level | Rule | File | Message |
    |---|---|---|---|
    | error | `dependency-cycle` | <code>.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md:7</code> | dependency cycle: 2026-01-02-x/01 -&gt; 2026-01-02-x/02 -&gt; 2026-01-02-x/01 |
    | error | `empty-section` | <code>.engineering/artifacts/planning/2026-01-02-x/01-one-plan.md:67</code> | the Rollback Plan section is empty |
    | error | `illegal-transition` | <code>.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md:5</code> | commit f970ee0 (Ada Author) moves 2026-01-02-x/02 from draft to complete, which the work-package lifecycle does not allow (from draft: ready, deferred, cancelled) |
    | error | `guard-skipped` | <code>.engineering/artifacts/planning/2026-01-02-x/02-two-plan.md:5</code> | commit f970ee0 (Ada Author) moves 2026-01-02-x/02 from draft to complete, which <code>git plan</code> refuses: it cannot start: it depends on 2026-01-02-x/01 (in-progress) which is not complete |
    ");
    // A range without plan changes says so in one line.
    let run = repo.plan(&["review", "topic...topic"]).ok();
    assert_eq!(
        run.stdout,
        "<!-- git-plan review -->\n## git plan review\n\nNo plan changes in this range.\n"
    );
}

#[test]
fn markdown_holds_what_a_status_says_inert() {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    edit(
        &repo,
        WP1,
        "**Status:** Draft",
        "**Status:** <b>x</b> `y` | z",
    );
    repo.commit_all("odd status");
    let run = repo
        .plan(&["diff", "main...topic", "--format", "markdown"])
        .ok();
    assert!(
        run.stdout
            .contains("- Status: Draft → &lt;b&gt;x&lt;/b&gt; \\`y\\` \\| z\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("<b>"), "{}", run.stdout);
}

/// The concept-rag corpus, range `38f27f4^..566b8c1` ("latest planning
/// added" to the tip). Read by hand from `git log -p 38f27f4^..566b8c1`:
/// 38f27f4 adds 2026-01-10-planning-branch-architecture with
/// `01-work-package-plan.md` at `✅ Phase 1 Complete` and `START-HERE.md`
/// at `🚧 In Progress`; 011df2f (Mike Clay) changes 01's status line to
/// `✅ Complete (All Phases)`; no other commit of the range touches a
/// status line. So: one move, in 011df2f, on 01, to complete.
#[test]
fn review_on_the_corpus_matches_git_log_p() {
    let Some(repo) = crate::common::corpus_clone() else {
        return;
    };
    let range = "38f27f4^..566b8c1";
    let json = repo.plan(&["diff", range, "--json"]).ok().json();
    let mut moves = Vec::new();
    for d in json["documents"].as_array().unwrap() {
        for s in d["steps"].as_array().into_iter().flatten() {
            moves.push((
                d["path"].as_str().unwrap().to_string(),
                s["moment"]["commit"].as_str().unwrap()[..7].to_string(),
                s["moment"]["author"].as_str().unwrap().to_string(),
                s["to"].as_str().unwrap().to_string(),
            ));
        }
    }
    let wp = "artifacts/planning/2026-01-10-planning-branch-architecture/01-work-package-plan.md";
    assert_eq!(
        moves,
        [(
            wp.to_string(),
            "011df2f".to_string(),
            "Mike Clay".to_string(),
            "complete".to_string()
        )]
    );
    let docs = json["documents"].as_array().unwrap();
    let doc = |path: &str| docs.iter().find(|d| d["path"] == path).unwrap();
    assert_eq!(doc(wp)["change"], "added");
    assert_eq!(doc(wp)["status"]["to_raw"], "✅ Complete (All Phases)");
    let start = "artifacts/planning/2026-01-10-planning-branch-architecture/START-HERE.md";
    assert_eq!(doc(start)["change"], "added");
    assert_eq!(doc(start)["status"]["to_raw"], "🚧 In Progress");

    let run = repo.plan(&["review", range]).ok();
    assert!(
        run.stdout.starts_with("<!-- git-plan review -->\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("**1 status move, "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  - unknown → complete in 011df2fe4d by Mike Clay\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn show_at_a_revision_and_log_over_a_range() {
    let repo = branches();
    // main is checked out: on disk 01 is a draft; at topic it is in progress.
    let json = repo.plan(&["show", "x/01", "--json"]).ok().json();
    assert_eq!(json["status"]["state"], "draft");
    let json = repo
        .plan(&["show", "x/01", "--at", "topic", "--json"])
        .ok()
        .json();
    assert_eq!(json["status"]["state"], "in-progress");
    let run = repo.plan(&["show", "x/02", "--at", "topic"]).ok();
    assert!(
        run.stdout.contains(
            "Path:        .engineering/artifacts/planning/2026-01-02-x/02-second-plan.md"
        ),
        "{}",
        run.stdout
    );
    let run = repo.plan(&["show", "x/01", "--at", "nope"]).fails(1);
    assert!(
        run.stderr.contains("`nope` does not name a commit"),
        "{}",
        run.stderr
    );

    // log over the branch's commits only (main's 03 is not among them).
    let run = repo.plan(&["log", "--range", "main...topic", "x/01"]).ok();
    let moves: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split("  ").last().unwrap())
        .collect();
    assert_eq!(
        moves,
        ["ready -> in-progress", "draft -> ready"],
        "{}",
        run.stdout
    );
    let json = repo
        .plan(&["log", "--range", "main...topic", "--json"])
        .ok()
        .json();
    let ids = strings(&json["entries"], "id");
    assert!(!ids.iter().any(|i| i.contains("/03")), "{ids:?}");
    assert!(ids.contains(&"adr-0001"), "{ids:?}");
    // The full log of topic has 01's creation too; the range does not.
    let all = repo
        .plan(&["log", "--rev", "topic", "x/01", "--json"])
        .ok()
        .json();
    assert_eq!(all["entries"].as_array().unwrap().len(), 3, "{all:#}");
    let run = repo.plan(&["log", "--range", "..topic"]).fails(2);
    assert_eq!(
        run.error_lines(),
        ["Error: the range `..topic` has no left side: write A..B or A...B"]
    );
}

/// The `run:` block of the step `name` in `docs/git-plan-check.yml`, dedented.
fn workflow_step(name: &str) -> String {
    let yml = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/git-plan-check.yml"),
    )
    .unwrap();
    let lines: Vec<&str> = yml.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == format!("- name: {name}"))
        .unwrap_or_else(|| panic!("no step `{name}`"));
    let run = start
        + lines[start..]
            .iter()
            .position(|l| l.trim() == "run: |")
            .unwrap();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let body: Vec<&str> = lines[run + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > indent(lines[run]))
        .copied()
        .collect();
    let cut = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap();
    body.iter()
        .map(|l| if l.len() >= cut { &l[cut..] } else { "" })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_workflow_posts_one_sticky_review_comment_with_gh() {
    let repo = branches();
    repo.git(&["checkout", "-q", "topic"]);
    let base = repo.git(&["rev-parse", "main"]).trim().to_string();
    let script = workflow_step("Post the review");
    // A fake `gh` that records its arguments and the body it is given, and
    // lists a comment of ours when `existing` holds its id.
    let fake = repo.home().join("fake-bin");
    std::fs::create_dir_all(&fake).unwrap();
    let log = repo.home().join("gh.log");
    let existing = repo.home().join("existing");
    std::fs::write(
        fake.join("gh"),
        format!(
            r#"#!/bin/sh
printf '%s\n' "gh $*" >> '{log}'
for a in "$@"; do
  case "$a" in body=@*) cat "${{a#body=@}}" >> '{log}.body' ;; esac
done
case "$*" in
  *--paginate*) [ -f '{existing}' ] && cat '{existing}' ;;
esac
exit 0
"#,
            log = log.display(),
            existing = existing.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(fake.join("gh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let summary = repo.home().join("summary.md");
    let path = format!(
        "{}:{}",
        fake.display(),
        crate::common::path_with_bin().to_str().unwrap()
    );
    let run_script = || {
        let mut cmd = repo.command("bash", repo.path());
        cmd.args(["-c", &script])
            .env("PATH", &path)
            .env("BASE_SHA", &base)
            .env("PR_NUMBER", "7")
            .env("GITHUB_REPOSITORY", "o/r")
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_STEP_SUMMARY", &summary);
        repo.run(cmd).ok()
    };

    // First push: no comment of ours yet, so one is created.
    run_script();
    let calls = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        calls.lines().map(|l| l.split(" -F ").next().unwrap()).collect::<Vec<_>>(),
        [
            "gh api --paginate repos/o/r/issues/7/comments --jq .[] | select(.body | startswith(\"<!-- git-plan review -->\")) | .id",
            "gh api --method POST repos/o/r/issues/7/comments",
        ],
        "{calls}"
    );
    let body = std::fs::read_to_string(log.with_extension("log.body")).unwrap();
    assert!(
        body.starts_with("<!-- git-plan review -->\n## git plan review\n"),
        "{body}"
    );
    // Links go to the repository the runner names.
    assert!(body.contains("](https://github.com/o/r/blob/"), "{body}");
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), body);

    // Next push: the comment is found by its marker and updated in place.
    std::fs::write(&existing, "123\n").unwrap();
    std::fs::remove_file(&log).unwrap();
    run_script();
    let calls = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        calls.lines().nth(1).unwrap().split(" -F ").next().unwrap(),
        "gh api --method PATCH repos/o/r/issues/comments/123",
        "{calls}"
    );
    assert_eq!(calls.lines().count(), 2, "{calls}");
}

//! `git plan status --branches` and `next --branches` (issue 17): work in
//! flight on other branches, in real repositories with real branches, a
//! linked worktree, and a local bare remote fetched from.

use std::path::Path;

use serde_json::Value;

use crate::common::{two_work_packages, TestRepo, WP1, WP2};

/// [`two_work_packages`] with both work packages ready on `main`.
fn ready_on_main() -> TestRepo {
    let repo = two_work_packages();
    repo.plan(&["set", "01", "status=ready", "--force"]).ok();
    repo.plan(&["set", "02", "status=ready", "--force"]).ok();
    repo
}

/// `feat/metrics` off `main` with `git plan start 01` committed there, then
/// back on `main`.
fn started_on_feat_metrics() -> TestRepo {
    let repo = ready_on_main();
    repo.git(&["checkout", "-q", "-b", "feat/metrics"]);
    repo.plan(&["start", "01", "--force"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    repo
}

/// The work package `number` of the first initiative in a status report.
fn work_package<'a>(json: &'a Value, number: &str) -> &'a Value {
    json["initiatives"][0]["work_packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["number"] == number)
        .unwrap()
}

/// Each branch seen and how it was read: `feat/metrics=read`.
fn seen(json: &Value) -> Vec<String> {
    json["branches"]["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            format!(
                "{}={}",
                b["branch"].as_str().unwrap(),
                b["reading"].as_str().unwrap()
            )
        })
        .collect()
}

/// `git` in another directory, with the repository's pinned environment.
fn git_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> String {
    let mut cmd = repo.command("git", dir);
    cmd.args(args);
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "git {args:?} failed:\n{}", run.stderr);
    run.stdout
}

#[test]
fn a_work_package_started_on_a_branch_shows_in_progress_on_mains_view() {
    let repo = started_on_feat_metrics();
    let tip = repo.git(&["rev-parse", "feat/metrics"]).trim().to_string();
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    let wp = work_package(&json, "01");
    // Here it is still ready; on the branch it is in progress, set by the
    // tip's commit (the start), and that is the furthest along.
    assert_eq!(wp["status"]["state"], "ready");
    let on = wp["branches"].as_array().unwrap();
    assert_eq!(on.len(), 1, "{wp:#}");
    assert_eq!(on[0]["branch"], "feat/metrics");
    assert_eq!(on[0]["state"], "in-progress");
    assert_eq!(on[0]["raw"], "In Progress");
    assert_eq!(on[0]["tip"], tip.as_str());
    assert_eq!(on[0]["since"]["commit"], tip.as_str());
    assert_eq!(on[0]["since"]["author"], "Ada Author");
    assert_eq!(on[0]["since"]["date"], "2026-01-02T03:04:05Z");
    assert_eq!(
        on[0]["seconds_in_state"],
        89 * 86_400 + 8 * 3_600 + 55 * 60 + 55
    );
    assert_eq!(wp["furthest"]["state"], "in-progress");
    assert_eq!(wp["furthest"]["branch"], "feat/metrics");
    // 02 is the same there: nothing is added to it.
    let two = work_package(&json, "02");
    assert!(two.get("branches").is_none(), "{two:#}");
    assert!(two.get("furthest").is_none(), "{two:#}");
    assert_eq!(seen(&json), ["feat/metrics=read"]);
    assert_eq!(json["branches"]["pattern"], Value::Null);
    assert_eq!(json["branches"]["stale_days"], 90);
    assert_eq!(json["branches"]["only_on_branches"], serde_json::json!([]));
    // Without --branches nothing of it is there.
    let plain = repo.plan(&["status", "--json"]).ok().json();
    assert!(plain.get("branches").is_none());
    assert!(work_package(&plain, "01").get("branches").is_none());
}

#[test]
fn since_is_the_commit_that_set_the_status_on_the_branch() {
    let repo = started_on_feat_metrics();
    repo.git(&["checkout", "-q", "feat/metrics"]);
    let started = repo.head();
    // Later commits on the branch that keep the status do not move "since".
    crate::common::edit(
        &repo,
        WP1,
        "## Success Criteria",
        "## Success Criteria\n\nMore.\n",
    );
    repo.commit_all("wp 01: more words");
    repo.write("src.rs", "fn main() {}\n");
    repo.commit_all("code");
    repo.git(&["checkout", "-q", "main"]);
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    let on = &work_package(&json, "01")["branches"][0];
    assert_eq!(on["since"]["commit"], started.as_str());
    assert_ne!(on["tip"], started.as_str());
}

#[test]
fn merged_and_stale_branches_are_not_counted() {
    let repo = ready_on_main();
    // feat/done: 02 started there, then merged into main, which moved on.
    repo.git(&["checkout", "-q", "-b", "feat/done"]);
    repo.plan(&["start", "02", "--force"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--ff-only", "feat/done"]);
    repo.plan(&["block", "02", "--reason", "waiting", "--force"])
        .ok();
    // feat/old: 01 started there, last committed in 2025 (NOW is 2026-04-01).
    repo.git(&["checkout", "-q", "-b", "feat/old", "HEAD~2"]);
    crate::common::edit(&repo, WP1, "**Status:** Ready", "**Status:** In Progress");
    repo.git(&["add", "-A"]);
    let mut commit = repo.command("git", repo.path());
    commit
        .args(["commit", "-q", "-m", "old start"])
        .env("GIT_COMMITTER_DATE", "2025-12-01T00:00:00Z");
    assert_eq!(repo.run(commit).code, 0);
    repo.git(&["checkout", "-q", "main"]);
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    assert_eq!(seen(&json), ["feat/done=merged", "feat/old=stale"]);
    for number in ["01", "02"] {
        let wp = work_package(&json, number);
        assert!(wp.get("branches").is_none(), "{wp:#}");
        assert!(wp.get("furthest").is_none(), "{wp:#}");
    }
    // With a longer limit the old branch counts again.
    repo.git(&["config", "plan.branchesStaleDays", "365"]);
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    assert_eq!(seen(&json), ["feat/done=merged", "feat/old=read"]);
    assert_eq!(
        work_package(&json, "01")["branches"][0]["state"],
        "in-progress"
    );
}

#[test]
fn a_document_only_on_a_branch_is_listed() {
    let repo = ready_on_main();
    repo.git(&["checkout", "-q", "-b", "feat/three"]);
    repo.plan(&["add", "x", "Three", "--date", "2026-01-02"])
        .ok();
    repo.git(&["checkout", "-q", "main"]);
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    let only = json["branches"]["only_on_branches"].as_array().unwrap();
    assert_eq!(only.len(), 1, "{only:#?}");
    assert_eq!(only[0]["id"], "2026-01-02-x/03");
    assert_eq!(only[0]["kind"], "work-package");
    assert_eq!(
        only[0]["path"],
        "artifacts/planning/2026-01-02-x/03-three-plan.md"
    );
    assert_eq!(only[0]["title"], "Phase 03: Three");
    assert_eq!(only[0]["initiative"], "2026-01-02-x");
    assert_eq!(only[0]["branch"], "feat/three");
    assert_eq!(only[0]["state"], "draft");
    // It is not one of main's work packages.
    let wps = json["initiatives"][0]["work_packages"].as_array().unwrap();
    assert_eq!(wps.len(), 2);
    // Asked about its initiative, it is listed; about one document, not.
    let only = |args: &[&str]| {
        let json = repo.plan(args).ok().json();
        json["branches"]["only_on_branches"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(only(&["status", "x", "--branches", "--json"]), 1);
    assert_eq!(only(&["status", "01", "--branches", "--json"]), 0);
    assert_eq!(
        only(&["status", "--kind", "adr", "--branches", "--json"]),
        0
    );
    assert_eq!(
        only(&["status", "--kind", "work-package", "--branches", "--json"]),
        1
    );
}

#[test]
fn a_pattern_limits_the_branches_read() {
    let repo = started_on_feat_metrics();
    repo.git(&["checkout", "-q", "-b", "spike/two", "main"]);
    repo.plan(&["start", "02", "--force"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    let json = repo
        .plan(&["status", "--branches=feat/*", "--json"])
        .ok()
        .json();
    assert_eq!(seen(&json), ["feat/metrics=read"]);
    assert_eq!(json["branches"]["excluded"], 1);
    assert_eq!(json["branches"]["pattern"], "feat/*");
    assert!(work_package(&json, "02").get("branches").is_none());
    // Every branch without a pattern.
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    assert_eq!(seen(&json), ["feat/metrics=read", "spike/two=read"]);
    assert_eq!(
        work_package(&json, "02")["branches"][0]["branch"],
        "spike/two"
    );
    // plan.branches gives the default pattern and turns reading on.
    repo.git(&["config", "plan.branches", "spike/*"]);
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(seen(&json), ["spike/two=read"]);
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    assert_eq!(
        seen(&json),
        ["spike/two=read"],
        "--branches alone takes plan.branches"
    );
    let json = repo
        .plan(&["status", "--no-branches", "--json"])
        .ok()
        .json();
    assert!(json.get("branches").is_none());
    repo.git(&["config", "plan.branches", "true"]);
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(seen(&json), ["feat/metrics=read", "spike/two=read"]);
    repo.git(&["config", "plan.branches", "false"]);
    let json = repo.plan(&["status", "--json"]).ok().json();
    assert!(json.get("branches").is_none());
}

#[test]
fn a_worktree_on_another_branch_is_seen_as_committed() {
    let repo = ready_on_main();
    let wt = repo.home().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "feat/wt",
        wt.to_str().unwrap(),
    ]);
    let mut start = repo.command(crate::common::bin(), &wt);
    start.args(["start", "02", "--force"]);
    assert_eq!(repo.run(start).code, 0);
    // An uncommitted edit in that worktree is not read.
    let wt_wp1 = wt.join(WP1);
    let text = std::fs::read_to_string(&wt_wp1).unwrap();
    std::fs::write(
        &wt_wp1,
        text.replace("**Status:** Ready", "**Status:** Complete"),
    )
    .unwrap();
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    assert_eq!(seen(&json), ["feat/wt=read"]);
    assert_eq!(
        work_package(&json, "02")["branches"][0]["state"],
        "in-progress"
    );
    assert!(work_package(&json, "01").get("branches").is_none());
}

#[test]
fn remote_tracking_branches_are_read() {
    let repo = ready_on_main();
    let bare = repo.home().join("remote.git");
    let other = repo.home().join("other");
    repo.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    repo.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    git_in(
        &repo,
        repo.home(),
        &["clone", "-q", bare.to_str().unwrap(), "other"],
    );
    git_in(&repo, &other, &["checkout", "-q", "-b", "feat/x"]);
    let path = other.join(WP2);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("**Status:** Ready", "**Status:** Complete"),
    )
    .unwrap();
    git_in(&repo, &other, &["commit", "-q", "-am", "02 done elsewhere"]);
    git_in(&repo, &other, &["push", "-q", "origin", "feat/x"]);
    repo.git(&["fetch", "-q", "origin"]);
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    // origin/main is main: nothing to show there.
    assert_eq!(
        seen(&json),
        ["origin/feat/x=read", "origin/main=same-plans"]
    );
    let on = &work_package(&json, "02")["branches"][0];
    assert_eq!(on["branch"], "origin/feat/x");
    assert_eq!(on["state"], "complete");
    assert_eq!(
        work_package(&json, "02")["furthest"]["branch"],
        "origin/feat/x"
    );
    let json = repo
        .plan(&["status", "--branches=origin/feat/*", "--json"])
        .ok()
        .json();
    assert_eq!(seen(&json), ["origin/feat/x=read"]);
}

#[test]
fn next_does_not_offer_work_in_progress_on_another_branch() {
    let repo = started_on_feat_metrics();
    let ready = |json: &Value| -> Vec<String> {
        json["ready"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Without reading branches, 01 is ready here.
    let json = repo.plan(&["next", "--json"]).ok().json();
    assert_eq!(ready(&json), ["2026-01-02-x/01"]);
    let json = repo
        .plan(&["next", "--branches", "--json", "--all"])
        .ok()
        .json();
    assert_eq!(ready(&json), Vec::<String>::new());
    let held = &json["in_progress"][0];
    assert_eq!(held["id"], "2026-01-02-x/01");
    assert_eq!(held["state"], "ready");
    assert_eq!(
        held["why"],
        "in-progress on feat/metrics (Ada Author, 89d 8h)"
    );
    let text = repo.plan(&["next", "--branches"]).ok().stdout;
    insta::assert_snapshot!(text, @"nothing is ready: 2026-01-02-x/02 waits on 01 (ready); 2026-01-02-x/01 in-progress on feat/metrics (Ada Author, 89d 8h)");
    // plan.branches turns it on for next too; --no-branches off.
    repo.git(&["config", "plan.branches", "true"]);
    let json = repo.plan(&["next", "--json"]).ok().json();
    assert_eq!(ready(&json), Vec::<String>::new());
    let json = repo.plan(&["next", "--no-branches", "--json"]).ok().json();
    assert_eq!(ready(&json), ["2026-01-02-x/01"]);
}

#[test]
fn the_cache_gives_the_same_answer() {
    let repo = started_on_feat_metrics();
    repo.git(&["checkout", "-q", "-b", "feat/three", "main"]);
    repo.plan(&["add", "x", "Three", "--date", "2026-01-02"])
        .ok();
    repo.git(&["checkout", "-q", "main"]);
    let uncached = repo
        .plan(&["status", "--branches", "--json", "--no-cache"])
        .ok()
        .stdout;
    let cold = repo.plan(&["status", "--branches", "--json"]).ok().stdout;
    let cache = repo.path().join(".git/git-plan");
    let written: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("branches-"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let warm = repo.plan(&["status", "--branches", "--json"]).ok().stdout;
    assert_eq!(cold, uncached);
    assert_eq!(warm, uncached);
    // A damaged cache file is read as none.
    std::fs::write(cache.join(&written[0]), b"gitplanB garbage").unwrap();
    let damaged = repo.plan(&["status", "--branches", "--json"]).ok().stdout;
    assert_eq!(damaged, uncached);
}

#[test]
fn at_and_branches_do_not_mix() {
    let repo = started_on_feat_metrics();
    let run = repo
        .plan(&["status", "--branches", "--at", "HEAD"])
        .fails(2);
    assert!(
        run.stderr.contains("cannot be used with --at"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_human_view_marks_work_in_flight() {
    let repo = started_on_feat_metrics();
    repo.git(&["checkout", "-q", "-b", "feat/three", "main"]);
    repo.plan(&["add", "x", "Three", "--date", "2026-01-02"])
        .ok();
    repo.git(&["checkout", "-q", "main"]);
    let oneline = repo
        .plan(&["status", "--branches", "--oneline"])
        .ok()
        .stdout;
    insta::assert_snapshot!(oneline, @"
    2026-01-02-x     scope-assessment          X
    2026-01-02-x/01  ready             MEDIUM  Phase 01: One  [in-progress on feat/metrics]
    2026-01-02-x/02  ready             MEDIUM  Phase 02: Two
    ");
    let text = repo.plan(&["status", "--branches"]).ok().stdout;
    insta::assert_snapshot!(text, @"
    Roadmap in .engineering/: 1 initiative, 2 work packages, 0 ADRs

    2026-01-02-x  scope-assessment (Scope Assessment)  since 2026-01-02 by Ada Author, 89d 8h
      X
        01  ready                  MEDIUM       Phase 01: One  criteria 0/3  not estimated
             since 2026-01-02 by Ada Author, 89d 8h
             in-progress on feat/metrics (Ada Author, 89d 8h)
        02  ready                  MEDIUM       Phase 02: Two  criteria 0/3  not estimated
             since 2026-01-02 by Ada Author, 89d 8h
              needs 2026-01-02-x/01 (ready)

    Other branches: 2 with plan changes
    Only on other branches:
      2026-01-02-x/03  Phase 03: Three  draft on feat/three (Ada Author, 89d 8h)
    ");
}

#[test]
fn a_branch_that_changed_other_words_does_not_speak_for_the_status() {
    let repo = ready_on_main();
    repo.git(&["checkout", "-q", "-b", "feat/words"]);
    crate::common::edit(
        &repo,
        WP1,
        "## Success Criteria",
        "## Success Criteria\n\nMore.\n",
    );
    repo.commit_all("wp 01: more words");
    repo.git(&["checkout", "-q", "main"]);
    // main moves on: 01 is blocked here; the branch still reads "Ready",
    // as the merge base did, which is no news.
    repo.plan(&["block", "01", "--reason", "waiting", "--force"])
        .ok();
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    assert_eq!(seen(&json), ["feat/words=read"]);
    let wp = work_package(&json, "01");
    assert_eq!(wp["status"]["state"], "blocked");
    assert!(wp.get("branches").is_none(), "{wp:#}");
}

/// `value` as pretty JSON with every commit id written `<commit>`.
fn without_ids(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap();
    let mut out = String::new();
    for word in text.split_inclusive('"') {
        let id = word.trim_end_matches('"');
        if id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push_str("<commit>\"");
        } else {
            out.push_str(word);
        }
    }
    out
}

#[test]
fn the_json_shape() {
    let repo = started_on_feat_metrics();
    repo.git(&["checkout", "-q", "-b", "feat/three", "main"]);
    repo.plan(&["add", "x", "Three", "--date", "2026-01-02"])
        .ok();
    repo.git(&["checkout", "-q", "main"]);
    let json = repo.plan(&["status", "--branches", "--json"]).ok().json();
    let wp = work_package(&json, "01");
    let shape = serde_json::json!({
        "work_package": {"branches": wp["branches"], "furthest": wp["furthest"]},
        "branches": json["branches"],
    });
    insta::assert_snapshot!(without_ids(&shape), @r#"
    {
      "branches": {
        "excluded": 0,
        "only_on_branches": [
          {
            "branch": "feat/three",
            "id": "2026-01-02-x/03",
            "initiative": "2026-01-02-x",
            "kind": "work-package",
            "path": "artifacts/planning/2026-01-02-x/03-three-plan.md",
            "raw": "Draft",
            "seconds_in_state": 7721755,
            "since": {
              "author": "Ada Author",
              "commit": "<commit>",
              "date": "2026-01-02T03:04:05Z",
              "email": "ada@example.com",
              "time": 1767323045
            },
            "state": "draft",
            "tip": "<commit>",
            "title": "Phase 03: Three"
          }
        ],
        "pattern": null,
        "seen": [
          {
            "branch": "feat/metrics",
            "reading": "read",
            "tip": "<commit>"
          },
          {
            "branch": "feat/three",
            "reading": "read",
            "tip": "<commit>"
          }
        ],
        "stale_days": 90
      },
      "work_package": {
        "branches": [
          {
            "branch": "feat/metrics",
            "raw": "In Progress",
            "seconds_in_state": 7721755,
            "since": {
              "author": "Ada Author",
              "commit": "<commit>",
              "date": "2026-01-02T03:04:05Z",
              "email": "ada@example.com",
              "time": 1767323045
            },
            "state": "in-progress",
            "tip": "<commit>"
          }
        ],
        "furthest": {
          "branch": "feat/metrics",
          "state": "in-progress"
        }
      }
    }
    "#);
}

#[test]
fn a_shallow_clone_without_the_merge_base_compares_with_head() {
    let repo = ready_on_main();
    repo.git(&["checkout", "-q", "-b", "feat/x"]);
    repo.plan(&["start", "02", "--force"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    let url = format!("file://{}", repo.path().display());
    git_in(
        &repo,
        repo.home(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            &url,
            "shallow",
        ],
    );
    let shallow = repo.home().join("shallow");
    let json = repo
        .plan_at(&shallow, &["status", "--branches", "--json"])
        .ok()
        .json();
    assert_eq!(
        seen(&json),
        ["origin/feat/x=read", "origin/main=same-plans"]
    );
    // Only what differs from HEAD is shown: 02, in progress there.
    let on = &work_package(&json, "02")["branches"][0];
    assert_eq!(on["branch"], "origin/feat/x");
    assert_eq!(on["state"], "in-progress");
    assert!(work_package(&json, "01").get("branches").is_none());
    assert_eq!(json["branches"]["only_on_branches"], serde_json::json!([]));
}

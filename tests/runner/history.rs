//! Plan history end to end: `log` checked against an oracle computed with
//! plain git over a repository with merges, a rename and hand edits by
//! several authors; `status` since-when, `--at`, checkpoints, durations,
//! the cache, shallow clones, the corpus and an empty repository.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::{
    corpus_clone, edit, fill_sections_but_the_trigger, write_keeping_mtime, Run, TestRepo,
};
use serde_json::Value;

const X: &str = ".engineering/artifacts/planning/2026-01-02-x";
const WP1: &str = ".engineering/artifacts/planning/2026-01-02-x/01-one-plan.md";
const WP2: &str = ".engineering/artifacts/planning/2026-01-02-x/02-two-plan.md";
const WP5: &str = ".engineering/artifacts/planning/2026-01-02-x/05-two-plan.md";
const ADR1: &str = ".engineering/artifacts/adr/0001-use-gix.md";

/// Paths as `log` and `status` give them: relative to the engineering root.
fn rel(path: &str) -> String {
    path.strip_prefix(".engineering/").unwrap().to_string()
}

/// Pins author, committer and both dates of one command.
fn pin(cmd: &mut Command, who: &str, date: &str) {
    let email = format!(
        "{}@example.com",
        who.split(' ').next().unwrap().to_lowercase()
    );
    cmd.env("GIT_AUTHOR_NAME", who)
        .env("GIT_AUTHOR_EMAIL", &email)
        .env("GIT_COMMITTER_NAME", who)
        .env("GIT_COMMITTER_EMAIL", &email)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
}

/// Runs `git-plan` as `who` at `date`, and asserts success.
#[track_caller]
fn plan_as(repo: &TestRepo, who: &str, date: &str, args: &[&str]) -> Run {
    let mut cmd = repo.command(crate::common::bin(), repo.path());
    cmd.args(args);
    pin(&mut cmd, who, date);
    repo.run(cmd).ok()
}

/// Runs git as `who` at `date`, and asserts success.
#[track_caller]
fn git_as(repo: &TestRepo, who: &str, date: &str, args: &[&str]) -> String {
    let mut cmd = repo.command("git", repo.path());
    cmd.args(args);
    pin(&mut cmd, who, date);
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "git {args:?} failed:\n{}", run.stderr);
    run.stdout
}

/// `git commit -a` as `who` at `date`.
#[track_caller]
fn commit_as(repo: &TestRepo, who: &str, date: &str, message: &str) {
    git_as(repo, who, date, &["commit", "-q", "-a", "-m", message]);
}

fn head_of(repo: &TestRepo, rev: &str) -> String {
    repo.git(&["rev-parse", rev]).trim().to_string()
}

/// The commits of the oracle repository worth naming.
struct Oracle {
    repo: TestRepo,
    /// Hal's hand edit of 01 to ready.
    hand_ready: String,
    /// Bea's commit on `feature` (02 to ready, by hand).
    feature_commit: String,
    /// Carl's hand edit of START-HERE.md on main.
    hand_checkpoint: String,
    /// Mia's merge of `feature`.
    merge_feature: String,
    /// Rita's rename of 02 to 05.
    rename: String,
    /// Ann's ADR on the `adr` branch.
    adr_commit: String,
    /// Mia's merge of `adr`.
    merge_adr: String,
    /// The tool's approval by Grace Hopper.
    approval: String,
}

/// A repository with two branches merged with `--no-ff`, a rename that also
/// edits a line, hand edits of status lines by several authors and
/// transitions made by the tool; every commit has its own author and date.
fn oracle_repo() -> Oracle {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.git(&["add", "-A"]);
    commit_as(&repo, "Ada Author", "2026-01-01T09:00:00Z", "initial");
    let ada = "Ada Author";
    plan_as(&repo, ada, "2026-01-02T09:00:00Z", &["init"]);
    plan_as(
        &repo,
        ada,
        "2026-01-02T10:00:00Z",
        &["new", "x", "--date", "2026-01-02"],
    );
    plan_as(
        &repo,
        ada,
        "2026-01-02T11:00:00Z",
        &["add", "x", "One", "--date", "2026-01-02"],
    );
    plan_as(
        &repo,
        ada,
        "2026-01-02T12:00:00Z",
        &[
            "add",
            "x",
            "Two",
            "--date",
            "2026-01-02",
            "--depends-on",
            "01",
        ],
    );
    // Hal makes 01 ready by hand.
    fill_sections_but_the_trigger(&repo, WP1);
    edit(
        &repo,
        WP1,
        "**Status:** Draft\n",
        "**Status:** Ready for Implementation\n",
    );
    commit_as(&repo, "Hal Hand", "2026-01-05T09:00:00Z", "01 is ready");
    let hand_ready = head_of(&repo, "HEAD");
    plan_as(&repo, ada, "2026-01-06T09:00:00Z", &["start", "x/01"]);

    // Bea, on a branch, makes 02 ready by hand.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    fill_sections_but_the_trigger(&repo, WP2);
    edit(&repo, WP2, "**Status:** Draft\n", "**Status:** Ready\n");
    commit_as(&repo, "Bea Branch", "2026-01-07T09:00:00Z", "02 is ready");
    let feature_commit = head_of(&repo, "HEAD");

    // Meanwhile Carl moves the initiative by hand on main.
    repo.git(&["checkout", "-q", "main"]);
    edit(
        &repo,
        &format!("{X}/START-HERE.md"),
        "**Status:** Scope Assessment\n",
        "**Status:** Planning Folder Setup\n",
    );
    commit_as(&repo, "Carl Coder", "2026-01-09T09:00:00Z", "folder set up");
    let hand_checkpoint = head_of(&repo, "HEAD");
    git_as(
        &repo,
        "Mia Merger",
        "2026-01-10T09:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"],
    );
    let merge_feature = head_of(&repo, "HEAD");

    // Rita renumbers 02 to 05 and fixes its title in the same commit.
    repo.git(&["mv", WP2, WP5]);
    edit(&repo, WP5, "# Phase 02: Two\n", "# Phase 05: Two\n");
    commit_as(&repo, "Rita Rename", "2026-01-11T09:00:00Z", "renumber 02");
    let rename = head_of(&repo, "HEAD");
    plan_as(
        &repo,
        ada,
        "2026-01-12T09:00:00Z",
        &["start", "x/05", "--force"],
    );

    // Ann writes an ADR on a branch while main moves on.
    repo.git(&["checkout", "-q", "-b", "adr"]);
    plan_as(
        &repo,
        "Ann Archer",
        "2026-01-13T09:00:00Z",
        &["adr", "new", "Use gix", "--date", "2026-01-13"],
    );
    let adr_commit = head_of(&repo, "HEAD");
    repo.git(&["checkout", "-q", "main"]);
    plan_as(
        &repo,
        ada,
        "2026-01-14T09:00:00Z",
        &["done", "x/01", "--unverified"],
    );
    git_as(
        &repo,
        "Mia Merger",
        "2026-01-15T09:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "Merge adr", "adr"],
    );
    let merge_adr = head_of(&repo, "HEAD");

    plan_as(
        &repo,
        ada,
        "2026-01-16T09:00:00Z",
        &["approve", "x", "--by", "Grace Hopper"],
    );
    let approval = head_of(&repo, "HEAD");
    // Hal accepts the ADR by hand.
    edit(
        &repo,
        ADR1,
        "**Status:** Proposed\n",
        "**Status:** Accepted\n",
    );
    commit_as(&repo, "Hal Hand", "2026-01-17T09:00:00Z", "accept ADR 1");
    assert_eq!(repo.porcelain(), "");
    Oracle {
        repo,
        hand_ready,
        feature_commit,
        hand_checkpoint,
        merge_feature,
        rename,
        adr_commit,
        merge_adr,
        approval,
    }
}

/// One expected `log` entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    commit: String,
    path: String,
    previous_path: Option<String>,
    change: String,
    from_raw: Option<String>,
    to_raw: Option<String>,
}

/// The `**Status:**` value of a header, found by reading lines up to the
/// first `## ` section.
fn header_status(text: &str) -> Option<String> {
    for line in text.lines() {
        if line.starts_with("## ") {
            break;
        }
        if let Some(v) = line.strip_prefix("**Status:**") {
            return Some(v.trim().to_string());
        }
    }
    None
}

/// Markdown plan files at `rev` (relative to the root) and their statuses,
/// read with `git ls-tree` and `git show`.
fn plan_files(repo: &TestRepo, rev: &str) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    for line in repo
        .git(&["ls-tree", "-r", "--name-only", rev, "--", ".engineering/"])
        .lines()
    {
        let path = rel(line);
        if !path.ends_with(".md")
            || path.starts_with("templates/")
            || path.split('/').any(|c| c.starts_with('.'))
        {
            continue;
        }
        let text = repo.git(&["show", &format!("{rev}:{line}")]);
        out.insert(path, header_status(&text));
    }
    out
}

/// Every plan change along the first-parent line, computed with plain git:
/// each commit's plan files compared with its first parent's, renames as
/// `git diff -M` finds them.
fn oracle_events(repo: &TestRepo) -> Vec<Expected> {
    let mut events = Vec::new();
    let mut prev: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut prev_rev: Option<String> = None;
    for rev in repo
        .git(&["rev-list", "--first-parent", "--reverse", "HEAD"])
        .lines()
    {
        let cur = plan_files(repo, rev);
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        if let Some(p) = &prev_rev {
            for line in repo
                .git(&["diff", "--name-status", "-M", p, rev, "--", ".engineering/"])
                .lines()
            {
                let parts: Vec<&str> = line.split('\t').collect();
                if parts[0].starts_with('R') {
                    renamed.insert(rel(parts[2]), rel(parts[1]));
                }
            }
        }
        let push = |events: &mut Vec<Expected>, path: &str, prev_path, change: &str, from, to| {
            events.push(Expected {
                commit: rev.to_string(),
                path: path.to_string(),
                previous_path: prev_path,
                change: change.to_string(),
                from_raw: from,
                to_raw: to,
            })
        };
        for (path, status) in &cur {
            if let Some(old) = renamed.get(path) {
                let from = prev[old].clone();
                push(
                    &mut events,
                    path,
                    Some(old.clone()),
                    "renamed",
                    from,
                    status.clone(),
                );
                continue;
            }
            match prev.get(path) {
                None => push(&mut events, path, None, "added", None, status.clone()),
                Some(before) if before != status => push(
                    &mut events,
                    path,
                    None,
                    "modified",
                    before.clone(),
                    status.clone(),
                ),
                Some(_) => {}
            }
        }
        for (path, status) in &prev {
            if !cur.contains_key(path) && !renamed.values().any(|o| o == path) {
                push(&mut events, path, None, "deleted", status.clone(), None);
            }
        }
        prev = cur;
        prev_rev = Some(rev.to_string());
    }
    events.sort();
    events
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// `log --json` entries as [`Expected`] values, sorted.
fn as_expected(entries: &[Value]) -> Vec<Expected> {
    let mut out: Vec<Expected> = entries
        .iter()
        .map(|e| Expected {
            commit: e["moment"]["commit"].as_str().unwrap().to_string(),
            path: e["path"].as_str().unwrap().to_string(),
            previous_path: opt(&e["previous_path"]),
            change: e["change"].as_str().unwrap().to_string(),
            from_raw: opt(&e["from_raw"]),
            to_raw: opt(&e["to_raw"]),
        })
        .collect();
    out.sort();
    out
}

/// Author, UTC author date and `Plan-*` trailers of a commit, from git.
fn commit_facts(repo: &TestRepo, rev: &str) -> (String, String, Vec<(String, String)>) {
    let out = repo.git(&[
        "log",
        "-1",
        "--date=format-local:%Y-%m-%dT%H:%M:%SZ",
        "--format=%an%n%ad%n%B",
        rev,
    ]);
    let mut lines = out.lines();
    let author = lines.next().unwrap().to_string();
    let date = lines.next().unwrap().to_string();
    let trailers = lines
        .filter_map(|l| {
            let (k, v) = l.split_once(": ")?;
            k.starts_with("Plan-")
                .then(|| (k.to_string(), v.trim().to_string()))
        })
        .collect();
    (author, date, trailers)
}

fn entries(json: &Value) -> &Vec<Value> {
    json["entries"].as_array().unwrap()
}

/// The entries for one path, oldest first.
fn entries_at<'a>(json: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut v: Vec<&Value> = entries(json).iter().filter(|e| e["path"] == path).collect();
    v.reverse();
    v
}

#[test]
fn log_agrees_with_an_oracle_computed_with_git() {
    let o = oracle_repo();
    let repo = &o.repo;
    // `--all`: every document's steps, as git has them.
    let json = repo.plan(&["log", "--json", "--all"]).ok().json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["id"], Value::Null);
    let expected = oracle_events(repo);
    assert!(expected.len() > 12, "{expected:#?}");
    assert_eq!(as_expected(entries(&json)), expected);

    // Newest first, and every entry names its commit's author, date and
    // trailers as git has them.
    let times: Vec<i64> = entries(&json)
        .iter()
        .map(|e| e["moment"]["time"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    for e in entries(&json) {
        let commit = e["moment"]["commit"].as_str().unwrap();
        let (author, date, trailers) = commit_facts(repo, commit);
        assert_eq!(e["moment"]["author"], author.as_str(), "{e}");
        assert_eq!(e["moment"]["date"], date.as_str(), "{e}");
        let got: Vec<(String, String)> = e["trailers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t[0].as_str().unwrap().to_string(),
                    t[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, trailers, "{e}");
    }

    // Hand edits are transitions, with their own author and date.
    let wp1 = entries_at(&json, &rel(WP1));
    let hand = wp1
        .iter()
        .find(|e| e["moment"]["commit"] == o.hand_ready.as_str())
        .unwrap();
    assert_eq!(hand["change"], "modified");
    assert_eq!(hand["from"], "draft");
    assert_eq!(hand["to"], "ready");
    assert_eq!(hand["to_raw"], "Ready for Implementation");
    assert_eq!(hand["moment"]["author"], "Hal Hand");
    assert_eq!(hand["moment"]["date"], "2026-01-05T09:00:00Z");
    assert_eq!(hand["trailers"], serde_json::json!([]));
    let states: Vec<&str> = wp1.iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(states, ["draft", "ready", "in-progress", "complete"]);

    let start_here = entries_at(&json, &rel(&format!("{X}/START-HERE.md")));
    let by: Vec<(&str, &str)> = start_here
        .iter()
        .map(|e| {
            (
                e["to"].as_str().unwrap(),
                e["moment"]["author"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by,
        [
            ("scope-assessment", "Ada Author"),
            ("planning-folder", "Carl Coder"),
            ("analysis", "Ada Author")
        ]
    );
    assert_eq!(
        start_here[1]["moment"]["commit"],
        o.hand_checkpoint.as_str()
    );

    // A change made on a merged branch belongs to the merge on the
    // first-parent line, made by whoever merged.
    let merged = entries(&json)
        .iter()
        .find(|e| e["path"] == rel(WP2) && e["change"] == "modified")
        .unwrap();
    assert_eq!(merged["moment"]["commit"], o.merge_feature.as_str());
    assert_eq!(merged["moment"]["author"], "Mia Merger");
    assert_eq!(merged["moment"]["date"], "2026-01-10T09:00:00Z");
    assert_eq!(merged["from_raw"], "Draft");
    assert_eq!(merged["to_raw"], "Ready");
    let adr_added = entries_at(&json, &rel(ADR1))[0];
    assert_eq!(adr_added["change"], "added");
    assert_eq!(adr_added["moment"]["commit"], o.merge_adr.as_str());
    for e in entries(&json) {
        assert_ne!(e["moment"]["commit"], o.feature_commit.as_str());
        assert_ne!(e["moment"]["commit"], o.adr_commit.as_str());
    }
}

#[test]
fn a_renamed_plan_keeps_its_history() {
    let o = oracle_repo();
    let json = o.repo.plan(&["log", "x/05", "--json"]).ok().json();
    assert_eq!(json["id"], "2026-01-02-x/05");
    let steps: Vec<(String, String, String, String, String)> = entries(&json)
        .iter()
        .rev()
        .map(|e| {
            (
                e["change"].as_str().unwrap().to_string(),
                e["path"].as_str().unwrap().to_string(),
                e["from_raw"].as_str().unwrap_or("-").to_string(),
                e["to_raw"].as_str().unwrap_or("-").to_string(),
                e["moment"]["author"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let s = |a: &str, p: &str, f: &str, t: &str, w: &str| {
        (
            a.to_string(),
            rel(p),
            f.to_string(),
            t.to_string(),
            w.to_string(),
        )
    };
    assert_eq!(
        steps,
        [
            s("added", WP2, "-", "Draft", "Ada Author"),
            s("modified", WP2, "Draft", "Ready", "Mia Merger"),
            s("renamed", WP5, "Ready", "Ready", "Rita Rename"),
            s("modified", WP5, "Ready", "In Progress", "Ada Author"),
        ]
    );
    let renamed = &entries(&json)[1];
    assert_eq!(renamed["previous_path"], rel(WP2));
    assert_eq!(renamed["moment"]["commit"], o.rename.as_str());
    assert_eq!(
        entries(&json)[0]["trailers"],
        serde_json::json!([
            ["Plan-Id", "2026-01-02-x/05"],
            ["Plan-Transition", "ready -> in-progress"],
            ["Plan-Override", "dependencies-complete"]
        ])
    );
    // status: created where it was first written, under its old name.
    let status = o.repo.plan(&["status", "x/05", "--json"]).ok().json();
    let wp = &status["initiatives"][0]["work_packages"][0];
    assert_eq!(wp["id"], "2026-01-02-x/05");
    assert_eq!(wp["created"]["date"], "2026-01-02T12:00:00Z");
    assert_eq!(wp["status"]["since"]["date"], "2026-01-12T09:00:00Z");

    // The human log says so too.
    let run = o.repo.plan(&["log", "x/05"]).ok();
    assert!(
        run.stdout.contains(&format!("renamed from {}", rel(WP2))),
        "{}",
        run.stdout
    );
}

#[test]
fn full_history_finds_the_commits_on_merged_branches() {
    let o = oracle_repo();
    let repo = &o.repo;
    let json = repo.plan(&["log", "--full-history", "--json"]).ok().json();
    let on_branch = entries(&json)
        .iter()
        .find(|e| e["moment"]["commit"] == o.feature_commit.as_str())
        .unwrap();
    assert_eq!(on_branch["path"], rel(WP2));
    assert_eq!(on_branch["from_raw"], "Draft");
    assert_eq!(on_branch["to_raw"], "Ready");
    assert_eq!(on_branch["moment"]["author"], "Bea Branch");
    assert_eq!(on_branch["moment"]["date"], "2026-01-07T09:00:00Z");
    let adr = entries(&json)
        .iter()
        .find(|e| e["moment"]["commit"] == o.adr_commit.as_str())
        .unwrap();
    assert_eq!(adr["change"], "added");
    assert_eq!(adr["path"], rel(ADR1));
    assert_eq!(adr["moment"]["author"], "Ann Archer");
    // The merges changed nothing of their own: they bring no entry, and
    // each change is there once.
    for e in entries(&json) {
        assert_ne!(e["moment"]["commit"], o.merge_feature.as_str(), "{e}");
        assert_ne!(e["moment"]["commit"], o.merge_adr.as_str(), "{e}");
    }
    assert_eq!(
        entries(&json).len(),
        entries(&repo.plan(&["log", "--json"]).ok().json()).len()
    );

    // Since-when and creation, as of the ADR merge: first-parent names the
    // merger, full history the author on the branch.
    let adr_of = |json: &Value| json["adrs"]["items"][0].clone();
    let fp = repo
        .plan(&["status", "--json", "--at", &o.merge_adr])
        .ok()
        .json();
    assert_eq!(adr_of(&fp)["created"]["author"], "Mia Merger");
    assert_eq!(
        adr_of(&fp)["status"]["since"]["commit"],
        o.merge_adr.as_str()
    );
    let full = repo
        .plan(&["status", "--json", "--full-history", "--at", &o.merge_adr])
        .ok()
        .json();
    assert_eq!(adr_of(&full)["created"]["author"], "Ann Archer");
    assert_eq!(
        adr_of(&full)["status"]["since"]["commit"],
        o.adr_commit.as_str()
    );
    assert_eq!(
        adr_of(&full)["status"]["since"]["date"],
        "2026-01-13T09:00:00Z"
    );
}

/// Drops every `seconds_in_state` (it depends on the clock).
fn without_clock(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("seconds_in_state");
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

#[test]
fn status_at_a_revision_agrees_with_a_checkout_of_it() {
    let o = oracle_repo();
    let repo = &o.repo;
    let worktrees = tempfile::TempDir::new().unwrap();
    let revs: Vec<String> = repo
        .git(&["rev-list", "--first-parent", "HEAD"])
        .lines()
        .map(str::to_string)
        .collect();
    // Every commit from the first one with an initiative.
    let revs: Vec<&String> = revs
        .iter()
        .filter(|r| {
            repo.git_run(&["cat-file", "-e", &format!("{r}:{X}/README.md")])
                .code
                == 0
        })
        .collect();
    assert!(revs.len() >= 10, "{revs:?}");
    let mut compared = 0;
    for (i, rev) in revs.iter().enumerate() {
        let at = repo.plan(&["status", "--json", "--at", rev]).ok().json();
        assert_eq!(at["at"], rev.as_str());
        let dir = worktrees.path().join(format!("wt{i}"));
        repo.git(&[
            "worktree",
            "add",
            "-q",
            "--detach",
            dir.to_str().unwrap(),
            rev,
        ]);
        let checked_out = repo.plan_at(&dir, &["status", "--json"]).ok().json();
        assert_eq!(checked_out.get("at"), None);
        let mut at = without_clock(at);
        at.as_object_mut().unwrap().remove("at");
        assert_eq!(at, without_clock(checked_out), "at {rev}");
        compared += 1;
    }
    assert_eq!(compared, revs.len());

    // A revision that names no commit is a clear error.
    let run = repo.plan(&["status", "--at", "no-such-branch"]).fails(1);
    assert!(
        run.error_lines()[0].starts_with("Error: `no-such-branch` does not name a commit"),
        "{}",
        run.stderr
    );
    // What gitoxide said follows, once, below the error.
    assert!(
        run.stderr.contains("\nCaused by: ")
            && !run.error_lines()[0].contains("could not be found"),
        "{}",
        run.stderr
    );
}

/// The pinned `GIT_PLAN_NOW` of every run.
fn now() -> i64 {
    crate::common::NOW_SECS
}

/// A status object of the report, by document id.
fn status_by_id(json: &Value, id: &str) -> Value {
    for init in json["initiatives"].as_array().unwrap() {
        if init["id"] == id {
            return init["status"].clone();
        }
        for wp in init["work_packages"].as_array().unwrap() {
            if wp["id"] == id {
                return wp["status"].clone();
            }
        }
    }
    for adr in json["adrs"]["items"].as_array().unwrap() {
        if adr["id"] == id {
            return adr["status"].clone();
        }
    }
    panic!("{id} not in the report")
}

#[test]
fn status_says_since_when_and_by_whom() {
    let o = oracle_repo();
    let repo = &o.repo;
    let before = now();
    let json = repo.plan(&["status", "--json"]).ok().json();
    let after = now();
    let check = |id: &str, commit: &str, date: &str, author: &str| {
        let s = status_by_id(&json, id);
        let since = &s["since"];
        assert_eq!(since["commit"], commit, "{id}: {s}");
        assert_eq!(since["date"], date, "{id}: {s}");
        assert_eq!(since["author"], author, "{id}: {s}");
        let t = since["time"].as_i64().unwrap();
        let secs = s["seconds_in_state"].as_i64().unwrap();
        assert!(
            (before - t..=after - t).contains(&secs),
            "{id}: {secs} not in {}..={}",
            before - t,
            after - t
        );
    };
    let done_commit = repo
        .git(&[
            "log",
            "--first-parent",
            "--format=%H",
            "-1",
            "--grep",
            "in-progress -> complete",
        ])
        .trim()
        .to_string();
    check(
        "2026-01-02-x/01",
        &done_commit,
        "2026-01-14T09:00:00Z",
        "Ada Author",
    );
    check(
        "2026-01-02-x",
        &o.approval,
        "2026-01-16T09:00:00Z",
        "Ada Author",
    );
    check(
        "adr-0001",
        &head_of(repo, "HEAD"),
        "2026-01-17T09:00:00Z",
        "Hal Hand",
    );

    // A status changed in the work tree but not committed has no since.
    edit(
        repo,
        WP1,
        "**Status:** Complete (unverified)\n",
        "**Status:** Blocked\n",
    );
    let json = repo.plan(&["status", "--json"]).ok().json();
    let s = status_by_id(&json, "2026-01-02-x/01");
    assert_eq!(s["state"], "blocked");
    // Not committed: `since` and `seconds_in_state` are null (always present).
    assert_eq!(s["since"], Value::Null, "{s}");
    assert_eq!(s["seconds_in_state"], Value::Null, "{s}");
    assert!(status_by_id(&json, "2026-01-02-x/05")["since"].is_object());
    let run = repo.plan(&["status"]).ok();
    assert!(run.stdout.contains("(not committed)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("since 2026-01-12 by Ada Author"),
        "{}",
        run.stdout
    );
}

#[test]
fn checkpoints_name_who_approved() {
    let o = oracle_repo();
    let json = o.repo.plan(&["status", "--json"]).ok().json();
    let checkpoints = json["initiatives"][0]["checkpoints"].as_array().unwrap();
    let got: Vec<(&str, &str, &str, Value)> = checkpoints
        .iter()
        .map(|c| {
            (
                c["state"].as_str().unwrap(),
                c["raw"].as_str().unwrap(),
                c["reached"]["author"].as_str().unwrap(),
                c["approved_by"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "scope-assessment",
                "Scope Assessment",
                "Ada Author",
                Value::Null
            ),
            (
                "planning-folder",
                "Planning Folder Setup",
                "Carl Coder",
                Value::Null
            ),
            ("analysis", "Analysis", "Ada Author", "Grace Hopper".into()),
        ]
    );
    assert_eq!(checkpoints[2]["reached"]["commit"], o.approval.as_str());
    let run = o.repo.plan(&["status"]).ok();
    assert!(
        run.stdout
            .contains("approved: analysis 2026-01-16 by Grace Hopper"),
        "{}",
        run.stdout
    );
}

/// A work package taken from creation to completion at pinned times.
fn timed() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.git(&["add", "-A"]);
    let ada = "Ada Author";
    commit_as(&repo, ada, "2026-03-01T08:00:00Z", "initial");
    plan_as(&repo, ada, "2026-03-01T09:00:00Z", &["init"]);
    plan_as(
        &repo,
        ada,
        "2026-03-01T09:30:00Z",
        &["new", "x", "--date", "2026-01-02"],
    );
    // Created.
    plan_as(
        &repo,
        ada,
        "2026-03-02T10:00:00Z",
        &["add", "x", "One", "--date", "2026-01-02"],
    );
    fill_sections_but_the_trigger(&repo, WP1);
    commit_as(&repo, ada, "2026-03-02T11:00:00Z", "fill in 01");
    plan_as(
        &repo,
        ada,
        "2026-03-03T09:00:00Z",
        &["set", "x/01", "status=ready"],
    );
    // First start.
    plan_as(
        &repo,
        "Bob Builder",
        "2026-03-04T09:15:00Z",
        &["start", "x/01"],
    );
    plan_as(
        &repo,
        "Bob Builder",
        "2026-03-05T12:00:00Z",
        &["block", "x/01", "--reason", "vendor"],
    );
    plan_as(
        &repo,
        "Bob Builder",
        "2026-03-06T08:00:00Z",
        &["reopen", "x/01"],
    );
    edit(&repo, WP1, "- [ ] p99", "- [x] p99");
    edit(&repo, WP1, "- [ ] no errors", "- [x] no errors");
    commit_as(&repo, "Bob Builder", "2026-03-07T10:00:00Z", "criteria met");
    // Complete.
    plan_as(
        &repo,
        "Bob Builder",
        "2026-03-08T17:45:30Z",
        &["done", "x/01"],
    );
    repo
}

fn ts(date: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(date)
        .unwrap()
        .timestamp()
}

#[test]
fn log_of_a_work_package_reports_cycle_and_lead_time() {
    let repo = timed();
    let json = repo.plan(&["log", "x/01", "--json"]).ok().json();
    let done = ts("2026-03-08T17:45:30Z");
    let durations = serde_json::json!({
        "cycle_time_seconds": done - ts("2026-03-04T09:15:00Z"),
        "lead_time_seconds": done - ts("2026-03-02T10:00:00Z"),
    });
    assert_eq!(json["durations"], durations);
    let tos: Vec<&str> = entries(&json)
        .iter()
        .map(|e| e["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        tos,
        [
            "complete",
            "in-progress",
            "blocked",
            "in-progress",
            "ready",
            "draft"
        ]
    );
    let run = repo.plan(&["log", "x/01"]).ok();
    assert!(
        run.stdout
            .contains("cycle time (in progress -> complete): 4d 8h\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("lead time (created -> complete): 6d 7h\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Plan-Reason: vendor"), "{}", run.stdout);

    // Renamed after completion: the same durations.
    let wp3 = WP1.replace("01-one", "03-one");
    repo.git(&["mv", WP1, &wp3]);
    commit_as(&repo, "Rita Rename", "2026-03-20T09:00:00Z", "renumber");
    let json = repo.plan(&["log", "x/03", "--json"]).ok().json();
    assert_eq!(entries(&json)[0]["change"], "renamed");
    assert_eq!(json["durations"], durations);

    // Reopened, so not complete: no durations to report.
    repo.plan(&["reopen", "x/03"]).ok();
    let json = repo.plan(&["log", "x/03", "--json"]).ok().json();
    assert_eq!(
        json["durations"],
        serde_json::json!({"cycle_time_seconds": null, "lead_time_seconds": null})
    );
    // An initiative or an ADR has none at all.
    let json = repo.plan(&["log", "x", "--json"]).ok().json();
    assert_eq!(json.get("durations"), None);
}

#[test]
fn log_since_filters_by_date() {
    let repo = timed();
    let all = repo.plan(&["log", "--json"]).ok().json();
    let since = repo
        .plan(&["log", "--since", "2026-03-05", "--json"])
        .ok()
        .json();
    let cut = ts("2026-03-05T00:00:00Z");
    let expected: Vec<&Value> = entries(&all)
        .iter()
        .filter(|e| e["moment"]["time"].as_i64().unwrap() >= cut)
        .collect();
    assert_eq!(expected.len(), 3, "{all}");
    assert_eq!(entries(&since).iter().collect::<Vec<_>>(), expected);
    let one = repo
        .plan(&["log", "x/01", "--since", "2026-03-08", "--json"])
        .ok()
        .json();
    assert_eq!(entries(&one).len(), 1);
    assert_eq!(entries(&one)[0]["to"], "complete");
    let run = repo.plan(&["log", "--since", "March"]).fails(2);
    assert!(
        run.stderr.contains("--since `March` is not a date"),
        "{}",
        run.stderr
    );
}

/// The history cache files under `.git/git-plan/`.
fn cache_files(repo: &TestRepo) -> Vec<std::path::PathBuf> {
    cache_files_named(repo, "history-")
}

fn cache_files_named(repo: &TestRepo, prefix: &str) -> Vec<std::path::PathBuf> {
    let dir = repo.path().join(".git/git-plan");
    let Ok(list) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = list
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "bin")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn parsed_documents_are_reused_only_while_their_files_are_unchanged() {
    let repo = timed();
    // Only documents last changed a few seconds before a run are recorded:
    // answers() runs with GIT_PLAN_NOW a minute after the files were written.
    let uncached = answers(&repo, false);
    assert!(
        cache_files_named(&repo, "tree-").is_empty(),
        "--no-cache wrote one"
    );
    assert_eq!(answers(&repo, true), uncached);
    assert_eq!(cache_files_named(&repo, "tree-").len(), 1);
    let tree_cache = cache_files_named(&repo, "tree-").remove(0);
    let recorded = std::fs::read(&tree_cache).unwrap();
    for rel_path in ["2026-01-02-x/01-one-plan.md", "2026-01-02-x/START-HERE.md"] {
        assert!(
            recorded
                .windows(rel_path.len())
                .any(|w| w == rel_path.as_bytes()),
            "{rel_path} is not recorded in {}",
            tree_cache.display()
        );
    }
    let written = file_identity(&tree_cache);
    assert_eq!(answers(&repo, true), uncached, "from the cache");
    // The cache was used: a run that takes every document from it has
    // nothing new to record and leaves the file alone, while one that read
    // none of it would parse every document anew and write the file again
    // (a new file, renamed into place).
    assert_eq!(
        file_identity(&tree_cache),
        written,
        "a run with nothing changed rewrote the cache: it did not use it"
    );
    assert_eq!(std::fs::read(&tree_cache).unwrap(), recorded);

    // An edit of the same length that keeps the modification time: the
    // change time still moves, so the new text is read.
    let text = repo.read(WP1);
    let edited = text.replacen("**Status:** ", "**Status:**\u{a0}", 1);
    assert_ne!(edited, text);
    write_keeping_mtime(&repo, WP1, &edited);
    let (status, _) = answers(&repo, true);
    assert_ne!(
        file_identity(&tree_cache),
        written,
        "the edited document was not recorded again"
    );
    assert_eq!(status, answers(&repo, false).0);
    assert_eq!(answers(&repo, true).0, status);

    // A damaged cache file is not used.
    std::fs::write(&tree_cache, b"gitplanT garbage").unwrap();
    assert_eq!(answers(&repo, true).0, status);
}

/// A file's inode and modification time, which a rewrite (a new file
/// renamed into place) changes.
fn file_identity(path: &Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (meta.ino(), meta.modified().unwrap())
}

/// `status --json` and `log --json`, the way a user runs them (cached) or
/// with `--no-cache`, with `GIT_PLAN_NOW` a minute after the files were
/// written, so that the cache of the work tree records them.
fn answers(repo: &TestRepo, cached: bool) -> (Value, Value) {
    let mut status = vec!["status", "--json"];
    let mut log = vec!["log", "--json"];
    if !cached {
        status.push("--no-cache");
        log.push("--no-cache");
    }
    let later = |args: &[&str]| {
        let mut cmd = repo.command(crate::common::bin(), repo.path());
        cmd.args(args)
            .env("GIT_PLAN_NOW", crate::common::later_than_the_files());
        repo.run(cmd).ok()
    };
    let s = later(&status);
    let l = later(&log);
    assert_eq!(s.stderr, "");
    assert_eq!(l.stderr, "");
    (without_clock(s.json()), l.json())
}

#[track_caller]
fn assert_cache_agrees(repo: &TestRepo) {
    let uncached = answers(repo, false);
    assert_eq!(answers(repo, true), uncached, "cold or extended run");
    assert_eq!(answers(repo, true), uncached, "run from the cache");
}

#[test]
fn the_cache_never_changes_an_answer() {
    let repo = timed();
    assert!(cache_files(&repo).is_empty());
    let uncached = answers(&repo, false);
    assert!(cache_files(&repo).is_empty(), "--no-cache wrote a cache");
    assert_eq!(answers(&repo, true), uncached);
    let files = cache_files(&repo);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(answers(&repo, true), uncached);

    // A corrupt cache is rebuilt silently.
    let good = std::fs::read(&files[0]).unwrap();
    std::fs::write(&files[0], b"{\"version\": 1, garbage \x00\xff").unwrap();
    assert_eq!(answers(&repo, true), uncached);
    assert_eq!(std::fs::read(&files[0]).unwrap(), good, "not rebuilt");
    // Cut short, or one byte of its payload changed.
    std::fs::write(&files[0], &good[..good.len() / 2]).unwrap();
    assert_eq!(answers(&repo, true), uncached);
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x01;
    std::fs::write(&files[0], &flipped).unwrap();
    assert_eq!(answers(&repo, true), uncached);
    assert_eq!(std::fs::read(&files[0]).unwrap(), good, "not rebuilt");

    // New commits: the cached run extends the cache and still agrees.
    repo.plan(&["reopen", "x/01"]).ok();
    edit(
        &repo,
        WP1,
        "**Status:** In Progress\n",
        "**Status:** Blocked (by hand)\n",
    );
    commit_as(&repo, "Hal Hand", "2026-03-10T09:00:00Z", "blocked");
    repo.plan(&["add", "x", "Two", "--date", "2026-01-02"]).ok();
    assert_cache_agrees(&repo);
    let (_, log) = answers(&repo, true);
    assert_eq!(entries(&log)[1]["to_raw"], "Blocked (by hand)");

    // Rewritten history: back to an earlier plan commit, amended.
    repo.git(&["reset", "-q", "--hard", "HEAD~3"]);
    assert_cache_agrees(&repo);
    edit(
        &repo,
        WP1,
        "**Status:** Complete\n",
        "**Status:** Deferred\n",
    );
    git_as(
        &repo,
        "Eve Editor",
        "2026-03-11T09:00:00Z",
        &[
            "commit",
            "-q",
            "-a",
            "--amend",
            "--reset-author",
            "-m",
            "deferred instead",
        ],
    );
    assert_cache_agrees(&repo);
    let (status, log) = answers(&repo, true);
    assert_eq!(
        status_by_id(&status, "2026-01-02-x/01")["since"]["author"],
        "Eve Editor"
    );
    assert_eq!(entries(&log)[0]["to_raw"], "Deferred");
    assert!(entries(&log)
        .iter()
        .all(|e| e["moment"]["author"] != "Hal Hand"));

    // A cache made on a branch that main then merges.
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.plan(&["add", "x", "Three", "--date", "2026-01-02"])
        .ok();
    assert_cache_agrees(&repo);
    repo.git(&["checkout", "-q", "main"]);
    repo.plan(&["add", "x", "Four", "--date", "2026-01-02"])
        .ok();
    git_as(
        &repo,
        "Mia Merger",
        "2026-03-12T09:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
    );
    assert_cache_agrees(&repo);
    // And full history has a cache of its own that agrees as well.
    let full = repo
        .plan(&["log", "--json", "--full-history", "--no-cache"])
        .ok()
        .json();
    for _ in 0..2 {
        assert_eq!(
            repo.plan(&["log", "--json", "--full-history"]).ok().json(),
            full
        );
    }
}

#[test]
fn a_shallow_clone_knows_what_it_cannot_know() {
    let o = oracle_repo();
    let clone = TestRepo::empty_dir();
    let mut cmd = clone.command("git", clone.path());
    cmd.args(["clone", "-q", "--depth", "2"])
        .arg(format!("file://{}", o.repo.path().display()))
        .arg(".");
    clone.run(cmd).ok();
    assert_eq!(
        clone.git(&["rev-parse", "--is-shallow-repository"]),
        "true\n"
    );
    let boundary = head_of(&clone, "HEAD~1");

    let json = clone.plan(&["status", "--json"]).ok().json();
    assert_eq!(json["shallow"], true);
    // Set before the boundary: the boundary commit, no date, no author.
    for id in ["2026-01-02-x/01", "2026-01-02-x/05", "2026-01-02-x"] {
        let since = &status_by_id(&json, id)["since"];
        assert_eq!(since["commit"], boundary.as_str(), "{id}");
        assert_eq!(since["date"], Value::Null, "{id}");
        assert_eq!(since["author"], Value::Null, "{id}");
        assert_eq!(status_by_id(&json, id)["seconds_in_state"], Value::Null);
    }
    // Set by the last commit, inside the clone: known.
    let adr = status_by_id(&json, "adr-0001");
    assert_eq!(adr["since"]["author"], "Hal Hand");
    assert_eq!(adr["since"]["date"], "2026-01-17T09:00:00Z");
    assert_eq!(json["adrs"]["items"][0]["created"]["date"], Value::Null);

    let run = clone.plan(&["status"]).ok();
    assert!(
        run.hint_lines()
            .iter()
            .any(|h| h.contains("git fetch --unshallow")),
        "{}",
        run.stderr
    );
    let run = clone.plan(&["log"]).ok();
    assert!(
        run.hint_lines()
            .iter()
            .any(|h| h.contains("git fetch --unshallow")),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("present at the shallow boundary"),
        "{}",
        run.stdout
    );
    let log = clone.plan(&["log", "--json"]).ok().json();
    assert_eq!(log["shallow"], true);
    let newest = &entries(&log)[0];
    assert_eq!(newest["change"], "modified");
    assert_eq!(newest["moment"]["author"], "Hal Hand");
    assert!(entries(&log)[1..]
        .iter()
        .all(|e| e["moment"]["date"].is_null() && e["moment"]["commit"] == boundary.as_str()));
    let run = clone.plan(&["log", "x/01", "--json"]).ok();
    assert_eq!(
        run.json()["durations"],
        serde_json::json!({"cycle_time_seconds": null, "lead_time_seconds": null})
    );
}

#[test]
fn the_corpus_has_a_creation_for_every_initiative_and_a_since_for_every_status() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    // Every file's creation and renames: `--all`.
    let log = repo.plan(&["log", "--json", "--all"]).ok().json();
    let status = repo.plan(&["status", "--json"]).ok().json();
    // Renames point back to where a file was created.
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut added: BTreeMap<&str, &Value> = BTreeMap::new();
    for e in entries(&log) {
        match e["change"].as_str().unwrap() {
            "renamed" => {
                previous.insert(
                    e["path"].as_str().unwrap(),
                    e["previous_path"].as_str().unwrap(),
                );
            }
            "added" => {
                added.insert(e["path"].as_str().unwrap(), e);
            }
            _ => {}
        }
    }
    let planning = repo.path().join("artifacts/planning");
    let mut dirs: Vec<_> = std::fs::read_dir(&planning)
        .unwrap()
        .map(|d| d.unwrap().path())
        .filter(|d| d.is_dir())
        .collect();
    dirs.sort();
    let mut folders = 0;
    for (i, dir) in dirs.iter().enumerate() {
        folders += 1;
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let mut creation = None;
        for file in files_below(dir) {
            let mut path = file
                .strip_prefix(repo.path())
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            while let Some(p) = previous.get(path.as_str()) {
                path = p.to_string();
            }
            if let Some(e) = added.get(path.as_str()) {
                creation = Some(*e);
                break;
            }
        }
        let e = creation.unwrap_or_else(|| panic!("no creation for {name}"));
        assert!(e["moment"]["date"].is_string(), "{e}");
        assert!(e["moment"]["author"].is_string(), "{e}");

        // `log FOLDER` shows it as well, following renames (checked for a
        // sample: each run parses the whole corpus).
        if i % 10 != 0 && i + 1 != dirs.len() {
            continue;
        }
        let one = repo.plan(&["log", &name, "--json"]).ok().json();
        assert!(
            entries(&one)
                .iter()
                .any(|e| e["change"] == "added" && e["moment"]["date"].is_string()),
            "log {name} has no creation"
        );
    }
    assert_eq!(
        folders,
        status["initiatives"].as_array().unwrap().len(),
        "one initiative per folder"
    );
    assert!(folders >= 60);

    let mut with_status = 0;
    let mut check = |what: &Value| {
        if let Some(s) = what.get("status").filter(|s| !s.is_null()) {
            with_status += 1;
            let since = &s["since"];
            assert!(since["commit"].is_string(), "{} has no since", what["id"]);
            assert!(since["date"].is_string(), "{}", what["id"]);
            assert!(since["author"].is_string(), "{}", what["id"]);
        }
        assert!(what["created"]["date"].is_string(), "{}", what["id"]);
    };
    for init in status["initiatives"].as_array().unwrap() {
        check(init);
        for wp in init["work_packages"].as_array().unwrap() {
            check(wp);
        }
    }
    for adr in status["adrs"]["items"].as_array().unwrap() {
        check(adr);
    }
    assert!(with_status > 100, "{with_status}");
}

fn files_below(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_below(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn an_empty_repository_has_a_status_but_no_log() {
    let repo = TestRepo::new();
    repo.plan(&["init", "--no-commit"]).ok();
    repo.plan(&["new", "x", "--date", "2026-01-02", "--no-commit"])
        .ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02", "--no-commit"])
        .ok();
    let run = repo.plan(&["status", "--json"]).ok();
    assert_eq!(run.stderr, "");
    let json = run.json();
    let init = &json["initiatives"][0];
    assert_eq!(init["status"]["state"], "scope-assessment");
    assert_eq!(init["status"]["since"], Value::Null);
    assert_eq!(init.get("created"), None);
    assert_eq!(init["work_packages"][0]["status"]["state"], "draft");
    assert_eq!(init["work_packages"][0]["status"]["since"], Value::Null);
    let run = repo.plan(&["status"]).ok();
    assert!(!run.stdout.contains("not committed"), "{}", run.stdout);

    let run = repo.plan(&["log"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: the current branch has no commits yet, so there is no history"]
    );
    assert_eq!(run.stdout, "");
    repo.plan(&["log", "x/01", "--json"]).fails(1);
    assert_eq!(repo.commit_count(), 0);
}

#[test]
fn log_rev_reads_history_up_to_that_revision() {
    let o = oracle_repo();
    let repo = &o.repo;
    let all = repo.plan(&["log", "--json"]).ok().json();
    let newest = entries(&all)[0]["moment"]["commit"]
        .as_str()
        .unwrap()
        .to_string();
    // At the parent of the newest plan commit, that commit's entries are gone
    // and everything older is the same.
    let parent = format!("{newest}~1");
    let before = repo.plan(&["log", "--rev", &parent, "--json"]).ok().json();
    let older: Vec<&Value> = entries(&all)
        .iter()
        .filter(|e| e["moment"]["commit"].as_str() != Some(newest.as_str()))
        .collect();
    let got: Vec<&Value> = entries(&before).iter().collect();
    assert_eq!(got, older);
    let run = repo.plan(&["log", "--rev", "no-such-rev"]).fails(1);
    assert!(run.stderr.contains("no-such-rev"), "{}", run.stderr);
}

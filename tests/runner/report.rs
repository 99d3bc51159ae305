//! `git plan report`: the series from history (burn-up, WIP, cycle, lead
//! and blocked time) against values worked out by hand from the commits
//! each test makes, the page's escaping, where it is written, and the
//! page of the concept-rag corpus in headless Chromium.

use crate::common::{self, wp, TestRepo, INITIATIVE};

const DAY: i64 = 86_400;
/// 2026-02-01T00:00:00Z, the first moment of the fixture.
const T0: i64 = 1_769_904_000;

fn plan(title: &str, status: &str) -> String {
    format!(
        "# Phase: {title}\n\n**Status:** {status}\n\n## Success Criteria\n\n- [ ] it works\n\n## Rollback Plan\n\nRevert the merge commit.\n"
    )
}

/// `git add -A` and a commit dated `day` days after [`T0`].
fn commit_on(repo: &TestRepo, day: i64, message: &str) {
    repo.git(&["add", "-A"]);
    let date = format!("@{} +0000", T0 + day * DAY);
    let mut cmd = repo.command("git", repo.path());
    cmd.args(["commit", "-q", "-m", message])
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date);
    let run = repo.run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn set(repo: &TestRepo, file: &str, title: &str, status: &str) {
    repo.write(&wp(file), plan(title, status));
}

/// Day 0: 01, 02 and 03 ready. Day 1: 01 in progress. Day 2: 02 in
/// progress, 03 cancelled. Day 3: 02 blocked. Day 5: 02 in progress
/// again. Day 6: 01 complete, 04 added. Day 8: 02 complete. Every status
/// edited by hand (no `git plan` command), one in a synonym's spelling.
fn fixture() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(
        &format!("{INITIATIVE}/README.md"),
        "# Initiative X\n\n**Status:** Implementation\n",
    );
    set(&repo, "01-one-plan.md", "One", "Ready");
    set(&repo, "02-two-plan.md", "Two", "Ready");
    set(&repo, "03-three-plan.md", "Three", "Ready");
    commit_on(&repo, 0, "x: three work packages");
    set(&repo, "01-one-plan.md", "One", "In Progress");
    commit_on(&repo, 1, "start 01");
    set(&repo, "02-two-plan.md", "Two", "In Progress");
    set(&repo, "03-three-plan.md", "Three", "Cancelled");
    commit_on(&repo, 2, "start 02, cancel 03");
    set(&repo, "02-two-plan.md", "Two", "Blocked");
    commit_on(&repo, 3, "02 blocked");
    set(&repo, "02-two-plan.md", "Two", "in progress");
    commit_on(&repo, 5, "02 unblocked");
    set(&repo, "01-one-plan.md", "One", "Complete");
    set(&repo, "04-four-plan.md", "Four", "Ready");
    commit_on(&repo, 6, "01 complete, add 04");
    set(&repo, "02-two-plan.md", "Two", "Complete");
    commit_on(&repo, 8, "02 complete");
    repo
}

/// `(day, planned, completed, wip)` of each point.
fn points(series: &serde_json::Value) -> Vec<(i64, u64, u64, u64)> {
    series["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                (p["time"].as_i64().unwrap() - T0) / DAY,
                p["planned"].as_u64().unwrap(),
                p["completed"].as_u64().unwrap(),
                p["wip"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn flow<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["work_packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {json}"))
}

#[test]
fn the_series_are_the_counts_worked_out_from_the_commits() {
    let repo = fixture();
    let json = repo.plan(&["report", "--json"]).ok().json();
    // By hand from `fixture`: 03 leaves the scope on day 2, 04 joins it
    // on day 6; 02's blocked spell takes it out of WIP on days 3-5.
    let expected = vec![
        (0, 3, 0, 0),
        (1, 3, 0, 1),
        (2, 2, 0, 2),
        (3, 2, 0, 1),
        (5, 2, 0, 2),
        (6, 3, 1, 1),
        (8, 3, 2, 0),
    ];
    assert_eq!(points(&json["overall"]), expected);
    assert_eq!(json["initiatives"][0]["id"], "2026-01-02-x");
    assert_eq!(points(&json["initiatives"][0]), expected);
    // 01: started day 1, created day 0, complete day 6. 02: started day 2,
    // created day 0, complete day 8, blocked days 3 to 5.
    let one = flow(&json, "2026-01-02-x/01");
    assert_eq!(one["cycle_time_seconds"], 5 * DAY);
    assert_eq!(one["lead_time_seconds"], 6 * DAY);
    assert_eq!(one["blocked_seconds"], 0);
    let two = flow(&json, "2026-01-02-x/02");
    assert_eq!(two["cycle_time_seconds"], 6 * DAY);
    assert_eq!(two["lead_time_seconds"], 8 * DAY);
    assert_eq!(two["blocked_seconds"], 2 * DAY);
    let three = flow(&json, "2026-01-02-x/03");
    assert_eq!(three["state"], "cancelled");
    assert_eq!(three["cycle_time_seconds"], serde_json::Value::Null);
    // Nearest rank of [5d, 6d]: the median is rank 1, the 85th rank 2.
    assert_eq!(json["cycle_time"]["median_seconds"], 5 * DAY);
    assert_eq!(json["cycle_time"]["p85_seconds"], 6 * DAY);
    assert_eq!(json["lead_time"]["median_seconds"], 6 * DAY);
    assert_eq!(json["lead_time"]["p85_seconds"], 8 * DAY);
    assert_eq!(json["unknown_dates"], serde_json::json!([]));
}

#[test]
fn since_starts_the_series_with_the_counts_of_that_day() {
    let repo = fixture();
    // Day 4 (2026-02-05): 02 is blocked, 01 in progress.
    let json = repo
        .plan(&["report", "--json", "--since", "2026-02-05"])
        .ok()
        .json();
    assert_eq!(
        points(&json["overall"]),
        vec![(4, 2, 0, 1), (5, 2, 0, 2), (6, 3, 1, 1), (8, 3, 2, 0)]
    );
    assert_eq!(json["since"], "2026-02-05T00:00:00Z");
    // Both were completed after it.
    assert_eq!(json["cycle_time"]["count"], 2);
    insta::assert_snapshot!(
        "report_since_json",
        serde_json::to_string_pretty(&json).unwrap()
    );
}

#[test]
fn at_reports_the_tree_and_history_of_a_revision() {
    let repo = fixture();
    // HEAD~1: before 02 was complete.
    let json = repo
        .plan(&["report", "--json", "--at", "HEAD~1"])
        .ok()
        .json();
    assert_eq!(points(&json["overall"]).last(), Some(&(6, 3, 1, 1)));
    assert_eq!(json["cycle_time"]["values"], serde_json::json!([5 * DAY]));
    assert!(json["at"].as_str().is_some_and(|a| a.len() == 40));
}

#[test]
fn an_initiative_limits_the_series_and_an_unknown_one_is_a_usage_error() {
    let repo = fixture();
    repo.write(
        ".engineering/artifacts/planning/2026-01-03-y/01-other-plan.md",
        plan("Other", "Ready"),
    );
    commit_on(&repo, 9, "y");
    let all = repo.plan(&["report", "--json"]).ok().json();
    assert_eq!(points(&all["overall"]).last(), Some(&(9, 4, 2, 0)));
    let x = repo
        .plan(&["report", "--json", "--initiative", "2026-01-02-x"])
        .ok()
        .json();
    assert_eq!(x["initiatives"].as_array().unwrap().len(), 1);
    assert_eq!(points(&x["overall"]).last(), Some(&(8, 3, 2, 0)));
    let run = repo
        .plan(&["report", "--json", "--initiative", "nope"])
        .fails(2);
    assert!(run.stderr.contains("--initiative `nope`"), "{}", run.stderr);
}

#[test]
fn the_json_series_of_the_fixture() {
    let repo = fixture();
    let json = repo.plan(&["report", "--json"]).ok().json();
    insta::assert_snapshot!("report_json", serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn text_from_documents_is_escaped_in_the_page() {
    let repo = TestRepo::initialised();
    let nasty = "<script>alert(\"x\")</script> & co";
    repo.write(
        &wp("01-one-plan.md"),
        format!(
            "# Phase: {nasty}\n\n**Status:** Ready {nasty}\n\n## Success Criteria\n\n- [ ] {nasty}\n\n## Rollback Plan\n\nRevert.\n"
        ),
    );
    commit_on(&repo, 0, "nasty");
    let page = repo.plan(&["report", "-o", "-"]).ok().stdout;
    assert!(!page.contains("<script"), "a raw <script> in the page");
    // The status as text (minijinja writes `/` as `&#x2f;` too); the
    // title as the document layer reads it (Markdown drops inline HTML).
    assert!(
        page.contains("Ready &lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt; &amp; co"),
        "the status is not shown as text"
    );
    assert!(
        page.contains("<td>Phase: alert(&quot;x&quot;) &amp; co</td>"),
        "the title is not shown as text"
    );
}

/// The page (to standard output) as a user's run makes it, with a
/// `GIT_PLAN_NOW` after the files were written so that the cache of
/// findings may record them; or with `--no-cache`.
fn page(repo: &TestRepo, now: &str, cached: bool) -> String {
    let mut cmd = repo.command(common::bin(), repo.path());
    cmd.args(["report", "-o", "-"]).env("GIT_PLAN_NOW", now);
    if !cached {
        cmd.arg("--no-cache");
    }
    repo.run(cmd).ok().stdout
}

fn check_cache_files(repo: &TestRepo) -> Vec<std::path::PathBuf> {
    let Ok(dir) = std::fs::read_dir(repo.path().join(".git/git-plan")) else {
        return Vec::new();
    };
    dir.map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("check-")
        })
        .collect()
}

#[test]
fn the_cache_of_findings_never_shows_a_stale_finding() {
    let repo = fixture();
    let now = common::later_than_the_files();
    let fresh = page(&repo, &now, false);
    assert!(check_cache_files(&repo).is_empty(), "--no-cache wrote one");
    assert!(!fresh.contains("missing-rollback-plan"), "{fresh}");
    assert_eq!(page(&repo, &now, true), fresh);
    assert_eq!(check_cache_files(&repo).len(), 1);
    assert_eq!(page(&repo, &now, true), fresh);

    // An edit of the same size, the modification time put back: the
    // finding it makes is on the page, cached or not.
    let text = repo.read(&wp("02-two-plan.md"));
    common::write_keeping_mtime(
        &repo,
        &wp("02-two-plan.md"),
        text.replace("## Rollback Plan", "## Notes on Plan"),
    );
    let now = common::later_than_the_files();
    let edited = page(&repo, &now, false);
    assert!(
        edited.contains("<td>missing-rollback-plan</td>"),
        "{edited}"
    );
    assert_eq!(page(&repo, &now, true), edited);
    assert_eq!(page(&repo, &now, true), edited);

    // A second work package 01: a duplicate number, found in both.
    repo.write(&wp("01-again-plan.md"), plan("Again", "Ready"));
    let now = common::later_than_the_files();
    let twice = page(&repo, &now, false);
    assert_eq!(twice.matches("<td>duplicate-number</td>").count(), 2);
    assert_eq!(page(&repo, &now, true), twice);
    assert_eq!(page(&repo, &now, true), twice);
}

#[test]
fn the_page_is_written_where_asked_and_never_into_the_plan_tree() {
    let repo = fixture();
    repo.plan(&["report"]).ok();
    let page = repo.read("git-plan-report.html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<svg"));
    repo.plan(&["report", "--out", "site"]).ok();
    assert!(repo.exists("site/index.html"));
    let run = repo
        .plan(&["report", "-o", ".engineering/report.html"])
        .fails(1);
    assert!(
        run.stderr.contains("inside the plan tree"),
        "{}",
        run.stderr
    );
    assert!(!repo.exists(".engineering/report.html"));
}

/// Debian's `chromium`, when installed.
fn chromium() -> Option<std::path::PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_file())
}

/// Runs headless Chromium on `page` with `extra` arguments; (stdout, stderr).
fn headless(page: &std::path::Path, profile: &std::path::Path, extra: &[&str]) -> (String, String) {
    let out = std::process::Command::new(chromium().unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_corpus_report_renders_in_headless_chromium() {
    let Some(repo) = common::corpus_clone() else {
        return;
    };
    if chromium().is_none() {
        common::skip_unless_required("GIT_PLAN_REQUIRE_CHROMIUM", "chromium is not installed");
        return;
    }
    let out = tempfile::TempDir::new().unwrap();
    let page = out.path().join("report.html");
    repo.plan(&["report", "-o", page.to_str().unwrap()]).ok();
    let profile = out.path().join("profile");
    let (dom, log) = headless(&page, &profile, &["--dump-dom"]);
    for bad in ["Uncaught", "ERROR:CONSOLE"] {
        assert!(!log.contains(bad), "{bad} in chromium's log:\n{log}");
    }
    // Every initiative folder of the corpus is a row of the roadmap table.
    let planning = [".engineering/artifacts/planning", "artifacts/planning"]
        .iter()
        .map(|p| repo.path().join(p))
        .find(|p| p.is_dir())
        .unwrap();
    let mut folders = 0;
    for entry in std::fs::read_dir(&planning).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        folders += 1;
        assert!(
            dom.contains(&format!("\">{name}</a></td>")),
            "{name} is not in the rendered table"
        );
    }
    assert!(folders > 0);
    // The charts: burn-ups, two strips and the graph, each with a size.
    let svgs: Vec<&str> = dom.split("<svg ").skip(1).collect();
    assert!(svgs.len() >= 4, "{} charts", svgs.len());
    for svg in svgs {
        let head = &svg[..svg.find('>').unwrap()];
        for attr in ["width=\"", "height=\""] {
            let at = head
                .find(attr)
                .unwrap_or_else(|| panic!("no {attr} in {head}"));
            let value: f64 = head[at + attr.len()..]
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(value > 0.0, "{head}");
        }
    }
    let shot = std::env::var_os("GIT_PLAN_SCREENSHOT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| out.path().join("report.png"));
    let (_, log) = headless(
        &page,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,2400",
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}):\n{log}"));
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
}

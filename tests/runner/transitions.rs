//! Phase transitions end to end: every verb, its commit message and
//! trailers, the guards and `--force`, the surgical one-line edit (CRLF
//! too), the user's other work left alone, and the repository states in
//! which a transition must refuse and change nothing.

use crate::common::{diverge, fill_sections, replace, two_work_packages, Run, TestRepo, WP1, WP2};

/// The initiative folder, from the top of the work tree.
const X: &str = ".engineering/artifacts/planning/2026-01-02-x";

/// `init`, an initiative `x` and two work packages, `02` depending on `01`,
/// each committed by the tool.
fn scaffold() -> TestRepo {
    let repo = two_work_packages();
    assert_eq!(repo.porcelain(), "");
    repo
}

/// Ticks every Success Criteria item written by [`fill_sections`].
fn tick_criteria(repo: &TestRepo, rel: &str) {
    let text = repo.read(rel);
    let text = replace(
        &text,
        "- [ ] p99 latency under 50 ms\n- [ ] no errors in a day of logs\n",
        "- [x] p99 latency under 50 ms\n- [x] no errors in a day of logs\n",
    );
    repo.write(rel, text);
}

/// Fills the sections of work package `n` (`01`, `02`), commits, and sets
/// it ready with the tool.
fn make_ready(repo: &TestRepo, rel: &str, id: &str) {
    fill_sections(repo, rel);
    repo.commit_all(&format!("fill in {id}"));
    repo.plan(&["set", id, "status=ready"]).ok();
}

/// A work package `x/01` in progress.
fn in_progress() -> TestRepo {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    repo.plan(&["start", "x/01"]).ok();
    repo
}

/// `git log -1 --format=%B`.
fn message(repo: &TestRepo) -> String {
    repo.git(&["log", "-1", "--format=%B"])
}

/// The commit message a transition writes, with trailers after the two
/// standard ones.
fn expected_message(id: &str, from: &str, to: &str, extra: &[&str]) -> String {
    let mut m =
        format!("plan({id}): {from} -> {to}\n\nPlan-Id: {id}\nPlan-Transition: {from} -> {to}\n");
    for t in extra {
        m.push_str(t);
        m.push('\n');
    }
    m.push('\n');
    m
}

/// Asserts that the last commit's message is the one a transition from
/// `from` to `to` writes, with the `extra` trailers.
#[track_caller]
fn assert_committed(repo: &TestRepo, id: &str, from: &str, to: &str, extra: &[&str]) {
    assert_eq!(message(repo), expected_message(id, from, to, extra));
}

/// Asserts that `run` reported the transition on its first stdout line.
#[track_caller]
fn assert_reported(run: &Run, id: &str, from: &str, to: &str) {
    let line = format!("{id}: {from} -> {to}\n");
    assert!(run.stdout.starts_with(&line), "{}", run.stdout);
}

/// The `**Status:**` value written in a file.
fn status_of(repo: &TestRepo, rel: &str) -> String {
    repo.read(rel)
        .lines()
        .find_map(|l| l.strip_prefix("**Status:** "))
        .unwrap_or_else(|| panic!("no status line in {rel}"))
        .trim_end()
        .to_string()
}

/// Files changed by HEAD, from `git show --stat --format= HEAD`.
fn stat_files(repo: &TestRepo) -> Vec<String> {
    let stat = repo.git(&["show", "--stat=300", "--format=", "HEAD"]);
    let mut files: Vec<String> = stat
        .lines()
        .filter(|l| l.contains(" | "))
        .map(|l| l.split(" | ").next().unwrap().trim().to_string())
        .collect();
    files.sort();
    files
}

/// What a refused command must leave: the same HEAD, the same status, the
/// same bytes in every plan file.
struct Snapshot {
    head: String,
    porcelain: String,
    files: Vec<(String, Vec<u8>)>,
    cached: String,
}

impl Snapshot {
    fn take(repo: &TestRepo, files: &[&str]) -> Snapshot {
        Snapshot {
            head: repo.head(),
            porcelain: repo.porcelain(),
            files: files
                .iter()
                .map(|f| (f.to_string(), std::fs::read(repo.path().join(f)).unwrap()))
                .collect(),
            cached: repo.git(&["diff", "--cached", "--binary"]),
        }
    }

    #[track_caller]
    fn assert_unchanged(&self, repo: &TestRepo) {
        assert_eq!(repo.head(), self.head, "HEAD moved");
        assert_eq!(repo.porcelain(), self.porcelain, "git status changed");
        assert_eq!(
            repo.git(&["diff", "--cached", "--binary"]),
            self.cached,
            "the index changed"
        );
        for (f, bytes) in &self.files {
            assert_eq!(
                &std::fs::read(repo.path().join(f)).unwrap(),
                bytes,
                "{f} changed"
            );
        }
    }
}

/// stderr holds exactly one `Error:` line, starting with `prefix`.
#[track_caller]
fn assert_one_error_starting(run: &Run, prefix: &str) {
    let errors = run.error_lines();
    assert!(
        errors.len() == 1 && errors[0].starts_with(prefix),
        "expected one error starting with `{prefix}`:\n{}",
        run.stderr
    );
}

/// The `-`/`+` lines of `git diff HEAD~1 HEAD`, without the file headers.
fn changed_lines(repo: &TestRepo) -> Vec<String> {
    repo.git(&["diff", "HEAD~1", "HEAD"])
        .split('\n')
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn start_commits_exactly_the_status_line() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    let before = repo.read(WP1);
    let commits = repo.commit_count();

    let run = repo.git_plan(&["start", "x/01"]).ok();
    assert_reported(&run, "2026-01-02-x/01", "ready", "in-progress");
    assert!(
        run.stdout.contains("Committed ")
            && run
                .stdout
                .contains(" plan(2026-01-02-x/01): ready -> in-progress\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
    assert_eq!(repo.commit_count(), commits + 1);
    assert_committed(&repo, "2026-01-02-x/01", "ready", "in-progress", &[]);
    assert_eq!(stat_files(&repo), [WP1]);
    assert_eq!(
        changed_lines(&repo),
        [
            "-**Status:** Ready for Implementation",
            "+**Status:** In Progress"
        ]
    );
    assert_eq!(
        repo.read(WP1),
        replace(
            &before,
            "**Status:** Ready for Implementation\n",
            "**Status:** In Progress\n"
        )
    );
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn start_changes_every_status_line_that_agreed() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    // A closing status line that says the same as the header in other
    // words.
    let text = format!(
        "{}\n---\n\n**Status:** Ready to implement\n",
        repo.read(WP1)
    );
    repo.write(WP1, &text);
    repo.commit_all("a closing status line");
    let before = repo.read(WP1);

    repo.plan(&["start", "x/01"]).ok();
    assert_eq!(
        changed_lines(&repo),
        [
            "-**Status:** Ready for Implementation",
            "+**Status:** In Progress",
            "-**Status:** Ready to implement",
            "+**Status:** In Progress"
        ]
    );
    let expected = replace(
        &replace(
            &before,
            "**Status:** Ready for Implementation\n",
            "**Status:** In Progress\n",
        ),
        "**Status:** Ready to implement\n",
        "**Status:** In Progress\n",
    );
    assert_eq!(repo.read(WP1), expected);
    let check = repo.plan(&["check", "--all", "--format", "json"]).ok();
    assert_eq!(
        check.json()["by_rule"].get("status-disagreement"),
        None,
        "{}",
        check.stdout
    );
}

#[test]
fn start_keeps_a_crlf_file_crlf_and_changes_one_value() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    let crlf = repo.read(WP1).replace('\n', "\r\n");
    repo.write(WP1, &crlf);
    repo.commit_all("CRLF line endings");
    assert!(repo
        .git(&["cat-file", "-p", &format!("HEAD:{WP1}")])
        .contains("\r\n"));

    repo.plan(&["start", "x/01"]).ok();
    let after = std::fs::read(repo.path().join(WP1)).unwrap();
    let expected = replace(
        &crlf,
        "**Status:** Ready for Implementation\r\n",
        "**Status:** In Progress\r\n",
    );
    assert_eq!(String::from_utf8(after.clone()).unwrap(), expected);
    // No bare LF anywhere.
    assert!(after
        .iter()
        .enumerate()
        .all(|(i, b)| *b != b'\n' || (i > 0 && after[i - 1] == b'\r')));
    assert_eq!(
        changed_lines(&repo),
        [
            "-**Status:** Ready for Implementation\r",
            "+**Status:** In Progress\r"
        ]
    );
    assert_eq!(
        repo.git(&["cat-file", "-p", &format!("HEAD:{WP1}")]),
        expected
    );
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn done_verified_after_every_criterion_is_ticked() {
    let repo = in_progress();
    tick_criteria(&repo, WP1);
    repo.commit_all("tick the criteria");
    let run = repo.plan(&["done", "x/01"]).ok();
    assert_reported(&run, "2026-01-02-x/01", "in-progress", "complete");
    assert_eq!(status_of(&repo, WP1), "Complete");
    assert_committed(&repo, "2026-01-02-x/01", "in-progress", "complete", &[]);
    assert_eq!(stat_files(&repo), [WP1]);
    assert_eq!(changed_lines(&repo).len(), 2);
}

#[test]
fn done_unverified_records_the_seed_000_state() {
    let repo = in_progress();
    let run = repo.plan(&["done", "x/01", "--unverified"]).ok();
    assert_reported(
        &run,
        "2026-01-02-x/01",
        "in-progress",
        "complete (unverified)",
    );
    assert_eq!(status_of(&repo, WP1), "Complete (unverified)");
    assert_committed(
        &repo,
        "2026-01-02-x/01",
        "in-progress",
        "complete (unverified)",
        &[],
    );
    assert_eq!(stat_files(&repo), [WP1]);
    // Reading it back: complete, not verified.
    let json = repo.plan(&["show", "x/01", "--json"]).ok().json();
    assert_eq!(json["status"]["state"], "complete");
    assert_eq!(json["status"]["verified"], false);
    // `done` again upgrades it to verified once the criteria are ticked.
    tick_criteria(&repo, WP1);
    repo.commit_all("tick");
    let run = repo.plan(&["done", "x/01"]).ok();
    assert_reported(&run, "2026-01-02-x/01", "complete (unverified)", "complete");
    assert_eq!(status_of(&repo, WP1), "Complete");
    assert_committed(
        &repo,
        "2026-01-02-x/01",
        "complete (unverified)",
        "complete",
        &[],
    );
}

#[test]
fn block_writes_the_reason_and_reopen_resumes() {
    let repo = in_progress();
    let run = repo
        .plan(&["block", "x/01", "--reason", "waiting on the vendor"])
        .ok();
    assert_reported(&run, "2026-01-02-x/01", "in-progress", "blocked");
    assert_eq!(status_of(&repo, WP1), "Blocked (waiting on the vendor)");
    assert_committed(
        &repo,
        "2026-01-02-x/01",
        "in-progress",
        "blocked",
        &["Plan-Reason: waiting on the vendor"],
    );
    assert_eq!(stat_files(&repo), [WP1]);

    let run = repo.plan(&["reopen", "x/01"]).ok();
    assert_reported(&run, "2026-01-02-x/01", "blocked", "in-progress");
    assert_eq!(status_of(&repo, WP1), "In Progress");
    assert_committed(&repo, "2026-01-02-x/01", "blocked", "in-progress", &[]);

    // Reopen from complete goes back to in progress too; the message names
    // the unverified completion as `done --unverified` wrote it.
    repo.plan(&["done", "x/01", "--unverified"]).ok();
    repo.plan(&["reopen", "x/01"]).ok();
    assert_eq!(status_of(&repo, WP1), "In Progress");
    assert_committed(
        &repo,
        "2026-01-02-x/01",
        "complete (unverified)",
        "in-progress",
        &[],
    );
}

#[test]
fn block_needs_a_reason() {
    let repo = in_progress();
    let snap = Snapshot::take(&repo, &[WP1]);
    repo.plan(&["block", "x/01", "--reason", "  "]).fails(2);
    repo.plan(&["block", "x/01"]).fails(2);
    snap.assert_unchanged(&repo);
}

#[test]
fn approve_moves_both_initiative_files_with_the_approver() {
    let repo = scaffold();
    let start_here = format!("{X}/START-HERE.md");
    let readme = format!("{X}/README.md");
    let before = repo.read(&start_here);

    let run = repo.plan(&["approve", "x", "--by", "Grace Hopper"]).ok();
    assert_reported(&run, "2026-01-02-x", "scope-assessment", "planning-folder");
    assert_committed(
        &repo,
        "2026-01-02-x",
        "scope-assessment",
        "planning-folder",
        &["Plan-Approved-By: Grace Hopper"],
    );
    assert_eq!(stat_files(&repo), [readme.clone(), start_here.clone()]);
    assert_eq!(status_of(&repo, &readme), "Planning Folder Setup");
    assert_eq!(
        repo.read(&start_here),
        replace(
            &replace(
                &before,
                "**Status:** Scope Assessment\n",
                "**Status:** Planning Folder Setup\n"
            ),
            "- [ ] 1. Scope assessment\n",
            "- [x] 1. Scope assessment\n"
        )
    );

    // Without --by, the approver is git config user.name.
    repo.git(&["config", "user.name", "Linus Lead"]);
    repo.plan(&["approve", "x"]).ok();
    assert_committed(
        &repo,
        "2026-01-02-x",
        "planning-folder",
        "analysis",
        &["Plan-Approved-By: Linus Lead"],
    );
    assert!(repo
        .read(&start_here)
        .contains("- [x] 2. Planning folder setup\n"));
    assert_eq!(status_of(&repo, &start_here), "Analysis");
    assert_eq!(status_of(&repo, &readme), "Analysis");
}

#[test]
fn approve_without_any_approver_refuses() {
    let repo = scaffold();
    let start_here = format!("{X}/START-HERE.md");
    let snap = Snapshot::take(&repo, &[&start_here]);
    let run = repo.plan(&["approve", "x"]).fails(1);
    assert!(run.stderr.contains("user.name"), "{}", run.stderr);
    assert!(run.stderr.contains("--by"), "{}", run.stderr);
    snap.assert_unchanged(&repo);
}

/// Two ADRs, both proposed.
fn with_adrs() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["adr", "new", "Use gix", "--date", "2026-01-02"])
        .ok();
    repo.plan(&["adr", "new", "Use git2", "--date", "2026-01-02"])
        .ok();
    repo.plan(&["adr", "new", "Use libgit2", "--date", "2026-01-02"])
        .ok();
    repo
}

const ADR1: &str = ".engineering/artifacts/adr/0001-use-gix.md";
const ADR2: &str = ".engineering/artifacts/adr/0002-use-git2.md";
const ADR3: &str = ".engineering/artifacts/adr/0003-use-libgit2.md";

#[test]
fn adr_accept_reject_deprecate() {
    let repo = with_adrs();
    let run = repo.plan(&["adr", "accept", "1"]).ok();
    assert_reported(&run, "adr-0001", "proposed", "accepted");
    assert_eq!(status_of(&repo, ADR1), "Accepted");
    assert_committed(&repo, "adr-0001", "proposed", "accepted", &[]);
    assert_eq!(stat_files(&repo), [ADR1]);
    assert_eq!(changed_lines(&repo).len(), 2);

    repo.plan(&["adr", "reject", "adr-0002"]).ok();
    assert_eq!(status_of(&repo, ADR2), "Rejected");
    assert_committed(&repo, "adr-0002", "proposed", "rejected", &[]);
    assert_eq!(stat_files(&repo), [ADR2]);

    repo.plan(&["adr", "deprecate", "1"]).ok();
    assert_eq!(status_of(&repo, ADR1), "Deprecated");
    assert_committed(&repo, "adr-0001", "accepted", "deprecated", &[]);

    // Deprecating a proposed ADR is not a move of its lifecycle.
    let snap = Snapshot::take(&repo, &[ADR3]);
    let run = repo.plan(&["adr", "deprecate", "3"]).fails(1);
    assert!(
        run.stderr
            .contains("adr-0003 cannot go from proposed to deprecated; from proposed it can go to: accepted, rejected, superseded"),
        "{}",
        run.stderr
    );
    snap.assert_unchanged(&repo);
}

#[test]
fn adr_supersede_links_both_files_in_one_commit() {
    let repo = with_adrs();
    repo.plan(&["adr", "accept", "1"]).ok();
    let old_before = repo.read(ADR1);
    let new_before = repo.read(ADR2);
    let run = repo.plan(&["adr", "supersede", "1", "--by", "2"]).ok();
    assert_reported(&run, "adr-0001", "accepted", "superseded");
    assert_committed(
        &repo,
        "adr-0001",
        "accepted",
        "superseded",
        &["Plan-Superseded-By: adr-0002"],
    );
    assert_eq!(stat_files(&repo), [ADR1, ADR2]);
    assert_eq!(
        repo.read(ADR1),
        replace(
            &old_before,
            "**Status:** Accepted\n",
            "**Status:** Superseded by [ADR 0002](0002-use-git2.md)\n"
        )
    );
    assert_eq!(
        repo.read(ADR2),
        replace(
            &new_before,
            "**Deciders:** [Names]\n",
            "**Deciders:** [Names]\n**Supersedes:** [ADR 0001](0001-use-gix.md)\n"
        )
    );
    let json = repo.plan(&["show", "adr-1", "--json"]).ok().json();
    assert_eq!(json["status"]["state"], "superseded");
    assert_eq!(json["status"]["superseded_by"], "adr-0002");
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn set_takes_a_canonical_state_or_a_synonym() {
    let repo = scaffold();
    fill_sections(&repo, WP1);
    repo.commit_all("fill in 01");

    let run = repo
        .plan(&["set", "x/01", "status=Ready for Implementation"])
        .ok();
    assert_reported(&run, "2026-01-02-x/01", "draft", "ready");
    assert_eq!(status_of(&repo, WP1), "Ready for Implementation");
    assert_committed(&repo, "2026-01-02-x/01", "draft", "ready", &[]);
    assert_eq!(stat_files(&repo), [WP1]);

    repo.plan(&["set", "x/01", "status=deferred"]).ok();
    assert_eq!(status_of(&repo, WP1), "Deferred");
    assert_committed(&repo, "2026-01-02-x/01", "ready", "deferred", &[]);

    // An initiative through `set`, by its folder: START-HERE.md and
    // README.md move together, and no checkpoint is ticked (no approval).
    let start_here = format!("{X}/START-HERE.md");
    let readme = format!("{X}/README.md");
    let before = repo.read(&start_here);
    repo.plan(&["set", "x", "status=planning-folder"]).ok();
    assert_eq!(stat_files(&repo), [readme.clone(), start_here.clone()]);
    assert_eq!(status_of(&repo, &readme), "Planning Folder Setup");
    assert_eq!(
        repo.read(&start_here),
        replace(
            &before,
            "**Status:** Scope Assessment\n",
            "**Status:** Planning Folder Setup\n"
        )
    );
    assert_committed(
        &repo,
        "2026-01-02-x",
        "scope-assessment",
        "planning-folder",
        &[],
    );

    // Not a state of work packages.
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["set", "x/01", "status=accepted"]).fails(1);
    assert!(run.stderr.contains("accepted"), "{}", run.stderr);
    let run = repo.plan(&["set", "x/01", "status=nonsense"]).fails(1);
    assert!(
        run.stderr
            .contains("`nonsense` is not a state of work packages"),
        "{}",
        run.stderr
    );
    snap.assert_unchanged(&repo);
}

#[test]
fn ready_needs_success_criteria_and_a_rollback_plan() {
    let repo = scaffold();
    let snap = Snapshot::take(&repo, &[WP1]);
    // The fresh template's sections hold only placeholders: one refusal
    // names both guards.
    let run = repo.plan(&["set", "x/01", "status=ready"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: 2026-01-02-x/01: cannot become ready: its Success Criteria section (line 51) holds only the template's placeholders; its Rollback Plan section (line 67) holds only the template's placeholders"]
    );
    assert!(
        run.hint_lines().iter().any(|h| h.contains("--force")),
        "{}",
        run.stderr
    );
    snap.assert_unchanged(&repo);

    // The rollback plan emptied, the criteria still placeholders: each
    // named as it is.
    let fresh = repo.read(WP1);
    let (head, rest) = fresh.split_once("## Rollback Plan\n").unwrap();
    let (_, tail) = rest.split_once("\n---\n").unwrap();
    repo.write(
        WP1,
        format!("{head}## Rollback Plan\n\n<!-- to do -->\n\n---\n{tail}"),
    );
    repo.commit_all("empty the rollback plan");
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["set", "x/01", "status=ready"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: 2026-01-02-x/01: cannot become ready: its Success Criteria section (line 51) holds only the template's placeholders; its Rollback Plan section (line 67) is empty"]
    );
    snap.assert_unchanged(&repo);

    // Criteria written, the rollback plan still placeholders: only that
    // guard is named.
    let text = replace(
        &fresh,
        "- [ ] [Measurable outcome 1]\n",
        "- [ ] p99 latency under 50 ms\n",
    );
    repo.write(WP1, &text);
    repo.commit_all("criteria");
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["set", "x/01", "status=ready"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: 2026-01-02-x/01: cannot become ready: its Rollback Plan section (line 67) holds only the template's placeholders"]
    );
    snap.assert_unchanged(&repo);

    // A section that is missing altogether.
    let no_rollback = text.split("## Rollback Plan").next().unwrap().to_string();
    repo.write(WP1, &no_rollback);
    repo.commit_all("drop the rollback plan");
    let run = repo.plan(&["set", "x/01", "status=ready"]).fails(1);
    assert!(
        run.stderr
            .contains("cannot become ready: it has no Rollback Plan section"),
        "{}",
        run.stderr
    );

    // --force passes both guards of 02 and says so, in the commit too.
    let run = repo.plan(&["set", "x/02", "status=ready", "--force"]).ok();
    assert!(
        run.stderr
            .contains("guard `success-criteria` overridden with --force"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("guard `rollback-plan` overridden with --force"),
        "{}",
        run.stderr
    );
    assert_committed(
        &repo,
        "2026-01-02-x/02",
        "draft",
        "ready",
        &["Plan-Override: success-criteria, rollback-plan"],
    );
    assert_eq!(status_of(&repo, WP2), "Ready for Implementation");
    assert_eq!(stat_files(&repo), [WP2]);
}

#[test]
fn start_waits_for_dependencies_unless_forced() {
    let repo = scaffold();
    make_ready(&repo, WP2, "x/02");
    let snap = Snapshot::take(&repo, &[WP1, WP2]);
    let run = repo.plan(&["start", "x/02"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: 2026-01-02-x/02: cannot start: it depends on 2026-01-02-x/01 (draft) which is not complete"]
    );
    snap.assert_unchanged(&repo);

    let run = repo.plan(&["start", "x/02", "--force"]).ok();
    assert!(
        run.stderr
            .contains("guard `dependencies-complete` overridden with --force"),
        "{}",
        run.stderr
    );
    assert_committed(
        &repo,
        "2026-01-02-x/02",
        "ready",
        "in-progress",
        &["Plan-Override: dependencies-complete"],
    );
    assert_eq!(status_of(&repo, WP2), "In Progress");
    assert_eq!(status_of(&repo, WP1), "Draft");
}

#[test]
fn start_goes_ahead_once_the_dependency_is_complete() {
    let repo = scaffold();
    make_ready(&repo, WP2, "x/02");
    make_ready(&repo, WP1, "x/01");
    repo.plan(&["start", "x/01"]).ok();
    repo.plan(&["done", "x/01", "--unverified"]).ok();
    repo.plan(&["start", "x/02"]).ok();
    assert_committed(&repo, "2026-01-02-x/02", "ready", "in-progress", &[]);
}

#[test]
fn done_refuses_an_unticked_criterion_unless_forced() {
    let repo = in_progress();
    // One of two ticked.
    let text = replace(
        &repo.read(WP1),
        "- [ ] p99 latency under 50 ms\n",
        "- [x] p99 latency under 50 ms\n",
    );
    repo.write(WP1, &text);
    repo.commit_all("tick one");
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["done", "x/01"]).fails(1);
    let line = text
        .lines()
        .position(|l| l == "- [ ] no errors in a day of logs")
        .unwrap()
        + 1;
    assert_eq!(
        run.error_lines(),
        [format!("Error: 2026-01-02-x/01: cannot be done (verified): 1 of its Success Criteria is unticked (line {line}: no errors in a day of logs)").as_str()]
    );
    snap.assert_unchanged(&repo);

    repo.plan(&["done", "x/01", "--force"]).ok();
    assert_eq!(status_of(&repo, WP1), "Complete");
    assert_committed(
        &repo,
        "2026-01-02-x/01",
        "in-progress",
        "complete",
        &["Plan-Override: criteria-ticked"],
    );
}

#[test]
fn an_illegal_move_lists_the_allowed_states() {
    let repo = scaffold();
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["start", "x/01"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: 2026-01-02-x/01 cannot go from draft to in-progress; from draft it can go to: ready, deferred, cancelled"]
    );
    assert_eq!(
        run.hint_lines(),
        ["Hint: Run `git plan set 2026-01-02-x/01 status=<state>` to move to any of the states listed."]
    );
    let run = repo.plan(&["done", "x/01", "--unverified"]).fails(1);
    assert!(
        run.stderr.contains(
            "cannot go from draft to complete; from draft it can go to: ready, deferred, cancelled"
        ),
        "{}",
        run.stderr
    );
    let run = repo.plan(&["reopen", "x/01"]).fails(1);
    assert!(
        run.stderr.contains("from draft it can go to"),
        "{}",
        run.stderr
    );
    // --force passes guards, never the state machine.
    repo.plan(&["start", "x/01", "--force"]).fails(1);
    // A verb of another lifecycle.
    let run = repo.plan(&["adr", "accept", "x/01"]).fails(1);
    assert!(run.stderr.contains("applies to ADRs"), "{}", run.stderr);
    snap.assert_unchanged(&repo);
}

#[test]
fn the_users_other_work_stays_out_of_the_commit_and_in_place() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    repo.write("src/lib.rs", "pub fn a() {}\n");
    repo.write("notes.txt", "notes\n");
    repo.commit_all("code");
    // Staged: a new file and a modification. Unstaged: a modification.
    // Untracked: a file.
    repo.write("src/lib.rs", "pub fn a() {}\npub fn b() {}\n");
    repo.write("staged-new.txt", "new\n");
    repo.git(&["add", "src/lib.rs", "staged-new.txt"]);
    repo.write(
        "src/lib.rs",
        "pub fn a() {}\npub fn b() {}\npub fn c() {}\n",
    );
    repo.write("notes.txt", "notes, edited\n");
    repo.write("untracked.txt", "mine\n");
    let cached = repo.git(&["diff", "--cached"]);
    let unstaged = repo.git(&["diff"]);
    assert!(!cached.is_empty() && !unstaged.is_empty());

    repo.plan(&["start", "x/01"]).ok();
    assert_eq!(stat_files(&repo), [WP1]);
    assert_eq!(repo.git(&["diff", "--cached"]), cached);
    assert_eq!(repo.git(&["diff"]), unstaged);
    assert_eq!(
        repo.git(&["diff", "--cached", "--name-only"]),
        "src/lib.rs\nstaged-new.txt\n"
    );
    assert_eq!(
        repo.git(&["diff", "--name-only"]),
        "notes.txt\nsrc/lib.rs\n"
    );
    assert_eq!(
        repo.read("src/lib.rs"),
        "pub fn a() {}\npub fn b() {}\npub fn c() {}\n"
    );
    assert_eq!(repo.read("untracked.txt"), "mine\n");
    // The plan file is clean: committed, index and work tree agree.
    assert!(
        !repo.porcelain().contains("01-one-plan.md"),
        "{}",
        repo.porcelain()
    );
}

#[test]
fn uncommitted_edits_of_the_plan_file_go_with_the_transition() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    let text = replace(
        &repo.read(WP1),
        "## Overview\n",
        "## Overview\n\nWe cache the parsed plans.\n",
    );
    repo.write(WP1, &text);
    let run = repo.plan(&["start", "x/01", "--include-edits"]).ok();
    assert!(run.stderr.contains("uncommitted"), "{}", run.stderr);
    assert!(run.stderr.contains("01-one-plan.md"), "{}", run.stderr);
    let committed = repo.git(&["show", &format!("HEAD:{WP1}")]);
    assert_eq!(committed, repo.read(WP1));
    assert!(committed.contains("We cache the parsed plans.\n"));
    assert!(committed.contains("**Status:** In Progress\n"));
    assert_eq!(repo.porcelain(), "");
}

/// A branch `topic` and `main` that both changed `conflict.txt`, with
/// `x/01` ready on both.
fn diverged_on_conflict_txt() -> TestRepo {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    repo.write("conflict.txt", "base\n");
    repo.commit_all("base");
    diverge(
        &repo,
        |repo| {
            repo.write("conflict.txt", "topic\n");
            repo.commit_all("topic side");
        },
        |repo| {
            repo.write("conflict.txt", "main\n");
            repo.commit_all("main side");
        },
    );
    repo
}

#[test]
fn refuses_during_a_rebase() {
    let repo = diverged_on_conflict_txt();
    repo.git(&["checkout", "-q", "topic"]);
    let run = repo.git_run(&["rebase", "main"]);
    assert_ne!(run.code, 0, "the rebase should stop on the conflict");
    assert!(
        repo.path().join(".git/rebase-merge").exists()
            || repo.path().join(".git/rebase-apply").exists()
    );
    let snap = Snapshot::take(&repo, &[WP1, "conflict.txt"]);
    let run = repo.plan(&["start", "x/01"]).fails(1);
    assert_one_error_starting(&run, "Error: a rebase is in progress in ");
    assert_eq!(
        run.hint_lines(),
        ["Hint: Finish or abort the rebase first, or pass --no-commit to only write the files."]
    );
    snap.assert_unchanged(&repo);
}

#[test]
fn refuses_during_a_merge_conflict() {
    let repo = diverged_on_conflict_txt();
    let run = repo.git_run(&["merge", "topic"]);
    assert_ne!(run.code, 0, "the merge should stop on the conflict");
    let snap = Snapshot::take(&repo, &[WP1, "conflict.txt"]);
    let run = repo.plan(&["start", "x/01"]).fails(1);
    assert_one_error_starting(&run, "Error: a merge is in progress in ");
    snap.assert_unchanged(&repo);
    // Once the merge is concluded the transition goes through.
    repo.write("conflict.txt", "both\n");
    repo.git(&["add", "conflict.txt"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.plan(&["start", "x/01"]).ok();
    assert_eq!(stat_files(&repo), [WP1]);
}

#[test]
fn refuses_while_the_index_is_locked() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    repo.write(".git/index.lock", "");
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["start", "x/01"]).fails(1);
    assert_one_error_starting(&run, "Error: ");
    assert!(
        run.error_lines()[0]
            .ends_with("index.lock exists: another git process is running, or one crashed"),
        "{}",
        run.stderr
    );
    assert!(
        run.hint_lines().iter().any(|h| h.contains("lock")),
        "{}",
        run.stderr
    );
    assert_eq!(repo.head(), snap.head);
    assert_eq!(
        std::fs::read(repo.path().join(WP1)).unwrap(),
        snap.files[0].1
    );
    std::fs::remove_file(repo.path().join(".git/index.lock")).unwrap();
    snap.assert_unchanged(&repo);
}

/// A fresh repository with no commit, and plans written by the tool with
/// `--no-commit`; `x/01` has real criteria and rollback plan.
fn unborn() -> TestRepo {
    let repo = TestRepo::new();
    repo.plan(&["init", "--no-commit"]).ok();
    repo.plan(&["new", "x", "--date", "2026-01-02", "--no-commit"])
        .ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02", "--no-commit"])
        .ok();
    fill_sections(&repo, WP1);
    assert_eq!(repo.commit_count(), 0);
    repo
}

#[test]
fn refuses_on_an_unborn_branch_unless_allowed() {
    let repo = unborn();
    let before = repo.read(WP1);
    let porcelain = repo.porcelain();
    let run = repo.plan(&["set", "x/01", "status=ready"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: the current branch has no commits yet"]
    );
    assert!(
        run.hint_lines()
            .iter()
            .any(|h| h.contains("--allow-empty-history")),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(WP1), before);
    assert_eq!(repo.porcelain(), porcelain);
    assert_eq!(repo.commit_count(), 0);

    repo.plan(&["set", "x/01", "status=ready", "--allow-empty-history"])
        .ok();
    assert_eq!(repo.commit_count(), 1);
    assert_eq!(repo.commit_paths("HEAD"), [WP1]);
    assert_eq!(status_of(&repo, WP1), "Ready for Implementation");
    assert_committed(&repo, "2026-01-02-x/01", "draft", "ready", &[]);
    // The other new files are still untracked.
    assert!(
        repo.porcelain().contains(&format!("?? {X}/START-HERE.md")),
        "{}",
        repo.porcelain()
    );
}

#[test]
fn the_users_pre_commit_hook_runs_on_a_transition() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    let marker = repo.home().join("hook-ran");
    repo.hook(
        "pre-commit",
        &format!(
            "#!/bin/sh\necho \"pre-commit $(git diff --cached --name-only)\" >> '{}'\n",
            marker.display()
        ),
    );
    repo.plan(&["start", "x/01"]).ok();
    assert_eq!(
        std::fs::read_to_string(&marker).unwrap(),
        format!("pre-commit {WP1}\n")
    );
}

#[test]
fn a_failing_pre_commit_hook_fails_the_transition_and_restores_the_file() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    repo.hook(
        "pre-commit",
        "#!/bin/sh\necho 'plans are frozen' >&2\nexit 1\n",
    );
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["start", "x/01"]).fails(1);
    assert_one_error_starting(
        &run,
        "Error: the commit failed, so the plan files were put back as they were",
    );
    assert!(run.stderr.contains("plans are frozen"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    snap.assert_unchanged(&repo);

    // With uncommitted edits of its own, the file gets those back.
    let edited = replace(
        &repo.read(WP1),
        "## Overview\n",
        "## Overview\n\nDraft text.\n",
    );
    repo.write(WP1, &edited);
    let snap = Snapshot::take(&repo, &[WP1]);
    let run = repo.plan(&["start", "x/01", "--include-edits"]).fails(1);
    assert!(run.stderr.contains("plans are frozen"), "{}", run.stderr);
    snap.assert_unchanged(&repo);
}

#[test]
fn no_commit_edits_the_file_only() {
    let repo = scaffold();
    make_ready(&repo, WP1, "x/01");
    let head = repo.head();
    let before = repo.read(WP1);
    let run = repo.plan(&["start", "x/01", "--no-commit"]).ok();
    assert!(
        run.stdout.ends_with("Not committed (--no-commit).\n"),
        "{}",
        run.stdout
    );
    assert_eq!(repo.head(), head);
    assert_eq!(
        repo.read(WP1),
        replace(
            &before,
            "**Status:** Ready for Implementation\n",
            "**Status:** In Progress\n"
        )
    );
    assert_eq!(repo.porcelain(), format!(" M {WP1}\n"));
    assert_eq!(repo.git(&["diff", "--cached"]), "");
}

#[test]
fn no_commit_is_allowed_during_a_merge() {
    let repo = diverged_on_conflict_txt();
    let run = repo.git_run(&["merge", "topic"]);
    assert_ne!(run.code, 0);
    let head = repo.head();
    repo.plan(&["start", "x/01", "--no-commit"]).ok();
    assert_eq!(repo.head(), head);
    assert_eq!(status_of(&repo, WP1), "In Progress");
}

#[test]
fn a_reason_the_status_line_cannot_hold_is_refused_and_nothing_is_written() {
    // `**Status: Ready**` ends at the next `**`: a reason holding one would
    // be cut short, so the transition refuses it (found by `fuzz/`).
    let repo = two_work_packages();
    fill_sections(&repo, WP1);
    let text = replace(&repo.read(WP1), "**Status:** Draft", "**Status: Ready**");
    repo.write(WP1, &text);
    repo.commit_all("01 is ready, in bold");
    let commits = repo.commit_count();

    let run = repo
        .plan(&["block", "x/01", "--reason", "the **API** is late"])
        .fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: artifacts/planning/2026-01-02-x/01-one-plan.md: line 5: `Blocked (the **API** is late)` would not be read back as the Status: the way the line writes it cannot hold it; choose other words, or write the line as `**Status:** ...`"],
        "{}",
        run.stderr
    );
    assert_eq!(repo.commit_count(), commits);
    assert_eq!(repo.read(WP1), text);
    assert_eq!(repo.porcelain(), "");
    // Other words are written in the line's own form.
    repo.plan(&["block", "x/01", "--reason", "the API is late"])
        .ok();
    assert!(
        repo.read(WP1)
            .contains("**Status: Blocked (the API is late)**"),
        "{}",
        repo.read(WP1)
    );
}

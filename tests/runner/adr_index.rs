//! `adr list` and `adr toc`: the ADRs with number, status, date and
//! supersession links, and the Markdown index written in its marked region.

use crate::common::TestRepo;

const ADR_DIR: &str = ".engineering/artifacts/adr";
const INDEX: &str = ".engineering/artifacts/adr/README.md";

/// Four ADRs written the ways people write them: a header block; a
/// superseded one linking its successor; one that says what it supersedes
/// with a synonym status (`Adopted`); MADR's `## Status` and `## Date`
/// sections with an `ADR-0004:` title.
fn adrs() -> TestRepo {
    let repo = TestRepo::initialised();
    for (name, text) in [
        (
            "0001-use-markdown.md",
            "# 1. Use Markdown\n\n**Date:** 2026-01-02\n**Status:** Accepted\n",
        ),
        (
            "0002-use-toml.md",
            "# 2. Use TOML\n\n**Date:** 2026-01-03\n**Status:** Superseded by [ADR 0003](0003-use-front-matter.md)\n",
        ),
        (
            "0003-use-front-matter.md",
            "# 3. Use front matter\n\n**Date:** 2026-01-04 (after review)\n**Status:** Adopted\n**Supersedes:** [ADR 0002](0002-use-toml.md)\n",
        ),
        (
            "0004-keep-a-changelog.md",
            "# ADR-0004: Keep a changelog\n\n## Status\n\nProposed\n\n## Date\n\n2026-01-05\n",
        ),
    ] {
        repo.write(&format!("{ADR_DIR}/{name}"), text);
    }
    repo.commit_all("ADRs");
    repo
}

#[test]
fn adr_list_shows_number_state_date_title_and_links_in_number_order() {
    let repo = adrs();
    let run = repo.plan(&["adr", "list"]).ok();
    insta::assert_snapshot!(run.stdout, @r"
    0001  accepted    2026-01-02  Use Markdown
    0002  superseded  2026-01-03  Use TOML  (status: Superseded by [ADR 0003](0003-use-front-matter.md); superseded by 0003)
    0003  accepted    2026-01-04  Use front matter  (status: Adopted; supersedes 0002)
    0004  proposed    2026-01-05  Keep a changelog
    ");
    assert_eq!(run.stderr, "");
}

#[test]
fn adr_list_filters_by_state_or_synonym_and_refuses_an_unknown_one() {
    let repo = adrs();
    let run = repo
        .plan(&["adr", "list", "--status", "adopted", "--status", "Proposed"])
        .ok();
    insta::assert_snapshot!(run.stdout, @r"
    0001  accepted  2026-01-02  Use Markdown
    0003  accepted  2026-01-04  Use front matter  (status: Adopted; supersedes 0002)
    0004  proposed  2026-01-05  Keep a changelog
    ");
    let run = repo.plan(&["adr", "list", "--status", "rejected"]).ok();
    assert_eq!(run.stdout, "No ADRs are rejected.\n");
    let run = repo.plan(&["adr", "list", "--status", "ready"]).fails(2);
    assert_eq!(
        run.stderr,
        "Error: `ready` is not a state of ADRs; the states are: proposed, accepted, rejected, deprecated, superseded, unknown, missing\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn adr_list_json_holds_dates_and_links_both_ways() {
    let repo = adrs();
    let json = repo
        .plan(&["adr", "list", "--json", "--status", "superseded"])
        .ok()
        .json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["status"], serde_json::json!(["superseded"]));
    let adrs = json["adrs"].as_array().unwrap();
    assert_eq!(adrs.len(), 1);
    assert_eq!(adrs[0]["id"], "adr-0002");
    assert_eq!(adrs[0]["date"], "2026-01-03");
    assert_eq!(adrs[0]["status"]["state"], "superseded");
    assert_eq!(adrs[0]["status"]["superseded_by"], "adr-0003");
    assert_eq!(adrs[0]["superseded_by"], serde_json::json!(["adr-0003"]));
    assert_eq!(adrs[0]["supersedes"], serde_json::json!([]));
    let all = repo.plan(&["adr", "list", "--json"]).ok().json();
    let third = &all["adrs"][2];
    assert_eq!(third["id"], "adr-0003");
    assert_eq!(third["supersedes"], serde_json::json!(["adr-0002"]));
    assert_eq!(third["date"], "2026-01-04 (after review)");
    // MADR's date section.
    assert_eq!(all["adrs"][3]["date"], "2026-01-05");
    // status --json carries the same fields on its ADRs.
    let status = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(
        status["adrs"]["items"][1]["superseded_by"],
        serde_json::json!(["adr-0003"])
    );
}

const TOC: &str = "# Architecture Decision Records

<!-- git-plan adr toc -->
- [1. Use Markdown](0001-use-markdown.md): accepted
- [2. Use TOML](0002-use-toml.md): superseded by ADR 0003
- [3. Use front matter](0003-use-front-matter.md): accepted
- [ADR-0004: Keep a changelog](0004-keep-a-changelog.md): proposed
<!-- /git-plan adr toc -->
";

#[test]
fn adr_toc_writes_a_new_index_as_one_commit() {
    let repo = adrs();
    let before = repo.head();
    let run = repo.plan(&["adr", "toc"]).ok();
    assert!(
        run.stdout.starts_with(
            "Wrote the index of 4 ADRs\n  .engineering/artifacts/adr/README.md\nCommitted "
        ),
        "{}",
        run.stdout
    );
    assert_eq!(repo.read(INDEX), TOC);
    assert_eq!(repo.git(&["rev-parse", "HEAD~1"]).trim(), before);
    assert_eq!(repo.commit_paths("HEAD"), [INDEX]);
    insta::assert_snapshot!(repo.git(&["log", "-1", "--format=%B"]), @r"
    plan(artifacts/adr/README.md): index of 4 ADRs

    Plan-Id: artifacts/adr/README.md
    ");
    assert_eq!(repo.porcelain(), "");
    // Run again: nothing to write, no commit.
    let run = repo.plan(&["adr", "toc"]).ok();
    assert_eq!(
        run.stdout,
        ".engineering/artifacts/adr/README.md is current; nothing to write.\n"
    );
    let count = repo.commit_count();
    repo.plan(&["adr", "toc"]).ok();
    assert_eq!(repo.commit_count(), count);
    // The index is a note, not a finding.
    repo.plan(&["check"]).ok();
}

#[test]
fn adr_toc_replaces_only_its_region_and_keeps_the_hand_written_rest() {
    let repo = adrs();
    let hand = "# Decisions\n\nWhy we keep these.\n\n<!-- git-plan adr toc -->\n- stale\n<!-- /git-plan adr toc -->\n\nAsk in #architecture.\n";
    repo.write(INDEX, hand);
    repo.commit_all("hand-written index");
    repo.plan(&["adr", "toc", "--no-commit"]).ok();
    let list = TOC.split_once("\n\n").unwrap().1;
    assert_eq!(
        repo.read(INDEX),
        format!("# Decisions\n\nWhy we keep these.\n\n{list}\nAsk in #architecture.\n")
    );
    assert_eq!(
        repo.porcelain(),
        " M .engineering/artifacts/adr/README.md\n"
    );
    // With its edits uncommitted, a commit is refused: it would sweep them in.
    let run = repo.plan(&["adr", "toc"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    repo.write(INDEX, hand.replace("Why", "How"));
    let run = repo.plan(&["adr", "toc"]).fails(1);
    assert!(
        run.stderr
            .starts_with("Error: .engineering/artifacts/adr/README.md has uncommitted edits"),
        "{}",
        run.stderr
    );
}

#[test]
fn adr_toc_never_overwrites_a_file_without_its_region() {
    let repo = adrs();
    let hand = "# Architecture\n\nOur overview.\n";
    repo.write(INDEX, hand);
    repo.commit_all("overview");
    let run = repo.plan(&["adr", "toc"]).fails(1);
    insta::assert_snapshot!(run.stderr, @r"
    Error: artifacts/adr/README.md exists and holds no `<!-- git-plan adr toc -->` region; it is not an index git plan wrote, and it is left as it is
    Hint: Put the lines `<!-- git-plan adr toc -->` and `<!-- /git-plan adr toc -->` where the index should go, or write it elsewhere with --out.
    ");
    assert_eq!(repo.read(INDEX), hand);
    repo.plan(&["adr", "toc", "--check"]).fails(1);
    // Elsewhere, links are relative to that file.
    repo.plan(&["adr", "toc", "--out", ".engineering/DECISIONS.md"])
        .ok();
    assert!(repo
        .read(".engineering/DECISIONS.md")
        .contains("- [1. Use Markdown](artifacts/adr/0001-use-markdown.md): accepted\n"));
    let run = repo.plan(&["adr", "toc", "--out", "DECISIONS.md"]).fails(2);
    assert!(
        run.stderr.contains("is outside the engineering root"),
        "{}",
        run.stderr
    );
}

#[test]
fn adr_toc_check_tells_current_from_stale_and_writes_nothing() {
    let repo = adrs();
    let run = repo.plan(&["adr", "toc", "--check"]).fails(1);
    assert_eq!(
        run.stderr,
        "Error: .engineering/artifacts/adr/README.md does not exist\nHint: Run `git plan adr toc` to write it.\n"
    );
    assert!(!repo.exists(INDEX));
    repo.plan(&["adr", "toc"]).ok();
    let run = repo.plan(&["adr", "toc", "--check"]).ok();
    assert_eq!(
        run.stdout,
        ".engineering/artifacts/adr/README.md is current.\n"
    );
    // A decision is accepted: the committed index is stale.
    repo.plan(&["adr", "accept", "4"]).ok();
    let head = repo.head();
    let run = repo.plan(&["adr", "toc", "--check"]).fails(1);
    insta::assert_snapshot!(run.stderr, @r"
    Error: .engineering/artifacts/adr/README.md is not current: line 7 reads `- [ADR-0004: Keep a changelog](0004-keep-a-changelog.md): proposed`, expected `- [ADR-0004: Keep a changelog](0004-keep-a-changelog.md): accepted`
    Hint: Run `git plan adr toc` to rewrite it.
    ");
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn adr_toc_stdout_prints_the_index_and_writes_nothing() {
    let repo = adrs();
    let run = repo.plan(&["adr", "toc", "--stdout"]).ok();
    assert_eq!(run.stdout, TOC);
    assert!(!repo.exists(INDEX));
}

//! Both real corpora, document by document: the status a person reads in
//! each initiative and work package, decided by reading the files (not
//! copied from the tool), compared with `status --json`. Every mismatch is
//! reported at once. A row marked as a known miss names what the tool says
//! instead, with the reason; such a row fails when the tool starts to agree,
//! so that the mark is removed.

use std::collections::BTreeMap;

use crate::common::{corpus_clone, tradingview_clone, TestRepo};
use serde_json::Value;

/// What a person reads: a canonical state, `unknown` (a status is written
/// but it is no state of the lifecycle), or `None` (no status at all).
type Expected = Option<&'static str>;

/// One document (`folder` for an initiative, `folder/file.md` for a work
/// package), what a person reads in it, and, for a known miss, what the tool
/// says instead.
struct Row {
    key: &'static str,
    expected: Expected,
    known_miss: Option<Expected>,
}

const fn read(key: &'static str, expected: Expected) -> Row {
    Row {
        key,
        expected,
        known_miss: None,
    }
}

/// A document the tool reads otherwise, on purpose or not yet: `tool` is its
/// answer; the reason is in a comment beside the row.
const fn miss(key: &'static str, expected: Expected, tool: Expected) -> Row {
    Row {
        key,
        expected,
        known_miss: Some(tool),
    }
}

const C: Expected = Some("complete");
const IMPL: Expected = Some("implementation");
const FINAL: Expected = Some("roadmap-finalized");
const WPP: Expected = Some("work-package-planning");
const READY: Expected = Some("ready");
const DRAFT: Expected = Some("draft");
const PROGRESS: Expected = Some("in-progress");

const TRADINGVIEW: &[Row] = &[
    // `> Enhancement · Created ... · **Status:** Planning`
    read("2026-08-08-tradingview-mcp-mitigations", WPP),
    // `> plan · HIGH · Ready · ...`, and a closing `**Status:** Ready for implementation`.
    read(
        "2026-08-08-tradingview-mcp-mitigations/06-work-package-plan.md",
        READY,
    ),
    // `**Status:** Draft (source for a future agent skill)`: session notes,
    // the first state.
    read(
        "2026-08-12-tradingview-mcp-pine-debug-principles",
        Some("scope-assessment"),
    ),
    // "Steps 1–5 gated green ... PR #20 branch ...": work under way, said in
    // a sentence that names no state.
    miss(
        "2026-08-12-tradingview-mcp-pine-debug-principles/07-library-generic-refactor-plan.md",
        PROGRESS,
        Some("unknown"),
    ),
    read(
        "2026-08-15-improve-cdp-architecture-of-tradingview-mcp-server",
        C,
    ),
    // Still `Ready` although the initiative is complete: stale, but it is
    // what the file says.
    read(
        "2026-08-15-improve-cdp-architecture-of-tradingview-mcp-server/06-work-package-plan.md",
        READY,
    ),
    // `Ready for implementation (pickup doc for a fresh agent)`.
    read("2026-08-15-tradingview-mcp-cdp-architecture", FINAL),
    // "#23 committed on ...; ... fix in working tree; ... still open": in
    // implementation, said as a progress report.
    miss(
        "2026-08-16-capture-snapshot-and-layout-target",
        IMPL,
        Some("unknown"),
    ),
];

const CONCEPT_RAG: &[Row] = &[
    read("2025-10-13-concept-taxonomy-implementation", C),
    read("2025-10-13-conceptual-search-implementation", C),
    read("2025-10-13-hybrid-search-implementation", C),
    read("2025-10-21-ocr-evaluation", C),
    read("2025-11-11-mcp-fixes", C),
    read("2025-11-12-document-processing-improvements", C),
    read("2025-11-12-missing-chunks-investigation", C),
    read("2025-11-12-seeding-and-enrichment-guides", C),
    read("2025-11-13-concept-extraction-enhancement", C),
    // `Design Complete`: planned, not built.
    read("2025-11-13-concept-taxonomy", FINAL),
    read("2025-11-13-documentation-security", C),
    read("2025-11-13-metadata-filtering", C),
    read("2025-11-13-search-improvements", C),
    read("2025-11-13-tool-documentation-enhancement", C),
    read("2025-11-14-architecture-refactoring", C),
    // No status line; a plan with three phases, all done per README.
    read(
        "2025-11-14-architecture-refactoring/02-implementation-plan.md",
        None,
    ),
    // `In Progress` at the top; the `Ready to implement` at the bottom is
    // older text (the matching *-complete.md files are separate records).
    read(
        "2025-11-14-architecture-refactoring/08-hybrid-search-service-plan.md",
        PROGRESS,
    ),
    read(
        "2025-11-14-architecture-refactoring/11-typescript-strict-mode-plan.md",
        PROGRESS,
    ),
    read(
        "2025-11-14-architecture-refactoring/13-jsdoc-documentation-plan.md",
        PROGRESS,
    ),
    // README `In Progress`, but 03-implementation-complete.md records the
    // work as complete: the completion record is the later word.
    read("2025-11-15-alternative-embedding-providers", C),
    read(
        "2025-11-15-alternative-embedding-providers/01-implementation-plan.md",
        PROGRESS,
    ),
    // No status line: "UPDATE: ALL 6 recommendations were implemented" is
    // prose; a person reads the review as done.
    miss("2025-11-15-architecture-review", C, None),
    // `Planning Phase` in the header, but 02-implementation-complete.md
    // records EPUB support as complete.
    read("2025-11-15-ebook-format-support", C),
    read(
        "2025-11-15-ebook-format-support/01-implementation-plan.md",
        DRAFT,
    ),
    read("2025-11-17-documentation-refactoring", C),
    // No README: FIX_SUMMARY.md says `FIXED AND TESTED`, SUMMARY.md and
    // INVESTIGATION_REPORT.md `ROOT CAUSE IDENTIFIED`; which file speaks
    // for the folder is not written anywhere.
    miss("2025-11-17-empty-chunk-investigation", C, None),
    // START-HERE.md closes with `Design finalized`, README.md says `Ready
    // for Implementation`, and IMPLEMENTATION-COMPLETE.md says `COMPLETE &
    // DEPLOYED`: the completion record is the later word.
    read("2025-11-19-category-search-feature", C),
    read(
        "2025-11-19-category-search-feature/03-migration-plan.md",
        DRAFT,
    ),
    // Chat summary, plan and reports; none states a status.
    read("2025-11-19-category-search-tool", None),
    read("2025-11-19-integer-id-optimization", WPP),
    read(
        "2025-11-19-integer-id-optimization/01-migration-plan.md",
        DRAFT,
    ),
    // README `In Progress`, then FINAL-COMPLETE.md, TRULY-FINAL-COMPLETE.md,
    // ABSOLUTELY-FINAL-COMPLETE.md...
    read("2025-11-20-adr-creation", C),
    read(
        "2025-11-20-adr-creation/01-adr-extraction-plan.md",
        PROGRESS,
    ),
    // Closing `Ready to continue with enhanced citation practices` (the
    // `Accepted` above it is inside an ADR template): work started and
    // paused; "ready" is the word written.
    read("2025-11-20-adr-creation/05-execution-plan.md", READY),
    // Closing `Starting systematic verification`, below a rule after the
    // last `### Phases 2-7` item: begun. Its only statement.
    read(
        "2025-11-20-adr-creation/12-systematic-verification-plan.md",
        PROGRESS,
    ),
    read("2025-11-20-adr-creation/13-source-cleanup-plan.md", None),
    // START-HERE.md has a checklist but no status; README.md `Planning`.
    read("2025-11-20-knowledge-base-recommendations", WPP),
    read(
        "2025-11-20-knowledge-base-recommendations/00-IMPLEMENTATION-PLAN.md",
        READY,
    ),
    read(
        "2025-11-20-knowledge-base-recommendations/02-testing-coverage-plan.md",
        DRAFT,
    ),
    read(
        "2025-11-20-knowledge-base-recommendations/03-architecture-refinement-plan.md",
        DRAFT,
    ),
    read(
        "2025-11-20-knowledge-base-recommendations/04-error-handling-plan.md",
        DRAFT,
    ),
    read(
        "2025-11-20-knowledge-base-recommendations/05-performance-monitoring-plan.md",
        DRAFT,
    ),
    read(
        "2025-11-20-knowledge-base-recommendations/06-architecture-documentation-plan.md",
        DRAFT,
    ),
    read("2025-11-22-adr-gap-closure", C),
    // `## Quick Status` / `ALL TASKS COMPLETE`, IMPLEMENTATION-COMPLETE.md,
    // and a closing `Ready for review and testing`.
    read("2025-11-22-architecture-refinement", C),
    read("2025-11-22-error-handling-implementation", C),
    // `Reference Documentation`: a status line that names no state.
    read("2025-11-22-test-coverage-updates", Some("unknown")),
    read("2025-11-23-adr-accuracy-review", C),
    // START-HERE.md `Ready for Review` (README.md: `Ready for Implementation`).
    read("2025-11-23-integrated-roadmap", FINAL),
    read(
        "2025-11-23-integrated-roadmap/03-observability-plan.md",
        READY,
    ),
    read(
        "2025-11-23-integrated-roadmap/04-result-types-plan.md",
        READY,
    ),
    read(
        "2025-11-23-integrated-roadmap/05-caching-strategy-plan.md",
        READY,
    ),
    read(
        "2025-11-23-integrated-roadmap/06-resilience-patterns-plan.md",
        READY,
    ),
    read(
        "2025-11-23-integrated-roadmap/07-database-optimization-plan.md",
        READY,
    ),
    read(
        "2025-11-23-integrated-roadmap/08-api-design-patterns-plan.md",
        READY,
    ),
    read("2025-11-23-observability-infrastructure", C),
    read(
        "2025-11-23-observability-infrastructure/03-observability-plan.md",
        READY,
    ),
    read("2025-11-23-result-option-types", C),
    read(
        "2025-11-23-result-option-types/04-result-types-plan.md",
        READY,
    ),
    read("2025-11-24-advanced-caching", C),
    read(
        "2025-11-24-advanced-caching/05-caching-strategy-plan.md",
        READY,
    ),
    // No README: mathematical-symbols-investigation.md, named after the
    // folder, says `Investigation in progress`.
    read("2025-11-25-mathematical-symbols-investigation", IMPL),
    // README `Ready for Implementation`, then
    // RESILIENCE-IMPLEMENTATION-COMPLETE.md.
    read("2025-11-25-resilience-patterns", C),
    read("2025-11-26-schema-normalization", C),
    read(
        "2025-11-26-schema-normalization/03-migration-plan.md",
        READY,
    ),
    read("2025-11-27-hierarchical-concept-retrieval", IMPL),
    read(
        "2025-11-27-hierarchical-concept-retrieval/03-implementation-plan.md",
        READY,
    ),
    // `Planned`, then RESUMABLE-SEEDING-IMPLEMENTATION-COMPLETE.md.
    read("2025-11-27-resumable-seeding", C),
    read("2025-11-28-page-concept-alignment", WPP),
    // `Proposal`, then SCHEMA-REDESIGN-IMPLEMENTATION-COMPLETE.md.
    read("2025-11-28-schema-redesign", C),
    read("2025-11-28-unified-search", WPP),
    read("2025-11-29-parallel-concept-enrichment", C),
    read(
        "2025-11-29-parallel-concept-enrichment/01-parallel-concept-enrichment-plan.md",
        READY,
    ),
    // `Planning Complete - Implementation Deferred`.
    read("2025-11-29-stage-caching", FINAL),
    read("2025-11-29-stage-caching/01-stage-caching-plan.md", DRAFT),
    // `IMPLEMENTED`.
    read("2025-11-29-unified-search", C),
    // No README; 02-PROGRESS-BAR-IMPLEMENTATION-COMPLETE.md.
    read("2025-11-30-progress-bar", C),
    read(
        "2025-11-30-progress-bar/01-ascii-progress-bar-plan.md",
        DRAFT,
    ),
    // No README; COMPLETE.md beside plan.md.
    read("2025-12-03-modularize-hybrid-fast-seed", C),
    read("2025-12-03-modularize-hybrid-fast-seed/plan.md", READY),
    // No README; 2025-12-03-wordnet-enhancement-session.md, named after the
    // folder, says `COMPLETED`.
    read("2025-12-03-wordnet-enhancement", C),
    // `Work Package: ...`, `**Status:** Planning` in the header (and a
    // closing `Ready for implementation`, which disagrees).
    read("2025-12-03-wordnet-enhancement/WP-PLAN.md", DRAFT),
    // `Ready for PR`: built, not merged.
    read("2025-12-05-api-key-preflight-check", IMPL),
    read(
        "2025-12-05-api-key-preflight-check/01-api-key-preflight-plan.md",
        C,
    ),
    // No START-HERE or README; 05-final-recommendations.md closes with
    // `Review Status: Complete`, a note among five numbered reports.
    miss("2025-12-08-architecture-review", C, None),
    // `Document Status: Planning Complete`.
    read(
        "2025-12-08-architecture-review/01-architecture-review-plan.md",
        READY,
    ),
    read("2025-12-09-github-actions-ci", FINAL),
    read(
        "2025-12-09-github-actions-ci/01-github-actions-ci-plan.md",
        READY,
    ),
    read("2025-12-10-metadata-improvement", WPP),
    read(
        "2025-12-10-metadata-improvement/01-implementation-plan.md",
        DRAFT,
    ),
    // START-HERE.md `Complete` at the top (a stale closing `Ready for
    // implementation` below it; README.md `Ready`).
    read("2025-12-11-incremental-category-summaries", C),
    read(
        "2025-12-11-incremental-category-summaries/01-work-package-plan.md",
        READY,
    ),
    read("2025-12-14-api-documentation-consolidation", FINAL),
    read(
        "2025-12-14-api-documentation-consolidation/02-work-package-plan.md",
        READY,
    ),
    // START-HERE.md `Ready`, then COMPLETE.md.
    read("2025-12-14-mkdocs-material-site", C),
    read(
        "2025-12-14-mkdocs-material-site/01-work-package-plan.md",
        READY,
    ),
    // `Analysis Complete`: the analysis is done, nothing is built.
    read("2025-12-14-npm-publishing", Some("analysis")),
    read("2025-12-14-npm-publishing/01-work-package-plan.md", READY),
    read("2025-12-25-diagram-awareness", IMPL),
    read("2025-12-25-improve-docs-site", IMPL),
    read("2025-12-25-improve-docs-site/01-work-package-plan.md", None),
    // `## Status: 📋 PLANNING COMPLETE`.
    read("2025-12-26-meta-content-detection", FINAL),
    read(
        "2025-12-26-meta-content-detection/01-work-package-plan.md",
        None,
    ),
    read("2025-12-27-agent-in-the-loop-e2e", C),
    read(
        "2025-12-27-agent-in-the-loop-e2e/01-work-package-plan.md",
        None,
    ),
    read("2025-12-27-gate-scores-behind-debug", IMPL),
    read(
        "2025-12-27-gate-scores-behind-debug/01-work-package-plan.md",
        None,
    ),
    read("2026-01-10-planning-branch-architecture", IMPL),
    read(
        "2026-01-10-planning-branch-architecture/01-work-package-plan.md",
        C,
    ),
];

fn state_of(status: &Value) -> Expected {
    if status.is_null() {
        return None;
    }
    let state = status["state"].as_str().unwrap();
    Some(Box::leak(state.to_string().into_boxed_str()))
}

/// What the tool says for every initiative and work package, by key.
fn tool_reading(json: &Value) -> BTreeMap<String, (Expected, Value)> {
    let mut out = BTreeMap::new();
    for init in json["initiatives"].as_array().unwrap() {
        let id = init["id"].as_str().unwrap();
        out.insert(
            id.to_string(),
            (state_of(&init["status"]), init["status"].clone()),
        );
        for wp in init["work_packages"].as_array().unwrap() {
            let path = wp["path"].as_str().unwrap();
            let key = path.trim_start_matches("artifacts/planning/");
            out.insert(
                key.to_string(),
                (state_of(&wp["status"]), wp["status"].clone()),
            );
        }
    }
    out
}

/// Compares the table with `status --json`; returns the tally of rows right,
/// and of known misses, and every problem at once.
fn compare(repo: &TestRepo, table: &[Row]) -> (usize, usize, Vec<String>) {
    let run = repo.plan(&["status", "--json"]).ok();
    let tool = tool_reading(&run.json());
    let mut problems = Vec::new();
    let (mut right, mut known) = (0, 0);
    let keys: std::collections::BTreeSet<&str> = table.iter().map(|r| r.key).collect();
    for key in tool.keys() {
        if !keys.contains(key.as_str()) {
            problems.push(format!("{key}: listed by the tool, not in the table"));
        }
    }
    for row in table {
        let Some((actual, status)) = tool.get(row.key) else {
            problems.push(format!("{}: in the table, not listed by the tool", row.key));
            continue;
        };
        match row.known_miss {
            None if *actual == row.expected => right += 1,
            Some(tool_says) if *actual == tool_says => known += 1,
            Some(_) if *actual == row.expected => problems.push(format!(
                "{}: now read as {:?}; drop the known-miss mark",
                row.key, row.expected
            )),
            _ => problems.push(format!(
                "{}: a person reads {:?}, the tool says {:?} ({status})",
                row.key, row.expected, actual
            )),
        }
    }
    (right, known, problems)
}

/// Where each status is written: the `origin` of the field at the
/// status's line, from `show --json` of the file that holds it.
fn forms(repo: &TestRepo) -> BTreeMap<String, usize> {
    let json = repo.plan(&["status", "--json"]).ok().json();
    let mut statuses = Vec::new();
    for init in json["initiatives"].as_array().unwrap() {
        statuses.push(init["status"].clone());
        for wp in init["work_packages"].as_array().unwrap() {
            statuses.push(wp["status"].clone());
        }
    }
    let mut counts = BTreeMap::new();
    for status in statuses.iter().filter(|s| !s.is_null()) {
        let form = match status["derived"].as_str() {
            Some(derived) => derived.to_string(),
            None => {
                let at = crate::common::at(&status["at"]);
                let (path, line) = at.rsplit_once(':').unwrap();
                let line: u64 = line.parse().unwrap();
                let shown = repo.plan(&["show", path, "--json"]).ok().json();
                shown["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["line"] == line && f["value"] == status["raw"])
                    .map_or("?".to_string(), |f| {
                        f["origin"].as_str().unwrap().to_string()
                    })
            }
        };
        *counts.entry(form).or_insert(0) += 1;
    }
    counts
}

fn assert_table(repo: &TestRepo, table: &[Row], corpus: &str) {
    let (right, known, problems) = compare(repo, table);
    eprintln!(
        "{corpus}: {right} of {} documents read as a person reads them, {known} known misses",
        table.len()
    );
    assert!(
        problems.is_empty(),
        "{corpus}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(right + known, table.len());
}

#[test]
fn tradingview_statuses_are_read_as_people_write_them() {
    let Some(repo) = tradingview_clone() else {
        return;
    };
    assert_table(&repo, TRADINGVIEW, "tradingview-mcp");
}

#[test]
fn concept_rag_statuses_are_read_as_people_write_them() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    assert_table(&repo, CONCEPT_RAG, "concept-rag");
}

#[test]
fn tradingview_statuses_come_from_blockquotes() {
    let Some(repo) = tradingview_clone() else {
        return;
    };
    // Every status is in the metadata blockquote under the title: five
    // READMEs, three work packages.
    let expected: BTreeMap<String, usize> = [("blockquote".to_string(), 8)].into();
    assert_eq!(forms(&repo), expected);
}

#[test]
fn concept_rag_statuses_come_in_every_form() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let counts = forms(&repo);
    eprintln!("concept-rag forms: {counts:?}");
    // 99 of the 109 documents have a status: eleven initiatives from a
    // completion record, two from the document named after the folder,
    // one `## Status: ...` heading, five closing lines below the header
    // (adr-gap-closure, adr-accuracy-review, three plans), the rest
    // `**Status:**` header lines.
    let expected: BTreeMap<String, usize> = [
        ("completion-record".to_string(), 11),
        ("folder-document".to_string(), 2),
        ("header".to_string(), 80),
        ("heading".to_string(), 1),
        ("body".to_string(), 5),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected);
}

/// Every version of every Markdown file in the repository's history, once
/// each: (path of one of its places, text as the history reads it).
fn every_markdown_version(repo: &TestRepo) -> Vec<(String, String)> {
    use std::io::{BufRead, Read, Write};
    let mut seen = std::collections::BTreeSet::new();
    let mut wanted = Vec::new();
    for line in repo.git(&["rev-list", "--objects", "--all"]).lines() {
        if let Some((id, path)) = line.split_once(' ') {
            if path.to_ascii_lowercase().ends_with(".md") && seen.insert(id.to_string()) {
                wanted.push((id.to_string(), path.to_string()));
            }
        }
    }
    let mut child = repo
        .command("git", repo.path())
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let ids: String = wanted.iter().map(|(id, _)| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(ids.as_bytes()).unwrap());
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut versions = Vec::new();
    for (id, path) in wanted {
        let mut header = String::new();
        out.read_line(&mut header).unwrap();
        let size: usize = header
            .trim_end()
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(header.starts_with(&format!("{id} blob ")), "{header}");
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes).unwrap();
        bytes.pop();
        versions.push((path, String::from_utf8_lossy(&bytes).into_owned()));
    }
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    versions
}

/// The status reader passes over lines that cannot state a status (no
/// `stat` in them); on every version of every file of both corpora it
/// finds exactly what reading every line in full finds.
#[test]
fn the_quick_status_scan_misses_nothing_in_either_corpus() {
    use git_plan::document::statements::{first_status, scan, scan_unfiltered};
    for (name, repo) in [
        ("concept-rag", corpus_clone()),
        ("tradingview-mcp", tradingview_clone()),
    ] {
        let Some(repo) = repo else {
            return;
        };
        let versions = every_markdown_version(&repo);
        let mut statuses = 0;
        for (path, text) in &versions {
            let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let quick = scan(text, start);
            assert_eq!(quick, scan_unfiltered(text, start), "{name}: {path}");
            let first = quick
                .iter()
                .find(|f| f.is_status())
                .map(|f| (f.start, f.end));
            assert_eq!(first_status(text, start), first, "{name}: {path}");
            statuses += usize::from(first.is_some());
        }
        eprintln!(
            "{name}: {} versions, {statuses} with a status",
            versions.len()
        );
        // Both corpora have hundreds of versions, most with a status.
        assert!(
            versions.len() > 100 && statuses > 50,
            "{name}: {} versions, {statuses} statuses",
            versions.len()
        );
    }
}

//! The real corpus (the engineering branch of a real repository, with
//! `artifacts/planning/*` and `artifacts/adr/*` at its top): read as it is,
//! with no migration, and mounted as a `.engineering` submodule.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{corpus_clone, initiative, strings, TestRepo};
use serde_json::Value;

/// Initiative canonical states, and `unknown`.
const INITIATIVE_STATES: &[&str] = &[
    "scope-assessment",
    "planning-folder",
    "analysis",
    "work-package-planning",
    "prioritization",
    "roadmap-finalized",
    "implementation",
    "complete",
    "unknown",
];

fn names_in(dir: &Path, want_dirs: bool) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir() == want_dirs)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect()
}

/// `adrNNNN-*.md` files of the corpus on disk.
fn adr_files(repo: &TestRepo) -> BTreeSet<String> {
    names_in(&repo.path().join("artifacts/adr"), false)
        .into_iter()
        .filter(|n| {
            n.len() > 8
                && n.starts_with("adr")
                && n[3..7].bytes().all(|b| b.is_ascii_digit())
                && n.as_bytes()[7] == b'-'
                && n.ends_with(".md")
        })
        .collect()
}

/// Markdown files in `dir` and below, as a reader would count them.
fn markdown_files_below(dir: &Path) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            count += markdown_files_below(&entry.path());
        } else if name.to_lowercase().ends_with(".md") {
            count += 1;
        }
    }
    count
}

fn status_json(repo: &TestRepo) -> Value {
    let run = repo.plan(&["status", "--json"]).ok();
    assert_eq!(run.stderr, "", "JSON output keeps diagnostics in the JSON");
    run.json()
}

#[test]
fn every_markdown_file_is_read() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let json = status_json(&repo);
    assert_eq!(json["version"], 2);
    assert_eq!(json["root"], ".");
    for d in json["diagnostics"].as_array().unwrap() {
        assert!(
            !matches!(
                d["code"].as_str().unwrap(),
                "not-utf8" | "malformed-front-matter" | "empty-file"
            ),
            "the corpus must parse: {d}"
        );
        assert_eq!(d["severity"], "warning", "{d}");
    }
    // Every Markdown file of every initiative folder is read as a document.
    for init in json["initiatives"].as_array().unwrap() {
        let id = init["id"].as_str().unwrap();
        let read: u64 = init["documents"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        let on_disk = markdown_files_below(&repo.path().join("artifacts/planning").join(id));
        assert_eq!(read, on_disk as u64, "{id}: {}", init["documents"]);
    }
}

#[test]
fn lists_every_initiative_folder_and_every_adr() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let json = status_json(&repo);
    let folders = names_in(&repo.path().join("artifacts/planning"), true);
    assert!(folders.len() >= 60, "{folders:?}");
    let listed: BTreeSet<String> = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, folders);
    for init in json["initiatives"].as_array().unwrap() {
        let id = init["id"].as_str().unwrap();
        assert_eq!(init["path"], format!("artifacts/planning/{id}"));
        assert_eq!(init["date"], id[..10]);
    }

    let files = adr_files(&repo);
    assert!(files.len() >= 50, "{files:?}");
    let items = json["adrs"]["items"].as_array().unwrap();
    let listed: BTreeSet<String> = items
        .iter()
        .map(|a| {
            a["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("artifacts/adr/")
                .to_string()
        })
        .collect();
    assert_eq!(listed, files);
    assert_eq!(json["adrs"]["total"], files.len());
    let by_status: u64 = json["adrs"]["by_status"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_status, files.len() as u64);
    // The README and topic notes beside the ADRs are not ADRs.
    assert!(!listed.contains("README.md"));
    for item in items {
        let number = item["number"].as_str().unwrap();
        assert_eq!(item["id"], format!("adr-{number}"), "{item}");
    }
}

#[test]
fn initiative_statuses_are_read_from_their_status_lines() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let json = status_json(&repo);

    let status = |id: &str| initiative(&json, id)["status"].clone();
    let s = status("2025-11-23-integrated-roadmap");
    assert_eq!(s["state"], "roadmap-finalized");
    assert_eq!(s["raw"], "Ready for Review");
    assert_eq!(
        crate::common::at(&s["at"]),
        "artifacts/planning/2025-11-23-integrated-roadmap/START-HERE.md:4"
    );
    let s = status("2025-11-22-test-coverage-updates");
    assert_eq!(s["state"], "unknown");
    assert_eq!(s["raw"], "Reference Documentation");
    let s = status("2025-11-27-hierarchical-concept-retrieval");
    assert_eq!(s["state"], "implementation");
    assert_eq!(s["raw"], "🔄 In Progress");
    let s = status("2025-11-13-tool-documentation-enhancement");
    assert_eq!(s["state"], "complete");
    assert_eq!(s["raw"], "✅ Complete");
    // README.md says `Planning Phase`, 02-implementation-complete.md
    // records the work as done: complete, from that record.
    let s = status("2025-11-15-ebook-format-support");
    assert_eq!(s["state"], "complete");
    assert_eq!(s["raw"], "✅ Complete - EPUB Support Ready");
    assert_eq!(s["derived"], "completion-record");
    assert_eq!(
        crate::common::at(&s["at"]),
        "artifacts/planning/2025-11-15-ebook-format-support/02-implementation-complete.md:5"
    );
    // No START-HERE.md or README.md, and no document that speaks for the
    // folder: no status, and nothing named as looked in.
    let empty = initiative(&json, "2025-11-17-empty-chunk-investigation");
    assert_eq!(empty["status"], Value::Null);
    assert_eq!(empty.get("looked_in"), None);
    // The document named after the folder gives its status.
    let s = status("2025-11-25-mathematical-symbols-investigation");
    assert_eq!(s["state"], "implementation");
    assert_eq!(s["derived"], "folder-document");
    assert_eq!(
        crate::common::at(&s["at"]),
        "artifacts/planning/2025-11-25-mathematical-symbols-investigation/mathematical-symbols-investigation.md:5"
    );

    // The unknown one is reported where it is written, with its column.
    let unknown: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-status")
        .collect();
    assert!(
        unknown.iter().any(|d| d["path"]
            == "artifacts/planning/2025-11-22-test-coverage-updates/README.md"
            && d["line"] == 5
            && d["column"] == 13),
        "{unknown:?}"
    );

    // Every reported status is the text of the line it points at.
    let mut with_status = 0;
    for init in json["initiatives"].as_array().unwrap() {
        let s = &init["status"];
        if s.is_null() {
            continue;
        }
        with_status += 1;
        let state = s["state"].as_str().unwrap();
        assert!(INITIATIVE_STATES.contains(&state), "{s}");
        let raw = s["raw"].as_str().unwrap();
        assert!(!raw.is_empty(), "{s}");
        let at = crate::common::at(&s["at"]);
        let (path, line) = at.rsplit_once(':').unwrap();
        let line: usize = line.parse().unwrap();
        let text = repo.read(path);
        let written = text.lines().nth(line - 1).unwrap();
        assert!(written.contains("Status"), "{path}:{line}: {written}");
        assert!(written.contains(raw), "{path}:{line}: {written} vs {raw}");
        if state == "unknown" {
            assert!(
                unknown
                    .iter()
                    .any(|d| d["path"] == path && d["line"] == line),
                "an unknown status without a diagnostic: {s}"
            );
        }
    }
    assert!(with_status >= 45, "{with_status}");
}

#[test]
fn work_packages_and_adrs_of_the_corpus() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let json = status_json(&repo);
    let roadmap = initiative(&json, "2025-11-23-integrated-roadmap");
    let ids = strings(&roadmap["work_packages"], "number");
    assert_eq!(ids, ["03", "04", "05", "06", "07", "08"]);
    let show = repo
        .plan(&["show", "2025-11-23-integrated-roadmap/04", "--json"])
        .ok()
        .json();
    assert_eq!(
        show["path"],
        "artifacts/planning/2025-11-23-integrated-roadmap/04-result-types-plan.md"
    );
    assert_eq!(show["status"]["state"], "ready");
    assert_eq!(show["status"]["raw"], "Ready for Implementation");
    assert!(!show["sections"].as_array().unwrap().is_empty());
    // MADR and bold-colon ADRs are all read.
    let items = json["adrs"]["items"].as_array().unwrap();
    assert!(
        items.iter().all(|a| !a["status"].is_null()),
        "every corpus ADR has a status"
    );
    assert_eq!(
        json["adrs"]["by_status"]["accepted"],
        items.len(),
        "{}",
        json["adrs"]["by_status"]
    );
    // `03` names a work package in several initiatives.
    let run = repo.plan(&["show", "03"]).fails(1);
    assert!(
        run.error_lines()[0].contains("2025-11-23-integrated-roadmap/03"),
        "{}",
        run.stderr
    );
    assert!(
        run.error_lines()[0].contains("2025-11-19-category-search-feature/03"),
        "{}",
        run.stderr
    );
}

#[test]
fn human_status_of_the_corpus() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let json = status_json(&repo);
    let wps: usize = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["work_packages"].as_array().unwrap().len())
        .sum();
    let run = repo.plan(&["status"]).ok();
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        format!(
            "Roadmap in ./: {} initiatives, {wps} work packages, {} ADRs",
            json["initiatives"].as_array().unwrap().len(),
            json["adrs"]["total"]
        )
    );
    assert!(run.error_lines().is_empty(), "{}", run.stderr);
    // Each diagnostic is one warning line on stderr, with its file and line.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning["))
        .collect();
    assert_eq!(
        warnings.len(),
        json["diagnostics"].as_array().unwrap().len(),
        "{}",
        run.stderr
    );
    assert!(
        warnings.iter().any(|l| l.starts_with(
            "warning[unknown-status]: artifacts/planning/2025-11-22-test-coverage-updates/README.md:5:13: "
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn scaffolds_follow_the_corpus() {
    let Some(repo) = corpus_clone() else {
        return;
    };
    let highest = adr_files(&repo)
        .iter()
        .map(|n| n[3..7].parse::<u32>().unwrap())
        .max()
        .unwrap();
    repo.plan(&["adr", "new", "Use git plan", "--date", "2026-01-02"])
        .ok();
    let path = format!("artifacts/adr/adr{:04}-use-git-plan.md", highest + 1);
    assert_eq!(repo.commit_paths("HEAD"), [path]);
    repo.plan(&[
        "add",
        "integrated-roadmap",
        "Tracing",
        "--date",
        "2026-01-02",
    ])
    .ok();
    assert_eq!(
        repo.commit_paths("HEAD"),
        ["artifacts/planning/2025-11-23-integrated-roadmap/09-tracing-plan.md"]
    );
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn the_corpus_as_a_dot_engineering_submodule() {
    let Some(corpus) = corpus_clone() else {
        return;
    };
    let direct = status_json(&corpus);

    let repo = TestRepo::new();
    repo.write("README.md", "# Superproject\n");
    repo.commit_all("initial");
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        corpus.path().to_str().unwrap(),
        ".engineering",
    ]);
    repo.git(&["commit", "-q", "-m", "add the engineering submodule"]);

    let mounted = status_json(&repo);
    assert_eq!(mounted["root"], ".engineering");
    let ids = |j: &Value| -> Vec<String> {
        j["initiatives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&mounted), ids(&direct));
    assert_eq!(mounted["adrs"]["total"], direct["adrs"]["total"]);
    for (a, b) in mounted["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .zip(direct["initiatives"].as_array().unwrap())
    {
        assert_eq!(a["status"]["state"], b["status"]["state"], "{}", a["id"]);
        assert_eq!(a["status"]["raw"], b["status"]["raw"], "{}", a["id"]);
    }
    let run = repo.plan_in("", &["status"]).ok();
    assert!(
        run.stdout.starts_with("Roadmap in .engineering/: "),
        "{}",
        run.stdout
    );
    // Paths are shown from the superproject's top.
    assert!(
        run.stderr.contains(
            ".engineering/artifacts/planning/2025-11-22-test-coverage-updates/README.md:5:13"
        ),
        "{}",
        run.stderr
    );

    // A scaffold commits inside the submodule, not in the superproject.
    let super_head = repo.head();
    repo.plan(&["new", "tracked-here", "--date", "2026-01-02"])
        .ok();
    assert_eq!(repo.head(), super_head);
    let sub_log = repo.git(&["-C", ".engineering", "log", "-1", "--format=%s"]);
    assert_eq!(
        sub_log.trim(),
        "plan(2026-01-02-tracked-here): new initiative"
    );
    assert_eq!(
        repo.git(&["-C", ".engineering", "status", "--porcelain"]),
        "",
        "the submodule is clean"
    );
    assert_eq!(repo.porcelain(), " M .engineering\n");
}

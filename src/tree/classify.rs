//! Which kind of document a file under the engineering root is. All the
//! file-name patterns live here; `plan.toml` can add more per kind.

use crate::model::kind::AdrCollection;
use crate::model::kind::DocKind;
use crate::model::kind::Patterns;
use crate::model::kind::PLANNING_DIR;

/// Where a file sits: the initiative folder holding it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub kind: DocKind,
    /// Folder name of the initiative under `artifacts/planning/`.
    pub initiative: Option<String>,
}

/// Classifies a Markdown file by its path relative to the root.
pub fn classify(path: &str, patterns: &Patterns) -> Placement {
    if patterns.collection_of(path).is_some() {
        return Placement {
            kind: DocKind::Adr,
            initiative: None,
        };
    }
    let initiative = initiative_of(path).map(str::to_string);
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower_name = name.to_lowercase();
    let lower_path = path.to_lowercase();
    let direct_child = initiative
        .as_deref()
        .is_some_and(|i| path == format!("{PLANNING_DIR}/{i}/{name}"));
    if direct_child && matches!(lower_name.as_str(), "start-here.md" | "readme.md") {
        return Placement {
            kind: DocKind::Initiative,
            initiative,
        };
    }
    for (kind, globs) in patterns.ordered() {
        // Patterns are stored lower-case (see `Patterns::normalized`).
        let matches = |g: &str| {
            if g.contains('/') {
                glob_match(g, &lower_path)
            } else {
                glob_match(g, &lower_name)
            }
        };
        let excluded = globs
            .iter()
            .filter_map(|g| g.strip_prefix('!'))
            .any(matches);
        let hit = !excluded
            && globs
                .iter()
                .filter(|g| !g.starts_with('!'))
                .any(|g| matches(g));
        // Plans belong to an initiative; elsewhere a numbered plan is a note.
        let in_initiative_only = matches!(kind, DocKind::WorkPackage | DocKind::SupportingPlan);
        if hit && (!in_initiative_only || initiative.is_some()) {
            return Placement { kind, initiative };
        }
    }
    Placement {
        kind: DocKind::Note,
        initiative,
    }
}

/// The id of a decision in a found collection, by the collection's own
/// scheme: `adr-0012` for a numbered file (`0012-slug.md`), the file's stem
/// for a dated one (`20201103-use-lunr-for-search`, log4brains: two
/// decisions share a day) or one named by its slug alone (MADR's "names as
/// identifier"); after the collection's prefix (`core/adr-0003`).
pub fn collection_id(collection: &AdrCollection, name: &str) -> String {
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".MD"))
        .unwrap_or(name);
    let local = match leading_number(name) {
        Some((n, width)) if width < 8 && !is_dated(stem) => format!("adr-{n:04}"),
        _ => stem.to_string(),
    };
    format!("{}{local}", collection.id_prefix)
}

/// `YYYYMMDD-...` or `YYYY-MM-DD-...`: a name that starts with a date.
pub fn is_dated(stem: &str) -> bool {
    let b = stem.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    (digits(0..8) && b.get(8).is_none_or(|c| !c.is_ascii_digit()))
        || (digits(0..4)
            && b.get(4) == Some(&b'-')
            && digits(5..7)
            && b.get(7) == Some(&b'-')
            && digits(8..10))
}

/// The initiative folder name of a path under `artifacts/planning/<folder>/`.
pub fn initiative_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(PLANNING_DIR)?.strip_prefix('/')?;
    let (folder, _) = rest.split_once('/')?;
    Some(folder)
}

/// The leading number of a file name: `04-result-types-plan.md` -> 4,
/// `adr0012-x.md` -> 12, `ADR-0003-y.md` -> 3.
pub fn leading_number(name: &str) -> Option<(u32, usize)> {
    let lower = name.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("adr")
        .map_or(lower.as_str(), |r| r.trim_start_matches(['-', '_']));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, digits.len()))
}

/// The slug of a numbered file: `04-result-types-plan.md` -> `result-types`,
/// `adr0012-hash-ids.md` -> `hash-ids`.
pub fn slug_of(name: &str, kind: DocKind) -> String {
    let stem = name
        .strip_suffix(".md")
        .or(name.strip_suffix(".MD"))
        .unwrap_or(name);
    let lower = stem.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("adr")
        .map_or(lower.as_str(), |r| r.trim_start_matches(['-', '_']));
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['-', '_']);
    let rest = if kind == DocKind::WorkPackage {
        rest.strip_suffix("-plan").unwrap_or(rest)
    } else {
        rest
    };
    rest.to_string()
}

/// Whether `text` matches the glob `pattern`, with git's wildmatch (what
/// `.gitignore` and pathspecs use): `*`, `?` and `[...]` stop at `/`, and
/// `**/` matches any number of directories, none included.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    use gix::glob::wildmatch::Mode;
    gix::glob::wildmatch(
        pattern.as_bytes().into(),
        text.as_bytes().into(),
        Mode::NO_MATCH_SLASH_LITERAL,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> DocKind {
        classify(path, &Patterns::default()).kind
    }

    #[test]
    fn supporting_plans_and_unnumbered_plans() {
        let i = "artifacts/planning/2026-08-08-mitigations";
        assert_eq!(
            kind(&format!("{i}/06-test-plan.md")),
            DocKind::SupportingPlan
        );
        assert_eq!(
            kind(&format!("{i}/06-work-package-plan.md")),
            DocKind::WorkPackage
        );
        assert_eq!(
            kind(&format!("{i}/02-evaluation-plan.md")),
            DocKind::SupportingPlan
        );
        assert_eq!(kind(&format!("{i}/plan.md")), DocKind::WorkPackage);
        assert_eq!(
            kind(&format!("{i}/work-package-plan.md")),
            DocKind::WorkPackage
        );
        assert_eq!(kind("notes/plan.md"), DocKind::Note);
    }

    #[test]
    fn a_negated_pattern_takes_a_file_away_from_its_kind() {
        let mut patterns = Patterns::default();
        patterns.work_package.push("!*-draft-plan.md".to_string());
        let i = "artifacts/planning/2026-01-01-x";
        let k = |p: &str| classify(&format!("{i}/{p}"), &patterns).kind;
        assert_eq!(k("01-draft-plan.md"), DocKind::Note);
        assert_eq!(k("02-real-plan.md"), DocKind::WorkPackage);
    }

    #[test]
    fn corpus_shapes() {
        let i = "artifacts/planning/2025-11-23-integrated-roadmap";
        assert_eq!(kind(&format!("{i}/START-HERE.md")), DocKind::Initiative);
        assert_eq!(kind(&format!("{i}/README.md")), DocKind::Initiative);
        assert_eq!(
            kind(&format!("{i}/04-result-types-plan.md")),
            DocKind::WorkPackage
        );
        assert_eq!(
            kind(&format!("{i}/01-COMPLETION-ANALYSIS.md")),
            DocKind::Analysis
        );
        assert_eq!(
            kind(&format!("{i}/12-typescript-strict-mode-complete.md")),
            DocKind::Completion
        );
        assert_eq!(
            kind(&format!("{i}/IMPLEMENTATION-COMPLETE.md")),
            DocKind::Completion
        );
        assert_eq!(
            kind(&format!("{i}/02-configuration-guide.md")),
            DocKind::Note
        );
        assert_eq!(kind(&format!("{i}/sub/README.md")), DocKind::Note);
        assert_eq!(kind("artifacts/adr/adr0012-ocr.md"), DocKind::Adr);
        assert_eq!(kind("artifacts/adr/0003-use-gix.md"), DocKind::Adr);
        assert_eq!(kind("artifacts/adr/README.md"), DocKind::Note);
        assert_eq!(kind("artifacts/planning/2025-01-04-x.md"), DocKind::Note);
        assert_eq!(kind("templates/03-x-plan.md"), DocKind::Note);
    }

    #[test]
    fn numbers_and_slugs() {
        assert_eq!(leading_number("04-result-types-plan.md"), Some((4, 2)));
        assert_eq!(leading_number("adr0012-x.md"), Some((12, 4)));
        assert_eq!(leading_number("ADR-0003-y.md"), Some((3, 4)));
        assert_eq!(leading_number("README.md"), None);
        assert_eq!(
            slug_of("04-result-types-plan.md", DocKind::WorkPackage),
            "result-types"
        );
        assert_eq!(slug_of("adr0012-hash-ids.md", DocKind::Adr), "hash-ids");
    }

    #[test]
    fn globs() {
        assert!(glob_match("[0-9][0-9]-*plan.md", "04-x-plan.md"));
        assert!(!glob_match("*.md", "a/b.md"));
        assert!(glob_match("**/*.md", "a/b/c.md"));
        // git's `**/`: no directory at all is a match too.
        assert!(glob_match("**/*.md", "c.md"));
        assert!(glob_match("docs/**/adr/*.md", "docs/adr/0001-x.md"));
        assert!(!glob_match("a?c", "a/c"));
        assert!(glob_match("[0-9][0-9]-*.md", "04-x.md"));
        assert!(!glob_match("[0-9][0-9]-*.md", "4x-x.md"));
        assert!(glob_match("a?c", "abc"));
    }
}

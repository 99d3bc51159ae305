//! Resolving what the user typed to a document or initiative, the way git
//! resolves revisions: an exact name, else a unique prefix or slug; an
//! ambiguous one lists the candidates.

use crate::model::kind::DocKind;
use crate::tree::plan_tree::{DocIndex, InitiativeIndex, PlanDoc, PlanTree};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Initiative(InitiativeIndex),
    Document(DocIndex),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdError {
    #[error("no plan document or initiative matches `{query}`")]
    NotFound { query: String },
    #[error("`{query}` is ambiguous: it matches {}", candidates.join(", "))]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    #[error("`{query}` is not an ADR")]
    NotAnAdr { query: String },
}

/// What a query given to an ADR command means: a bare number is an ADR
/// number (`3` is `adr-3`, not work package 03).
pub fn adr_query(query: &str) -> String {
    if query.parse::<u32>().is_ok() {
        format!("adr-{query}")
    } else {
        query.to_string()
    }
}

/// Resolves an ADR (a bare number is its number, see [`adr_query`]).
pub fn resolve_adr<D>(tree: &PlanTree<D>, query: &str) -> Result<DocIndex, IdError> {
    match resolve(tree, &adr_query(query))? {
        Target::Document(d) if tree.documents[d].kind == DocKind::Adr => Ok(d),
        _ => Err(IdError::NotAnAdr {
            query: query.to_string(),
        }),
    }
}

/// Resolves `query` as seen from the initiative `folder`: a work package of
/// that initiative first (`01` is its work package 01), else anything in
/// the tree.
pub fn resolve_from<D>(tree: &PlanTree<D>, folder: &str, query: &str) -> Result<Target, IdError> {
    match resolve(tree, &format!("{folder}/{query}")) {
        Ok(t) => Ok(t),
        Err(_) => resolve(tree, query),
    }
}

/// Resolves `query` against the tree.
pub fn resolve<D>(tree: &PlanTree<D>, query: &str) -> Result<Target, IdError> {
    let q = query.trim().trim_end_matches('/');
    let not_found = || IdError::NotFound {
        query: query.to_string(),
    };
    if q.is_empty() {
        return Err(not_found());
    }
    // 1. Exact names: folder, document id, path.
    if let Some((i, _)) = tree.indexed_initiatives().find(|(_, i)| i.folder == q) {
        return Ok(Target::Initiative(i));
    }
    if let Some((i, _)) = tree.indexed().find(|(_, d)| d.id_str() == q || d.path == q) {
        return Ok(Target::Document(i));
    }
    // 2. `initiative/doc`.
    if let Some((init_q, doc_q)) = q.rsplit_once('/') {
        if let Ok(ii) = resolve_initiative(tree, init_q) {
            let init = &tree.initiatives[ii];
            return unique(tree, query, matching_docs(tree, &init.docs, doc_q));
        }
    }
    // 3. ADR spellings: adr-12, adr12, ADR-0012, adr/12.
    let lower = q.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("adr") {
        let digits = rest.trim_start_matches(['-', '_', '/', ' ']);
        if let Ok(n) = digits.parse::<u32>() {
            let hits = tree
                .adrs()
                .filter(|(_, d)| d.number_value() == Some(n))
                .map(|(i, _)| Target::Document(i))
                .collect();
            return unique(tree, query, hits);
        }
    }
    // 4. A bare number: work packages and ADRs with that number. Written
    // with leading zeros (`04`, `0004`) it must match the file's digits.
    if q.parse::<u32>().is_ok() {
        let hits = tree
            .indexed()
            .filter(|(_, d)| {
                matches!(
                    d.kind,
                    DocKind::WorkPackage | DocKind::WorkPlan | DocKind::Adr
                ) && number_matches(d, q)
            })
            .map(|(i, _)| Target::Document(i))
            .collect();
        return unique(tree, query, hits);
    }
    // 5. Slugs, then prefixes.
    let all: Vec<DocIndex> = tree.indexed().map(|(i, _)| i).collect();
    let initiatives = |prefix| {
        initiatives_matching(tree, q, prefix)
            .into_iter()
            .map(Target::Initiative)
            .collect::<Vec<_>>()
    };
    let mut hits: Vec<Target> = initiatives(false);
    hits.extend(matching_docs(tree, &all, q).into_iter().filter(
        |t| matches!(t, Target::Document(i) if tree.documents[*i].kind != DocKind::Initiative),
    ));
    if hits.is_empty() {
        hits = initiatives(true);
    }
    unique(tree, query, hits)
}

/// Resolves `query` to an initiative only.
pub fn resolve_initiative<D>(tree: &PlanTree<D>, query: &str) -> Result<InitiativeIndex, IdError> {
    let q = query.trim().trim_end_matches('/');
    if let Some((i, _)) = tree.indexed_initiatives().find(|(_, i)| i.folder == q) {
        return Ok(i);
    }
    let mut hits = initiatives_matching(tree, q, false);
    if hits.is_empty() {
        hits = initiatives_matching(tree, q, true);
    }
    unique_by(query, hits, |i| tree.initiatives[i].folder.clone())
}

fn initiatives_matching<D>(tree: &PlanTree<D>, q: &str, prefix: bool) -> Vec<InitiativeIndex> {
    tree.indexed_initiatives()
        .filter(|(_, i)| {
            if prefix {
                i.folder.starts_with(q) || i.slug.starts_with(q)
            } else {
                i.slug == q || i.folder.ends_with(&format!("-{q}"))
            }
        })
        .map(|(i, _)| i)
        .collect()
}

/// Documents among `docs` matching `q` by number, file name, slug, or (when
/// nothing else matches) slug prefix.
fn matching_docs<D>(tree: &PlanTree<D>, docs: &[DocIndex], q: &str) -> Vec<Target> {
    let is_number = q.parse::<u32>().is_ok();
    let exact: Vec<Target> = docs
        .iter()
        .copied()
        .filter(|i| {
            let d = &tree.documents[*i];
            let numbered = matches!(
                d.kind,
                DocKind::WorkPackage | DocKind::WorkPlan | DocKind::Adr
            );
            (is_number && numbered && number_matches(d, q))
                || d.file_name() == q
                || d.file_name().strip_suffix(".md") == Some(q)
                || (numbered && d.slug == q)
        })
        .map(Target::Document)
        .collect();
    if !exact.is_empty() || is_number {
        return exact;
    }
    docs.iter()
        .copied()
        .filter(|i| {
            let d = &tree.documents[*i];
            matches!(
                d.kind,
                DocKind::WorkPackage | DocKind::WorkPlan | DocKind::Adr
            ) && d.slug.starts_with(q)
        })
        .map(Target::Document)
        .collect()
}

/// `4` matches any number 4; `04` only a file numbered `04`.
fn number_matches<D>(doc: &PlanDoc<D>, q: &str) -> bool {
    if q.len() > 1 && q.starts_with('0') {
        doc.number.as_deref() == Some(q)
    } else {
        q.parse::<u32>()
            .ok()
            .is_some_and(|n| doc.number_value() == Some(n))
    }
}

fn unique<D>(tree: &PlanTree<D>, query: &str, hits: Vec<Target>) -> Result<Target, IdError> {
    unique_by(query, hits, |t| describe(tree, t))
}

/// The one hit, or an error naming the query (and the candidates, by
/// `name`, when there are several).
fn unique_by<T: Copy + PartialEq>(
    query: &str,
    mut hits: Vec<T>,
    name: impl Fn(T) -> String,
) -> Result<T, IdError> {
    hits.dedup();
    match hits.len() {
        0 => Err(IdError::NotFound {
            query: query.to_string(),
        }),
        1 => Ok(hits[0]),
        _ => Err(IdError::Ambiguous {
            query: query.to_string(),
            candidates: hits.iter().map(|t| name(*t)).collect(),
        }),
    }
}

/// The canonical id of a target.
pub fn describe<D>(tree: &PlanTree<D>, target: Target) -> String {
    match target {
        Target::Initiative(i) => tree.initiatives[i].folder.clone(),
        Target::Document(i) => tree.documents[i].id(),
    }
}

impl<D> PlanTree<D> {
    /// Resolves a dependency reference written in `from` to a document: a
    /// sibling file name, a number within the same initiative, or any id.
    pub fn resolve_dependency(&self, from: &PlanDoc<D>, reference: &str) -> Option<DocIndex> {
        let siblings: &[DocIndex] = from
            .initiative
            .as_deref()
            .and_then(|f| self.initiative(f))
            .map_or(&[], |i| i.docs.as_slice());
        let sibling = |pred: &dyn Fn(&PlanDoc<D>) -> bool| {
            siblings.iter().copied().find(|i| pred(&self.documents[*i]))
        };
        if reference.ends_with(".md") {
            return sibling(&|d| d.file_name() == reference);
        }
        let trimmed = reference
            .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ')
            .trim();
        if let Ok(n) = trimmed.parse::<u32>() {
            if !reference.to_lowercase().starts_with("adr") {
                let hit = sibling(&|d| {
                    matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan)
                        && d.number_value() == Some(n)
                });
                // A plain number (`03`, `Phase 03`) names a work package of
                // this initiative and nothing else: it is not looked up
                // across the whole tree, where it could hit an unrelated ADR.
                if hit.is_some() || reference.trim().chars().all(|c| c.is_ascii_digit()) {
                    return hit;
                }
            }
        }
        match resolve(self, reference) {
            Ok(Target::Document(i)) => Some(i),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::listing::Entry;
    use crate::workspace::config::PlanConfig;

    fn tree() -> PlanTree {
        let file = |path: &str, text: &str| Entry::File {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        };
        let a = "artifacts/planning/2025-11-23-integrated-roadmap";
        let b = "artifacts/planning/2025-12-01-perf";
        PlanTree::build(
            vec![
                Entry::InitiativeDir { path: a.into() },
                Entry::InitiativeDir { path: b.into() },
                file(
                    &format!("{a}/START-HERE.md"),
                    "# R\n\n**Status:** Planning\n",
                ),
                file(
                    &format!("{a}/03-observability-plan.md"),
                    "# O\n\n**Status:** Ready\n",
                ),
                file(&format!("{a}/04-result-types-plan.md"), "# R\n"),
                file(&format!("{b}/03-caching-plan.md"), "# C\n"),
                file("artifacts/adr/0004-use-gix.md", "# 4. Use gix\n"),
                file("artifacts/adr/adr0049-a.md", "# a\n"),
                file("artifacts/adr/adr0049-b.md", "# b\n"),
            ],
            &PlanConfig::default(),
        )
    }

    fn id(q: &str) -> Result<String, IdError> {
        let t = tree();
        resolve(&t, q).map(|target| describe(&t, target))
    }

    #[test]
    fn resolves_like_revisions() {
        assert_eq!(
            id("integrated-roadmap").unwrap(),
            "2025-11-23-integrated-roadmap"
        );
        assert_eq!(
            id("2025-11-23-int").unwrap(),
            "2025-11-23-integrated-roadmap"
        );
        assert_eq!(
            id("integrated-roadmap/04").unwrap(),
            "2025-11-23-integrated-roadmap/04"
        );
        assert_eq!(id("perf/caching").unwrap(), "2025-12-01-perf/03");
        assert_eq!(
            id("result-types").unwrap(),
            "2025-11-23-integrated-roadmap/04"
        );
        assert_eq!(id("result").unwrap(), "2025-11-23-integrated-roadmap/04");
        assert_eq!(id("adr-4").unwrap(), "adr-0004");
        assert_eq!(id("ADR-0004").unwrap(), "adr-0004");
        assert_eq!(id("use-gix").unwrap(), "adr-0004");
        assert_eq!(id("04").unwrap(), "2025-11-23-integrated-roadmap/04");
    }

    #[test]
    fn bare_numbers_mean_an_adr_or_a_sibling_work_package() {
        let t = tree();
        let roadmap = "2025-11-23-integrated-roadmap";
        // `4` alone is ambiguous; to an ADR command it is ADR 4.
        assert_eq!(adr_query("4"), "adr-4");
        assert_eq!(adr_query("use-gix"), "use-gix");
        let d = resolve_adr(&t, "4").unwrap();
        assert_eq!(describe(&t, Target::Document(d)), "adr-0004");
        assert_eq!(
            resolve_adr(&t, "result-types"),
            Err(IdError::NotAnAdr {
                query: "result-types".into()
            })
        );
        // `03` alone is ambiguous; from an initiative it is that one's.
        let from = |folder: &str, q: &str| resolve_from(&t, folder, q).map(|x| describe(&t, x));
        assert_eq!(from(roadmap, "03").unwrap(), format!("{roadmap}/03"));
        assert_eq!(from("2025-12-01-perf", "03").unwrap(), "2025-12-01-perf/03");
        // Anything else resolves as usual.
        assert_eq!(from("2025-12-01-perf", "adr-4").unwrap(), "adr-0004");
        assert!(matches!(
            from("2025-12-01-perf", "nothing-like-it"),
            Err(IdError::NotFound { .. })
        ));
    }

    #[test]
    fn ambiguity_lists_candidates() {
        assert_eq!(
            id("03"),
            Err(IdError::Ambiguous {
                query: "03".into(),
                candidates: vec![
                    "2025-11-23-integrated-roadmap/03".into(),
                    "2025-12-01-perf/03".into()
                ]
            })
        );
        assert!(matches!(id("adr49"), Err(IdError::Ambiguous { .. })));
        assert!(matches!(id("4"), Err(IdError::Ambiguous { .. })));
        assert!(matches!(
            id("nothing-like-it"),
            Err(IdError::NotFound { .. })
        ));
    }
}

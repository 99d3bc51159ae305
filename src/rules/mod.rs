//! The rules `git plan check` enforces: each with a stable id, a default
//! severity that `plan.toml` can change per rule and per document kind, and
//! findings that name file, line and column. A document can opt out of one
//! rule with a reason:
//! `<!-- git-plan: allow missing-rollback-plan: additive change -->`.

pub mod cache;
mod checks;
pub mod cycles;
pub mod gate;
pub mod guard;
pub mod range;
pub mod source;

use crate::model::rule::rule;
use crate::model::rule::Level;
use crate::model::rule::RuleConfig;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::tree::plan_tree::PlanTree;

pub use checks::run_rules;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    /// Relative to the engineering root.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The text of the offending line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Other documents involved (a cycle's members, a duplicate's twin).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
}

/// A document's opt-out of one rule, with the reason it gave (an opt-out
/// without a reason is listed but not applied: `silenced` is 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allowed {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub reason: String,
    /// Findings the opt-out silenced.
    pub silenced: usize,
}

/// What `check` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub allowed: Vec<Allowed>,
    /// Documents the rules were applied to.
    pub checked: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Warning)
            .count()
    }

    /// Findings per rule id.
    pub fn by_rule(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for f in &self.findings {
            *m.entry(f.rule).or_insert(0) += 1;
        }
        m
    }
}

/// Which documents to report on: `None` for all of them, or the set of
/// changed paths (relative to the root). Whole-tree findings are reported
/// when any document they involve is in the set.
pub type Scope<'a> = Option<&'a BTreeSet<String>>;

/// Applies every rule to `tree`, keeping findings in `scope`.
pub fn check(tree: &PlanTree, config: &RuleConfig, scope: Scope<'_>) -> Report {
    check_with(tree, config, scope, scope)
}

/// The findings of `before` and `after`, the two ends of a range, for
/// telling the findings it introduces from those it fixes: [`check`] of
/// each end, but with the rules that read one document alone applied only
/// to the documents that differ between the ends. A document with the same
/// path and the same text at both is parsed into the same document at both
/// (a parse follows from path, bytes and configuration), so those rules
/// find the same at both ends, and a comparison of the ends cancels what
/// they would find. Whole-tree rules (dependencies, cycles, numbers,
/// supersedes, initiatives) see every document. The reports' `allowed`
/// lists only the opt-outs of differing documents and of documents with a
/// finding, and `checked` counts every document.
pub fn check_ends(before: &PlanTree, after: &PlanTree, config: &RuleConfig) -> (Report, Report) {
    let texts: std::collections::HashMap<&str, &str> = before
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d.doc.text.as_str()))
        .collect();
    let mut differing: BTreeSet<String> = BTreeSet::new();
    let mut same = 0;
    for d in &after.documents {
        if texts.get(d.path.as_str()) == Some(&d.doc.text.as_str()) {
            same += 1;
        } else {
            differing.insert(d.path.clone());
        }
    }
    if same < before.documents.len() {
        let kept: std::collections::HashSet<&str> =
            after.documents.iter().map(|d| d.path.as_str()).collect();
        for d in &before.documents {
            if !kept.contains(d.path.as_str()) {
                differing.insert(d.path.clone());
            }
        }
    }
    let end = |tree: &PlanTree| check_with(tree, config, None, Some(&differing));
    (end(before), end(after))
}

/// [`check`], with the rules that read one document alone applied only to
/// the documents of `only` (see [`run_rules`]).
fn check_with(tree: &PlanTree, config: &RuleConfig, scope: Scope<'_>, only: Scope<'_>) -> Report {
    let mut findings = run_rules(tree, only);
    // Severity from configuration; drop what is turned off.
    for f in findings.iter_mut() {
        let kind = tree
            .documents
            .iter()
            .find(|d| d.path == f.path)
            .map(|d| d.kind);
        if let Some(r) = rule(f.rule) {
            f.level = config.level(r, kind);
        }
    }
    findings.retain(|f| f.level != Level::Off);
    if let Some(scope) = scope {
        // A deleted (or renamed-away) document leaves no finding of its own,
        // but can break references to it from its folder: keep those.
        let parent = |p: &str| {
            p.rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string())
        };
        let gone: BTreeSet<String> = scope
            .iter()
            .filter(|p| !tree.documents.iter().any(|d| &d.path == *p))
            .map(|p| parent(p))
            .collect();
        findings.retain(|f| {
            scope.contains(&f.path)
                || f.related.iter().any(|p| scope.contains(p))
                || (matches!(f.rule, "dangling-dependency" | "adr-supersede-mismatch")
                    && gone.contains(&parent(&f.path)))
        });
    }
    // Inline opt-outs.
    let mut allowed = Vec::new();
    // With `only`, a document outside it has only whole-tree findings, if
    // any: its opt-outs matter only when it has one.
    let found: BTreeSet<String> = match only {
        Some(_) if scope.is_none() => findings.iter().map(|f| f.path.clone()).collect(),
        _ => BTreeSet::new(),
    };
    for d in &tree.documents {
        if scope.is_some_and(|s| !s.contains(&d.path)) {
            continue;
        }
        if scope.is_none() && only.is_some_and(|o| !o.contains(&d.path)) && !found.contains(&d.path)
        {
            continue;
        }
        for (line, rule_id, reason) in opt_outs(&d.doc.text) {
            let before = findings.len();
            // An opt-out must say why; one without a reason is listed, not applied.
            if !reason.is_empty() {
                findings.retain(|f| !(f.path == d.path && f.rule == rule_id));
            }
            allowed.push(Allowed {
                rule: rule_id,
                path: d.path.clone(),
                line,
                reason,
                silenced: before - findings.len(),
            });
        }
    }
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule))
    });
    let checked = match scope {
        None => tree.documents.len(),
        Some(s) => tree
            .documents
            .iter()
            .filter(|d| s.contains(&d.path))
            .count(),
    };
    Report {
        findings,
        allowed,
        checked,
    }
}

/// `<!-- git-plan: allow RULE: reason -->` lines: (line, rule, reason).
/// Any text is scanned safely: a comment's end is looked for only after its
/// opening (`<!-->` and `<!--->` are empty comments, as in HTML), and every
/// comment of a line is considered.
pub fn opt_outs(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("<!--") {
            let after = &rest[start + "<!--".len()..];
            // HTML closes `<!-->` and `<!--->` at once: empty comments.
            if let Some(next) = after.strip_prefix('>').or(after.strip_prefix("->")) {
                rest = next;
                continue;
            }
            let (inner, next) = match after.find("-->") {
                Some(end) => (&after[..end], &after[end + "-->".len()..]),
                None => break,
            };
            rest = next;
            if let Some((rule_id, reason)) = opt_out(inner) {
                out.push((i + 1, rule_id.to_string(), reason.to_string()));
            }
        }
    }
    out
}

/// The rule and reason of one comment's inside, if it is an opt-out.
fn opt_out(inner: &str) -> Option<(&str, &str)> {
    let rest = inner.trim().strip_prefix("git-plan:")?;
    let rest = rest.trim().strip_prefix("allow")?.trim();
    let (rule_id, reason) = match rest.split_once(':') {
        Some((r, reason)) => (r.trim(), reason.trim()),
        None => (rest, ""),
    };
    (!rule_id.is_empty()).then_some((rule_id, reason))
}

#[cfg(test)]
mod tests;

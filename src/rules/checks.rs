//! The rules themselves: functions from the plan tree to findings, with
//! severities at their defaults (configuration is applied by the caller).

use std::collections::{BTreeMap, BTreeSet};

use super::Finding;
use crate::document::sections::{self, Content, Section};
use crate::document::{DependencyRef, Heading, DEPENDS_KEYS, EFFORT_KEYS, STATUS_KEYS};
use crate::model::kind::DocKind;
use crate::model::lifecycle::State;
use crate::model::rule::{rule, Level};
use crate::tree::plan_tree::{PlanDoc, PlanTree};

/// Every finding of every rule, unfiltered; with `only`, the rules that read
/// one document alone (its sections, criteria, fields and status value) are
/// applied to the documents `only` names, and the rest to every document.
/// A finding of those rules names its document and no other, so it could
/// only be one that a scope limited to `only` keeps.
pub fn run_rules(tree: &PlanTree, only: Option<&BTreeSet<String>>) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &tree.documents {
        if only.is_none_or(|only| only.contains(&d.path)) {
            if matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan) {
                required_sections(tree, d, &mut out);
                unticked_but_complete(tree, d, &mut out);
            }
            if d.lifecycle().is_some() {
                placeholder_fields(d, &mut out);
            }
            status_value(d, &mut out);
        }
        dangling_dependencies(tree, d, &mut out);
    }
    dependency_cycles(tree, &mut out);
    duplicate_numbers(tree, &mut out);
    supersede_mismatch(tree, &mut out);
    completion_contradictions(tree, &mut out);
    status_disagreements(tree, &mut out);
    parse_errors(tree, &mut out);
    out
}

fn finding(id: &'static str, d: &PlanDoc, line: usize, column: usize, message: String) -> Finding {
    let level = rule(id).map_or(Level::Error, |r| r.level);
    Finding {
        rule: id,
        level,
        path: d.path.clone(),
        line,
        column,
        message,
        hint: None,
        source: d
            .doc
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end().to_string()),
        related: Vec::new(),
    }
}

/// A finding on `doc`'s status line, or its first line when it has none.
fn finding_at_status(rule: &'static str, doc: &PlanDoc, message: String) -> Finding {
    let (line, column) = doc
        .doc
        .field(STATUS_KEYS)
        .map_or((1, 1), |f| (f.span.line, f.span.column));
    finding(rule, doc, line, column, message)
}

/// Files the parser could not read (not UTF-8, malformed front matter): a
/// gate that passed them would let a plan in that no reader understands.
fn parse_errors(tree: &PlanTree, out: &mut Vec<Finding>) {
    for diag in tree
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::model::diagnostic::Severity::Error)
    {
        let doc = tree.documents.iter().find(|d| d.path == diag.path);
        let line = diag.line.unwrap_or(1);
        out.push(Finding {
            rule: "parse-error",
            level: rule("parse-error").map_or(Level::Error, |r| r.level),
            path: diag.path.clone(),
            line,
            column: diag.column.unwrap_or(1),
            message: diag.message.clone(),
            hint: diag.hint.clone(),
            source: doc.and_then(|d| {
                d.doc
                    .text
                    .lines()
                    .nth(line.saturating_sub(1))
                    .map(|l| l.trim_end().to_string())
            }),
            related: Vec::new(),
        });
    }
}

fn required_sections(tree: &PlanTree, d: &PlanDoc, out: &mut Vec<Finding>) {
    let title_line = d
        .doc
        .headings
        .iter()
        .find(|h| h.level == 1)
        .map_or(1, |h| h.span.line);
    for (section, label, rule_missing) in [
        (
            Section::SuccessCriteria,
            "Success Criteria",
            "missing-success-criteria",
        ),
        (
            Section::RollbackPlan,
            "Rollback Plan",
            "missing-rollback-plan",
        ),
    ] {
        match tree.sections.find(section, &d.doc) {
            None => {
                let mut f = finding(
                    rule_missing,
                    d,
                    title_line,
                    1,
                    format!("{} has no {label} section", d.kind.with_article()),
                );
                f.hint = Some(format!(
                    "add a `## {label}` section with {}",
                    if label == "Success Criteria" {
                        "measurable `- [ ]` items"
                    } else {
                        "the trigger and the steps to undo the change"
                    }
                ));
                out.push(f);
            }
            Some((_, h)) => section_content(d, h, label, out),
        }
    }
}

fn section_content(d: &PlanDoc, h: &Heading, label: &str, out: &mut Vec<Finding>) {
    let content = sections::content(d.doc.section_body(h));
    let (rule, hint) = match content {
        Content::Written => return,
        Content::Blank => (
            "empty-section",
            format!("write the {label} below this heading"),
        ),
        Content::Placeholders => (
            "template-placeholder",
            "replace the `[...]` lines with real content".to_string(),
        ),
    };
    let mut f = finding(
        rule,
        d,
        h.span.line,
        h.span.column,
        format!("the {label} section {}", content.describe()),
    );
    f.hint = Some(hint);
    out.push(f);
}

/// Every metadata field of a plan (an ADR's `**Deciders:** [Names]`, a work
/// package's `**Estimated Effort:** X-Yh agentic + Zh review`, a subtask's
/// `- **Estimate**: [X]`, an initiative's) that still holds a template's
/// placeholder. Notes, analyses and completion records are not made from
/// the templates and gate nothing (a tree's own `artifacts/templates/` is
/// read as notes): their placeholders are not reported as values, and not
/// flagged.
fn placeholder_fields(d: &PlanDoc, out: &mut Vec<Finding>) {
    for field in d.doc.placeholder_fields() {
        let mut f = finding(
            "template-placeholder",
            d,
            field.span.line,
            field.span.column,
            format!(
                "the {} field is still the template's `{}`",
                field.key,
                field.value.trim()
            ),
        );
        f.hint = Some(if EFFORT_KEYS.contains(&field.name.as_str()) {
            "estimate it, like `2-4h agentic + 1h review`".to_string()
        } else {
            format!("write the {}, or remove the line", field.key)
        });
        out.push(f);
    }
}

fn unticked_but_complete(tree: &PlanTree, d: &PlanDoc, out: &mut Vec<Finding>) {
    let Some(status) = &d.status else { return };
    if status.state != Some(State::Complete) || status.verified == Some(false) {
        return;
    }
    let Some((i, h)) = tree.sections.success_criteria(&d.doc) else {
        return;
    };
    let open: Vec<_> = d.doc.checklist_in(i).filter(|c| !c.checked).collect();
    if let Some(first) = open.first() {
        let field = d.doc.field(STATUS_KEYS);
        let (line, column) = field.map_or((first.marker.line, first.marker.column), |f| {
            (f.span.line, f.span.column)
        });
        let mut f = finding(
            "complete-with-unticked-criteria",
            d,
            line,
            column,
            format!(
                "marked complete, but {} of its {} {} unticked (first at line {})",
                open.len(),
                h.text,
                if open.len() == 1 { "is" } else { "are" },
                first.marker.line
            ),
        );
        f.hint =
            Some("tick the criteria that are met, or mark it `Complete (unverified)`".to_string());
        out.push(f);
    }
}

fn status_value(d: &PlanDoc, out: &mut Vec<Finding>) {
    let (Some(status), Some(field), Some(lifecycle)) =
        (&d.status, d.doc.field(STATUS_KEYS), d.lifecycle())
    else {
        return;
    };
    if status.is_known() {
        return;
    }
    let allowed: Vec<&str> = lifecycle.states().iter().map(|s| s.as_str()).collect();
    let mut f = match status.foreign {
        Some(other) => finding(
            "illegal-status-for-kind",
            d,
            field.span.line,
            field.span.column,
            format!(
                "`{}` is a status of {}, and this is {}",
                status.raw,
                other.plural(),
                d.kind.with_article()
            ),
        ),
        None => finding(
            "unknown-status",
            d,
            field.span.line,
            field.span.column,
            format!(
                "status `{}` is not a known {} status",
                status.raw,
                lifecycle.as_str()
            ),
        ),
    };
    f.hint = Some(format!(
        "write one of: {}; or map it in plan.toml under [status.{}]",
        allowed.join(", "),
        lifecycle.as_str().replace('-', "_")
    ));
    out.push(f);
}

fn dangling_dependencies(tree: &PlanTree, d: &PlanDoc, out: &mut Vec<Finding>) {
    if !matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan) {
        return;
    }
    for r in d.doc.dependencies() {
        if tree.resolve_dependency(d, &r.reference).is_none() {
            let column = reference_column(d, &r);
            let mut f = finding(
                "dangling-dependency",
                d,
                r.line,
                column,
                format!("depends on `{}`, which names no plan", r.reference),
            );
            f.hint = Some("name an existing work package (`initiative/NN`, a number in this initiative, or a sibling file)".to_string());
            out.push(f);
        }
    }
}

/// The column of a dependency's reference on its line, searched after the
/// key of a `Depends on` field there (`d` is not the `d` of `Depends`).
fn reference_column(d: &PlanDoc, r: &DependencyRef) -> usize {
    let Some(line) = d.doc.text.lines().nth(r.line.saturating_sub(1)) else {
        return 1;
    };
    let value_start = d
        .doc
        .fields
        .iter()
        .find(|f| f.span.line == r.line && DEPENDS_KEYS.contains(&f.name.as_str()))
        .map_or(0, |f| {
            f.span.start.saturating_sub(d.doc.lines.line_start(r.line))
        });
    line.get(value_start..)
        .and_then(|rest| rest.find(&r.reference))
        .map_or(1, |i| line[..value_start + i].chars().count() + 1)
}

/// Cycles in the graph of work-package dependencies, each reported once,
/// on its first member, naming the whole cycle (`rules::cycles`, the
/// finder the graph views share).
fn dependency_cycles(tree: &PlanTree, out: &mut Vec<Finding>) {
    for cycle in super::cycles::dependency_cycles(tree) {
        let first = &tree.documents[cycle.members[0]];
        let mut f = finding(
            "dependency-cycle",
            first,
            cycle.line,
            1,
            cycle.message(tree),
        );
        f.related = cycle
            .members
            .iter()
            .map(|i| tree.documents[*i].path.clone())
            .collect();
        f.hint = Some("remove one of the dependencies in the cycle".to_string());
        out.push(f);
    }
}

fn duplicate_numbers(tree: &PlanTree, out: &mut Vec<Finding>) {
    // Documents of one kind only (a work package `03-` and a work plan
    // `03-` are not rivals), and `04-05-x-plan.md` is number 4.5, not 4.
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, d) in tree.documents.iter().enumerate() {
        let Some(n) = d.number_value() else { continue };
        let key = match (d.kind, &d.initiative) {
            (DocKind::WorkPackage | DocKind::WorkPlan, Some(init)) => {
                format!("wp:{}:{init}", d.kind.as_str())
            }
            // Numbers are unique within a collection (a folder); a dated
            // name (log4brains' `20201103-x.md`) is no number.
            (DocKind::Adr, _) if crate::tree::classify::is_dated(d.file_name()) => continue,
            (DocKind::Adr, _) => format!("adr:{}", d.folder()),
            _ => continue,
        };
        let number = match sub_number(d.file_name()).filter(|_| !key.starts_with("adr")) {
            Some(sub) => format!("{n}.{sub}"),
            None => n.to_string(),
        };
        groups.entry((key, number)).or_default().push(i);
    }
    for ((key, n), members) in groups {
        if members.len() < 2 {
            continue;
        }
        let paths: Vec<String> = members
            .iter()
            .map(|i| tree.documents[*i].path.clone())
            .collect();
        for &i in &members {
            let d = &tree.documents[i];
            let others: Vec<&str> = paths
                .iter()
                .filter(|p| **p != d.path)
                .map(String::as_str)
                .collect();
            let what = match d.kind {
                DocKind::WorkPlan => "work plan",
                DocKind::Adr => "ADR",
                _ => "work package",
            };
            let mut f = finding(
                "duplicate-number",
                d,
                1,
                1,
                format!("{what} number {n} is also used by {}", others.join(", ")),
            );
            f.related = paths.clone();
            f.hint = Some(if key.starts_with("adr") {
                "renumber one of them (`git plan adr new` picks a number free on every branch)"
                    .to_string()
            } else {
                "renumber one of them (`git plan add` picks the next free number)".to_string()
            });
            out.push(f);
        }
    }
}

/// The second number of a sub-numbered name: `04-05-x-plan.md` -> 5.
fn sub_number(name: &str) -> Option<u32> {
    let rest = name.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix('-')?;
    let digits: &str = &rest[..rest.find(|c: char| !c.is_ascii_digit())?];
    let after = &rest[digits.len()..];
    (!digits.is_empty() && after.starts_with('-'))
        .then(|| digits.parse().ok())
        .flatten()
}

fn supersede_mismatch(tree: &PlanTree, out: &mut Vec<Finding>) {
    for (_, a) in tree.adrs() {
        let Some(status) = &a.status else { continue };
        if status.state != Some(State::Superseded) {
            continue;
        }
        let field = a.doc.field(STATUS_KEYS);
        let (line, column) = field.map_or((1, 1), |f| (f.span.line, f.span.column));
        let Some(by) = status.superseded_by else {
            let mut f = finding(
                "adr-supersede-mismatch",
                a,
                line,
                column,
                "superseded, but it does not say by which ADR".to_string(),
            );
            f.hint =
                Some("write `Superseded by ADR NNNN`, or use `git plan adr supersede`".to_string());
            out.push(f);
            continue;
        };
        let newer: Vec<&PlanDoc> = tree
            .adrs()
            .map(|(_, d)| d)
            .filter(|d| d.number_value() == Some(by) && d.folder() == a.folder())
            .collect();
        if newer.is_empty() {
            let mut f = finding(
                "adr-supersede-mismatch",
                a,
                line,
                column,
                format!("superseded by ADR {by:04}, which does not exist"),
            );
            f.hint = Some("fix the number, or write the superseding ADR".to_string());
            out.push(f);
            continue;
        }
        let a_number = a.number_value();
        let says_so = newer.iter().any(|b| {
            a_number.is_some_and(|n| b.summary.supersedes.contains(&n))
                || b.doc
                    .field(&["supersedes", "replaces"])
                    .is_some_and(|f| mentions_number(&f.value, a_number))
                || b.doc
                    .section(&["supersedes"])
                    .is_some_and(|(_, h)| mentions_number(b.doc.section_body(h), a_number))
        });
        // MADR and log4brains state supersession in the older record only.
        let links_back = newer
            .iter()
            .any(|b| crate::document::record_form::form_of(&b.doc).links_back());
        if !says_so && links_back {
            let b = newer[0];
            let mut f = finding(
                "adr-supersede-mismatch",
                a,
                line,
                column,
                format!(
                    "superseded by {}, which does not say it supersedes {}",
                    b.id(),
                    a.id()
                ),
            );
            f.related = vec![b.path.clone()];
            f.hint = Some(format!(
                "add `**Supersedes:** ADR {:04}` to {}",
                a_number.unwrap_or(0),
                b.file_name()
            ));
            out.push(f);
        }
    }
}

/// Does `text` mention the number `n` (`ADR 0004`, `adr-4`, `0004-x.md`)?
fn mentions_number(text: &str, n: Option<u32>) -> bool {
    let Some(n) = n else { return false };
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .any(|s| s.parse::<u32>().ok() == Some(n))
}

/// A completion record beside a work package it speaks for that is not
/// complete: the one of the same slug (`04-caching-COMPLETE.md`), the one
/// of its number (`04-COMPLETE.md`), or every work package of the folder
/// (`COMPLETE.md`); and an initiative marked complete whose work packages
/// are still draft or ready.
fn completion_contradictions(tree: &PlanTree, out: &mut Vec<Finding>) {
    for init in &tree.initiatives {
        let docs: Vec<&PlanDoc> = init.docs.iter().map(|i| &tree.documents[*i]).collect();
        let wps: Vec<&PlanDoc> = docs
            .iter()
            .copied()
            .filter(|d| matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan))
            .collect();
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        for c in docs.iter().filter(|d| d.kind == DocKind::Completion) {
            let slug = c
                .slug
                .trim_end_matches("-complete")
                .trim_end_matches("_complete");
            let bare = slug.is_empty() || slug == "complete";
            for wp in &wps {
                let state = wp.status.as_ref().and_then(|s| s.state);
                let open = matches!(
                    state,
                    Some(State::Draft | State::Ready | State::InProgress | State::Blocked)
                );
                let speaks_for = if bare {
                    c.number_value()
                        .is_none_or(|n| wp.number_value() == Some(n))
                } else {
                    wp.slug == slug
                };
                if !(open && speaks_for && reported.insert(wp.path.as_str())) {
                    continue;
                }
                let mut f = finding_at_status(
                    "status-contradiction",
                    wp,
                    format!(
                        "{} says {} complete, but this work package is {}",
                        c.file_name(),
                        if bare && c.number_value().is_none() {
                            "the initiative is"
                        } else {
                            "it is"
                        },
                        state.map_or("unknown", |s| s.as_str())
                    ),
                );
                f.related = vec![c.path.clone()];
                f.hint = Some(format!("`git plan done {}` if it is finished", wp.id()));
                out.push(f);
            }
        }
        let complete = tree
            .initiative_status(init)
            .is_some_and(|s| s.state == Some(State::Complete));
        // The document the initiative's status comes from.
        let Some(entry) = init
            .derived
            .as_ref()
            .map(|d| d.doc)
            .or(init.status_doc)
            .and_then(|i| tree.doc(i))
        else {
            continue;
        };
        if !complete {
            continue;
        }
        for wp in &wps {
            let state = wp.status.as_ref().and_then(|s| s.state);
            if !matches!(state, Some(State::Draft | State::Ready))
                || !reported.insert(wp.path.as_str())
            {
                continue;
            }
            let mut f = finding_at_status(
                "status-contradiction",
                wp,
                format!(
                    "the initiative is complete ({}), but this work package is {}",
                    entry.file_name(),
                    state.map_or("unknown", |s| s.as_str())
                ),
            );
            f.related = vec![entry.path.clone()];
            f.hint = Some(format!(
                "`git plan done {}` if it is finished, or `git plan set {} status=...` if it was dropped",
                wp.id(),
                wp.id()
            ));
            out.push(f);
        }
    }
}

/// A document whose status statements disagree (the header says Ready, a
/// closing line says Complete), and an initiative whose START-HERE.md and
/// README.md state different states: reported on the later statement,
/// naming both lines.
fn status_disagreements(tree: &PlanTree, out: &mut Vec<Finding>) {
    for d in &tree.documents {
        let Some((first, other)) = tree.disagreement(d) else {
            continue;
        };
        let mut f = finding(
            "status-disagreement",
            d,
            other.line.line,
            other.line.column,
            format!(
                "the status here is `{}` ({}), but line {} says `{}` ({})",
                other.status.raw,
                other.status.describe(),
                first.line.line,
                first.status.raw,
                first.status.describe()
            ),
        );
        f.hint = Some(
            "make every status line of the document say the same, or remove the stale one"
                .to_string(),
        );
        out.push(f);
    }
    for init in &tree.initiatives {
        let stated: Vec<&PlanDoc> = init
            .docs
            .iter()
            .map(|i| &tree.documents[*i])
            .filter(|d| {
                d.kind == DocKind::Initiative
                    && ["START-HERE.md", "README.md"]
                        .iter()
                        .any(|n| d.file_name().eq_ignore_ascii_case(n))
            })
            .collect();
        let [start, readme] = stated.as_slice() else {
            continue;
        };
        // START-HERE.md first, whichever order the listing gave.
        let (start, readme) = if start.file_name().eq_ignore_ascii_case("README.md") {
            (readme, start)
        } else {
            (start, readme)
        };
        let (Some(a), Some(b)) = (&start.status, &readme.status) else {
            continue;
        };
        if a.state.is_none() || b.state.is_none() || a.state == b.state {
            continue;
        }
        let line_of = |d: &PlanDoc| {
            d.doc
                .field(STATUS_KEYS)
                .map_or((1, 1), |f| (f.span.line, f.span.column))
        };
        let (a_line, _) = line_of(start);
        let (line, column) = line_of(readme);
        let mut f = finding(
            "status-disagreement",
            readme,
            line,
            column,
            format!(
                "the initiative is `{}` ({}) here, but {}:{} says `{}` ({})",
                b.raw,
                b.describe(),
                start.file_name(),
                a_line,
                a.raw,
                a.describe()
            ),
        );
        f.related = vec![start.path.clone()];
        f.hint = Some(format!(
            "make {} and {} state the same status (`git plan set` edits both)",
            start.file_name(),
            readme.file_name()
        ));
        out.push(f);
    }
}

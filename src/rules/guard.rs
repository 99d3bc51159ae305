//! The guards of a move (model::lifecycle::guards), judged on a document of
//! a tree: what `git plan start`, `done` and `set` refuse, and what the
//! range rules (`guard-skipped`) find when a commit made the move by hand.
//! One judgement for both, so that the gate is as strict as the CLI.

use crate::document::sections::{self, Content, Section};
use crate::model::lifecycle::{Guard, State};
use crate::tree::plan_tree::{PlanDoc, PlanTree};

/// `None` when the guard holds, else what is missing (the words after
/// [`Guard::refused`]'s `cannot become ready: `).
pub fn failing(tree: &PlanTree, doc: &PlanDoc, guard: Guard) -> Option<String> {
    match guard {
        Guard::SuccessCriteria => {
            section_missing(tree, doc, Section::SuccessCriteria, "Success Criteria")
        }
        Guard::RollbackPlan => section_missing(tree, doc, Section::RollbackPlan, "Rollback Plan"),
        Guard::DependenciesComplete => pending_dependencies(tree, doc, &references(doc)),
        Guard::CriteriaTicked => {
            let (i, h) = tree.sections.success_criteria(&doc.doc)?;
            let open: Vec<String> = doc
                .doc
                .checklist_in(i)
                .filter(|c| !c.checked)
                .map(|c| format!("line {}: {}", c.marker.line, c.text))
                .collect();
            (!open.is_empty()).then(|| {
                format!(
                    "{} of its {} {} unticked ({})",
                    open.len(),
                    h.text,
                    if open.len() == 1 { "is" } else { "are" },
                    open.join("; ")
                )
            })
        }
    }
}

/// The dependencies `doc` names, as written.
pub fn references(doc: &PlanDoc) -> Vec<String> {
    doc.doc
        .dependencies()
        .into_iter()
        .map(|r| r.reference)
        .collect()
}

/// The dependency guard: `None` when every one of `references` (written in
/// `doc`) is complete (an ADR: accepted) in `tree`, else what is not. Any
/// tree will do, a tree of summaries too: only the dependencies' statuses
/// are read (the range rules judge it on the summaries of a commit's tree).
pub fn pending_dependencies<D>(
    tree: &PlanTree<D>,
    doc: &PlanDoc<D>,
    references: &[String],
) -> Option<String> {
    let pending: Vec<String> = references
        .iter()
        .filter_map(|r| match tree.resolve_dependency(doc, r) {
            None => Some(format!("{r} (not found)")),
            Some(i) => {
                let dep = &tree.documents[i];
                let state = dep.status.as_ref().and_then(|s| s.state);
                let done = matches!(state, Some(State::Complete) | Some(State::Accepted));
                (!done).then(|| {
                    format!(
                        "{} ({})",
                        dep.id(),
                        dep.status
                            .as_ref()
                            .map_or("no status".to_string(), |s| s.describe())
                    )
                })
            }
        })
        .collect();
    (!pending.is_empty())
        .then(|| format!("it depends on {} which is not complete", pending.join(", ")))
}

/// What is wrong with `doc`'s `section`: missing, empty, or holding only
/// the template's placeholders (the judgement `check` makes too).
fn section_missing(
    tree: &PlanTree,
    doc: &PlanDoc,
    section: Section,
    label: &str,
) -> Option<String> {
    let Some((_, h)) = tree.sections.find(section, &doc.doc) else {
        return Some(format!("it has no {label} section"));
    };
    match sections::content(doc.doc.section_body(h)) {
        Content::Written => None,
        content => Some(format!(
            "its {label} section (line {}) {}",
            h.span.line,
            content.describe()
        )),
    }
}

//! What the roadmap reads of a document: its title, first status
//! statement, checklist and success-criteria counts, whether it has a
//! rollback plan, and the plans it depends on. Computed once from the
//! parse, so that `status` (and the cache of the work tree, which keeps
//! this instead of the document) reads the same values `show` does.

use serde::Serialize;

use crate::document::sections::{ROLLBACK_PLAN, SUCCESS_CRITERIA};
use crate::document::{ChecklistItem, DependencyRef, Document, STATUS_KEYS};

/// Ticked items of a checklist, out of all.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// Checklist progress: every `- [ ]` / `- [x]` item of the document.
    /// The one definition `status`, `show` and their JSON use.
    pub fn checklist(doc: &Document) -> Progress {
        Progress::of(doc.checklist.iter())
    }

    /// Success criteria progress: the items under the Success Criteria
    /// heading (or a synonym of it); `None` without such a section. The one
    /// definition `status`, `show` and their JSON use.
    pub fn success_criteria(doc: &Document) -> Option<Progress> {
        doc.section(SUCCESS_CRITERIA)
            .map(|(i, _)| Progress::of(doc.checklist_in(i)))
    }

    /// The ticked items among `items`, out of all of them.
    pub fn of<'a>(items: impl Iterator<Item = &'a ChecklistItem>) -> Progress {
        items.fold(Progress::default(), |p, c| Progress {
            done: p.done + usize::from(c.checked),
            total: p.total + 1,
        })
    }
}

/// A document's first status statement: the value as written, and the line
/// it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub value: String,
    pub line: usize,
}

/// What `status` reports of a document, beside what its path says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The text of the first level-1 heading.
    pub title: Option<String>,
    /// The first status statement ([`Document::field`] of [`STATUS_KEYS`]).
    pub status: Option<StatusLine>,
    /// See [`Progress::checklist`].
    pub checklist: Progress,
    /// See [`Progress::success_criteria`].
    pub success_criteria: Option<Progress>,
    /// A rollback-plan section (or a synonym of it) is there.
    pub has_rollback_plan: bool,
    /// See [`Document::dependencies`].
    pub dependencies: Vec<DependencyRef>,
}

impl Summary {
    pub fn of(doc: &Document) -> Summary {
        Summary {
            title: doc.title.clone(),
            status: doc.field(STATUS_KEYS).map(|f| StatusLine {
                value: f.value.clone(),
                line: f.span.line,
            }),
            checklist: Progress::checklist(doc),
            success_criteria: Progress::success_criteria(doc),
            has_rollback_plan: doc.section(ROLLBACK_PLAN).is_some(),
            dependencies: doc.dependencies(),
        }
    }
}

//! What the roadmap reads of a document: its title, status statements,
//! checklist and success-criteria counts, whether it has a rollback plan,
//! the plans it depends on and the fields still holding a template's
//! placeholder. Computed once from the parse, so that `status` (and the
//! cache of the work tree, which keeps this instead of the document) reads
//! the same values `show` does.

use serde::Serialize;

use crate::document::sections::SectionNames;
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
    /// heading (or a synonym of it, built in or from `plan.toml`); `None`
    /// without such a section. The one definition `status`, `show` and
    /// their JSON use.
    pub fn success_criteria(sections: &SectionNames, doc: &Document) -> Option<Progress> {
        sections
            .success_criteria(doc)
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

/// A status statement of a document: the value as written, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub value: String,
    pub line: usize,
    pub column: usize,
}

/// A field that still holds a template's placeholder instead of a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// The key as written (`Estimated Effort`).
    pub key: String,
    /// The key reduced to lower-case words, for matching (`estimated effort`).
    #[serde(skip)]
    pub name: String,
    /// The placeholder as written (`X-Yh agentic + Zh review`).
    pub placeholder: String,
    pub line: usize,
}

/// What `status` reports of a document, beside what its path says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The text of the first level-1 heading.
    pub title: Option<String>,
    /// Every status statement, in text order (the fields of
    /// [`STATUS_KEYS`]); the first is the document's status.
    pub statements: Vec<StatusLine>,
    /// See [`Progress::checklist`].
    pub checklist: Progress,
    /// See [`Progress::success_criteria`].
    pub success_criteria: Option<Progress>,
    /// A rollback-plan section (or a synonym of it) is there.
    pub has_rollback_plan: bool,
    /// See [`Document::dependencies`].
    pub dependencies: Vec<DependencyRef>,
    /// See [`Document::placeholder_fields`].
    pub placeholders: Vec<Placeholder>,
}

impl Summary {
    /// The summary of `doc`, whose sections are named by `sections`.
    pub fn of(doc: &Document, sections: &SectionNames) -> Summary {
        Summary {
            title: doc.title.clone(),
            statements: doc
                .fields
                .iter()
                .filter(|f| STATUS_KEYS.contains(&f.name.as_str()))
                .map(|f| StatusLine {
                    value: f.value.clone(),
                    line: f.span.line,
                    column: f.span.column,
                })
                .collect(),
            checklist: Progress::checklist(doc),
            success_criteria: Progress::success_criteria(sections, doc),
            has_rollback_plan: sections.rollback_plan(doc).is_some(),
            dependencies: doc.dependencies(),
            placeholders: doc
                .placeholder_fields()
                .map(|f| Placeholder {
                    key: f.key.clone(),
                    name: f.name.clone(),
                    placeholder: f.value.trim().to_string(),
                    line: f.span.line,
                })
                .collect(),
        }
    }

    /// The first status statement: the document's status as written.
    pub fn status(&self) -> Option<&StatusLine> {
        self.statements.first()
    }
}

//! What the roadmap reads of a document: its title, status statements,
//! checklist and success-criteria counts, whether it has a rollback plan,
//! the plans it depends on and the fields still holding a template's
//! placeholder, and for decision records their date and the records they
//! supersede. Computed once from the parse, so that `status` (and the
//! cache of the work tree, which keeps this instead of the document) reads
//! the same values `show` does.

use serde::Serialize;

use crate::document::sections::SectionNames;
use crate::document::{ChecklistItem, DependencyRef, Document, DATE_KEYS, STATUS_KEYS};

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
    /// The date as written: the first `Date`/`Created` field holding a
    /// value, else the first line of a `## Date` section (MADR).
    pub date: Option<String>,
    /// The numbers of the records this one says it supersedes (see
    /// [`supersedes`]), in the order written, each once.
    pub supersedes: Vec<u32>,
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
            date: date_of(doc),
            supersedes: supersedes(doc),
        }
    }

    /// The first status statement: the document's status as written.
    pub fn status(&self) -> Option<&StatusLine> {
        self.statements.first()
    }
}

/// See [`Summary::date`].
fn date_of(doc: &Document) -> Option<String> {
    if let Some(f) = doc.value(DATE_KEYS) {
        return Some(f.value.trim().to_string()).filter(|v| !v.is_empty());
    }
    let (_, heading) = doc.section(&["date"])?;
    doc.section_body(heading)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

/// The record numbers a document says it supersedes: in a `Supersedes` or
/// `Replaces` field (`**Supersedes:** [ADR 0003](0003-x.md)`), a
/// `## Supersedes` section, or a line of its `## Status` section that
/// starts with `Supersedes` (adr-tools: `Supersedes [3. Title](0003-x.md)`).
pub fn supersedes(doc: &Document) -> Vec<u32> {
    let mut texts: Vec<&str> = Vec::new();
    if let Some(f) = doc.field(&["supersedes", "replaces"]) {
        texts.push(&f.value);
    }
    if let Some((_, h)) = doc.section(&["supersedes"]) {
        texts.push(doc.section_body(h));
    }
    if let Some((_, h)) = doc.section(&["status"]) {
        texts.extend(doc.section_body(h).lines().filter(|l| {
            l.trim_start_matches(|c: char| !c.is_alphanumeric())
                .get(..10)
                .is_some_and(|w| w.eq_ignore_ascii_case("supersedes"))
        }));
    }
    let mut numbers = Vec::new();
    for n in texts.into_iter().flat_map(record_numbers) {
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    numbers
}

/// Every run of digits in `text` read as a number, except those of a
/// `YYYY-MM-DD` date: `ADR 0004`, `adr-4`, `[4. Title](0004-x.md)`.
fn record_numbers(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let date = |at: usize, len: usize| {
            at + len <= bytes.len()
                && bytes[at..at + len].iter().enumerate().all(|(k, b)| {
                    if k == 4 || k == 7 {
                        *b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                })
        };
        // A date starts with four digits, or this run is its month or day.
        let in_date = (i - start == 4 && date(start, 10))
            || (i - start == 2
                && ((start >= 5 && date(start - 5, 10)) || (start >= 8 && date(start - 8, 10))));
        if in_date {
            continue;
        }
        if let Ok(n) = text[start..i].parse() {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Summary {
        let (doc, _) = Document::parse("artifacts/adr/0005-x.md", text.as_bytes()).unwrap();
        Summary::of(&doc, &SectionNames::default())
    }

    #[test]
    fn an_adr_says_its_date_and_what_it_supersedes() {
        let s = summary("# 5. X\n\n**Date:** 2026-01-02\n**Supersedes:** [ADR 0003](0003-a.md), ADR 4 (2025-12-01)\n");
        assert_eq!(s.date.as_deref(), Some("2026-01-02"));
        assert_eq!(s.supersedes, [3, 4]);
        // MADR's date section, adr-tools' status section.
        let s = summary("# 5. X\n\n## Status\n\nAccepted\n\nSupersedes [2. Old](0002-old.md)\n\n## Date\n\n2025-12-09\n\n## Context\n\nSee 0007.\n");
        assert_eq!(s.date.as_deref(), Some("2025-12-09"));
        assert_eq!(s.supersedes, [2]);
        let s = summary("# 5. X\n\n**Status:** Accepted\n");
        assert_eq!((s.date, s.supersedes), (None, vec![]));
    }
}

//! The sections a plan is judged by: which headings hold the success
//! criteria and the rollback plan, and whether a section says anything
//! beyond the template's placeholders. Read by the checks, the transition
//! guards and the reports alike.

use crate::document::{Document, Heading};
use crate::model::placeholder::is_bracketed;

/// Headings that hold a plan's success criteria (PRODUCT.md), also when
/// numbered (`## 7. Success metrics (ship gates)`).
pub const SUCCESS_CRITERIA: &[&str] = &[
    "success criteria",
    "acceptance criteria",
    "definition of done",
    "success metrics",
    "exit criteria",
];
/// Headings that hold a plan's rollback plan.
pub const ROLLBACK_PLAN: &[&str] = &[
    "rollback plan",
    "rollback",
    "rollback strategy",
    "rollback procedure",
    "back out plan",
    "backout plan",
];

/// The headings that hold a plan's success criteria and its rollback plan:
/// the built-in names, and those `plan.toml` adds under `[sections]`,
/// each reduced to lower-case words. The one place that decides which
/// section is which, for the checks, the transition guards and the
/// reports alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionNames {
    success_criteria: Vec<String>,
    rollback_plan: Vec<String>,
}

impl Default for SectionNames {
    fn default() -> Self {
        let own = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        SectionNames {
            success_criteria: own(SUCCESS_CRITERIA),
            rollback_plan: own(ROLLBACK_PLAN),
        }
    }
}

/// Which of the two sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    SuccessCriteria,
    RollbackPlan,
}

impl Section {
    pub fn other(self) -> Section {
        match self {
            Section::SuccessCriteria => Section::RollbackPlan,
            Section::RollbackPlan => Section::SuccessCriteria,
        }
    }

    /// `success criteria`, `rollback plan`: for messages.
    pub fn label(self) -> &'static str {
        match self {
            Section::SuccessCriteria => "success criteria",
            Section::RollbackPlan => "rollback plan",
        }
    }
}

impl SectionNames {
    /// Adds `name` (as written: `Ship gates`) to the headings of `section`;
    /// `false` when it has no words to match a heading by.
    pub fn add(&mut self, section: Section, name: &str) -> bool {
        let name = crate::base::text::words(name);
        if name.is_empty() {
            return false;
        }
        let names = match section {
            Section::SuccessCriteria => &mut self.success_criteria,
            Section::RollbackPlan => &mut self.rollback_plan,
        };
        if !names.contains(&name) {
            names.push(name);
        }
        true
    }

    /// The names of `section`'s headings, in lower-case words.
    pub fn names(&self, section: Section) -> &[String] {
        match section {
            Section::SuccessCriteria => &self.success_criteria,
            Section::RollbackPlan => &self.rollback_plan,
        }
    }

    /// The document's Success Criteria section (or a synonym of it): its
    /// index in [`Document::headings`] and the heading.
    pub fn success_criteria<'d>(&self, doc: &'d Document) -> Option<(usize, &'d Heading)> {
        doc.section(&self.success_criteria)
    }

    /// The document's Rollback Plan section (or a synonym of it).
    pub fn rollback_plan<'d>(&self, doc: &'d Document) -> Option<(usize, &'d Heading)> {
        doc.section(&self.rollback_plan)
    }

    /// The section `section` of the document.
    pub fn find<'d>(&self, section: Section, doc: &'d Document) -> Option<(usize, &'d Heading)> {
        match section {
            Section::SuccessCriteria => self.success_criteria(doc),
            Section::RollbackPlan => self.rollback_plan(doc),
        }
    }
}

/// What a section's body says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Nothing but blank lines, rules and comments.
    Blank,
    /// Only the template's own `[placeholder]` lines besides those
    /// (`- [ ] [Measurable outcome 1]`, `**Trigger:** [Condition that
    /// triggers rollback]`).
    Placeholders,
    /// Something a person wrote.
    Written,
}

impl Content {
    /// How the guards and the checks describe a section that is not
    /// [`Content::Written`]: `is empty`, `holds only the template's
    /// placeholders`.
    pub fn describe(self) -> &'static str {
        match self {
            Content::Blank => "is empty",
            Content::Placeholders => "holds only the template's placeholders",
            Content::Written => "is written",
        }
    }
}

/// What `body` says: the one judgement the checks, the transition guards
/// and the reports share.
pub fn content(body: &str) -> Content {
    let mut content = Content::Blank;
    for line in body.lines() {
        match line_content(line) {
            Content::Written => return Content::Written,
            Content::Placeholders => content = Content::Placeholders,
            Content::Blank => {}
        }
    }
    content
}

/// Text that is more than blank lines, rules, comments and the template's
/// own `[placeholder]` lines.
pub fn has_content(body: &str) -> bool {
    content(body) == Content::Written
}

fn line_content(line: &str) -> Content {
    let t = line.trim();
    if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
        return Content::Blank;
    }
    if t.starts_with("<!--") && t.ends_with("-->") {
        return Content::Blank;
    }
    // Strip list markers, a checkbox and a bold `**Label:**`, then see
    // whether only a bracketed placeholder is left.
    let mut rest = t;
    for marker in ["- ", "* ", "+ "] {
        if let Some(r) = rest.strip_prefix(marker) {
            rest = r.trim_start();
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(['.', ')']) {
        rest = rest[digits + 1..].trim_start();
    }
    for checkbox in ["[ ]", "[x]", "[X]"] {
        if let Some(r) = rest.strip_prefix(checkbox) {
            rest = r.trim_start();
        }
    }
    if let Some(r) = rest.strip_prefix("**") {
        if let Some(end) = r.find(":**") {
            rest = r[end + 3..].trim_start();
        }
    }
    if rest.is_empty() || is_bracketed(rest) {
        Content::Placeholders
    } else {
        Content::Written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_placeholder_and_written_sections() {
        assert_eq!(content("\n---\n<!-- later -->\n\n"), Content::Blank);
        assert_eq!(
            content("\n- [ ] [Measurable outcome 1]\n- [ ] [Measurable outcome 2]\n\n---\n"),
            Content::Placeholders
        );
        assert_eq!(
            content("**Trigger:** [Condition]\n\n**Steps:**\n1. [Step to revert]\n"),
            Content::Placeholders
        );
        assert_eq!(
            content("- [ ] [Measurable outcome 1]\n- [ ] p99 latency under 50 ms\n"),
            Content::Written
        );
        assert_eq!(
            content("- [ ] [Phase 03](03-x-plan.md) complete\n"),
            Content::Written
        );
    }
}

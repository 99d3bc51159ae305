//! The sections a plan is judged by: which headings hold the success
//! criteria and the rollback plan, and whether a section says anything
//! beyond the template's placeholders. Read by the checks, the transition
//! guards and the reports alike.

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

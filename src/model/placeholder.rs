//! The template's placeholders: the one list of texts that stand for a
//! value not written yet. The built-in templates fill their metadata
//! defaults from it (`{{effort}}`, `{{deciders}}`), the
//! `template-placeholder` rule flags every field that still holds one, and
//! the views report such a field as "not estimated" / "none written",
//! never as a value.
//!
//! Fields only: the same texts in prose (START-HERE.md's roadmap list
//! `- Effort: X-Yh agentic + Zh review`, a timeline table) are no value any
//! view reports or any guard reads, and a text search there would also
//! flag a note that explains the format (`Format: "X-Yh agentic + Zh
//! review"`, as real trees write); the test that walks the templates
//! (`check::every_placeholder_the_templates_write_into_a_field_is_flagged`)
//! holds both halves.

use std::sync::OnceLock;

use crate::base::text::words;
use crate::model::status::strip_note;

/// A new work package's `**Estimated Effort:**` (seed 002).
pub const EFFORT: &str = "X-Yh agentic + Zh review";
/// A new ADR's `**Deciders:**` (seed 003).
pub const DECIDERS: &str = "[Names]";

/// Every placeholder text: what the built-in templates write into metadata
/// fields, then the seeds' other ways of writing an estimate not made yet
/// (seed 002's `**Estimated total effort:** X-Y hours agentic + Z hours
/// review`, its tables' `X-Yh`). Besides these, any value that is one
/// bracketed `[...]` is a placeholder ([`is_bracketed`]).
pub const TEXTS: &[&str] = &[
    EFFORT,
    DECIDERS,
    "X-Y hours agentic + Z hours review",
    "X-Yh",
];

/// Does this metadata value still hold a template's placeholder? A value
/// that is one of [`TEXTS`] (in any case or decoration, `**X-Yh agentic +
/// Zh review**`, and with a trailing note), or one bracketed `[...]`.
pub fn is_placeholder(value: &str) -> bool {
    let value = value.trim();
    if is_bracketed(value) {
        return true;
    }
    let head = words(strip_note(value));
    !head.is_empty() && text_words().contains(&head)
}

/// The words of [`TEXTS`] that are not bracketed, computed once.
fn text_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        TEXTS
            .iter()
            .filter(|t| !is_bracketed(t))
            .map(|t| words(t))
            .collect()
    })
}

/// `[Names]`, `[Step 1, e.g. disable the flag]`: one bracketed text that is
/// not a link (`[text](url)`, `[text][ref]`), a checkbox (`[ ]`, `[x]`) or a
/// footnote (`[^1]`).
pub fn is_bracketed(text: &str) -> bool {
    let Some(inner) = text
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return false;
    };
    !inner.contains(['[', ']']) && !inner.starts_with('^') && !matches!(inner, " " | "x" | "X")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_texts_and_bracketed_values_are_placeholders() {
        for text in TEXTS {
            assert!(is_placeholder(text), "{text}");
        }
        assert!(is_placeholder("**X-Yh agentic + Zh review**"));
        assert!(is_placeholder("X-Yh agentic + Zh review (to be estimated)"));
        assert!(is_placeholder("X-Y hours agentic + Z hours review"));
        assert!(is_placeholder("[Names]"));
        assert!(is_placeholder(" [Link to next work package plan] "));
    }

    #[test]
    fn values_are_not_placeholders() {
        for value in [
            "2-4h agentic + 1h review",
            "Names",
            "Ada, Grace",
            "[ADR 0003](0003-x.md)",
            "[Phase 03][p3]",
            "[x]",
            "[ ]",
            "[^1]",
            "",
            // Explaining the format is not leaving it unfilled.
            "All estimates are agentic time. Format: \"X-Yh agentic + Zh review\"",
            "2h (was X-Yh agentic + Zh review)",
        ] {
            assert!(!is_placeholder(value), "{value}");
        }
    }
}

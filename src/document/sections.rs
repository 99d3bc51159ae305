//! The sections a plan is judged by: which headings hold the success
//! criteria and the rollback plan, and whether a section says anything
//! beyond the template's placeholders. Read by the checks, the transition
//! guards and the reports alike.

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

/// Text that is more than blank lines, rules, comments and the template's
/// own `[placeholder]` lines (`- [ ] [Measurable outcome 1]`,
/// `**Trigger:** [Condition that triggers rollback]`).
pub fn has_content(body: &str) -> bool {
    body.lines().any(|l| !is_filler(l))
}

fn is_filler(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
        return true;
    }
    if t.starts_with("<!--") && t.ends_with("-->") {
        return true;
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
    rest.is_empty() || is_placeholder(rest)
}

/// `[Step 1, e.g. disable the flag]` but not a link `[text](url)`.
fn is_placeholder(text: &str) -> bool {
    text.starts_with('[')
        && text.ends_with(']')
        && !text.contains("](")
        && text.matches('[').count() == 1
}

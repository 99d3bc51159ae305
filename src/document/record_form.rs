//! Which format a decision record is written in, by how it states its
//! status: adr-tools' `## Status` section, MADR 2's `- Status:` list line,
//! MADR 3/4's YAML front matter, or git plan's own header lines. What
//! writing (supersession) and `check` (which records must link back) go by.

use crate::base::text::next_line_start;
use crate::document::{Document, FieldOrigin, STATUS_KEYS};

/// How a record states its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordForm {
    /// adr-tools: the value under `## Status`.
    Nygard,
    /// MADR 2 / log4brains: a `- Status: value` list line under the title.
    Madr2,
    /// MADR 3/4: `status:` in YAML front matter.
    Madr4,
    /// git plan's own: a `**Status:**` header line (or anything else).
    Plain,
}

/// The form `doc`'s status is written in.
pub fn form_of(doc: &Document) -> RecordForm {
    if yaml_block(&doc.text).is_some() {
        return RecordForm::Madr4;
    }
    match doc.field(STATUS_KEYS) {
        Some(f) if f.origin == FieldOrigin::Section => RecordForm::Nygard,
        Some(f)
            if f.origin == FieldOrigin::Header
                && line_of(&doc.text, f.span.start)
                    .trim_start()
                    .starts_with("- ") =>
        {
            RecordForm::Madr2
        }
        _ => RecordForm::Plain,
    }
}

/// The line holding byte `at`.
fn line_of(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// The byte range of a YAML front matter block's body (between the `---`
/// lines), and where its closing line starts.
pub fn yaml_block(text: &str) -> Option<(usize, usize)> {
    let first_end = next_line_start(text, 0);
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut at = first_end;
    while at < text.len() {
        let end = next_line_start(text, at);
        if text[at..end].trim_end() == "---" {
            return Some((first_end, at));
        }
        at = end;
    }
    None
}

impl RecordForm {
    /// Whether the format writes a `Supersedes` link in the newer record
    /// (adr-tools and git plan do; MADR and log4brains state supersession
    /// in the older record's status alone).
    pub fn links_back(self) -> bool {
        matches!(self, RecordForm::Nygard | RecordForm::Plain)
    }
}

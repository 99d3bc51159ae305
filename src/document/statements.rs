//! Metadata as people write it, found line by line: the one reader of a
//! document's status (and of the header's other fields), used by the
//! document parser for the work tree and by the history for every old
//! version, so that both read the same thing.
//!
//! Forms read, each keeping the byte range of its value:
//! - header lines: `**Status:** Ready`, `**Status**: Ready`, `Status: Ready`,
//!   `**Status: ✅ Complete**` (bold around key and value);
//! - a metadata blockquote at the top, `·`- or `|`-separated:
//!   `> Enhancement · Created 2026-08-15 · **Status:** Complete`, and
//!   positional fields recognised by their value
//!   (`> plan · HIGH · Ready · 4-6h agentic + 1h review · 2026-07-20`);
//! - a heading with the value (`## Status: ✅ Complete`, any level) and a
//!   `## Status` heading whose first paragraph or list item is the value;
//! - key/value table rows (`| **Status** | Complete |`) and a header row
//!   with a Status column over exactly one data row (in the header only);
//! - a status line further down (a closing `**Status:** Complete`).
//!
//! Not statuses: legend lines (`**Status:** ⬚ pending · 🟡 in progress · ✅
//! complete`), per-task status columns (a table with more than one row),
//! list items and subtask fields below the header, anything inside fenced
//! code or an HTML comment.

use std::ops::ControlFlow;
use std::sync::OnceLock;

use crate::base::text::{lines_with_offsets, words};
use crate::document::metadata;
use crate::model::fields::{Effort, Priority};
use crate::model::lifecycle::Lifecycle;
use crate::model::status::Synonyms;

/// Field names that mean a status.
pub const STATUS_NAMES: &[&str] = &["status", "state", "document status", "current status"];

/// Where a value was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A `**Key:** value` line of the header (before the first section).
    Header,
    /// One field of a metadata blockquote at the top.
    Blockquote,
    /// A blockquote field known by its value alone (`Ready`, `HIGH`).
    Positional,
    /// A heading that holds the value: `## Status: Complete`.
    Heading,
    /// The first line under a `## Status` heading.
    Section,
    /// A key/value table row, or the one data row under a Status column.
    Table,
    /// A status line below the header.
    Body,
}

/// One value found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The key as written (`Estimated Effort`); empty for a positional field.
    pub key: String,
    /// The key reduced to lower-case words; for a status always `status`.
    pub name: String,
    /// Byte range of the value in the text.
    pub start: usize,
    pub end: usize,
    pub form: Form,
}

impl Found {
    pub fn is_status(&self) -> bool {
        self.name == "status"
    }
}

/// Every metadata value of the header (from `start` to the first heading
/// below the title) and every status statement of the whole text, in text
/// order. `start` skips a front matter block.
pub fn scan(text: &str, start: usize) -> Vec<Found> {
    let mut found = Vec::new();
    scan_each(text, start, true, &mut |f| {
        found.push(f);
        ControlFlow::Continue(())
    });
    found
}

/// The first status statement of `text`: what the history reads of each
/// version. The scan stops there.
pub fn first_status(text: &str, start: usize) -> Option<(usize, usize)> {
    let mut first = None;
    scan_each(text, start, true, &mut |f| {
        if f.is_status() {
            first = Some((f.start, f.end));
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    first
}

/// [`scan`] examining every line in full, without the quick test that
/// passes over lines that cannot state a status: the reference the tests
/// hold the quick scan to (on every file and old version of the corpora).
#[doc(hidden)]
pub fn scan_unfiltered(text: &str, start: usize) -> Vec<Found> {
    let mut found = Vec::new();
    scan_each(text, start, false, &mut |f| {
        found.push(f);
        ControlFlow::Continue(())
    });
    found
}

/// The scan: `visit` is given each value in text order and may stop it.
/// With `filtered`, a heading, table or line below the header that does not
/// contain `stat` (in any case) is not read for a status: every status key
/// ([`STATUS_NAMES`]) contains it, and [`words`] keeps ASCII letters in
/// order with a space for anything between them (no other character
/// lower-cases to one), so a key whose words are a status name has those
/// four letters in a row. A line below the header needs a colon too, as
/// every field line has.
fn scan_each(
    text: &str,
    start: usize,
    filtered: bool,
    visit: &mut dyn FnMut(Found) -> ControlFlow<()>,
) {
    let may_name = |text: &str| !filtered || contains_stat(text.as_bytes());
    let mut lines = lines_with_offsets(&text[start..]);
    let mut in_header = true;
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    let mut subtask = false;
    // Below a third-level heading, a status line is an item's, not the
    // document's (`### 4. EXECUTIVE-SUMMARY.md` then `**Status:** Updated`).
    let mut nested = false;
    let mut rows: Vec<(usize, &str)> = Vec::new();
    macro_rules! emit {
        ($found:expr) => {
            if visit($found).is_break() {
                return;
            }
        };
    }
    // Whether the line before this one was blank (none is not).
    let mut after_blank = false;
    while let Some((offset, line)) = lines.next() {
        let offset = start + offset;
        let trimmed = line.trim_start();
        let blank_before = std::mem::replace(&mut after_blank, trimmed.trim_end().is_empty());
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
            continue;
        }
        if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        // A rule after a blank line (not a setext underline) closes the
        // item above it: a status line below it is the document's again
        // (`### Phases 2-7` ... `---` then a closing `**Status:** ...`).
        if blank_before && is_rule(trimmed) {
            nested = false;
            subtask = false;
            continue;
        }
        if let Some((level, at, heading)) = heading(line) {
            let heading_start = offset + at;
            if level >= 2 {
                in_header = false;
            }
            subtask = level >= 3 && is_subtask(heading);
            nested = level >= 3;
            if !may_name(heading) {
                continue;
            }
            if let Some(f) = status_in_heading(heading, heading_start) {
                emit!(f);
            } else if level >= 2 && STATUS_NAMES.contains(&words(heading).as_str()) {
                let below = lines.clone().map(|(o, l)| (start + o, l));
                if let Some(f) = first_line_under(below, heading) {
                    emit!(f);
                }
            }
            continue;
        }
        if trimmed.starts_with('|') {
            rows.clear();
            rows.push((offset, line));
            loop {
                let mut ahead = lines.clone();
                match ahead.next() {
                    Some((o, l)) if l.trim_start().starts_with('|') => {
                        rows.push((start + o, l));
                        lines = ahead;
                    }
                    _ => break,
                }
            }
            // Under a third-level heading a table is an item's (a template's
            // `### Partially Complete` table), like a status line there.
            // Below the header a table states only a status.
            let wanted = in_header || rows.iter().any(|(_, l)| may_name(l));
            if !(nested || subtask) && wanted {
                for f in table_values(&rows, in_header) {
                    emit!(f);
                }
            }
            continue;
        }
        if in_header {
            if let Some(quote) = trimmed.strip_prefix('>') {
                let base = offset + (line.len() - quote.len());
                for f in blockquote_fields(quote, base) {
                    emit!(f);
                }
                continue;
            }
            if let Some(f) = field_at(line, offset, Form::Header) {
                if !(f.is_status() && is_legend(&text[f.start..f.end])) {
                    emit!(f);
                }
            }
            continue;
        }
        // Below the header only status lines count, and only at the top
        // level of the text: not list items (subtask fields, checklists),
        // not quotes, not under a subtask heading.
        if subtask
            || nested
            || trimmed.starts_with(['-', '*', '+', '>']) && !trimmed.starts_with("**")
            || filtered && !may_be_field(line)
        {
            continue;
        }
        if let Some(f) = field_at(line, offset, Form::Body) {
            if f.is_status() && !is_legend(&text[f.start..f.end]) {
                emit!(f);
            }
        }
    }
}

/// Whether `line` could be a status line: a colon (every field line has
/// one, see [`metadata::parse_line`]) and `stat` in any case.
fn may_be_field(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr(b':', bytes).is_some() && contains_stat(bytes)
}

/// `stat`, ASCII letters in any case, anywhere in `bytes`.
fn contains_stat(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b's', b'S', bytes).any(|i| {
        bytes
            .get(i + 1..i + 4)
            .is_some_and(|rest| rest.eq_ignore_ascii_case(b"tat"))
    })
}

/// `## Text` (ATX, any level): its level, where its text starts in the
/// line, and the text with closing `#`s removed.
fn heading(line: &str) -> Option<(usize, usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let level = t.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let at = indent + level + (rest.len() - rest.trim_start().len());
    let text = line[at..].trim_end();
    let text = text.trim_end_matches('#').trim_end();
    Some((level, at, text))
}

/// `---`, `***`, `___` (three or more, spaces between allowed): a
/// thematic break.
fn is_rule(trimmed: &str) -> bool {
    // Most lines start with anything else: one byte decides.
    let Some(&c) = trimmed
        .as_bytes()
        .first()
        .filter(|c| matches!(c, b'-' | b'*' | b'_'))
    else {
        return false;
    };
    let bytes = trimmed.trim_end().as_bytes();
    bytes.iter().all(|b| *b == c || *b == b' ' || *b == b'\t')
        && bytes.iter().filter(|b| **b == c).count() >= 3
}

/// `ST1: ...`, `ST-2 ...`: a seed-000 subtask heading.
fn is_subtask(text: &str) -> bool {
    let t = text.trim_start_matches(['*', '_']);
    t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("st"))
        && t[2..]
            .trim_start_matches(['-', ' '])
            .starts_with(|c: char| c.is_ascii_digit())
}

/// A field on one line, offsets made absolute. A status value is known by
/// its name, normalised onto `status`.
fn field_at(line: &str, offset: usize, form: Form) -> Option<Found> {
    let m = metadata::parse_line(line)?;
    let name = if STATUS_NAMES.contains(&m.name.as_str()) {
        "status".to_string()
    } else {
        m.name
    };
    Some(Found {
        key: m.key.to_string(),
        name,
        start: offset + m.value_start,
        end: offset + m.value_end,
        form,
    })
}

/// `Status: ✅ Complete` or `**Status:** Complete` as a heading's text.
fn status_in_heading(text: &str, start: usize) -> Option<Found> {
    let f = field_at(text, start, Form::Heading)?;
    (f.is_status() && f.end > f.start).then_some(f)
}

/// The first non-blank line under a `## Status` heading, when it is a
/// paragraph or a list item (MADR writes `Accepted`, or `- Accepted`).
fn first_line_under<'a>(
    lines: impl Iterator<Item = (usize, &'a str)>,
    heading: &str,
) -> Option<Found> {
    for (offset, line) in lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with(['|', '#', '>', '<', '`', '~']) || t.starts_with("---") {
            return None;
        }
        let lead = line.len() - line.trim_start().len();
        let mut value = &line[lead..];
        let mut skip = lead;
        for marker in ["- ", "* ", "+ "] {
            if let Some(rest) = value.strip_prefix(marker) {
                skip += marker.len();
                value = rest;
                break;
            }
        }
        // `- [x] Accepted` is a checklist, `**Branch**: x` another field.
        if value.starts_with('[') || metadata::parse_line(value).is_some() {
            return None;
        }
        let value = value.trim_end().trim_end_matches('\\').trim_end();
        if value.is_empty() {
            return None;
        }
        let start = offset + skip;
        return Some(Found {
            key: heading.to_string(),
            name: "status".to_string(),
            start,
            end: start + value.len(),
            form: Form::Section,
        });
    }
    None
}

/// The cells of a table row with their byte ranges (absolute), trimmed.
fn cells(offset: usize, line: &str) -> Vec<(usize, usize, &str)> {
    let lead = line.len() - line.trim_start().len();
    let body = line[lead..].trim_end();
    let body = body.strip_prefix('|').unwrap_or(body);
    let mut base = offset + lead + 1;
    let body = body.strip_suffix('|').unwrap_or(body);
    let mut out = Vec::new();
    for cell in body.split('|') {
        let inner = cell.trim();
        let start = base + (cell.len() - cell.trim_start().len());
        out.push((start, start + inner.len(), inner));
        base += cell.len() + 1;
    }
    out
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Values a table states: key/value rows (`| **Status** | Complete |`), and
/// the one data row under a header with a Status column. A table with more
/// data rows under a Status column is per-item status, not the document's.
fn table_values(rows: &[(usize, &str)], in_header: bool) -> Vec<Found> {
    let mut out = Vec::new();
    let has_header = rows.get(1).is_some_and(|(_, l)| is_separator(l));
    if has_header {
        let header = cells(rows[0].0, rows[0].1);
        let data: Vec<_> = rows[2..].iter().filter(|(_, l)| !is_separator(l)).collect();
        let column = header
            .iter()
            .position(|(_, _, c)| STATUS_NAMES.contains(&words(c).as_str()));
        // Only in the header: further down, one row under a Status column
        // is one item's (`| HIGH | Phase 1 | ... | Complete |`).
        if let (true, Some(col), [(offset, line)]) = (in_header, column, data.as_slice()) {
            if let Some((start, end, value)) = cells(*offset, line).get(col).copied() {
                if !value.is_empty() && header.len() > 2 {
                    out.push(Found {
                        key: header[col].2.to_string(),
                        name: "status".to_string(),
                        start,
                        end,
                        form: Form::Table,
                    });
                    return out;
                }
            }
        }
    }
    // Key/value rows: two cells, the first a key.
    for (n, (offset, line)) in rows.iter().enumerate() {
        if is_separator(line) || (has_header && n == 0 && rows.len() > 2) {
            continue;
        }
        let row = cells(*offset, line);
        let [(_, _, key), (start, end, value)] = row.as_slice() else {
            continue;
        };
        let key_text = key.trim_matches(['*', '_']).trim_end_matches(':').trim();
        let name = words(key_text);
        if value.is_empty() || name.is_empty() || key_text.len() > 32 {
            continue;
        }
        let status = STATUS_NAMES.contains(&name.as_str());
        // Below the header a table says only the status.
        if !status && !in_header {
            continue;
        }
        let known_key = status
            || [
                "priority",
                "estimated effort",
                "effort",
                "estimate",
                "date",
                "created",
            ]
            .contains(&name.as_str());
        if !known_key {
            continue;
        }
        out.push(Found {
            key: key_text.to_string(),
            name: if status { "status".to_string() } else { name },
            start: *start,
            end: *end,
            form: Form::Table,
        });
    }
    out
}

/// The fields of one blockquote line (its text after `>`, which starts at
/// `base` in the document): `**Key:** value` segments, and positional
/// segments known by their value when the line names no status itself.
fn blockquote_fields(quote: &str, base: usize) -> Vec<Found> {
    let segments = segments(quote);
    let mut out: Vec<Found> = segments
        .iter()
        .filter_map(|(start, seg)| field_at(seg, base + start, Form::Blockquote))
        .collect();
    // A legend in a quote is no status either.
    out.retain(|f| !(f.is_status() && is_legend(&quote[f.start - base..f.end - base])));
    if segments.len() < 2 {
        return out;
    }
    let has = |name: &str| out.iter().any(|f| f.name == name);
    let mut positional = Vec::new();
    for (start, seg) in &segments {
        let value = seg.trim();
        if value.is_empty() || metadata::parse_line(seg).is_some() {
            continue;
        }
        let lead = seg.len() - seg.trim_start().len();
        let at = base + start + lead;
        let name = if is_known_status(value) {
            "status"
        } else if is_date(value) {
            "date"
        } else if Priority::parse(value).level.is_some() {
            "priority"
        } else if Effort::parse(value).agentic.is_some() && value.contains(char::is_numeric) {
            "estimated effort"
        } else {
            continue;
        };
        if has(name) || positional.iter().any(|f: &Found| f.name == name) {
            continue;
        }
        positional.push(Found {
            key: String::new(),
            name: name.to_string(),
            start: at,
            end: at + value.len(),
            form: Form::Positional,
        });
    }
    out.extend(positional);
    out.sort_by_key(|f| f.start);
    out
}

/// `a · b | c` split at `·` and `|` separators (outside backticks), each
/// segment with its offset in `text`.
fn segments(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '·' | '|' | '•' if !in_code => {
                out.push((start, &text[start..i]));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push((start, &text[start..]));
    out
}

/// `⬚ pending · 🟡 in progress · ✅ complete`: a key to symbols, not a value.
fn is_legend(value: &str) -> bool {
    let parts: Vec<&str> = value
        .split(['·', '|', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 3 && parts.iter().filter(|p| is_known_status(p)).count() >= 2
}

fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// A status of any lifecycle by the built-in synonyms: the test for a
/// positional field, where no key says what the value is.
fn is_known_status(value: &str) -> bool {
    static SYNONYMS: OnceLock<Synonyms> = OnceLock::new();
    let synonyms = SYNONYMS.get_or_init(Synonyms::default);
    Lifecycle::ALL
        .into_iter()
        .any(|l| synonyms.normalize(l, value).is_known())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The status a reader sees: the first statement's text.
    fn status(text: &str) -> Option<&str> {
        first_status(text, 0).map(|(s, e)| &text[s..e])
    }

    fn all(text: &str) -> Vec<(String, &str, Form)> {
        scan(text, 0)
            .into_iter()
            .map(|f| (f.name.clone(), &text[f.start..f.end], f.form))
            .collect()
    }

    #[test]
    fn header_lines() {
        assert_eq!(status("# T\n\n**Status:** Ready\n"), Some("Ready"));
        assert_eq!(
            status("# T\n**Status**: ✅ Complete\n"),
            Some("✅ Complete")
        );
        assert_eq!(status("# T\n\nStatus: Draft\n"), Some("Draft"));
        assert_eq!(
            status("# T\n\n**Status: ✅ Complete**\n"),
            Some("✅ Complete")
        );
    }

    #[test]
    fn headings_with_the_value_and_status_sections() {
        assert_eq!(
            status("# T\n\n## Status: ✅ Complete\n\nText\n"),
            Some("✅ Complete")
        );
        assert_eq!(status("# T\n\n#### Status: Draft ####\n"), Some("Draft"));
        assert_eq!(
            status("# T\n\n## Status\n\nAccepted\n\n## Context\n"),
            Some("Accepted")
        );
        assert_eq!(status("# T\n\n## Status\n\n- Accepted\n"), Some("Accepted"));
        assert_eq!(status("# T\n\n## Status\n\n* Proposed\n"), Some("Proposed"));
        // A table or another field under the heading is not its value.
        assert_eq!(
            status("# T\n\n## Status\n\n| Phase | Status |\n|---|---|\n| a | Done |\n| b | x |\n"),
            None
        );
        assert_eq!(status("# T\n\n## Status\n\n**Branch**: main\n"), None);
        assert_eq!(status("# T\n\n## Status\n\n- [x] done\n"), None);
    }

    #[test]
    fn metadata_blockquotes() {
        let t = "# T\n\n> Enhancement · Created 2026-08-15 · **Status:** Complete\n\n## A\n";
        assert_eq!(status(t), Some("Complete"));
        assert_eq!(status("# T\n\n> **Status**: Accepted\n"), Some("Accepted"));
        let t = "# T\n\n> plan · HIGH · Ready · 4-6h agentic + 1h review · 2026-07-20\n";
        assert_eq!(
            all(t),
            vec![
                ("priority".to_string(), "HIGH", Form::Positional),
                ("status".to_string(), "Ready", Form::Positional),
                (
                    "estimated effort".to_string(),
                    "4-6h agentic + 1h review",
                    Form::Positional
                ),
                ("date".to_string(), "2026-07-20", Form::Positional),
            ]
        );
        // A named status wins over a positional look-alike in the same line.
        let t = "# T\n\n> Work package · Ready · **Status:** Draft\n";
        assert_eq!(status(t), Some("Draft"));
        // A quote that is a note is no metadata.
        assert_eq!(status("# T\n\n> **Note:** effort is agentic time\n"), None);
        // A single positional word is prose, not a field.
        assert_eq!(status("# T\n\n> Complete\n"), None);
    }

    #[test]
    fn tables() {
        let t = "# T\n\n| Field | Value |\n|---|---|\n| **Status** | Complete |\n| **Priority** | High |\n";
        assert_eq!(status(t), Some("Complete"));
        let t = "# T\n\n| **Status** | In Progress |\n| Owner | Ada |\n";
        assert_eq!(status(t), Some("In Progress"));
        let t = "# T\n\n| Created | Status | Type |\n|---|---|---|\n| 2026-01-27 | Complete | Refactor |\n";
        assert_eq!(status(t), Some("Complete"));
        // Per-item status: more than one row under the column.
        let t = "# T\n\n| # | Item | Status |\n|---|---|---|\n| 1 | a | ✅ |\n| 2 | b | 🟡 |\n";
        assert_eq!(status(t), None);
        // A two-column table with a Status header is a list of statuses.
        let t = "# T\n\n| Phase | Status |\n|---|---|\n| Planning | ✅ Complete |\n";
        assert_eq!(status(t), None);
    }

    #[test]
    fn statements_further_down() {
        let t = "# T\n\n## Overview\n\nText.\n\n---\n\n**Status:** Ready for implementation\n";
        assert_eq!(
            all(t),
            vec![("status".to_string(), "Ready for implementation", Form::Body)]
        );
        let t = "# T\n\n**Status:** Ready\n\n## Notes\n\n**Status:** Complete\n";
        assert_eq!(
            all(t),
            vec![
                ("status".to_string(), "Ready", Form::Header),
                ("status".to_string(), "Complete", Form::Body)
            ]
        );
    }

    #[test]
    fn look_alikes_are_not_statuses() {
        // Legends.
        let t = "# T\n\n## Items\n\n**Status:** ⬚ pending · 🟡 in progress · ✅ complete · ❌ blocked\n";
        assert_eq!(status(t), None);
        assert_eq!(
            status("# T\n**Status:** ⬚ pending · 🟡 in progress · ✅ complete\n"),
            None
        );
        // Code fences and comments.
        assert_eq!(status("# T\n\n```\n**Status:** Ready\n```\n"), None);
        assert_eq!(status("# T\n\n~~~md\n## Status: Ready\n~~~\n"), None);
        assert_eq!(status("# T\n\n<!--\n**Status:** Ready\n-->\n"), None);
        // Subtask fields, list items and items' statuses below the header.
        let t = "# T\n\n## Tasks\n\n### ST1: Model\n\n**Status:** done\n\n- **Status**: x\n";
        assert_eq!(status(t), None);
        let t = "# T\n\n## Files\n\n### 4. SUMMARY.md\n**Status**: ✅ Updated\n";
        assert_eq!(status(t), None);
    }

    /// Lines built from the pieces status statements are made of, and of
    /// near misses (`stat` split, other keys, colons elsewhere), in any case.
    fn soup() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "**",
            "__",
            "Status",
            "STATE",
            "state",
            "sTaTuS",
            "Document Status",
            "Current:Status",
            "Sta tus",
            "St-atus",
            "Statu",
            "tat",
            ":",
            ": ",
            "|",
            " | ",
            "> ",
            ">",
            "# ",
            "## ",
            "### ",
            "#### ",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "[x] ",
            "`",
            "```",
            "~~~",
            "<!--",
            "-->",
            "·",
            " · ",
            "•",
            ",",
            "Complete",
            "✅ Complete",
            "Ready",
            "HIGH",
            "Draft",
            "Accepted",
            "2026-01-02",
            "4-6h agentic + 1h review",
            "Priority",
            "Effort",
            "Date",
            "ST1: ",
            "---",
            "|---|---|",
            "\\",
            "Ready for Implementation",
            "⬚ pending",
            "🟡 in progress",
            " ",
            " ",
            "  ",
            "\t",
            "Note",
            "x",
            "é",
        ]);
        let line = prop::collection::vec(piece, 0..8).prop_map(|p| p.concat());
        let eol = prop::sample::select(vec!["\n", "\r\n", "\r"]);
        prop::collection::vec((line, eol), 0..24)
            .prop_map(|lines| lines.into_iter().map(|(l, e)| l + e).collect())
    }

    proptest! {
        /// The quick test that passes over lines without `stat` changes
        /// nothing the scan finds, and the first status is the scan's first.
        #[test]
        fn the_quick_scan_finds_what_the_full_one_does(text in soup()) {
            let quick = scan(&text, 0);
            prop_assert_eq!(&quick, &scan_unfiltered(&text, 0), "{:?}", text);
            let first = quick.iter().find(|f| f.is_status()).map(|f| (f.start, f.end));
            prop_assert_eq!(first_status(&text, 0), first);
        }
    }

    #[test]
    fn a_key_split_by_a_colon_is_still_a_status_key() {
        // The key of `**A:B:** v` is `A:B`: `stat` may follow the first colon.
        let t = "# T\n\n## Notes\n\n**Current:Status:** Complete\n";
        assert_eq!(status(t), Some("Complete"));
        assert_eq!(scan(t, 0), scan_unfiltered(t, 0));
    }

    #[test]
    fn a_rule_closes_the_item_above_it() {
        // A closing status line below a rule is the document's, also after
        // a third-level heading or a subtask.
        let t = "# T\n\n## Plan\n\n### Phases 2-7\n\n- [ ] x\n\n---\n\n**Status:** Starting\n";
        assert_eq!(status(t), Some("Starting"));
        let t = "# T\n\n## Tasks\n\n### ST1: Model\n\nText.\n\n***\n\n**Status:** Ready\n";
        assert_eq!(status(t), Some("Ready"));
        // A setext underline is no rule: the item's status stays its own.
        let t = "# T\n\n### 4. SUMMARY.md\nA note\n---\n**Status**: ✅ Updated\n";
        assert_eq!(status(t), None);
        // Nor is a rule inside an item before its status line a new start
        // when it is not preceded by a blank line.
        let t = "# T\n\n## A\n\n### Item\n- a\n---\n**Status:** x\n";
        assert_eq!(status(t), None);
    }

    #[test]
    fn scanning_starts_after_front_matter() {
        let t = "+++\nstatus = \"x\"\n+++\n# T\n\n**Status:** Ready\n";
        assert_eq!(first_status(t, 24).map(|(s, e)| &t[s..e]), Some("Ready"));
    }
}

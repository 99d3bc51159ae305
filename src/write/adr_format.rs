//! Decision records in the formats other tools write (see
//! `workspace::collections`): which one a record is in, how each says that
//! one record supersedes another, and a new record in a collection's own
//! naming, format and template (ADR 0012).

use std::path::Path;

use crate::document::record_form::{form_of, yaml_block, RecordForm};
use crate::document::Document;
use crate::tree::plan_tree::PlanDoc;
use crate::workspace::collections::Format;
use crate::write::edit::{self, Edit, EditError};

/// The file stem of a link: log4brains links a record by it.
fn stem_of(link: &str) -> &str {
    let name = link.rsplit('/').next().unwrap_or(link);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The status value that says `old` is superseded by `newer`, in `old`'s
/// form; `link` is `newer`'s file as linked from `old`.
pub fn superseded_value(old: &PlanDoc, newer: &PlanDoc, link: &str) -> String {
    let title = newer.summary.title.clone().unwrap_or_default();
    superseded_value_of(&old.doc, &title, newer.number_value().unwrap_or(0), link)
}

/// [`superseded_value`] of a record's text: adr-tools links the newer
/// record by its title line (`Superseded by [3. Use MySQL](0003-x.md)`),
/// log4brains by its stem, MADR 4 names it `ADR-0003`, git plan's own
/// form `[ADR 0003](file)`.
pub fn superseded_value_of(
    old: &Document,
    newer_title: &str,
    newer_number: u32,
    link: &str,
) -> String {
    match form_of(old) {
        RecordForm::Nygard => format!("Superseded by [{newer_title}]({link})"),
        RecordForm::Madr2 => format!("superseded by [{}]({link})", stem_of(link)),
        RecordForm::Madr4 => format!("superseded by ADR-{newer_number:04}"),
        RecordForm::Plain => format!("Superseded by [ADR {newer_number:04}]({link})"),
    }
}

/// The edit that makes `newer` say it supersedes `old`, in `newer`'s form,
/// when its format writes one; `link` is `old`'s file as linked from
/// `newer` (see [`supersedes_edit_of`]).
pub fn supersedes_edit(
    newer: &PlanDoc,
    old: &PlanDoc,
    link: &str,
) -> Result<Option<Edit>, EditError> {
    supersedes_edit_of(&newer.doc, &old.doc, old.number.as_deref(), link)
}

/// adr-tools puts a `Supersedes [N. Title](file)` paragraph at the end of
/// the Status section (as `adr new -s` does), git plan's own form a
/// `**Supersedes:**` line; MADR and log4brains write supersession in the
/// older record's status only ([`RecordForm::links_back`]): None.
pub fn supersedes_edit_of(
    doc: &Document,
    old: &Document,
    old_number: Option<&str>,
    link: &str,
) -> Result<Option<Edit>, EditError> {
    let eol = doc.line_ending.as_str();
    match form_of(doc) {
        RecordForm::Nygard => {
            let title = old
                .title
                .clone()
                .unwrap_or_else(|| stem_of(link).to_string());
            let line = format!("Supersedes [{title}]({link})");
            let at = doc
                .section(&["status"])
                .map(|(i, _)| {
                    doc.headings
                        .get(i + 1)
                        .map_or(doc.text.len(), |h| h.span.start)
                })
                .unwrap_or(doc.text.len());
            let before = &doc.text[..at];
            let lead = if before.is_empty() || before.ends_with(&format!("{eol}{eol}")) {
                String::new()
            } else if before.ends_with('\n') || before.ends_with('\r') {
                eol.to_string()
            } else {
                format!("{eol}{eol}")
            };
            let trail = if at == doc.text.len() {
                eol.to_string()
            } else {
                format!("{eol}{eol}")
            };
            Ok(Some(Edit {
                start: at,
                end: at,
                replacement: format!("{lead}{line}{trail}"),
            }))
        }
        RecordForm::Plain => edit::set_field(
            doc,
            &["supersedes"],
            "Supersedes",
            &format!("[ADR {}]({link})", old_number.unwrap_or("?")),
        )
        .map(Some),
        RecordForm::Madr2 | RecordForm::Madr4 => Ok(None),
    }
}

/// The edit that gives a MADR 3/4 record without a status one: a
/// `status:` key at the end of its front matter (MADR writes states in
/// lower case). None for a record without YAML front matter.
pub fn front_matter_status(doc: &Document, value: &str) -> Option<Edit> {
    let (_, close) = yaml_block(&doc.text)?;
    Some(Edit {
        start: close,
        end: close,
        replacement: format!(
            "status: {}{}",
            value.to_lowercase(),
            doc.line_ending.as_str()
        ),
    })
}

/// A status value in the case the record already writes its own in
/// (`accepted` in MADR, `Accepted` in adr-tools).
pub fn in_case_of(current: &str, value: &str) -> String {
    let lower = current
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase);
    let mut chars = value.chars();
    match chars.next() {
        Some(first) if lower => first.to_lowercase().chain(chars).collect(),
        _ => value.to_string(),
    }
}

/// What a new record in a collection is made of.
pub struct NewRecord<'a> {
    /// Its number (numbered formats), the next free one in the collection.
    pub number: u32,
    pub title: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
}

/// The file name of a new record: `0004-use-mysql.md` (adr-tools, MADR) or
/// `20260401-use-mysql.md` (log4brains).
pub fn file_name(format: Format, record: &NewRecord<'_>) -> String {
    let slug = adr_tools_slug(record.title);
    match format {
        Format::Madr2 => format!("{}-{slug}.md", record.date.replace('-', "")),
        Format::Nygard | Format::Madr4 => format!("{:04}-{slug}.md", record.number),
    }
}

/// adr-tools' slug: every run of characters that are not letters or digits
/// becomes one `-`, lower case, no `-` at either end.
pub fn adr_tools_slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The collection's own template, if it has one: adr-tools'
/// `templates/template.md` in the folder, log4brains' `template.md`,
/// MADR's `adr-template.md`.
pub fn collection_template(dir: &Path, format: Format) -> Option<String> {
    let name = match format {
        Format::Nygard => "templates/template.md",
        Format::Madr2 => "template.md",
        Format::Madr4 => "adr-template.md",
    };
    std::fs::read_to_string(dir.join(name)).ok()
}

/// adr-tools' own template (Debian's `/usr/share/adr-tools/template.md`).
const NYGARD_TEMPLATE: &str = "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nThe issue motivating this decision, and any context that influences or constrains the decision.\n\n## Decision\n\nThe change that we're proposing or have agreed to implement.\n\n## Consequences\n\nWhat becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.\n";

/// A MADR 2 record as log4brains starts one.
const MADR2_TEMPLATE: &str = "# TITLE\n\n- Status: STATUS\n- Date: DATE\n\n## Context and Problem Statement\n\n## Considered Options\n\n## Decision Outcome\n";

/// A MADR 4 record, its metadata in front matter.
const MADR4_TEMPLATE: &str = "---\nstatus: STATUS\ndate: DATE\n---\n\n# TITLE\n\n## Context and Problem Statement\n\n## Considered Options\n\n## Decision Outcome\n";

/// The text of a new record with status `status`, from the collection's
/// template (`template`) or the format's own.
///
/// adr-tools' placeholders are replaced as `adr new` replaces them (the
/// first `NUMBER`, `TITLE`, `DATE` and `STATUS` of each line); in a MADR
/// template the title heading, the `- Status:` / `- Date:` lines (MADR 2)
/// and the front matter's `status:` / `date:` keys (MADR 4, added when
/// only commented out) take the values.
pub fn render(
    format: Format,
    template: Option<&str>,
    record: &NewRecord<'_>,
    status: &str,
) -> String {
    let number = record.number.to_string();
    let own = template.is_none();
    let text = template.unwrap_or(match format {
        Format::Nygard => NYGARD_TEMPLATE,
        Format::Madr2 => MADR2_TEMPLATE,
        Format::Madr4 => MADR4_TEMPLATE,
    });
    if format == Format::Nygard || own {
        return text
            .split_inclusive('\n')
            .map(|line| {
                line.replacen("NUMBER", &number, 1)
                    .replacen("TITLE", record.title, 1)
                    .replacen("DATE", record.date, 1)
                    .replacen("STATUS", status, 1)
            })
            .collect();
    }
    let mut out = String::new();
    let mut titled = false;
    let yaml = if format == Format::Madr4 {
        yaml_block(text)
    } else {
        None
    };
    let (mut has_status, mut has_date) = (false, false);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let eol = &line[line.trim_end_matches(['\n', '\r']).len()..];
        let body = line.trim_end_matches(['\n', '\r']);
        let in_yaml = yaml.is_some_and(|(s, e)| start >= s && start < e);
        if in_yaml {
            let key = body.split(':').next().unwrap_or("").trim();
            match key {
                "status" => {
                    has_status = true;
                    out.push_str(&format!("status: {status}{eol}"));
                }
                "date" => {
                    has_date = true;
                    out.push_str(&format!("date: {}{eol}", record.date));
                }
                "title" => out.push_str(&format!("title: {}{eol}", record.title)),
                _ => out.push_str(line),
            }
            continue;
        }
        if yaml.is_some_and(|(_, e)| start == e) {
            if !has_status {
                out.push_str(&format!("status: {status}\n"));
            }
            if !has_date {
                out.push_str(&format!("date: {}\n", record.date));
            }
            out.push_str(line);
            continue;
        }
        let lower = body.trim_start().to_ascii_lowercase();
        if !titled && body.starts_with("# ") {
            titled = true;
            out.push_str(&format!("# {}{eol}", record.title));
        } else if format == Format::Madr2 && lower.starts_with("- status:") {
            out.push_str(&format!("- Status: {status}{eol}"));
        } else if format == Format::Madr2 && lower.starts_with("- date:") {
            out.push_str(&format!("- Date: {}{eol}", record.date));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_as_adr_tools_makes_them() {
        assert_eq!(adr_tools_slug("Use MySQL instead"), "use-mysql-instead");
        assert_eq!(adr_tools_slug("  C++ / Rust: why? "), "c-rust-why");
    }

    #[test]
    fn templates_of_each_format() {
        let r = NewRecord {
            number: 4,
            title: "Use X",
            date: "2026-04-01",
        };
        let nygard = render(Format::Nygard, None, &r, "Proposed");
        assert!(nygard.starts_with("# 4. Use X\n\nDate: 2026-04-01\n\n## Status\n\nProposed\n"));
        let log4brains = "# [short title]\n\n- Status: [draft | accepted] <!-- optional -->\n- Deciders: [list]\n- Date: [YYYY-MM-DD] <!-- optional -->\n\n## Context\n";
        assert_eq!(
            render(Format::Madr2, Some(log4brains), &r, "proposed"),
            "# Use X\n\n- Status: proposed\n- Deciders: [list]\n- Date: 2026-04-01\n\n## Context\n"
        );
        let madr = "---\nparent: Decisions\n# status: \"{proposed | accepted}\"\n---\n# {short title}\n\n## Context\n";
        assert_eq!(
            render(Format::Madr4, Some(madr), &r, "proposed"),
            "---\nparent: Decisions\n# status: \"{proposed | accepted}\"\nstatus: proposed\ndate: 2026-04-01\n---\n# Use X\n\n## Context\n"
        );
        assert_eq!(file_name(Format::Madr2, &r), "20260401-use-x.md");
        assert_eq!(file_name(Format::Madr4, &r), "0004-use-x.md");
    }

    #[test]
    fn case_follows_the_record() {
        assert_eq!(in_case_of("accepted", "Deprecated"), "deprecated");
        assert_eq!(in_case_of("Accepted", "Deprecated"), "Deprecated");
    }
}

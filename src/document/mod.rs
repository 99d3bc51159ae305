//! The parsed form of one Markdown plan document, with byte offsets and line
//! numbers for everything found, so that edits can touch exactly one value.

mod front_matter;
mod metadata;
pub mod record_form;
pub mod sections;
pub mod statements;
pub mod summary;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use front_matter::{FrontMatter, FrontMatterError};
pub use metadata::MetadataLine;

use crate::base::text::{
    bom_len, lines_with_offsets, lone_cr_as_lf, next_line_start, words, LineEnding, LineIndex, Span,
};
use crate::model::diagnostic::Diagnostic;
use crate::model::placeholder;
use statements::Form;

/// Where a metadata value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldOrigin {
    /// A `**Key:** value` line in the header, before the first section.
    Header,
    /// A top-level key of the TOML front matter.
    FrontMatter,
    /// The first line under a `## Status` heading (MADR and Nygard ADRs).
    Section,
    /// A field of a metadata blockquote at the top (`> Type · **Status:** x`),
    /// named or known by its value.
    Blockquote,
    /// A heading holding the value: `## Status: Complete`.
    Heading,
    /// A key/value table row, or the one row under a Status column.
    Table,
    /// A status line below the header.
    Body,
}

/// A metadata value: `**Status:** Ready` or `status = "ready"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The key as written (`Estimated Effort`).
    pub key: String,
    /// The key reduced to lower-case words (`estimated effort`).
    pub name: String,
    /// The value as written, trimmed; for front matter, the TOML value's text.
    pub value: String,
    /// The bytes of the value in the file (for front matter, the TOML
    /// literal including its quotes).
    pub span: Span,
    pub origin: FieldOrigin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// The text reduced to lower-case words (`rollback plan`), for matching.
    #[serde(skip)]
    pub name: String,
    /// The heading's own bytes.
    pub span: Span,
    /// Where its section ends: the next heading of the same or a higher level.
    pub section_end: usize,
}

/// A `- [ ]` / `- [x]` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub checked: bool,
    pub text: String,
    /// The single byte between the brackets.
    pub marker: Span,
    /// Index into [`Document::headings`] of the section holding the item.
    pub heading: Option<usize>,
}

/// A Markdown link, with the section it appears in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub target: String,
    pub span: Span,
    pub heading: Option<usize>,
}

/// A seed-000 subtask: `### ST2: Implement session model` with its
/// `- **Files**:`, `- **Dependencies**:` and `- **Estimate**:` lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subtask {
    pub id: String,
    pub title: String,
    pub heading: usize,
    pub fields: Vec<Field>,
    /// Subtask ids from the `Dependencies` line (`None` gives none).
    pub depends_on: Vec<String>,
}

/// A reference to another plan from a `Depends on` field or a link in a
/// dependencies section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DependencyRef {
    /// What was written: an id (`03`, `result-types`) or a sibling file name.
    pub reference: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub title: Option<String>,
    pub front_matter: Option<FrontMatter>,
    pub fields: Vec<Field>,
    pub headings: Vec<Heading>,
    pub checklist: Vec<ChecklistItem>,
    pub links: Vec<Link>,
    pub subtasks: Vec<Subtask>,
    pub line_ending: LineEnding,
    pub lines: LineIndex,
}

/// Field names that mean the same thing, first one canonical.
pub const STATUS_KEYS: &[&str] = &["status", "state"];
pub const PRIORITY_KEYS: &[&str] = &["priority"];
pub const EFFORT_KEYS: &[&str] = &["estimated effort", "effort", "estimate", "time estimate"];
pub const DATE_KEYS: &[&str] = &["date", "created", "created on"];
pub const DEPENDS_KEYS: &[&str] = &["depends on", "dependencies", "requires", "blocked by"];

/// Section headings under which links and checklist items name dependencies.
pub const DEPENDENCY_SECTIONS: &[&str] = &[
    "dependencies",
    "depends on",
    "requires",
    "prerequisites",
    "blocked by",
    "blockers",
];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("{path}:{line}: not valid UTF-8 (byte {offset})")]
    NotUtf8 {
        path: String,
        line: usize,
        offset: usize,
    },
}

/// The status a document's text states, as written: its front matter's
/// `status` key, else the first status statement [`statements::scan`]
/// finds. The same answer as [`Document::parse`] followed by
/// `field(STATUS_KEYS)`, without the rest of the parse.
pub fn status_of(text: &str) -> Option<String> {
    statuses_of(text).into_iter().next()
}

/// Every status statement of a document's text, as written, in the order
/// [`Document::parse`] keeps its fields: the front matter's status keys,
/// then what [`statements::scan`] finds, in text order. What the history
/// reads of every old version (the first is the document's status; the
/// others tell which statement changed when they disagree).
pub fn statuses_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let fm = front_matter::parse(text).ok().flatten();
    if let Some(fm) = &fm {
        for (key, _, _) in &fm.values {
            if STATUS_KEYS.contains(&words(key).as_str()) {
                if let Some(value) = fm.table.get(key) {
                    out.push(front_matter::value_text(value));
                }
            }
        }
    }
    let start = fm.as_ref().map_or(bom_len(text), |fm| fm.end);
    out.extend(
        statements::scan(text, start)
            .into_iter()
            .filter(statements::Found::is_status)
            .map(|f| text[f.start..f.end].to_string()),
    );
    out
}

impl Document {
    /// Parses `bytes`; `path` (relative to the engineering root) is used in
    /// errors and diagnostics only. A malformed front matter block is reported
    /// as a diagnostic and the rest of the document is still read.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<(Document, Vec<Diagnostic>), ParseError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            Err(e) => {
                let offset = e.valid_up_to();
                let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
                return Err(ParseError::NotUtf8 {
                    path: path.to_string(),
                    line,
                    offset,
                });
            }
        };
        Ok(Self::parse_str(path, text))
    }

    pub fn parse_str(path: &str, text: String) -> (Document, Vec<Diagnostic>) {
        let lines = LineIndex::new(&text);
        let mut diagnostics = Vec::new();
        let front_matter = match front_matter::parse(&text) {
            Ok(fm) => fm,
            Err(e) => {
                let span = lines.span(&text, e.offset, e.offset);
                diagnostics.push(
                    Diagnostic::error(
                        "malformed-front-matter",
                        path,
                        Some(span.line),
                        format!("malformed TOML front matter: {}", e.message),
                    )
                    .with_column(span.column)
                    .with_hint("fix the `+++` block at the top of the file; its fields are ignored until then"),
                );
                None
            }
        };
        let mut doc = Document {
            line_ending: LineEnding::detect(&text),
            title: None,
            front_matter,
            fields: Vec::new(),
            headings: Vec::new(),
            checklist: Vec::new(),
            links: Vec::new(),
            subtasks: Vec::new(),
            lines,
            text,
        };
        doc.read_structure();
        doc.read_fields();
        doc.read_subtasks();
        (doc, diagnostics)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        self.lines.span(&self.text, start, end)
    }

    /// Headings, checklist items and links, from pulldown-cmark's offsets so
    /// that nothing inside code blocks counts.
    fn read_structure(&mut self) {
        let options = Options::ENABLE_TASKLISTS
            | Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
            // MADR 3/4's YAML front matter (`---` ... `---`) is no setext
            // heading; its `status:` and `date:` lines are read as header
            // lines (document::statements).
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        let mut headings: Vec<Heading> = Vec::new();
        let mut checklist = Vec::new();
        let mut links = Vec::new();
        let mut open_heading: Option<(u8, std::ops::Range<usize>, String)> = None;
        // A byte order mark is read past (else `# Title` after it is text);
        // offsets stay those of the whole file, which keeps it.
        let bom = bom_len(&self.text);
        let text = lone_cr_as_lf(&self.text[bom..]);
        for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
            let range = range.start + bom..range.end + bom;
            let current = headings.len().checked_sub(1);
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    open_heading = Some((heading_level(level), range, String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, range, text)) = open_heading.take() {
                        headings.push(Heading {
                            level,
                            name: words(&text),
                            text: text.trim().to_string(),
                            span: self.span(range.start, range.end),
                            section_end: self.text.len(),
                        });
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, _, text)) = open_heading.as_mut() {
                        text.push_str(&t);
                    }
                }
                Event::TaskListMarker(checked) => {
                    let open = self.text[range.clone()]
                        .find('[')
                        .map_or(range.start, |i| range.start + i);
                    let line_end = self.text[open..]
                        .find(['\n', '\r'])
                        .map_or(self.text.len(), |i| open + i);
                    let after = self.text[open..line_end]
                        .find(']')
                        .map_or(line_end, |i| open + i + 1);
                    checklist.push(ChecklistItem {
                        checked,
                        text: self.text[after..line_end].trim().to_string(),
                        marker: self.span(open + 1, open + 2),
                        heading: current,
                    });
                }
                Event::Start(Tag::Link { dest_url, .. }) => links.push(Link {
                    target: dest_url.to_string(),
                    span: self.span(range.start, range.end),
                    heading: current,
                }),
                _ => {}
            }
        }
        for i in 0..headings.len() {
            let level = headings[i].level;
            if let Some(next) = headings[i + 1..].iter().find(|h| h.level <= level) {
                headings[i].section_end = next.span.start;
            }
        }
        self.title = headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.clone());
        self.headings = headings;
        self.checklist = checklist;
        self.links = links;
    }

    /// Front matter keys, then what [`statements::scan`] finds: the header's
    /// metadata (lines, a blockquote, a table) and every status statement
    /// of the text, in text order.
    fn read_fields(&mut self) {
        let mut fields = Vec::new();
        if let Some(fm) = &self.front_matter {
            for (key, start, end) in &fm.values {
                if let Some(value) = fm.table.get(key) {
                    fields.push(Field {
                        key: key.clone(),
                        name: words(key),
                        value: front_matter::value_text(value),
                        span: self.span(*start, *end),
                        origin: FieldOrigin::FrontMatter,
                    });
                }
            }
        }
        let header_start = self
            .front_matter
            .as_ref()
            .map_or(bom_len(&self.text), |fm| fm.end);
        for found in statements::scan(&self.text, header_start) {
            let origin = match found.form {
                Form::Header => FieldOrigin::Header,
                Form::Blockquote | Form::Positional => FieldOrigin::Blockquote,
                Form::Heading => FieldOrigin::Heading,
                Form::Section => FieldOrigin::Section,
                Form::Table => FieldOrigin::Table,
                Form::Body => FieldOrigin::Body,
            };
            fields.push(Field {
                key: found.key,
                name: found.name,
                value: self.text[found.start..found.end].to_string(),
                span: self.span(found.start, found.end),
                origin,
            });
        }
        self.fields = fields;
    }

    /// Metadata lines in `start..end`, skipping fenced code blocks.
    fn fields_in(&self, start: usize, end: usize, origin: FieldOrigin) -> Vec<Field> {
        let mut fields = Vec::new();
        let mut in_fence = false;
        for (offset, line) in lines_with_offsets(&self.text[start..end]) {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                continue;
            }
            if let Some(m) = metadata::parse_line(line) {
                let base = start + offset;
                fields.push(Field {
                    key: m.key.to_string(),
                    name: m.name,
                    value: line[m.value_start..m.value_end].to_string(),
                    span: self.span(base + m.value_start, base + m.value_end),
                    origin,
                });
            }
        }
        fields
    }

    fn read_subtasks(&mut self) {
        let mut subtasks = Vec::new();
        for (i, h) in self.headings.iter().enumerate() {
            let Some((id, title)) = subtask_heading(&h.text) else {
                continue;
            };
            let fields = self.fields_in(h.span.end, h.section_end, FieldOrigin::Section);
            let depends_on = fields
                .iter()
                .find(|f| DEPENDS_KEYS.contains(&f.name.as_str()))
                .map(|f| {
                    f.value
                        .split([',', ';'])
                        .filter_map(|s| subtask_heading(s.trim()).map(|(id, _)| id))
                        .collect()
                })
                .unwrap_or_default();
            subtasks.push(Subtask {
                id,
                title,
                heading: i,
                fields,
                depends_on,
            });
        }
        self.subtasks = subtasks;
    }

    /// The first field whose name is one of `names`.
    pub fn field(&self, names: &[&str]) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| names.contains(&f.name.as_str()))
    }

    /// Does `field` still hold a template's placeholder
    /// ([`crate::model::placeholder`]), rather than a value? A bracketed
    /// text that is a reference link the document defines (`[ADR 3]` with
    /// `[ADR 3]: 0003-x.md` below) is a value.
    pub fn holds_placeholder(&self, field: &Field) -> bool {
        placeholder::is_placeholder(&field.value)
            && !self
                .links
                .iter()
                .any(|l| l.span.start <= field.span.start && field.span.end <= l.span.end)
    }

    /// The first field whose name is one of `names` and that holds a value,
    /// not a template's placeholder: what a document says its priority,
    /// effort or deciders are.
    pub fn value(&self, names: &[&str]) -> Option<&Field> {
        self.field(names).filter(|f| !self.holds_placeholder(f))
    }

    /// Every metadata field that still holds a template's placeholder: the
    /// document's, then its subtasks'.
    pub fn placeholder_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields
            .iter()
            .chain(self.subtasks.iter().flat_map(|s| s.fields.iter()))
            .filter(|f| self.holds_placeholder(f))
    }

    /// The first heading (below the title) whose words are one of `names`, or
    /// start with one of them followed by a note (`Rollback Plan (manual)`).
    pub fn section<S: AsRef<str>>(&self, names: &[S]) -> Option<(usize, &Heading)> {
        self.headings.iter().enumerate().find(|(_, h)| {
            if h.level < 2 {
                return false;
            }
            // A numbered heading (`7. Success metrics`) by its words.
            let w = match h.name.split_once(' ') {
                Some((first, rest)) if first.chars().all(|c| c.is_ascii_digit() || c == '.') => {
                    rest
                }
                _ => h.name.as_str(),
            };
            names.iter().map(AsRef::as_ref).any(|n| {
                w == n
                    || w.strip_prefix(n).is_some_and(|r| r.starts_with(' '))
                    || w.strip_suffix(n)
                        .is_some_and(|r| r.ends_with(' ') && r.split(' ').count() <= 2)
            })
        })
    }

    /// The text of a section below its heading line.
    pub fn section_body(&self, heading: &Heading) -> &str {
        &self.text[self.body_start(heading)..heading.section_end]
    }

    /// Where the text below a heading starts: after the heading's last line.
    fn body_start(&self, heading: &Heading) -> usize {
        let end = heading.span.end;
        let start = if end > 0 && matches!(self.text.as_bytes()[end - 1], b'\n' | b'\r') {
            end
        } else {
            next_line_start(&self.text, end)
        };
        start.min(heading.section_end)
    }

    /// Checklist items whose section is `heading` or nested in it.
    pub fn checklist_in(&self, heading: usize) -> impl Iterator<Item = &ChecklistItem> {
        let h = &self.headings[heading];
        self.checklist
            .iter()
            .filter(move |c| c.marker.start > h.span.start && c.marker.start < h.section_end)
    }

    /// Other plans this one depends on: the `Depends on` field's entries and
    /// links to sibling Markdown files in dependency sections.
    pub fn dependencies(&self) -> Vec<DependencyRef> {
        let mut deps = Vec::new();
        if let Some(field) = self
            .fields
            .iter()
            .find(|f| DEPENDS_KEYS.contains(&f.name.as_str()) && f.origin != FieldOrigin::Section)
            .filter(|f| !self.holds_placeholder(f))
        {
            for part in field.value.split([',', ';']).flat_map(|p| p.split(" and ")) {
                let part = part.trim();
                let reference = link_target(part).unwrap_or(part);
                let reference = reference.trim_matches(['*', '`', ' ']);
                if reference.is_empty()
                    || matches!(words(reference).as_str(), "none" | "n a" | "nothing" | "")
                {
                    continue;
                }
                deps.push(DependencyRef {
                    reference: reference.trim_start_matches("./").to_string(),
                    line: field.span.line,
                });
            }
        }
        for link in &self.links {
            let Some(h) = link.heading else { continue };
            let section = &self.headings[h].name;
            let in_dep_section = DEPENDENCY_SECTIONS
                .iter()
                .any(|s| section == *s || section.starts_with(&format!("{s} ")));
            let target = link.target.trim_start_matches("./");
            let target = target.split('#').next().unwrap_or(target);
            if in_dep_section
                && target.ends_with(".md")
                && !target.contains('/')
                && !deps.iter().any(|d| d.reference == target)
            {
                deps.push(DependencyRef {
                    reference: target.to_string(),
                    line: link.span.line,
                });
            }
        }
        deps
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `ST2: Implement session model` -> (`ST2`, `Implement session model`).
fn subtask_heading(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix("ST")?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    if !(after.is_empty() || after.starts_with([':', ' ', '.', '-'])) {
        return None;
    }
    let title = after.trim_start_matches([':', '.', '-', ' ']).trim();
    Some((format!("ST{}", &rest[..digits]), title.to_string()))
}

/// `[03 Observability](03-observability-plan.md)` -> `03-observability-plan.md`.
fn link_target(text: &str) -> Option<&str> {
    let open = text.find("](")?;
    let rest = &text[open + 2..];
    Some(rest[..rest.find(')')?].trim())
}

#[cfg(test)]
mod tests;

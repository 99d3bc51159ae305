//! The edits beyond status, each planned as one [`Change`]: `set
//! priority=`/`effort=` (the field's value bytes, or a new metadata line in
//! its neighbours' style), `tick`/`untick` (one checklist marker byte),
//! `depend --on`/`--remove` (the `Depends on` field and the `### Requires
//! (Blockers)` list) and `renumber` (a work package's file renamed, and the
//! references to it in its initiative rewritten). Applying them is
//! [`crate::write::change::apply`]'s job, as for the transitions.

use std::collections::BTreeSet;

use crate::base::text::{lines_with_offsets, next_line_start, words};
use crate::document::{Document, FieldOrigin, DEPENDENCY_SECTIONS, DEPENDS_KEYS};
use crate::document::{EFFORT_KEYS, PRIORITY_KEYS};
use crate::model::fields::{Effort, Priority};
use crate::model::kind::DocKind;
use crate::model::placeholder;
use crate::rules::cycles;
use crate::tree::classify;
use crate::tree::plan_tree::{DocIndex, PlanDoc, PlanTree};
use crate::write::change::{Change, FileEdit, NewFile, Removal};
use crate::write::edit::{self, Edit, EditError};
use crate::write::message::{CommitMessage, Trailer};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanEditError {
    #[error("`{key}` cannot be set; `git plan set` sets status, priority and effort")]
    UnknownField { key: String },
    #[error("`{value}` is not a priority: use HIGH, MEDIUM or LOW, optionally with a reason in parentheses")]
    BadPriority { value: String },
    #[error("`{value}` is not an effort estimate such as `2-4h agentic + 1h review`")]
    BadEffort { value: String },
    #[error("`{value}` is the template's placeholder, not an effort estimate")]
    PlaceholderEffort { value: String },
    #[error("{field} is given more than once")]
    Repeated { field: String },
    #[error("{id} has no checklist items")]
    NoChecklist { id: String },
    #[error("{id} has no checklist item {number}: it has {count}")]
    NoSuchItem {
        id: String,
        number: usize,
        count: usize,
    },
    #[error("no checklist item of {id} matches `{query}`")]
    NoMatch { id: String, query: String },
    #[error("`{query}` matches {} checklist items of {id}: {}", candidates.len(), numbered(candidates))]
    Ambiguous {
        id: String,
        query: String,
        /// (number, text) of each item matched.
        candidates: Vec<(usize, String)>,
    },
    #[error("{id} cannot depend on itself")]
    SelfDependency { id: String },
    #[error("{id} does not depend on {other}")]
    NotADependency { id: String, other: String },
    #[error("{id} cannot depend on {other}: that would make a dependency cycle: {cycle}")]
    Cycle {
        id: String,
        other: String,
        cycle: String,
    },
    /// The dependency is stated somewhere that is not a list item or an
    /// entry of the `Depends on` field (a link in a paragraph, say).
    #[error("{path}:{line} still names {other} as a dependency, in a form git plan does not rewrite; edit that line by hand")]
    CannotRemove {
        path: String,
        line: usize,
        other: String,
    },
    /// The edit would not be read back as asked (an unusual layout).
    #[error("{path}: the dependency on {other} would not be read back from the edited file; add it by hand")]
    NotReadBack { path: String, other: String },
    #[error("{id} is {kind}, not a work package: only work packages are renumbered")]
    NotAWorkPackage { id: String, kind: &'static str },
    #[error("{id} has no number to change")]
    NoNumber { id: String },
    #[error("{id} is already number {number}")]
    SameNumber { id: String, number: String },
    #[error("number {number} is taken in {folder} (on this branch or another one)")]
    NumberTaken { number: String, folder: String },
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// `2 (a), 5 (b)`: checklist items by number.
fn numbered(items: &[(usize, String)]) -> String {
    items
        .iter()
        .map(|(n, t)| format!("{n} ({t})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an edit command plans: a change to apply, or nothing to do (the
/// item is ticked already, the dependency is there), said in a sentence.
#[derive(Debug, Clone)]
pub enum Planned {
    Change(Change),
    Nothing(String),
}

// ---------------------------------------------------------------------------
// set priority= / effort=

/// A field `git plan set` writes besides the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Priority,
    Effort,
}

impl FieldKind {
    /// The key on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Priority => "priority",
            FieldKind::Effort => "effort",
        }
    }

    /// The names the reader knows the field by.
    fn keys(self) -> &'static [&'static str] {
        match self {
            FieldKind::Priority => PRIORITY_KEYS,
            FieldKind::Effort => EFFORT_KEYS,
        }
    }

    /// The label of a new line, as the work-package template writes it.
    fn label(self) -> &'static str {
        match self {
            FieldKind::Priority => "Priority",
            FieldKind::Effort => "Estimated Effort",
        }
    }
}

/// A field and the value to write, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldValue {
    pub kind: FieldKind,
    pub value: String,
}

/// `key=value` of `git plan set` (other than `status`), validated: a
/// priority the reader knows (any case, written upper-case as the seeds
/// write it, a reason kept in parentheses: `high (blocks 05)` gives `HIGH
/// (blocks 05)`); an effort that reads as hours or a size and is not the
/// template's placeholder.
pub fn field_value(key: &str, value: &str) -> Result<FieldValue, PlanEditError> {
    let value = value.trim();
    match words(key).as_str() {
        "priority" => {
            let priority = Priority::parse(value);
            let Some(level) = priority.level else {
                return Err(PlanEditError::BadPriority {
                    value: value.to_string(),
                });
            };
            let written = match &priority.note {
                Some(note) => format!("{} ({note})", level.as_str()),
                None => level.as_str().to_string(),
            };
            Ok(FieldValue {
                kind: FieldKind::Priority,
                value: written,
            })
        }
        "effort" | "estimated effort" | "estimate" => {
            if placeholder::is_placeholder(value) {
                return Err(PlanEditError::PlaceholderEffort {
                    value: value.to_string(),
                });
            }
            let effort = Effort::parse(value);
            if effort.agentic.is_none() && effort.review.is_none() && effort.size.is_none() {
                return Err(PlanEditError::BadEffort {
                    value: value.to_string(),
                });
            }
            Ok(FieldValue {
                kind: FieldKind::Effort,
                value: value.to_string(),
            })
        }
        _ => Err(PlanEditError::UnknownField {
            key: key.trim().to_string(),
        }),
    }
}

/// Plans setting `fields` on `doc` (`id` as the commit names it). With
/// `transition` (the change `set status=` planned, which edits `doc` too),
/// the fields go into that change and its message gains their trailers:
/// one commit. A field already holding the value is left alone; `None`
/// when nothing would change and there is no transition.
pub fn plan_fields(
    doc: &PlanDoc,
    id: &str,
    fields: &[FieldValue],
    transition: Option<Change>,
) -> Result<Option<Change>, PlanEditError> {
    for (i, f) in fields.iter().enumerate() {
        if fields[..i].iter().any(|g| g.kind == f.kind) {
            return Err(PlanEditError::Repeated {
                field: f.kind.name().to_string(),
            });
        }
    }
    let start = transition
        .as_ref()
        .and_then(|c| c.edits.iter().find(|e| e.path == doc.path))
        .map_or_else(|| doc.doc.text.clone(), |e| e.after.clone());
    let mut text = start;
    let mut set = Vec::new();
    for f in fields {
        // Each on the text as the previous one left it: a second new line
        // goes below the first, in the same style.
        let (current, _) = Document::parse_str(&doc.path, text.clone());
        if current
            .field(f.kind.keys())
            .is_some_and(|x| x.value == f.value)
        {
            continue;
        }
        let e = edit::set_metadata(&current, f.kind.keys(), f.kind.label(), &f.value)?;
        text = edit::apply(&text, &[e])?;
        set.push(format!("{}={}", f.kind.name(), f.value));
    }
    let mut change = match transition {
        Some(change) => change,
        None if set.is_empty() => return Ok(None),
        None => Change {
            id: id.to_string(),
            creates: Vec::new(),
            edits: Vec::new(),
            removes: Vec::new(),
            message: CommitMessage::edit(id, &format!("set {}", set.join(", "))),
        },
    };
    match change.edits.iter_mut().find(|e| e.path == doc.path) {
        Some(e) => e.after = text,
        None if text != doc.doc.text => change.edits.push(FileEdit {
            path: doc.path.clone(),
            before: doc.doc.text.clone(),
            after: text,
        }),
        None => {}
    }
    for s in &set {
        change.message.push(Trailer::Set, s);
    }
    Ok(Some(change))
}

// ---------------------------------------------------------------------------
// tick / untick

/// Plans ticking (`checked`) or unticking one checklist item of `doc`,
/// chosen by `query`: a number (1-based, over the whole checklist in
/// document order, as `git plan show` lists it), else the item's text
/// exactly, else a part of it (any case) that only one item holds. An
/// item already in that state is [`Planned::Nothing`].
pub fn plan_tick(
    doc: &PlanDoc,
    id: &str,
    query: &str,
    checked: bool,
) -> Result<Planned, PlanEditError> {
    let items = &doc.doc.checklist;
    if items.is_empty() {
        return Err(PlanEditError::NoChecklist { id: id.to_string() });
    }
    let query = query.trim();
    let index = if !query.is_empty() && query.chars().all(|c| c.is_ascii_digit()) {
        let number: usize = query.parse().unwrap_or(0);
        if number == 0 || number > items.len() {
            return Err(PlanEditError::NoSuchItem {
                id: id.to_string(),
                number,
                count: items.len(),
            });
        }
        number - 1
    } else {
        let exact: Vec<usize> = (0..items.len())
            .filter(|i| items[*i].text == query)
            .collect();
        let lower = query.to_lowercase();
        let partial: Vec<usize> = (0..items.len())
            .filter(|i| items[*i].text.to_lowercase().contains(&lower))
            .collect();
        match (exact.as_slice(), partial.as_slice()) {
            ([one], _) | ([], [one]) => *one,
            ([], []) => {
                return Err(PlanEditError::NoMatch {
                    id: id.to_string(),
                    query: query.to_string(),
                })
            }
            (some, all) => {
                let matched = if some.is_empty() { all } else { some };
                return Err(PlanEditError::Ambiguous {
                    id: id.to_string(),
                    query: query.to_string(),
                    candidates: matched
                        .iter()
                        .map(|i| (i + 1, items[*i].text.clone()))
                        .collect(),
                });
            }
        }
    };
    let item = &items[index];
    let number = index + 1;
    let verb = if checked { "tick" } else { "untick" };
    if item.checked == checked {
        return Ok(Planned::Nothing(format!(
            "{id}: item {number} ({}) is already {}; nothing to commit",
            item.text,
            if checked { "ticked" } else { "unticked" }
        )));
    }
    let e = edit::set_checked(&doc.doc, index, checked)?;
    let mut message = CommitMessage::edit(id, &format!("{verb} {number}: {}", item.text));
    message.push(
        if checked {
            Trailer::Tick
        } else {
            Trailer::Untick
        },
        &item.text,
    );
    Ok(Planned::Change(Change {
        id: id.to_string(),
        creates: Vec::new(),
        edits: vec![file_edit(doc, edit::apply(&doc.doc.text, &[e])?)],
        removes: Vec::new(),
        message,
    }))
}

fn file_edit(doc: &PlanDoc, after: String) -> FileEdit {
    FileEdit {
        path: doc.path.clone(),
        before: doc.doc.text.clone(),
        after,
    }
}

// ---------------------------------------------------------------------------
// depend --on / --remove

/// Does `doc` depend on `other`, as the reader reads it?
fn depends_on(tree: &PlanTree, doc: &PlanDoc, other: DocIndex) -> bool {
    doc.doc
        .dependencies()
        .iter()
        .any(|r| tree.resolve_dependency(doc, &r.reference) == Some(other))
}

/// How `from` names `to` in its dependencies: a link to the sibling file
/// (`[02](02-two-plan.md)`), as `git plan add --depends-on` writes it, or
/// the id of a plan elsewhere.
fn reference(from: &PlanDoc, to: &PlanDoc) -> (String, bool) {
    let sibling = from.initiative.is_some()
        && from.initiative == to.initiative
        && dir_of(&from.path) == dir_of(&to.path);
    if sibling {
        (
            format!(
                "[{}]({})",
                to.number.as_deref().unwrap_or(to.file_name()),
                to.file_name()
            ),
            true,
        )
    } else {
        (to.id(), false)
    }
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Plans adding (`add`) or removing the dependency of document `at` on
/// `other`. Adding writes a `- [ ] [NN](file) complete` item into the
/// `### Requires (Blockers)` list (creating `## Dependencies` with it,
/// before the Success Criteria, when there is none) and, when the document
/// has a `Depends on` field (or the other plan is not a sibling, which only
/// the field can name), the reference there too. A dependency that would
/// close a cycle is refused, named as the `dependency-cycle` rule names it.
/// Removing deletes the lines of the list items that link to it and its
/// entries in the field, and nothing else.
pub fn plan_depend(
    tree: &PlanTree,
    at: DocIndex,
    other: DocIndex,
    add: bool,
) -> Result<Planned, PlanEditError> {
    let doc = &tree.documents[at];
    let target = &tree.documents[other];
    let id = doc.id();
    let other_id = target.id();
    if at == other {
        return Err(PlanEditError::SelfDependency { id });
    }
    let present = depends_on(tree, doc, other);
    if add && present {
        return Ok(Planned::Nothing(format!(
            "{id} already depends on {other_id}; nothing to commit"
        )));
    }
    if !add && !present {
        return Err(PlanEditError::NotADependency {
            id,
            other: other_id,
        });
    }
    let after = if add {
        // The tree's dependencies and the one asked for, through the
        // `dependency-cycle` rule's own finder.
        let mut edges = cycles::dependency_edges(tree);
        edges.push(cycles::DependencyEdge {
            from: at,
            to: other,
            line: 0,
        });
        let found = cycles::find(tree.documents.len(), &edges);
        if let Some(cycle) = found
            .iter()
            .find(|c| c.members.contains(&at) && c.members.contains(&other))
        {
            return Err(PlanEditError::Cycle {
                id,
                other: other_id,
                cycle: cycle.path(tree),
            });
        }
        add_dependency(doc, target)?
    } else {
        remove_dependency(tree, doc, other)?
    };
    // Read back: the edited file must say what was asked, no more.
    let mut edited = doc.clone();
    edited.doc = Document::parse_str(&doc.path, after.clone()).0;
    if depends_on(tree, &edited, other) != add {
        if !add {
            let line = edited
                .doc
                .dependencies()
                .iter()
                .find(|r| tree.resolve_dependency(&edited, &r.reference) == Some(other))
                .map_or(1, |r| r.line);
            return Err(PlanEditError::CannotRemove {
                path: doc.path.clone(),
                line,
                other: other_id,
            });
        }
        return Err(PlanEditError::NotReadBack {
            path: doc.path.clone(),
            other: other_id,
        });
    }
    let sign = if add { '+' } else { '-' };
    let mut message = CommitMessage::edit(
        &id,
        &format!(
            "{} {other_id}",
            if add {
                "depend on"
            } else {
                "no longer depend on"
            }
        ),
    );
    message.push(Trailer::Depend, &format!("{sign}{other_id}"));
    Ok(Planned::Change(Change {
        id: id.clone(),
        creates: Vec::new(),
        edits: vec![file_edit(doc, after)],
        removes: Vec::new(),
        message,
    }))
}

/// The `Depends on` field of the header (not a subtask's).
fn depends_field(doc: &Document) -> Option<&crate::document::Field> {
    doc.fields
        .iter()
        .find(|f| DEPENDS_KEYS.contains(&f.name.as_str()) && f.origin != FieldOrigin::Section)
}

/// Says a `Depends on` value names nothing: empty, `None`, a placeholder.
fn names_nothing(doc: &Document, field: &crate::document::Field) -> bool {
    matches!(
        words(&field.value).as_str(),
        "" | "none" | "n a" | "nothing"
    ) || doc.holds_placeholder(field)
}

fn add_dependency(doc: &PlanDoc, target: &PlanDoc) -> Result<String, PlanEditError> {
    let d = &doc.doc;
    let text = &d.text;
    let eol = d.line_ending.as_str();
    let (link, sibling) = reference(doc, target);
    let mut edits = Vec::new();
    match depends_field(d) {
        Some(field) if names_nothing(d, field) => edits.push(edit::replace_field(field, &link)?),
        Some(field) => edits.push(Edit {
            start: field.span.end,
            end: field.span.end,
            replacement: format!(", {link}"),
        }),
        None if !sibling => edits.push(edit::set_metadata(d, DEPENDS_KEYS, "Depends on", &link)?),
        None => {}
    }
    let item = format!("- [ ] {link} complete");
    match dependency_list(d) {
        Some(list) => {
            let edit = match (list.none_item, list.last_item_end) {
                // `- None` makes way for the first real item.
                (Some((start, end)), _) => Edit {
                    start,
                    end,
                    replacement: format!("{item}{}", line_break(&text[start..end])),
                },
                (None, Some(end)) => Edit {
                    start: end,
                    end,
                    replacement: if text[..end].ends_with(['\n', '\r']) {
                        format!("{item}{eol}")
                    } else {
                        format!("{eol}{item}")
                    },
                },
                (None, None) => Edit {
                    start: list.body_start,
                    end: list.body_start,
                    replacement: format!("{item}{eol}"),
                },
            };
            edits.push(edit);
        }
        None => {
            // Where the seed puts it: before the Success Criteria, else at
            // the end.
            let section =
                format!("## Dependencies{eol}{eol}### Requires (Blockers){eol}{item}{eol}{eol}");
            let before = d.section(&["success criteria"]).map(|(_, h)| h.span.start);
            let edit = match before {
                Some(at) => {
                    let rule = text[..at].trim_end().ends_with("---");
                    let section = if rule {
                        format!("{section}---{eol}{eol}")
                    } else {
                        section
                    };
                    Edit {
                        start: at,
                        end: at,
                        replacement: section,
                    }
                }
                None => {
                    let lead = if text.is_empty() || text.ends_with(&format!("{eol}{eol}")) {
                        String::new()
                    } else if text.ends_with(['\n', '\r']) {
                        eol.to_string()
                    } else {
                        format!("{eol}{eol}")
                    };
                    Edit {
                        start: text.len(),
                        end: text.len(),
                        replacement: format!(
                            "{lead}{}{eol}",
                            section.trim_end_matches(['\r', '\n'])
                        ),
                    }
                }
            };
            edits.push(edit);
        }
    }
    Ok(edit::apply(text, &edits)?)
}

/// The line break that ends `line` (empty when it ends the file unbroken).
fn line_break(line: &str) -> &str {
    let body = line.trim_end_matches(['\r', '\n']).len();
    &line[body..]
}

/// The list of a dependency section that `depend` writes into.
struct DependencyList {
    /// Where the section's text starts, below its heading.
    body_start: usize,
    /// After the line break of its last list item.
    last_item_end: Option<usize>,
    /// A `- None` item's whole line.
    none_item: Option<(usize, usize)>,
}

/// Is `heading` one of the dependency sections the reader takes links from?
fn is_dependency_section(name: &str) -> bool {
    DEPENDENCY_SECTIONS
        .iter()
        .any(|s| name == *s || name.starts_with(&format!("{s} ")))
}

/// `### Requires (Blockers)`, else another dependency section, and its list
/// up to its first subsection.
fn dependency_list(d: &Document) -> Option<DependencyList> {
    let pick = d
        .headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.level >= 2 && is_dependency_section(&h.name))
        .min_by_key(|(_, h)| !h.name.starts_with("requires"))?;
    let (index, heading) = pick;
    let body = d.section_body(heading);
    let body_start = heading.section_end - body.len();
    let body_end = d.headings[index + 1..]
        .iter()
        .find(|h| h.span.start >= body_start)
        .map_or(heading.section_end, |h| {
            h.span.start.min(heading.section_end)
        });
    let mut list = DependencyList {
        body_start,
        last_item_end: None,
        none_item: None,
    };
    for (offset, line) in lines_with_offsets(&d.text[body_start..body_end]) {
        let trimmed = line.trim_start();
        let Some(rest) = ["- ", "* ", "+ "]
            .iter()
            .find_map(|m| trimmed.strip_prefix(m))
        else {
            continue;
        };
        let start = body_start + offset;
        let end = next_line_start(&d.text, start);
        let rest = rest
            .trim_start_matches("[ ]")
            .trim_start_matches("[x]")
            .trim();
        if matches!(words(rest).as_str(), "none" | "n a" | "nothing") {
            list.none_item = Some((start, end));
        }
        list.last_item_end = Some(end);
    }
    Some(list)
}

fn remove_dependency(
    tree: &PlanTree,
    doc: &PlanDoc,
    other: DocIndex,
) -> Result<String, PlanEditError> {
    let d = &doc.doc;
    let text = &d.text;
    let mut edits: Vec<Edit> = Vec::new();
    let names_other = |reference: &str| {
        let r = reference
            .trim()
            .trim_matches(['*', '`', ' '])
            .trim_start_matches("./");
        let r = r.split('#').next().unwrap_or(r);
        !r.is_empty() && tree.resolve_dependency(doc, r) == Some(other)
    };
    if let Some(field) = depends_field(d).filter(|f| !names_nothing(d, f)) {
        let entries: Vec<&str> = field.value.split(',').map(str::trim).collect();
        let kept: Vec<&str> = entries
            .iter()
            .copied()
            .filter(|e| !names_other(link_target(e).unwrap_or(e)))
            .collect();
        if kept.len() != entries.len() {
            let value = if kept.is_empty() {
                "None".to_string()
            } else {
                kept.join(", ")
            };
            edits.push(edit::replace_field(field, &value)?);
        }
    }
    let mut lines = BTreeSet::new();
    for link in &d.links {
        let Some(h) = link.heading else { continue };
        if !is_dependency_section(&d.headings[h].name) || !names_other(&link.target) {
            continue;
        }
        let start = d.lines.line_start(link.span.line);
        let end = next_line_start(text, start);
        let line = text[start..end].trim_start();
        if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
            lines.insert((start, end));
        }
    }
    edits.extend(lines.into_iter().map(|(start, end)| Edit {
        start,
        end,
        replacement: String::new(),
    }));
    Ok(edit::apply(text, &edits)?)
}

/// `[03 Observability](03-observability-plan.md)` -> `03-observability-plan.md`.
fn link_target(text: &str) -> Option<&str> {
    let open = text.find("](")?;
    let rest = &text[open + 2..];
    Some(rest[..rest.find(')')?].trim())
}

// ---------------------------------------------------------------------------
// renumber

/// Plans renaming work package `at` to `number` (`04-x-plan.md` ->
/// `06-x-plan.md`, the digit width kept), rewriting, in every document of
/// its initiative, the references to it: its file name wherever it is
/// written (links, tables, code spans), the number in a link's text
/// (`[04](04-x-plan.md)`), a bare number in a `Depends on` field, and its own
/// `Phase 04` title. `taken` holds the folder's numbers on every branch.
/// The file's old path is removed and its new one created, one commit.
pub fn plan_renumber(
    tree: &PlanTree,
    at: DocIndex,
    number: u32,
    taken: &BTreeSet<u32>,
) -> Result<Change, PlanEditError> {
    let doc = &tree.documents[at];
    let id = doc.id();
    if doc.kind != DocKind::WorkPackage {
        return Err(PlanEditError::NotAWorkPackage {
            id,
            kind: doc.kind.with_article(),
        });
    }
    let name = doc.file_name();
    let Some((old, width)) = classify::leading_number(name) else {
        return Err(PlanEditError::NoNumber { id });
    };
    let old_digits = &name[..width];
    let new_digits = format!("{number:0width$}");
    if old == number {
        return Err(PlanEditError::SameNumber {
            id,
            number: old_digits.to_string(),
        });
    }
    let folder = dir_of(&doc.path).to_string();
    let in_tree = tree
        .documents
        .iter()
        .filter(|d| dir_of(&d.path) == folder)
        .filter_map(|d| classify::leading_number(d.file_name()).map(|(n, _)| n));
    if taken.iter().copied().chain(in_tree).any(|n| n == number) {
        return Err(PlanEditError::NumberTaken {
            number: new_digits,
            folder,
        });
    }
    let new_name = format!("{new_digits}{}", &name[width..]);
    let new_path = if folder.is_empty() {
        new_name.clone()
    } else {
        format!("{folder}/{new_name}")
    };
    let members: Vec<DocIndex> = doc
        .initiative
        .as_deref()
        .and_then(|f| tree.initiative(f))
        .map_or_else(|| vec![at], |i| i.docs.clone());
    let mut edits = Vec::new();
    let mut renamed = doc.doc.text.clone();
    for m in members {
        let member = &tree.documents[m];
        let after = edit::apply(
            &member.doc.text,
            &reference_edits(tree, member, at, name, &new_name, old_digits, &new_digits),
        )?;
        if m == at {
            renamed = after;
        } else if after != member.doc.text {
            edits.push(file_edit(member, after));
        }
    }
    let new_id = crate::tree::plan_tree::doc_id(
        doc.kind,
        doc.initiative.as_deref(),
        Some(&new_digits),
        &new_path,
    );
    let mut message =
        CommitMessage::edit(&new_id, &format!("renumber {old_digits} -> {new_digits}"));
    message.push(Trailer::Renumber, &format!("{old_digits} -> {new_digits}"));
    Ok(Change {
        id: new_id,
        creates: vec![NewFile {
            path: new_path,
            contents: renamed,
        }],
        edits,
        removes: vec![Removal {
            path: doc.path.clone(),
            before: doc.doc.text.clone(),
        }],
        message,
    })
}

/// The edits that make `member` name the renumbered document by its new
/// name and number.
fn reference_edits(
    tree: &PlanTree,
    member: &PlanDoc,
    renamed: DocIndex,
    old_name: &str,
    new_name: &str,
    old_digits: &str,
    new_digits: &str,
) -> Vec<Edit> {
    let text = &member.doc.text;
    let mut edits = Vec::new();
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    for (at, _) in text.match_indices(old_name) {
        let before = text[..at].chars().next_back();
        let after = text[at + old_name.len()..].chars().next();
        if before.is_some_and(is_name_char)
            || after.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        {
            continue;
        }
        edits.push(Edit {
            start: at,
            end: at + old_name.len(),
            replacement: new_name.to_string(),
        });
        // A table row naming the file: its cell holding the bare number
        // (`| 04 | [X](04-x-plan.md) |`) too.
        let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
        let line = &text[line_start..line_end];
        if line.trim_start().starts_with('|') {
            let mut offset = line_start;
            for cell in line.split('|') {
                if cell.trim() == old_digits {
                    let start = offset + (cell.len() - cell.trim_start().len());
                    edits.push(Edit {
                        start,
                        end: start + old_digits.len(),
                        replacement: new_digits.to_string(),
                    });
                }
                offset += cell.len() + 1;
            }
        }
    }
    // `[04](04-x-plan.md)`: the number as the link's text.
    for link in &member.doc.links {
        let target = link.target.trim_start_matches("./");
        let target = target.split('#').next().unwrap_or(target);
        if target != old_name {
            continue;
        }
        let span = &text[link.span.start..link.span.end];
        if span.starts_with(&format!("[{old_digits}](")) {
            edits.push(Edit {
                start: link.span.start + 1,
                end: link.span.start + 1 + old_digits.len(),
                replacement: new_digits.to_string(),
            });
        }
    }
    // A bare `04` in the `Depends on` field.
    if let Some(field) = depends_field(&member.doc) {
        let mut offset = 0;
        for part in field.value.split(',') {
            let entry = part.trim();
            let lead = part.len() - part.trim_start().len();
            if entry == old_digits
                && tree.resolve_dependency(member, entry) == Some(renamed)
                && field.origin != FieldOrigin::FrontMatter
            {
                let start = field.span.start + offset + lead;
                edits.push(Edit {
                    start,
                    end: start + entry.len(),
                    replacement: new_digits.to_string(),
                });
            }
            offset += part.len() + 1;
        }
    }
    // Its own title: `# Phase 04: X`.
    if member.path == tree.documents[renamed].path {
        if let Some(h) = member.doc.headings.iter().find(|h| h.level == 1) {
            let line = &text[h.span.start..h.span.end];
            let phase = format!("Phase {old_digits}");
            if let Some(i) = line.find(&phase) {
                let after = line[i + phase.len()..].chars().next();
                if !after.is_some_and(|c| c.is_ascii_digit()) {
                    let start = h.span.start + i + "Phase ".len();
                    edits.push(Edit {
                        start,
                        end: start + old_digits.len(),
                        replacement: new_digits.to_string(),
                    });
                }
            }
        }
    }
    edits.sort_by_key(|e| e.start);
    edits.dedup_by_key(|e| e.start);
    edits
}

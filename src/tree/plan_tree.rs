//! The whole engineering root read at once: every document classified and
//! parsed, initiatives assembled from their folders, and every problem kept
//! as a diagnostic so that one bad file never hides the rest.

use crate::model::kind::lifecycle_of;
use crate::tree::listing::read_work_tree;
use crate::tree::listing::Entry;
use crate::tree::listing::Listed;
use crate::tree::listing::ReadError;
use crate::workspace::Workspace;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::sections::SectionNames;
use crate::document::summary::{StatusLine, Summary};
use crate::document::{self, Document};
use crate::model::diagnostic::Diagnostic;
use crate::model::fields::{Effort, Priority};
use crate::model::kind::{DocKind, ADR_DIR, PLANNING_DIR};
use crate::model::lifecycle::{Lifecycle, State};
use crate::model::status::{Status, Synonyms};
use crate::tree::classify::{self, classify};
use crate::workspace::config::PlanConfig;

/// One parsed file: the document (none if unreadable as text) and the
/// problems found in it.
pub(crate) type Parsed<D = Document> = (Option<PlanDoc<D>>, Vec<Diagnostic>);

/// A parsed document and what the tree knows about it. `D` is the parse
/// itself ([`Document`]), or `()` in a tree of summaries, which is all
/// `status` reads (and all its cache keeps).
#[derive(Debug, Clone)]
pub struct PlanDoc<D = Document> {
    /// Relative to the engineering root, `/`-separated.
    pub path: String,
    pub kind: DocKind,
    pub initiative: Option<String>,
    /// The leading number of the file name, as written (`04`, `0012`).
    pub number: Option<String>,
    pub slug: String,
    pub doc: D,
    /// What the roadmap reads of the document, computed at parse.
    pub summary: Summary,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub effort: Option<Effort>,
    /// Computed once from kind, initiative, number and path.
    pub(crate) id: String,
}

impl<D> PlanDoc<D> {
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The folder holding the document (`""` at the root): for an ADR, its
    /// collection, within which numbers are unique and supersession links
    /// point.
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    pub fn number_value(&self) -> Option<u32> {
        self.number.as_deref().and_then(|n| n.parse().ok())
    }

    /// The id that `git plan show` accepts and prints: `folder/NN` for a work
    /// package, `adr-NNNN` for an ADR, the path for anything else.
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// [`PlanDoc::id`] without a copy.
    pub fn id_str(&self) -> &str {
        &self.id
    }

    pub fn title(&self) -> String {
        self.summary
            .title
            .clone()
            .unwrap_or_else(|| self.file_name().to_string())
    }

    pub fn lifecycle(&self) -> Option<Lifecycle> {
        lifecycle_of(self.kind)
    }
}

impl PlanDoc<Document> {
    /// [`Self::summarised`] of a copy, without copying the parse.
    pub fn to_summary(&self) -> PlanDoc<()> {
        PlanDoc {
            path: self.path.clone(),
            kind: self.kind,
            initiative: self.initiative.clone(),
            number: self.number.clone(),
            slug: self.slug.clone(),
            doc: (),
            summary: self.summary.clone(),
            status: self.status.clone(),
            priority: self.priority.clone(),
            effort: self.effort.clone(),
            id: self.id.clone(),
        }
    }

    /// The document without its parse: its summary and what the tree
    /// knows of it.
    pub fn summarised(self) -> PlanDoc<()> {
        PlanDoc {
            path: self.path,
            kind: self.kind,
            initiative: self.initiative,
            number: self.number,
            slug: self.slug,
            doc: (),
            summary: self.summary,
            status: self.status,
            priority: self.priority,
            effort: self.effort,
            id: self.id,
        }
    }
}

/// The id of a document from what its path says (see [`PlanDoc::id`]).
pub fn doc_id(kind: DocKind, initiative: Option<&str>, number: Option<&str>, path: &str) -> String {
    match (kind, initiative, number) {
        (DocKind::WorkPackage | DocKind::WorkPlan, Some(init), Some(n)) => format!("{init}/{n}"),
        (DocKind::Adr, _, Some(n)) => format!("adr-{:04}", n.parse::<u32>().unwrap_or(0)),
        // Other files directly in an initiative folder: `folder/FILE.md`.
        (_, Some(init), _) if path == format!("{PLANNING_DIR}/{init}/{}", file_name(path)) => {
            format!("{init}/{}", file_name(path))
        }
        _ => path.to_string(),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The id of the document at `path`, classified by its path alone (for
/// versions read from history).
pub fn id_for_path(path: &str, patterns: &crate::model::kind::Patterns) -> String {
    match patterns.collection_of(path) {
        Some((collection, name)) => classify::collection_id(collection, name),
        None => id_at(path, &classify(path, patterns)),
    }
}

/// The id of the document at `path`, placed at `placement` by
/// [`classify`].
pub fn id_at(path: &str, placement: &classify::Placement) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let number = match placement.kind {
        DocKind::Initiative | DocKind::Note => None,
        _ => classify::leading_number(name).map(|(n, width)| format!("{n:0width$}")),
    };
    doc_id(
        placement.kind,
        placement.initiative.as_deref(),
        number.as_deref(),
        path,
    )
}

/// A document of a [`PlanTree`]: its place in [`PlanTree::documents`].
/// Only the tree makes them (by resolving an id, or listing), so the
/// public API never takes a bare number that could name nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocIndex(usize);

/// An initiative of a [`PlanTree`]: its place in [`PlanTree::initiatives`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InitiativeIndex(usize);

impl DocIndex {
    /// The place in [`PlanTree::documents`], for tables kept beside it.
    pub(crate) fn position(self) -> usize {
        self.0
    }
}

impl<D> std::ops::Index<DocIndex> for [PlanDoc<D>] {
    type Output = PlanDoc<D>;

    fn index(&self, i: DocIndex) -> &PlanDoc<D> {
        &self[i.0]
    }
}

// On `Vec` too: indexing a `Vec` resolves to its own generic `Index` impl
// (by `SliceIndex`) and does not fall back to the slice's.
impl<D> std::ops::Index<DocIndex> for Vec<PlanDoc<D>> {
    type Output = PlanDoc<D>;

    fn index(&self, i: DocIndex) -> &PlanDoc<D> {
        &self.as_slice()[i]
    }
}

impl std::ops::Index<InitiativeIndex> for Vec<Initiative> {
    type Output = Initiative;

    fn index(&self, i: InitiativeIndex) -> &Initiative {
        &self[i.0]
    }
}

/// An initiative folder under `artifacts/planning/`.
#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    /// The folder name, `2025-11-23-integrated-roadmap`.
    pub folder: String,
    /// The date prefix, when the name has one.
    pub date: Option<String>,
    /// The name without its date, `integrated-roadmap`.
    pub slug: String,
    /// Index into [`PlanTree::documents`] of START-HERE.md or README.md,
    /// whichever carries the status (START-HERE.md first): the file a
    /// transition of the initiative edits.
    #[serde(skip)]
    pub status_doc: Option<DocIndex>,
    /// START-HERE.md or README.md (START-HERE.md first), whether or not it
    /// states a status: the document that stands for the initiative.
    #[serde(skip)]
    pub entry_doc: Option<DocIndex>,
    /// The status read from another document of the folder, when that one
    /// is the initiative's status rather than `status_doc`'s.
    #[serde(skip)]
    pub derived: Option<DerivedStatus>,
    /// Every document inside the folder.
    #[serde(skip)]
    pub docs: Vec<DocIndex>,
}

/// Where an initiative's status comes from when no START-HERE.md or
/// README.md states it (or a completion record has the later word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusSource {
    /// A completion record of the folder (`COMPLETE.md`, `NN-*-COMPLETE.md`):
    /// the initiative is complete.
    CompletionRecord,
    /// The status line of another document that speaks for the folder: a
    /// numbered `NN-README.md`, a `00-*` document, the folder's only
    /// document, or the one named after the folder.
    FolderDocument,
}

/// An initiative status taken from a document other than START-HERE.md or
/// README.md.
#[derive(Debug, Clone)]
pub struct DerivedStatus {
    /// The document it was read from.
    pub doc: DocIndex,
    pub status: Status,
    pub source: StatusSource,
}

/// Everything under one engineering root: every document parsed (`D` is
/// [`Document`]), or only summarised (`()`, what `status` reads).
#[derive(Debug, Clone)]
pub struct PlanTree<D = Document> {
    pub documents: Vec<PlanDoc<D>>,
    pub initiatives: Vec<Initiative>,
    pub diagnostics: Vec<Diagnostic>,
    /// The status synonyms the tree was read with (built in and from
    /// `plan.toml`), for the readers of every status statement.
    pub synonyms: Synonyms,
    /// The headings of the success criteria and the rollback plan (built in
    /// and from `plan.toml`), for every reader of those sections.
    pub sections: SectionNames,
}

/// One status statement of a document, read under its lifecycle.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    /// The value as written and where.
    pub line: &'a StatusLine,
    pub status: Status,
}

impl PlanTree {
    /// Reads and parses every document under the root of `ws` from the work
    /// tree.
    pub fn read(ws: &Workspace) -> Result<PlanTree, ReadError> {
        Ok(PlanTree::build(
            read_work_tree(&ws.root, &ws.config.patterns)?,
            &ws.config,
        ))
    }

    /// Builds the tree from a listing; never fails, problems become
    /// diagnostics.
    pub fn build(entries: Vec<Entry>, config: &PlanConfig) -> PlanTree {
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for entry in entries {
            match entry {
                Entry::File { path, bytes } => files.push((path, bytes)),
                other => dirs.push(other),
            }
        }
        PlanTree::assemble(dirs, parse_all(files, config), config)
    }
}

impl<D> PlanTree<D> {
    /// The tree from its directory entries and its parsed files, in order.
    pub(crate) fn assemble(
        dirs: Vec<Entry>,
        parsed: Vec<Parsed<D>>,
        config: &PlanConfig,
    ) -> PlanTree<D> {
        let synonyms = &config.synonyms;
        let mut tree = PlanTree {
            documents: Vec::with_capacity(parsed.len()),
            initiatives: Vec::new(),
            diagnostics: Vec::new(),
            synonyms: synonyms.clone(),
            sections: config.sections.clone(),
        };
        let mut folders: BTreeMap<String, Initiative> = BTreeMap::new();
        for entry in dirs {
            match entry {
                Entry::InitiativeDir { path } => {
                    let folder = path.rsplit('/').next().unwrap_or(&path).to_string();
                    folders
                        .entry(folder.clone())
                        .or_insert_with(|| new_initiative(folder));
                }
                Entry::MarkdownNamedDir { path } => tree.diagnostics.push(
                    Diagnostic::warning(
                        "directory-named-like-a-document",
                        &path,
                        None,
                        "is a directory, not a Markdown file; it is not read as a plan".to_string(),
                    )
                    .with_hint("rename the directory or move the document out of it"),
                ),
                Entry::NotRead { path, why } => tree.diagnostics.push(
                    Diagnostic::warning("not-read", &path, None, format!("{why}; it is not read"))
                        .with_hint("git plan reads and writes only regular files inside the root"),
                ),
                Entry::File { .. } => {}
            }
        }
        for (doc, diagnostics) in parsed {
            tree.diagnostics.extend(diagnostics);
            tree.documents.extend(doc);
        }
        for (i, doc) in tree.documents.iter().enumerate() {
            if let Some(folder) = &doc.initiative {
                folders
                    .entry(folder.clone())
                    .or_insert_with(|| new_initiative(folder.clone()))
                    .docs
                    .push(DocIndex(i));
            }
        }
        for init in folders.values_mut() {
            let named = |name: &str, stated: bool| {
                init.docs.iter().copied().find(|i| {
                    let d = &tree.documents[*i];
                    d.kind == DocKind::Initiative
                        && d.file_name().eq_ignore_ascii_case(name)
                        && (!stated || d.status.is_some())
                })
            };
            init.status_doc = named("START-HERE.md", true).or_else(|| named("README.md", true));
            init.entry_doc = named("START-HERE.md", false).or_else(|| named("README.md", false));
            init.derived = derive_status(&tree.documents, init, synonyms);
        }
        tree.initiatives = folders.into_values().collect();
        tree
    }
}

impl<D> PlanTree<D> {
    /// Whether `doc` can take the place of `documents[at]` without changing
    /// anything else [`Self::assemble`] derives from the documents: the
    /// same path, kind, initiative, number, slug and id (what ids resolve
    /// by), and a status exactly where the old version had one (which of
    /// START-HERE.md and README.md speaks for an initiative).
    pub(crate) fn same_place(&self, at: usize, doc: &PlanDoc<D>) -> bool {
        self.documents.get(at).is_some_and(|old| {
            old.path == doc.path
                && old.kind == doc.kind
                && old.initiative == doc.initiative
                && old.number == doc.number
                && old.slug == doc.slug
                && old.id == doc.id
                && old.status.is_some() == doc.status.is_some()
        })
    }

    /// Puts each `(at, doc)` in the place of `documents[at]` (each one
    /// [`Self::same_place`]) and derives the initiatives' statuses again:
    /// the tree [`Self::assemble`] makes of the new versions.
    pub(crate) fn replace_documents(&mut self, replacements: Vec<(usize, PlanDoc<D>)>) {
        if replacements.is_empty() {
            return;
        }
        for (at, doc) in replacements {
            if let Some(old) = self.documents.get_mut(at) {
                *old = doc;
            }
        }
        let derived: Vec<Option<DerivedStatus>> = self
            .initiatives
            .iter()
            .map(|init| derive_status(&self.documents, init, &self.synonyms))
            .collect();
        for (init, derived) in self.initiatives.iter_mut().zip(derived) {
            init.derived = derived;
        }
    }
}

/// The parses of committed files, kept by path and blob id, so that the
/// trees of many commits (the range rules judge a move on the tree at its
/// commit; `diff` reads both ends) parse each distinct file version once
/// and reuse it wherever it is unchanged. The path is part of the key
/// because a document's kind, id and diagnostics follow from where it is.
#[derive(Debug, Default)]
pub struct ParseCache {
    parsed: std::collections::HashMap<(String, gix::ObjectId), Parsed>,
    summaries: std::collections::HashMap<(String, gix::ObjectId), Parsed<()>>,
    /// The listing of each tree read (`history::snapshot::list_commit`),
    /// by tree id and then the path it was listed at.
    listings: std::collections::HashMap<gix::ObjectId, Vec<(String, Vec<Listed>)>>,
}

impl ParseCache {
    /// The listing of the tree `tree` at `rel`, when one was kept.
    pub(crate) fn listing(&self, tree: gix::ObjectId, rel: &str) -> Option<&[Listed]> {
        self.listings
            .get(&tree)?
            .iter()
            .find(|(at, _)| at == rel)
            .map(|(_, listed)| listed.as_slice())
    }

    /// Keeps the listing of the tree `tree` at `rel`.
    pub(crate) fn keep_listing(&mut self, tree: gix::ObjectId, rel: &str, listed: Vec<Listed>) {
        self.listings
            .entry(tree)
            .or_default()
            .push((rel.to_string(), listed));
    }

    /// The parse of the blob `id` at `path`: kept from before, or read with
    /// `read` and parsed now.
    pub fn parse<E>(
        &mut self,
        path: &str,
        id: gix::ObjectId,
        config: &PlanConfig,
        read: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Parsed, E> {
        let key = (path.to_string(), id);
        if let Some(parsed) = self.parsed.get(&key) {
            return Ok(parsed.clone());
        }
        let parsed = parse_file(path.to_string(), &read()?, config);
        self.parsed.insert(key, parsed.clone());
        Ok(parsed)
    }

    /// [`Self::parse`] without the parse: the summary and what the tree
    /// knows of the document (all a dependency's status needs), which
    /// costs far less to copy into each tree than the document.
    pub fn summary<E>(
        &mut self,
        path: &str,
        id: gix::ObjectId,
        config: &PlanConfig,
        read: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Parsed<()>, E> {
        let key = (path.to_string(), id);
        if let Some(summary) = self.summaries.get(&key) {
            return Ok(summary.clone());
        }
        // A version parsed before is summarised without copying its parse;
        // one seen only here is parsed for its summary alone.
        let summary = match self.parsed.get(&key) {
            Some((doc, diagnostics)) => {
                (doc.as_ref().map(PlanDoc::to_summary), diagnostics.clone())
            }
            None => {
                let (doc, diagnostics) = parse_file(path.to_string(), &read()?, config);
                (doc.map(PlanDoc::summarised), diagnostics)
            }
        };
        self.summaries.insert(key, summary.clone());
        Ok(summary)
    }

    /// The tree of a listing whose files were parsed with [`Self::parse`]
    /// or [`Self::summary`] (`parsed` in the listing's order), as
    /// [`PlanTree::build`] makes it.
    pub fn assemble<D>(
        dirs: Vec<Entry>,
        parsed: Vec<Parsed<D>>,
        config: &PlanConfig,
    ) -> PlanTree<D> {
        PlanTree::assemble(dirs, parsed, config)
    }
}

/// Parses files in order, on this thread. Parsing on several threads was
/// measured at twice the CPU time for no gain in wall time (the allocator,
/// not the parser, is what the threads share).
fn parse_all(files: Vec<(String, Vec<u8>)>, config: &PlanConfig) -> Vec<Parsed> {
    files
        .into_iter()
        .map(|(p, b)| parse_file(p, &b, config))
        .collect()
}

/// Parses one file into a document and the problems found in it.
pub(crate) fn parse_file(path: String, bytes: &[u8], config: &PlanConfig) -> Parsed {
    let mut diagnostics = Vec::new();
    let doc = parse_doc(path, bytes, config, &mut diagnostics);
    (doc, diagnostics)
}

fn parse_doc(
    path: String,
    bytes: &[u8],
    config: &PlanConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PlanDoc> {
    let placement = classify(&path, &config.patterns);
    let (doc, diags) = match Document::parse(&path, bytes) {
        Ok(parsed) => parsed,
        Err(document::ParseError::NotUtf8 { line, offset, .. }) => {
            // The diagnostic carries path and line; the message does not repeat them.
            diagnostics.push(
                Diagnostic::error(
                    "not-utf8",
                    &path,
                    Some(line),
                    format!("not valid UTF-8 (byte {offset})"),
                )
                .with_hint("save the file as UTF-8; it is skipped until then"),
            );
            return None;
        }
    };
    diagnostics.extend(diags);
    // An empty note elsewhere (a placeholder `agent/notes.md`) is not a
    // plan; an empty file among the plans or ADRs is worth a word.
    let among_plans = [PLANNING_DIR, ADR_DIR]
        .iter()
        .any(|dir| path.starts_with(&format!("{dir}/")));
    if doc.is_blank() && (placement.kind != DocKind::Note || among_plans) {
        diagnostics.push(Diagnostic::warning(
            "empty-file",
            &path,
            Some(1),
            "the file is empty".to_string(),
        ));
    }
    let mut kind = placement.kind;
    if kind == DocKind::Note && !doc.subtasks.is_empty() {
        kind = DocKind::WorkPlan;
    }
    let name = path.rsplit('/').next().unwrap_or(&path);
    let number = match kind {
        DocKind::Initiative | DocKind::Note => None,
        _ => classify::leading_number(name).map(|(n, width)| format!("{n:0width$}")),
    };
    let slug = classify::slug_of(name, kind);
    let status = lifecycle_of(kind).and_then(|lifecycle| {
        let field = doc.field(document::STATUS_KEYS)?;
        let status = config.synonyms.normalize(lifecycle, &field.value);
        if !status.is_known() {
            let mut message = format!(
                "status `{}` is not a known {} status; it is kept as written",
                status.raw,
                lifecycle.as_str()
            );
            if let Some(other) = status.foreign {
                message.push_str(&format!(
                    " (it is a status of the {} lifecycle)",
                    other.as_str()
                ));
            }
            let allowed: Vec<_> = lifecycle.states().iter().map(|s| s.as_str()).collect();
            diagnostics.push(
                Diagnostic::warning("unknown-status", &path, Some(field.span.line), message)
                    .with_column(field.span.column)
                    .with_hint(format!(
                        "write one of: {}; or map it in plan.toml under [status.{}]",
                        allowed.join(", "),
                        lifecycle.as_str().replace('-', "_")
                    )),
            );
        }
        Some(status)
    });
    // A template's placeholder (`X-Yh agentic + Zh review`) is no value.
    let priority = doc
        .value(document::PRIORITY_KEYS)
        .map(|f| Priority::parse(&f.value));
    let effort = doc
        .value(document::EFFORT_KEYS)
        .map(|f| Effort::parse(&f.value));
    let id = match config.patterns.collection_of(&path) {
        Some((collection, name)) => classify::collection_id(collection, name),
        None => doc_id(
            kind,
            placement.initiative.as_deref(),
            number.as_deref(),
            &path,
        ),
    };
    Some(PlanDoc {
        kind,
        initiative: placement.initiative,
        number,
        slug,
        summary: Summary::of(&doc, &config.sections),
        doc,
        status,
        priority,
        effort,
        path,
        id,
    })
}

impl PlanTree {
    /// A tree from (path, text) pairs, with default configuration: for tests.
    #[cfg(test)]
    pub(crate) fn from_texts<S: AsRef<str>, T: AsRef<str>>(files: &[(S, T)]) -> PlanTree {
        let entries = files
            .iter()
            .map(|(p, t)| Entry::File {
                path: p.as_ref().to_string(),
                bytes: t.as_ref().as_bytes().to_vec(),
            })
            .collect();
        PlanTree::build(entries, &PlanConfig::default())
    }
}

impl PlanTree<Document> {
    /// The tree without the documents' parses: what `status` reads.
    pub fn summarised(self) -> PlanTree<()> {
        PlanTree {
            documents: self
                .documents
                .into_iter()
                .map(PlanDoc::summarised)
                .collect(),
            initiatives: self.initiatives,
            diagnostics: self.diagnostics,
            synonyms: self.synonyms,
            sections: self.sections,
        }
    }
}

impl<D> PlanTree<D> {
    /// Every status statement of `d` (front matter, header, blockquote,
    /// heading, section, table, closing line), in text order, each read
    /// under the document's lifecycle; empty for a kind without one.
    pub fn statements<'a>(&self, d: &'a PlanDoc<D>) -> Vec<Statement<'a>> {
        let Some(lifecycle) = d.lifecycle() else {
            return Vec::new();
        };
        d.summary
            .statements
            .iter()
            .map(|line| Statement {
                line,
                status: self.synonyms.normalize(lifecycle, &line.value),
            })
            .collect()
    }

    /// The first pair of status statements of `d` whose states differ
    /// (both known): the first statement, and the first that disagrees.
    pub fn disagreement<'a>(&self, d: &'a PlanDoc<D>) -> Option<(Statement<'a>, Statement<'a>)> {
        let mut known = self
            .statements(d)
            .into_iter()
            .filter(|s| s.status.state.is_some());
        let first = known.next()?;
        let other = known.find(|s| s.status.state != first.status.state)?;
        Some((first, other))
    }
}

impl<D> PlanTree<D> {
    pub fn initiative(&self, folder: &str) -> Option<&Initiative> {
        self.initiatives.iter().find(|i| i.folder == folder)
    }

    /// The initiative's status: a derived one (see [`DerivedStatus`]) or
    /// the one its START-HERE.md or README.md states.
    pub fn initiative_status<'a>(&'a self, init: &'a Initiative) -> Option<&'a Status> {
        match &init.derived {
            Some(derived) => Some(&derived.status),
            None => init
                .status_doc
                .and_then(|i| self.documents[i].status.as_ref()),
        }
    }

    /// Work packages (and work plans) of an initiative, by number.
    pub fn work_packages<'a>(
        &'a self,
        init: &'a Initiative,
    ) -> impl Iterator<Item = (DocIndex, &'a PlanDoc<D>)> + 'a {
        init.docs
            .iter()
            .map(|i| (*i, &self.documents[*i]))
            .filter(|(_, d)| matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan))
    }

    pub fn adrs(&self) -> impl Iterator<Item = (DocIndex, &PlanDoc<D>)> {
        self.indexed().filter(|(_, d)| d.kind == DocKind::Adr)
    }

    /// Every document with its index.
    pub fn indexed(&self) -> impl Iterator<Item = (DocIndex, &PlanDoc<D>)> {
        self.documents
            .iter()
            .enumerate()
            .map(|(i, d)| (DocIndex(i), d))
    }

    /// Every initiative with its index.
    pub fn indexed_initiatives(&self) -> impl Iterator<Item = (InitiativeIndex, &Initiative)> {
        self.initiatives
            .iter()
            .enumerate()
            .map(|(i, init)| (InitiativeIndex(i), init))
    }

    /// The document at `i`, `None` if `i` is from another tree.
    pub fn doc(&self, i: DocIndex) -> Option<&PlanDoc<D>> {
        self.documents.get(i.0)
    }
}

/// The status of an initiative when START-HERE.md and README.md do not
/// give it: a completion record in the folder makes it complete (unless
/// they already say so); without a stated status, the status line of the
/// document that speaks for the folder.
fn derive_status<D>(
    docs: &[PlanDoc<D>],
    init: &Initiative,
    synonyms: &Synonyms,
) -> Option<DerivedStatus> {
    let stated = init.status_doc.and_then(|i| docs[i].status.as_ref());
    if stated.and_then(|s| s.state) == Some(State::Complete) {
        return None;
    }
    let completion = init
        .docs
        .iter()
        .copied()
        .filter(|i| docs[*i].kind == DocKind::Completion)
        .min_by_key(|i| (docs[*i].summary.status().is_none(), docs[*i].path.as_str()));
    if let Some(i) = completion {
        let doc = &docs[i];
        let raw = doc
            .summary
            .status()
            .map(|s| s.value.trim().to_string())
            .or_else(|| doc.summary.title.clone())
            .unwrap_or_else(|| doc.file_name().to_string());
        return Some(DerivedStatus {
            doc: i,
            status: Status {
                raw,
                state: Some(State::Complete),
                verified: None,
                superseded_by: None,
                foreign: None,
            },
            source: StatusSource::CompletionRecord,
        });
    }
    if stated.is_some() {
        return None;
    }
    let speaks = |d: &PlanDoc<D>| {
        let stem = d.file_name().to_ascii_lowercase();
        let stem = stem.strip_suffix(".md").unwrap_or(&stem);
        let (_, undated) = split_date(stem);
        let numbered = classify::leading_number(stem).map(|(n, width)| (n, &stem[width..]));
        matches!(numbered, Some((_, "-readme")))
            || matches!(numbered, Some((0, rest)) if rest.starts_with("-work-package"))
            || undated == init.slug
            || undated
                .strip_prefix(init.slug.as_str())
                .is_some_and(|rest| rest.starts_with('-'))
    };
    let only = (init.docs.len() == 1).then(|| init.docs[0]);
    let i = only.or_else(|| {
        init.docs
            .iter()
            .copied()
            .filter(|i| docs[*i].summary.status().is_some())
            .find(|i| speaks(&docs[*i]))
    })?;
    let stated = docs[i].summary.status()?;
    Some(DerivedStatus {
        doc: i,
        status: synonyms.normalize(Lifecycle::Initiative, &stated.value),
        source: StatusSource::FolderDocument,
    })
}

fn new_initiative(folder: String) -> Initiative {
    let (date, slug) = split_date(&folder);
    Initiative {
        folder,
        date,
        slug,
        status_doc: None,
        entry_doc: None,
        derived: None,
        docs: Vec::new(),
    }
}

/// `2025-11-23-integrated-roadmap` -> (`2025-11-23`, `integrated-roadmap`).
pub fn split_date(folder: &str) -> (Option<String>, String) {
    let bytes = folder.as_bytes();
    let is_date = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if is_date {
        let slug = folder[10..].trim_start_matches('-').to_string();
        (Some(folder[..10].to_string()), slug)
    } else {
        (None, folder.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = "artifacts/planning/2025-01-02-x";

    fn status_of(files: &[(&str, &str)]) -> (Option<String>, Option<StatusSource>, Option<String>) {
        let files: Vec<(String, &str)> = files
            .iter()
            .map(|(name, text)| (format!("{DIR}/{name}"), *text))
            .collect();
        let tree = PlanTree::from_texts(&files);
        let init = &tree.initiatives[0];
        let status = tree.initiative_status(init);
        let at = init
            .derived
            .as_ref()
            .map(|d| tree.documents[d.doc].file_name().to_string());
        (
            status.and_then(|s| s.state).map(|s| s.as_str().to_string()),
            init.derived.as_ref().map(|d| d.source),
            at,
        )
    }

    #[test]
    fn a_completion_record_makes_an_initiative_complete() {
        let readme = "# X\n\n**Status:** In Progress\n";
        let record = "# X done\n\n**Status:** Done\n";
        assert_eq!(
            status_of(&[("README.md", readme), ("03-x-complete.md", record)]),
            (
                Some("complete".into()),
                Some(StatusSource::CompletionRecord),
                Some("03-x-complete.md".into())
            )
        );
        // Already complete: the README's own line stays the status.
        let done = "# X\n\n**Status:** Complete\n";
        assert_eq!(
            status_of(&[("README.md", done), ("COMPLETE.md", record)]),
            (Some("complete".into()), None, None)
        );
    }

    #[test]
    fn a_folder_without_a_status_line_takes_the_document_that_speaks_for_it() {
        let note = "# X\n\n**Status:** In Progress\n";
        let other = "# Y\n\n**Status:** Planning\n";
        for name in [
            "x.md",
            "2025-01-02-x-session.md",
            "00-work-package.md",
            "01-README.md",
        ] {
            assert_eq!(
                status_of(&[(name, note), ("notes.md", other)]),
                (
                    Some("implementation".into()),
                    Some(StatusSource::FolderDocument),
                    Some(name.into())
                ),
                "{name}"
            );
        }
        // The only document of the folder.
        assert_eq!(
            status_of(&[("notes.md", other)]).0.as_deref(),
            Some("work-package-planning")
        );
        // Two documents, neither speaking for the folder: no status.
        assert_eq!(
            status_of(&[("a.md", note), ("b.md", other)]),
            (None, None, None)
        );
        // A README without a status line is not passed over for a note.
        assert_eq!(
            status_of(&[("README.md", "# X\n"), ("x.md", note)]).1,
            Some(StatusSource::FolderDocument)
        );
    }

    #[test]
    fn an_empty_note_outside_the_plans_is_not_a_warning() {
        let tree = PlanTree::from_texts(&[
            ("agent/notes.md", ""),
            (&format!("{DIR}/notes.md"), ""),
            ("artifacts/adr/README.md", "  \n"),
        ]);
        let empty: Vec<&str> = tree
            .diagnostics
            .iter()
            .filter(|d| d.code == "empty-file")
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(
            empty,
            [
                format!("{DIR}/notes.md").as_str(),
                "artifacts/adr/README.md"
            ]
        );
    }
}

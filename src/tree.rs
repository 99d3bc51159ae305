//! The whole engineering root read at once: every document classified and
//! parsed, initiatives assembled from their folders, and every problem kept
//! as a diagnostic so that one bad file never hides the rest.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::classify::{self, classify, DocKind, PLANNING_DIR};
use crate::config::PlanConfig;
use crate::diagnostic::Diagnostic;
use crate::document::{self, Document};
use crate::fields::{Effort, Priority};
use crate::status::{Lifecycle, Status};
pub use crate::tree_cache::TreeCacheWrite;
use crate::tree_cache::{self, TreeCache};

/// Directory under the root holding template overrides; never read as plans.
pub const TEMPLATES_DIR: &str = "templates";

/// One entry of a source listing: a path relative to the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    File {
        path: String,
        bytes: Vec<u8>,
    },
    /// A directory whose name looks like a Markdown document.
    MarkdownNamedDir {
        path: String,
    },
    /// A directory directly under `artifacts/planning/`.
    InitiativeDir {
        path: String,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// Lists the Markdown files under `root` in the work tree, with their
/// contents, skipping hidden directories and `templates/`.
pub fn read_work_tree(root: &Path) -> Result<Vec<Entry>, ReadError> {
    let mut entries = list_work_tree(root)?;
    let mut scratch = Vec::new();
    for entry in &mut entries {
        if let Entry::File { path, bytes } = entry {
            *bytes = read_doc(&root.join(path.as_str()), &mut scratch)?;
        }
    }
    Ok(entries)
}

/// Like [`read_work_tree`] with every file's `bytes` left empty, sorted.
fn list_work_tree(root: &Path) -> Result<Vec<Entry>, ReadError> {
    let mut entries = Vec::new();
    walk(root, "", &mut entries)?;
    entries.sort_by(|a, b| entry_path(a).cmp(entry_path(b)));
    Ok(entries)
}

fn read_doc(full: &Path, scratch: &mut Vec<u8>) -> Result<Vec<u8>, ReadError> {
    read_file(full, scratch).map_err(|source| ReadError {
        path: full.display().to_string(),
        source,
    })
}

/// Reads and parses the work tree under `root` while `task` runs on a
/// second thread; when `task` is done, that thread takes documents to read
/// and parse too (each thread takes the next one left), so the two finish
/// together. `status` reads the history this way.
pub fn read_alongside<R: Send>(
    root: &Path,
    config: &PlanConfig,
    cache_dir: Option<&Path>,
    task: impl FnOnce() -> R + Send,
) -> Alongside<R> {
    read_alongside_with(root, config, task, || {
        cache_dir.map(|dir| TreeCache::open(dir, root, config))
    })
}

/// [`read_alongside`] with the cache opened by `open_cache`, on this thread
/// once the task has started.
fn read_alongside_with<R: Send>(
    root: &Path,
    config: &PlanConfig,
    task: impl FnOnce() -> R + Send,
    open_cache: impl FnOnce() -> Option<TreeCache>,
) -> Alongside<R> {
    let queue = Queue {
        root,
        config,
        cache: std::sync::OnceLock::new(),
        paths: std::sync::OnceLock::new(),
        next: std::sync::atomic::AtomicUsize::new(0),
    };
    let (mut read, records) = std::thread::scope(|scope| {
        let queue = &queue;
        let helper = scope.spawn(move || (task(), queue.drain()));
        if let Some(cache) = open_cache() {
            let _ = queue.cache.set(cache);
        }
        let entries = match list_work_tree(root) {
            Ok(entries) => entries,
            Err(e) => {
                let result = helper.join().map(|(r, _)| r);
                return (Alongside::new(Err(e), None, result), Vec::new());
            }
        };
        let mut dirs = Vec::new();
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Entry::File { path, .. } => paths.push(path),
                dir => dirs.push(dir),
            }
        }
        let count = paths.len();
        let _ = queue.paths.set(paths);
        let parsed = queue.drain();
        let (result, theirs) = match helper.join() {
            Ok((result, theirs)) => (Ok(result), theirs),
            Err(panic) => (Err(panic), Vec::new()),
        };
        // Both lists are in index order: merge them. Whatever a panicked
        // helper had taken is read again here.
        let mut theirs = theirs.into_iter().peekable();
        let mut mine = parsed.into_iter().peekable();
        let mut docs = Vec::with_capacity(count);
        let mut records = Vec::with_capacity(count);
        for i in 0..count {
            let p = if mine.peek().is_some_and(|(j, _)| *j == i) {
                mine.next().map(|(_, p)| p)
            } else if theirs.peek().is_some_and(|(j, _)| *j == i) {
                theirs.next().map(|(_, p)| p)
            } else {
                None
            };
            match p.unwrap_or_else(|| queue.read_one(i)) {
                Ok((p, record)) => {
                    docs.push(p);
                    records.push(record);
                }
                Err(e) => return (Alongside::new(Err(e), None, result), Vec::new()),
            }
        }
        let read = Alongside::new(Ok(PlanTree::assemble(dirs, docs)), None, result);
        (read, records)
    });
    let paths = queue.paths.into_inner().unwrap_or_default();
    if let (Some(cache), true) = (queue.cache.into_inner(), read.tree.is_ok()) {
        read.cache_hits = cache.hits();
        read.cache_write = cache.update(paths.into_iter().zip(records).collect());
    }
    read
}

/// What [`read_alongside`] returns.
pub struct Alongside<R> {
    pub tree: Result<PlanTree, ReadError>,
    /// The cache of parsed documents to write, when it changed.
    pub cache_write: Option<TreeCacheWrite>,
    /// The task's result, `Err` if it panicked.
    pub task: std::thread::Result<R>,
    /// How many documents came from the cache.
    pub cache_hits: usize,
}

impl<R> Alongside<R> {
    fn new(
        tree: Result<PlanTree, ReadError>,
        cache_write: Option<TreeCacheWrite>,
        task: std::thread::Result<R>,
    ) -> Self {
        Alongside {
            tree,
            cache_write,
            task,
            cache_hits: 0,
        }
    }
}

/// One parsed file: the document (none if unreadable as text) and the
/// problems found in it.
pub(crate) type Parsed = (Option<PlanDoc>, Vec<Diagnostic>);

/// A parse and what the next cache file keeps of it.
type Cached = (Parsed, Option<tree_cache::Record>);

/// The documents [`read_alongside`] shares out.
struct Queue<'a> {
    root: &'a Path,
    config: &'a PlanConfig,
    /// Set before the paths are.
    cache: std::sync::OnceLock<TreeCache>,
    /// Set once the listing is done.
    paths: std::sync::OnceLock<Vec<String>>,
    next: std::sync::atomic::AtomicUsize,
}

impl Queue<'_> {
    /// Reads and parses documents until none is left (or none is listed
    /// yet), returning them with their indices.
    fn drain(&self) -> Vec<(usize, Result<Cached, ReadError>)> {
        let Some(paths) = self.paths.get() else {
            return Vec::new();
        };
        let next = self.next.load(std::sync::atomic::Ordering::Relaxed);
        let mut out = Vec::with_capacity(paths.len().saturating_sub(next));
        let mut scratch = Vec::new();
        loop {
            let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(path) = paths.get(i) else {
                return out;
            };
            out.push((i, self.parse(path, &mut scratch)));
        }
    }

    fn read_one(&self, i: usize) -> Result<Cached, ReadError> {
        let path = self
            .paths
            .get()
            .and_then(|p| p.get(i))
            .map_or("", String::as_str);
        self.parse(path, &mut Vec::new())
    }

    /// A document from the cache when its file is unchanged, else read and
    /// parsed (and recorded for the next cache file when it may be).
    fn parse(&self, path: &str, scratch: &mut Vec<u8>) -> Result<Cached, ReadError> {
        let full = self.root.join(path);
        let Some(cache) = self.cache.get() else {
            let bytes = read_doc(&full, scratch)?;
            return Ok((parse_file(path.to_string(), &bytes, self.config), None));
        };
        let stamp = tree_cache::Stamp::of(&full);
        if let Some((parsed, record)) = stamp.and_then(|s| cache.get(path, &s)) {
            return Ok((parsed, Some(record)));
        }
        let bytes = read_doc(&full, scratch)?;
        let parsed = parse_file(path.to_string(), &bytes, self.config);
        let record = stamp.and_then(|s| cache.record(s, &parsed));
        Ok((parsed, record))
    }
}

pub(crate) fn entry_path(e: &Entry) -> &str {
    match e {
        Entry::File { path, .. }
        | Entry::MarkdownNamedDir { path }
        | Entry::InitiativeDir { path } => path,
    }
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<Entry>) -> Result<(), ReadError> {
    let io = |source| ReadError {
        path: dir.display().to_string(),
        source,
    };
    for item in std::fs::read_dir(dir).map_err(io)? {
        let item = item.map_err(io)?;
        let name = item.file_name().to_string_lossy().to_string();
        let file_type = item.file_type().map_err(io)?;
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && item.path().is_dir());
        match visit(rel, &name, is_dir, out) {
            Visit::Skip => {}
            Visit::Descend(path) => walk(&item.path(), &path, out)?,
            Visit::Read(path) => out.push(Entry::File {
                path,
                bytes: Vec::new(),
            }),
        }
    }
    Ok(())
}

/// A whole file, read through `scratch` without asking its size first: plan
/// documents are small, and on a large roadmap the `stat` and `lseek` per
/// file that `std::fs::read` makes are a fifth of the time spent reading.
fn read_file(path: &Path, scratch: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if scratch.len() < SCRATCH_BYTES {
        scratch.resize(SCRATCH_BYTES, 0);
    }
    let mut len = 0;
    loop {
        if len == scratch.len() {
            scratch.resize(len * 2, 0);
        }
        match file.read(&mut scratch[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(scratch[..len].to_vec())
}

const SCRATCH_BYTES: usize = 64 * 1024;

/// What a reader (of the work tree, or of a commit) does with one entry of
/// the directory `rel`.
pub(crate) enum Visit {
    Skip,
    Descend(String),
    Read(String),
}

/// The listing rules shared by every reader: hidden entries and the
/// top-level `templates/` are skipped, Markdown files are read, directories
/// are descended into, and initiative folders and Markdown-named
/// directories are recorded in `out`.
pub(crate) fn visit(rel: &str, name: &str, is_dir: bool, out: &mut Vec<Entry>) -> Visit {
    if name.starts_with('.') || (is_dir && rel.is_empty() && name == TEMPLATES_DIR) {
        return Visit::Skip;
    }
    let path = if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    };
    let markdown = name.to_lowercase().ends_with(".md");
    if is_dir {
        if rel == PLANNING_DIR {
            out.push(Entry::InitiativeDir { path: path.clone() });
        }
        if markdown {
            out.push(Entry::MarkdownNamedDir { path: path.clone() });
        }
        Visit::Descend(path)
    } else if markdown {
        Visit::Read(path)
    } else {
        Visit::Skip
    }
}

/// A parsed document and what the tree knows about it.
#[derive(Debug, Clone)]
pub struct PlanDoc {
    /// Relative to the engineering root, `/`-separated.
    pub path: String,
    pub kind: DocKind,
    pub initiative: Option<String>,
    /// The leading number of the file name, as written (`04`, `0012`).
    pub number: Option<String>,
    pub slug: String,
    pub doc: Document,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub effort: Option<Effort>,
    /// Computed once from kind, initiative, number and path.
    pub(crate) id: String,
}

impl PlanDoc {
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
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
        self.doc
            .title
            .clone()
            .unwrap_or_else(|| self.file_name().to_string())
    }

    pub fn lifecycle(&self) -> Option<Lifecycle> {
        lifecycle_of(self.kind)
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
pub fn id_for_path(path: &str, patterns: &crate::classify::Patterns) -> String {
    let placement = classify(path, patterns);
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

pub fn lifecycle_of(kind: DocKind) -> Option<Lifecycle> {
    match kind {
        DocKind::Initiative => Some(Lifecycle::Initiative),
        DocKind::WorkPackage | DocKind::WorkPlan => Some(Lifecycle::WorkPackage),
        DocKind::Adr => Some(Lifecycle::Adr),
        DocKind::Analysis | DocKind::Completion | DocKind::Note => None,
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
    /// whichever carries the status (START-HERE.md first).
    #[serde(skip)]
    pub status_doc: Option<usize>,
    /// Indices of every document inside the folder.
    #[serde(skip)]
    pub docs: Vec<usize>,
}

/// Everything under one engineering root.
#[derive(Debug, Clone, Default)]
pub struct PlanTree {
    pub documents: Vec<PlanDoc>,
    pub initiatives: Vec<Initiative>,
    pub diagnostics: Vec<Diagnostic>,
}

impl PlanTree {
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
        PlanTree::assemble(dirs, parse_all(files, config))
    }

    /// The tree from its directory entries and its parsed files, in order.
    fn assemble(dirs: Vec<Entry>, parsed: Vec<Parsed>) -> PlanTree {
        let mut tree = PlanTree {
            documents: Vec::with_capacity(parsed.len()),
            ..PlanTree::default()
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
                    .push(i);
            }
        }
        for init in folders.values_mut() {
            let pick = |name: &str| {
                init.docs.iter().copied().find(|i| {
                    let d = &tree.documents[*i];
                    d.kind == DocKind::Initiative
                        && d.file_name().eq_ignore_ascii_case(name)
                        && d.status.is_some()
                })
            };
            init.status_doc = pick("START-HERE.md").or_else(|| pick("README.md"));
        }
        tree.initiatives = folders.into_values().collect();
        tree
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
fn parse_file(path: String, bytes: &[u8], config: &PlanConfig) -> Parsed {
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
    if doc.is_blank() {
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
    let priority = doc
        .field(document::PRIORITY_KEYS)
        .map(|f| Priority::parse(&f.value));
    let effort = doc
        .field(document::EFFORT_KEYS)
        .map(|f| Effort::parse(&f.value));
    let id = doc_id(
        kind,
        placement.initiative.as_deref(),
        number.as_deref(),
        &path,
    );
    Some(PlanDoc {
        kind,
        initiative: placement.initiative,
        number,
        slug,
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

    pub fn initiative(&self, folder: &str) -> Option<&Initiative> {
        self.initiatives.iter().find(|i| i.folder == folder)
    }

    pub fn initiative_status(&self, init: &Initiative) -> Option<&Status> {
        init.status_doc
            .and_then(|i| self.documents[i].status.as_ref())
    }

    /// Work packages (and work plans) of an initiative, by number.
    pub fn work_packages<'a>(
        &'a self,
        init: &'a Initiative,
    ) -> impl Iterator<Item = (usize, &'a PlanDoc)> + 'a {
        init.docs
            .iter()
            .map(|i| (*i, &self.documents[*i]))
            .filter(|(_, d)| matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan))
    }

    pub fn adrs(&self) -> impl Iterator<Item = (usize, &PlanDoc)> {
        self.documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == DocKind::Adr)
    }

    /// Resolves a dependency reference written in `from` to a document: a
    /// sibling file name, a number within the same initiative, or any id.
    pub fn resolve_dependency(&self, from: &PlanDoc, reference: &str) -> Option<usize> {
        let siblings: &[usize] = from
            .initiative
            .as_deref()
            .and_then(|f| self.initiative(f))
            .map_or(&[], |i| i.docs.as_slice());
        let sibling = |pred: &dyn Fn(&PlanDoc) -> bool| {
            siblings.iter().copied().find(|i| pred(&self.documents[*i]))
        };
        if reference.ends_with(".md") {
            return sibling(&|d| d.file_name() == reference);
        }
        let trimmed = reference
            .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ')
            .trim();
        if let Ok(n) = trimmed.parse::<u32>() {
            if !reference.to_lowercase().starts_with("adr") {
                let hit = sibling(&|d| {
                    matches!(d.kind, DocKind::WorkPackage | DocKind::WorkPlan)
                        && d.number_value() == Some(n)
                });
                // A plain number (`03`, `Phase 03`) names a work package of
                // this initiative and nothing else: it is not looked up
                // across the whole tree, where it could hit an unrelated ADR.
                if hit.is_some() || reference.trim().chars().all(|c| c.is_ascii_digit()) {
                    return hit;
                }
            }
        }
        match crate::id::resolve(self, reference) {
            Ok(crate::id::Target::Document(i)) => Some(i),
            _ => None,
        }
    }
}

fn new_initiative(folder: String) -> Initiative {
    let (date, slug) = split_date(&folder);
    Initiative {
        folder,
        date,
        slug,
        status_doc: None,
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

    /// What a tree holds, in a form that compares.
    fn summary(tree: &PlanTree) -> Vec<String> {
        let docs = tree.documents.iter().map(|d| {
            format!(
                "{} {:?} {:?} {}",
                d.path,
                d.kind,
                d.status.as_ref().map(|s| &s.raw),
                d.doc.checklist.len()
            )
        });
        let initiatives = tree
            .initiatives
            .iter()
            .map(|i| format!("{} {:?} {:?}", i.folder, i.docs, i.status_doc));
        let diagnostics = tree.diagnostics.iter().map(|d| format!("{d:?}"));
        docs.chain(initiatives).chain(diagnostics).collect()
    }

    #[test]
    fn reading_alongside_a_task_reads_the_same_tree_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for i in 0..40 {
            let folder = root.join(format!("artifacts/planning/2026-01-{:02}-x", i % 5 + 1));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join(format!("{:02}-wp-plan.md", i)),
                format!("# WP {i}\n\n**Status:** Draft\n\n- [ ] one\n- [x] two\n"),
            )
            .unwrap();
            std::fs::write(folder.join("START-HERE.md"), "# X\n\n**Status:** Bogus\n").unwrap();
        }
        std::fs::create_dir_all(root.join("artifacts/planning/notes.md")).unwrap();
        std::fs::write(root.join("bad.md"), b"\xff\xfe").unwrap();
        let config = PlanConfig::default();
        let expected = summary(&PlanTree::build(read_work_tree(root).unwrap(), &config));
        assert!(expected.len() > 50, "{expected:?}");
        // A quick task leaves the helper most of the documents, a slow one
        // leaves them all to this thread.
        for pause in [0, 30] {
            let read = read_alongside(root, &config, None, || {
                std::thread::sleep(std::time::Duration::from_millis(pause));
                pause
            });
            assert_eq!(summary(&read.tree.unwrap()), expected);
            assert_eq!(read.task.unwrap(), pause);
        }
    }

    #[test]
    fn unchanged_documents_come_from_the_cache_and_changed_ones_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("eng");
        let cache_dir = dir.path().join("cache");
        let folder = root.join("artifacts/planning/2026-01-01-x");
        std::fs::create_dir_all(&folder).unwrap();
        for i in 1..=30 {
            std::fs::write(
                folder.join(format!("{i:02}-wp-plan.md")),
                format!("# WP {i}\n\n**Status:** Draft\n\n## Success Criteria\n\n- [ ] one\n"),
            )
            .unwrap();
        }
        std::fs::write(folder.join("START-HERE.md"), "# X\n\n**Status:** Odd\n").unwrap();
        std::fs::write(
            root.join("adr.md"),
            "+++\nstatus = \"Accepted\"\n+++\n# A\n",
        )
        .unwrap();
        let config = PlanConfig::default();
        let fresh = || summary(&PlanTree::build(read_work_tree(&root).unwrap(), &config));
        // A clock well after the files were written: all of them are settled.
        let later = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i128
            + 60_000_000_000;
        let run = || {
            let read = read_alongside_with(
                &root,
                &config,
                || (),
                || Some(TreeCache::open_at(&cache_dir, &root, &config, later)),
            );
            if let Some(write) = read.cache_write {
                write.write();
            }
            (summary(&read.tree.unwrap()), read.cache_hits)
        };
        assert_eq!(run(), (fresh(), 0));
        // Everything but the document with front matter is reused.
        assert_eq!(run(), (fresh(), 31));

        // An edit of the same size with the old modification time is seen:
        // the change time moved.
        let wp = folder.join("07-wp-plan.md");
        let mtime = std::fs::metadata(&wp).unwrap().modified().unwrap();
        let text = std::fs::read_to_string(&wp)
            .unwrap()
            .replace("Draft", "Ready");
        std::fs::write(&wp, text).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&wp)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let (tree, hits) = run();
        assert_eq!(tree, fresh());
        assert!(tree
            .iter()
            .any(|l| l.contains("07-wp-plan.md") && l.contains("Ready")));
        assert_eq!(hits, 30);

        // A removed document is gone; a damaged cache file is not used.
        std::fs::remove_file(folder.join("12-wp-plan.md")).unwrap();
        assert_eq!(run(), (fresh(), 30));
        for file in std::fs::read_dir(&cache_dir).unwrap() {
            let path = file.unwrap().path();
            let mut bytes = std::fs::read(&path).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
            std::fs::write(&path, bytes).unwrap();
        }
        assert_eq!(run(), (fresh(), 0));
        assert_eq!(run(), (fresh(), 30));
    }

    #[test]
    fn documents_changed_just_before_the_run_are_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("eng");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("note.md"), "# Note\n").unwrap();
        let config = PlanConfig::default();
        for _ in 0..2 {
            let read = read_alongside_with(
                &root,
                &config,
                || (),
                || Some(TreeCache::open(&dir.path().join("cache"), &root, &config)),
            );
            assert!(read.cache_write.is_none());
            assert_eq!(read.tree.unwrap().documents.len(), 1);
            assert_eq!(read.cache_hits, 0);
        }
    }

    #[test]
    fn reading_alongside_reports_a_missing_root_and_still_runs_the_task() {
        let dir = tempfile::tempdir().unwrap();
        let read = read_alongside(
            &dir.path().join("missing"),
            &PlanConfig::default(),
            None,
            || 7,
        );
        assert!(read.tree.is_err());
        assert_eq!(read.task.unwrap(), 7);
    }
}

//! The cache of parsed work-tree documents, under the git directory
//! (`<common-dir>/git-plan/tree-<key>.bin`). Like git's index it trusts a
//! file's `stat` data: a document whose size, modification and change times,
//! inode and device are those recorded is not read or parsed again. Only
//! documents last changed more than [`SETTLE_SECONDS`] before the run began
//! are recorded, so that an edit within the timestamps' granularity cannot
//! hide behind an unchanged stamp (any later write moves the change time,
//! which no tool can set back). Documents with TOML front matter, or with a
//! problem this file has no code for, are parsed every time. The key covers
//! the cache layout, git-plan's version, the root and the whole
//! configuration; a missing, damaged or foreign file is simply not used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::base::codec::{
    self, index_of, put_int, put_opt_str, put_opt_uint, put_str, put_uint, Reader,
};
use crate::base::text::{LineEnding, LineIndex, Span};
use crate::document::{ChecklistItem, Document, Field, FieldOrigin, Heading, Link, Subtask};
use crate::model::diagnostic::{Diagnostic, Severity};
use crate::model::fields::{Effort, Hours, Priority, PriorityLevel, Size};
use crate::model::kind::DocKind;
use crate::model::lifecycle::{Lifecycle, State};
use crate::model::status::Status;
use crate::tree::plan_tree::{Parsed, PlanDoc};
use crate::workspace::config::PlanConfig;

const CACHE_VERSION: u32 = 3;
const MAGIC: &[u8; 8] = b"gitplanT";

/// How long before a run a document must have last changed to be recorded.
pub const SETTLE_SECONDS: i64 = 3;

/// What `stat` says of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    mtime: i64,
    mtime_ns: i64,
    ctime: i64,
    ctime_ns: i64,
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (following links, as reading does);
    /// `None` where there is no such data (not Unix) or no file.
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(path).ok()?;
            Some(Stamp {
                len: m.len(),
                mtime: m.mtime(),
                mtime_ns: m.mtime_nsec(),
                ctime: m.ctime(),
                ctime_ns: m.ctime_nsec(),
                ino: m.ino(),
                dev: m.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }

    /// Both times before `before` (nanoseconds since the epoch).
    fn settled(&self, before: i128) -> bool {
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        ns(self.mtime, self.mtime_ns) < before && ns(self.ctime, self.ctime_ns) < before
    }

    fn put(&self, out: &mut Vec<u8>) {
        put_uint(out, self.len);
        for n in [self.mtime, self.mtime_ns, self.ctime, self.ctime_ns] {
            put_int(out, n);
        }
        put_uint(out, self.ino);
        put_uint(out, self.dev);
    }

    fn get(r: &mut Reader<'_>) -> Option<Stamp> {
        Some(Stamp {
            len: r.uint()?,
            mtime: r.int()?,
            mtime_ns: r.int()?,
            ctime: r.int()?,
            ctime_ns: r.int()?,
            ino: r.uint()?,
            dev: r.uint()?,
        })
    }
}

/// One document for the next cache file: its stamp and encoded parse,
/// either new or where it lies in the file read at the start.
pub(crate) struct Record {
    stamp: Stamp,
    bytes: Encoded,
}

enum Encoded {
    New(Vec<u8>),
    Reused(std::ops::Range<usize>),
}

/// The cache as read at the start of a run.
pub(crate) struct TreeCache {
    path: PathBuf,
    key: String,
    /// The run began at this time (nanoseconds since the epoch).
    started: i128,
    /// The file as read, and each document's stamp and encoded parse in it.
    file: Vec<u8>,
    entries: HashMap<String, (Stamp, std::ops::Range<usize>)>,
    hits: std::sync::atomic::AtomicUsize,
}

impl TreeCache {
    /// Opens the cache for `root` and `config` in `dir`, empty when there is
    /// none or it cannot be used, for a run that began at `started`
    /// (nanoseconds since the epoch): only files last changed well before
    /// then are recorded for the next run.
    pub(crate) fn open(dir: &Path, root: &Path, config: &PlanConfig, started: i128) -> TreeCache {
        let key = codec::fnv_hex(&format!(
            "v{CACHE_VERSION}\0{}\0{}\0{config:?}",
            env!("CARGO_PKG_VERSION"),
            root.display()
        ));
        let path = dir.join(format!("tree-{}.bin", &key[..16]));
        let file = codec::read_file(&path).unwrap_or_default();
        let entries = read_entries(&file, &key).unwrap_or_default();
        TreeCache {
            path,
            key,
            started,
            file,
            entries,
            hits: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// How many documents came from the cache in this run.
    pub(crate) fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The parse recorded for `path` if its file still has `stamp`.
    pub(crate) fn get(&self, path: &str, stamp: &Stamp) -> Option<(Parsed, Record)> {
        let (recorded, range) = self.entries.get(path)?;
        if recorded != stamp {
            return None;
        }
        let parsed = decode_parsed(self.file.get(range.clone())?, path)?;
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let record = Record {
            stamp: *stamp,
            bytes: Encoded::Reused(range.clone()),
        };
        Some((parsed, record))
    }

    /// A record of a fresh parse, when it may be kept.
    pub(crate) fn record(&self, stamp: Stamp, parsed: &Parsed) -> Option<Record> {
        if !stamp.settled(self.started - i128::from(SETTLE_SECONDS) * 1_000_000_000) {
            return None;
        }
        let mut bytes = Vec::with_capacity(1024);
        encode_parsed(parsed, &mut bytes)?;
        Some(Record {
            stamp,
            bytes: Encoded::New(bytes),
        })
    }

    /// The next cache file for these records (path order), or `None` when
    /// it would hold what the current one does. Encoding and writing it are
    /// left to the caller, who can do both off the path to the output.
    pub(crate) fn update(self, records: Vec<(String, Option<Record>)>) -> Option<TreeCacheWrite> {
        let kept = records.iter().filter(|(_, r)| r.is_some()).count();
        let unchanged = kept == self.entries.len()
            && records.iter().all(|(_, r)| {
                r.as_ref()
                    .is_none_or(|r| matches!(r.bytes, Encoded::Reused(_)))
            });
        if unchanged {
            return None;
        }
        Some(TreeCacheWrite {
            path: self.path,
            key: self.key,
            old: self.file,
            records,
        })
    }
}

/// A cache file of parsed documents to write.
pub struct TreeCacheWrite {
    path: PathBuf,
    key: String,
    /// The file read at the start, which reused records point into.
    old: Vec<u8>,
    records: Vec<(String, Option<Record>)>,
}

impl std::fmt::Debug for TreeCacheWrite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TreeCacheWrite")
            .field("path", &self.path)
            .field("records", &self.records.len())
            .finish()
    }
}

impl TreeCacheWrite {
    fn encode(&self) -> Option<Vec<u8>> {
        let kept = self.records.iter().filter(|(_, r)| r.is_some()).count();
        let mut payload = Vec::with_capacity(self.old.len() + 4096);
        put_uint(&mut payload, kept as u64);
        for (path, record) in &self.records {
            let Some(r) = record else { continue };
            let bytes = match &r.bytes {
                Encoded::New(bytes) => bytes.as_slice(),
                Encoded::Reused(range) => self.old.get(range.clone())?,
            };
            put_str(&mut payload, path);
            r.stamp.put(&mut payload);
            put_uint(&mut payload, bytes.len() as u64);
            payload.extend_from_slice(bytes);
        }
        Some(codec::frame(MAGIC, CACHE_VERSION, &self.key, &payload))
    }

    /// Best effort, like the history cache: a cache that cannot be written
    /// is simply not there next time.
    pub fn write(&self) {
        if let Some(bytes) = self.encode() {
            codec::write_file(&self.path, &bytes);
        }
    }
}

fn read_entries(
    bytes: &[u8],
    key: &str,
) -> Option<HashMap<String, (Stamp, std::ops::Range<usize>)>> {
    let payload = codec::unframe(bytes, MAGIC, CACHE_VERSION, key)?;
    // Ranges are into the whole file, whose end the payload is.
    let base = bytes.len() - payload.len();
    let mut r = Reader::new(payload);
    let count = r.len()?;
    let mut entries = HashMap::with_capacity(count);
    for _ in 0..count {
        let path = r.string()?;
        let stamp = Stamp::get(&mut r)?;
        let len = r.len()?;
        let start = base + r.pos;
        r.take(len)?;
        entries.insert(path, (stamp, start..start + len));
    }
    r.at_end().then_some(entries)
}

// The encoding of a parse. Enums are stored as their index in these lists;
// a value missing from a list makes the document uncacheable, not wrong.

const KINDS: [DocKind; 8] = DocKind::ALL;
const STATES: [State; 19] = [
    State::ScopeAssessment,
    State::PlanningFolder,
    State::Analysis,
    State::WorkPackagePlanning,
    State::Prioritization,
    State::RoadmapFinalized,
    State::Implementation,
    State::Draft,
    State::Ready,
    State::InProgress,
    State::Blocked,
    State::Complete,
    State::Deferred,
    State::Cancelled,
    State::Proposed,
    State::Accepted,
    State::Rejected,
    State::Deprecated,
    State::Superseded,
];
const LEVELS: [PriorityLevel; 6] = [
    PriorityLevel::Critical,
    PriorityLevel::High,
    PriorityLevel::MediumHigh,
    PriorityLevel::Medium,
    PriorityLevel::MediumLow,
    PriorityLevel::Low,
];
const SIZES: [Size; 3] = [Size::Small, Size::Medium, Size::Large];
const ORIGINS: [FieldOrigin; 7] = [
    FieldOrigin::Header,
    FieldOrigin::FrontMatter,
    FieldOrigin::Section,
    FieldOrigin::Blockquote,
    FieldOrigin::Heading,
    FieldOrigin::Table,
    FieldOrigin::Body,
];
const SEVERITIES: [Severity; 2] = [Severity::Warning, Severity::Error];
/// The problems parsing one file can find.
const CODES: [&str; 4] = [
    "not-utf8",
    "empty-file",
    "unknown-status",
    "malformed-front-matter",
];

fn put_enum<T: PartialEq>(out: &mut Vec<u8>, all: &[T], value: &T) -> Option<()> {
    out.push(index_of(all, value)?);
    Some(())
}

fn get_enum<T: Copy>(r: &mut Reader<'_>, all: &[T]) -> Option<T> {
    all.get(usize::from(r.byte()?)).copied()
}

fn put_opt_enum<T: PartialEq>(out: &mut Vec<u8>, all: &[T], value: Option<&T>) -> Option<()> {
    match value {
        None => out.push(0),
        Some(v) => out.push(index_of(all, v)?.checked_add(1)?),
    }
    Some(())
}

fn get_opt_enum<T: Copy>(r: &mut Reader<'_>, all: &[T]) -> Option<Option<T>> {
    match r.byte()? {
        0 => Some(None),
        i => all.get(usize::from(i - 1)).copied().map(Some),
    }
}

fn put_usize(out: &mut Vec<u8>, n: usize) {
    put_uint(out, n as u64);
}

fn put_opt_usize(out: &mut Vec<u8>, n: Option<usize>) {
    put_opt_uint(out, n.map(|n| n as u64));
}

fn get_usize(r: &mut Reader<'_>) -> Option<usize> {
    usize::try_from(r.uint()?).ok()
}

fn get_opt_usize(r: &mut Reader<'_>) -> Option<Option<usize>> {
    match r.opt_uint()? {
        None => Some(None),
        Some(n) => usize::try_from(n).ok().map(Some),
    }
}

fn put_flag(out: &mut Vec<u8>, b: bool) {
    out.push(u8::from(b));
}

fn put_opt_flag(out: &mut Vec<u8>, b: Option<bool>) {
    out.push(match b {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    });
}

fn get_opt_flag(r: &mut Reader<'_>) -> Option<Option<bool>> {
    match r.byte()? {
        0 => Some(None),
        1 => Some(Some(false)),
        2 => Some(Some(true)),
        _ => None,
    }
}

fn put_span(out: &mut Vec<u8>, s: &Span) {
    for n in [s.start, s.end, s.line, s.column] {
        put_usize(out, n);
    }
}

fn get_span(r: &mut Reader<'_>) -> Option<Span> {
    Some(Span {
        start: get_usize(r)?,
        end: get_usize(r)?,
        line: get_usize(r)?,
        column: get_usize(r)?,
    })
}

fn put_list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut put: impl FnMut(&mut Vec<u8>, &T) -> Option<()>,
) -> Option<()> {
    put_usize(out, items.len());
    for item in items {
        put(out, item)?;
    }
    Some(())
}

fn get_list<T>(
    r: &mut Reader<'_>,
    mut get: impl FnMut(&mut Reader<'_>) -> Option<T>,
) -> Option<Vec<T>> {
    let n = r.len()?;
    let mut out = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        out.push(get(r)?);
    }
    Some(out)
}

fn put_field(out: &mut Vec<u8>, f: &Field) -> Option<()> {
    put_str(out, &f.key);
    put_str(out, &f.name);
    put_str(out, &f.value);
    put_span(out, &f.span);
    put_enum(out, &ORIGINS, &f.origin)
}

fn get_field(r: &mut Reader<'_>) -> Option<Field> {
    Some(Field {
        key: r.string()?,
        name: r.string()?,
        value: r.string()?,
        span: get_span(r)?,
        origin: get_enum(r, &ORIGINS)?,
    })
}

fn encode_parsed(parsed: &Parsed, out: &mut Vec<u8>) -> Option<()> {
    let (doc, diagnostics) = parsed;
    put_list(out, diagnostics, |out, d| {
        put_enum(out, &SEVERITIES, &d.severity)?;
        put_enum(out, &CODES, &d.code)?;
        put_str(out, &d.path);
        put_opt_usize(out, d.line);
        put_opt_usize(out, d.column);
        put_str(out, &d.message);
        put_opt_str(out, d.hint.as_deref());
        Some(())
    })?;
    let Some(d) = doc else {
        out.push(0);
        return Some(());
    };
    out.push(1);
    if d.doc.front_matter.is_some() {
        return None;
    }
    put_str(out, &d.path);
    put_enum(out, &KINDS, &d.kind)?;
    put_opt_str(out, d.initiative.as_deref());
    put_opt_str(out, d.number.as_deref());
    put_str(out, &d.slug);
    put_str(out, &d.id);
    match &d.status {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, &s.raw);
            put_opt_enum(out, &STATES, s.state.as_ref())?;
            put_opt_flag(out, s.verified);
            put_opt_uint(out, s.superseded_by.map(u64::from));
            put_opt_enum(out, &Lifecycle::ALL, s.foreign.as_ref())?;
        }
    }
    match &d.priority {
        None => out.push(0),
        Some(p) => {
            out.push(1);
            put_str(out, &p.raw);
            put_opt_enum(out, &LEVELS, p.level.as_ref())?;
            put_opt_str(out, p.note.as_deref());
        }
    }
    match &d.effort {
        None => out.push(0),
        Some(e) => {
            out.push(1);
            put_str(out, &e.raw);
            for hours in [&e.agentic, &e.review] {
                match hours {
                    None => out.push(0),
                    Some(h) => {
                        out.push(1);
                        out.extend_from_slice(&h.low.to_bits().to_le_bytes());
                        out.extend_from_slice(&h.high.to_bits().to_le_bytes());
                    }
                }
            }
            put_opt_enum(out, &SIZES, e.size.as_ref())?;
        }
    }
    let doc = &d.doc;
    put_str(out, &doc.text);
    put_opt_str(out, doc.title.as_deref());
    put_list(out, &doc.fields, put_field)?;
    put_list(out, &doc.headings, |out, h| {
        out.push(h.level);
        put_str(out, &h.text);
        put_str(out, &h.name);
        put_span(out, &h.span);
        put_usize(out, h.section_end);
        Some(())
    })?;
    put_list(out, &doc.checklist, |out, c| {
        put_flag(out, c.checked);
        put_str(out, &c.text);
        put_span(out, &c.marker);
        put_opt_usize(out, c.heading);
        Some(())
    })?;
    put_list(out, &doc.links, |out, l| {
        put_str(out, &l.target);
        put_span(out, &l.span);
        put_opt_usize(out, l.heading);
        Some(())
    })?;
    put_list(out, &doc.subtasks, |out, s| {
        put_str(out, &s.id);
        put_str(out, &s.title);
        put_usize(out, s.heading);
        put_list(out, &s.fields, put_field)?;
        put_list(out, &s.depends_on, |out, d| {
            put_str(out, d);
            Some(())
        })
    })?;
    Some(())
}

fn decode_parsed(bytes: &[u8], path: &str) -> Option<Parsed> {
    let mut r = Reader::new(bytes);
    let diagnostics = get_list(&mut r, |r| {
        Some(Diagnostic {
            severity: get_enum(r, &SEVERITIES)?,
            code: get_enum(r, &CODES)?,
            path: r.string()?,
            line: get_opt_usize(r)?,
            column: get_opt_usize(r)?,
            message: r.string()?,
            hint: r.opt_string()?,
        })
    })?;
    if !r.flag()? {
        return r.at_end().then_some((None, diagnostics));
    }
    let doc_path = r.string()?;
    if doc_path != path {
        return None;
    }
    let kind = get_enum(&mut r, &KINDS)?;
    let initiative = r.opt_string()?;
    let number = r.opt_string()?;
    let slug = r.string()?;
    let id = r.string()?;
    let status = match r.flag()? {
        false => None,
        true => Some(Status {
            raw: r.string()?,
            state: get_opt_enum(&mut r, &STATES)?,
            verified: get_opt_flag(&mut r)?,
            superseded_by: match r.opt_uint()? {
                None => None,
                Some(n) => Some(u32::try_from(n).ok()?),
            },
            foreign: get_opt_enum(&mut r, &Lifecycle::ALL)?,
        }),
    };
    let priority = match r.flag()? {
        false => None,
        true => Some(Priority {
            raw: r.string()?,
            level: get_opt_enum(&mut r, &LEVELS)?,
            note: r.opt_string()?,
        }),
    };
    let effort = match r.flag()? {
        false => None,
        true => {
            let raw = r.string()?;
            let mut hours = [None, None];
            for h in &mut hours {
                if r.flag()? {
                    let low = f64::from_bits(u64::from_le_bytes(r.take(8)?.try_into().ok()?));
                    let high = f64::from_bits(u64::from_le_bytes(r.take(8)?.try_into().ok()?));
                    *h = Some(Hours { low, high });
                }
            }
            let [agentic, review] = hours;
            Some(Effort {
                raw,
                agentic,
                review,
                size: get_opt_enum(&mut r, &SIZES)?,
            })
        }
    };
    let text = r.string()?;
    let title = r.opt_string()?;
    let fields = get_list(&mut r, get_field)?;
    let headings = get_list(&mut r, |r| {
        Some(Heading {
            level: r.byte()?,
            text: r.string()?,
            name: r.string()?,
            span: get_span(r)?,
            section_end: get_usize(r)?,
        })
    })?;
    let checklist = get_list(&mut r, |r| {
        Some(ChecklistItem {
            checked: r.flag()?,
            text: r.string()?,
            marker: get_span(r)?,
            heading: get_opt_usize(r)?,
        })
    })?;
    let links = get_list(&mut r, |r| {
        Some(Link {
            target: r.string()?,
            span: get_span(r)?,
            heading: get_opt_usize(r)?,
        })
    })?;
    let subtasks = get_list(&mut r, |r| {
        Some(Subtask {
            id: r.string()?,
            title: r.string()?,
            heading: get_usize(r)?,
            fields: get_list(r, get_field)?,
            depends_on: get_list(r, |r| r.string())?,
        })
    })?;
    if !r.at_end() {
        return None;
    }
    let doc = Document {
        line_ending: LineEnding::detect(&text),
        lines: LineIndex::new(&text),
        text,
        title,
        front_matter: None,
        fields,
        headings,
        checklist,
        links,
        subtasks,
    };
    let plan_doc = PlanDoc {
        path: doc_path,
        kind,
        initiative,
        number,
        slug,
        doc,
        status,
        priority,
        effort,
        id,
    };
    Some((Some(plan_doc), diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every document of a varied tree survives the encoding unchanged.
    #[test]
    fn a_parse_comes_back_as_it_went_in() {
        let texts = [
            ("artifacts/planning/2026-01-01-x/START-HERE.md", "# X\n\n**Status:** Implementation\n"),
            (
                "artifacts/planning/2026-01-01-x/01-a-plan.md",
                "# Phase 01: A\r\n\r\n**Status:** ✅ Complete (unverified)\r\n**Priority:** HIGH (blocks 02)\r\n**Estimated Effort:** 2-4h agentic + 1h review\r\n**Depends on:** [02](02-b-plan.md)\r\n\r\n## Success Criteria\r\n\r\n- [x] one\r\n- [ ] two\r\n\r\n## Rollback Plan\r\n\r\nRevert.\r\n",
            ),
            (
                "artifacts/planning/2026-01-01-x/02-b-plan.md",
                "# B\n\n**Status:** Bogus\n**Effort:** Small\n\n### ST1: First\n- **Dependencies**: none\n\n### ST2: Second\n- **Dependencies**: ST1\n",
            ),
            ("artifacts/adr/0001-a.md", "# 1. A\n\n## Status\n\nSuperseded by [ADR 2](0002-b.md)\n"),
            ("artifacts/notes.md", ""),
        ];
        let tree = crate::tree::plan_tree::PlanTree::from_texts(&texts);
        assert!(!tree.diagnostics.is_empty());
        for doc in &tree.documents {
            let diagnostics: Vec<Diagnostic> = tree
                .diagnostics
                .iter()
                .filter(|d| d.path == doc.path)
                .cloned()
                .collect();
            let parsed: Parsed = (Some(doc.clone()), diagnostics);
            let mut bytes = Vec::new();
            encode_parsed(&parsed, &mut bytes).unwrap();
            let back = decode_parsed(&bytes, &doc.path).unwrap();
            assert_eq!(format!("{back:?}"), format!("{parsed:?}"), "{}", doc.path);
            // Cut short or read for another path, it is not used.
            assert!(decode_parsed(&bytes[..bytes.len() - 1], &doc.path).is_none());
            assert!(decode_parsed(&bytes, "other.md").is_none());
        }
    }

    #[test]
    fn a_document_with_front_matter_is_not_recorded() {
        let tree = crate::tree::plan_tree::PlanTree::from_texts(&[(
            "artifacts/adr/0001-a.md",
            "+++\nstatus = \"Accepted\"\n+++\n# 1. A\n",
        )]);
        let parsed: Parsed = (Some(tree.documents[0].clone()), Vec::new());
        assert!(encode_parsed(&parsed, &mut Vec::new()).is_none());
    }
}

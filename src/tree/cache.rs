//! The cache of the work tree's documents for `status`, under the git
//! directory (`<common-dir>/git-plan/tree-<key>.bin`): per document what
//! `status` reads of it (a [`PlanDoc`] without its parse: kind, ids,
//! status, priority, effort, its [`Summary`]) and the problems found in
//! it, not the document itself, so the file is a small fraction of the
//! Markdown it stands for. Like git's index it trusts a file's `stat` data:
//! a document whose size, modification and change times, inode and device
//! are those recorded is not read or parsed again. Only documents last
//! changed more than [`SETTLE_SECONDS`] before the run began are recorded,
//! so that an edit within the timestamps' granularity cannot hide behind an
//! unchanged stamp (any later write moves the change time, which no tool
//! can set back). A document with a problem this file has no code for is
//! parsed every time. The key covers the cache layout, git-plan's version,
//! the root and the whole configuration; a missing, damaged or foreign file
//! is simply not used.

use std::path::{Path, PathBuf};

use crate::base::codec::{
    self, index_of, put_int, put_opt_str, put_opt_uint, put_str, put_uint, Reader,
};
use crate::document::summary::{Placeholder, Progress, StatusLine, Summary};
use crate::document::DependencyRef;
use crate::model::diagnostic::{Diagnostic, Severity};
use crate::model::fields::{Effort, Hours, Priority, PriorityLevel, Size};
use crate::model::kind::DocKind;
use crate::model::lifecycle::{Lifecycle, State};
use crate::model::status::Status;
use crate::tree::listing::Stamp;
use crate::tree::plan_tree::{Parsed, PlanDoc};
use crate::workspace::config::PlanConfig;

const CACHE_VERSION: u32 = 6;
const MAGIC: &[u8; 8] = b"gitplanT";

/// How long before a run a document must have last changed to be recorded.
pub const SETTLE_SECONDS: i64 = 3;

/// One document for the next cache file: its stamp and encoded summary,
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
    /// The file as read, and where each document's path and encoded summary
    /// lie in it, with its stamp, in path order.
    file: Vec<u8>,
    entries: Vec<Entry>,
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

    /// Whether a summary is recorded for `path` with `stamp`.
    pub(crate) fn holds(&self, path: &str, stamp: &Stamp) -> bool {
        self.entry(path).is_some_and(|e| e.stamp == *stamp)
    }

    fn entry(&self, path: &str) -> Option<&Entry> {
        let found = self
            .entries
            .binary_search_by(|e| self.file[e.path.clone()].cmp(path.as_bytes()))
            .ok()?;
        self.entries.get(found)
    }

    /// The summary recorded for `path` if its file still has `stamp`.
    pub(crate) fn get(&self, path: &str, stamp: &Stamp) -> Option<(Parsed<()>, Record)> {
        let Entry {
            stamp: recorded,
            summary: range,
            ..
        } = self.entry(path)?;
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
    pub(crate) fn record(&self, path: &str, stamp: Stamp, parsed: &Parsed<()>) -> Option<Record> {
        if !stamp.settled(self.started - i128::from(SETTLE_SECONDS) * 1_000_000_000) {
            return None;
        }
        let mut bytes = Vec::with_capacity(256);
        encode_parsed(parsed, path, &mut bytes)?;
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

/// A cache file of document summaries to write.
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
            put_stamp(&mut payload, &r.stamp);
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

/// One document recorded in a cache file: ranges into the file.
struct Entry {
    path: std::ops::Range<usize>,
    stamp: Stamp,
    summary: std::ops::Range<usize>,
}

/// The documents of a cache file, `None` unless it is one for `key`, whole,
/// and in path order (as it is written).
fn read_entries(bytes: &[u8], key: &str) -> Option<Vec<Entry>> {
    let payload = codec::unframe(bytes, MAGIC, CACHE_VERSION, key)?;
    // Ranges are into the whole file, whose end the payload is.
    let base = bytes.len() - payload.len();
    let mut r = Reader::new(payload);
    let count = r.len()?;
    let mut entries: Vec<Entry> = Vec::with_capacity(count);
    for _ in 0..count {
        let len = r.len()?;
        let path = base + r.pos..base + r.pos + len;
        std::str::from_utf8(r.take(len)?).ok()?;
        let stamp = get_stamp(&mut r)?;
        let len = r.len()?;
        let start = base + r.pos;
        r.take(len)?;
        if entries
            .last()
            .is_some_and(|last| bytes[last.path.clone()] >= bytes[path.clone()])
        {
            return None;
        }
        entries.push(Entry {
            path,
            stamp,
            summary: start..start + len,
        });
    }
    r.at_end().then_some(entries)
}

/// A stamp as the caches write it (the tree cache's documents, the
/// findings cache's listing).
pub(crate) fn put_stamp(out: &mut Vec<u8>, s: &Stamp) {
    put_uint(out, s.len);
    for n in [s.mtime, s.mtime_ns, s.ctime, s.ctime_ns] {
        put_int(out, n);
    }
    put_uint(out, s.ino);
    put_uint(out, s.dev);
}

fn get_stamp(r: &mut Reader<'_>) -> Option<Stamp> {
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

// The encoding of a summarised document. Enums are stored as their index
// in these lists; a value missing from a list makes the document
// uncacheable, not wrong.

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

fn put_progress(out: &mut Vec<u8>, p: &Progress) {
    put_usize(out, p.done);
    put_usize(out, p.total);
}

fn get_progress(r: &mut Reader<'_>) -> Option<Progress> {
    Some(Progress {
        done: get_usize(r)?,
        total: get_usize(r)?,
    })
}

/// The path of a document, and of its diagnostics, is the record's: not
/// stored again.
fn encode_parsed(parsed: &Parsed<()>, path: &str, out: &mut Vec<u8>) -> Option<()> {
    let (doc, diagnostics) = parsed;
    put_usize(out, diagnostics.len());
    for d in diagnostics {
        if d.path != path {
            return None;
        }
        put_enum(out, &SEVERITIES, &d.severity)?;
        put_enum(out, &CODES, &d.code)?;
        put_opt_usize(out, d.line);
        put_opt_usize(out, d.column);
        put_str(out, &d.message);
        put_opt_str(out, d.hint.as_deref());
    }
    let Some(d) = doc else {
        out.push(0);
        return Some(());
    };
    if d.path != path {
        return None;
    }
    out.push(1);
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
    let summary = &d.summary;
    put_opt_str(out, summary.title.as_deref());
    put_usize(out, summary.statements.len());
    for s in &summary.statements {
        put_str(out, &s.value);
        put_usize(out, s.line);
        put_usize(out, s.column);
    }
    put_progress(out, &summary.checklist);
    match &summary.success_criteria {
        None => out.push(0),
        Some(p) => {
            out.push(1);
            put_progress(out, p);
        }
    }
    out.push(u8::from(summary.has_rollback_plan));
    put_usize(out, summary.dependencies.len());
    for r in &summary.dependencies {
        put_str(out, &r.reference);
        put_usize(out, r.line);
    }
    put_usize(out, summary.placeholders.len());
    for p in &summary.placeholders {
        put_str(out, &p.key);
        put_str(out, &p.name);
        put_str(out, &p.placeholder);
        put_usize(out, p.line);
    }
    put_opt_str(out, summary.date.as_deref());
    put_usize(out, summary.supersedes.len());
    for n in &summary.supersedes {
        put_uint(out, u64::from(*n));
    }
    Some(())
}

fn decode_parsed(bytes: &[u8], path: &str) -> Option<Parsed<()>> {
    let mut r = Reader::new(bytes);
    let count = r.len()?;
    let mut diagnostics = Vec::with_capacity(count);
    for _ in 0..count {
        diagnostics.push(Diagnostic {
            severity: get_enum(&mut r, &SEVERITIES)?,
            code: get_enum(&mut r, &CODES)?,
            path: path.to_string(),
            line: get_opt_usize(&mut r)?,
            column: get_opt_usize(&mut r)?,
            message: r.string()?,
            hint: r.opt_string()?,
        });
    }
    if !r.flag()? {
        return r.at_end().then_some((None, diagnostics));
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
    let title = r.opt_string()?;
    let count = r.len()?;
    let mut statements = Vec::with_capacity(count);
    for _ in 0..count {
        statements.push(StatusLine {
            value: r.string()?,
            line: get_usize(&mut r)?,
            column: get_usize(&mut r)?,
        });
    }
    let checklist = get_progress(&mut r)?;
    let success_criteria = match r.flag()? {
        false => None,
        true => Some(get_progress(&mut r)?),
    };
    let has_rollback_plan = r.flag()?;
    let count = r.len()?;
    let mut dependencies = Vec::with_capacity(count);
    for _ in 0..count {
        dependencies.push(DependencyRef {
            reference: r.string()?,
            line: get_usize(&mut r)?,
        });
    }
    let count = r.len()?;
    let mut placeholders = Vec::with_capacity(count);
    for _ in 0..count {
        placeholders.push(Placeholder {
            key: r.string()?,
            name: r.string()?,
            placeholder: r.string()?,
            line: get_usize(&mut r)?,
        });
    }
    let date = r.opt_string()?;
    let count = r.len()?;
    let mut supersedes = Vec::with_capacity(count);
    for _ in 0..count {
        supersedes.push(u32::try_from(r.uint()?).ok()?);
    }
    if !r.at_end() {
        return None;
    }
    let plan_doc = PlanDoc {
        path: path.to_string(),
        kind,
        initiative,
        number,
        slug,
        doc: (),
        summary: Summary {
            title,
            statements,
            checklist,
            success_criteria,
            has_rollback_plan,
            dependencies,
            placeholders,
            date,
            supersedes,
        },
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
    fn a_summary_comes_back_as_it_went_in() {
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
            ("artifacts/adr/0002-b.md", "+++\nstatus = \"Accepted\"\n+++\n# 2. B\n\n**Date:** 2026-01-02\n**Supersedes:** [ADR 0001](0001-a.md)\n"),
            ("artifacts/adr/0003-c.md", "+++\nstatus = \n+++\n# 3. C\n"),
            ("artifacts/notes.md", ""),
        ];
        let tree = crate::tree::plan_tree::PlanTree::from_texts(&texts);
        assert!(tree
            .diagnostics
            .iter()
            .any(|d| d.code == "malformed-front-matter"));
        assert!(tree.diagnostics.iter().any(|d| d.code == "unknown-status"));
        for doc in &tree.documents {
            let diagnostics: Vec<Diagnostic> = tree
                .diagnostics
                .iter()
                .filter(|d| d.path == doc.path)
                .cloned()
                .collect();
            let parsed: Parsed<()> = (Some(doc.clone().summarised()), diagnostics);
            let mut bytes = Vec::new();
            encode_parsed(&parsed, &doc.path, &mut bytes).unwrap();
            let back = decode_parsed(&bytes, &doc.path).unwrap();
            assert_eq!(format!("{back:?}"), format!("{parsed:?}"), "{}", doc.path);
            // Cut short, it is not used.
            assert!(decode_parsed(&bytes[..bytes.len() - 1], &doc.path).is_none());
            // Recorded for another path, it is not recorded.
            assert!(encode_parsed(&parsed, "other.md", &mut Vec::new()).is_none());
        }
    }

    /// A file whose documents are out of path order (not one this code
    /// wrote) is not used: a lookup by bisection could miss in it.
    #[test]
    fn a_file_out_of_path_order_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let config = PlanConfig::default();
        let paths = ["a.md", "b.md"];
        let tree = crate::tree::plan_tree::PlanTree::from_texts(&[
            (paths[0], "# A\n"),
            (paths[1], "# B\n"),
        ]);
        for path in paths {
            std::fs::write(dir.path().join(path), "x").unwrap();
        }
        let later = i128::from(i64::MAX);
        let stamp = |p: &str| Stamp::of(&dir.path().join(p)).unwrap();
        let write = |order: [usize; 2]| {
            let cache = TreeCache::open(dir.path(), dir.path(), &config, later);
            let records = order
                .iter()
                .map(|&i| {
                    let parsed = (Some(tree.documents[i].clone().summarised()), Vec::new());
                    let record = cache.record(paths[i], stamp(paths[i]), &parsed);
                    (paths[i].to_string(), record)
                })
                .collect();
            cache.update(records).unwrap().write();
        };
        let hits = || {
            let cache = TreeCache::open(dir.path(), dir.path(), &config, later);
            paths
                .iter()
                .filter(|p| cache.get(p, &stamp(p)).is_some())
                .count()
        };
        write([0, 1]);
        assert_eq!(hits(), 2);
        write([1, 0]);
        assert_eq!(hits(), 0);
    }

    /// The cache keeps what `status` reads, not the text: a fraction of it.
    #[test]
    fn a_summary_is_a_fraction_of_its_document() {
        let body = "Some prose about the plan, long enough to be a paragraph.\n\n".repeat(40);
        let text = format!(
            "# Phase 01: A\n\n**Status:** Ready\n**Priority:** HIGH\n\n## Overview\n\n{body}## Success Criteria\n\n- [x] one\n- [ ] two\n\n## Rollback Plan\n\nRevert.\n"
        );
        let path = "artifacts/planning/2026-01-01-x/01-a-plan.md";
        let tree = crate::tree::plan_tree::PlanTree::from_texts(&[(path, text.as_str())]);
        let parsed: Parsed<()> = (Some(tree.documents[0].clone().summarised()), Vec::new());
        let mut bytes = Vec::new();
        encode_parsed(&parsed, path, &mut bytes).unwrap();
        assert!(
            bytes.len() * 20 < text.len(),
            "{} of {}",
            bytes.len(),
            text.len()
        );
    }
}

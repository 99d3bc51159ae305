//! The incremental history cache, under the git directory
//! (`<common-dir>/git-plan/history-<key>.bin`). Keyed by what the history
//! depends on besides the tip (root, walk mode, patterns, shallow boundary)
//! and holding the tip it was read at: a later run on a descendant reads
//! only the new commits. A missing, stale or
//! corrupt cache is rebuilt silently, and the cache holds only what history
//! alone determines (raw statuses, not their normalisation), so it can never
//! change an answer.

use std::path::{Path, PathBuf};

use crate::base::codec::{self, put_int, put_uint, Reader};
use crate::history::walk::{
    self as history, ChangeKind, CommitInfo, Event, History, HistoryError, HistoryQuery,
};
use gix::{ObjectId, Repository};

/// Bumped whenever the layout below or the meaning of what it holds changes
/// (4: every status statement of a version with more than one, and the
/// modifications that change only a later one).
const CACHE_VERSION: u32 = 4;
const MAGIC: &[u8; 8] = b"gitplanH";

/// Reads the history at `tip`, through the cache in `dir` when given,
/// leaving the writing of the cache to the caller (who can
/// do it while it uses the history): the write is `None` when the cache
/// already held this history or no cache is used.
pub fn read_deferred(
    repo: &Repository,
    tip: ObjectId,
    query: &HistoryQuery<'_>,
    dir: Option<&Path>,
) -> Result<(History, Option<CacheWrite>), HistoryError> {
    match dir {
        None => Ok((history::read(repo, tip, query, None)?, None)),
        Some(dir) => Cached::load(repo, query, dir).read(repo, tip, query),
    }
}

/// The cache file for a repository and query, as loaded.
#[derive(Debug)]
pub struct Cached {
    /// Its history, `None` when there is none (or it was damaged).
    history: Option<History>,
    path: PathBuf,
    key: String,
}

impl Cached {
    /// Loads the cache file in `dir` for `repo` and `query`.
    pub fn load(repo: &Repository, query: &HistoryQuery<'_>, dir: &Path) -> Cached {
        let key = cache_key(repo, query);
        let path = dir.join(format!("history-{}.bin", &key[..16]));
        Cached {
            history: load(&path, &key),
            path,
            key,
        }
    }

    /// Whether it holds the history read at `tip`: nothing to walk, and
    /// nothing of the object database to open.
    pub fn is_at(&self, tip: ObjectId) -> bool {
        let tip_hex = tip.to_string();
        self.history
            .as_ref()
            .is_some_and(|h| h.tip.as_deref() == Some(tip_hex.as_str()))
    }

    /// Its history, whatever its tip.
    pub fn into_history(self) -> Option<History> {
        self.history
    }

    /// The history at `tip`: this one when it is at `tip`, else read on
    /// from it (or from nothing) and to be written back (see
    /// [`read_deferred`]).
    pub fn read(
        self,
        repo: &Repository,
        tip: ObjectId,
        query: &HistoryQuery<'_>,
    ) -> Result<(History, Option<CacheWrite>), HistoryError> {
        if self.is_at(tip) {
            return Ok((self.history.unwrap_or_default(), None));
        }
        let history = history::read(repo, tip, query, self.history)?;
        let write = CacheWrite {
            path: self.path,
            key: self.key,
        };
        Ok((history, Some(write)))
    }
}

/// A cache file to write for a history just read.
#[derive(Debug)]
pub struct CacheWrite {
    path: PathBuf,
    key: String,
}

impl CacheWrite {
    /// Best effort: a cache that cannot be written is simply not there next
    /// time.
    pub fn write(&self, history: &History) {
        // A history missing what a partial clone could not fetch is no
        // answer to keep.
        if !history.unread.is_empty() {
            return;
        }
        codec::write_file(&self.path, &encode(history, &self.key));
    }
}

fn load(path: &Path, key: &str) -> Option<History> {
    let bytes = codec::read_file(path)?;
    decode(&bytes, key)
}

/// The file: magic, version, key, a checksum of the payload, the payload.
/// The payload is a string table (every author, email, path, status value
/// and trailer once) followed by the commits and events, integers as LEB128
/// varints and strings as indices into the table. Reading it is a few
/// hundred microseconds where JSON took milliseconds, and the checksum turns
/// a damaged file into a rebuild rather than a wrong answer.
fn encode(history: &History, key: &str) -> Vec<u8> {
    let mut strings = Strings::default();
    let mut body = Vec::with_capacity(64 * 1024);
    put_opt_str(&mut body, &mut strings, history.tip.as_deref());
    body.push(u8::from(history.shallow));
    put_uint(&mut body, history.commits.len() as u64);
    for c in &history.commits {
        put_str(&mut body, &mut strings, &c.id);
        put_int(&mut body, c.time);
        put_str(&mut body, &mut strings, &c.author);
        put_str(&mut body, &mut strings, &c.email);
        put_uint(&mut body, c.trailers.len() as u64);
        for (k, v) in &c.trailers {
            put_str(&mut body, &mut strings, k);
            put_str(&mut body, &mut strings, v);
        }
        body.push(u8::from(c.boundary));
    }
    put_uint(&mut body, history.events.len() as u64);
    for e in &history.events {
        put_uint(&mut body, e.commit as u64);
        put_str(&mut body, &mut strings, &e.path);
        put_opt_str(&mut body, &mut strings, e.previous_path.as_deref());
        body.push(match e.change {
            ChangeKind::Added => 0,
            ChangeKind::Modified => 1,
            ChangeKind::Deleted => 2,
            ChangeKind::Renamed => 3,
        });
        put_opt_str(&mut body, &mut strings, e.from.as_deref());
        put_opt_str(&mut body, &mut strings, e.to.as_deref());
        put_uint(&mut body, e.statements.len() as u64);
        for statement in &e.statements {
            put_str(&mut body, &mut strings, statement);
        }
    }
    let mut payload = Vec::with_capacity(body.len() + strings.bytes + 16 * strings.list.len());
    put_uint(&mut payload, strings.list.len() as u64);
    for s in &strings.list {
        put_uint(&mut payload, s.len() as u64);
        payload.extend_from_slice(s.as_bytes());
    }
    payload.extend_from_slice(&body);

    codec::frame(MAGIC, CACHE_VERSION, key, &payload)
}

/// `None` for anything but a whole, undamaged cache of this version and key.
fn decode(bytes: &[u8], key: &str) -> Option<History> {
    let mut r = Reader::new(codec::unframe(bytes, MAGIC, CACHE_VERSION, key)?);
    let count = r.len()?;
    let mut strings = Vec::with_capacity(count);
    for _ in 0..count {
        let len = r.len()?;
        strings.push(std::str::from_utf8(r.take(len)?).ok()?);
    }
    let mut history = History {
        tip: table_opt_str(&mut r, &strings)?,
        shallow: r.flag()?,
        ..History::default()
    };
    let commits = r.len()?;
    history.commits.reserve(commits);
    for _ in 0..commits {
        let id = table_str(&mut r, &strings)?;
        let time = r.int()?;
        let author = table_str(&mut r, &strings)?;
        let email = table_str(&mut r, &strings)?;
        let trailers = (0..r.len()?)
            .map(|_| Some((table_str(&mut r, &strings)?, table_str(&mut r, &strings)?)))
            .collect::<Option<Vec<_>>>()?;
        let boundary = r.flag()?;
        history.commits.push(CommitInfo {
            id,
            time,
            author,
            email,
            trailers,
            boundary,
        });
    }
    let events = r.len()?;
    history.events.reserve(events);
    for _ in 0..events {
        let commit = r.len()?;
        if commit >= history.commits.len() {
            return None;
        }
        let path = table_str(&mut r, &strings)?;
        let previous_path = table_opt_str(&mut r, &strings)?;
        let change = match r.byte()? {
            0 => ChangeKind::Added,
            1 => ChangeKind::Modified,
            2 => ChangeKind::Deleted,
            3 => ChangeKind::Renamed,
            _ => return None,
        };
        let from = table_opt_str(&mut r, &strings)?;
        let to = table_opt_str(&mut r, &strings)?;
        let statements = (0..r.len()?)
            .map(|_| table_str(&mut r, &strings))
            .collect::<Option<Vec<_>>>()?;
        history.events.push(Event {
            commit,
            path,
            previous_path,
            change,
            from,
            to,
            statements,
        });
    }
    r.at_end().then_some(history)
}

/// The string table being built: each distinct string once, in first-use
/// order.
#[derive(Default)]
struct Strings<'a> {
    index: std::collections::HashMap<&'a str, u64, std::hash::BuildHasherDefault<codec::Fnv>>,
    list: Vec<&'a str>,
    bytes: usize,
}

impl<'a> Strings<'a> {
    fn intern(&mut self, s: &'a str) -> u64 {
        let next = self.list.len() as u64;
        *self.index.entry(s).or_insert_with(|| {
            self.list.push(s);
            self.bytes += s.len();
            next
        })
    }
}

fn put_str<'a>(out: &mut Vec<u8>, strings: &mut Strings<'a>, s: &'a str) {
    put_uint(out, strings.intern(s));
}

/// `0` for none, else the string's index plus one.
fn put_opt_str<'a>(out: &mut Vec<u8>, strings: &mut Strings<'a>, s: Option<&'a str>) {
    put_uint(out, s.map_or(0, |s| strings.intern(s) + 1));
}

/// A string of the table, by index.
fn table_str(r: &mut Reader<'_>, strings: &[&str]) -> Option<String> {
    strings.get(r.len()?).map(|s| (*s).to_string())
}

/// `0` for none, else the index plus one.
fn table_opt_str(r: &mut Reader<'_>, strings: &[&str]) -> Option<Option<String>> {
    match r.len()? {
        0 => Some(None),
        i => strings.get(i - 1).map(|s| Some((*s).to_string())),
    }
}

/// Everything besides the tip that the history depends on: the root, the
/// walk mode, the classification patterns and the shallow boundary.
fn cache_key(repo: &Repository, query: &HistoryQuery<'_>) -> String {
    let p = query.patterns;
    let mut text = format!(
        "v{CACHE_VERSION}\0{}\0{}\0{:?}\0{:?}\0{:?}\0{:?}\0{:?}",
        query.root,
        query.full_history,
        p.completion,
        p.analysis,
        p.work_plan,
        p.work_package,
        p.adr
    );
    if !p.collections.is_empty() || !p.root_listed {
        text.push_str(&format!("\0{:?}\0{}", p.collections, p.root_listed));
    }
    if let Ok(Some(shallow)) = repo.shallow_commits() {
        let mut ids: Vec<String> = shallow.iter().map(|id| id.to_string()).collect();
        ids.sort();
        text.push('\0');
        text.push_str(&ids.join(","));
    }
    codec::fnv_hex(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> History {
        let commit = |id: &str, time: i64, boundary: bool| CommitInfo {
            id: id.repeat(40),
            time,
            author: "Ada Lovelace".to_string(),
            email: "ada@example.com".to_string(),
            trailers: vec![("Plan-Id".to_string(), "x/01".to_string())],
            boundary,
        };
        let event =
            |commit: usize, path: &str, change, from: Option<&str>, to: Option<&str>| Event {
                commit,
                path: path.to_string(),
                previous_path: (change == ChangeKind::Renamed).then(|| "old.md".to_string()),
                change,
                from: from.map(str::to_string),
                to: to.map(str::to_string),
                statements: Vec::new(),
            };
        let mut both = event(
            1,
            "x/04.md",
            ChangeKind::Modified,
            Some("Ready"),
            Some("Ready"),
        );
        both.statements = vec!["Ready".to_string(), "Complete".to_string()];
        History {
            tip: Some("b".repeat(40)),
            commits: vec![commit("a", 1_600_000_000, true), commit("b", -5, false)],
            events: vec![
                event(0, "x/01.md", ChangeKind::Added, None, Some("Draft")),
                event(
                    1,
                    "x/01.md",
                    ChangeKind::Modified,
                    Some("Draft"),
                    Some("✅ Complete"),
                ),
                event(
                    1,
                    "x/02.md",
                    ChangeKind::Renamed,
                    Some("Draft"),
                    Some("Draft"),
                ),
                event(1, "x/03.md", ChangeKind::Deleted, Some("Blocked"), None),
                both,
            ],
            shallow: true,
            unread: Default::default(),
            walked_changes: 0,
        }
    }

    #[test]
    fn a_history_comes_back_as_it_went_in() {
        for history in [sample(), History::default()] {
            let bytes = encode(&history, "key");
            assert_eq!(decode(&bytes, "key"), Some(history));
        }
    }

    #[test]
    fn another_key_or_version_is_not_read() {
        let bytes = encode(&sample(), "key");
        assert_eq!(decode(&bytes, "other"), None);
        let mut old = bytes.clone();
        old[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(decode(&old, "key"), None);
    }

    #[test]
    fn any_damage_is_a_miss_not_a_wrong_answer() {
        let bytes = encode(&sample(), "key");
        for len in 0..bytes.len() {
            assert_eq!(decode(&bytes[..len], "key"), None, "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer, "key"), None);
        for i in 0..bytes.len() {
            for bit in [0x01, 0x80] {
                let mut damaged = bytes.clone();
                damaged[i] ^= bit;
                assert_eq!(decode(&damaged, "key"), None, "byte {i} bit {bit:#x}");
            }
        }
    }
}

//! Reading the work tree for `status` on two threads while another task
//! (the history) runs: documents are shared out from one queue, parsed and
//! summarised, or taken from the cache of summaries when their files are
//! unchanged, and assembled in listing order into a tree of summaries.

use std::path::Path;

use crate::tree::cache::{self as tree_cache, TreeCache, TreeCacheWrite};
use crate::tree::listing::{list_work_tree, read_doc, Entry, ReadError, Stamp};
use crate::tree::plan_tree::{parse_file, Parsed, PlanDoc, PlanTree};
use crate::workspace::config::PlanConfig;
use crate::workspace::Workspace;

/// [`PlanTree::read`], keeping only each document's summary, while `task`
/// runs on another thread, which then helps with the reading (see
/// [`read_alongside`]). With `use_cache`, documents unchanged since an
/// earlier run come from the cache of summaries under the git directory;
/// `now` (seconds since the epoch) is when the run began, which decides the
/// files recorded for the next run.
pub fn read_workspace<R: Send>(
    ws: &Workspace,
    use_cache: bool,
    now: i64,
    task: impl FnOnce() -> R + Send,
) -> Alongside<R> {
    let dir = use_cache.then(|| Workspace::cache_dir(&ws.repo));
    read_alongside(&ws.root, &ws.config, dir.as_deref(), now, task)
}

/// [`read_workspace`] with nothing else to do: on this thread, and on a
/// second one only when more than [`PARSE_ALONE`] documents are to be
/// parsed. A warm `status` reads this way: a thread that must be waited
/// for costs more than it saves when almost every document comes from the
/// cache (on a busy machine, a wake-up can take milliseconds).
pub fn read_workspace_alone(ws: &Workspace, use_cache: bool, now: i64) -> Alongside<()> {
    let dir = use_cache.then(|| Workspace::cache_dir(&ws.repo));
    let started = i128::from(now) * 1_000_000_000;
    read_alongside_with(
        &ws.root,
        &ws.config,
        || (),
        Helper::IfMuchToParse,
        || {
            dir.as_deref()
                .map(|dir| TreeCache::open(dir, &ws.root, &ws.config, started))
        },
    )
}

/// How many documents [`read_workspace_alone`] parses on one thread.
pub const PARSE_ALONE: usize = 32;

/// Reads, parses and summarises the work tree under `root` while `task`
/// runs on a second thread; when `task` is done, that thread takes
/// documents to read and parse too (each thread takes the next one left),
/// so the two finish together. `status` reads the history this way. With
/// `cache_dir`, the cache of summaries there is used, for a run that began
/// at `now` (seconds since the epoch).
pub fn read_alongside<R: Send>(
    root: &Path,
    config: &PlanConfig,
    cache_dir: Option<&Path>,
    now: i64,
    task: impl FnOnce() -> R + Send,
) -> Alongside<R> {
    let started = i128::from(now) * 1_000_000_000;
    read_alongside_with(root, config, task, Helper::Task, || {
        cache_dir.map(|dir| TreeCache::open(dir, root, config, started))
    })
}

/// When a second thread reads beside this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Helper {
    /// From the start: it runs the task, then takes documents.
    Task,
    /// Only when more than [`PARSE_ALONE`] documents are to be parsed; the
    /// task runs here first.
    IfMuchToParse,
}

/// The task: on the helper thread, or already run here.
enum Task<H, R> {
    Running(H),
    Done(R),
}

/// [`read_alongside`] with the cache opened by `open_cache`, on this thread
/// once the task has started.
fn read_alongside_with<R: Send>(
    root: &Path,
    config: &PlanConfig,
    task: impl FnOnce() -> R + Send,
    helper: Helper,
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
        let task = match helper {
            Helper::Task => Task::Running(scope.spawn(move || (task(), queue.drain()))),
            Helper::IfMuchToParse => Task::Done(task()),
        };
        let cache = open_cache();
        let entries = match list_work_tree(root, &config.patterns, cache.is_some()) {
            Ok(entries) => entries,
            Err(e) => {
                let result = match task {
                    Task::Running(helper) => helper.join().map(|(r, _)| r),
                    Task::Done(r) => Ok(r),
                };
                return (Alongside::new(Err(e), None, result), Vec::new());
            }
        };
        if let Some(cache) = cache {
            let _ = queue.cache.set(cache);
        }
        let mut dirs = Vec::new();
        let mut paths = Vec::new();
        for (entry, stamp) in entries {
            match entry {
                Entry::File { path, .. } => paths.push((path, stamp)),
                dir => dirs.push(dir),
            }
        }
        let count = paths.len();
        let _ = queue.paths.set(paths);
        let extra = (matches!(task, Task::Done(_)) && queue.to_parse() > PARSE_ALONE)
            .then(|| scope.spawn(move || queue.drain()));
        let parsed = queue.drain();
        let (result, theirs) = match task {
            Task::Running(helper) => match helper.join() {
                Ok((result, theirs)) => (Ok(result), theirs),
                Err(panic) => (Err(panic), Vec::new()),
            },
            // A helper that panicked leaves its documents to be read here.
            Task::Done(r) => (Ok(r), extra.and_then(|e| e.join().ok()).unwrap_or_default()),
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
        let read = Alongside::new(Ok(PlanTree::assemble(dirs, docs, config)), None, result);
        (read, records)
    });
    let paths = queue.paths.into_inner().unwrap_or_default();
    if let (Some(cache), true) = (queue.cache.into_inner(), read.tree.is_ok()) {
        read.cache_hits = cache.hits();
        let paths = paths.into_iter().map(|(path, _)| path);
        read.cache_write = cache.update(paths.zip(records).collect());
    }
    read
}

/// What [`read_alongside`] returns.
pub struct Alongside<R> {
    /// The tree of summaries.
    pub tree: Result<PlanTree<()>, ReadError>,
    /// The cache of summaries to write, when it changed.
    pub cache_write: Option<TreeCacheWrite>,
    /// The task's result, `Err` if it panicked.
    pub task: std::thread::Result<R>,
    /// How many documents came from the cache.
    pub cache_hits: usize,
}

impl<R> Alongside<R> {
    /// The same reading with the task's result made into another value.
    pub fn map_task<S>(self, f: impl FnOnce(R) -> S) -> Alongside<S> {
        Alongside {
            tree: self.tree,
            cache_write: self.cache_write,
            task: self.task.map(f),
            cache_hits: self.cache_hits,
        }
    }

    fn new(
        tree: Result<PlanTree<()>, ReadError>,
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

/// A summarised parse and what the next cache file keeps of it.
type Cached = (Parsed<()>, Option<tree_cache::Record>);

/// The documents [`read_alongside`] shares out.
struct Queue<'a> {
    root: &'a Path,
    config: &'a PlanConfig,
    /// Set before the paths are.
    cache: std::sync::OnceLock<TreeCache>,
    /// Set once the listing is done: each file with its stamp, when there
    /// is a cache.
    paths: std::sync::OnceLock<Vec<(String, Option<Stamp>)>>,
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
            let Some((path, stamp)) = paths.get(i) else {
                return out;
            };
            out.push((i, self.parse(path, *stamp, &mut scratch)));
        }
    }

    /// How many of the listed documents the cache does not hold as they
    /// are: those to be read and parsed.
    fn to_parse(&self) -> usize {
        let Some(paths) = self.paths.get() else {
            return 0;
        };
        let Some(cache) = self.cache.get() else {
            return paths.len();
        };
        paths
            .iter()
            .filter(|(path, stamp)| !stamp.is_some_and(|s| cache.holds(path, &s)))
            .count()
    }

    fn read_one(&self, i: usize) -> Result<Cached, ReadError> {
        let (path, stamp) = self
            .paths
            .get()
            .and_then(|p| p.get(i))
            .map_or(("", None), |(p, s)| (p.as_str(), *s));
        self.parse(path, stamp, &mut Vec::new())
    }

    /// A document's summary from the cache when its file is unchanged,
    /// else read, parsed and summarised (and recorded for the next cache
    /// file when it may be).
    fn parse(
        &self,
        path: &str,
        stamp: Option<Stamp>,
        scratch: &mut Vec<u8>,
    ) -> Result<Cached, ReadError> {
        let cache = self.cache.get();
        if let Some(hit) = cache
            .zip(stamp.as_ref())
            .and_then(|(cache, stamp)| cache.get(path, stamp))
        {
            return Ok((hit.0, Some(hit.1)));
        }
        let bytes = read_doc(&self.root.join(path), scratch)?;
        let (doc, diagnostics) = parse_file(path.to_string(), &bytes, self.config);
        let parsed = (doc.map(PlanDoc::summarised), diagnostics);
        let record = cache
            .zip(stamp)
            .and_then(|(cache, stamp)| cache.record(path, stamp, &parsed));
        Ok((parsed, record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::listing::read_work_tree;

    /// What a tree holds, in a form that compares.
    fn summary<D>(tree: &PlanTree<D>) -> Vec<String> {
        let docs = tree.documents.iter().map(|d| {
            format!(
                "{} {:?} {:?} {:?} {:?}",
                d.path,
                d.kind,
                d.status.as_ref().map(|s| &s.raw),
                d.priority,
                d.summary
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
        let expected = summary(&PlanTree::build(
            read_work_tree(root, &config.patterns).unwrap(),
            &config,
        ));
        assert!(expected.len() > 50, "{expected:?}");
        // A quick task leaves the helper most of the documents, a slow one
        // leaves them all to this thread.
        for pause in [0, 30] {
            let read = read_alongside(root, &config, None, 0, || {
                std::thread::sleep(std::time::Duration::from_millis(pause));
                pause
            });
            assert_eq!(summary(&read.tree.unwrap()), expected);
            assert_eq!(read.task.unwrap(), pause);
        }
        // With nothing else to do, 40 documents to parse (more than
        // PARSE_ALONE) are shared with a helper all the same, and come in
        // order.
        const { assert!(40 > PARSE_ALONE) };
        let read = read_alongside_with(root, &config, || 7, Helper::IfMuchToParse, || None);
        assert_eq!(summary(&read.tree.unwrap()), expected);
        assert_eq!(read.task.unwrap(), 7);
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
        let fresh = || {
            summary(&PlanTree::build(
                read_work_tree(&root, &config.patterns).unwrap(),
                &config,
            ))
        };
        // A clock well after the files were written: all of them are settled.
        let later = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i128
            + 60_000_000_000;
        // With a task on a helper thread, and alone (as a warm `status`).
        let helper = std::cell::Cell::new(Helper::Task);
        let run = || {
            helper.set(match helper.get() {
                Helper::Task => Helper::IfMuchToParse,
                Helper::IfMuchToParse => Helper::Task,
            });
            let read = read_alongside_with(
                &root,
                &config,
                || (),
                helper.get(),
                || Some(TreeCache::open(&cache_dir, &root, &config, later)),
            );
            if let Some(write) = read.cache_write {
                write.write();
            }
            (summary(&read.tree.unwrap()), read.cache_hits)
        };
        assert_eq!(run(), (fresh(), 0));
        // Every document is reused, the one with front matter too (the
        // cache keeps summaries, which front matter feeds like any field).
        assert_eq!(run(), (fresh(), 32));

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
        assert_eq!(hits, 31);

        // A removed document is gone; a damaged cache file is not used.
        std::fs::remove_file(folder.join("12-wp-plan.md")).unwrap();
        assert_eq!(run(), (fresh(), 31));
        for file in std::fs::read_dir(&cache_dir).unwrap() {
            let path = file.unwrap().path();
            let mut bytes = std::fs::read(&path).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
            std::fs::write(&path, bytes).unwrap();
        }
        assert_eq!(run(), (fresh(), 0));
        assert_eq!(run(), (fresh(), 31));
    }

    #[test]
    fn documents_changed_just_before_the_run_are_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("eng");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("note.md"), "# Note\n").unwrap();
        let config = PlanConfig::default();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i128;
        for _ in 0..2 {
            let read = read_alongside_with(
                &root,
                &config,
                || (),
                Helper::Task,
                || {
                    Some(TreeCache::open(
                        &dir.path().join("cache"),
                        &root,
                        &config,
                        now,
                    ))
                },
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
            0,
            || 7,
        );
        assert!(read.tree.is_err());
        assert_eq!(read.task.unwrap(), 7);
    }
}

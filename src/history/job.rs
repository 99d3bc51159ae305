//! Reading the plan history of a workspace: [`HistoryJob`] carries what the
//! walk needs so that it can run on another thread (while the work tree is
//! parsed), through the cache unless told not to.

use crate::history::cache::{self as history_cache, CacheWrite};
use crate::history::promisor::Fetch;
use crate::history::walk::{self as history, History, HistoryError, HistoryQuery};
use crate::model::kind::Patterns;
use crate::workspace::Workspace;

/// Everything needed to read the plan history, `Send` so it can run on
/// another thread.
pub struct HistoryJob {
    repo: gix::ThreadSafeRepository,
    root: String,
    patterns: Patterns,
    rev: Option<String>,
    full_history: bool,
    use_cache: bool,
    /// Whether objects a partial clone lacks are fetched.
    fetch: Fetch,
    /// The cache file, when [`HistoryJob::cached`] has loaded it already.
    loaded: Option<history_cache::Cached>,
}

impl HistoryJob {
    /// HEAD's history straight from the cache, when the cache was written
    /// for the commit HEAD's branch names: read on this thread, from the
    /// refs and the cache file alone (a cached tip is a commit, so the
    /// branch's object needs no peeling). `None` when the cache holds
    /// another tip (it is kept for [`HistoryJob::run_deferred`] to read on
    /// from), or none, or the job is for another revision or without cache.
    pub fn cached(&mut self) -> Option<History> {
        if self.rev.is_some() || !self.use_cache {
            return None;
        }
        let repo = self.repo.to_thread_local();
        let query = HistoryQuery {
            root: &self.root,
            patterns: &self.patterns,
            full_history: self.full_history,
            fetch: self.fetch,
        };
        let cached = history_cache::Cached::load(&repo, &query, &Workspace::cache_dir(&repo));
        if history::head_target(&repo).is_some_and(|tip| cached.is_at(tip)) {
            return cached.into_history();
        }
        self.loaded = Some(cached);
        None
    }

    /// Reads the history, writing the cache; `None` on an unborn branch.
    pub fn run(self) -> Result<Option<History>, HistoryError> {
        Ok(self.run_deferred()?.map(|(history, write)| {
            if let Some(write) = write {
                write.write(&history);
            }
            history
        }))
    }

    /// Reads the history and leaves the cache write to the caller (see
    /// [`history_cache::read_deferred`]); `None` on an unborn branch.
    pub fn run_deferred(self) -> Result<Option<(History, Option<CacheWrite>)>, HistoryError> {
        let repo = self.repo.to_thread_local();
        // The pack indexes are loaded on another thread while the cache file
        // is read and the commit chain walked, which with a commit-graph do
        // not need them (a large index takes a millisecond to check). It is
        // not waited for: when the cache already holds this tip, nothing
        // needs the indexes at all.
        let shared = self.repo.clone();
        let _ = std::thread::Builder::new()
            .name("git-plan-index".to_string())
            .spawn(move || shared.to_thread_local().objects.packed_object_count());
        let tip = match &self.rev {
            Some(rev) => history::resolve_rev(&repo, rev)?,
            None => match history::head_commit(&repo) {
                Some(id) => id,
                None => return Ok(None),
            },
        };
        let query = HistoryQuery {
            root: &self.root,
            patterns: &self.patterns,
            full_history: self.full_history,
            fetch: self.fetch,
        };
        match self.loaded {
            Some(cached) => cached.read(&repo, tip, &query).map(Some),
            None => {
                let dir = self.use_cache.then(|| Workspace::cache_dir(&repo));
                history_cache::read_deferred(&repo, tip, &query, dir.as_deref()).map(Some)
            }
        }
    }
}

impl HistoryJob {
    /// Packs what reading the plan history of `ws` at `rev` (HEAD when
    /// `None`) needs.
    pub fn new(
        ws: &Workspace,
        rev: Option<&str>,
        full_history: bool,
        use_cache: bool,
    ) -> Result<HistoryJob, HistoryError> {
        let (repo, root) = ws.plan_repo()?;
        Ok(HistoryJob {
            repo: repo.into_sync(),
            root,
            patterns: ws.config.patterns.clone(),
            rev: rev.map(str::to_string),
            full_history,
            use_cache,
            fetch: Fetch::default(),
            loaded: None,
        })
    }

    /// The job reading only what is local (`Fetch::Offline`) or also
    /// fetching what a partial clone lacks (the default).
    pub fn fetching(mut self, fetch: Fetch) -> HistoryJob {
        self.fetch = fetch;
        self
    }
}

/// The plan history of `ws` at `rev` (HEAD when `None`), through the cache
/// unless `use_cache` is false. `None` on an unborn branch.
pub fn read(
    ws: &Workspace,
    rev: Option<&str>,
    full_history: bool,
    use_cache: bool,
) -> Result<Option<History>, HistoryError> {
    HistoryJob::new(ws, rev, full_history, use_cache)?.run()
}

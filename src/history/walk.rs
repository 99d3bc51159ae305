//! Plan history read from git with gix: every commit that changed a file
//! under the engineering root, and for each document its status changes,
//! creations, deletions and renames, taken from the content of each version
//! (hand edits count) and enriched by `Plan-*` trailers.
//!
//! The walk follows first parents by default (a merge counts as one change,
//! made by whoever merged), or every commit with `full_history`. Only commits
//! whose engineering subtree id differs from their parent's are looked at,
//! only those subtrees are diffed, and of old versions only the status
//! statements are read. Root trees come from the commit-graph when there is
//! one. Renames are detected by content similarity (at least half the lines
//! in common) between a file deleted and a file added in the same commit.

use std::collections::{HashMap, HashSet};

use gix::objs::tree::EntryKind;
use gix::{ObjectId, Repository};
use serde::{Deserialize, Serialize};

use crate::history::promisor::{Fetch, Lacking};
use crate::model::kind::Patterns;
use crate::model::kind::{lifecycle_of, TEMPLATES_DIR};
use crate::tree::classify::classify;

/// Files that are this similar (0..1, by lines) count as one renamed file.
pub const RENAME_SIMILARITY: f32 = 0.5;

/// What went wrong reading the plan history; each variant says what was
/// being read and keeps gitoxide's error as its source.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot read the shallow boundary of the repository")]
    Shallow {
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot read commit {id}")]
    ReadCommit {
        id: ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("commit {id} has no tree")]
    CommitWithoutTree { id: ObjectId },
    #[error("cannot read the parents of commit {id} in the commit-graph")]
    CommitGraph {
        id: ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot walk the commit graph from {tip}")]
    Walk {
        tip: ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot read tree {id}")]
    ReadTree {
        id: ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("tree {id} is missing")]
    MissingTree { id: ObjectId },
    #[error("cannot find `{path}` in the tree of commit {commit}")]
    FindPath {
        path: String,
        commit: ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot read blob {id}")]
    ReadBlob {
        id: ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot read the index")]
    ReadIndex {
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot find the merge base of {a} and {b}")]
    MergeBase {
        a: ObjectId,
        b: ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    /// A thread reading the history panicked: a bug, with no error to show.
    #[error("a thread reading the history panicked")]
    Panicked,
    #[error("`{rev}` does not name a commit")]
    BadRevision {
        rev: String,
        #[source]
        source: Box<gix::Error>,
    },
    #[error(transparent)]
    Repo(#[from] crate::workspace::RepoError),
}

/// A commit that changed the plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    pub id: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    pub author: String,
    pub email: String,
    /// `Plan-*` trailers of the message, in order.
    pub trailers: Vec<(String, String)>,
    /// The commit sits on a shallow clone's boundary: what it "adds" existed
    /// before, at a date this clone cannot know.
    pub boundary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    Renamed,
}

/// One document changing in one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Index into [`History::commits`].
    pub commit: usize,
    /// Path relative to the engineering root, after the change.
    pub path: String,
    /// For a rename, the path before it.
    pub previous_path: Option<String>,
    pub change: ChangeKind,
    /// Raw status value before and after (`None`: no status line, or not a
    /// document with a lifecycle).
    pub from: Option<String>,
    pub to: Option<String>,
    /// Every status statement of the version after the change, as written
    /// and in text order, when it has more than one (`to` is the first);
    /// empty otherwise. A modification that changes only a later statement
    /// is an event too (with `from == to`), so that the history knows
    /// which statement changed last when they disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<String>,
}

impl Event {
    /// Whether the event is a step of the document's timeline: anything but
    /// a modification that leaves its status as it was (one that changed
    /// only a later status statement).
    pub fn is_step(&self) -> bool {
        self.change != ChangeKind::Modified || self.from != self.to
    }

    /// The status statements of the version after the change, in text
    /// order.
    pub fn statement_values(&self) -> Vec<&str> {
        if self.statements.is_empty() {
            self.to.as_deref().into_iter().collect()
        } else {
            self.statements.iter().map(String::as_str).collect()
        }
    }
}

/// The plan history up to `tip`, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub tip: Option<String>,
    pub commits: Vec<CommitInfo>,
    pub events: Vec<Event>,
    /// The repository is a shallow clone.
    pub shallow: bool,
    /// What a partial clone lacked and could not fetch (offline, or the
    /// fetch failed): such a history is never cached.
    #[serde(default, skip_serializing_if = "Unread::is_empty")]
    pub unread: Unread,
    /// Commits this read walked (not those of a cached start) whose change
    /// touched the plan files, whether or not it moved a status: what
    /// `diff` counts for a range. Neither cached nor serialised.
    #[serde(skip)]
    pub walked_changes: usize,
}

/// The part of a history that a partial clone could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    /// Indices into [`History::events`] of the events a version of which
    /// (before or after) could not be read: their `from` or `to` is not
    /// known, so neither is whether they changed the status.
    pub events: Vec<usize>,
    /// Objects (old versions of plan files; for a treeless clone, root
    /// trees) that history needed and this clone lacks. A commit whose
    /// tree is lacking ends the walk as a shallow boundary does.
    pub objects: usize,
    /// Why they were not fetched: `None` with [`Fetch::Offline`], else
    /// what `git fetch` said.
    pub fetch_error: Option<String>,
}

impl Unread {
    /// Nothing was left unread: the history is complete.
    pub fn is_empty(&self) -> bool {
        self.objects == 0 && self.events.is_empty()
    }
}

/// What to read.
#[derive(Debug, Clone)]
pub struct HistoryQuery<'a> {
    /// The engineering root's path inside the repository (`""` for its top).
    pub root: &'a str,
    pub patterns: &'a Patterns,
    pub full_history: bool,
    /// Whether objects a partial clone lacks are fetched.
    pub fetch: Fetch,
}

/// A commit whose plan subtree differs from its parent's.
struct Changed {
    commit: ObjectId,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    boundary: bool,
    /// For a merge in a full-history walk, the subtrees of its other
    /// parents: a file counts as changed by the merge only when it differs
    /// from every parent's version (what a combined diff shows), so that a
    /// branch's changes are not counted again at the merge.
    others: Vec<Option<ObjectId>>,
}

/// Reads the history from `tip`, or extends `base` (a history computed
/// earlier for an ancestor on the first-parent line) by the commits after it.
pub fn read(
    repo: &Repository,
    tip: ObjectId,
    query: &HistoryQuery<'_>,
    base: Option<History>,
) -> Result<History, HistoryError> {
    Ok(read_with(repo, tip, query, base, None)?.unwrap_or_default())
}

/// [`read`] extending `base`, whose tip is `stop`, when `stop` is on `tip`'s
/// first-parent chain and the chain reaches it before any commit committed
/// earlier than `stop` (a range whose base is the fork point, read in one
/// walk). `None` when it is not, or a commit older than `stop` comes first
/// (the chain may still lead to it, across a skewed clock): the caller
/// then finds the fork point the long way.
pub fn read_down_to(
    repo: &Repository,
    tip: ObjectId,
    stop: ObjectId,
    query: &HistoryQuery<'_>,
    base: History,
) -> Result<Option<History>, HistoryError> {
    if query.full_history || base.tip.as_deref() != Some(stop.to_string().as_str()) {
        return Ok(None);
    }
    let floor = Walker::new(repo, "")?.commit_time(stop)?;
    read_with(repo, tip, query, Some(base), Some(floor))
}

/// [`read`]; with `floor`, `None` instead when the first-parent walk meets a
/// commit older than `floor` (committer time) or does not reach the base's
/// tip (see [`read_down_to`]).
fn read_with(
    repo: &Repository,
    tip: ObjectId,
    query: &HistoryQuery<'_>,
    base: Option<History>,
    floor: Option<i64>,
) -> Result<Option<History>, HistoryError> {
    // A memory-capped delta-base cache: far fewer lookups than the default
    // fixed-size one when thousands of root trees are read in a row.
    let mut tuned = repo.clone();
    tuned.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            PACK_CACHE_BYTES,
        ))
    });
    let repo = &tuned;
    let shallow: HashSet<ObjectId> = repo
        .shallow_commits()
        .map_err(|e| HistoryError::Shallow {
            source: Box::new(e),
        })?
        .map(|c| c.iter().copied().collect())
        .unwrap_or_default();
    // Collections outside the root: the walk starts at the top, and each
    // commit's change is read per scope (ADR 0012).
    let scope = Scope::of(query.root, query.patterns);
    let mut walker = Walker::new(repo, if scope.is_some() { "" } else { query.root })?;
    walker.lacking = Lacking::of(repo, query.fetch).map(std::cell::RefCell::new);
    let stop = base
        .as_ref()
        .filter(|_| !query.full_history)
        .and_then(|b| b.tip.as_deref())
        .and_then(|t| ObjectId::from_hex(t.as_bytes()).ok());
    let (changed, reached_stop) = if query.full_history {
        (walker.all_parents(tip, &shallow)?, false)
    } else {
        match walker.first_parents(tip, stop, &shallow, floor)? {
            Some(walked) => walked,
            None => return Ok(None),
        }
    };
    if floor.is_some() && !reached_stop {
        return Ok(None);
    }
    let mut history = match base {
        Some(b) if reached_stop => b,
        _ => History::default(),
    };
    history.tip = Some(tip.to_string());
    history.shallow = !shallow.is_empty();
    let mut trees = Trees::default();
    let mut reader = BlobReader {
        repo,
        patterns: query.patterns,
        memo: HashMap::new(),
        tracked: HashMap::new(),
        unreadable: HashSet::new(),
    };
    // Every tree diff first (trees are all there, or were fetched), so that
    // a partial clone fetches the old versions it lacks in one batch.
    let mut diffs = Vec::with_capacity(changed.len());
    for c in changed.into_iter().rev() {
        let mut changes = Vec::new();
        if let Some(scope) = &scope {
            scoped_changes(repo, &mut trees, &c, scope, &mut changes)?;
            diffs.push((c.commit, c.boundary, changes));
            continue;
        }
        diff_trees(repo, &mut trees, c.old, c.new, "", &mut changes)?;
        if !c.others.is_empty() {
            let mut own = Vec::with_capacity(changes.len());
            for change in changes {
                let mut elsewhere = false;
                for other in &c.others {
                    elsewhere |= blob_at(repo, &mut trees, *other, &change.0)? == change.2;
                }
                if !elsewhere {
                    own.push(change);
                }
            }
            changes = own;
        }
        diffs.push((c.commit, c.boundary, changes));
    }
    if let Some(lacking) = &walker.lacking {
        let mut needed = Vec::new();
        for (_, _, changes) in &diffs {
            for (path, old, new) in changes {
                // Statuses are read of tracked documents only; the other
                // side of an addition or deletion may be read for renames.
                if reader.is_tracked(path) || old.is_none() || new.is_none() {
                    needed.extend(old.iter().chain(new.iter()).copied());
                }
            }
        }
        reader.unreadable = lacking.borrow_mut().ensure(repo, needed);
    }
    let mut per_commit = Vec::with_capacity(diffs.len());
    for (commit, boundary, changes) in diffs {
        if !changes.is_empty() {
            history.walked_changes += 1;
        }
        let info = commit_info(repo, commit, boundary)?;
        let events = reader.events(0, changes)?;
        if !events.is_empty() {
            per_commit.push((info, events));
        }
    }
    if scope.is_some() {
        follow_listed(query.patterns, &mut per_commit);
    }
    for (info, mut events) in per_commit {
        if !events.is_empty() {
            for (event, _) in &mut events {
                event.commit = history.commits.len();
            }
            history.commits.push(info);
            for (event, unread) in events {
                if unread {
                    history.unread.events.push(history.events.len());
                }
                history.events.push(event);
            }
        }
    }
    if let Some(lacking) = walker.lacking {
        let lacking = lacking.into_inner();
        history.unread.objects += lacking.unread;
        if history.unread.fetch_error.is_none() {
            history.unread.fetch_error = lacking.error;
        }
    }
    Ok(Some(history))
}

/// The object HEAD's branch names (or a detached HEAD), not peeled: a
/// commit in any repository git made, read from the refs alone.
pub fn head_target(repo: &Repository) -> Option<ObjectId> {
    repo.head().ok().and_then(|h| h.id()).map(|id| id.detach())
}

/// The commit HEAD points to, `None` on an unborn branch. When the branch
/// names a commit of the commit-graph it is taken as it is, without reading
/// the object (which would load the pack indexes before they are needed);
/// anything else is peeled to its commit.
pub fn head_commit(repo: &Repository) -> Option<ObjectId> {
    let direct = head_target(repo);
    if let Some(id) = direct {
        let graph = repo.commit_graph_if_enabled().ok().flatten();
        if graph.is_some_and(|g| g.lookup(id).is_some()) {
            return Some(id);
        }
    }
    repo.head_id().ok().map(|id| id.detach())
}

/// Finds commits and their plan subtrees, from the commit-graph when there
/// is one.
pub(crate) struct Walker<'r> {
    repo: &'r Repository,
    graph: Option<gix::commitgraph::Graph>,
    root: Vec<String>,
    /// In a partial clone, what it lacks, fetched or counted.
    lacking: Option<std::cell::RefCell<Lacking>>,
}

impl<'r> Walker<'r> {
    pub(crate) fn new(repo: &'r Repository, root: &str) -> Result<Self, HistoryError> {
        Ok(Walker {
            repo,
            graph: repo.commit_graph_if_enabled().ok().flatten(),
            root: root
                .split('/')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            lacking: None,
        })
    }

    /// Root trees of `trees` that a partial clone lacks, after fetching
    /// them in one batch (none in a full clone).
    fn lacking_trees(&self, trees: &[ObjectId]) -> HashSet<ObjectId> {
        match &self.lacking {
            Some(l) => l.borrow_mut().ensure(self.repo, trees.iter().copied()),
            None => HashSet::new(),
        }
    }

    /// Root tree and parents of a commit.
    pub(crate) fn commit(&self, id: ObjectId) -> Result<(ObjectId, Vec<ObjectId>), HistoryError> {
        if let Some(graph) = &self.graph {
            if let Some(c) = graph.commit_by_id(id) {
                let tree = c.root_tree_id().to_owned();
                let parents = c
                    .iter_parents()
                    .map(|p| p.map(|pos| graph.id_at(pos).to_owned()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| HistoryError::CommitGraph {
                        id,
                        source: Box::new(e),
                    })?;
                return Ok((tree, parents));
            }
        }
        let (tree, parents, _) = self.commit_object(id, false)?;
        Ok((tree, parents))
    }

    /// [`Self::commit`] and the committer time (seconds since the epoch),
    /// from one read of the commit object.
    fn commit_timed(&self, id: ObjectId) -> Result<(ObjectId, Vec<ObjectId>, i64), HistoryError> {
        let (tree, parents, time) = self.commit_object(id, true)?;
        Ok((tree, parents, time.unwrap_or(0)))
    }

    /// Root tree and parents from the commit object itself, and with
    /// `timed` the committer time; the header is read no further than
    /// that asks.
    fn commit_object(
        &self,
        id: ObjectId,
        timed: bool,
    ) -> Result<(ObjectId, Vec<ObjectId>, Option<i64>), HistoryError> {
        use gix::objs::commit::ref_iter::Token;
        let read = |e: gix::Error| HistoryError::ReadCommit {
            id,
            source: Box::new(e),
        };
        let object = self.repo.find_object(id).map_err(read)?;
        let commit = gix::objs::CommitRefIter::from_bytes(&object.data, self.repo.object_hash());
        let mut tree = None;
        let mut parents = Vec::new();
        let mut time = None;
        for token in commit {
            let token = token.map_err(|e| HistoryError::ReadCommit {
                id,
                source: Box::new(e),
            })?;
            match token {
                Token::Tree { id } => tree = Some(id),
                Token::Parent { id } => parents.push(id),
                Token::Author { .. } if timed => {}
                Token::Committer { signature } if timed => {
                    time = Some(signature.time().map_or(0, |t| t.seconds));
                    break;
                }
                _ => break,
            }
        }
        let tree = tree.ok_or(HistoryError::CommitWithoutTree { id })?;
        Ok((tree, parents, time))
    }

    /// The committer time of a commit (seconds since the epoch): from the
    /// commit-graph when it holds the commit, else from the commit object.
    pub(crate) fn commit_time(&self, id: ObjectId) -> Result<i64, HistoryError> {
        if let Some(c) = self.graph.as_ref().and_then(|g| g.commit_by_id(id)) {
            return Ok(i64::try_from(c.committer_timestamp()).unwrap_or(i64::MAX));
        }
        let read = |e: gix::Error| HistoryError::ReadCommit {
            id,
            source: Box::new(e),
        };
        let object = self.repo.find_object(id).map_err(read)?;
        let commit = gix::objs::CommitRef::from_bytes(&object.data, self.repo.object_hash())
            .map_err(read)?;
        Ok(commit
            .committer()
            .map_err(read)?
            .time()
            .map_or(0, |t| t.seconds))
    }

    /// The id of the plan root's tree inside a root tree.
    pub(crate) fn subtree(&self, tree: ObjectId) -> Result<Option<ObjectId>, HistoryError> {
        subtree_in(self.repo, &self.root, tree, &mut Vec::new())
    }

    /// Plan subtree ids of many root trees, on up to [`THREADS`] threads.
    fn subtrees(&self, trees: &[ObjectId]) -> Result<Vec<Option<ObjectId>>, HistoryError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(THREADS);
        if threads < 2 || trees.len() < PARALLEL_MIN {
            let mut buf = Vec::new();
            return trees
                .iter()
                .map(|t| subtree_in(self.repo, &self.root, *t, &mut buf))
                .collect();
        }
        let shared = self.repo.clone().into_sync();
        let chunk = trees.len().div_ceil(threads);
        let root = &self.root;
        let parts: Vec<Result<Vec<Option<ObjectId>>, HistoryError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = trees
                .chunks(chunk)
                .map(|part| {
                    let shared = shared.clone();
                    scope.spawn(move || {
                        let mut repo = shared.to_thread_local();
                        repo.objects.set_pack_cache(|| {
                            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                                PACK_CACHE_BYTES,
                            ))
                        });
                        let mut buf = Vec::new();
                        part.iter()
                            .map(|t| subtree_in(&repo, root, *t, &mut buf))
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(HistoryError::Panicked)))
                .collect()
        });
        let mut out = Vec::with_capacity(trees.len());
        for part in parts {
            out.extend(part?);
        }
        Ok(out)
    }

    /// Extends `chain` along first parents from a commit in the
    /// commit-graph, by position: every parent of a commit in the graph is in
    /// it too, so no id is looked up again. Returns whether `stop` was
    /// reached.
    fn graph_chain(
        &self,
        mut pos: gix::commitgraph::Position,
        stop: Option<ObjectId>,
        shallow: &HashSet<ObjectId>,
        chain: &mut Vec<(ObjectId, ObjectId, bool)>,
        floor: Option<i64>,
    ) -> Result<Option<bool>, HistoryError> {
        let Some(graph) = &self.graph else {
            return Ok(Some(false));
        };
        loop {
            let commit = graph.commit_at(pos);
            let id = commit.id().to_owned();
            if Some(id) == stop {
                return Ok(Some(true));
            }
            let time = i64::try_from(commit.committer_timestamp()).unwrap_or(i64::MAX);
            if floor.is_some_and(|f| time < f) {
                return Ok(None);
            }
            let boundary = !shallow.is_empty() && shallow.contains(&id);
            chain.push((id, commit.root_tree_id().to_owned(), boundary));
            let parent = commit.iter_parents().next().transpose().map_err(|e| {
                HistoryError::CommitGraph {
                    id,
                    source: Box::new(e),
                }
            })?;
            match parent {
                Some(p) if !boundary => pos = p,
                _ => return Ok(Some(false)),
            }
        }
    }

    /// Newest first along first parents, until `stop` or the root. Returns
    /// whether `stop` was reached. The chain of commits and root trees comes
    /// from the commit-graph (or the commit objects); then the plan subtree
    /// of every root tree is looked up, in parallel, and neighbours compared.
    /// With `floor`, `None` as soon as a commit older than it (committer
    /// time) comes before `stop`.
    fn first_parents(
        &self,
        tip: ObjectId,
        stop: Option<ObjectId>,
        shallow: &HashSet<ObjectId>,
        floor: Option<i64>,
    ) -> Result<Option<(Vec<Changed>, bool)>, HistoryError> {
        let mut chain: Vec<(ObjectId, ObjectId, bool)> = Vec::new();
        let mut reached_stop = false;
        let mut next = Some(tip);
        while let Some(id) = next {
            if Some(id) == stop {
                reached_stop = true;
                break;
            }
            if let Some(pos) = self.graph.as_ref().and_then(|g| g.lookup(id)) {
                match self.graph_chain(pos, stop, shallow, &mut chain, floor)? {
                    Some(reached) => reached_stop = reached,
                    None => return Ok(None),
                }
                break;
            }
            let (tree, parents) = match floor {
                Some(floor) => {
                    let (tree, parents, time) = self.commit_timed(id)?;
                    if time < floor {
                        return Ok(None);
                    }
                    (tree, parents)
                }
                None => self.commit(id)?,
            };
            let boundary = shallow.contains(&id);
            chain.push((id, tree, boundary));
            next = if boundary {
                None
            } else {
                parents.first().copied()
            };
        }
        let mut trees: Vec<ObjectId> = chain.iter().map(|(_, t, _)| *t).collect();
        if reached_stop {
            if let Some(stop) = stop {
                trees.push(self.commit(stop)?.0);
            }
        }
        // A treeless clone: the root trees it lacks are fetched; where one
        // could not be, the walk ends above it as at a shallow boundary.
        let lacking = self.lacking_trees(&trees);
        if let Some(k) = trees.iter().position(|t| lacking.contains(t)) {
            chain.truncate(k);
            trees.truncate(k);
            reached_stop = false;
            if let Some(last) = chain.last_mut() {
                last.2 = true;
            }
        }
        let subs = self.subtrees(&trees)?;
        let mut out = Vec::new();
        for (i, (id, _, boundary)) in chain.iter().enumerate() {
            let new = subs[i];
            // The parent's subtree: the next entry, the stop commit's, or
            // nothing below a root or shallow-boundary commit.
            let old = subs.get(i + 1).copied().flatten();
            let is_last = i + 1 == chain.len();
            let parent_known = !is_last || reached_stop;
            if parent_known {
                if old != new {
                    out.push(Changed {
                        commit: *id,
                        old,
                        new,
                        boundary: false,
                        others: Vec::new(),
                    });
                }
            } else if new.is_some() {
                out.push(Changed {
                    commit: *id,
                    old: None,
                    new,
                    boundary: *boundary,
                    others: Vec::new(),
                });
            }
        }
        Ok(Some((out, reached_stop)))
    }

    /// Every commit reachable from `tip`, newest first by commit time; a
    /// merge is compared with its first parent only when that parent's
    /// subtree differs from every parent's (like `git log`, which shows
    /// merges only when they change something no parent had).
    fn all_parents(
        &self,
        tip: ObjectId,
        shallow: &HashSet<ObjectId>,
    ) -> Result<Vec<Changed>, HistoryError> {
        let walk = self
            .repo
            .rev_walk([tip])
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                Default::default(),
            ))
            .all()
            .map_err(|e| HistoryError::Walk {
                tip,
                source: Box::new(e),
            })?;
        let mut commits = Vec::new();
        for info in walk {
            let info = info.map_err(|e| HistoryError::Walk {
                tip,
                source: Box::new(e),
            })?;
            let (tree, parents) = self.commit(info.id)?;
            commits.push((info.id, tree, parents));
        }
        // A treeless clone: the root trees it lacks are fetched first, in
        // one batch; a commit whose tree could not be is left out, and one
        // whose parent's tree could not be is read as a boundary.
        let trees: Vec<ObjectId> = commits.iter().map(|(_, t, _)| *t).collect();
        let lacking = self.lacking_trees(&trees);
        let mut out = Vec::new();
        for (id, tree, parents) in commits {
            if lacking.contains(&tree) {
                continue;
            }
            let sub = self.subtree(tree)?;
            let mut boundary = shallow.contains(&id);
            let mut parent_trees = Vec::with_capacity(parents.len());
            for p in &parents {
                parent_trees.push(self.commit(*p)?.0);
            }
            if parent_trees.iter().any(|t| lacking.contains(t)) {
                boundary = true;
            }
            if parents.is_empty() || boundary {
                if sub.is_some() {
                    out.push(Changed {
                        commit: id,
                        old: None,
                        new: sub,
                        boundary,
                        others: Vec::new(),
                    });
                }
                continue;
            }
            let mut psubs = Vec::new();
            for ptree in parent_trees {
                psubs.push(self.subtree(ptree)?);
            }
            if psubs.iter().all(|p| *p != sub)
                && (parents.len() == 1 || psubs.iter().all(|p| p.is_some()))
            {
                out.push(Changed {
                    commit: id,
                    old: psubs[0],
                    new: sub,
                    boundary: false,
                    others: psubs[1..].to_vec(),
                });
            }
        }
        Ok(out)
    }
}

/// Delta-base cache per thread while reading history.
const PACK_CACHE_BYTES: usize = 32 * 1024 * 1024;
/// Threads that look up plan subtrees.
const THREADS: usize = 4;
/// Below this many root trees one thread is faster than several.
const PARALLEL_MIN: usize = 256;

/// Walks `root` (path components) down from a root tree, reading trees into
/// `buf`.
fn subtree_in(
    repo: &Repository,
    root: &[String],
    mut tree: ObjectId,
    buf: &mut Vec<u8>,
) -> Result<Option<ObjectId>, HistoryError> {
    use gix::objs::Find;
    for name in root {
        let found = repo
            .objects
            .try_find(&tree, buf)
            .map_err(|e| HistoryError::ReadTree {
                id: tree,
                source: Box::new(e),
            })?;
        let Some(data) = found else {
            return Err(HistoryError::MissingTree { id: tree });
        };
        let entry = gix::objs::TreeRefIter::from_bytes(data.data, repo.object_hash())
            .filter_map(Result::ok)
            .find(|e| e.filename == name.as_str() && e.mode.is_tree());
        match entry {
            Some(e) => tree = e.oid.to_owned(),
            None => return Ok(None),
        }
    }
    Ok(Some(tree))
}

/// The blob at `path` (`/`-separated) below `tree`, if there is one.
pub(crate) fn blob_at(
    repo: &Repository,
    trees: &mut Trees,
    tree: Option<ObjectId>,
    path: &str,
) -> Result<Option<ObjectId>, HistoryError> {
    let mut current = tree;
    let mut parts = path.split('/').peekable();
    while let (Some(id), Some(name)) = (current, parts.next()) {
        let last = parts.peek().is_none();
        current = trees
            .get(repo, Some(id))?
            .iter()
            .find(|(n, is_tree, _)| n == name && *is_tree != last)
            .map(|(_, _, oid)| *oid);
        if last {
            return Ok(current);
        }
    }
    Ok(None)
}

pub(crate) fn commit_info(
    repo: &Repository,
    id: ObjectId,
    boundary: bool,
) -> Result<CommitInfo, HistoryError> {
    let read = |e: gix::Error| HistoryError::ReadCommit {
        id,
        source: Box::new(e),
    };
    let object = repo.find_object(id).map_err(read)?;
    let commit =
        gix::objs::CommitRef::from_bytes(&object.data, repo.object_hash()).map_err(read)?;
    let author = commit.author().map_err(read)?;
    let time = author.time().map(|t| t.seconds).unwrap_or(0);
    let message = String::from_utf8_lossy(commit.message);
    Ok(CommitInfo {
        id: id.to_string(),
        time,
        author: author.name.to_string(),
        email: author.email.to_string(),
        trailers: plan_trailers(&message),
        boundary,
    })
}
/// The `Plan-*` trailers of a commit message, read as git reads trailers
/// (`git interpret-trailers --parse`): only from the message's last
/// paragraph, and only when that paragraph is not the subject and every one
/// of its lines is a `Key: value` trailer or the indented continuation of
/// one. A `Plan-Id:` line in the body, or in a paragraph that also holds
/// prose, is not a trailer.
pub fn plan_trailers(message: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = message.lines().collect();
    let blank = |l: &str| l.trim().is_empty();
    let Some(last) = lines.iter().rposition(|l| !blank(l)) else {
        return Vec::new();
    };
    let start = lines[..last]
        .iter()
        .rposition(|l| blank(l))
        .map_or(0, |b| b + 1);
    let first = lines.iter().position(|l| !blank(l)).unwrap_or(0);
    if start <= first {
        // The only paragraph is the subject.
        return Vec::new();
    }
    let mut trailers: Vec<(String, String)> = Vec::new();
    for line in &lines[start..=last] {
        if line.starts_with([' ', '\t']) {
            match trailers.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(line.trim());
                    continue;
                }
                None => return Vec::new(),
            }
        }
        let Some((key, value)) = line.split_once(':') else {
            return Vec::new();
        };
        let key = key.trim_end();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Vec::new();
        }
        trailers.push((key.to_string(), value.trim().to_string()));
    }
    trailers.retain(|(k, _)| k.starts_with("Plan-"));
    trailers
}

/// A changed Markdown file: its path and blob ids before and after.
pub(crate) type FileChange = (String, Option<ObjectId>, Option<ObjectId>);

/// Entries of a tree: (name, is_tree, id).
/// A decoded tree entry: (name, is_tree, id).
pub(crate) type TreeEntry = (String, bool, ObjectId);

/// Decoded trees, each read once per run: consecutive commits that change
/// plans share most of their subtrees.
#[derive(Default)]
pub(crate) struct Trees {
    cache: HashMap<ObjectId, std::rc::Rc<Vec<TreeEntry>>>,
}

impl Trees {
    /// Entries of a tree (none for `None`), skipping submodules and links.
    pub(crate) fn get(
        &mut self,
        repo: &Repository,
        tree: Option<ObjectId>,
    ) -> Result<std::rc::Rc<Vec<TreeEntry>>, HistoryError> {
        let Some(tree) = tree else {
            return Ok(std::rc::Rc::new(Vec::new()));
        };
        if let Some(hit) = self.cache.get(&tree) {
            return Ok(hit.clone());
        }
        let read = |e: gix::Error| HistoryError::ReadTree {
            id: tree,
            source: Box::new(e),
        };
        let object = repo.find_object(tree).map_err(read)?;
        let mut out = Vec::new();
        for e in gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash()) {
            let e = e.map_err(read)?;
            let kind = e.mode.kind();
            if matches!(kind, EntryKind::Commit | EntryKind::Link) {
                continue;
            }
            out.push((
                e.filename.to_string(),
                kind == EntryKind::Tree,
                e.oid.to_owned(),
            ));
        }
        // By name, for the merge in `diff_trees` (git's own order sorts a
        // directory as if its name ended in `/`).
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let out = std::rc::Rc::new(out);
        self.cache.insert(tree, out.clone());
        Ok(out)
    }
}

/// How the history reads a repository where collections lie outside the
/// root (or only collections are read): the root's subtree as usual, and
/// the rest of the repository from the top tree, its paths relative to the
/// root (`../doc/adr/x.md`). Of the rest, the events kept are those of
/// listed paths (the collections) and of the paths renamed into them, as
/// `git log --follow` follows a decision moved in from elsewhere (see
/// [`follow_listed`]).
struct Scope {
    /// The root's path components inside the repository.
    root: Vec<String>,
    /// The root's path, `/`-separated (`""` for the top).
    root_rel: String,
    /// Whether the root's own subtree is read.
    root_listed: bool,
}

impl Scope {
    /// The scoped walk, or None when the root's subtree holds all there is
    /// to read (the plain walk).
    fn of(root: &str, patterns: &Patterns) -> Option<Scope> {
        let outside = patterns
            .collections
            .iter()
            .any(|c| c.dir.starts_with("../"));
        if !outside && patterns.root_listed {
            return None;
        }
        Some(Scope {
            root: root
                .split('/')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            root_rel: root.to_string(),
            root_listed: patterns.root_listed,
        })
    }
}

/// The Markdown files a commit changed (`c.old` and `c.new` are top
/// trees), with paths relative to the root; for a merge, only those that
/// differ from every parent's version.
fn scoped_changes(
    repo: &Repository,
    trees: &mut Trees,
    c: &Changed,
    scope: &Scope,
    out: &mut Vec<FileChange>,
) -> Result<(), HistoryError> {
    let mut changes: Vec<(String, FileChange)> = Vec::new();
    if scope.root_listed {
        let mut buf = Vec::new();
        let mut sub = |tree: Option<ObjectId>| match tree {
            Some(t) => subtree_in(repo, &scope.root, t, &mut buf),
            None => Ok(None),
        };
        let (old, new) = (sub(c.old)?, sub(c.new)?);
        let mut own = Vec::new();
        diff_trees(repo, trees, old, new, "", &mut own)?;
        for change in own {
            let in_repo = crate::base::text::joined(&scope.root_rel, &change.0);
            changes.push((in_repo, change));
        }
    }
    let mut rest = Vec::new();
    diff_trees(repo, trees, c.old, c.new, "", &mut rest)?;
    for (path, ob, nb) in rest {
        let in_root = scope.root_listed
            && path
                .strip_prefix(scope.root_rel.as_str())
                .is_some_and(|r| r.starts_with('/'));
        if !in_root {
            let rel = crate::base::text::relative_to(&scope.root_rel, &path);
            changes.push((path, (rel, ob, nb)));
        }
    }
    for (in_repo, change) in changes {
        let mut elsewhere = false;
        for other in &c.others {
            elsewhere |= blob_at(repo, trees, *other, &in_repo)? == change.2;
        }
        if !elsewhere {
            out.push(change);
        }
    }
    Ok(())
}

/// Of the events of a scoped walk (oldest first, per commit), those of
/// listed paths and, going back, of the paths they were renamed from.
fn follow_listed(patterns: &Patterns, per_commit: &mut [(CommitInfo, Vec<(Event, bool)>)]) {
    let mut wanted: HashSet<String> = HashSet::new();
    for (_, events) in per_commit.iter_mut().rev() {
        events.retain(|(e, _)| patterns.is_listed(&e.path) || wanted.contains(&e.path));
        for (e, _) in events.iter() {
            if let Some(previous) = &e.previous_path {
                wanted.insert(previous.clone());
            }
        }
    }
}

/// Markdown files that differ between two trees, like the work-tree reader
/// sees them: hidden entries and the top-level `templates/` skipped. Both
/// entry lists are sorted by name and merged; entries whose id did not
/// change cost one comparison.
pub(crate) fn diff_trees(
    repo: &Repository,
    trees: &mut Trees,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    out: &mut Vec<FileChange>,
) -> Result<(), HistoryError> {
    if old == new {
        return Ok(());
    }
    let old_entries = trees.get(repo, old)?;
    let new_entries = trees.get(repo, new)?;
    let (mut i, mut j) = (0, 0);
    loop {
        let (o, n) = match (old_entries.get(i), new_entries.get(j)) {
            (None, None) => break,
            (Some(o), None) => {
                i += 1;
                (Some(o), None)
            }
            (None, Some(n)) => {
                j += 1;
                (None, Some(n))
            }
            (Some(o), Some(n)) => match o.0.cmp(&n.0) {
                std::cmp::Ordering::Less => {
                    i += 1;
                    (Some(o), None)
                }
                std::cmp::Ordering::Greater => {
                    j += 1;
                    (None, Some(n))
                }
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    if o.1 == n.1 && o.2 == n.2 {
                        continue;
                    }
                    (Some(o), Some(n))
                }
            },
        };
        let name = o.or(n).map_or("", |e| e.0.as_str());
        if name.starts_with('.') || (prefix.is_empty() && name == TEMPLATES_DIR) {
            continue;
        }
        let path = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}/{name}")
        };
        let tree_of = |e: Option<&TreeEntry>| e.filter(|x| x.1).map(|x| x.2);
        let blob_of = |e: Option<&TreeEntry>| e.filter(|x| !x.1).map(|x| x.2);
        let (ot, nt) = (tree_of(o), tree_of(n));
        if ot.is_some() || nt.is_some() {
            diff_trees(repo, trees, ot, nt, &path, out)?;
        }
        let (ob, nb) = (blob_of(o), blob_of(n));
        if ob != nb && crate::tree::listing::is_markdown_name(name) {
            out.push((path, ob, nb));
        }
    }
    Ok(())
}

/// Reads blobs and their statuses, each blob once.
struct BlobReader<'r> {
    repo: &'r Repository,
    patterns: &'r Patterns,
    /// Every status statement of a version (none for a document without a
    /// lifecycle).
    memo: HashMap<(ObjectId, bool), std::rc::Rc<Vec<String>>>,
    /// Whether a path holds a document with a lifecycle.
    tracked: HashMap<String, bool>,
    /// Versions a partial clone lacks and could not fetch.
    unreadable: HashSet<ObjectId>,
}

impl BlobReader<'_> {
    /// Hands the text of a blob to `read` (bytes that are not UTF-8
    /// replaced, as `String::from_utf8_lossy` does), a valid one without a
    /// copy.
    fn with_text<T>(&self, id: ObjectId, read: impl FnOnce(&str) -> T) -> Result<T, HistoryError> {
        let object = self
            .repo
            .find_object(id)
            .map_err(|e| HistoryError::ReadBlob {
                id,
                source: Box::new(e),
            })?;
        Ok(match std::str::from_utf8(&object.data) {
            Ok(text) => read(text),
            Err(_) => read(&String::from_utf8_lossy(&object.data)),
        })
    }

    /// The raw status statements of a version, in text order (the first
    /// is its status); none for documents without a lifecycle.
    fn status(
        &mut self,
        path: &str,
        id: ObjectId,
    ) -> Result<Option<std::rc::Rc<Vec<String>>>, HistoryError> {
        let tracked = self.is_tracked(path);
        if tracked && self.unreadable.contains(&id) {
            return Ok(None);
        }
        self.read_status(id, tracked).map(Some)
    }

    /// Whether the document at `path` has a lifecycle (its statuses are
    /// read), classified once per path.
    fn is_tracked(&mut self, path: &str) -> bool {
        match self.tracked.get(path) {
            Some(t) => *t,
            None => {
                let t = lifecycle_of(classify(path, self.patterns).kind).is_some();
                self.tracked.insert(path.to_string(), t);
                t
            }
        }
    }

    fn read_status(
        &mut self,
        id: ObjectId,
        tracked: bool,
    ) -> Result<std::rc::Rc<Vec<String>>, HistoryError> {
        if let Some(hit) = self.memo.get(&(id, tracked)) {
            return Ok(hit.clone());
        }
        let status = std::rc::Rc::new(if tracked {
            self.with_text(id, crate::document::statuses_of)?
        } else {
            Vec::new()
        });
        self.memo.insert((id, tracked), status.clone());
        Ok(status)
    }

    /// The events of one commit's changes, each with whether a version of
    /// it could not be read (a partial clone lacking it).
    fn events(
        &mut self,
        commit: usize,
        changes: Vec<FileChange>,
    ) -> Result<Vec<(Event, bool)>, HistoryError> {
        let mut deleted: Vec<(String, ObjectId)> = Vec::new();
        let mut added: Vec<(String, ObjectId)> = Vec::new();
        let mut events = Vec::new();
        let none = std::rc::Rc::new(Vec::new());
        for (path, old, new) in changes {
            match (old, new) {
                (Some(o), Some(n)) => {
                    let before = self.status(&path, o)?;
                    let after = self.status(&path, n)?;
                    let unread = before.is_none() || after.is_none();
                    let (before, after) = (
                        before.unwrap_or(none.clone()),
                        after.unwrap_or(none.clone()),
                    );
                    if before != after || unread {
                        events.push((
                            event(
                                commit,
                                path,
                                None,
                                ChangeKind::Modified,
                                first(&before),
                                &after,
                            ),
                            unread,
                        ));
                    }
                }
                (Some(o), None) => deleted.push((path, o)),
                (None, Some(n)) => added.push((path, n)),
                (None, None) => {}
            }
        }
        // Pair deleted and added files: identical content first, then by
        // content similarity.
        let renamed_from = self.pair_renames(&deleted, &added)?;
        let taken: HashSet<usize> = renamed_from.values().copied().collect();
        for (di, (path, id)) in deleted.iter().enumerate() {
            if !taken.contains(&di) {
                let before = self.status(path, *id)?;
                events.push((
                    event(
                        commit,
                        path.clone(),
                        None,
                        ChangeKind::Deleted,
                        before.as_deref().and_then(|b| first(b)),
                        &[],
                    ),
                    before.is_none(),
                ));
            }
        }
        for (ai, (path, id)) in added.iter().enumerate() {
            let after = self.status(path, *id)?;
            let mut unread = after.is_none();
            let after = after.unwrap_or(none.clone());
            match renamed_from.get(&ai) {
                Some(di) => {
                    let (old_path, old_id) = &deleted[*di];
                    let before = self.status(old_path, *old_id)?;
                    unread |= before.is_none();
                    events.push((
                        event(
                            commit,
                            path.clone(),
                            Some(old_path.clone()),
                            ChangeKind::Renamed,
                            before.as_deref().and_then(|b| first(b)),
                            &after,
                        ),
                        unread,
                    ));
                }
                None => events.push((
                    event(commit, path.clone(), None, ChangeKind::Added, None, &after),
                    unread,
                )),
            }
        }
        Ok(events)
    }
}

fn first(statements: &[String]) -> Option<String> {
    statements.first().cloned()
}

/// An event whose new version states `after` (every status statement).
fn event(
    commit: usize,
    path: String,
    previous_path: Option<String>,
    change: ChangeKind,
    from: Option<String>,
    after: &[String],
) -> Event {
    Event {
        commit,
        path,
        previous_path,
        change,
        from,
        to: first(after),
        statements: if after.len() > 1 {
            after.to_vec()
        } else {
            Vec::new()
        },
    }
}

impl BlobReader<'_> {
    /// Maps added index -> deleted index for the pairs that are one file
    /// renamed. Like git's rename limit, similarity is only computed when
    /// the number of candidate pairs stays below [`RENAME_LIMIT`].
    fn pair_renames(
        &self,
        deleted: &[(String, ObjectId)],
        added: &[(String, ObjectId)],
    ) -> Result<HashMap<usize, usize>, HistoryError> {
        let mut pairs = HashMap::new();
        if deleted.is_empty() || added.is_empty() {
            return Ok(pairs);
        }
        let mut by_blob: HashMap<ObjectId, Vec<usize>> = HashMap::new();
        for (di, (_, id)) in deleted.iter().enumerate() {
            by_blob.entry(*id).or_default().push(di);
        }
        let mut taken = vec![false; deleted.len()];
        for (ai, (_, id)) in added.iter().enumerate() {
            if let Some(di) = by_blob.get_mut(id).and_then(|v| v.pop()) {
                taken[di] = true;
                pairs.insert(ai, di);
            }
        }
        let open_deleted: Vec<usize> = (0..deleted.len()).filter(|d| !taken[*d]).collect();
        let open_added: Vec<usize> = (0..added.len())
            .filter(|a| !pairs.contains_key(a))
            .collect();
        if open_deleted.is_empty()
            || open_added.is_empty()
            || open_deleted.len() * open_added.len() > RENAME_LIMIT
        {
            return Ok(pairs);
        }
        // Versions a partial clone lacks are paired only when identical.
        let readable = |id: &ObjectId| !self.unreadable.contains(id);
        let open_deleted: Vec<usize> = open_deleted
            .into_iter()
            .filter(|d| readable(&deleted[*d].1))
            .collect();
        let lines =
            |id: ObjectId| -> Result<Vec<u64>, HistoryError> { self.with_text(id, line_hashes) };
        let old: Vec<Vec<u64>> = open_deleted
            .iter()
            .map(|d| lines(deleted[*d].1))
            .collect::<Result<_, _>>()?;
        for ai in open_added.into_iter().filter(|a| readable(&added[*a].1)) {
            let new = lines(added[ai].1)?;
            let best = open_deleted
                .iter()
                .enumerate()
                .filter(|(_, d)| !taken[**d])
                .map(|(k, d)| (*d, similarity(&old[k], &new)))
                .filter(|(_, r)| *r >= RENAME_SIMILARITY)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((di, _)) = best {
                taken[di] = true;
                pairs.insert(ai, di);
            }
        }
        Ok(pairs)
    }
}

/// At most this many (deleted x added) pairs are compared for similarity in
/// one commit; beyond it only identical files count as renames.
pub const RENAME_LIMIT: usize = 10_000;

/// Sorted hashes of a text's non-blank lines.
pub fn line_hashes(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut v: Vec<u64> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            l.hash(&mut h);
            h.finish()
        })
        .collect();
    v.sort_unstable();
    v
}

/// Share of lines two texts have in common, 0..1 (Dice coefficient over the
/// multisets of their lines).
pub fn similarity(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f32 / (a.len() + b.len()) as f32
}

/// Resolves a revision to a commit id.
pub fn resolve_rev(repo: &Repository, rev: &str) -> Result<ObjectId, HistoryError> {
    let bad = |e: gix::Error| HistoryError::BadRevision {
        rev: rev.to_string(),
        source: Box::new(e),
    };
    let id = repo.rev_parse_single(rev).map_err(bad)?;
    let object = id.object().map_err(bad)?;
    let commit = object.peel_to_commit().map_err(bad)?;
    Ok(commit.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_are_read() {
        let t = plan_trailers(
            "plan(x): a -> b\n\nPlan-Id: x\nPlan-Transition: a -> b\nSigned-off-by: y\n",
        );
        assert_eq!(
            t,
            [
                ("Plan-Id".into(), "x".into()),
                ("Plan-Transition".into(), "a -> b".into())
            ]
        );
    }

    #[test]
    fn only_the_final_trailer_block_holds_trailers() {
        // A body line is not a trailer.
        assert_eq!(
            plan_trailers("plan(x): t\n\nPlan-Id: forged\n\nPlan-Id: x\n"),
            [("Plan-Id".into(), "x".into())]
        );
        // A last paragraph with prose in it is no trailer block.
        assert_eq!(
            plan_trailers("plan(x): t\n\nPlan-Id: x\nsome prose\n"),
            Vec::<(String, String)>::new()
        );
        // Nor is the subject.
        assert_eq!(
            plan_trailers("Plan-Id: x\n"),
            Vec::<(String, String)>::new()
        );
        // Continuation lines belong to the trailer above them.
        assert_eq!(
            plan_trailers("s\n\nPlan-Reason: a\n  b\nPlan-Id: x\n\n"),
            [
                ("Plan-Reason".into(), "a b".into()),
                ("Plan-Id".into(), "x".into())
            ]
        );
    }

    #[test]
    fn old_versions_are_read_by_the_document_reader() {
        let status = crate::document::status_of;
        assert_eq!(
            status("# T\n\n**Status:** Ready\n\n## A\n\n**Status:** Done\n").as_deref(),
            Some("Ready")
        );
        assert_eq!(
            status("# T\n\n## Status\n\nAccepted\n\n## Context\n").as_deref(),
            Some("Accepted")
        );
        assert_eq!(
            status("# T\n\n> Enhancement · **Status:** Complete\n").as_deref(),
            Some("Complete")
        );
        assert_eq!(
            status("+++\nstatus = \"Accepted\"\n+++\n# T\n").as_deref(),
            Some("Accepted")
        );
        // Every statement, for the documents whose statements disagree.
        let all = crate::document::statuses_of;
        assert_eq!(
            all("+++\nstatus = \"Draft\"\n+++\n# T\n\n**Status:** Ready\n\n## A\n\n**Status:** Done\n"),
            ["Draft", "Ready", "Done"]
        );
        assert!(all("# T\n\nNo status.\n").is_empty());
    }
}

//! The plans on other branches, for `status --branches` and `next`: what
//! each local and remote-tracking branch changed in the plan files since it
//! left HEAD's line, each changed version's status statements, and the
//! commit that set that status on the branch.
//!
//! Cheap by construction. Each tip's engineering subtree id is read from its
//! root tree (as [`history::walk`](crate::history::walk) does); a branch
//! whose subtree is HEAD's changes nothing and costs nothing more. For the
//! others: the merge base with HEAD (the tip itself when the branch is
//! merged), the base's and the tip's subtrees diffed (`diff_trees`, each tree
//! decoded once per run), each changed blob read once (its status
//! statements, by the history's reader `document::statuses_of`), and
//! "since" found by walking first parents from the tip, only as far as the
//! status holds and never past the merge base. Every one of these facts is
//! immutable (a commit's subtree, two commits' merge base, a blob's
//! statements), so [`BranchCache`] keeps them by object id in a small file
//! under the git directory; a warm run reads the refs and that file.
//!
//! Only commits are read: a linked worktree's uncommitted edits (another
//! branch checked out beside this one) are not seen, its branch's tip is.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use gix::{ObjectId, Repository};
use serde::Serialize;

use crate::base::codec::{self, put_int, put_opt_str, put_str, put_uint, Reader};
use crate::history::timeline::Moment;
use crate::history::walk::{self as history, HistoryError, Trees, Walker};
use crate::tree::classify::glob_match;

/// What went wrong reading the other branches.
#[derive(Debug, thiserror::Error)]
pub enum BranchesError {
    #[error("cannot list the branches")]
    Refs {
        #[source]
        source: Box<gix::Error>,
    },
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// What to read: which branches, and when one is too old to count.
#[derive(Debug, Clone)]
pub struct BranchQuery<'a> {
    /// The engineering root in the repository, `/`-separated (`""` for the top).
    pub root: &'a str,
    /// A glob over short names (`feat/*`, `origin/feat/*`, git's wildmatch);
    /// `None` reads every local and remote-tracking branch.
    pub pattern: Option<&'a str>,
    /// A branch whose tip was committed more than this many seconds before
    /// `now` is stale: not counted.
    pub stale_after: i64,
    /// The current time (seconds since the epoch), injected.
    pub now: i64,
}

/// Why a branch's plans count or do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// Not merged, not stale, and its plans differ from HEAD's: read.
    Read,
    /// Its plan subtree is HEAD's: nothing to show.
    SamePlans,
    /// Its tip is an ancestor of HEAD: what it did is here already.
    Merged,
    /// No commit for longer than the stale limit.
    Stale,
}

/// A branch looked at.
#[derive(Debug, Clone)]
pub struct Branch {
    /// Short name: `feat/metrics`, `origin/feat/metrics`.
    pub name: String,
    /// A remote-tracking branch (`refs/remotes/...`).
    pub remote: bool,
    /// The commit the branch names.
    pub tip: ObjectId,
    /// The tip's committer time.
    pub time: i64,
    /// Whether its plans count, and why not.
    pub reading: Reading,
}

/// A plan file whose status a branch changed since it left HEAD's line
/// (or that the branch added), as it is at the branch's tip.
#[derive(Debug, Clone)]
pub struct BranchDocument {
    /// Index into [`BranchesRead::branches`].
    pub branch: usize,
    /// Relative to the engineering root.
    pub path: String,
    /// Every status statement of the tip's version, in text order (the
    /// first is its status), as written.
    pub statuses: Vec<String>,
    /// Not in the merge base's tree: the branch added it. Its title is
    /// then read.
    pub added: bool,
    /// The first heading of an added document.
    pub title: Option<String>,
    /// The first commit of the run, back from the tip, whose version states
    /// the tip's status: the commit that set it there.
    pub since: Option<Moment>,
}

/// The other branches and what they changed.
#[derive(Debug, Clone, Default)]
pub struct BranchesRead {
    /// Every branch matching the pattern (HEAD's own branch and symbolic
    /// refs such as `origin/HEAD` left out), local ones first, by name.
    pub branches: Vec<Branch>,
    /// How many branches the pattern left out.
    pub excluded: usize,
    /// The changed documents of the branches that are read, by branch then path.
    pub documents: Vec<BranchDocument>,
}

/// Reads the other branches of `repo` against HEAD, through the cache in
/// `cache_dir` when given (written back when it learnt something).
pub fn read(
    repo: &Repository,
    query: &BranchQuery<'_>,
    cache_dir: Option<&Path>,
) -> Result<BranchesRead, BranchesError> {
    let mut cache = match cache_dir {
        Some(dir) => BranchCache::load(dir, query.root),
        None => BranchCache::default(),
    };
    let result = read_with(repo, query, &mut cache);
    if result.is_ok() && cache.dirty {
        cache.write();
    }
    result
}

/// The short names and tips of every local and remote-tracking branch,
/// symbolic refs (`origin/HEAD`) left out: the one enumeration of branch
/// tips, for this reader and for the numbers `write::scaffold` takes.
pub fn branch_tips(repo: &Repository) -> Result<Vec<(String, bool, ObjectId)>, Box<gix::Error>> {
    let platform = repo.references().map_err(Box::new)?;
    let mut tips = Vec::new();
    let local = platform.local_branches().map_err(Box::new)?;
    let remote = platform.remote_branches().map_err(Box::new)?;
    for (reference, is_remote) in local.map(|r| (r, false)).chain(remote.map(|r| (r, true))) {
        let Ok(mut reference) = reference else {
            continue;
        };
        if reference.target().try_id().is_none() {
            continue; // symbolic: origin/HEAD names another branch
        }
        let name = reference.name().shorten().to_string();
        // A branch names a commit; anything else (a tag object) is peeled.
        if let Ok(id) = reference.peel_to_id() {
            tips.push((name, is_remote, id.detach()));
        }
    }
    Ok(tips)
}

fn read_with(
    repo: &Repository,
    query: &BranchQuery<'_>,
    cache: &mut BranchCache,
) -> Result<BranchesRead, BranchesError> {
    let mut out = BranchesRead::default();
    let Some(head) = history::head_commit(repo) else {
        return Ok(out); // an unborn branch: nothing to compare with
    };
    let current = repo
        .head_name()
        .ok()
        .flatten()
        .map(|n| n.shorten().to_string());
    let walker = Walker::new(repo, query.root)?;
    let head_facts = cache.tip(&walker, head)?;
    let mut tips = branch_tips(repo).map_err(|source| BranchesError::Refs { source })?;
    tips.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    for (name, remote, tip) in tips {
        if !remote && current.as_deref() == Some(name.as_str()) {
            continue;
        }
        if query.pattern.is_some_and(|p| !glob_match(p, &name)) {
            out.excluded += 1;
            continue;
        }
        let facts = cache.tip(&walker, tip)?;
        let reading = if facts.subtree == head_facts.subtree {
            Reading::SamePlans
        } else if query.now - facts.time > query.stale_after {
            Reading::Stale
        } else if cache.merge_base(repo, tip, head)? == Some(tip) {
            Reading::Merged
        } else {
            Reading::Read
        };
        out.branches.push(Branch {
            name,
            remote,
            tip,
            time: facts.time,
            reading,
        });
    }
    let mut trees = Trees::default();
    for (index, branch) in out.branches.iter().enumerate() {
        if branch.reading != Reading::Read {
            continue;
        }
        let base = cache.merge_base(repo, branch.tip, head)?;
        // Without a merge base (unrelated histories, a shallow clone that
        // lacks it) the branch is compared with HEAD itself.
        let base_sub = match base {
            Some(b) => cache.tip(&walker, b)?.subtree,
            None => head_facts.subtree,
        };
        let tip_sub = cache.tip(&walker, branch.tip)?.subtree;
        let mut changes = Vec::new();
        history::diff_trees(repo, &mut trees, base_sub, tip_sub, "", &mut changes)?;
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, old, new) in changes {
            // A document the branch removed is not in flight there.
            let Some(blob) = new else { continue };
            let text = cache.blob(repo, blob, old.is_none())?;
            // A version whose status is the merge base's: the branch changed
            // other words, and its status says nothing the base did not.
            if old.is_some() && first_status(cache, repo, old)? == text.statuses.first().cloned() {
                continue;
            }
            let since = cache.since(repo, &walker, &mut trees, branch.tip, base, &path)?;
            out.documents.push(BranchDocument {
                branch: index,
                path,
                statuses: text.statuses,
                added: old.is_none(),
                title: text.title,
                since,
            });
        }
    }
    Ok(out)
}

/// The first status statement of a blob's version (`None` without one).
fn first_status(
    cache: &mut BranchCache,
    repo: &Repository,
    blob: Option<ObjectId>,
) -> Result<Option<String>, HistoryError> {
    match blob {
        None => Ok(None),
        Some(id) => Ok(cache.blob(repo, id, false)?.statuses.into_iter().next()),
    }
}

/// What the cache keeps of a commit.
#[derive(Debug, Clone, Copy)]
struct TipFacts {
    subtree: Option<ObjectId>,
    time: i64,
}

/// What the cache keeps of a blob.
#[derive(Debug, Clone, Default)]
struct BlobFacts {
    statuses: Vec<String>,
    title: Option<String>,
    /// The title was looked for (only added documents need one).
    titled: bool,
}

/// The commit that set a status: what a [`Moment`] needs.
#[derive(Debug, Clone)]
struct SinceFacts {
    commit: ObjectId,
    time: i64,
    author: String,
    email: String,
}

/// The immutable facts the reader needs, by object id, in
/// `<common-dir>/git-plan/branches-<key>.bin` (key: the engineering root):
/// each commit's plan subtree and committer time, the merge base of a
/// (tip, HEAD) pair, each blob's status statements (and an added
/// document's title), and "since" per (tip, merge base, path). Nothing in
/// it depends on configuration (statements are kept as written), so it can
/// never change an answer; a missing or damaged file is rebuilt.
#[derive(Debug, Default)]
pub struct BranchCache {
    path: Option<PathBuf>,
    key: String,
    tips: HashMap<ObjectId, TipFacts>,
    bases: HashMap<(ObjectId, ObjectId), Option<ObjectId>>,
    blobs: HashMap<ObjectId, BlobFacts>,
    since: HashMap<(ObjectId, Option<ObjectId>, String), Option<SinceFacts>>,
    /// Facts were added: the file is written back.
    dirty: bool,
    /// The facts this run used, the only ones written back.
    used_tips: HashSet<ObjectId>,
    used_blobs: HashSet<ObjectId>,
}

/// Bumped whenever the layout or meaning of the file changes.
const CACHE_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"gitplanB";

impl BranchCache {
    /// Loads the cache file for `root` in `dir` (empty when absent or damaged).
    pub fn load(dir: &Path, root: &str) -> BranchCache {
        let key = format!("root={root}");
        let path = dir.join(format!("branches-{}.bin", &codec::fnv_hex(&key)[..16]));
        let mut cache = BranchCache {
            path: Some(path.clone()),
            key,
            ..BranchCache::default()
        };
        if let Some(bytes) = codec::read_file(&path) {
            if let Some(payload) = codec::unframe(&bytes, MAGIC, CACHE_VERSION, &cache.key) {
                if cache.decode(payload).is_none() {
                    // Damaged: start again.
                    cache.tips.clear();
                    cache.bases.clear();
                    cache.blobs.clear();
                    cache.since.clear();
                }
            }
        }
        cache
    }

    fn tip(&mut self, walker: &Walker<'_>, id: ObjectId) -> Result<TipFacts, HistoryError> {
        self.used_tips.insert(id);
        if let Some(f) = self.tips.get(&id) {
            return Ok(*f);
        }
        let (tree, _) = walker.commit(id)?;
        let facts = TipFacts {
            subtree: walker.subtree(tree)?,
            time: walker.commit_time(id)?,
        };
        self.tips.insert(id, facts);
        self.dirty = true;
        Ok(facts)
    }

    fn merge_base(
        &mut self,
        repo: &Repository,
        tip: ObjectId,
        head: ObjectId,
    ) -> Result<Option<ObjectId>, HistoryError> {
        if let Some(b) = self.bases.get(&(tip, head)) {
            return Ok(*b);
        }
        let base = crate::history::snapshot::merge_base(repo, tip, head)?;
        self.bases.insert((tip, head), base);
        self.dirty = true;
        Ok(base)
    }

    fn blob(
        &mut self,
        repo: &Repository,
        id: ObjectId,
        titled: bool,
    ) -> Result<BlobFacts, HistoryError> {
        self.used_blobs.insert(id);
        if let Some(f) = self.blobs.get(&id) {
            if f.titled || !titled {
                return Ok(f.clone());
            }
        }
        let object = repo.find_object(id).map_err(|e| HistoryError::ReadBlob {
            id,
            source: Box::new(e),
        })?;
        let text = String::from_utf8_lossy(&object.data);
        let facts = BlobFacts {
            statuses: crate::document::statuses_of(&text),
            title: if titled { title_of(&text) } else { None },
            titled,
        };
        self.blobs.insert(id, facts.clone());
        self.dirty = true;
        Ok(facts)
    }

    /// The commit that set `path`'s status on the branch at `tip`: back
    /// along first parents from the tip while the version states the same
    /// status, stopping at the merge base `base` (and at a version that is
    /// the base's, which the branch did not write).
    fn since(
        &mut self,
        repo: &Repository,
        walker: &Walker<'_>,
        trees: &mut Trees,
        tip: ObjectId,
        base: Option<ObjectId>,
        path: &str,
    ) -> Result<Option<Moment>, HistoryError> {
        let key = (tip, base, path.to_string());
        if let Some(hit) = self.since.get(&key) {
            return Ok(hit.as_ref().map(moment));
        }
        let base_blob = match base {
            Some(b) => {
                let sub = self.tip(walker, b)?.subtree;
                history::blob_at(repo, trees, sub, path)?
            }
            None => None,
        };
        let tip_blob = {
            let sub = self.tip(walker, tip)?.subtree;
            history::blob_at(repo, trees, sub, path)?
        };
        let wanted = first_status(self, repo, tip_blob)?;
        let mut setter = tip;
        let mut current = tip;
        // Bounded by the branch's own commits; a cap guards against a
        // chain that never meets the base (a branch that merged HEAD's line in).
        for _ in 0..SINCE_LIMIT {
            let (_, parents) = walker.commit(current)?;
            let Some(parent) = parents.first().copied() else {
                break;
            };
            if Some(parent) == base {
                break;
            }
            // A parent this clone lacks (a shallow boundary) ends the walk.
            let Ok((ptree, _)) = walker.commit(parent) else {
                break;
            };
            let sub = walker.subtree(ptree)?;
            let blob = history::blob_at(repo, trees, sub, path)?;
            if blob.is_none() || blob == base_blob || first_status(self, repo, blob)? != wanted {
                break;
            }
            setter = parent;
            current = parent;
        }
        let info = history::commit_info(repo, setter, false)?;
        let facts = SinceFacts {
            commit: setter,
            time: info.time,
            author: info.author,
            email: info.email,
        };
        let m = moment(&facts);
        self.since.insert(key, Some(facts));
        self.dirty = true;
        Ok(Some(m))
    }

    fn write(&self) {
        let Some(path) = &self.path else { return };
        let mut out = Vec::new();
        let tips: BTreeMap<&ObjectId, &TipFacts> = self
            .tips
            .iter()
            .filter(|(id, _)| self.used_tips.contains(*id))
            .collect();
        put_uint(&mut out, tips.len() as u64);
        for (id, f) in tips {
            put_id(&mut out, Some(id));
            put_id(&mut out, f.subtree.as_ref());
            put_int(&mut out, f.time);
        }
        let bases: Vec<_> = self
            .bases
            .iter()
            .filter(|((tip, head), _)| {
                self.used_tips.contains(tip) && self.used_tips.contains(head)
            })
            .collect();
        put_uint(&mut out, bases.len() as u64);
        for ((tip, head), base) in bases {
            put_id(&mut out, Some(tip));
            put_id(&mut out, Some(head));
            put_id(&mut out, base.as_ref());
        }
        let blobs: Vec<_> = self
            .blobs
            .iter()
            .filter(|(id, _)| self.used_blobs.contains(*id))
            .collect();
        put_uint(&mut out, blobs.len() as u64);
        for (id, f) in blobs {
            put_id(&mut out, Some(id));
            put_uint(&mut out, f.statuses.len() as u64);
            for s in &f.statuses {
                put_str(&mut out, s);
            }
            out.push(u8::from(f.titled));
            put_opt_str(&mut out, f.title.as_deref());
        }
        let since: Vec<_> = self
            .since
            .iter()
            .filter(|((tip, _, _), _)| self.used_tips.contains(tip))
            .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
            .collect();
        put_uint(&mut out, since.len() as u64);
        for ((tip, base, path), f) in since {
            put_id(&mut out, Some(tip));
            put_id(&mut out, base.as_ref());
            put_str(&mut out, path);
            put_id(&mut out, Some(&f.commit));
            put_int(&mut out, f.time);
            put_str(&mut out, &f.author);
            put_str(&mut out, &f.email);
        }
        codec::write_file(path, &codec::frame(MAGIC, CACHE_VERSION, &self.key, &out));
    }

    fn decode(&mut self, payload: &[u8]) -> Option<()> {
        let mut r = Reader::new(payload);
        for _ in 0..r.len()? {
            let id = read_id(&mut r)??;
            let subtree = read_id(&mut r)?;
            let time = r.int()?;
            self.tips.insert(id, TipFacts { subtree, time });
        }
        for _ in 0..r.len()? {
            let tip = read_id(&mut r)??;
            let head = read_id(&mut r)??;
            let base = read_id(&mut r)?;
            self.bases.insert((tip, head), base);
        }
        for _ in 0..r.len()? {
            let id = read_id(&mut r)??;
            let mut statuses = Vec::new();
            for _ in 0..r.len()? {
                statuses.push(r.string()?);
            }
            let titled = r.flag()?;
            let title = r.opt_string()?;
            self.blobs.insert(
                id,
                BlobFacts {
                    statuses,
                    title,
                    titled,
                },
            );
        }
        for _ in 0..r.len()? {
            let tip = read_id(&mut r)??;
            let base = read_id(&mut r)?;
            let path = r.string()?;
            let commit = read_id(&mut r)??;
            let time = r.int()?;
            let author = r.string()?;
            let email = r.string()?;
            self.since.insert(
                (tip, base, path),
                Some(SinceFacts {
                    commit,
                    time,
                    author,
                    email,
                }),
            );
        }
        r.at_end().then_some(())
    }
}

/// How many commits back from a tip "since" looks at most.
const SINCE_LIMIT: usize = 10_000;

fn moment(f: &SinceFacts) -> Moment {
    Moment::of(&history::CommitInfo {
        id: f.commit.to_string(),
        time: f.time,
        author: f.author.clone(),
        email: f.email.clone(),
        trailers: Vec::new(),
        boundary: false,
    })
}

/// An object id (or none) as a length-prefixed byte string.
fn put_id(out: &mut Vec<u8>, id: Option<&ObjectId>) {
    match id {
        None => put_uint(out, 0),
        Some(id) => {
            let bytes = id.as_bytes();
            put_uint(out, bytes.len() as u64);
            out.extend_from_slice(bytes);
        }
    }
}

/// `Some(None)` for none, `None` when the input is damaged.
fn read_id(r: &mut Reader<'_>) -> Option<Option<ObjectId>> {
    match r.len()? {
        0 => Some(None),
        n => ObjectId::try_from(r.take(n)?).ok().map(Some),
    }
}

/// A document's title, as the work tree's parse reads it.
fn title_of(text: &str) -> Option<String> {
    crate::document::Document::parse_str("document.md", text.to_string())
        .0
        .title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ObjectId {
        ObjectId::from_hex(format!("{n:02x}").repeat(20).as_bytes()).unwrap()
    }

    #[test]
    fn the_cache_reads_back_what_it_wrote_and_damage_as_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = BranchCache::load(dir.path(), ".engineering");
        cache.tips.insert(
            id(1),
            TipFacts {
                subtree: Some(id(2)),
                time: 1_700_000_000,
            },
        );
        cache.tips.insert(
            id(3),
            TipFacts {
                subtree: None,
                time: -5,
            },
        );
        cache.bases.insert((id(1), id(3)), Some(id(3)));
        cache.bases.insert((id(3), id(1)), None);
        cache.blobs.insert(
            id(4),
            BlobFacts {
                statuses: vec!["In Progress".to_string(), "Ready".to_string()],
                title: Some("Phase 01: Ünï".to_string()),
                titled: true,
            },
        );
        cache.since.insert(
            (id(1), Some(id(3)), "a/01-x-plan.md".to_string()),
            Some(SinceFacts {
                commit: id(1),
                time: 1_700_000_000,
                author: "Ada".to_string(),
                email: "ada@example.com".to_string(),
            }),
        );
        cache.used_tips.extend([id(1), id(3)]);
        cache.used_blobs.insert(id(4));
        cache.write();
        let back = BranchCache::load(dir.path(), ".engineering");
        assert_eq!(back.tips.len(), 2);
        assert_eq!(back.tips[&id(1)].subtree, Some(id(2)));
        assert_eq!(back.tips[&id(3)].time, -5);
        assert_eq!(back.bases[&(id(1), id(3))], Some(id(3)));
        assert_eq!(back.bases[&(id(3), id(1))], None);
        assert_eq!(back.blobs[&id(4)].statuses, ["In Progress", "Ready"]);
        assert_eq!(back.blobs[&id(4)].title.as_deref(), Some("Phase 01: Ünï"));
        let since = back.since[&(id(1), Some(id(3)), "a/01-x-plan.md".to_string())]
            .as_ref()
            .unwrap();
        assert_eq!((since.commit, since.author.as_str()), (id(1), "Ada"));
        // Another root is another file; a damaged file reads as empty.
        assert!(BranchCache::load(dir.path(), "plans").tips.is_empty());
        let path = back.path.clone().unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, bytes).unwrap();
        let damaged = BranchCache::load(dir.path(), ".engineering");
        assert!(damaged.tips.is_empty() && damaged.blobs.is_empty());
    }
}

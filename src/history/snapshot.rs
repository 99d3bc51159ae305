//! The plan files as they are in a commit, for `status --at REV`: the same
//! listing the work-tree reader makes, read from git objects with gix.

use crate::tree::plan_tree::{ParseCache, Parsed, PlanTree};
use crate::workspace::config::PlanConfig;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};

use gix::{ObjectId, Repository};

use crate::history::promisor::{missing, Promisor};
use crate::history::walk::{self as history, HistoryError, Walker};
use crate::model::kind::Patterns;
use crate::model::kind::PLANNING_DIR;
use crate::model::kind::TEMPLATES_DIR;
use crate::tree::listing::{entry_path, visit, Entry, Visit};

/// Lists every Markdown file under `root` in `commit`'s tree.
pub fn read_commit(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
) -> Result<Vec<Entry>, HistoryError> {
    read_listed(repo, list_commit(repo, commit, root)?)
}

/// The entries of a listing, each Markdown file's blob read.
fn read_listed(repo: &Repository, listed: Vec<Listed>) -> Result<Vec<Entry>, HistoryError> {
    let mut out = Vec::new();
    for e in listed {
        out.push(match e {
            Listed::Blob { path, id } => Entry::File {
                path,
                bytes: read_blob(repo, id)?,
            },
            Listed::Other(entry) => entry,
        });
    }
    Ok(out)
}

pub use crate::tree::listing::Listed;

/// [`read_commit`]'s listing without reading the blobs, sorted by path.
pub fn list_commit(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
) -> Result<Vec<Listed>, HistoryError> {
    list_commit_in(repo, commit, root, None)
}

/// [`list_commit`], with the listings of the subtrees `cache` holds: a
/// subtree listed before (the same tree id at the same path) is not read
/// again.
pub fn list_commit_cached(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
    cache: &mut ParseCache,
) -> Result<Vec<Listed>, HistoryError> {
    list_commit_in(repo, commit, root, Some(cache))
}

fn list_commit_in(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
    mut cache: Option<&mut ParseCache>,
) -> Result<Vec<Listed>, HistoryError> {
    fetch_missing(repo, commit, root);
    let id = commit;
    let read = |e: gix::Error| HistoryError::ReadCommit {
        id,
        source: Box::new(e),
    };
    let mut tree = repo.find_commit(id).map_err(read)?.tree().map_err(read)?;
    if !root.is_empty() {
        let found = tree
            .peel_to_entry_by_path(root)
            .map_err(|e| HistoryError::FindPath {
                path: root.to_string(),
                commit: id,
                source: Box::new(e),
            })?;
        match found {
            Some(entry) if entry.mode().is_tree() => {
                let sub = entry.object_id();
                tree = repo.find_tree(sub).map_err(|e| HistoryError::ReadTree {
                    id: sub,
                    source: Box::new(e),
                })?;
            }
            _ => return Ok(Vec::new()),
        }
    }
    let mut out = Vec::new();
    walk(repo, tree.id, "", &mut out, &mut cache)?;
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

/// Appends the listing of `tree` (at `rel`) to `out`: the one `cache`
/// holds, else read now (and kept there). A listing follows from the tree's
/// id and its path alone.
fn walk(
    repo: &Repository,
    tree: ObjectId,
    rel: &str,
    out: &mut Vec<Listed>,
    cache: &mut Option<&mut ParseCache>,
) -> Result<(), HistoryError> {
    if let Some(listed) = cache.as_deref().and_then(|c| c.listing(tree, rel)) {
        out.extend_from_slice(listed);
        return Ok(());
    }
    let start = out.len();
    let object = repo.find_object(tree).map_err(|e| HistoryError::ReadTree {
        id: tree,
        source: Box::new(e),
    })?;
    let items: Vec<(String, bool, ObjectId)> =
        gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash())
            .filter_map(Result::ok)
            .filter(|e| e.mode.is_tree() || e.mode.is_blob())
            .map(|e| (e.filename.to_string(), e.mode.is_tree(), e.oid.to_owned()))
            .collect();
    for (name, is_tree, id) in items {
        let mut others = Vec::new();
        let visited = visit(rel, &name, is_tree, &mut others);
        out.extend(others.into_iter().map(Listed::Other));
        match visited {
            Visit::Skip => {}
            Visit::Descend(path) => walk(repo, id, &path, out, cache)?,
            Visit::Read(path) => out.push(Listed::Blob { path, id }),
        }
    }
    if let Some(c) = cache.as_deref_mut() {
        c.keep_listing(tree, rel, out[start..].to_vec());
    }
    Ok(())
}

/// In a partial clone, fetches what reading `root` in `commit` needs and
/// the clone lacks, as git does for a batch of objects: the trees on the
/// way to and under `root` level by level (a treeless clone; a tree fetched
/// with `--filter=blob:none` brings its subtrees), then the Markdown blobs
/// under `root`, each batch in one `git fetch`. In a full clone this is one
/// configuration lookup. A fetch that fails (no network) leaves the read
/// to name the object it cannot find.
fn fetch_missing(repo: &Repository, commit: ObjectId, root: &str) {
    let Some(mut promisor) = Promisor::of(repo) else {
        return;
    };
    let Some(tree) = repo.find_commit(commit).ok().and_then(|c| c.tree_id().ok()) else {
        return;
    };
    let root = root.trim_matches('/');
    let inside =
        |path: &str| root.is_empty() || path == root || path.starts_with(&format!("{root}/"));
    let toward = |path: &str| root.starts_with(&format!("{path}/"));
    let mut level = vec![(tree.detach(), String::new())];
    let mut blobs = Vec::new();
    while !level.is_empty() {
        let lacking = missing(repo, level.iter().map(|(id, _)| *id));
        if !lacking.is_empty() && promisor.fetch(repo, &lacking).is_err() {
            return;
        }
        let mut next = Vec::new();
        for (id, rel) in &level {
            let Ok(object) = repo.find_object(*id) else {
                continue;
            };
            for e in gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash())
                .filter_map(Result::ok)
            {
                let name = e.filename.to_string();
                let path = if rel.is_empty() {
                    name.clone()
                } else {
                    format!("{rel}/{name}")
                };
                if e.mode.is_tree() && (inside(&path) || toward(&path)) {
                    next.push((e.oid.to_owned(), path));
                } else if e.mode.is_blob() && inside(&path) && name.to_lowercase().ends_with(".md")
                {
                    blobs.push(e.oid.to_owned());
                }
            }
        }
        level = next;
    }
    let lacking = missing(repo, blobs);
    if !lacking.is_empty() {
        let _ = promisor.fetch(repo, &lacking);
    }
}

/// Lists every plan document staged in the index (the blobs a commit would
/// record), as [`plan_entries`] lists a commit's: Markdown under `root`,
/// and the records of decision-record collections outside it; with the
/// paths that differ from HEAD.
pub fn read_index(
    repo: &Repository,
    root: &str,
    patterns: &Patterns,
) -> Result<(Vec<Entry>, BTreeSet<String>), HistoryError> {
    let index = repo.index_or_empty().map_err(|e| HistoryError::ReadIndex {
        source: Box::new(e),
    })?;
    let prefix = if root.is_empty() {
        String::new()
    } else {
        format!("{root}/")
    };
    let outside = outside_collections(root, patterns);
    let mut staged: BTreeMap<String, ObjectId> = BTreeMap::new();
    for entry in index.entries() {
        if entry.stage_raw() != 0 {
            continue; // an unmerged path: its stages are not a plan yet
        }
        let full = entry.path(&index).to_string();
        // Under the root, or in a collection outside it (`../decisions/`):
        // the listing rules apply to the path within.
        let (rel, within) = match full.strip_prefix(&prefix) {
            Some(rel) => (rel.to_string(), rel),
            None => match outside.iter().find_map(|(dir, rel_dir)| {
                let rest = full.strip_prefix(dir.as_str())?.strip_prefix('/')?;
                Some((format!("{rel_dir}/{rest}"), rest))
            }) {
                Some(found) => found,
                None => continue,
            },
        };
        if listed(within) && patterns.is_listed(&rel) {
            staged.insert(rel, entry.id);
        }
    }
    let head: BTreeMap<String, ObjectId> = match repo.head_id() {
        Ok(id) => plan_listing(repo, id.detach(), root, patterns, None)?
            .into_iter()
            .filter_map(|e| match e {
                Listed::Blob { path, id } => Some((path, id)),
                Listed::Other(_) => None,
            })
            .collect(),
        Err(_) => BTreeMap::new(),
    };
    let mut changed: BTreeSet<String> = staged
        .iter()
        .filter(|(p, id)| head.get(*p) != Some(*id))
        .map(|(p, _)| p.clone())
        .collect();
    changed.extend(head.keys().filter(|p| !staged.contains_key(*p)).cloned());
    let mut out = directories(staged.keys());
    for (path, id) in staged {
        let bytes = read_blob(repo, id)?;
        out.push(Entry::File { path, bytes });
    }
    out.sort_by(|a, b| entry_path(a).cmp(entry_path(b)));
    Ok((out, changed))
}

/// The decision-record collections that lie outside `root` (`../doc/adr`
/// from `.engineering/`): each one's folder from the top of the work tree,
/// and as written relative to the root.
fn outside_collections<'p>(root: &str, patterns: &'p Patterns) -> Vec<(String, &'p str)> {
    patterns
        .collections
        .iter()
        .filter(|c| c.dir.starts_with("../"))
        .map(|c| (crate::base::text::joined(root, &c.dir), c.dir.as_str()))
        .collect()
}

/// The plan documents (as [`plan_entries`] lists them: Markdown under
/// `root`, and the records of decision-record collections outside it) that
/// differ between two commits, by their paths relative to `root`.
pub fn changed_between(
    repo: &Repository,
    from: ObjectId,
    to: ObjectId,
    root: &str,
    patterns: &Patterns,
) -> Result<BTreeSet<String>, HistoryError> {
    let mut out = BTreeSet::new();
    let dirs = std::iter::once((root.to_string(), None)).chain(
        outside_collections(root, patterns)
            .into_iter()
            .map(|(d, r)| (d, Some(r))),
    );
    for (dir, rel_dir) in dirs {
        fetch_missing(repo, from, &dir);
        fetch_missing(repo, to, &dir);
        let walker = Walker::new(repo, &dir)?;
        let old = walker.subtree(walker.commit(from)?.0)?;
        let new = walker.subtree(walker.commit(to)?.0)?;
        let mut changes = Vec::new();
        history::diff_trees(
            repo,
            &mut history::Trees::default(),
            old,
            new,
            "",
            &mut changes,
        )?;
        out.extend(
            changes
                .into_iter()
                .map(|(p, _, _)| match rel_dir {
                    Some(rel_dir) => format!("{rel_dir}/{p}"),
                    None => p,
                })
                .filter(|p| patterns.is_listed(p)),
        );
    }
    Ok(out)
}

/// The best common ancestor of two commits.
pub fn merge_base(
    repo: &Repository,
    a: ObjectId,
    b: ObjectId,
) -> Result<Option<ObjectId>, HistoryError> {
    let base = repo.merge_base(a, b).map_err(|e| HistoryError::MergeBase {
        a,
        b,
        source: Box::new(e),
    })?;
    Ok(base.map(|id| id.detach()))
}

/// The bytes of a blob.
fn read_blob(repo: &Repository, id: ObjectId) -> Result<Vec<u8>, HistoryError> {
    let object = repo.find_object(id).map_err(|e| HistoryError::ReadBlob {
        id,
        source: Box::new(e),
    })?;
    Ok(object.data.clone())
}

/// Would the work-tree reader list this path (relative to the root)?
fn listed(rel: &str) -> bool {
    rel.to_lowercase().ends_with(".md")
        && !rel.split('/').any(|part| part.starts_with('.'))
        && !rel.starts_with(&format!("{TEMPLATES_DIR}/"))
}

/// The directory entries the work-tree reader would report for these files.
fn directories<'a>(paths: impl Iterator<Item = &'a String>) -> Vec<Entry> {
    let mut initiatives = BTreeSet::new();
    let mut md_dirs = BTreeSet::new();
    for p in paths {
        if let Some(folder) = crate::tree::classify::initiative_of(p) {
            initiatives.insert(format!("{PLANNING_DIR}/{folder}"));
        }
        let parts: Vec<&str> = p.split('/').collect();
        for i in 0..parts.len().saturating_sub(1) {
            if parts[i].to_lowercase().ends_with(".md") {
                md_dirs.insert(parts[..=i].join("/"));
            }
        }
    }
    initiatives
        .into_iter()
        .map(|path| Entry::InitiativeDir { path })
        .chain(
            md_dirs
                .into_iter()
                .map(|path| Entry::MarkdownNamedDir { path }),
        )
        .collect()
}

/// The Markdown files of the plan as committed in `commit`: the root's
/// ([`read_commit`]), only the collections' when the root is read for
/// them alone, and those of collections outside the root from their own
/// subtrees, with paths relative to the root (`../doc/adr/x.md`).
pub fn plan_entries(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
    patterns: &crate::model::kind::Patterns,
) -> Result<Vec<Entry>, HistoryError> {
    read_listed(repo, plan_listing(repo, commit, root, patterns, None)?)
}

/// [`plan_entries`]'s listing without reading the blobs, sorted by path.
fn plan_listing(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
    patterns: &crate::model::kind::Patterns,
    mut cache: Option<&mut ParseCache>,
) -> Result<Vec<Listed>, HistoryError> {
    let mut listed = list_commit_in(repo, commit, root, cache.as_deref_mut())?;
    if !patterns.root_listed {
        listed.retain(|e| patterns.is_listed(e.path()));
    }
    for c in patterns
        .collections
        .iter()
        .filter(|c| c.dir.starts_with("../"))
    {
        let dir = crate::base::text::joined(root, &c.dir);
        for e in list_commit_in(repo, commit, &dir, cache.as_deref_mut())? {
            if let Listed::Blob { path, id } = e {
                let path = format!("{}/{path}", c.dir);
                if patterns.is_listed(&path) {
                    listed.push(Listed::Blob { path, id });
                }
            }
        }
    }
    listed.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(listed)
}

/// The plan tree of the files [`plan_entries`] lists in `commit`, built
/// with the parses `cache` holds: only the file versions it has not seen
/// are read and parsed. The same tree as `PlanTree::build(plan_entries(..))`.
pub fn plan_tree_cached(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
    config: &PlanConfig,
    cache: &mut ParseCache,
) -> Result<PlanTree, HistoryError> {
    let listed = plan_listing(repo, commit, root, &config.patterns, Some(cache))?;
    tree_of(listed, config, |path, id| {
        cache.parse(path, id, config, || read_blob(repo, id))
    })
}

/// The tree of summaries of the files [`read_commit`] lists in `commit`
/// (the root's only), built with the parses `cache` holds: what a
/// dependency guard reads of the documents at a commit.
pub fn commit_summaries_cached(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
    config: &PlanConfig,
    cache: &mut ParseCache,
) -> Result<PlanTree<()>, HistoryError> {
    let listed = list_commit_cached(repo, commit, root, cache)?;
    tree_of(listed, config, |path, id| {
        cache.summary(path, id, config, || read_blob(repo, id))
    })
}

/// The trees of summaries of several commits ([`commit_summaries_cached`]),
/// read one after the other: where a commit's listing differs from the one
/// before only in the versions of some documents, and each new version is
/// the same document in the same place (path, kind, id, a status where the
/// old one had one, the same diagnostics), the tree before is patched with
/// them instead of being assembled again from every summary. Either way it
/// is the tree [`commit_summaries_cached`] makes of that commit.
#[derive(Debug, Default)]
pub struct SummaryTrees {
    last: Option<LastTree>,
}

/// The tree of the last commit read, and what patching it needs.
#[derive(Debug)]
struct LastTree {
    commit: ObjectId,
    listed: Vec<Listed>,
    /// For each blob of `listed`, in order: its document's place in
    /// `tree.documents` (`None`: no document) and its diagnostics.
    blobs: Vec<(Option<usize>, Vec<crate::model::diagnostic::Diagnostic>)>,
    tree: PlanTree<()>,
}

impl SummaryTrees {
    /// The tree of summaries of the root's files in `commit`.
    pub fn at(
        &mut self,
        repo: &Repository,
        commit: ObjectId,
        root: &str,
        config: &PlanConfig,
        cache: &mut ParseCache,
    ) -> Result<&PlanTree<()>, HistoryError> {
        let last = match self.last.take() {
            Some(last) if last.commit == commit => last,
            Some(last) => {
                let listed = list_commit_cached(repo, commit, root, cache)?;
                let patched = patch(last, commit, listed, |path, id| {
                    cache.summary(path, id, config, || read_blob(repo, id))
                })?;
                match patched {
                    Ok(last) => last,
                    Err(listed) => assembled(repo, commit, listed, config, cache)?,
                }
            }
            None => assembled(
                repo,
                commit,
                list_commit_cached(repo, commit, root, cache)?,
                config,
                cache,
            )?,
        };
        Ok(&self.last.insert(last).tree)
    }
}

/// The tree of summaries of a listing, assembled from every summary.
fn assembled(
    repo: &Repository,
    commit: ObjectId,
    listed: Vec<Listed>,
    config: &PlanConfig,
    cache: &mut ParseCache,
) -> Result<LastTree, HistoryError> {
    let mut dirs = Vec::new();
    let mut parsed = Vec::new();
    let mut blobs = Vec::new();
    let mut docs = 0;
    for e in &listed {
        match e {
            Listed::Blob { path, id } => {
                let (doc, diagnostics) =
                    cache.summary(path, *id, config, || read_blob(repo, *id))?;
                let at = doc.as_ref().map(|_| {
                    docs += 1;
                    docs - 1
                });
                blobs.push((at, diagnostics.clone()));
                parsed.push((doc, diagnostics));
            }
            Listed::Other(entry) => dirs.push(entry.clone()),
        }
    }
    Ok(LastTree {
        commit,
        listed,
        blobs,
        tree: ParseCache::assemble(dirs, parsed, config),
    })
}

/// `last` patched to the tree of `listed` (the listing of `commit`), or
/// `listed` back when it cannot be (see [`SummaryTrees`]).
fn patch(
    mut last: LastTree,
    commit: ObjectId,
    listed: Vec<Listed>,
    mut summary: impl FnMut(&str, ObjectId) -> Result<Parsed<()>, HistoryError>,
) -> Result<Result<LastTree, Vec<Listed>>, HistoryError> {
    if listed.len() != last.listed.len() {
        return Ok(Err(listed));
    }
    let mut changed = Vec::new();
    let mut blob = 0;
    for (old, new) in last.listed.iter().zip(&listed) {
        match (old, new) {
            (Listed::Blob { path: p, id: a }, Listed::Blob { path: q, id: b }) if p == q => {
                if a != b {
                    changed.push((blob, q.as_str(), *b));
                }
                blob += 1;
            }
            (Listed::Other(a), Listed::Other(b)) if a == b => {}
            _ => return Ok(Err(listed)),
        }
    }
    let mut replacements = Vec::with_capacity(changed.len());
    for (blob, path, id) in changed {
        let (doc, diagnostics) = summary(path, id)?;
        let (at, old_diagnostics) = &last.blobs[blob];
        let (Some(at), Some(doc)) = (*at, doc) else {
            return Ok(Err(listed));
        };
        if diagnostics != *old_diagnostics || !last.tree.same_place(at, &doc) {
            return Ok(Err(listed));
        }
        replacements.push((at, doc));
    }
    last.tree.replace_documents(replacements);
    last.commit = commit;
    last.listed = listed;
    Ok(Ok(last))
}

fn tree_of<D>(
    listed: Vec<Listed>,
    config: &PlanConfig,
    mut parse: impl FnMut(&str, ObjectId) -> Result<Parsed<D>, HistoryError>,
) -> Result<PlanTree<D>, HistoryError> {
    let mut dirs = Vec::new();
    let mut parsed = Vec::new();
    for e in listed {
        match e {
            Listed::Blob { path, id } => parsed.push(parse(&path, id)?),
            Listed::Other(entry) => dirs.push(entry),
        }
    }
    Ok(ParseCache::assemble(dirs, parsed, config))
}

/// The plan tree of `ws` as committed at `rev`, and the commit id.
pub fn tree_at(ws: &Workspace, rev: &str) -> Result<(PlanTree, String), HistoryError> {
    let (repo, root) = ws.plan_repo()?;
    let commit = history::resolve_rev(&repo, rev)?;
    ws.require_root_at(&[commit])?;
    let entries = plan_entries(&repo, commit, &root, &ws.config.patterns)?;
    Ok((PlanTree::build(entries, &ws.config), commit.to_string()))
}

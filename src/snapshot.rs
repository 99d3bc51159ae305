//! The plan files as they are in a commit, for `status --at REV`: the same
//! listing the work-tree reader makes, read from git objects with gix.

use gix::{ObjectId, Repository};

use crate::classify::PLANNING_DIR;
use crate::history::HistoryError;
use crate::tree::{Entry, TEMPLATES_DIR};

/// Lists every Markdown file under `root` in `commit`'s tree.
pub fn read_commit(
    repo: &Repository,
    commit: ObjectId,
    root: &str,
) -> Result<Vec<Entry>, HistoryError> {
    let commit = repo.find_commit(commit)?;
    let mut tree = commit.tree()?;
    if !root.is_empty() {
        match tree.peel_to_entry_by_path(root)? {
            Some(entry) if entry.mode().is_tree() => tree = repo.find_tree(entry.object_id())?,
            _ => return Ok(Vec::new()),
        }
    }
    let mut out = Vec::new();
    walk(repo, tree.id, "", &mut out)?;
    out.sort_by(|a, b| path(a).cmp(path(b)));
    Ok(out)
}

fn path(e: &Entry) -> &str {
    match e {
        Entry::File { path, .. }
        | Entry::MarkdownNamedDir { path }
        | Entry::InitiativeDir { path } => path,
    }
}

fn walk(
    repo: &Repository,
    tree: ObjectId,
    rel: &str,
    out: &mut Vec<Entry>,
) -> Result<(), HistoryError> {
    let object = repo.find_object(tree)?;
    let items: Vec<(String, bool, ObjectId)> =
        gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash())
            .filter_map(Result::ok)
            .filter(|e| e.mode.is_tree() || e.mode.is_blob())
            .map(|e| (e.filename.to_string(), e.mode.is_tree(), e.oid.to_owned()))
            .collect();
    for (name, is_tree, id) in items {
        if name.starts_with('.') {
            continue;
        }
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if is_tree {
            if rel.is_empty() && name == TEMPLATES_DIR {
                continue;
            }
            if rel == PLANNING_DIR {
                out.push(Entry::InitiativeDir { path: path.clone() });
            }
            if name.to_lowercase().ends_with(".md") {
                out.push(Entry::MarkdownNamedDir { path: path.clone() });
            }
            walk(repo, id, &path, out)?;
        } else if name.to_lowercase().ends_with(".md") {
            let bytes = repo.find_object(id)?.data.clone();
            out.push(Entry::File { path, bytes });
        }
    }
    Ok(())
}

//! A [`Change`]: everything one command does to the plan files, computed
//! before anything is written; then applied (files written, committed with
//! exactly those paths) and, if anything fails, undone so that the tree is
//! as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

use crate::write::git::{self, Committed, GitError};
use crate::write::lock::PlanLock;
use crate::write::message::CommitMessage;

/// A file to create, relative to the engineering root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: String,
    pub contents: String,
}

/// A file to rewrite, relative to the engineering root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub path: String,
    pub before: String,
    pub after: String,
}

/// A file to remove, relative to the engineering root, with the bytes it
/// must still hold (what the change was planned on), to put back on failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub path: String,
    pub before: String,
}

/// Everything one command does to the tree, computed before anything is
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The id of the document or initiative the change is about.
    pub id: String,
    pub creates: Vec<NewFile>,
    pub edits: Vec<FileEdit>,
    /// Files removed (`renumber`: the old name of a renamed file, whose new
    /// name is in `creates`; git records the pair as a rename).
    pub removes: Vec<Removal>,
    pub message: CommitMessage,
}

impl Change {
    /// Every path the change touches: created, edited, then removed. The
    /// commit holds exactly these.
    pub fn paths(&self) -> Vec<String> {
        self.creates
            .iter()
            .map(|f| f.path.clone())
            .chain(self.edits.iter().map(|e| e.path.clone()))
            .chain(self.removes.iter().map(|r| r.path.clone()))
            .collect()
    }
}

/// Why a change was not applied. In every case the tree is as it was.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{path} already exists; nothing was written")]
    Exists { path: String },
    /// A file to remove is missing or no longer holds what the change was
    /// planned on.
    #[error("{path} changed while git plan was working; nothing was written")]
    Changed { path: String },
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `git commit` failed (a hook refused it, say): the files were put back.
    #[error("the commit failed and the plan files were put back as they were")]
    Commit(#[source] GitError),
    /// The repository is not in a state to commit (a merge or rebase in
    /// progress, a held index lock): nothing was written.
    #[error(transparent)]
    Refused(GitError),
    /// A signal (its number) asked the run to stop before the commit was
    /// made: the files were put back as they were.
    #[error("interrupted by signal {signal}; the plan files were put back as they were")]
    Interrupted { signal: usize },
}

/// Writes a change under `root`, then commits its files in `repo_dir` (the
/// work tree holding them; `root_in_repo` is the root's path there) unless
/// `commit` is false. On any failure every file is put back as it was.
/// `lock` is held from before the tree the change was planned on was read:
/// the commit goes on top of the HEAD it saw. `interrupt` holds the number
/// of a signal that asks the run to stop (zero while none has come; the
/// caller's handlers set it): it is checked before anything is written,
/// after the files are written and while `git commit` runs, and a signal
/// there is undone like a failure ([`ApplyError::Interrupted`]).
pub fn apply(
    change: &Change,
    root: &Path,
    repo_dir: &Path,
    root_in_repo: &str,
    commit: bool,
    lock: &PlanLock,
    interrupt: &AtomicUsize,
) -> Result<Option<Committed>, ApplyError> {
    if let Some(signal) = git::interrupted(interrupt) {
        return Err(ApplyError::Interrupted { signal });
    }
    for f in &change.creates {
        if root.join(&f.path).exists() {
            return Err(ApplyError::Exists {
                path: f.path.clone(),
            });
        }
    }
    for r in &change.removes {
        let path = root.join(&r.path);
        if std::fs::read(&path).ok().as_deref() != Some(r.before.as_bytes()) {
            return Err(ApplyError::Changed {
                path: r.path.clone(),
            });
        }
    }
    let git_dir = if commit {
        Some(git::ensure_quiet(repo_dir).map_err(ApplyError::Refused)?)
    } else {
        None
    };
    let mut undo = Undo::default();
    let result = write_all(change, root, &mut undo).and_then(|()| {
        if let Some(signal) = git::interrupted(interrupt) {
            return Err(ApplyError::Interrupted { signal });
        }
        let Some(git_dir) = &git_dir else {
            return Ok(None);
        };
        let paths: Vec<String> = change
            .paths()
            .iter()
            .map(|p| in_repo(root_in_repo, p))
            .collect();
        git::commit_paths(
            repo_dir,
            git_dir,
            &paths,
            &change.message.to_string(),
            lock.head(),
            interrupt,
        )
        .map(Some)
        .map_err(|e| match e {
            GitError::Interrupted { signal } => ApplyError::Interrupted { signal },
            other => ApplyError::Commit(other),
        })
    });
    match result {
        Ok(committed) => Ok(committed),
        Err(e) => {
            undo.run();
            Err(e)
        }
    }
}

/// A path relative to the root as seen from the top of the repository that
/// holds the plans (`root_in_repo` as [`crate::workspace::Workspace::plan_repository`]
/// gives it).
pub fn in_repo(root_in_repo: &str, path: &str) -> String {
    // A collection outside the root: `../doc/adr/x.md` from `.engineering`.
    if path.starts_with("../") {
        crate::base::text::joined(root_in_repo, path)
    } else if root_in_repo.is_empty() {
        path.to_string()
    } else {
        format!("{root_in_repo}/{path}")
    }
}

fn write_all(change: &Change, root: &Path, undo: &mut Undo) -> Result<(), ApplyError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ApplyError::Io { path, source }
    };
    for f in &change.creates {
        let path = root.join(&f.path);
        if let Some(parent) = path.parent() {
            let mut missing = Vec::new();
            let mut p = parent;
            while !p.exists() {
                missing.push(p.to_path_buf());
                match p.parent() {
                    Some(up) => p = up,
                    None => break,
                }
            }
            std::fs::create_dir_all(parent).map_err(io(parent))?;
            undo.dirs.extend(missing);
        }
        write_file(&path, f.contents.as_bytes()).map_err(io(&path))?;
        undo.created.push(path);
    }
    for e in &change.edits {
        let path = root.join(&e.path);
        write_file(&path, e.after.as_bytes()).map_err(io(&path))?;
        undo.restored.push((path, e.before.clone()));
    }
    for r in &change.removes {
        let path = root.join(&r.path);
        std::fs::remove_file(&path).map_err(io(&path))?;
        undo.restored.push((path, r.before.clone()));
    }
    Ok(())
}

/// Writes `path` whole or not at all: into a hidden temporary file in the
/// same directory (the listing skips hidden files), then renamed over it,
/// keeping the old file's permissions. A reader (`git add` in another
/// process, say) sees the old bytes or the new ones, never an empty or
/// half-written file.
pub fn write_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.git-plan-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(contents)?;
        if let Ok(meta) = std::fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// What to put back when a change fails half-way.
#[derive(Default)]
struct Undo {
    created: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    restored: Vec<(PathBuf, String)>,
}

impl Undo {
    fn run(self) {
        for (path, before) in self.restored {
            let _ = write_file(&path, before.as_bytes());
        }
        for path in self.created {
            let _ = std::fs::remove_file(path);
        }
        // Innermost first: `dirs` was collected from the deepest upwards.
        for dir in self.dirs {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

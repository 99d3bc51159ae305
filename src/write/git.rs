//! Writing commits with the `git` command, so that the user's hooks,
//! signing, identity and index rules apply. A commit made here holds only the
//! paths it is given: it is built in a temporary index from HEAD, and the
//! user's own index is touched only afterwards, only for those paths.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git")]
    Spawn {
        #[source]
        source: std::io::Error,
    },
    #[error("`git {command}` failed: {stderr}")]
    Failed { command: String, stderr: String },
    #[error("a {operation} is in progress in {repo}")]
    InProgress {
        operation: &'static str,
        repo: PathBuf,
    },
    #[error("{path} exists: another git process is running, or one crashed")]
    IndexLocked { path: PathBuf },
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A commit made by [`commit_paths`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    pub id: String,
    pub paths: Vec<String>,
}

/// Runs `git -C dir args...` and returns its stdout.
pub fn git(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    run(dir, args, &[], None)
}

fn run(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &Path)],
    stdin: Option<&str>,
) -> Result<String, GitError> {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|source| GitError::Spawn { source })?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input.as_bytes())
            .map_err(|source| GitError::Spawn { source })?;
    }
    let out = child
        .wait_with_output()
        .map_err(|source| GitError::Spawn { source })?;
    if !out.status.success() {
        return Err(GitError::Failed {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

/// Does the repository's current branch have a commit?
pub fn has_head(repo_dir: &Path) -> bool {
    git(repo_dir, &["rev-parse", "-q", "--verify", "HEAD^{commit}"]).is_ok()
}

/// Does `path` differ from HEAD, in the index or the work tree?
pub fn is_modified(repo_dir: &Path, path: &str) -> Result<bool, GitError> {
    Ok(!git(
        repo_dir,
        &["status", "--porcelain", "--untracked-files=no", "--", path],
    )?
    .is_empty())
}

/// Refuses while a merge, rebase, cherry-pick, revert, bisect or `am` is in
/// progress, or while the index is locked: a commit then would mix the
/// user's operation with ours. Returns the absolute git directory, which
/// [`commit_paths`] needs.
pub fn ensure_quiet(repo_dir: &Path) -> Result<PathBuf, GitError> {
    let git_dir = PathBuf::from(git(repo_dir, &["rev-parse", "--absolute-git-dir"])?);
    if let Ok(repo) = gix::open(&git_dir) {
        if let Some(state) = repo.state() {
            use gix::state::InProgress::*;
            let operation = match state {
                ApplyMailbox | ApplyMailboxRebase => "git am",
                Bisect => "bisect",
                CherryPick | CherryPickSequence => "cherry-pick",
                Merge => "merge",
                Rebase | RebaseInteractive => "rebase",
                Revert | RevertSequence => "revert",
            };
            return Err(GitError::InProgress {
                operation,
                repo: repo_dir.to_path_buf(),
            });
        }
    }
    let lock = git_dir.join("index.lock");
    if lock.exists() {
        return Err(GitError::IndexLocked { path: lock });
    }
    Ok(git_dir)
}

/// Commits exactly `paths` (relative to `repo_dir`, the top of a work tree)
/// as they are in the work tree, with `message`. Other staged and unstaged
/// changes stay as they were; afterwards the index entries of `paths` match
/// the new commit. `git_dir` is what [`ensure_quiet`] returned: check first,
/// write the files, then commit.
pub fn commit_paths(
    repo_dir: &Path,
    git_dir: &Path,
    paths: &[String],
    message: &str,
) -> Result<Committed, GitError> {
    let has_head = has_head(repo_dir);
    let temp_index = TempFile(git_dir.join(format!("git-plan-index.{}", std::process::id())));
    let env = [("GIT_INDEX_FILE", temp_index.0.as_path())];
    if has_head {
        run(repo_dir, &["read-tree", "HEAD"], &env, None)?;
    } else {
        run(repo_dir, &["read-tree", "--empty"], &env, None)?;
    }
    let mut add = vec!["add", "--"];
    add.extend(paths.iter().map(String::as_str));
    run(repo_dir, &add, &env, None)?;
    run(
        repo_dir,
        &["commit", "--quiet", "--file=-"],
        &env,
        Some(message),
    )?;
    let id = git(repo_dir, &["rev-parse", "HEAD"])?;
    let mut reset = vec!["reset", "--quiet", "HEAD", "--"];
    reset.extend(paths.iter().map(String::as_str));
    git(repo_dir, &reset)?;
    Ok(Committed {
        id,
        paths: paths.to_vec(),
    })
}

/// Removed when dropped, whatever happened.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

//! The lock that makes every writing command of git-plan atomic with
//! respect to other git-plan runs: a file of our own, `git-plan.lock` in the
//! common git directory (shared by linked worktrees), created with
//! `O_EXCL` (`create_new`) and holding the pid of its owner. A command
//! takes it before it reads the tree, plans its change under it, and drops
//! it after the commit and the index update; HEAD as it was when the lock
//! was taken is the base of the commit (see
//! [`crate::write::git::commit_paths`]).
//!
//! Once it holds the lock, a command also clears up after a run that was
//! killed outright (SIGKILL, a power cut): see [`Recovered`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::write::git::{self, GitError};

/// The lock file's name in the common git directory.
pub const LOCK_FILE: &str = "git-plan.lock";

/// How long an empty lock file (its owner died between creating it and
/// writing its pid) is respected.
const EMPTY_LOCK_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another git plan is running (lock {path} held by {})", match pid { Some(pid) => format!("pid {pid}"), None => "a process that has not written its pid yet".to_string() })]
    Held { path: PathBuf, pid: Option<u32> },
    #[error("cannot create the lock {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Git(#[from] GitError),
}

/// A held lock; the file is removed when this is dropped.
#[derive(Debug)]
pub struct PlanLock {
    path: PathBuf,
    head: Option<String>,
    recovered: Recovered,
}

/// What a killed run left, cleared when the lock was taken.
///
/// A run killed while `git commit` ran leaves its temporary index
/// `git-plan-index.PID` in the git directory, and, when the commit landed
/// after all (git outlives a killed parent), the user's index still holds
/// the plan files as they were before the commit: a staged revert of it.
/// Updating the index from inside the same git invocation would need
/// `git commit --only -- PATHS`, which refuses new files and commits on
/// whatever HEAD is then rather than the one planned on; so the next run
/// repairs it instead. The temporary index says exactly what happened: if
/// its tree is HEAD's tree, its commit landed, and each path that commit
/// changed whose index entry is still the parent's version is reset to
/// HEAD. Anything else in the index (the user's own staging) is left alone.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// Temporary indexes of dead runs, removed.
    pub removed: Vec<PathBuf>,
    /// Paths whose index entries were put back to HEAD's version.
    pub index_repaired: Vec<String>,
}

impl PlanLock {
    /// Takes the lock of the repository whose work tree is `repo_dir`,
    /// retrying for up to `timeout` while another live process holds it. A
    /// lock whose pid is dead is removed. HEAD is read once the lock is
    /// held.
    pub fn acquire(repo_dir: &Path, timeout: Duration) -> Result<PlanLock, LockError> {
        let dirs = git::git(
            repo_dir,
            &["rev-parse", "--git-common-dir", "--absolute-git-dir"],
        )?;
        let mut dirs = dirs.lines();
        let common = dirs.next().unwrap_or(".git");
        let git_dir = repo_dir.join(dirs.next().unwrap_or(common));
        let path = repo_dir.join(common).join(LOCK_FILE);
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(2);
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    // Removed on drop from here on, whatever fails next.
                    let mut lock = PlanLock {
                        path: path.clone(),
                        head: None,
                        recovered: Recovered::default(),
                    };
                    file.write_all(std::process::id().to_string().as_bytes())
                        .map_err(|source| LockError::Io {
                            path: path.clone(),
                            source,
                        })?;
                    drop(file);
                    lock.recovered = recover(repo_dir, &git_dir);
                    lock.head = git::head(repo_dir);
                    return Ok(lock);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let owner = read_owner(&path);
                    if is_stale(&path, owner) {
                        // Two runs may both find it stale; removing it twice
                        // is harmless, and the window in which one removes a
                        // lock the other has just re-created is a few
                        // instructions wide.
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    if Instant::now() >= deadline {
                        return Err(LockError::Held { path, pid: owner });
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(source) => return Err(LockError::Io { path, source }),
            }
        }
    }

    /// HEAD's commit when the lock was taken (`None` on an unborn branch).
    pub fn head(&self) -> Option<&str> {
        self.head.as_deref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What a killed run had left, cleared when the lock was taken.
    pub fn recovered(&self) -> &Recovered {
        &self.recovered
    }
}

/// The prefix of the temporary index of [`git::commit_paths`].
const TEMP_INDEX_PREFIX: &str = "git-plan-index.";

/// How long the `.lock` of a dead run's temporary index is taken to mean
/// that its `git commit` is still running (a slow hook).
const ORPHAN_COMMIT_GRACE: Duration = Duration::from_secs(600);

/// Clears what runs that died left in `git_dir` (see [`Recovered`]); best
/// effort: what cannot be read is left as it is.
fn recover(repo_dir: &Path, git_dir: &Path) -> Recovered {
    let mut recovered = Recovered::default();
    let Ok(entries) = std::fs::read_dir(git_dir) else {
        return recovered;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_INDEX_PREFIX))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if process_alive(pid) {
            continue;
        }
        let path = entry.path();
        let mut git_lock = path.clone().into_os_string();
        git_lock.push(".lock");
        let git_lock = PathBuf::from(git_lock);
        let young = |p: &Path| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age < ORPHAN_COMMIT_GRACE)
        };
        if git_lock.exists() {
            if young(&git_lock) {
                // Its `git commit` may still be running, orphaned.
                continue;
            }
            let _ = std::fs::remove_file(&git_lock);
        }
        recovered
            .index_repaired
            .extend(repair_index(repo_dir, &path));
        if std::fs::remove_file(&path).is_ok() {
            recovered.removed.push(path);
        }
    }
    recovered
}

/// When the commit made from the temporary index `temp` is HEAD, resets
/// the user's index entries of the paths it changed that still hold the
/// parent's version; returns them.
fn repair_index(repo_dir: &Path, temp: &Path) -> Vec<String> {
    let repaired = (|| -> Result<Vec<String>, GitError> {
        let tree = git::git_with_index(repo_dir, temp, &["write-tree"])?;
        let head_tree = git::git(repo_dir, &["rev-parse", "-q", "--verify", "HEAD^{tree}"])?;
        if tree != head_tree {
            return Ok(Vec::new());
        }
        let lines = |out: String| -> Vec<String> {
            out.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        };
        // HEAD^ fails for a root commit: nothing to repair then.
        let changed = lines(git::git(
            repo_dir,
            &[
                "diff-tree",
                "-r",
                "--name-only",
                "--no-commit-id",
                "HEAD^",
                "HEAD",
            ],
        )?);
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        let differing = |rev: &str, paths: &[String]| -> Result<Vec<String>, GitError> {
            let mut args = vec!["diff-index", "--cached", "--name-only", rev, "--"];
            args.extend(paths.iter().map(String::as_str));
            Ok(lines(git::git(repo_dir, &args)?))
        };
        let stale = differing("HEAD", &changed)?;
        if stale.is_empty() {
            return Ok(Vec::new());
        }
        let not_parent = differing("HEAD^", &stale)?;
        let revert: Vec<String> = stale
            .into_iter()
            .filter(|p| !not_parent.contains(p))
            .collect();
        if revert.is_empty() {
            return Ok(Vec::new());
        }
        let mut reset = vec!["reset", "--quiet", "HEAD", "--"];
        reset.extend(revert.iter().map(String::as_str));
        git::git(repo_dir, &reset)?;
        Ok(revert)
    })();
    repaired.unwrap_or_default()
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn read_owner(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// A lock whose owner is dead, or an empty one older than the grace period.
fn is_stale(path: &Path, owner: Option<u32>) -> bool {
    match owner {
        Some(pid) => !process_alive(pid),
        None => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > EMPTY_LOCK_GRACE),
    }
}

/// Whether a process with this pid exists: `/proc` where there is one,
/// else `kill -0`. In doubt, alive.
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    std::process::Command::new("kill")
        .arg("-0")
        .arg(pid.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_or(true, |s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_owner_makes_a_lock_stale_and_a_live_one_does_not() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join(LOCK_FILE);
        std::fs::write(&path, "").unwrap();
        assert!(!is_stale(&path, None), "a fresh empty lock is respected");
        assert!(!is_stale(&path, Some(std::process::id())));
        // Pids are below 2^22 on Linux; this one does not exist.
        assert!(is_stale(&path, Some(4_194_999)));
    }
}

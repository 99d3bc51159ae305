//! The lock that makes every writing command of git-plan atomic with
//! respect to other git-plan runs: a file of our own, `git-plan.lock` in the
//! common git directory (shared by linked worktrees), created with
//! `O_EXCL` (`create_new`) and holding the pid of its owner. A command
//! takes it before it reads the tree, plans its change under it, and drops
//! it after the commit and the index update; HEAD as it was when the lock
//! was taken is the base of the commit (see
//! [`crate::write::git::commit_paths`]).

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
}

impl PlanLock {
    /// Takes the lock of the repository whose work tree is `repo_dir`,
    /// retrying for up to `timeout` while another live process holds it. A
    /// lock whose pid is dead is removed. HEAD is read once the lock is
    /// held.
    pub fn acquire(repo_dir: &Path, timeout: Duration) -> Result<PlanLock, LockError> {
        let common = git::git(repo_dir, &["rev-parse", "--git-common-dir"])?;
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
                    };
                    file.write_all(std::process::id().to_string().as_bytes())
                        .map_err(|source| LockError::Io {
                            path: path.clone(),
                            source,
                        })?;
                    drop(file);
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

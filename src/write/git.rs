//! Writing commits with the `git` command, so that the user's hooks,
//! signing, identity and index rules apply. A commit made here holds only the
//! paths it is given: it is built in a temporary index from HEAD, and the
//! user's own index is touched only afterwards, only for those paths.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git")]
    Spawn {
        #[source]
        source: std::io::Error,
    },
    #[error("`git {command}` failed: {stderr}")]
    Failed { command: String, stderr: String },
    /// `git commit` failed and git itself said nothing of it: a hook that
    /// can stop a commit refused it. `hooks` names the ones installed (one
    /// is the culprit when there is one); `output` is what they printed.
    #[error("{} refused the commit{}", hook_names(hooks), match output.as_str() { "" => " and printed nothing".to_string(), o => format!(": {o}") })]
    HookRefused {
        hooks: Vec<&'static str>,
        output: String,
    },
    /// A signal asked git plan to stop (its number, as the caller's
    /// handler stored it in the interrupt flag); nothing was committed.
    #[error("interrupted by signal {signal}; nothing was committed")]
    Interrupted { signal: usize },
    #[error("a {operation} is in progress in {repo}")]
    InProgress {
        operation: &'static str,
        repo: PathBuf,
    },
    /// HEAD names a commit, not a branch (a submodule after `git submodule
    /// update` is so): a commit made there is kept by no branch.
    #[error("HEAD is detached at {at} in {repo}: a commit made there would be on no branch")]
    Detached { repo: PathBuf, at: String },
    #[error("{path} exists: another git process is running, or one crashed")]
    IndexLocked { path: PathBuf },
    /// HEAD moved between the start of the command and its commit (a
    /// commit made by plain git meanwhile): the change was planned on a
    /// tree that is no longer current.
    #[error(
        "HEAD moved from {expected} to {found} while git plan was working; nothing was committed"
    )]
    HeadMoved { expected: String, found: String },
    /// The commit was made on top of a commit that appeared after the
    /// check (plain git committing at the same moment).
    #[error("commit {id} was made on top of {parent}, which appeared while git plan was committing; check it with `git show {id}`")]
    RacedCommit { id: String, parent: String },
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
    /// Why the user's index could not be updated for `paths` after the
    /// commit (another git process held `index.lock`); the commit stands.
    pub index_not_updated: Option<String>,
}

/// Runs `git -C dir args...` and returns its stdout.
pub fn git(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    run(dir, args, &[], None)
}

/// [`git`] with `GIT_INDEX_FILE` set to `index`.
pub fn git_with_index(dir: &Path, index: &Path, args: &[&str]) -> Result<String, GitError> {
    run(dir, args, &[("GIT_INDEX_FILE", index)], None)
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
        // A git that stops before reading its input closes the pipe: its
        // exit status and message say why, not the broken pipe.
        match pipe.write_all(input.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(GitError::Spawn { source: e });
            }
            _ => {}
        }
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

/// The signal stored in `interrupt`, if one has come.
pub fn interrupted(interrupt: &AtomicUsize) -> Option<usize> {
    match interrupt.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// How long a git that was passed a signal has to exit before it is killed.
const SIGNAL_GRACE: Duration = Duration::from_secs(3);

/// [`run`] for a command that may take long (`git commit`, which runs the
/// user's hooks), watching `interrupt`: when a signal comes, it is passed
/// on to git (which removes its lock files) and to the processes below it
/// (its hook, which git does not signal), git is waited for (and killed if
/// it outlives [`SIGNAL_GRACE`]), and, unless git made the commit after
/// all, [`GitError::Interrupted`] is returned. git runs in git plan's
/// process group, so a Ctrl-C at the terminal reaches it and its hook
/// directly; a `kill PID` of git plan reaches them through this.
fn run_interruptible(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &Path)],
    stdin: &str,
    interrupt: &AtomicUsize,
) -> Result<String, GitError> {
    let spawn = |source| GitError::Spawn { source };
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(spawn)?;
    // Pipes are fed and drained on threads, so that the wait below can
    // watch the flag. A hook that outlives git may hold the output pipes
    // open: after a signal they are not waited for.
    let input = stdin.to_string();
    let pipe_in = child.stdin.take();
    std::thread::spawn(move || {
        if let Some(mut pipe) = pipe_in {
            let _ = pipe.write_all(input.as_bytes());
        }
    });
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let mut pause = Duration::from_millis(1);
    let mut passed_on: Option<(usize, Instant)> = None;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(spawn)? {
            break status;
        }
        match (interrupted(interrupt), passed_on) {
            (Some(signal), None) => {
                pass_signal(child.id(), signal);
                passed_on = Some((signal, Instant::now()));
            }
            (_, Some((_, since))) if since.elapsed() > SIGNAL_GRACE => {
                let _ = child.kill();
            }
            _ => {}
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    // git's exit status says whether the commit was made: a signal that
    // came after it is the caller's to see in the flag.
    if !status.success() {
        if let Some(signal) = passed_on.map(|(s, _)| s).or_else(|| interrupted(interrupt)) {
            return Err(GitError::Interrupted { signal });
        }
    }
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        return Err(GitError::Failed {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&stdout).trim_end().to_string())
}

/// The children of process `pid`, from `/proc` (none where it is missing).
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

/// Reads `pipe` to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

/// Sends `signal` to process `pid` and to its descendants (git does not
/// pass a signal on to the hook it runs, which would go on as an orphan),
/// with the `kill` command (no `unsafe` here); best effort: a process that
/// has just exited needs nothing. Descendants are found in `/proc` where
/// there is one.
fn pass_signal(pid: u32, signal: usize) {
    let mut pids = vec![pid];
    let mut i = 0;
    while i < pids.len() && pids.len() < 256 {
        pids.extend(children(pids[i]));
        i += 1;
    }
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .args(pids.iter().map(u32::to_string))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// HEAD's commit id, `None` on an unborn branch.
pub fn head(repo_dir: &Path) -> Option<String> {
    git(repo_dir, &["rev-parse", "-q", "--verify", "HEAD^{commit}"]).ok()
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

/// Refuses when HEAD is detached (see [`GitError::Detached`]); an unborn
/// branch is a branch. An operation in progress (a rebase detaches HEAD)
/// is refused first, as [`ensure_quiet`] says it.
pub fn ensure_on_branch(repo_dir: &Path) -> Result<(), GitError> {
    ensure_quiet(repo_dir)?;
    if git(repo_dir, &["symbolic-ref", "-q", "HEAD"]).is_ok() {
        return Ok(());
    }
    let at = git(repo_dir, &["rev-parse", "--short", "HEAD"]).unwrap_or_default();
    Err(GitError::Detached {
        repo: repo_dir.to_path_buf(),
        at,
    })
}

/// Commits exactly `paths` (relative to `repo_dir`, the top of a work tree)
/// as they are in the work tree, with `message`, on top of `base` (HEAD
/// when the command took its lock (`PlanLock`); `None` for
/// an unborn branch). Other staged and unstaged changes stay as they were;
/// afterwards the index entries of `paths` match the new commit. `git_dir`
/// is what [`ensure_quiet`] returned: check first, write the files, then
/// commit.
///
/// The temporary index is seeded from `base`, not from whatever HEAD is
/// now, and the commit is made only if HEAD is still `base`: other git-plan
/// runs wait on the lock, so only plain git can move HEAD meanwhile, and
/// then nothing is committed ([`GitError::HeadMoved`]). `git commit` is
/// kept (rather than `commit-tree` and `update-ref` with the old value)
/// because it runs the user's hooks and signing; the commit's parent is
/// checked afterwards for the few milliseconds between check and commit.
///
/// `interrupt` is watched while `git commit` runs (see
/// [`run_interruptible`]): a signal stored there before the commit is made
/// returns [`GitError::Interrupted`], and the caller undoes its files.
pub fn commit_paths(
    repo_dir: &Path,
    git_dir: &Path,
    paths: &[String],
    message: &str,
    base: Option<&str>,
    interrupt: &AtomicUsize,
) -> Result<Committed, GitError> {
    // The name is known to `write::lock`, which removes those of dead runs.
    let temp_index = TempFile(git_dir.join(format!("git-plan-index.{}", std::process::id())));
    let env = [("GIT_INDEX_FILE", temp_index.0.as_path())];
    match base {
        Some(base) => run(repo_dir, &["read-tree", base], &env, None)?,
        None => run(repo_dir, &["read-tree", "--empty"], &env, None)?,
    };
    let mut add = vec!["add", "--"];
    add.extend(paths.iter().map(String::as_str));
    run(repo_dir, &add, &env, None)?;
    if let Some(signal) = interrupted(interrupt) {
        return Err(GitError::Interrupted { signal });
    }
    let now = head(repo_dir);
    if now.as_deref() != base {
        return Err(GitError::HeadMoved {
            expected: base.unwrap_or("an unborn branch").to_string(),
            found: now.unwrap_or_else(|| "nothing".to_string()),
        });
    }
    run_interruptible(
        repo_dir,
        &["commit", "--quiet", "--file=-"],
        &env,
        message,
        interrupt,
    )
    .map_err(|e| hook_refusal(repo_dir, e))?;
    let made = git(repo_dir, &["log", "-1", "--format=%H %P", "HEAD"])?;
    let mut ids = made.split_whitespace();
    let id = ids.next().unwrap_or_default().to_string();
    let parent = ids.next();
    if parent != base {
        return Err(GitError::RacedCommit {
            id,
            parent: parent.unwrap_or("nothing").to_string(),
        });
    }
    // The user's index, for these paths only, from the commit just made
    // (not from HEAD, which another process may move next). A held
    // index.lock is waited for briefly; if it stays, the commit stands and
    // the caller says how to update the index.
    let mut reset = vec!["reset", "--quiet", id.as_str(), "--"];
    reset.extend(paths.iter().map(String::as_str));
    let mut index_not_updated = None;
    for attempt in 0..20 {
        match git(repo_dir, &reset) {
            Ok(_) => {
                index_not_updated = None;
                break;
            }
            Err(e) => {
                index_not_updated = Some(e.to_string());
                if !git_dir.join("index.lock").exists() || attempt == 19 {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
    }
    Ok(Committed {
        id,
        paths: paths.to_vec(),
        index_not_updated,
    })
}

/// The hooks that can stop `git commit`, in the order git runs them.
const COMMIT_HOOKS: [&str; 3] = ["pre-commit", "prepare-commit-msg", "commit-msg"];

/// A failed `git commit` whose output holds no `fatal:` line of git's own
/// was refused by a hook: say so, naming the installed hooks that can do
/// that (git says nothing when a hook fails, and does not name it).
fn hook_refusal(repo_dir: &Path, e: GitError) -> GitError {
    let GitError::Failed { stderr, .. } = &e else {
        return e;
    };
    if stderr.lines().any(|l| l.starts_with("fatal: ")) {
        return e;
    }
    let Ok(dir) = git(repo_dir, &["rev-parse", "--git-path", "hooks"]) else {
        return e;
    };
    let dir = repo_dir.join(dir);
    let hooks: Vec<&'static str> = COMMIT_HOOKS
        .into_iter()
        .filter(|h| is_executable(&dir.join(h)))
        .collect();
    if hooks.is_empty() {
        return e;
    }
    let output = stderr.clone();
    GitError::HookRefused { hooks, output }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// `the pre-commit hook`, `the pre-commit or commit-msg hook`.
fn hook_names(hooks: &[&str]) -> String {
    match hooks {
        [] => "a hook".to_string(),
        [one] => format!("the {one} hook"),
        [init @ .., last] => format!("the {} or {last} hook", init.join(", ")),
    }
}

/// Removed when dropped, whatever happened.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

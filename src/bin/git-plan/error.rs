//! Turning library errors into `Error: ...` / `Hint: ...` lines and exit
//! codes: 0 success, 1 failure, 2 usage; a closed pipe exits 0 quietly.

use std::process::ExitCode;

use git_plan::tree::id::IdError;
use git_plan::tree::listing::ReadError;
use git_plan::workspace::config::ConfigError;
use git_plan::workspace::RepoError;
use git_plan::write::change::ApplyError;
use git_plan::write::git::GitError;
use git_plan::write::scaffold::ScaffoldError;

#[derive(Debug)]
pub struct CommandError {
    message: String,
    hints: Vec<String>,
    code: u8,
    quiet: bool,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> Self {
        CommandError {
            message: message.into(),
            hints: Vec::new(),
            code: 1,
            quiet: false,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        CommandError {
            code: 2,
            ..CommandError::new(message)
        }
    }

    /// Exit 1 without an `Error:` line: the command has already said what
    /// failed (check findings, a blocked hook).
    pub fn silent_failure() -> Self {
        CommandError {
            quiet: true,
            code: 1,
            ..CommandError::new("")
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// A commit that failed after files were written; `undone` says how
    /// they were put back.
    pub fn commit_failed(e: GitError, undone: &str) -> Self {
        let inner = CommandError::from(e);
        CommandError {
            message: format!("the commit failed, so {undone}: {}", inner.message),
            ..inner
        }
    }

    pub fn report(self) -> ExitCode {
        if self.quiet {
            return ExitCode::from(self.code);
        }
        let mut err = anstream::stderr();
        let _ = crate::ui::error_line(&mut err, &self.message);
        for hint in &self.hints {
            let _ = crate::ui::hint_line(&mut err, hint);
        }
        ExitCode::from(self.code)
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return CommandError {
                quiet: true,
                code: 0,
                ..CommandError::new("")
            };
        }
        CommandError::new(format!("cannot write output: {e}"))
    }
}

impl From<RepoError> for CommandError {
    fn from(e: RepoError) -> Self {
        // plan.toml is read while the root is discovered: keep its hint.
        let e = match e {
            RepoError::Config(config) => return CommandError::from(config),
            other => other,
        };
        let hint = match &e {
            RepoError::NotARepository { .. } => {
                Some("run git plan inside a git repository, or pass -C <path>".to_string())
            }
            RepoError::NoRoot { .. } => Some(
                "run `git plan init` to create it, or point `git config plan.root` at your plans"
                    .to_string(),
            ),
            RepoError::Bare { .. } => {
                Some("run git plan in a checkout (a linked worktree works too)".to_string())
            }
            _ => None,
        };
        let err = CommandError::new(e.to_string());
        match hint {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

impl From<ConfigError> for CommandError {
    fn from(e: ConfigError) -> Self {
        CommandError::new(e.to_string())
            .hint("fix plan.toml; `git plan init` writes a commented example")
    }
}

impl From<ReadError> for CommandError {
    fn from(e: ReadError) -> Self {
        CommandError::new(e.to_string())
    }
}

impl From<IdError> for CommandError {
    fn from(e: IdError) -> Self {
        match &e {
            IdError::NotFound { .. } => CommandError::new(e.to_string())
                .hint("`git plan status` lists initiatives and work packages; ids look like `roadmap/04`, `adr-12` or a slug"),
            IdError::Ambiguous { .. } => {
                CommandError::new(e.to_string()).hint("give more of the name, or `initiative/NN` for a work package")
            }
        }
    }
}

impl From<GitError> for CommandError {
    fn from(e: GitError) -> Self {
        let hint = match &e {
            GitError::InProgress { operation, .. } => Some(format!(
                "finish or abort the {operation} first, or pass --no-commit to only write the files"
            )),
            GitError::HeadMoved { .. } => {
                Some("run the command again: it plans its change on the new HEAD".to_string())
            }
            GitError::IndexLocked { .. } => {
                Some("wait for the other git command to finish; if none is running, remove the lock file".to_string())
            }
            _ => None,
        };
        let err = CommandError::new(e.to_string());
        match hint {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

impl From<ScaffoldError> for CommandError {
    fn from(e: ScaffoldError) -> Self {
        match e {
            ScaffoldError::Exists { .. } => {
                CommandError::new(e.to_string()).hint("git plan never overwrites a document")
            }
            other => CommandError::new(other.to_string()),
        }
    }
}

impl From<ApplyError> for CommandError {
    fn from(e: ApplyError) -> Self {
        match e {
            ApplyError::Refused(git) => CommandError::from(git),
            ApplyError::Commit(git) => {
                CommandError::commit_failed(git, "the new files were removed again")
            }
            ApplyError::Exists { .. } => {
                CommandError::new(e.to_string()).hint("git plan never overwrites a document")
            }
            other => CommandError::new(other.to_string()),
        }
    }
}

impl From<git_plan::history::walk::HistoryError> for CommandError {
    fn from(e: git_plan::history::walk::HistoryError) -> Self {
        match &e {
            git_plan::history::walk::HistoryError::BadRevision { .. } => {
                CommandError::new(e.to_string())
                    .hint("give a commit, branch or tag, as for `git log`")
            }
            _ => CommandError::new(e.to_string()),
        }
    }
}

//! Turning library errors into `Error: ...`, `Caused by: ...` and
//! `Hint: ...` lines and exit codes: 0 success, 1 failure, 2 usage; a
//! closed pipe exits 0 quietly.

use std::process::ExitCode;

use git_plan::history::walk::HistoryError;
use git_plan::rules::source::CheckError;
use git_plan::tree::id::IdError;
use git_plan::tree::listing::ReadError;
use git_plan::workspace::config::ConfigError;
use git_plan::workspace::RepoError;
use git_plan::write::change::ApplyError;
use git_plan::write::git::GitError;
use git_plan::write::hooks::HookError;
use git_plan::write::plan_edit::PlanEditError;
use git_plan::write::scaffold::ScaffoldError;
use git_plan::write::transition::TransitionError;

/// An error as JSON, on stdout, for a command asked for JSON:
/// `{"version": 2, "error": {"message", "causes", "hints", "code"}}`, where
/// `code` is the exit code. The text still goes to stderr.
#[derive(serde::Serialize)]
struct JsonError<'a> {
    version: u32,
    error: JsonErrorBody<'a>,
}

#[derive(serde::Serialize)]
struct JsonErrorBody<'a> {
    message: &'a str,
    causes: &'a [String],
    hints: &'a [String],
    code: u8,
}

/// Writes a usage error (from clap) as JSON when the command line asked for
/// JSON: the first line of clap's message, without its `error: ` label.
pub fn usage_json(rendered: &str) {
    let message = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    let error = CommandError::usage(message);
    let _ = error.json();
}

#[derive(Debug)]
pub struct CommandError {
    message: String,
    /// The error's sources, outermost first: one `Caused by:` line each.
    causes: Vec<String>,
    hints: Vec<String>,
    code: u8,
    quiet: bool,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> Self {
        CommandError {
            message: message.into(),
            causes: Vec::new(),
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

    /// A failure reported by a library error: its text, then its sources.
    pub fn from_error(e: &(dyn std::error::Error + 'static)) -> Self {
        CommandError::new(e.to_string()).caused_by(e.source())
    }

    /// Adds `source` and the errors below it as `Caused by:` lines.
    pub fn caused_by(mut self, source: Option<&(dyn std::error::Error + 'static)>) -> Self {
        let mut next = source;
        while let Some(e) = next {
            next = e.source();
            // gitoxide's classification markers (`NotFound`, ...) only
            // label the error below them.
            if e.is::<gix::error::ClassificationMarker>() {
                continue;
            }
            let text = e.to_string();
            // A wrapper that shows its source's text adds nothing.
            let last = self.causes.last().unwrap_or(&self.message);
            if text != *last {
                self.causes.push(text);
            }
        }
        self
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

    fn maybe_hint(self, hint: Option<String>) -> Self {
        match hint {
            Some(h) => self.hint(h),
            None => self,
        }
    }

    /// A commit that failed after files were written; `undone` says how
    /// they were put back.
    /// What git said is shown as `Caused by:` lines: for a refusal of
    /// git's own (no identity, a signing failure), its first line and its
    /// `error:`/`fatal:` lines, with a hint on what to set.
    pub fn commit_failed(e: GitError, undone: &str) -> Self {
        let message = format!("the commit failed, so {undone}");
        let GitError::Failed { stderr, .. } = &e else {
            let inner = CommandError::from(e);
            let mut causes = vec![inner.message];
            causes.extend(inner.causes);
            return CommandError {
                message,
                causes,
                ..inner
            };
        };
        let mut causes: Vec<String> = Vec::new();
        for (i, line) in stderr.lines().map(str::trim).enumerate() {
            let said = i == 0 || line.starts_with("fatal:") || line.starts_with("error:");
            if said && !line.is_empty() && !causes.iter().any(|c| c == line) {
                causes.push(line.to_string());
            }
        }
        if causes.is_empty() {
            causes.push(e.to_string());
        }
        let mut error = CommandError {
            message,
            causes,
            ..CommandError::new("")
        };
        if stderr.contains("Author identity unknown")
            || stderr.contains("Committer identity unknown")
            || stderr.contains("empty ident name")
            || stderr.contains("no email was given")
        {
            error = error.hint(
                "Tell git who you are: `git config user.name \"Your Name\"` and `git config user.email you@example.com`.",
            );
        } else if stderr.contains("failed to sign") {
            error = error.hint(
                "Fix signing (gpg.program, user.signingKey), or commit unsigned with `git -c commit.gpgsign=false plan ...`.",
            );
        }
        error
    }

    /// A signal stopped a change before its commit: it was undone. Exit
    /// 128 + the signal's number, as a shell reports a process it killed.
    pub fn interrupted(signal: usize) -> Self {
        CommandError {
            code: crate::signals::exit_code(signal),
            ..CommandError::new(format!(
                "interrupted by {}; nothing was committed and the plan files are as they were",
                crate::signals::name(signal)
            ))
        }
    }

    /// A signal came once the commit was made: the commit stands.
    pub fn interrupted_after_commit(signal: usize) -> Self {
        CommandError {
            code: crate::signals::exit_code(signal),
            ..CommandError::new(format!(
                "interrupted by {} after the commit was made; the commit stands",
                crate::signals::name(signal)
            ))
        }
    }

    fn json(&self) -> std::io::Result<()> {
        crate::ui::json(&JsonError {
            version: git_plan::report::JSON_VERSION,
            error: JsonErrorBody {
                message: &self.message,
                causes: &self.causes,
                hints: &self.hints,
                code: self.code,
            },
        })
    }

    pub fn report(self) -> ExitCode {
        if self.quiet {
            return ExitCode::from(self.code);
        }
        if crate::ui::json_errors() {
            let _ = self.json();
        }
        let mut err = anstream::stderr();
        let _ = crate::ui::error_line(&mut err, &self.message);
        for cause in &self.causes {
            let _ = crate::ui::cause_line(&mut err, cause);
        }
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
        CommandError::new("cannot write output").caused_by(Some(&e))
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
                Some("Run git plan inside a git repository, or pass -C <path>.".to_string())
            }
            RepoError::NoRoot { .. } => Some(format!(
                "Run `git plan init` to create it, or point `git config plan.root` at your plans. No decision records were found either (looked at {}).",
                git_plan::workspace::collections::looked_at().join(", ")
            )),
            RepoError::UninitialisedSubmodule { submodule, .. } => Some(format!(
                "Run `git submodule update --init {submodule}` to check it out."
            )),
            RepoError::Bare { .. } => {
                Some("Run git plan in a checkout (a linked worktree works too).".to_string())
            }
            _ => None,
        };
        CommandError::from_error(&e).maybe_hint(hint)
    }
}

impl From<ConfigError> for CommandError {
    fn from(e: ConfigError) -> Self {
        CommandError::from_error(&e)
            .hint("Fix plan.toml; `git plan init` writes a commented example.")
    }
}

impl From<ReadError> for CommandError {
    fn from(e: ReadError) -> Self {
        CommandError::from_error(&e)
    }
}

impl From<IdError> for CommandError {
    fn from(e: IdError) -> Self {
        let hint = match &e {
            IdError::NotAnAdr { .. } => return CommandError::from_error(&e),
            IdError::NotFound { .. } => "Run `git plan status` to list initiatives and work packages; ids look like `roadmap/04`, `adr-12` or a slug.",
            IdError::Ambiguous { .. } => "Give more of the name, or `initiative/NN` for a work package.",
        };
        CommandError::from_error(&e).hint(hint)
    }
}

impl From<GitError> for CommandError {
    fn from(e: GitError) -> Self {
        let hint = match &e {
            GitError::InProgress { operation, .. } => Some(format!(
                "Finish or abort the {operation} first, or pass --no-commit to only write the files."
            )),
            GitError::Detached { repo, .. } => Some(format!(
                "Check out a branch first (`git -C {} switch <branch>`), or pass --detached-ok to commit on the detached HEAD.",
                repo.display()
            )),
            GitError::HeadMoved { .. } => Some(
                "Run the command again: it plans its change on the new HEAD.".to_string(),
            ),
            GitError::IndexLocked { .. } => Some(
                "Wait for the other git command to finish; if none is running, remove the lock file."
                    .to_string(),
            ),
            _ => None,
        };
        CommandError::from_error(&e).maybe_hint(hint)
    }
}

impl From<ScaffoldError> for CommandError {
    fn from(e: ScaffoldError) -> Self {
        let hint = match &e {
            ScaffoldError::AlreadyInitialised { .. } => {
                Some("Edit plan.toml to change the configuration.".to_string())
            }
            ScaffoldError::Exists { .. } => {
                Some("Choose another name: git plan never overwrites a document.".to_string())
            }
            ScaffoldError::ReadsAsAnotherKind { .. } => Some(
                "Give the work package a title without that word, or take such names from the other kind with a `!` pattern under [patterns] in plan.toml.".to_string(),
            ),
            _ => None,
        };
        CommandError::from_error(&e).maybe_hint(hint)
    }
}

impl From<ApplyError> for CommandError {
    fn from(e: ApplyError) -> Self {
        match e {
            ApplyError::Refused(git) => CommandError::from(git),
            ApplyError::Commit(git) => {
                CommandError::commit_failed(git, "the new files were removed again")
            }
            ApplyError::Exists { .. } => CommandError::from_error(&e)
                .hint("Choose another name: git plan never overwrites a document."),
            ApplyError::Interrupted { signal } => CommandError::interrupted(signal),
            other => CommandError::from_error(&other),
        }
    }
}

impl From<HistoryError> for CommandError {
    fn from(e: HistoryError) -> Self {
        match e {
            HistoryError::Repo(repo) => CommandError::from(repo),
            HistoryError::BadRevision { .. } => {
                CommandError::from_error(&e).hint("Give a commit, branch or tag, as for `git log`.")
            }
            other => CommandError::from_error(&other),
        }
    }
}

impl From<CheckError> for CommandError {
    fn from(e: CheckError) -> Self {
        match e {
            CheckError::History(h) => CommandError::from(h),
            CheckError::Read(r) => CommandError::from(r),
            CheckError::Repo(r) => CommandError::from(r),
            bad @ CheckError::BadRange(_) => CommandError::usage(bad.to_string()),
            none @ CheckError::NoMergeBase { .. } => CommandError::usage(none.to_string()).hint(
                "Their histories share no commit (an orphan branch): write A..B to compare \
                 B with A's tree and check every commit of B.",
            ),
        }
    }
}

impl From<TransitionError> for CommandError {
    fn from(e: TransitionError) -> Self {
        use TransitionError as E;
        let hint = match &e {
            E::Guards { .. } => Some(
                "Fix the plan, or pass --force to override (the commit records it).".to_string(),
            ),
            E::UnknownStatus { id, .. } | E::NoStatus { id, .. } => Some(format!(
                "Set a known status first: `git plan set {id} status=<state>`."
            )),
            E::NotAState { allowed, .. } => Some(format!("Use one of: {}.", allowed.join(", "))),
            E::OtherVerb {
                id,
                instead: Some(instead),
                ..
            } => Some(format!("Run `git plan {instead} {id}` instead.")),
            E::Illegal { id, .. } => Some(format!(
                "Run `git plan set {id} status=<state>` to move to any of the states listed."
            )),
            _ => None,
        };
        CommandError::from_error(&e).maybe_hint(hint)
    }
}

impl From<HookError> for CommandError {
    fn from(e: HookError) -> Self {
        match e {
            HookError::Git(git) => CommandError::from(git),
            framework @ HookError::Framework { .. } => CommandError::from_error(&framework).hint(
                "With the pre-commit framework, add git-plan's hooks from its .pre-commit-hooks.yaml to your .pre-commit-config.yaml and run `pre-commit install` instead.",
            ),
            other => CommandError::from_error(&other),
        }
    }
}

impl From<PlanEditError> for CommandError {
    fn from(e: PlanEditError) -> Self {
        use PlanEditError as E;
        let hint = match &e {
            E::Ambiguous { .. } => Some("Name the item by its number, or by more of its text."),
            E::NoMatch { .. } | E::NoSuchItem { .. } => {
                Some("`git plan show <id>` lists the checklist in order.")
            }
            E::Cycle { .. } => Some("Remove one of the dependencies in the cycle first."),
            E::NumberTaken { .. } => Some("Pick a number that no branch uses in that folder."),
            E::BadEffort { .. } | E::PlaceholderEffort { .. } => {
                Some("Write hours as `2-4h agentic + 1h review`, or a size: small, medium, large.")
            }
            _ => None,
        };
        CommandError::from_error(&e).maybe_hint(hint.map(str::to_string))
    }
}

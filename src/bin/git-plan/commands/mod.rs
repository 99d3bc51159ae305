//! One module per subcommand: an `XArgs` clap struct whose doc comments are
//! the help text, and a `run` function.

pub mod add;
pub mod adr;
pub mod approve;
pub mod block;
pub mod branches;
pub mod check;
pub mod completions;
pub mod depend;
pub mod diff;
pub mod done;
pub mod graph;
pub mod hook;
pub mod hooks;
pub mod init;
pub mod log;
pub mod man;
pub mod mcp;
pub mod new;
pub mod next;
pub mod renumber;
pub mod reopen;
pub mod report;
pub mod review;
pub mod set;
pub mod show;
pub mod start;
pub mod status;
pub mod tick;
pub mod transition;
pub mod untick;
pub mod work_tree;

use std::io::Write;

use git_plan::workspace::Workspace;
use git_plan::write::change;
use git_plan::write::change::Change;
use git_plan::write::git::Committed;
use git_plan::write::lock::{LockError, PlanLock};

use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// How history is read, for the commands that read it.
#[derive(Debug, clap::Args)]
pub struct HistoryOpts {
    /// Follow every parent, not only first parents, when reading history.
    #[arg(long)]
    pub full_history: bool,

    /// Use none of the caches under the git directory (history, for
    /// `status` what it read of each document, for `report` the findings
    /// of `check`): nothing is read from them or written to them.
    #[arg(long)]
    pub no_cache: bool,

    /// In a partial clone, read only what is local: the old versions it
    /// lacks are not fetched from the promisor remote, and the dates they
    /// would tell are shown as unknown.
    #[arg(long)]
    pub offline: bool,
}

impl HistoryOpts {
    /// Whether the history may fetch what a partial clone lacks.
    pub fn fetch(&self) -> git_plan::history::promisor::Fetch {
        use git_plan::history::promisor::Fetch;
        if self.offline {
            Fetch::Offline
        } else {
            Fetch::Promisor
        }
    }
}

/// How long a writing command waits for another git plan to finish.
const LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Takes the lock every writing command holds from before it reads the
/// tree until its commit is made and the index updated.
/// From then on SIGHUP, SIGTERM and SIGINT undo the command's change
/// instead of killing it half-way (see `crate::signals`). Says what was
/// cleared up after a run that was killed outright.
pub fn lock(ws: &Workspace) -> Result<PlanLock, CommandError> {
    let (repo_dir, _) = ws.plan_repository();
    let lock = PlanLock::acquire(&repo_dir, LOCK_TIMEOUT).map_err(|e| match e {
        LockError::Held { .. } => CommandError::new(e.to_string())
            .hint("Wait for it to finish; if no git plan is running, remove the lock file."),
        LockError::Git(git) => CommandError::from(git),
        other => CommandError::from_error(&other),
    })?;
    crate::signals::arm();
    let recovered = lock.recovered();
    if !recovered.index_repaired.is_empty() {
        let mut err = anstream::stderr();
        writeln!(
            err,
            "{}: a git plan killed while committing had left the index holding the previous version of {}; it now matches HEAD",
            ui::paint(ui::YELLOW, "Note"),
            recovered.index_repaired.join(", ")
        )?;
    }
    Ok(lock)
}

/// After a change was applied: a signal that came once its commit was made
/// could not undo it; say so and exit as interrupted.
pub fn after_signal() -> Result<(), CommandError> {
    match crate::signals::received() {
        Some(signal) => Err(CommandError::interrupted_after_commit(signal)),
        None => Ok(()),
    }
}

/// Says that the index could not be updated after a commit, and how to.
pub fn index_note(committed: &Committed) -> Result<(), CommandError> {
    if let Some(why) = &committed.index_not_updated {
        let mut err = anstream::stderr();
        writeln!(
            err,
            "{}: the commit is made, but the index was not updated for its files ({why}); run `git reset -q -- {}`",
            ui::paint(ui::YELLOW, "Note"),
            committed.paths.join(" ")
        )?;
    }
    Ok(())
}

/// Writes `change`, commits it unless `no_commit`, and reports what happened.
pub fn apply_change(
    ws: &Workspace,
    change: &Change,
    no_commit: bool,
    detached_ok: bool,
    summary: &str,
    lock: &PlanLock,
) -> Result<(), CommandError> {
    let (repo_dir, root_in_repo) = ws.plan_repository();
    let at = Placed {
        dir: &ws.root,
        repo_dir: &repo_dir,
        in_repo: &root_in_repo,
        shown: &|path| ws.shown_path(path),
    };
    apply_change_at(&at, change, no_commit, detached_ok, summary, lock)
}

/// Where a change's paths are: the directory they are relative to, the
/// repository holding them and that directory's path in it, and how human
/// output names a path.
pub struct Placed<'a> {
    pub dir: &'a std::path::Path,
    pub repo_dir: &'a std::path::Path,
    pub in_repo: &'a str,
    pub shown: &'a dyn Fn(&str) -> String,
}

/// [`apply_change`] for a change whose paths are relative to `at.dir`
/// rather than to the engineering root (`init --agents` writes AGENTS.md
/// at the top of the work tree).
pub fn apply_change_at(
    at: &Placed,
    change: &Change,
    no_commit: bool,
    detached_ok: bool,
    summary: &str,
    lock: &PlanLock,
) -> Result<(), CommandError> {
    if !no_commit && !detached_ok {
        git_plan::write::git::ensure_on_branch(at.repo_dir)?;
    }
    let committed = change::apply(
        change,
        at.dir,
        at.repo_dir,
        at.in_repo,
        !no_commit,
        lock,
        crate::signals::flag(),
    )?;
    if let Some(c) = &committed {
        index_note(c)?;
    }
    let mut out = anstream::stdout();
    writeln!(out, "{summary}")?;
    for path in change.paths() {
        writeln!(out, "  {}", (at.shown)(&path))?;
    }
    match committed {
        Some(Committed { id, .. }) => {
            let subject = change.message.subject();
            writeln!(
                out,
                "Committed {} {subject}",
                ui::paint(ui::YELLOW, &id[..id.len().min(12)])
            )?;
        }
        None => writeln!(out, "Not committed (--no-commit).")?,
    }
    after_signal()
}

/// Refuses (as a usage error naming `option`) a value holding a newline, a
/// carriage return, another C0 control or DEL: written into a metadata line
/// or a trailer, it would start a forged line (`**Status:** Complete`,
/// `Plan-Override: ...`).
pub fn one_line(option: &str, value: &str) -> Result<(), CommandError> {
    match git_plan::base::text::control_char(value) {
        Some((position, c)) => Err(CommandError::usage(format!(
            "{option} contains {} (character {position}); it must be one line of text",
            git_plan::base::text::describe_char(c)
        ))),
        None => Ok(()),
    }
}

/// Opens the workspace whose root must exist.
pub fn workspace(ctx: &Ctx) -> Result<Workspace, CommandError> {
    let ws = Workspace::discover(&ctx.location)?;
    configured(ctx, &ws);
    Ok(ws)
}

/// [`workspace`]; when the command reads the plans at revisions only
/// (`reads_revisions`), the root need not be in the work tree
/// ([`Workspace::discover_for_revisions`]).
pub fn workspace_for(ctx: &Ctx, reads_revisions: bool) -> Result<Workspace, CommandError> {
    if !reads_revisions {
        return workspace(ctx);
    }
    let ws = Workspace::discover_for_revisions(&ctx.location)?;
    configured(ctx, &ws);
    Ok(ws)
}

/// What a command takes from the repository's configuration once it has
/// opened it: the colour, unless the command line chose.
pub fn configured(ctx: &Ctx, ws: &Workspace) {
    if ctx.color.is_none() {
        ui::apply_configured_color(&ws.repo);
    }
}

/// Cache files a command has left to write.
#[derive(Default)]
pub struct CacheWrites {
    pub history: Option<git_plan::history::cache::CacheWrite>,
    pub tree: Option<git_plan::tree::cache::TreeCacheWrite>,
}

/// Runs `work` while the caches are written on another thread: writing
/// them is off the path to the output. Waits for both.
pub fn writing_caches<T>(
    writes: &CacheWrites,
    history: Option<&git_plan::history::walk::History>,
    work: impl FnOnce() -> T,
) -> T {
    std::thread::scope(|scope| {
        if writes.history.is_some() || writes.tree.is_some() {
            scope.spawn(move || {
                if let (Some(write), Some(history)) = (&writes.history, history) {
                    write.write(history);
                }
                if let Some(write) = &writes.tree {
                    write.write();
                }
            });
        }
        work()
    })
}

/// Tells that dates before a shallow clone's boundary are unknown.
pub fn shallow_hint() -> Result<(), CommandError> {
    let mut err = anstream::stderr();
    writeln!(
        err,
        "{}: This is a shallow clone: creation dates and authors older than its boundary are unknown.",
        ui::paint(ui::CYAN, "Hint")
    )?;
    writeln!(
        err,
        "{}: Run `git fetch --unshallow` for the whole history.",
        ui::paint(ui::CYAN, "Hint")
    )?;
    Ok(())
}

/// Tells that a partial clone lacked old versions the history needed, and
/// why they were not fetched.
pub fn unread_hint(unread: &git_plan::history::walk::Unread) -> Result<(), CommandError> {
    if unread.is_empty() {
        return Ok(());
    }
    let mut err = anstream::stderr();
    let hint = ui::paint(ui::CYAN, "Hint");
    let why = match &unread.fetch_error {
        Some(e) => {
            // git's reason is its `fatal:` line, not the advice after it.
            let line = e.lines().find(|l| l.contains("fatal:"));
            line.unwrap_or(e).trim().to_string()
        }
        None => "--offline".to_string(),
    };
    writeln!(
        err,
        "{hint}: This partial clone lacks {} old versions of plan files and trees ({why}): the dates they would tell are unknown.",
        unread.objects
    )?;
    let what = if unread.fetch_error.is_some() {
        "Run it again when the promisor remote can be reached"
    } else {
        "Run it without --offline"
    };
    writeln!(err, "{hint}: {what} to fetch them.")?;
    Ok(())
}

/// Prints the tree's diagnostics to stderr.
pub fn print_diagnostics(
    ws: &Workspace,
    diagnostics: &[git_plan::model::diagnostic::Diagnostic],
) -> Result<(), CommandError> {
    let mut err = anstream::stderr();
    for d in diagnostics {
        ui::diagnostic(&mut err, d, &ws.shown_path(&d.path))?;
    }
    Ok(())
}

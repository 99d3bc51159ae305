//! What the transition verbs share: options, resolution, the checks before
//! committing, and the report.

use std::io::Write;

use clap::Args;
use git_plan::model::lifecycle::Move;
use git_plan::tree::id::{self, Target};
use git_plan::tree::plan_tree::{DocIndex, PlanTree};
use git_plan::workspace::Workspace;
use git_plan::write::change;
use git_plan::write::transition::{self, Verb};

use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// A transition command's one-line help, written from the lifecycle tables
/// (`Move::moves`, which the transition itself follows), so that what the
/// help says and what the command does cannot disagree.
pub fn about(what: &str, mv: Move) -> String {
    format!("{what}: {}, as one commit", mv.describe())
}

/// [`about`], then `more`: the long help.
pub fn long_about(what: &str, mv: Move, more: &str) -> String {
    format!("{}.\n\n{more}", about(what, mv))
}

/// Options of every transition verb.
#[derive(Debug, Args)]
pub struct TransitionOpts {
    /// Pass a failing guard (missing criteria, open dependencies, unticked
    /// criteria); the commit records it in a Plan-Override trailer.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub commit: CommitOpts,
}

/// How every editing command (the transitions, `set`, `tick`, `depend`,
/// `renumber`) commits.
#[derive(Debug, Args)]
pub struct CommitOpts {
    /// Edit the file but do not commit.
    #[arg(long)]
    pub no_commit: bool,

    /// Allow the transition to be the first commit of an unborn branch.
    #[arg(long)]
    pub allow_empty_history: bool,

    /// Commit the plan file's own uncommitted edits (staged or not) with the
    /// transition; without it, a transition refuses to touch such a file.
    #[arg(long)]
    pub include_edits: bool,

    /// Commit although HEAD is detached (as in a submodule after `git
    /// submodule update`), where no branch keeps the commit.
    #[arg(long)]
    pub detached_ok: bool,
}

/// Resolves `query` to the document whose status moves: a document, or an
/// initiative's status document.
pub fn target(tree: &PlanTree, query: &str) -> Result<DocIndex, CommandError> {
    match id::resolve(tree, query)? {
        Target::Document(d) => Ok(d),
        Target::Initiative(i) => {
            let init = &tree.initiatives[i];
            init.status_doc.ok_or_else(|| {
                CommandError::new(format!(
                    "initiative {} has no **Status:** line in START-HERE.md or README.md",
                    init.folder
                ))
                .hint("Add `**Status:** Scope Assessment` below the title of START-HERE.md.")
            })
        }
    }
}

/// Plans `verb` (built from the workspace, the tree and the target) on `query`, checks the repository,
/// applies and commits, and reports.
pub fn run(
    ctx: &Ctx,
    query: &str,
    opts: &TransitionOpts,
    verb: impl FnOnce(&Workspace, &PlanTree, DocIndex) -> Result<Verb, CommandError>,
) -> Result<(), CommandError> {
    let ws = super::workspace(ctx)?;
    // Held until the commit is made: the tree is read, and the change
    // planned, only once no other git plan can change it.
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let index = target(&tree, query)?;
    let verb = verb(&ws, &tree, index)?;
    let planned = transition::plan(&tree, &tree.documents[index], &verb, opts.force)?;
    let committed = commit(&ws, &lock, &planned.change, &opts.commit, "transition")?;
    let mut err = anstream::stderr();
    for g in &planned.overrides {
        writeln!(
            err,
            "{}: guard `{}` overridden with --force",
            ui::paint(ui::YELLOW, "Note"),
            g.as_str()
        )?;
    }
    let mut out = anstream::stdout();
    writeln!(
        out,
        "{}: {} -> {}",
        ui::paint(ui::BOLD, &planned.id),
        planned.from,
        ui::paint(
            ui::state_style(planned.to.split(' ').next().unwrap_or("")),
            &planned.to
        )
    )?;
    report_commit(&ws, &planned.change, committed.as_ref())
}

/// Checks the repository (a branch with commits, unless
/// `--allow-empty-history`) and the files `change` edits or removes (no
/// uncommitted edits of their own, unless `--include-edits`), then applies
/// and commits it (unless `--no-commit`) under `lock`; notes on stderr what
/// `--include-edits` swept in. `what` names the commit in messages
/// (`transition`, `edit`).
pub fn commit(
    ws: &Workspace,
    lock: &git_plan::write::lock::PlanLock,
    planned: &change::Change,
    opts: &CommitOpts,
    what: &str,
) -> Result<Option<git_plan::write::git::Committed>, CommandError> {
    let (repo_dir, root_in_repo) = ws.plan_repository();
    let mut notes = Vec::new();
    if !opts.no_commit {
        if !opts.detached_ok {
            git_plan::write::git::ensure_on_branch(&repo_dir)?;
        }
        if !opts.allow_empty_history && !git_plan::write::git::has_head(&repo_dir) {
            return Err(CommandError::new("the current branch has no commits yet").hint(format!(
                "Commit something first, or pass --allow-empty-history to make the {what} the first commit."
            )));
        }
        let touched = planned
            .edits
            .iter()
            .map(|e| e.path.as_str())
            .chain(planned.removes.iter().map(|r| r.path.as_str()));
        for path in touched {
            if git_plan::write::git::is_modified(&repo_dir, &change::in_repo(&root_in_repo, path))?
            {
                if !opts.include_edits {
                    return Err(CommandError::new(format!(
                        "{} has uncommitted edits, which the {what} commit would sweep in; nothing was changed",
                        ws.shown_path(path)
                    ))
                    .hint(format!("Pass --include-edits to commit them with the {what}, or put them aside with `git stash` first.")));
                }
                notes.push(format!(
                    "{} had uncommitted edits; they are committed with the {what} (--include-edits)",
                    ws.shown_path(path)
                ));
            }
        }
    }
    let committed = change::apply(
        planned,
        &ws.root,
        &repo_dir,
        &root_in_repo,
        !opts.no_commit,
        lock,
        crate::signals::flag(),
    )
    .map_err(|e| match e {
        // The change edits files that were there: say that they were put back.
        change::ApplyError::Commit(git) => {
            CommandError::commit_failed(git, "the plan files were put back as they were")
        }
        other => CommandError::from(other),
    })?;
    if let Some(c) = &committed {
        super::index_note(c)?;
    }
    let mut err = anstream::stderr();
    for note in &notes {
        writeln!(err, "{}: {note}", ui::paint(ui::YELLOW, "Note"))?;
    }
    Ok(committed)
}

/// After the headline: the files `change` touched, then the commit made
/// (or that none was); exits as interrupted if a signal came meanwhile.
pub fn report_commit(
    ws: &Workspace,
    change: &change::Change,
    committed: Option<&git_plan::write::git::Committed>,
) -> Result<(), CommandError> {
    let mut out = anstream::stdout();
    for path in change
        .edits
        .iter()
        .map(|e| e.path.as_str())
        .chain(change.creates.iter().map(|c| c.path.as_str()))
    {
        writeln!(out, "  {}", ws.shown_path(path))?;
    }
    for r in &change.removes {
        writeln!(out, "  {} (removed)", ws.shown_path(&r.path))?;
    }
    match committed {
        Some(c) => {
            let subject = change.message.subject();
            writeln!(
                out,
                "Committed {} {subject}",
                ui::paint(ui::YELLOW, &c.id[..c.id.len().min(12)])
            )?;
        }
        None => writeln!(out, "Not committed (--no-commit).")?,
    }
    super::after_signal()
}

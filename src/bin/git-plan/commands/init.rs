use std::io::Write;

use clap::Args;
use git_plan::workspace::Workspace;
use git_plan::write::change::{self, Change};
use git_plan::write::{agents, scaffold};

use super::Placed;
use crate::error::CommandError;
use crate::Ctx;

/// Create the engineering root (.engineering/), committed as one commit.
///
/// plan.toml with commented defaults, templates/, artifacts/planning/ and
/// artifacts/adr/.
///
/// The root is .engineering/ at the top of the work tree unless
/// `git config plan.root` names another directory. Existing files are never
/// overwritten.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Write the files but do not commit them.
    #[arg(long)]
    no_commit: bool,

    /// Commit although HEAD is detached (as in a submodule after `git
    /// submodule update`), where no branch keeps the commit.
    #[arg(long)]
    detached_ok: bool,

    /// Also give AGENTS.md, at the top of the work tree, git-plan's section
    /// for coding agents (docs/agents.md): the file created, or the section
    /// appended once between `<!-- git-plan -->` markers. In the init
    /// commit; when the root exists already, as a commit of its own.
    #[arg(long)]
    agents: bool,
}

pub fn run(ctx: &Ctx, args: &InitArgs) -> Result<(), CommandError> {
    let ws = Workspace::discover_unchecked(&ctx.location)?;
    super::configured(ctx, &ws);
    let lock = super::lock(&ws)?;
    let agents = if args.agents {
        agents_change(&ws, args.no_commit)?
    } else {
        None
    };
    let init = match scaffold::plan_init(&ws) {
        Ok(change) => Some(change),
        Err(scaffold::ScaffoldError::AlreadyInitialised { .. }) if args.agents => None,
        Err(e) => return Err(e.into()),
    };
    let shown = if ws.root_rel.is_empty() {
        ".".to_string()
    } else {
        format!("{}/", ws.root_rel)
    };
    let top = |path: &str| match ws.cwd_rel.as_deref() {
        None | Some("") => path.to_string(),
        Some(cwd) => git_plan::base::text::relative_to(cwd, path),
    };
    let at_top = Placed {
        dir: &ws.work_tree,
        repo_dir: &ws.work_tree,
        in_repo: "",
        shown: &top,
    };
    match (init, agents) {
        (Some(init), None) => super::apply_change(
            &ws,
            &init,
            args.no_commit,
            args.detached_ok,
            &format!("Initialised {shown}"),
            &lock,
        ),
        // One commit: the root's files, from the top of the work tree, and
        // AGENTS.md.
        (Some(mut init), Some(agents)) => {
            for f in &mut init.creates {
                f.path = change::in_repo(&ws.root_rel, &f.path);
            }
            init.creates.extend(agents.creates);
            init.edits.extend(agents.edits);
            super::apply_change_at(
                &at_top,
                &init,
                args.no_commit,
                args.detached_ok,
                &format!("Initialised {shown} and AGENTS.md"),
                &lock,
            )
        }
        (None, Some(agents)) => super::apply_change_at(
            &at_top,
            &agents,
            args.no_commit,
            args.detached_ok,
            "Added git-plan's section to AGENTS.md",
            &lock,
        ),
        (None, None) => {
            writeln!(
                anstream::stdout(),
                "AGENTS.md has git-plan's section already; nothing to do."
            )?;
            Ok(())
        }
    }
}

/// What `--agents` does to AGENTS.md (None: it has the section already).
/// Refused when the engineering root is a submodule (AGENTS.md belongs to
/// the superproject, which the plan lock does not hold) and, unless
/// nothing is committed, when AGENTS.md has changes of the user's that the
/// commit would sweep in.
fn agents_change(ws: &Workspace, no_commit: bool) -> Result<Option<Change>, CommandError> {
    let path = ws.work_tree.join(agents::FILE);
    let existing = match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
            CommandError::new(format!("{} is not UTF-8 text", agents::FILE))
                .hint("Add the section shown in docs/agents.md by hand.")
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(
                CommandError::new(format!("cannot read {}", agents::FILE)).caused_by(Some(&e))
            )
        }
    };
    let Some(change) = agents::agents_change(existing.as_deref()) else {
        return Ok(None);
    };
    if ws.nested_repo.is_some() {
        return Err(CommandError::new(
            "the engineering root is a submodule; AGENTS.md belongs to the superproject, which git plan does not commit to",
        )
        .hint("Add the section shown in docs/agents.md to AGENTS.md by hand."));
    }
    if !no_commit
        && !git_plan::write::git::git(
            &ws.work_tree,
            &["status", "--porcelain", "--", agents::FILE],
        )?
        .is_empty()
    {
        return Err(CommandError::new(format!(
            "{} has changes that are not committed, which the commit would sweep in; nothing was changed",
            agents::FILE
        ))
        .hint("Commit them (or `git stash` them) first, or pass --no-commit."));
    }
    Ok(Some(change))
}

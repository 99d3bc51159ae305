use std::io::Write;

use clap::{Args, Subcommand};
use git_plan::write::hooks::{self, Action, HookError, HookState, HOOKS};

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Install, remove or inspect the git hooks (pre-commit, pre-push, pre-merge-commit).
#[derive(Debug, Args)]
pub struct HooksArgs {
    #[command(subcommand)]
    command: HooksCommand,
}

#[derive(Debug, Subcommand)]
enum HooksCommand {
    Install(Which),
    Uninstall(Which),
    Status(StatusArgs),
}

/// Install (or uninstall) the hooks in the directory git runs hooks from
/// (right for linked worktrees). An existing hook is kept as `<hook>.legacy`
/// and still runs first; installing again changes nothing; uninstalling
/// restores what was there. When core.hooksPath is set (husky, lefthook),
/// nothing is written: the lines to add to that tool are printed instead.
#[derive(Debug, Args)]
struct Which {
    /// Comma-separated hooks (default: all three).
    #[arg(long = "hook", value_name = "names", value_delimiter = ',')]
    hooks: Vec<String>,
}

/// Say which hooks are installed.
#[derive(Debug, Args)]
struct StatusArgs {
    /// Print JSON (`"version": 2`) instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Ctx, args: &HooksArgs) -> Result<(), CommandError> {
    let ws = git_plan::workspace::Workspace::discover_unchecked(&ctx.location)?;
    super::configured(ctx, &ws);
    let dir = match hooks::hooks_dir(&ws.work_tree) {
        Ok(dir) => dir,
        Err(HookError::HooksPath { path }) => return Err(hooks_path_help(&path, &args.command)),
        Err(e) => return Err(e.into()),
    };
    let mut out = anstream::stdout();
    match &args.command {
        HooksCommand::Install(w) | HooksCommand::Uninstall(w) => {
            let names = selected(w);
            let done = match &args.command {
                HooksCommand::Install(_) => hooks::install(&dir, &names),
                _ => hooks::uninstall(&dir, &names),
            }?;
            for (hook, action) in done {
                let what = match action {
                    Action::Installed => "installed".to_string(),
                    Action::Chained => {
                        format!("installed; your hook is kept as {hook}.legacy and runs first")
                    }
                    Action::AlreadyInstalled => "already installed".to_string(),
                    Action::Removed => "removed".to_string(),
                    Action::Restored => "removed; your previous hook is back in place".to_string(),
                    Action::NotInstalled => "not installed".to_string(),
                };
                writeln!(out, "{hook}: {what}")?;
            }
            writeln!(
                out,
                "{}",
                paint(ui::DIM, &format!("hooks directory: {}", dir.display()))
            )?;
        }
        HooksCommand::Status(s) => {
            let states: Vec<(&str, HookState)> =
                HOOKS.iter().map(|h| (*h, hooks::state(&dir, h))).collect();
            if s.json {
                #[derive(serde::Serialize)]
                struct Json<'a> {
                    version: u32,
                    directory: String,
                    hooks: std::collections::BTreeMap<&'a str, HookState>,
                }
                ui::json(&Json {
                    version: git_plan::report::JSON_VERSION,
                    directory: dir.display().to_string(),
                    hooks: states.into_iter().collect(),
                })?;
            } else {
                for (hook, state) in states {
                    let what = match state {
                        HookState::Missing => "not installed",
                        HookState::Installed => "installed",
                        HookState::Chained => "installed, running the previous hook first",
                        HookState::Foreign => "another hook is there; git plan's is not installed",
                    };
                    writeln!(out, "{hook}: {what}")?;
                }
            }
        }
    }
    Ok(())
}

fn selected(w: &Which) -> Vec<String> {
    if w.hooks.is_empty() {
        HOOKS.iter().map(|h| h.to_string()).collect()
    } else {
        w.hooks.iter().map(|h| h.trim().to_string()).collect()
    }
}

fn hooks_path_help(path: &str, command: &HooksCommand) -> CommandError {
    let names = match command {
        HooksCommand::Install(w) | HooksCommand::Uninstall(w) => selected(w),
        HooksCommand::Status(_) => HOOKS.iter().map(|h| h.to_string()).collect(),
    };
    let mut err = CommandError::new(format!(
        "core.hooksPath is set to `{path}`: git runs the hooks there, and another tool (husky, lefthook, ...) manages them, so git plan wrote nothing"
    ));
    for hook in names {
        err = err.hint(format!(
            "Add this line to the {hook} hook in {path}: `git plan hook {hook}`."
        ));
    }
    err.hint("With lefthook, add `git-plan: {run: git plan hook pre-commit}` under `pre-commit: commands:` in lefthook.yml.")
}

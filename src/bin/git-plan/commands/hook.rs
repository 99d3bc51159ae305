use std::io::{BufRead, Write};

use clap::{Args, ValueEnum};
use git_plan::model::rule::Level;
use git_plan::rules::gate;
use git_plan::rules::source::{self as check, PushedRef, Source};
use git_plan::rules::Report;
use git_plan::workspace::{RepoError, Workspace};

use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// Run one hook's checks (called by the installed hook shims).
///
/// Quiet when all is well; blocks the operation, saying what is wrong and
/// how to fix it, when a changed plan breaks an error rule.
/// Skipped when GIT_PLAN_SKIP=1, when the pre-commit framework's SKIP lists
/// `git-plan`, and during rebase, `git am`, cherry-pick and revert sequences.
#[derive(Debug, Args)]
pub struct HookArgs {
    /// The hook to run.
    #[arg(value_enum)]
    hook: HookName,

    /// What git passes to the hook (for pre-push: the remote's name and URL).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::enum_variant_names)] // the names are git's hook names
enum HookName {
    PreCommit,
    PrePush,
    PreMergeCommit,
}

pub fn run(ctx: &Ctx, args: &HookArgs) -> Result<(), CommandError> {
    if ctx.skip_hooks {
        return Ok(());
    }
    // A repository without plans has nothing to check; a plan.toml that
    // cannot be read is an error, not a reason to let everything through.
    let ws = match Workspace::discover(&ctx.location) {
        Ok(ws) => ws,
        Err(
            e @ (RepoError::Config(_)
            | RepoError::RootNotADirectory { .. }
            | RepoError::RootOutsideWorkTree { .. }),
        ) => return Err(e.into()),
        Err(_) => return Ok(()),
    };
    super::configured(ctx, &ws);
    // Rebase, cherry-pick and revert replay commits checked before.
    if gate::replaying(&ws.repo) {
        return Ok(());
    }
    match args.hook {
        HookName::PreCommit => staged(&ws, "commit", "git commit --no-verify"),
        HookName::PreMergeCommit => {
            // Git names each merged head in a `GITHEAD_<oid>` variable.
            let merged: Vec<String> = std::env::vars_os()
                .filter_map(|(k, _)| k.into_string().ok())
                .filter_map(|k| k.strip_prefix("GITHEAD_").map(str::to_string))
                .filter(|oid| {
                    matches!(oid.len(), 40 | 64) && oid.bytes().all(|b| b.is_ascii_hexdigit())
                })
                .collect();
            let report = gate::check_merge(&ws, &merged)?;
            block_if_errors(&ws, &report, "merge", "git merge --no-verify")
        }
        HookName::PrePush => push(&ws, args.rest.first().map_or("origin", String::as_str)),
    }
}

fn staged(ws: &Workspace, operation: &str, bypass: &str) -> Result<(), CommandError> {
    let report = check::run(ws, &Source::Staged, false)?;
    block_if_errors(ws, &report, operation, bypass)
}

fn push(ws: &Workspace, remote: &str) -> Result<(), CommandError> {
    let mut pushed = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line =
            line.map_err(|e| CommandError::new("cannot read the pushed refs").caused_by(Some(&e)))?;
        pushed.extend(PushedRef::parse(&line));
    }
    let combined = gate::check_pushes(ws, remote, &pushed)?;
    block_if_errors(ws, &combined, "push", "git push --no-verify")
}

fn block_if_errors(
    ws: &Workspace,
    report: &Report,
    operation: &str,
    bypass: &str,
) -> Result<(), CommandError> {
    if report.errors() == 0 {
        return Ok(());
    }
    let mut err = anstream::stderr();
    for f in report.findings.iter().filter(|f| f.level == Level::Error) {
        super::check::finding(&mut err, ws, f)?;
    }
    writeln!(
        err,
        "{}: {operation} blocked: {} error{} in plan files (git plan check).",
        ui::paint(ui::RED, "git plan"),
        report.errors(),
        if report.errors() == 1 { "" } else { "s" }
    )?;
    writeln!(
        err,
        "Fix the plans above, or allow one rule in a document with `<!-- git-plan: allow RULE: reason -->`. To skip this check once: `{bypass}` (or GIT_PLAN_SKIP=1)."
    )?;
    Err(CommandError::silent_failure())
}

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

    /// What git passes to the hook (for pre-push: the remote's name and
    /// URL); for pre-commit, files to check as they are in the work tree
    /// (what the pre-commit framework passes, `--all-files` or `--files`)
    /// instead of the index.
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
    // A push is checked at the pushed commits, which may hold plans that
    // the work tree does not.
    let discovered = match args.hook {
        HookName::PrePush => Workspace::discover_for_revisions(&ctx.location),
        _ => Workspace::discover(&ctx.location),
    };
    let ws = match discovered {
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
        HookName::PreCommit if !args.rest.is_empty() => {
            given_files(ctx, &ws, &args.rest, "git commit --no-verify")
        }
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

/// The plan files among `files` (paths from the current directory, as the
/// pre-commit framework passes them), checked as they are in the work tree;
/// files outside the engineering root are not plan files.
fn given_files(
    ctx: &Ctx,
    ws: &Workspace,
    files: &[String],
    bypass: &str,
) -> Result<(), CommandError> {
    let root = ws.root.canonicalize().unwrap_or_else(|_| ws.root.clone());
    let scope: std::collections::BTreeSet<String> = files
        .iter()
        .filter_map(|f| {
            let path = ctx.location.cwd.join(f);
            let path = match (path.parent(), path.file_name()) {
                // The file may be gone (a deletion): resolve its folder.
                (Some(dir), Some(name)) => dir.canonicalize().ok()?.join(name),
                _ => path,
            };
            let rel = path.strip_prefix(&root).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        .collect();
    if scope.is_empty() {
        return Ok(());
    }
    let (tree, _) = check::load(ws, &Source::WorkTree)?;
    let report = git_plan::rules::check(&tree, &ws.config.rules, Some(&scope));
    block_if_errors(ws, &report, "commit", bypass)
}

fn push(ws: &Workspace, remote: &str) -> Result<(), CommandError> {
    let mut pushed = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line =
            line.map_err(|e| CommandError::new("cannot read the pushed refs").caused_by(Some(&e)))?;
        pushed.extend(PushedRef::parse(&line));
    }
    // Without plans in the work tree, the pushed commits that hold some
    // are checked, and the others have nothing to check.
    if !ws.root.exists() {
        pushed.retain(|r| {
            gix::ObjectId::from_hex(r.local.as_bytes())
                .is_ok_and(|id| !r.is_deletion() && ws.require_root_at(&[id]).is_ok())
        });
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

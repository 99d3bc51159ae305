//! Reading the work tree's plans with their history, as `status` does: the
//! tree of summaries (from the tree cache where files are unchanged) and
//! the history (from its cache when it holds HEAD, else read beside the
//! tree on another thread), for every command that reports on the work
//! tree (`status`, `next`, `graph`).

use git_plan::history::job::HistoryJob;
use git_plan::history::timeline::Timelines;
use git_plan::history::walk::{History, HistoryError};
use git_plan::report::HistoryContext;
use git_plan::tree::alongside;
use git_plan::tree::plan_tree::PlanTree;
use git_plan::workspace::Workspace;

use super::{CacheWrites, HistoryOpts};
use crate::error::CommandError;
use crate::Ctx;

/// The work tree's plans, their history (none on an unborn branch), and
/// the cache files left to write (see [`super::writing_caches`]).
pub fn read(
    ctx: &Ctx,
    ws: &Workspace,
    opts: &HistoryOpts,
) -> Result<(PlanTree<()>, Option<History>, CacheWrites), CommandError> {
    let use_cache = !opts.no_cache;
    let mut job = HistoryJob::new(ws, None, opts.full_history, use_cache)?.fetching(opts.fetch());
    // The history cached for HEAD is read here, and then the work
    // tree alone; anything else is read beside the work tree.
    let read = match job.cached() {
        Some(history) => alongside::read_workspace_alone(ws, use_cache, ctx.now)
            .map_task(|()| Ok(Some((history, None)))),
        None => alongside::read_workspace(ws, use_cache, ctx.now, move || job.run_deferred()),
    };
    let history = read.task.unwrap_or(Err(HistoryError::Panicked))?;
    let (history, write) = history.map_or((None, None), |(h, w)| (Some(h), w));
    let writes = CacheWrites {
        history: write,
        tree: read.cache_write,
    };
    Ok((read.tree?, history, writes))
}

/// Reads the work tree as [`read`] does, then runs `report` on the tree
/// and the history (as a [`HistoryContext`]) while the caches are written
/// on another thread.
pub fn report(
    ctx: &Ctx,
    ws: &Workspace,
    opts: &HistoryOpts,
    report: impl FnOnce(&PlanTree<()>, Option<&HistoryContext<'_>>) -> Result<(), CommandError>,
) -> Result<(), CommandError> {
    let (tree, history, writes) = read(ctx, ws, opts)?;
    super::writing_caches(&writes, history.as_ref(), || {
        with_history(ctx, ws, history.as_ref(), |context| report(&tree, context))
    })?;
    crate::ui::leak((history, tree, writes));
    Ok(())
}

/// Runs `f` with `history` as a [`HistoryContext`] (`None` without one);
/// the timelines are left to the process's exit, as every report does.
pub fn with_history<T>(
    ctx: &Ctx,
    ws: &Workspace,
    history: Option<&History>,
    f: impl FnOnce(Option<&HistoryContext<'_>>) -> T,
) -> T {
    let timelines = history.map(|h| Timelines::new(h, &ws.config.patterns, &ws.config.synonyms));
    let context = timelines.as_ref().map(|t| HistoryContext {
        timelines: t,
        now: ctx.now,
    });
    let result = f(context.as_ref());
    // In this order: each one borrows from the next.
    crate::ui::leak(context);
    crate::ui::leak(timelines);
    result
}

/// The plans and their history as they were at `rev` (`status --at`,
/// `report --at`): the tree of summaries, the commit, and its history.
pub fn read_at(
    ws: &Workspace,
    rev: &str,
    opts: &HistoryOpts,
) -> Result<(PlanTree<()>, String, Option<History>), CommandError> {
    let (tree, commit) = git_plan::history::snapshot::tree_at(ws, rev)?;
    let history = HistoryJob::new(ws, Some(&commit), opts.full_history, !opts.no_cache)?
        .fetching(opts.fetch())
        .run()?;
    Ok((tree.summarised(), commit, history))
}

use clap::Args;
use git_plan::write::transition::Verb;

use super::transition::TransitionOpts;
use crate::error::CommandError;
use crate::Ctx;

/// Reopen a work package: blocked or complete -> in progress, deferred ->
/// ready, cancelled -> draft.
#[derive(Debug, Args)]
pub struct ReopenArgs {
    /// The work package: `initiative/NN`, a number or a slug.
    id: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &ReopenArgs) -> Result<(), CommandError> {
    super::transition::run(ctx, &args.id, &args.opts, |_, _, _| Ok(Verb::Reopen))
}

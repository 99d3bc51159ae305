use clap::Args;
use git_plan::write::transition::Verb;

use super::transition::TransitionOpts;
use crate::error::CommandError;
use crate::Ctx;

/// Start a work package: ready (or blocked) -> in progress, as one commit.
///
/// Refused while a work package it depends on is not complete.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// The work package: `initiative/NN`, a number or a slug.
    id: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &StartArgs) -> Result<(), CommandError> {
    super::transition::run(ctx, &args.id, &args.opts, |_, _, _| Ok(Verb::Start))
}

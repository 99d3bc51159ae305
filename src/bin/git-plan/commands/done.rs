use clap::Args;
use git_plan::write::transition::Verb;

use super::transition::TransitionOpts;
use crate::error::CommandError;
use crate::Ctx;

/// Complete a work package: in progress -> complete, as one commit.
///
/// Complete means verified (seed 000): every Success Criteria item must be
/// ticked. With --unverified it is recorded as complete (unverified) instead.
#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The work package: `initiative/NN`, a number or a slug.
    id: String,
    /// Record the seed-000 UNVERIFIED completion state: done, criteria not all met.
    #[arg(long)]
    unverified: bool,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &DoneArgs) -> Result<(), CommandError> {
    let unverified = args.unverified;
    super::transition::run(ctx, &args.id, &args.opts, |_, _, _| {
        Ok(Verb::Done { unverified })
    })
}

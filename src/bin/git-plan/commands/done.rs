use clap::Args;
use git_plan::write::transition::Verb;

use git_plan::model::lifecycle::Move;

use super::transition::{about, long_about, TransitionOpts};
use crate::error::CommandError;
use crate::Ctx;

// The help is written from the lifecycle tables: see `transition::about`.
#[derive(Debug, Args)]
#[command(
    about = about("Complete a work package", Move::Done),
    long_about = long_about(
        "Complete a work package",
        Move::Done,
        "Complete means verified (seed 000): every Success Criteria item must be ticked. With \
         --unverified it is recorded as complete (unverified) instead; `done` again, once the \
         criteria are ticked, makes it verified.",
    )
)]
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

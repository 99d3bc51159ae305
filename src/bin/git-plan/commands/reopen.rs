use clap::Args;
use git_plan::write::transition::Verb;

use git_plan::model::lifecycle::Move;

use super::transition::{about, TransitionOpts};
use crate::error::CommandError;
use crate::Ctx;

// The help is written from the lifecycle tables: see `transition::about`.
#[derive(Debug, Args)]
#[command(about = about("Reopen a work package", Move::Reopen))]
pub struct ReopenArgs {
    /// The work package: `initiative/NN`, a number or a slug.
    id: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &ReopenArgs) -> Result<(), CommandError> {
    super::transition::run(ctx, &args.id, &args.opts, |_, _, _| Ok(Verb::Reopen))
}

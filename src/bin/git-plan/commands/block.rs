use clap::Args;
use git_plan::write::transition::Verb;

use git_plan::model::lifecycle::Move;

use super::transition::{about, long_about, TransitionOpts};
use crate::error::CommandError;
use crate::Ctx;

// The help is written from the lifecycle tables: see `transition::about`.
#[derive(Debug, Args)]
#[command(
    about = about("Block a work package", Move::Block),
    long_about = long_about(
        "Block a work package",
        Move::Block,
        "The reason is written beside its status and in a Plan-Reason trailer.",
    )
)]
pub struct BlockArgs {
    /// The work package: `initiative/NN`, a number or a slug.
    id: String,
    /// Why it is blocked.
    #[arg(long, value_name = "text")]
    reason: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &BlockArgs) -> Result<(), CommandError> {
    if args.reason.trim().is_empty() {
        return Err(CommandError::usage("--reason must not be empty"));
    }
    let reason = args.reason.clone();
    super::transition::run(ctx, &args.id, &args.opts, |_, _, _| {
        Ok(Verb::Block { reason })
    })
}

use clap::Args;
use git_plan::write::transition::Verb;

use super::transition::TransitionOpts;
use crate::error::CommandError;
use crate::Ctx;

/// Block a work package, with the reason written beside its status and in a
/// Plan-Reason trailer.
#[derive(Debug, Args)]
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

use clap::Args;
use git_plan::write::transition::Verb;

use git_plan::model::lifecycle::Move;

use super::transition::{about, long_about, TransitionOpts};
use crate::error::CommandError;
use crate::Ctx;

// The help is written from the lifecycle tables: see `transition::about`.
#[derive(Debug, Args)]
#[command(
    about = about("Start a work package", Move::Start),
    long_about = long_about(
        "Start a work package",
        Move::Start,
        "Refused while a work package it depends on is not complete. A complete work package \
         is reopened with `git plan reopen`.",
    )
)]
pub struct StartArgs {
    /// The work package: `initiative/NN`, a number or a slug.
    id: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &StartArgs) -> Result<(), CommandError> {
    super::transition::run(ctx, &args.id, &args.opts, |_, _, _| Ok(Verb::Start))
}

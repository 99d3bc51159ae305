use clap::Args;
use git_plan::write::transition::Verb;

use git_plan::model::lifecycle::Move;

use super::transition::{about, long_about, TransitionOpts};
use crate::error::CommandError;
use crate::Ctx;

// The help is written from the lifecycle tables: see `transition::about`.
#[derive(Debug, Args)]
#[command(
    about = about(
        "Approve an initiative's current checkpoint and move to the next",
        Move::Approve,
    ),
    long_about = long_about(
        "Approve an initiative's current checkpoint and move to the next",
        Move::Approve,
        "Seed 002's explicit approval; the commit records who approved.\n\n\
         START-HERE.md and README.md move together, and the checkpoint's item in the \
         Checkpoints checklist is ticked.",
    )
)]
pub struct ApproveArgs {
    /// The initiative: its folder name or a unique part of it.
    id: String,
    /// Who approved (default: git config user.name).
    #[arg(long, value_name = "name")]
    by: Option<String>,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &ApproveArgs) -> Result<(), CommandError> {
    if args.by.as_deref().is_some_and(|b| b.trim().is_empty()) {
        return Err(CommandError::usage("--by must not be empty"));
    }
    if let Some(by) = &args.by {
        super::one_line("--by", by)?;
    }
    super::transition::run(ctx, &args.id, &args.opts, |ws, _, _| {
        let by = match &args.by {
            Some(by) => by.trim().to_string(),
            None => ws.user_name().ok_or_else(|| {
                CommandError::new("no approver: git config user.name is not set")
                    .hint("Pass --by NAME, or set user.name.")
            })?,
        };
        if git_plan::base::text::control_char(&by).is_some() {
            return Err(CommandError::new(
                "the approver from git config user.name contains a control character",
            )
            .hint("Pass --by NAME, or fix user.name."));
        }
        Ok(Verb::Approve { by })
    })
}

use clap::Args;
use git_plan::write::transition::{self, Verb};

use super::transition::TransitionOpts;
use crate::error::CommandError;
use crate::Ctx;

/// Set a document's status (any state its lifecycle allows), as one commit.
///
/// The value may be a canonical state (`ready`) or any synonym
/// (`Ready for Implementation`). From an unknown or missing status any state
/// of the lifecycle may be set.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The document or initiative.
    id: String,
    /// `status=VALUE`.
    #[arg(value_name = "status=VALUE")]
    assignment: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &SetArgs) -> Result<(), CommandError> {
    let Some((key, value)) = args.assignment.split_once('=') else {
        return Err(CommandError::usage(format!(
            "expected status=VALUE, got `{}`",
            args.assignment
        )));
    };
    if key.trim() != "status" {
        return Err(CommandError::usage(format!(
            "`{}` cannot be set; only `status` can",
            key.trim()
        )));
    }
    let value = value.trim().to_string();
    super::one_line("status=VALUE", &value)?;
    super::transition::run(ctx, &args.id, &args.opts, move |ws, tree, index| {
        let state = transition::state_named(&tree.documents[index], &ws.config.synonyms, &value)?;
        Ok(Verb::Set { state })
    })
}

use clap::Args;
use git_plan::model::kind::lifecycle_of;
use git_plan::write::transition::Verb;

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
        let doc = &tree.documents[index];
        let lifecycle = lifecycle_of(doc.kind).ok_or_else(|| {
            CommandError::new(format!(
                "{} has no lifecycle: it is {}",
                doc.id(),
                doc.kind.with_article()
            ))
        })?;
        let state = lifecycle
            .state_named(&value)
            .or_else(|| ws.config.synonyms.normalize(lifecycle, &value).state)
            .ok_or_else(|| {
                let allowed: Vec<&str> = lifecycle.states().iter().map(|s| s.as_str()).collect();
                CommandError::new(format!(
                    "`{value}` is not a state of {}",
                    lifecycle.plural()
                ))
                .hint(format!("use one of: {}", allowed.join(", ")))
            })?;
        Ok(Verb::Set { state })
    })
}

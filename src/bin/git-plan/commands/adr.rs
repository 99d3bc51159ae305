use clap::{Args, Subcommand};
use git_plan::scaffold;

use crate::error::CommandError;
use crate::Ctx;

/// Architecture decision records.
#[derive(Debug, Args)]
pub struct AdrArgs {
    #[command(subcommand)]
    command: AdrCommand,
}

#[derive(Debug, Subcommand)]
enum AdrCommand {
    New(AdrNewArgs),
}

/// Write a new ADR under artifacts/adr/ with the next free number, counting
/// the numbers taken on every local and remote-tracking branch, so that two
/// branches do not pick the same one.
#[derive(Debug, Args)]
struct AdrNewArgs {
    /// Title of the decision.
    title: String,

    /// Number of the ADR this one supersedes; its status is set to
    /// "Superseded by" this one in the same commit.
    #[arg(long, value_name = "N")]
    supersedes: Option<u32>,

    /// The Date field (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,

    /// Write the file but do not commit it.
    #[arg(long)]
    no_commit: bool,
}

pub fn run(ctx: &Ctx, args: &AdrArgs) -> Result<(), CommandError> {
    match &args.command {
        AdrCommand::New(args) => new(ctx, args),
    }
}

fn new(ctx: &Ctx, args: &AdrNewArgs) -> Result<(), CommandError> {
    let ws = super::workspace(ctx)?;
    let tree = ws.load_tree()?;
    let taken = scaffold::taken_adr_numbers(&ws)?;
    let date = args.date.as_deref().unwrap_or(&ctx.today);
    let change = scaffold::new_adr(&ws.root, &tree, &taken, &args.title, date, args.supersedes)?;
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        &format!("Created {}", change.id),
    )
}

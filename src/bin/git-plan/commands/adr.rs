use clap::{Args, Subcommand};
use git_plan::tree::id;
use git_plan::tree::plan_tree::PlanTree;
use git_plan::write::scaffold;
use git_plan::write::transition::Verb;

use git_plan::model::lifecycle::Move;

use super::transition::{about, long_about, TransitionOpts};
use crate::error::CommandError;
use crate::Ctx;

/// Architecture decision records: create them and move them through their states.
///
/// States: proposed, accepted, rejected, deprecated, superseded.
#[derive(Debug, Args)]
pub struct AdrArgs {
    #[command(subcommand)]
    command: AdrCommand,
}

#[derive(Debug, Subcommand)]
enum AdrCommand {
    New(AdrNewArgs),
    #[command(about = about("Accept an ADR", Move::Accept))]
    Accept(AdrMoveArgs),
    #[command(about = about("Reject an ADR", Move::Reject))]
    Reject(AdrMoveArgs),
    #[command(about = about("Deprecate an ADR", Move::Deprecate))]
    Deprecate(AdrMoveArgs),
    #[command(
        about = about("Supersede ADR N by ADR M", Move::Supersede),
        long_about = long_about(
            "Supersede ADR N by ADR M",
            Move::Supersede,
            "N's status links to M and M gains a Supersedes line linking back, in one commit.",
        )
    )]
    Supersede(AdrSupersedeArgs),
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

    /// Commit although HEAD is detached (as in a submodule after `git
    /// submodule update`), where no branch keeps the commit.
    #[arg(long)]
    detached_ok: bool,
}

// Accept, reject and deprecate: their help is on `AdrCommand`, written from
// the lifecycle tables.
#[derive(Debug, Args)]
struct AdrMoveArgs {
    /// The ADR: its number, `adr-N` or its slug.
    id: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

// Its help is on `AdrCommand`, written from the lifecycle tables.
#[derive(Debug, Args)]
struct AdrSupersedeArgs {
    /// The ADR being superseded.
    id: String,
    /// The ADR that supersedes it.
    #[arg(long, value_name = "M")]
    by: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &AdrArgs) -> Result<(), CommandError> {
    match &args.command {
        AdrCommand::New(args) => new(ctx, args),
        AdrCommand::Accept(a) => {
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, _, _| {
                Ok(Verb::Accept)
            })
        }
        AdrCommand::Reject(a) => {
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, _, _| {
                Ok(Verb::Reject)
            })
        }
        AdrCommand::Deprecate(a) => {
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, _, _| {
                Ok(Verb::Deprecate)
            })
        }
        AdrCommand::Supersede(a) => {
            super::one_line("--by", &a.by)?;
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, tree, _| {
                Ok(Verb::Supersede {
                    by: id::resolve_adr(tree, &a.by)?,
                })
            })
        }
    }
}

fn new(ctx: &Ctx, args: &AdrNewArgs) -> Result<(), CommandError> {
    super::one_line("<title>", &args.title)?;
    if let Some(date) = &args.date {
        super::one_line("--date", date)?;
    }
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let taken = scaffold::taken_adr_numbers(&ws)?;
    let date = args
        .date
        .as_deref()
        .map_or_else(|| ctx.today(), str::to_string);
    let change = scaffold::new_adr(&ws.root, &tree, &taken, &args.title, &date, args.supersedes)?;
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        args.detached_ok,
        &format!("Created {}", change.id),
        &lock,
    )
}

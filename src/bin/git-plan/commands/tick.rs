use std::io::Write;

use clap::Args;
use git_plan::tree::plan_tree::PlanTree;
use git_plan::write::plan_edit::{self, Planned};
use git_plan::write::transition;

use super::transition::CommitOpts;
use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// Tick one success criterion or checklist item (`- [ ]` -> `- [x]`), as one commit.
///
/// The item is named by its number (1-based, over the document's whole
/// checklist in order, as `git plan show` lists it) or by its text: the
/// exact text, else a part of it (any case) that only one item holds. An
/// item already ticked is left alone, and the command exits 0 without a
/// commit, as `git checkout` of the current branch does.
#[derive(Debug, Args)]
pub struct TickArgs {
    #[command(flatten)]
    item: ItemArgs,
}

/// The document and item of `tick` and `untick`, and how they commit.
#[derive(Debug, Args)]
pub struct ItemArgs {
    /// The document (or initiative: its status document).
    id: String,
    /// The item's number or text.
    #[arg(value_name = "number|text")]
    item: String,
    #[command(flatten)]
    opts: CommitOpts,
}

pub fn run(ctx: &Ctx, args: &TickArgs) -> Result<(), CommandError> {
    run_item(ctx, &args.item, true)
}

/// `tick` (`checked`) or `untick` one item.
pub fn run_item(ctx: &Ctx, args: &ItemArgs, checked: bool) -> Result<(), CommandError> {
    super::one_line("<item>", &args.item)?;
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let index = super::transition::target(&tree, &args.id)?;
    let doc = &tree.documents[index];
    let id = transition::subject_id(doc);
    let change = match plan_edit::plan_tick(doc, &id, &args.item, checked)? {
        Planned::Nothing(said) => {
            writeln!(anstream::stdout(), "{said}")?;
            return Ok(());
        }
        Planned::Change(change) => change,
    };
    let committed = super::transition::commit(&ws, &lock, &change, &args.opts, "edit")?;
    let summary = change
        .message
        .subject()
        .split_once("): ")
        .map_or("", |(_, s)| s)
        .to_string();
    writeln!(
        anstream::stdout(),
        "{}: {summary}",
        ui::paint(ui::BOLD, &id)
    )?;
    super::transition::report_commit(&ws, &change, committed.as_ref())
}

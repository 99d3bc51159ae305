use clap::Args;

use super::tick::ItemArgs;
use crate::error::CommandError;
use crate::Ctx;

/// Untick one success criterion or checklist item (`- [x]` -> `- [ ]`), as one commit.
///
/// The item is named as for `git plan tick`: its number (1-based, over the
/// whole checklist, as `git plan show` lists it), its exact text, or a part
/// of its text only one item holds. An item not ticked is left alone, and
/// the command exits 0 without a commit.
#[derive(Debug, Args)]
pub struct UntickArgs {
    #[command(flatten)]
    item: ItemArgs,
}

pub fn run(ctx: &Ctx, args: &UntickArgs) -> Result<(), CommandError> {
    super::tick::run_item(ctx, &args.item, false)
}

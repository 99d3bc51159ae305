use std::io::Write;

use clap::Args;
use git_plan::tree::id::{self, Target};
use git_plan::tree::plan_tree::PlanTree;
use git_plan::write::{plan_edit, scaffold};

use super::transition::CommitOpts;
use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// Give a work package another number, as one commit.
///
/// Renames `04-x-plan.md` to `NN-x-plan.md` (the rest of the name and the
/// digit width kept; git records a rename) and rewrites the references to
/// it in its initiative: its file name in links and tables, `[04](...)`
/// link texts, a bare `04` in a `Depends on` field, its `Phase 04` title.
/// A number used in the folder on any local or remote-tracking branch is
/// refused.
#[derive(Debug, Args)]
pub struct RenumberArgs {
    /// The work package.
    id: String,
    /// Its new number.
    #[arg(value_name = "NN")]
    number: String,
    #[command(flatten)]
    opts: CommitOpts,
}

pub fn run(ctx: &Ctx, args: &RenumberArgs) -> Result<(), CommandError> {
    let number: u32 = args
        .number
        .trim()
        .parse()
        .ok()
        .filter(|_| args.number.trim().chars().all(|c| c.is_ascii_digit()))
        .ok_or_else(|| {
            CommandError::usage(format!("`{}` is not a number such as 06", args.number))
        })?;
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let at = match id::resolve(&tree, &args.id)? {
        Target::Document(d) => d,
        Target::Initiative(i) => {
            return Err(CommandError::new(format!(
                "{} is an initiative; name one of its work packages",
                tree.initiatives[i].folder
            )))
        }
    };
    let path = &tree.documents[at].path;
    let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
    let taken = scaffold::taken_work_package_numbers(&ws, folder)?;
    let change = plan_edit::plan_renumber(&tree, at, number, &taken)?;
    let committed = super::transition::commit(&ws, &lock, &change, &args.opts, "edit")?;
    writeln!(
        anstream::stdout(),
        "{}: renumbered {} -> {}",
        ui::paint(ui::BOLD, &change.id),
        tree.documents[at].id(),
        change.id
    )?;
    super::transition::report_commit(&ws, &change, committed.as_ref())
}

use std::io::Write;

use clap::Args;
use git_plan::tree::id::{self, Target};
use git_plan::tree::plan_tree::{DocIndex, PlanTree};
use git_plan::write::plan_edit::{self, Planned};

use super::transition::CommitOpts;
use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// Add or remove a dependency of a work package, as one commit.
///
/// `--on OTHER` adds `- [ ] [NN](NN-other-plan.md) complete` to its
/// `### Requires (Blockers)` list (creating `## Dependencies` before the
/// Success Criteria when it has none) and the reference to its `Depends on`
/// field when it has one; a dependency that would make a cycle is refused.
/// `--remove OTHER` deletes the list item's line and the field's entry.
/// A dependency already there exits 0 without a commit.
#[derive(Debug, Args)]
pub struct DependArgs {
    /// The work package that depends.
    id: String,
    /// The plan it comes to depend on (an id, number or slug).
    #[arg(
        long,
        value_name = "other",
        required_unless_present = "remove",
        conflicts_with = "remove"
    )]
    on: Option<String>,
    /// The plan it no longer depends on.
    #[arg(long, value_name = "other")]
    remove: Option<String>,
    #[command(flatten)]
    opts: CommitOpts,
}

pub fn run(ctx: &Ctx, args: &DependArgs) -> Result<(), CommandError> {
    let (other, add) = match (&args.on, &args.remove) {
        (Some(on), _) => (on, true),
        (None, Some(remove)) => (remove, false),
        (None, None) => return Err(CommandError::usage("give --on OTHER or --remove OTHER")),
    };
    super::one_line(if add { "--on" } else { "--remove" }, other)?;
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let at = document(&tree, &args.id, None)?;
    let folder = tree.documents[at].initiative.clone().unwrap_or_default();
    let other = document(&tree, other, Some(&folder))?;
    let change = match plan_edit::plan_depend(&tree, at, other, add)? {
        Planned::Nothing(said) => {
            writeln!(anstream::stdout(), "{said}")?;
            return Ok(());
        }
        Planned::Change(change) => change,
    };
    let committed = super::transition::commit(&ws, &lock, &change, &args.opts, "edit")?;
    writeln!(
        anstream::stdout(),
        "{}: {} {}",
        ui::paint(ui::BOLD, &tree.documents[at].id()),
        if add { "+" } else { "-" },
        tree.documents[other].id()
    )?;
    super::transition::report_commit(&ws, &change, committed.as_ref())
}

/// The document `query` names (a bare number within `folder` first).
fn document(tree: &PlanTree, query: &str, folder: Option<&str>) -> Result<DocIndex, CommandError> {
    let target = match folder {
        Some(f) if !f.is_empty() => id::resolve_from(tree, f, query)?,
        _ => id::resolve(tree, query)?,
    };
    match target {
        Target::Document(d) => Ok(d),
        Target::Initiative(i) => Err(CommandError::new(format!(
            "{query} names the initiative {}; name a work package",
            tree.initiatives[i].folder
        ))),
    }
}

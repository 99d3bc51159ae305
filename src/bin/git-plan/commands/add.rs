use clap::Args;
use git_plan::tree::id::{self, Target};
use git_plan::tree::plan_tree::PlanTree;
use git_plan::write::scaffold::{self, WorkPackageSpec};

use crate::error::CommandError;
use crate::Ctx;

/// Add a work package to an initiative: the next NN-slug-plan.md, committed.
///
/// The sections of the seed template plus Risks and a Rollback Plan, as a
/// draft.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The initiative: its folder name, or a unique part such as its slug.
    initiative: String,

    /// Title of the work package; its slug names the file.
    title: String,

    /// Priority, such as `HIGH` or `MEDIUM (blocks 05)` (default: MEDIUM).
    #[arg(long, value_name = "priority")]
    priority: Option<String>,

    /// Estimated effort, such as `2-4h agentic + 1h review`.
    #[arg(long, value_name = "effort")]
    effort: Option<String>,

    /// A plan this one depends on (an id, number or slug); repeatable.
    #[arg(long = "depends-on", value_name = "id")]
    depends_on: Vec<String>,

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

pub fn run(ctx: &Ctx, args: &AddArgs) -> Result<(), CommandError> {
    super::one_line("<initiative>", &args.initiative)?;
    super::one_line("<title>", &args.title)?;
    for (option, value) in [
        ("--priority", &args.priority),
        ("--effort", &args.effort),
        ("--date", &args.date),
    ] {
        if let Some(value) = value {
            super::one_line(option, value)?;
        }
    }
    for dep in &args.depends_on {
        super::one_line("--depends-on", dep)?;
    }
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let i = id::resolve_initiative(&tree, &args.initiative)?;
    let folder = tree.initiatives[i].folder.clone();
    let mut depends_on = Vec::new();
    for dep in &args.depends_on {
        // A bare number names a work package of this initiative first.
        match id::resolve_from(&tree, &folder, dep)? {
            Target::Document(d) => depends_on.push(d),
            Target::Initiative(_) => {
                return Err(CommandError::new(format!(
                    "--depends-on {dep} names an initiative; name a work package or ADR"
                )))
            }
        }
    }
    let date = args
        .date
        .as_deref()
        .map_or_else(|| ctx.today(), str::to_string);
    let spec = WorkPackageSpec {
        title: &args.title,
        priority: args.priority.as_deref(),
        effort: args.effort.as_deref(),
        date: &date,
        depends_on,
    };
    let taken = scaffold::taken_work_package_numbers(
        &ws,
        &format!("{}/{folder}", git_plan::model::kind::PLANNING_DIR),
    )?;
    let change =
        scaffold::add_work_package(&ws.root, &tree, &ws.config.patterns, &folder, &taken, &spec)?;
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        args.detached_ok,
        &format!("Added a work package to {folder}"),
        &lock,
    )
}

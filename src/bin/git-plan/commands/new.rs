use clap::Args;
use git_plan::write::scaffold;

use crate::error::CommandError;
use crate::Ctx;

/// Start an initiative: artifacts/planning/YYYY-MM-DD-SLUG/, committed.
///
/// START-HERE.md and README.md following seed 002, at the first checkpoint
/// (scope assessment).
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Kebab-case name of the initiative, such as `api-redesign`.
    slug: String,

    /// Title of the roadmap (default: the slug in title case).
    #[arg(long, value_name = "title")]
    title: Option<String>,

    /// Date prefix of the folder and the Created field (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,

    /// Write the files but do not commit them.
    #[arg(long)]
    no_commit: bool,

    /// Commit although HEAD is detached (as in a submodule after `git
    /// submodule update`), where no branch keeps the commit.
    #[arg(long)]
    detached_ok: bool,
}

pub fn run(ctx: &Ctx, args: &NewArgs) -> Result<(), CommandError> {
    super::one_line("<slug>", &args.slug)?;
    for (option, value) in [("--title", &args.title), ("--date", &args.date)] {
        if let Some(value) = value {
            super::one_line(option, value)?;
        }
    }
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let date = args
        .date
        .as_deref()
        .map_or_else(|| ctx.today(), str::to_string);
    let change = scaffold::new_initiative(&ws.root, &args.slug, args.title.as_deref(), &date)?;
    let folder = format!("{date}-{}", args.slug.to_ascii_lowercase());
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        args.detached_ok,
        &format!("Created initiative {folder}"),
        &lock,
    )
}

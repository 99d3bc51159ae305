//! `--branches[=PATTERN]` for `status` and `next`: reading the other
//! branches' plans (`git_plan::history::branches`), their settings from
//! `git config plan.branches` and `plan.branchesStaleDays`, and the lines
//! the human views add.

use std::io::Write;

use git_plan::history::branches::{self, BranchQuery, BranchesRead, Reading};
use git_plan::report::branches::{BranchStateView, BranchStates, BranchesView};
use git_plan::workspace::Workspace;

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// The default of `plan.branchesStaleDays`.
const STALE_DAYS: u64 = 90;

#[derive(Debug, clap::Args)]
pub struct BranchOpts {
    /// Also read the plans on other branches: every local and
    /// remote-tracking branch, or those whose short name matches PATTERN
    /// (`feat/*`, `origin/feat/*`; without PATTERN, `plan.branches`'s when
    /// it gives one). `status` shows each document's state on the branches
    /// where it differs, with who set it there and when, and lists the
    /// documents only on a branch; `next` does not offer a work package
    /// another branch has taken further. Branches merged into HEAD, and
    /// those without a commit for `plan.branchesStaleDays` days (90), do
    /// not count. On by default when `git config plan.branches` is set
    /// (`true`, or a PATTERN).
    #[arg(
        long,
        value_name = "pattern",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = ""
    )]
    pub branches: Option<String>,

    /// Do not read other branches, even when `plan.branches` is set.
    #[arg(long, conflicts_with = "branches")]
    pub no_branches: bool,
}

/// What to read of the other branches, once the options and the
/// configuration are weighed.
pub struct Settings {
    /// The glob over short names; `None` for every branch.
    pub pattern: Option<String>,
    /// `plan.branchesStaleDays`: a branch without a commit for longer is stale.
    pub stale_days: u64,
}

impl BranchOpts {
    /// The settings when branches are to be read: `--branches`, or
    /// `plan.branches` set to true or a pattern (and no `--no-branches`).
    pub fn settings(&self, ws: &Workspace) -> Result<Option<Settings>, CommandError> {
        if self.no_branches {
            return Ok(None);
        }
        let config = ws.repo.config_snapshot();
        // `plan.branches`: a boolean turns reading on or off; anything else
        // is the default pattern, and turns it on.
        let configured: Option<Option<String>> = match config.boolean("plan.branches") {
            Some(true) => Some(None),
            Some(false) => None,
            _ => config
                .string("plan.branches")
                .map(|v| v.to_string())
                .filter(|v| !v.trim().is_empty())
                .map(Some),
        };
        let pattern = match (&self.branches, configured) {
            (Some(p), _) if !p.is_empty() => Some(p.clone()),
            (Some(_), configured) => configured.flatten(),
            (None, Some(configured)) => configured,
            (None, None) => return Ok(None),
        };
        let stale_days = match config.integer("plan.branchesStaleDays") {
            None => STALE_DAYS,
            Some(n) if n > 0 => n.unsigned_abs(),
            Some(_) => {
                return Err(CommandError::usage(
                    "`git config plan.branchesStaleDays` must be a number of days above 0",
                ))
            }
        };
        Ok(Some(Settings {
            pattern,
            stale_days,
        }))
    }

    /// Whether `--branches` was given on the command line.
    pub fn given(&self) -> bool {
        self.branches.is_some()
    }
}

/// The other branches as read, and their documents' states.
pub type Read = (BranchesRead, BranchStates);

/// Reads the other branches of `ws` as `settings` say, through the cache
/// unless `use_cache` is false, and their documents' states.
pub fn read(
    ctx: &Ctx,
    ws: &Workspace,
    settings: &Settings,
    use_cache: bool,
) -> Result<Read, CommandError> {
    let (repo, root) = ws.plan_repo()?;
    let query = BranchQuery {
        root: &root,
        pattern: settings.pattern.as_deref(),
        stale_after: i64::try_from(settings.stale_days)
            .unwrap_or(i64::MAX / 86_400)
            .saturating_mul(86_400),
        now: ctx.now,
    };
    let dir = use_cache.then(|| Workspace::cache_dir(&repo));
    let read = branches::read(&repo, &query, dir.as_deref()).map_err(|e| match e {
        branches::BranchesError::History(h) => CommandError::from(h),
        other => CommandError::from_error(&other),
    })?;
    let states = BranchStates::new(&read, &ws.config.patterns, &ws.config.synonyms, ctx.now);
    Ok((read, states))
}

/// The lines under a document for its states on other branches:
/// `in-progress on feat/metrics (Ada Author, 2d)`, indented by `indent`.
pub fn marks(out: &mut impl Write, indent: &str, views: &[BranchStateView]) -> std::io::Result<()> {
    for v in views {
        writeln!(
            out,
            "{indent}{}",
            paint(ui::state_style(&v.state), &v.describe())
        )?;
    }
    Ok(())
}

/// What was read, and the documents only on other branches, after the roadmap.
pub fn summary(out: &mut impl Write, view: &BranchesView) -> std::io::Result<()> {
    let count = |r: Reading| view.seen.iter().filter(|b| b.reading == r).count();
    let mut parts = vec![format!("{} with plan changes", count(Reading::Read))];
    for (r, what) in [
        (Reading::SamePlans, "with the same plans"),
        (Reading::Merged, "merged"),
        (Reading::Stale, "stale"),
    ] {
        let n = count(r);
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    if view.excluded > 0 {
        let pattern = view.pattern.as_deref().unwrap_or("");
        parts.push(format!("{} not matching {pattern}", view.excluded));
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} {}",
        paint(ui::BOLD, "Other branches:"),
        paint(ui::DIM, &parts.join(", "))
    )?;
    if view.only_on_branches.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", paint(ui::BOLD, "Only on other branches:"))?;
    let iw = view
        .only_on_branches
        .iter()
        .map(|d| ui::columns(&d.id))
        .max()
        .unwrap_or(0);
    for d in &view.only_on_branches {
        let title = d.title.as_deref().unwrap_or(&d.path);
        writeln!(
            out,
            "  {}  {title}  {}",
            paint(ui::BOLD, &format!("{:<iw$}", d.id)),
            paint(ui::state_style(&d.on.state), &d.on.describe()),
        )?;
    }
    Ok(())
}

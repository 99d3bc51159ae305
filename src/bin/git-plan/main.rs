//! `git-plan`: the command-line front end. Installed on `PATH`, it runs as
//! `git plan ...`. All logic lives in the `git_plan` library; this binary
//! parses arguments, reads the environment, renders output and maps errors
//! to exit codes.

mod commands;
mod error;
mod git_env;
mod pager;
mod signals;
mod ui;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use git_plan::workspace::Location;

use crate::error::CommandError;

/// A git-native plan tracker: roadmaps, work packages and ADRs as Markdown
/// under .engineering/, with every phase transition a commit.
#[derive(Debug, Parser)]
#[command(name = "git-plan", bin_name = "git plan", version, about, long_about = None)]
#[command(after_help = "Run `git plan <command> --help` for the options of one command.")]
struct Cli {
    /// Run as if started in <path> (like `git -C`); may be given more than once.
    #[arg(short = 'C', value_name = "path", global = true, action = clap::ArgAction::Append)]
    directory: Vec<PathBuf>,

    /// When to use colour: always, never or auto (on a terminal); `--color`
    /// alone is always. Without it, `git config color.plan`, then
    /// `color.ui`, then NO_COLOR decide, as for git's own commands.
    #[arg(
        long,
        value_name = "when",
        global = true,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "always",
        overrides_with = "no_color"
    )]
    color: Option<ui::ColorWhen>,

    /// Never colour (the same as `--color=never`).
    #[arg(long, global = true, overrides_with = "color")]
    no_color: bool,

    /// Do not send output to a pager (as `git --no-pager`). Without it,
    /// the human output of status, log, show, diff and adr list goes
    /// through the pager when stdout is a terminal: GIT_PAGER, git config
    /// pager.plan (false turns it off), core.pager, PAGER, or less.
    #[arg(short = 'P', long, global = true)]
    no_pager: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Init(commands::init::InitArgs),
    New(commands::new::NewArgs),
    Add(commands::add::AddArgs),
    Adr(commands::adr::AdrArgs),
    Status(commands::status::StatusArgs),
    Next(commands::next::NextArgs),
    Graph(commands::graph::GraphArgs),
    Report(commands::report::ReportArgs),
    Show(commands::show::ShowArgs),
    Log(commands::log::LogArgs),
    Diff(commands::diff::DiffArgs),
    Review(commands::review::ReviewArgs),
    Check(commands::check::CheckArgs),
    Hooks(commands::hooks::HooksArgs),
    Hook(commands::hook::HookArgs),
    Start(commands::start::StartArgs),
    Done(commands::done::DoneArgs),
    Block(commands::block::BlockArgs),
    Reopen(commands::reopen::ReopenArgs),
    Approve(commands::approve::ApproveArgs),
    Set(commands::set::SetArgs),
    Tick(commands::tick::TickArgs),
    Untick(commands::untick::UntickArgs),
    Depend(commands::depend::DependArgs),
    Renumber(commands::renumber::RenumberArgs),
    InstallMan(commands::man::InstallManArgs),
    Completions(commands::completions::CompletionsArgs),
    Mcp(commands::mcp::McpArgs),
}

/// What every command gets: where to look, and what time it is.
pub struct Ctx {
    pub location: Location,
    /// The current time, seconds since the epoch, for "time in state" and
    /// the cache of the work tree's documents: the clock, or `GIT_PLAN_NOW`.
    pub now: i64,
    /// `GIT_PLAN_NOW` was set: `now` is pinned, and so is today's date.
    pub pinned_now: bool,
    /// GIT_PLAN_SKIP=1, or the pre-commit framework's SKIP naming git-plan.
    pub skip_hooks: bool,
    /// The colour the command line asked for (`--color`, `--no-color`);
    /// None lets the repository's configuration decide once it is opened.
    pub color: Option<ui::ColorWhen>,
}

impl Ctx {
    /// Today's date, `YYYY-MM-DD`, in local time: read here, never in the
    /// library, and only by the commands that write a date (reading the
    /// time zone costs more than a whole `status`).
    pub fn today(&self) -> String {
        use chrono::TimeZone;
        let now = if self.pinned_now {
            chrono::Local.timestamp_opt(self.now, 0).single()
        } else {
            None
        };
        now.unwrap_or_else(chrono::Local::now)
            .format("%Y-%m-%d")
            .to_string()
    }
}

fn main() -> ExitCode {
    // `--help` opens the manual page, as git's commands do, when one is
    // installed (`git plan install-man`); clap's long help otherwise.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = commands::man::page_for_help(&args).and_then(|p| commands::man::open(&p)) {
        return code;
    }
    ui::set_json_errors(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            if e.use_stderr() && ui::json_errors() {
                error::usage_json(&e.render().to_string());
            }
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = if cli.no_color {
        Some(ui::ColorWhen::Never)
    } else {
        cli.color
    };
    // Until the repository's configuration is read: what the command line
    // says, else auto.
    color.unwrap_or(ui::ColorWhen::Auto).apply();
    let mut pager = None;
    let result = context(&cli, color).and_then(|ctx| {
        if cli.command.pages() {
            pager = pager::start(&ctx.location.cwd, cli.no_pager);
        }
        run(&ctx, &cli.command)
    });
    if let Some(pager) = pager {
        pager.finish();
        // A signal while the pager ran was waited out; now it counts.
        if let Some(signal) = signals::received() {
            return ExitCode::from(signals::exit_code(signal));
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

impl Command {
    /// Whether the command's output goes through the pager (on a terminal):
    /// the human output of the read commands people scroll through.
    fn pages(&self) -> bool {
        match self {
            Command::Status(a) => a.pages(),
            Command::Log(a) => a.pages(),
            Command::Show(a) => a.pages(),
            Command::Diff(a) => a.pages(),
            Command::Adr(a) => a.pages(),
            _ => false,
        }
    }
}

fn run(ctx: &Ctx, command: &Command) -> Result<(), CommandError> {
    match command {
        Command::Init(args) => commands::init::run(ctx, args),
        Command::New(args) => commands::new::run(ctx, args),
        Command::Add(args) => commands::add::run(ctx, args),
        Command::Adr(args) => commands::adr::run(ctx, args),
        Command::Status(args) => commands::status::run(ctx, args),
        Command::Next(args) => commands::next::run(ctx, args),
        Command::Graph(args) => commands::graph::run(ctx, args),
        Command::Report(args) => commands::report::run(ctx, args),
        Command::Show(args) => commands::show::run(ctx, args),
        Command::Log(args) => commands::log::run(ctx, args),
        Command::Diff(args) => commands::diff::run(ctx, args),
        Command::Review(args) => commands::review::run(ctx, args),
        Command::Check(args) => commands::check::run(ctx, args),
        Command::Hooks(args) => commands::hooks::run(ctx, args),
        Command::Hook(args) => commands::hook::run(ctx, args),
        Command::Start(args) => commands::start::run(ctx, args),
        Command::Done(args) => commands::done::run(ctx, args),
        Command::Block(args) => commands::block::run(ctx, args),
        Command::Reopen(args) => commands::reopen::run(ctx, args),
        Command::Approve(args) => commands::approve::run(ctx, args),
        Command::Set(args) => commands::set::run(ctx, args),
        Command::Tick(args) => commands::tick::run(ctx, args),
        Command::Untick(args) => commands::untick::run(ctx, args),
        Command::Depend(args) => commands::depend::run(ctx, args),
        Command::Renumber(args) => commands::renumber::run(ctx, args),
        Command::InstallMan(args) => commands::man::run(ctx, args),
        Command::Completions(args) => commands::completions::run(ctx, args),
        Command::Mcp(args) => commands::mcp::run(ctx, args),
    }
}

fn context(cli: &Cli, color: Option<ui::ColorWhen>) -> Result<Ctx, CommandError> {
    let mut cwd = std::env::current_dir()
        .map_err(|e| CommandError::new("cannot read the current directory").caused_by(Some(&e)))?;
    for dir in &cli.directory {
        cwd = cwd.join(dir);
        if !cwd.is_dir() {
            return Err(CommandError::usage(format!(
                "cannot change to '{}': no such directory",
                dir.display()
            )));
        }
    }
    // Relative values are relative to where git plan runs (after any -C).
    // The git commands run for commits inherit these variables but start
    // elsewhere (`git -C <work tree>`), so hand them absolute paths.
    let env_path = |name: &str| {
        let value = PathBuf::from(std::env::var_os(name).filter(|v| !v.is_empty())?);
        if value.is_relative() {
            let absolute = cwd.join(value);
            std::env::set_var(name, &absolute);
            return Some(absolute);
        }
        Some(value)
    };
    let git_dir = env_path("GIT_DIR");
    let work_tree = env_path("GIT_WORK_TREE");
    let config_parameters = match std::env::var("GIT_CONFIG_PARAMETERS") {
        Ok(raw) => git_env::config_parameters(&raw).map_err(|e| {
            CommandError::usage(format!(
                "cannot read GIT_CONFIG_PARAMETERS (from `git -c`): {e}"
            ))
        })?,
        Err(_) => Vec::new(),
    };
    let pinned = pinned_now()?;
    let now = pinned.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    Ok(Ctx {
        location: Location {
            cwd,
            git_dir,
            work_tree,
            config_parameters,
        },
        now,
        pinned_now: pinned.is_some(),
        skip_hooks: std::env::var("GIT_PLAN_SKIP").is_ok_and(|v| !v.is_empty() && v != "0")
            || std::env::var("SKIP").is_ok_and(|v| v.split(',').any(|s| s.trim() == "git-plan")),
        color,
    })
}

/// `GIT_PLAN_NOW`, the time to take as now: seconds since the epoch or an
/// RFC 3339 date-time (`2026-03-01T12:00:00Z`). For reproducible output (the
/// test suite sets it), as `SOURCE_DATE_EPOCH` is for builds.
fn pinned_now() -> Result<Option<i64>, CommandError> {
    let Some(value) = std::env::var("GIT_PLAN_NOW").ok().filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let value = value.trim();
    if let Ok(seconds) = value.parse::<i64>() {
        return Ok(Some(seconds));
    }
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| Some(t.timestamp()))
        .map_err(|_| {
            CommandError::usage(format!(
                "GIT_PLAN_NOW is `{value}`, which is neither seconds since the epoch nor an RFC 3339 date-time"
            ))
        })
}

//! Manual pages: `git plan install-man` writes `git-plan(1)` and one page
//! per subcommand (`git-plan-status(1)`, `git-plan-adr-new(1)`), generated
//! from the clap definitions, where `man` finds them; `--help` opens them.
//!
//! git turns `git plan --help` and `git help plan` into `man git-plan`, and
//! `git plan status --help` reaches this binary, which opens
//! `git-plan-status(1)` the same way (clap's own long help when no page is
//! installed). `cargo install` installs binaries only, so the pages are an
//! explicit step, as README's set-up command does.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use clap::{Args, CommandFactory};

use crate::error::CommandError;
use crate::Ctx;

/// Install the manual pages: git-plan(1) and one per command.
///
/// Writes `git-plan.1`, `git-plan-status.1`, `git-plan-adr-new.1`, ... to
/// DIR, by default `share/man/man1` beside the directory that holds this
/// binary (`~/.cargo/share/man/man1` for `cargo install`), where `man`
/// looks for the pages of commands on PATH. Then `git plan --help`,
/// `git help plan` and `git plan status --help` open them.
#[derive(Debug, Args)]
pub struct InstallManArgs {
    /// The directory to write the pages to (created if missing).
    #[arg(value_name = "dir")]
    dir: Option<PathBuf>,
}

pub fn run(_ctx: &Ctx, args: &InstallManArgs) -> Result<(), CommandError> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => default_dir()?,
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        CommandError::new(format!("cannot create {}", dir.display())).caused_by(Some(&e))
    })?;
    let pages = pages();
    for (name, text) in &pages {
        write_atomically(&dir.join(format!("{name}.1")), text)?;
    }
    let mut out = anstream::stdout();
    writeln!(
        out,
        "Installed {} manual pages in {}",
        pages.len(),
        dir.display()
    )?;
    // Say whether `man` will find them, and how to make it if not.
    let found = man_path("git-plan");
    let ours = dir.join("git-plan.1");
    let same = found
        .as_deref()
        .zip(std::fs::canonicalize(&ours).ok())
        .is_some_and(|(found, ours)| std::fs::canonicalize(found).is_ok_and(|f| f == ours));
    if !same {
        let root = dir.parent().unwrap_or(&dir);
        let mut err = anstream::stderr();
        crate::ui::hint_line(
            &mut err,
            &format!(
                "`man git-plan` does not find these pages here; add {} to MANPATH (`export MANPATH=\"{}:$MANPATH\"`), or put the bin directory beside it on PATH",
                root.display(),
                root.display()
            ),
        )?;
    }
    Ok(())
}

/// `<prefix>/share/man/man1`, where prefix is the parent of the directory
/// holding this binary.
fn default_dir() -> Result<PathBuf, CommandError> {
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| {
            CommandError::new("cannot find where git-plan is installed").caused_by(Some(&e))
        })?;
    let prefix = exe.parent().and_then(Path::parent).ok_or_else(|| {
        CommandError::new(format!("{} has no parent directory", exe.display()))
            .hint("Give the directory: git plan install-man <dir>")
    })?;
    Ok(prefix.join("share").join("man").join("man1"))
}

fn write_atomically(path: &Path, text: &[u8]) -> Result<(), CommandError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp{}", std::process::id()));
    let result = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        CommandError::new(format!("cannot write {}", path.display())).caused_by(Some(&e))
    })
}

/// Every page: (name, roff text), the main page first, then each command
/// and nested command in definition order. Hidden commands get none.
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = crate::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, &mut pages);
    pages
}

fn collect(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
    let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let man = clap_mangen::Man::new(cmd.clone())
        .title(name.to_uppercase())
        .manual("Git Plan Manual")
        .source(format!("git-plan {}", env!("CARGO_PKG_VERSION")));
    let mut text = Vec::new();
    // Rendering into memory cannot fail.
    if man.render(&mut text).is_ok() {
        pages.push((name, text));
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages);
    }
}

/// The page `--help` asks for, from the command line: `git-plan` for
/// `git-plan --help`, `git-plan-adr-new` for `git-plan adr new --help`.
/// None when `--help` is not given (before any `--`); `-h` stays clap's
/// short help.
pub fn page_for_help(args: &[OsString]) -> Option<String> {
    if !args
        .iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--help")
    {
        return None;
    }
    let root = crate::Cli::command();
    let mut cmd = &root;
    let mut name = String::from("git-plan");
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let Some(word) = word.to_str() else { continue };
        if word == "--" || word == "--help" {
            break;
        }
        if word == "-C" || word == "--color" {
            words.next();
            continue;
        }
        if word.starts_with('-') {
            continue;
        }
        if let Some(sub) = cmd.find_subcommand(word) {
            name.push('-');
            name.push_str(sub.get_name());
            cmd = sub;
        }
    }
    Some(name)
}

/// Opens a manual page with `man` when one is installed; the exit code of
/// `man`, or None when no page is found (then clap's help is printed).
pub fn open(page: &str) -> Option<ExitCode> {
    man_path(page)?;
    let status = Command::new("man").arg(page).status().ok()?;
    Some(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// Where `man -w` finds a page, if it does.
fn man_path(page: &str) -> Option<PathBuf> {
    let out = Command::new("man")
        .args(["-w", page])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?;
    let path = path.lines().next()?.trim();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

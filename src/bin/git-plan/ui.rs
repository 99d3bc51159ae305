//! Terminal output: colour choice, styles, and the Error/Hint/warning lines.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use git_plan::model::diagnostic::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// A colour setting of git's configuration (`color.ui`, `color.plan`),
    /// as git reads it (color.c, `git_config_colorbool`): `always`, `never`,
    /// `auto`, or a boolean, where true means auto. None for anything else.
    pub fn from_config(value: &str) -> Option<ColorWhen> {
        match value.to_ascii_lowercase().as_str() {
            "always" => Some(ColorWhen::Always),
            "never" | "false" | "no" | "off" | "0" => Some(ColorWhen::Never),
            "auto" | "true" | "yes" | "on" | "1" | "" => Some(ColorWhen::Auto),
            _ => None,
        }
    }

    /// Sets the process-wide choice that anstream's streams honour (they also
    /// honour NO_COLOR and CLICOLOR on `auto`).
    pub fn apply(self) {
        let choice = match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

/// When the command line did not choose: `color.plan`, else `color.ui`, from
/// the repository's configuration (and `git -c`), as git's commands read
/// `color.<command>` then `color.ui`. A value that is not a colour setting
/// is named in a warning and ignored.
pub fn apply_configured_color(repo: &gix::Repository) {
    let config = repo.config_snapshot();
    for key in ["color.plan", "color.ui"] {
        // A bare `color.ui` (no `=`) is true, which is auto.
        let Some(value) = config.string(key) else {
            if config.boolean(key) == Some(true) {
                return;
            }
            continue;
        };
        let value = value.to_string();
        match ColorWhen::from_config(&value) {
            // Auto is the choice already made (for the terminal, when a
            // pager now holds stdout): keep it.
            Some(ColorWhen::Auto) => return,
            Some(when) => {
                when.apply();
                return;
            }
            None => {
                let mut err = anstream::stderr();
                let _ = writeln!(
                    err,
                    "{}: ignoring {key}={value}: not always, never, auto, true or false",
                    paint(YELLOW, "warning")
                );
            }
        }
    }
}

static JSON_ERRORS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The command line asks for JSON (`--json`, `--format json`, before any
/// `--`): errors are then also written as a JSON object on stdout.
pub fn set_json_errors(args: &[std::ffi::OsString]) {
    let mut words = args.iter().skip(1).take_while(|a| *a != "--");
    let mut json = false;
    while let Some(word) = words.next() {
        json |= word == "--json"
            || word == "--format=json"
            || (word == "--format" && words.next().is_some_and(|v| v == "json"));
    }
    JSON_ERRORS.store(json, std::sync::atomic::Ordering::Relaxed);
}

pub fn json_errors() -> bool {
    JSON_ERRORS.load(std::sync::atomic::Ordering::Relaxed)
}

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const RED: Style = AnsiColor::Red.on_default().bold();
pub const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
pub const GREEN: Style = AnsiColor::Green.on_default();
pub const CYAN: Style = AnsiColor::Cyan.on_default();
pub const BLUE: Style = AnsiColor::Blue.on_default();

/// `s` after a count other than one: `1 edge`, `2 edges`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

pub fn error_line(w: &mut impl Write, message: &str) -> io::Result<()> {
    writeln!(w, "{}: {message}", paint(RED, "Error"))
}

/// `Caused by: ...`: one level of an error's sources.
pub fn cause_line(w: &mut impl Write, message: &str) -> io::Result<()> {
    writeln!(w, "Caused by: {message}")
}

pub fn hint_line(w: &mut impl Write, message: &str) -> io::Result<()> {
    writeln!(w, "{}: {message}", paint(CYAN, "Hint"))
}

/// `warning[unknown-status]: path:line:col: message` and its hint, with the
/// path shown from the top of the work tree.
pub fn diagnostic(w: &mut impl Write, d: &Diagnostic, display_path: &str) -> io::Result<()> {
    let (label, style) = match d.severity {
        Severity::Error => ("error", RED),
        Severity::Warning => ("warning", YELLOW),
    };
    let mut location = display_path.to_string();
    if let Some(line) = d.line {
        location.push_str(&format!(":{line}"));
        if let Some(col) = d.column {
            location.push_str(&format!(":{col}"));
        }
    }
    writeln!(
        w,
        "{}: {location}: {}",
        paint(style, &format!("{label}[{}]", d.code)),
        d.message
    )?;
    if let Some(hint) = &d.hint {
        writeln!(w, "  {}: {hint}", paint(CYAN, "hint"))?;
    }
    Ok(())
}

/// The width to cut long values to on human output: `COLUMNS` when it is
/// set (also when stdout is not a terminal: it is asked for), else the
/// terminal's when stdout is one (80 when it cannot be asked); `None`, when
/// stdout is a file or a pipe, cuts nothing.
pub fn width() -> Option<usize> {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    if columns.is_some() {
        return columns;
    }
    if let Some(paged) = PAGED_WIDTH.get() {
        return Some(*paged);
    }
    if !io::stdout().is_terminal() {
        return None;
    }
    Some(terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0)))
}

/// The terminal's width when stdout goes to the pager (stdout is a pipe
/// then): output is cut as it would be on the terminal.
static PAGED_WIDTH: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

/// Records the terminal's width, before stdout is redirected to the pager.
pub fn remember_terminal_width() {
    let _ = PAGED_WIDTH.set(terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0)));
}

/// A raw value is never cut shorter than this, however little room the
/// rest of its line leaves (a long id and a since-when can fill a narrow
/// terminal alone): a status with a short note (`Draft (source for a future
/// agent skill)`, `2-4h agentic + 1h review`) stays whole, and a sentence,
/// a PR link or a commit hash after it is cut.
pub const MIN_CUT: usize = 40;

/// The room for a value on a line whose other parts take `used` columns:
/// what is left of `width`, at least [`MIN_CUT`]; unlimited without a width.
pub fn room(width: Option<usize>, used: usize) -> usize {
    width.map_or(usize::MAX, |w| w.saturating_sub(used).max(MIN_CUT))
}

/// `text` cut to `room` columns, ending in `…` when it is cut. Columns are
/// counted as characters (no crate in the tree measures display width), so
/// a line with wide characters (CJK, most emoji) can still overflow by a
/// few columns.
pub fn cut(text: &str, room: usize) -> std::borrow::Cow<'_, str> {
    if columns(text) <= room {
        return std::borrow::Cow::Borrowed(text);
    }
    let keep = room.saturating_sub(1);
    let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    std::borrow::Cow::Owned(format!("{}…", text[..end].trim_end()))
}

/// Columns a text takes, counted as characters (see [`cut`]).
pub fn columns(text: &str) -> usize {
    text.chars().count()
}

/// Colour for a canonical state.
pub fn state_style(state: &str) -> Style {
    match state {
        "complete" | "accepted" => GREEN,
        "in-progress" | "implementation" => BLUE,
        "blocked" | "rejected" => RED,
        "unknown" | "missing" => YELLOW,
        "deferred" | "cancelled" | "deprecated" | "superseded" => DIM,
        _ => Style::new(),
    }
}

/// Lets a command's large results go without freeing them: the process is
/// about to exit, and returning tens of thousands of small allocations one by
/// one costs about a millisecond on a big roadmap.
pub fn leak<T>(value: T) {
    std::mem::forget(value);
}

/// Writes JSON followed by a newline.
pub fn json(value: &impl serde::Serialize) -> io::Result<()> {
    // Straight to stdout through a buffer: JSON never holds colour, so it
    // skips the stream that strips escape codes (which costs more than
    // `status` itself on a large tree), and a megabyte of JSON is never held
    // whole in memory.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    // `From` keeps the kind of an I/O error (a closed pipe stays one).
    serde_json::to_writer_pretty(&mut out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_a_character_boundary_with_an_ellipsis() {
        assert_eq!(cut("Ready", 10), "Ready");
        assert_eq!(cut("Ready for implementation", 10), "Ready for…");
        assert_eq!(cut("abcdef", 6), "abcdef");
        assert_eq!(cut("abcdefg", 6), "abcde…");
        // Multi-byte characters are never split.
        assert_eq!(cut("Étape 1–5 terminée", 8), "Étape 1…");
        assert_eq!(cut("✅✅✅✅", 3), "✅✅…");
        assert_eq!(room(Some(80), 70), MIN_CUT);
        assert_eq!(room(Some(100), 20), 80);
        assert_eq!(room(None, 200), usize::MAX);
    }
}

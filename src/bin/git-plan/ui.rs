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

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const RED: Style = AnsiColor::Red.on_default().bold();
pub const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
pub const GREEN: Style = AnsiColor::Green.on_default();
pub const CYAN: Style = AnsiColor::Cyan.on_default();
pub const BLUE: Style = AnsiColor::Blue.on_default();

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

/// Writes JSON followed by a newline.
/// Lets a command's large results go without freeing them: the process is
/// about to exit, and returning tens of thousands of small allocations one by
/// one costs about a millisecond on a big roadmap.
pub fn leak<T>(value: T) {
    std::mem::forget(value);
}

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

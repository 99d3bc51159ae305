//! Decision-record collections where teams already keep them, found the
//! way their own tools find them, with no configuration: adr-tools'
//! `.adr-dir` (default `doc/adr`), log4brains' `.log4brains.yml`
//! (`project.adrFolder` and each package's `adrFolder`), MADR's
//! `docs/decisions/`, and the common `docs/adr/`, `doc/adr/`,
//! `docs/architecture/decisions/`, `doc/architecture/decisions/`.
//! See ADR 0012 for the ids and paths.

use std::path::Path;

/// The folders looked at by convention, in this order, after `.adr-dir`
/// and `.log4brains.yml`.
pub const CONVENTIONAL_DIRS: [&str; 5] = [
    "docs/decisions",
    "docs/adr",
    "doc/adr",
    "docs/architecture/decisions",
    "doc/architecture/decisions",
];

/// One found collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Its folder relative to the top of the work tree, `/`-separated.
    pub dir: String,
    /// A short name, for `adr new --collection` and id prefixes: the
    /// log4brains package's name, else the folder.
    pub name: String,
    /// What named it: `.adr-dir`, `.log4brains.yml`, or `convention`.
    pub origin: &'static str,
    /// The tool whose format new records take.
    pub format: Format,
}

/// The format a collection's records are written in, by the tool that
/// made it (what `adr new` writes there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// adr-tools: `NNNN-slug.md`, `# N. Title`, `Date:`, `## Status`.
    Nygard,
    /// log4brains: `YYYYMMDD-slug.md`, MADR 2 `- Status:` / `- Date:` lines.
    Madr2,
    /// MADR 3/4: `NNNN-slug.md`, YAML front matter.
    Madr4,
}

impl Format {
    /// The name shown beside a collection.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Nygard => "adr-tools",
            Format::Madr2 => "log4brains",
            Format::Madr4 => "madr",
        }
    }
}

/// Where discovery looks, for the message when it finds nothing.
pub fn looked_at() -> Vec<String> {
    let mut places = vec![".adr-dir".to_string(), ".log4brains.yml".to_string()];
    places.extend(CONVENTIONAL_DIRS.iter().map(|d| format!("{d}/")));
    places
}

/// The collections in the work tree at `top`, each folder once, in the
/// order above; only folders that exist.
pub fn discover(top: &Path) -> Vec<Collection> {
    let mut found: Vec<Collection> = Vec::new();
    let mut add = |dir: String, name: Option<String>, origin, format| {
        let Some(dir) = clean(&dir) else { return };
        if dir.is_empty() || !top.join(&dir).is_dir() || found.iter().any(|c| c.dir == dir) {
            return;
        }
        let name = name.unwrap_or_else(|| dir.clone());
        found.push(Collection {
            dir,
            name,
            origin,
            format,
        });
    };
    if let Ok(text) = std::fs::read_to_string(top.join(".adr-dir")) {
        if let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) {
            add(line.to_string(), None, ".adr-dir", Format::Nygard);
        }
    }
    if let Ok(text) = std::fs::read_to_string(top.join(".log4brains.yml")) {
        let folders = log4brains_folders(&text);
        for (name, dir) in folders {
            add(dir, name, ".log4brains.yml", Format::Madr2);
        }
    }
    for dir in CONVENTIONAL_DIRS {
        let format = if dir == "docs/decisions" {
            Format::Madr4
        } else if top.join(dir).join("templates").is_dir() {
            Format::Nygard
        } else {
            guess_format(&top.join(dir))
        };
        add(dir.to_string(), None, "convention", format);
    }
    found
}

/// The format of the records already in `dir`: front matter is MADR 4, a
/// `- Status:` line MADR 2, else Nygard (adr-tools' default).
fn guess_format(dir: &Path) -> Format {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Format::Nygard;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !crate::model::kind::is_decision_name(&name) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if text.starts_with("---") {
            return Format::Madr4;
        }
        if text
            .lines()
            .any(|l| l.trim_start().to_ascii_lowercase().starts_with("- status:"))
        {
            return Format::Madr2;
        }
        return Format::Nygard;
    }
    Format::Nygard
}

/// `./docs/adr/` → `docs/adr`; None for a folder leading out of the work
/// tree or an absolute one.
fn clean(dir: &str) -> Option<String> {
    let dir = dir.trim().trim_matches(|c| c == '"' || c == '\'');
    if dir.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for part in dir.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The ADR folders `.log4brains.yml` names: `project.adrFolder` (no name)
/// and each `project.packages[].adrFolder` with the package's `name`.
///
/// A small reader of just these keys (ADR 0012): block mappings by
/// indentation, a block sequence of mappings under `packages`, plain or
/// quoted scalars, `#` comments. Anything else is skipped, never an error:
/// a file log4brains reads is not ours to reject.
pub fn log4brains_folders(text: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    // The path of keys above the current line, by indentation.
    let mut stack: Vec<(usize, String)> = Vec::new();
    // The package being read: its indentation, name and folder.
    let mut package: Option<(usize, Option<String>, Option<String>)> = None;
    let flush = |package: &mut Option<(usize, Option<String>, Option<String>)>,
                 out: &mut Vec<(Option<String>, String)>| {
        if let Some((_, name, Some(dir))) = package.take() {
            out.push((name, dir));
        }
    };
    for raw in text.lines() {
        let line = strip_comment(raw);
        if line.trim().is_empty() || line.trim() == "---" {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let mut body = line.trim_start();
        let item = body.starts_with("- ") || body == "-";
        let mut key_indent = indent;
        if item {
            body = body[1..].trim_start();
            key_indent = indent + (line.trim_start().len() - body.len());
            let under_packages = stack.last().is_some_and(|(_, k)| k == "packages")
                && stack.len() == 2
                && stack[0].1 == "project";
            flush(&mut package, &mut out);
            if under_packages {
                package = Some((key_indent, None, None));
            }
        } else if package.as_ref().is_some_and(|(i, _, _)| indent < *i) {
            flush(&mut package, &mut out);
        }
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        if let Some((i, name, dir)) = package.as_mut() {
            if key_indent == *i {
                match key {
                    "name" => *name = Some(value.to_string()),
                    "adrFolder" => *dir = Some(value.to_string()),
                    _ => {}
                }
                continue;
            }
        }
        if item {
            continue;
        }
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        if value.is_empty() {
            stack.push((indent, key.to_string()));
        } else if key == "adrFolder" && stack.len() == 1 && stack[0].1 == "project" {
            out.push((None, value.to_string()));
        }
    }
    flush(&mut package, &mut out);
    // The project's own folder first, as log4brains lists it.
    out.sort_by_key(|(name, _)| name.is_some());
    out
}

/// A line without its `#` comment (one outside quotes, after a space or at
/// the start, as YAML reads it).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev == ' ' || prev == '\t' => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log4brains_project_and_packages() {
        let text = "---\nproject:\n  name: Log4brains\n  tz: Europe/Paris\n  adrFolder: ./docs/adr # main\n\n  packages:\n    - name: core\n      path: ./packages/core\n      adrFolder: ./packages/core/docs/adr\n\n    - adrFolder: \"./packages/web/docs/adr\"\n      name: web\nother:\n  adrFolder: nope\n";
        assert_eq!(
            log4brains_folders(text),
            vec![
                (None, "./docs/adr".to_string()),
                (
                    Some("core".to_string()),
                    "./packages/core/docs/adr".to_string()
                ),
                (
                    Some("web".to_string()),
                    "./packages/web/docs/adr".to_string()
                ),
            ]
        );
    }

    #[test]
    fn folders_are_cleaned_and_kept_inside() {
        assert_eq!(clean("./docs/adr/").as_deref(), Some("docs/adr"));
        assert_eq!(clean("../elsewhere"), None);
        assert_eq!(clean("/abs"), None);
    }

    #[test]
    fn garbage_is_no_error() {
        assert!(log4brains_folders("project: [a, b\n  - : :\n\t\u{0}").is_empty());
    }
}

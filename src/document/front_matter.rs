//! The optional TOML front matter block (`+++` ... `+++`) at the top of a
//! document.

use crate::base::text::{lines_with_offsets, next_line_start};

/// Where the block is, and its top-level `key = value` lines.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Byte range of the whole block, delimiters included.
    pub start: usize,
    pub end: usize,
    /// Byte range of the TOML between the delimiters.
    pub body_start: usize,
    pub body_end: usize,
    pub table: toml::Table,
    /// Top-level keys with the byte range of their value's text.
    pub values: Vec<(String, usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Byte offset of the problem in the file.
    pub offset: usize,
    pub message: String,
}

/// Finds and parses the block. `Ok(None)` when the file has none.
pub fn parse(text: &str) -> Result<Option<FrontMatter>, FrontMatterError> {
    let mut lines = lines_with_offsets(text);
    match lines.next() {
        // After a byte order mark too; the block then starts at 0 all the same.
        Some((_, first)) if first.trim_start_matches('\u{feff}').trim_end() == "+++" => {}
        _ => return Ok(None),
    }
    // Line ends as `lines_with_offsets` sees them (a lone `\r` too).
    let body_start = next_line_start(text, 0);
    let Some((close_start, close_line)) = lines.find(|(_, l)| l.trim_end() == "+++") else {
        return Err(FrontMatterError {
            offset: 0,
            message: "front matter opened with `+++` is never closed".to_string(),
        });
    };
    let end = next_line_start(text, close_start + close_line.len());
    let body = &text[body_start..close_start];
    let table: toml::Table = body
        .parse()
        .map_err(|e: toml::de::Error| FrontMatterError {
            offset: body_start + e.span().map_or(0, |s| s.start),
            message: e.message().trim().to_string(),
        })?;
    let mut values = Vec::new();
    for (start, line) in lines_with_offsets(body) {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break; // a table header ends the top-level keys
        }
        let Some(eq) = trimmed.find('=') else {
            continue;
        };
        let key = trimmed[..eq].trim().trim_matches('"');
        if !table.contains_key(key) {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let after = &trimmed[eq + 1..];
        let value = after.trim_start();
        let value = &value[..literal_len(value)];
        let vstart =
            body_start + start + indent + eq + 1 + (after.len() - after.trim_start().len());
        values.push((key.to_string(), vstart, vstart + value.len()));
    }
    Ok(Some(FrontMatter {
        start: 0,
        end,
        body_start,
        body_end: close_start,
        table,
        values,
    }))
}

/// Length of the TOML literal at the start of `value`: a quoted string up to
/// its closing quote, anything else up to a comment.
fn literal_len(value: &str) -> usize {
    let bytes = value.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    _ => i += 1,
                }
            }
            value.len()
        }
        Some(b'\'') => value[1..].find('\'').map_or(value.len(), |i| i + 2),
        _ => value
            .find('#')
            .map_or(value.len(), |i| value[..i].trim_end().len()),
    }
}

/// The value of `key` as display text: strings as they are, arrays joined
/// with `, `, anything else in TOML syntax.
pub fn value_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_only_delimiters_do_not_panic() {
        // Found by `fuzz/` (target `edit`): the body began after the first
        // `\n`, past the closing `+++`, and slicing panicked.
        let fm = parse("+++\r+++").unwrap().unwrap();
        assert_eq!((fm.body_start, fm.body_end, fm.end), (4, 4, 7));
        // TOML has no CR-only line ends: an error, not a panic.
        let _ = parse("+++\rstatus = \"x\"\r+++\r# T\n");
    }

    #[test]
    fn parses_block_and_value_spans() {
        let text = "+++\nstatus = \"ready\"\npriority = \"HIGH\" # why\n+++\n# T\n";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.table["status"].as_str(), Some("ready"));
        let (_, s, e) = &fm.values[0];
        assert_eq!(&text[*s..*e], "\"ready\"");
        let (_, s, e) = &fm.values[1];
        assert_eq!(&text[*s..*e], "\"HIGH\"");
        assert_eq!(&text[fm.end..], "# T\n");
    }

    #[test]
    fn malformed_block_reports_offset() {
        let text = "+++\nstatus = \n+++\n";
        let err = parse(text).unwrap_err();
        assert!(err.offset >= 4, "{err:?}");
        let text = "+++\nstatus = \"x\"\n";
        assert!(parse(text).unwrap_err().message.contains("never closed"));
    }

    #[test]
    fn no_block() {
        assert!(parse("# Title\n+++\n").unwrap().is_none());
    }
}

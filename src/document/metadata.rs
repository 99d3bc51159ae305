//! `**Key:** value` metadata lines, as people write them at the top of a
//! plan: `**Status:** ✅ Complete  `, `**Priority**: HIGH (blocks 05)`,
//! `- **Dependencies**: ST1, ST2`, `**📅 Date:** 2025-11-23`.

use crate::base::text::words;

/// Keys accepted without bold markup (`Status: Draft`), because a plain
/// `Word: text` line is otherwise ordinary prose.
const PLAIN_KEYS: &[&str] = &[
    "status",
    "priority",
    "date",
    "created",
    "estimated effort",
    "effort",
    "depends on",
];

/// The longest of [`PLAIN_KEYS`] with room for decoration (`Status :`).
const PLAIN_KEY_MAX: usize = 32;

/// A metadata line found in `line`: the key as written, its normalised name
/// and the byte range of the value within the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataLine<'a> {
    pub key: &'a str,
    pub name: String,
    pub value_start: usize,
    pub value_end: usize,
}

/// Recognises one metadata line. Offsets are relative to `line`, which holds
/// no line terminator.
pub fn parse_line(line: &str) -> Option<MetadataLine<'_>> {
    // Most lines of a header are prose or blank: no colon, no field.
    if !line.contains(':') {
        return None;
    }
    let indent = line.len() - line.trim_start().len();
    let mut pos = indent;
    let rest = &line[pos..];
    for marker in ["- ", "* ", "+ "] {
        if rest.starts_with(marker) {
            pos += marker.len();
            pos += line[pos..].len() - line[pos..].trim_start().len();
            break;
        }
    }
    let rest = &line[pos..];
    let (key, after_key) = if let Some(inner) = rest.strip_prefix("**").or(rest.strip_prefix("__"))
    {
        let delim = &rest[..2];
        let close = inner.find(delim)?;
        let key_part = &inner[..close];
        let after = pos + 2 + close + 2;
        if let Some(key) = key_part.strip_suffix(':') {
            // **Key:** value
            (key, after)
        } else if line[after..].starts_with(':') {
            // **Key**: value
            (key_part, after + 1)
        } else if let Some((key, value)) = key_part.split_once(':') {
            // **Key: value**, the bold around both.
            let name = words(key);
            if name.is_empty() || key.len() > 48 || key.contains(['*', '`', '[', ']']) {
                return None;
            }
            let value_start = pos + 2 + key.len() + 1;
            let value_start = value_start + (value.len() - value.trim_start().len());
            // A blank value (`**Status: **`) is empty where it would start.
            let value_end = pos + 2 + close - (key_part.len() - key_part.trim_end().len());
            return Some(MetadataLine {
                key: key.trim(),
                name,
                value_start,
                value_end: value_end.max(value_start),
            });
        } else {
            return None;
        }
    } else {
        let colon = rest.find(':')?;
        let key = &rest[..colon];
        if key.len() > PLAIN_KEY_MAX
            || !PLAIN_KEYS.contains(&words(key).as_str())
            || key.contains(['*', '`', '['])
        {
            return None;
        }
        (key, pos + colon + 1)
    };
    let name = words(key);
    if name.is_empty() || key.len() > 48 || key.contains(['*', '`', '[', ']']) {
        return None;
    }
    let value_start = after_key + (line[after_key..].len() - line[after_key..].trim_start().len());
    let mut value = line[value_start..].trim_end();
    // A trailing backslash is a Markdown hard break, not part of the value.
    if let Some(v) = value.strip_suffix('\\') {
        value = v.trim_end();
    }
    Some(MetadataLine {
        key: key.trim(),
        name,
        value_start,
        value_end: value_start + value.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(line: &str) -> Option<(String, &str)> {
        parse_line(line).map(|m| (m.name, &line[m.value_start..m.value_end]))
    }

    #[test]
    fn bold_variants() {
        assert_eq!(
            value("**Status:** Ready for Implementation  "),
            Some(("status".into(), "Ready for Implementation"))
        );
        assert_eq!(
            value("**Status**: ✅ Complete"),
            Some(("status".into(), "✅ Complete"))
        );
        assert_eq!(
            value("__Priority:__ HIGH"),
            Some(("priority".into(), "HIGH"))
        );
        assert_eq!(
            value("**📅 Date:** 2025-11-23"),
            Some(("date".into(), "2025-11-23"))
        );
        assert_eq!(
            value("- **Dependencies**: ST1, ST2"),
            Some(("dependencies".into(), "ST1, ST2"))
        );
        assert_eq!(
            value("**Status:** Draft \\"),
            Some(("status".into(), "Draft"))
        );
        assert_eq!(value("**Depends on:**"), Some(("depends on".into(), "")));
        assert_eq!(
            value("**Status: ✅ Complete**"),
            Some(("status".into(), "✅ Complete"))
        );
        assert_eq!(
            value("**Status:Done** later"),
            Some(("status".into(), "Done"))
        );
        // Blank inside the bold: an empty value, not a range that ends
        // before it starts (which panicked; found by the status scan's
        // proptest).
        assert_eq!(value("**Status: **"), Some(("status".into(), "")));
        assert_eq!(value("**Status:  ** x"), Some(("status".into(), "")));
    }

    #[test]
    fn plain_keys_only_when_known() {
        assert_eq!(value("Status: Draft"), Some(("status".into(), "Draft")));
        assert_eq!(value("Note: this is prose"), None);
        assert_eq!(value("**Bold sentence.** And more"), None);
        assert_eq!(value("See https://example.com"), None);
    }
}

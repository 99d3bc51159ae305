//! Byte-offset and line bookkeeping shared by the parser and the editor.

use serde::Serialize;

/// A byte range in a file, with the 1-based line and column of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // A line ends with `\n`, `\r\n` or a `\r` alone (old Mac files), as
        // in CommonMark; the terminators are found with memchr, a few bytes
        // at a time.
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 32 + 2);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// 1-based line of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.saturating_sub(1).min(self.starts.len() - 1)]
    }

    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let line = self.line(start);
        let line_start = self.line_start(line);
        let column = text
            .get(line_start..start)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        Span {
            start,
            end,
            line,
            column,
        }
    }
}

/// Iterates over lines with their byte range, the range excluding the line
/// terminator (`\n`, `\r\n`, or `\r` alone, as CommonMark has it).
/// `path` (`/`-separated, relative to some top directory) as seen from
/// `from`, a directory relative to the same top: `../x.md` from `a` for
/// `x.md`, `b.md` from `a` for `a/b.md`, `.` for `from` itself. How git
/// prints paths when run from a subdirectory.
pub fn relative_to(from: &str, path: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|c| !c.is_empty()).collect();
    let to: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    if parts.is_empty() {
        return ".".to_string();
    }
    let mut out = parts.join("/");
    if path.ends_with('/') {
        out.push('/');
    }
    out
}

/// `path` (relative, `/`-separated, perhaps with `..` steps) joined to
/// `dir`, the `..` steps taken: `joined(".engineering", "../doc/adr/x.md")`
/// is `doc/adr/x.md`.
pub fn joined(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|c| !c.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    out
}

pub fn lines_with_offsets(text: &str) -> Lines<'_> {
    Lines { text, offset: 0 }
}

/// The lines of a text with their offsets (see [`lines_with_offsets`]); a
/// copy goes on from where the original was, for looking ahead.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.offset;
        let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
        let bytes = rest.as_bytes();
        let (len, next) = match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => (i, i + 2),
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        self.offset += next;
        // `len` is at an ASCII byte or the end: a character boundary.
        Some((start, rest.get(..len).unwrap_or(rest)))
    }
}

/// Where the line after the one holding `offset` starts: after its
/// terminator (`\n`, `\r\n` or a lone `\r`), or the end of the text.
pub fn next_line_start(text: &str, offset: usize) -> usize {
    let rest = &text[offset..];
    match rest.find(['\n', '\r']) {
        Some(i) if rest[i..].starts_with("\r\n") => offset + i + 2,
        Some(i) => offset + i + 1,
        None => text.len(),
    }
}

/// `text` with each lone `\r` made a `\n`: the same length, so every
/// offset is the same. pulldown-cmark 0.13 does not close a fenced code
/// block at a fence line that ends with a lone `\r`, and the rest of the
/// file became code.
pub fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    let Some(first) = memchr::memchr_iter(b'\r', bytes).find(|i| lone(*i)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = bytes.to_vec();
    for i in memchr::memchr_iter(b'\r', &bytes[first..]) {
        if lone(first + i) {
            out[first + i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// The byte order mark some editors write first; read past, kept on write.
pub const BOM: char = '\u{feff}';

/// The length of a leading [`BOM`] (0 or 3).
pub fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    }
}

/// The first control character of `value` (a newline, a carriage return,
/// any other C0 control or DEL) and its 1-based character position. Such a
/// value must not go into a metadata line or a commit trailer: a newline
/// there starts a forged line.
pub fn control_char(value: &str) -> Option<(usize, char)> {
    value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_ascii_control())
        .map(|(i, c)| (i + 1, c))
}

/// How a control character is named in messages: `\n`, `\r`, `\t`, or
/// `U+001B`.
pub fn describe_char(c: char) -> String {
    match c {
        '\n' => "a newline".to_string(),
        '\r' => "a carriage return".to_string(),
        '\t' => "a tab".to_string(),
        c => format!("the control character U+{:04X}", c as u32),
    }
}

/// Line ending convention of a file, so that inserted lines match it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    Lf,
    Crlf,
    /// `\r` alone, as classic Mac OS wrote.
    Cr,
}

impl LineEnding {
    /// The convention of the first line terminator.
    pub fn detect(text: &str) -> Self {
        match text.find(['\n', '\r']) {
            Some(i) if text[i..].starts_with("\r\n") => LineEnding::Crlf,
            Some(i) if text.as_bytes()[i] == b'\r' => LineEnding::Cr,
            _ => LineEnding::Lf,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::Crlf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
}

/// Reduces a human-written value to its words: Markdown emphasis, emoji and
/// punctuation become spaces, letters are lower-cased, runs of spaces collapse.
/// `"✅ **COMPLETE**"` becomes `"complete"`, `"In-Progress"` becomes `"in progress"`.
pub fn words(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.chars() {
        let keep = c.is_ascii_alphanumeric()
            || c == '%'
            || (c == '.' && !out.is_empty())
            || (!c.is_ascii() && c.is_alphanumeric());
        if keep {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    }
    while out.ends_with('.') {
        out.pop();
    }
    out
}

/// Turns a title into a kebab-case slug: `"Result Types!"` -> `"result-types"`.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Longest slug used in a file name.
pub const MAX_FILE_SLUG: usize = 48;

/// A slug short enough for a file name: cut at a word boundary at most
/// [`MAX_FILE_SLUG`] bytes in.
pub fn file_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_FILE_SLUG {
        return slug;
    }
    let cut = slug[..=MAX_FILE_SLUG]
        .rfind('-')
        .filter(|i| *i > 0)
        .unwrap_or(MAX_FILE_SLUG);
    slug[..cut].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_a_subdirectory() {
        assert_eq!(relative_to("", ".engineering/a.md"), ".engineering/a.md");
        assert_eq!(
            relative_to("src", ".engineering/a.md"),
            "../.engineering/a.md"
        );
        assert_eq!(
            relative_to(".engineering/x", ".engineering/a.md"),
            "../a.md"
        );
        assert_eq!(relative_to(".engineering", ".engineering/x/a.md"), "x/a.md");
        assert_eq!(relative_to(".engineering", ".engineering"), ".");
        assert_eq!(relative_to(".engineering", ".engineering/"), ".");
        assert_eq!(relative_to("a/b", ".engineering/"), "../../.engineering/");
        // A shared prefix of names is not a shared directory.
        assert_eq!(
            relative_to("eng", "engineering/a.md"),
            "../engineering/a.md"
        );
    }

    #[test]
    fn line_index_maps_offsets() {
        let text = "a\nbc\r\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(6), 3);
        assert_eq!(idx.span(text, 3, 4).column, 2);
    }

    #[test]
    fn lines_strip_terminators() {
        let got: Vec<_> = lines_with_offsets("a\r\nb\nc").collect();
        assert_eq!(got, vec![(0, "a"), (3, "b"), (5, "c")]);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let got: Vec<_> = lines_with_offsets("a\rb\r\nc\r\rd\n").collect();
        assert_eq!(got, vec![(0, "a"), (2, "b"), (5, "c"), (7, ""), (8, "d")]);
        let idx = LineIndex::new("a\rb\r\nc");
        assert_eq!((idx.line(2), idx.line(5)), (2, 3));
        assert_eq!(LineEnding::detect("# T\r\r**Status:** x\r"), LineEnding::Cr);
        assert_eq!(LineEnding::detect("# T\r\n"), LineEnding::Crlf);
        assert_eq!(LineEnding::detect("# T\n\r"), LineEnding::Lf);
        assert_eq!(next_line_start("a\rb", 0), 2);
        assert_eq!(next_line_start("a\r\nb", 1), 3);
        assert_eq!(next_line_start("ab", 1), 2);
        assert_eq!(lone_cr_as_lf("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(matches!(
            lone_cr_as_lf("a\r\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn words_drop_decoration() {
        assert_eq!(words("✅ **COMPLETE**  "), "complete");
        assert_eq!(words("In-Progress"), "in progress");
        assert_eq!(
            words("📋 Ready for Implementation."),
            "ready for implementation"
        );
    }

    #[test]
    fn file_slugs_are_cut_at_a_word() {
        let long =
            "Plan history: first-parent walk, content-derived transitions, similarity renames";
        assert_eq!(
            file_slug(long),
            "plan-history-first-parent-walk-content-derived"
        );
        assert_eq!(file_slug("Short"), "short");
    }

    #[test]
    fn slugify_titles() {
        assert_eq!(slugify("Result Types!"), "result-types");
        assert_eq!(slugify("  API v2: design "), "api-v2-design");
    }
}

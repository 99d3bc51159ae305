//! The index of the ADRs that `git plan adr toc` writes, like adr-tools'
//! `adr generate toc`: a heading, then one list item per ADR, in number
//! order, linking its file (relative to the index) with its status.
//!
//! The list lives between two HTML comments, [`BEGIN`] and [`END`], and only
//! that region is ever rewritten: text around it is the user's and stays
//! as it is. A new index file gets a title and the region; an existing file
//! without the region is not an index this tool wrote and is refused, so a
//! hand-written README (concept-rag keeps one in `artifacts/adr/`) is never
//! overwritten.

use crate::model::lifecycle::State;
use crate::model::status::Status;
use crate::tree::plan_tree::{PlanDoc, PlanTree};
use crate::write::change::{Change, FileEdit, NewFile};
use crate::write::message::{CommitMessage, Trailer};

/// The index's default place, relative to the root: GitHub shows a
/// folder's README.md below its listing.
pub const DEFAULT_INDEX: &str = "artifacts/adr/README.md";

/// The line that opens the generated region.
pub const BEGIN: &str = "<!-- git-plan adr toc -->";
/// The line that closes it.
pub const END: &str = "<!-- /git-plan adr toc -->";

/// The title a new index file gets.
const TITLE: &str = "# Architecture Decision Records";

/// Why an index cannot be written.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IndexError {
    /// The file exists and has no region: it is the user's.
    #[error("{path} exists and holds no `{BEGIN}` region; it is not an index git plan wrote, and it is left as it is")]
    HandWritten { path: String },
    /// The region is opened and never closed.
    #[error("{path}:{line}: `{BEGIN}` is not followed by `{END}`")]
    Unclosed { path: String, line: usize },
}

/// The ADR index as it should read for `tree`, written at `index` (a path
/// relative to the root), where `existing` is the file's current text:
/// the region replaced (or a new file); `Ok(None)` when it is current.
pub fn planned<D>(
    tree: &PlanTree<D>,
    index: &str,
    existing: Option<&str>,
) -> Result<Option<String>, IndexError> {
    let text = render(tree, index, existing)?;
    Ok((existing != Some(text.as_str())).then_some(text))
}

/// The whole index file for `tree` at `index`: `existing` with its region
/// replaced, or a new file.
pub fn render<D>(
    tree: &PlanTree<D>,
    index: &str,
    existing: Option<&str>,
) -> Result<String, IndexError> {
    let crlf = existing.is_some_and(|t| t.contains("\r\n"));
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut region = format!("{BEGIN}{nl}");
    for line in entries(tree, index) {
        region.push_str(&line);
        region.push_str(nl);
    }
    region.push_str(END);
    region.push_str(nl);
    let Some(text) = existing else {
        return Ok(format!("{TITLE}{nl}{nl}{region}"));
    };
    let (start, end) = find_region(text).ok_or_else(|| IndexError::HandWritten {
        path: index.to_string(),
    })??;
    let end = match text[end..].find('\n') {
        Some(i) => end + i + 1,
        None => text.len(),
    };
    Ok(format!("{}{region}{}", &text[..start], &text[end..]))
}

/// The byte offsets of the region's opening line and of its closing line;
/// `None` without one, an error when it is not closed.
fn find_region(text: &str) -> Option<Result<(usize, usize), IndexError>> {
    let mut offset = 0;
    let mut begin = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        match begin {
            None if trimmed == BEGIN => begin = Some((offset, n + 1)),
            Some((start, _)) if trimmed == END => return Some(Ok((start, offset))),
            _ => {}
        }
        offset += line.len();
    }
    begin.map(|(_, line)| {
        Err(IndexError::Unclosed {
            path: String::new(),
            line,
        })
    })
}

/// One list item per ADR, in number order: `- [title](link): state`.
fn entries<D>(tree: &PlanTree<D>, index: &str) -> Vec<String> {
    let mut adrs: Vec<&PlanDoc<D>> = tree.adrs().map(|(_, d)| d).collect();
    adrs.sort_by_key(|d| {
        (
            d.number_value().is_none(),
            d.number_value(),
            d.path.as_str(),
        )
    });
    adrs.iter()
        .map(|d| {
            format!(
                "- [{}]({}): {}",
                escape(&d.title()),
                link(index, &d.path),
                status_text(d.status.as_ref())
            )
        })
        .collect()
}

/// `accepted`, `superseded by ADR 0005`, the value as written when it is
/// no known state, `no status` when none is written.
fn status_text(status: Option<&Status>) -> String {
    match status {
        None => "no status".to_string(),
        Some(s) => match (s.state, s.superseded_by) {
            (Some(State::Superseded), Some(n)) => format!("superseded by ADR {n:04}"),
            (Some(state), _) => state.as_str().to_string(),
            (None, _) => escape(&s.raw),
        },
    }
}

/// Brackets escaped, so that a title stays the text of its link.
fn escape(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// `target` (relative to the root) as a link from the file `from` (relative
/// to the root too): `0001-x.md` beside it, `../adr/0001-x.md`, with
/// spaces and parentheses percent-encoded.
pub fn link(from: &str, target: &str) -> String {
    let from_dir: Vec<&str> = match from.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    let target_parts: Vec<&str> = target.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(target_parts.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&target_parts[common..]);
    parts
        .join("/")
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// The index written at `index` as one change: created, or its region
/// replaced; `Ok(None)` when the file already reads so.
pub fn plan<D>(
    tree: &PlanTree<D>,
    index: &str,
    existing: Option<&str>,
) -> Result<Option<Change>, IndexError> {
    let Some(after) = planned(tree, index, existing).map_err(|e| at(e, index))? else {
        return Ok(None);
    };
    let count = tree.adrs().count();
    let summary = format!("index of {count} ADR{}", if count == 1 { "" } else { "s" });
    let message =
        CommitMessage::subject_only(&format!("plan({index}): {summary}")).with(Trailer::Id, index);
    let (creates, edits) = match existing {
        None => (
            vec![NewFile {
                path: index.to_string(),
                contents: after,
            }],
            Vec::new(),
        ),
        Some(before) => (
            Vec::new(),
            vec![FileEdit {
                path: index.to_string(),
                before: before.to_string(),
                after,
            }],
        ),
    };
    Ok(Some(Change {
        id: index.to_string(),
        creates,
        edits,
        removes: Vec::new(),
        message,
    }))
}

/// `e` naming `path`.
fn at(e: IndexError, path: &str) -> IndexError {
    match e {
        IndexError::Unclosed { line, .. } => IndexError::Unclosed {
            path: path.to_string(),
            line,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> PlanTree {
        PlanTree::from_texts(&[
            (
                "artifacts/adr/0002-b.md",
                "# 2. Use [B]\n\n**Status:** Superseded by ADR 0003\n",
            ),
            (
                "artifacts/adr/0001-a.md",
                "# 1. Use A\n\n**Status:** Accepted\n",
            ),
            (
                "artifacts/adr/0003-c.md",
                "# 3. Use C\n\n**Status:** Sort of\n**Supersedes:** ADR 0002\n",
            ),
        ])
    }

    #[test]
    fn a_new_index_has_a_title_and_one_item_per_adr_in_number_order() {
        let text = render(&tree(), DEFAULT_INDEX, None).unwrap();
        assert_eq!(
            text,
            "# Architecture Decision Records\n\n<!-- git-plan adr toc -->\n\
             - [1. Use A](0001-a.md): accepted\n\
             - [2. Use \\[B\\]](0002-b.md): superseded by ADR 0003\n\
             - [3. Use C](0003-c.md): Sort of\n\
             <!-- /git-plan adr toc -->\n"
        );
    }

    #[test]
    fn only_the_region_is_replaced_and_a_file_without_one_is_refused() {
        let before = "# Decisions\r\n\r\nOurs.\r\n\r\n<!-- git-plan adr toc -->\r\n- stale\r\n<!-- /git-plan adr toc -->\r\n\r\nFooter.\r\n";
        let after = render(&tree(), DEFAULT_INDEX, Some(before)).unwrap();
        assert!(after.starts_with(
            "# Decisions\r\n\r\nOurs.\r\n\r\n<!-- git-plan adr toc -->\r\n- [1. Use A]"
        ));
        assert!(after.ends_with("<!-- /git-plan adr toc -->\r\n\r\nFooter.\r\n"));
        assert_eq!(planned(&tree(), DEFAULT_INDEX, Some(&after)), Ok(None));
        assert_eq!(
            render(&tree(), DEFAULT_INDEX, Some("# Architecture\n")),
            Err(IndexError::HandWritten {
                path: DEFAULT_INDEX.to_string()
            })
        );
        let open = "# X\n\n<!-- git-plan adr toc -->\n- a\n";
        assert!(matches!(
            plan(&tree(), DEFAULT_INDEX, Some(open)),
            Err(IndexError::Unclosed { line: 3, .. })
        ));
    }

    #[test]
    fn links_are_relative_to_the_index() {
        assert_eq!(
            link("artifacts/adr/README.md", "artifacts/adr/0001-a.md"),
            "0001-a.md"
        );
        assert_eq!(
            link("INDEX.md", "artifacts/adr/0001-a.md"),
            "artifacts/adr/0001-a.md"
        );
        assert_eq!(
            link("docs/decisions.md", "artifacts/adr/0001 a (b).md"),
            "../artifacts/adr/0001%20a%20%28b%29.md"
        );
    }
}

//! `git plan init --agents`: git-plan's section of `AGENTS.md`, the file at
//! the top of a repository that coding agents read for its conventions.
//! The section sits between two markers, so that it is added once and never
//! twice, and the rest of the file is left byte for byte as it was.

use crate::write::change::{Change, FileEdit, NewFile};
use crate::write::message::CommitMessage;

/// The file, at the top of the work tree.
pub const FILE: &str = "AGENTS.md";

/// The line that opens git-plan's section.
pub const BEGIN: &str = "<!-- git-plan -->";

/// The line that closes it.
pub const END: &str = "<!-- /git-plan -->";

/// The section: how agents read and move the plans, and seed 002's
/// checkpoint rule. docs/agents.md shows it verbatim (a test checks).
pub const SECTION: &str = "<!-- git-plan -->
## Plans (git-plan)

This repository keeps its plans (initiatives, work packages, ADRs) as
Markdown under `.engineering/`, tracked with git-plan (`git plan`).

- Read them with `git plan status --json`, `git plan show ID --json`,
  `git plan log --json` and `git plan check --json`, or through the MCP
  server `git plan mcp`, whose tools return the same JSON.
- Change a status only with git plan (`start`, `done`, `block`, `reopen`,
  `set ID status=...`), never by editing a `**Status:**` line: each move is
  one commit with `Plan-*` trailers, and its guards (dependencies, success
  criteria) are checked.
- Create plans with `git plan new`, `git plan add` and `git plan adr new`;
  run `git plan check` after editing a plan.
- Agents must NOT proceed past checkpoints without user confirmation. Ask
  the user at each checkpoint; only once they have said yes, record it with
  `git plan approve INITIATIVE --by \"THEIR NAME\"` (the MCP tool `approve`
  with `approver`). Never pass `--force`: a guard that fails is for the
  user to decide.
<!-- /git-plan -->
";

/// The change that gives `AGENTS.md` git-plan's section: the file created
/// when there is none (`existing` is None), the section appended after a
/// blank line when there is one without it (in the file's own line
/// endings); None when the file holds the section already. Paths are from
/// the top of the work tree.
pub fn agents_change(existing: Option<&str>) -> Option<Change> {
    let message = CommitMessage::subject_only("plan: add git-plan's section to AGENTS.md");
    let Some(before) = existing else {
        return Some(Change {
            id: String::new(),
            creates: vec![NewFile {
                path: FILE.to_string(),
                contents: format!("# Agents\n\n{SECTION}"),
            }],
            edits: Vec::new(),
            removes: Vec::new(),
            message,
        });
    };
    if before.lines().any(|l| l.trim() == BEGIN) {
        return None;
    }
    let eol = if before.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut after = before.to_string();
    if !after.is_empty() {
        if !after.ends_with('\n') {
            after.push_str(eol);
        }
        after.push_str(eol);
    }
    after.push_str(&SECTION.replace('\n', eol));
    Some(Change {
        id: String::new(),
        creates: Vec::new(),
        edits: vec![FileEdit {
            path: FILE.to_string(),
            before: before.to_string(),
            after,
        }],
        removes: Vec::new(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_created_with_the_section() {
        let change = agents_change(None).unwrap();
        assert_eq!(change.creates[0].path, "AGENTS.md");
        assert_eq!(change.creates[0].contents, format!("# Agents\n\n{SECTION}"));
    }

    #[test]
    fn the_section_is_appended_once_and_the_rest_kept() {
        let change = agents_change(Some("# Rules\n\nBe kind.")).unwrap();
        let after = &change.edits[0].after;
        assert_eq!(after, &format!("# Rules\n\nBe kind.\n\n{SECTION}"));
        assert!(agents_change(Some(after)).is_none());
    }

    #[test]
    fn a_crlf_file_gets_a_crlf_section() {
        let change = agents_change(Some("# Rules\r\n")).unwrap();
        let after = &change.edits[0].after;
        assert!(after.starts_with("# Rules\r\n\r\n<!-- git-plan -->\r\n"));
        assert!(!after.replace("\r\n", "").contains('\n'));
        assert!(agents_change(Some(after)).is_none());
    }
}

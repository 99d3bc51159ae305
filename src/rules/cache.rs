//! The cache of `check`'s report on the work tree, for `git plan report`
//! (see ADR 0014): one file under the git directory
//! (`<common-dir>/git-plan/check-<key>.bin`) holding the listing the report
//! was made from, every entry with its `stat` stamp as the tree cache takes
//! them ([`crate::tree::cache`]), and the report itself. The findings of a
//! run depend on the whole tree (duplicate numbers, cycles, dangling
//! dependencies), so the file is used only when the whole listing is the
//! one recorded: the same paths, directories and unread entries, and every
//! file with the same size, modification and change times, inode and
//! device. Any added, removed, renamed or rewritten document is a miss, and
//! the rules run on the whole tree, parsed in full, as `check` runs them.
//! A report is recorded only when every file of the listing last changed
//! more than [`SETTLE_SECONDS`] before the run began (an edit within the
//! timestamps' granularity cannot hide behind an unchanged stamp), and
//! only when every file has a stamp. The key covers the layout, git-plan's
//! version, the root and the whole configuration; a missing, damaged or
//! foreign file is simply not used.

use std::path::Path;

use crate::base::codec::{self, index_of, put_opt_str, put_str, put_uint, Reader};
use crate::model::rule::{rule, Level};
use crate::rules::{self, Allowed, Finding, Report};
use crate::tree::cache::{put_stamp, SETTLE_SECONDS};
use crate::tree::listing::{entry_path, list_work_tree, read_listed, Entry, ReadError, Stamp};
use crate::tree::plan_tree::PlanTree;
use crate::workspace::Workspace;

const CACHE_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"gitplanC";
const LEVELS: [Level; 3] = [Level::Off, Level::Warning, Level::Error];

/// Whether the report came from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Served {
    Cached,
    Checked,
}

/// What `check` reports on every document of the work tree (as
/// [`super::source::run`] with the work tree and `all`), from the cache in
/// `cache_dir` when the listing is the one it recorded, else by running
/// the rules (and recording the report for the next run when it may be).
/// `now` (seconds since the epoch) is when the run began.
pub fn work_tree_report(
    ws: &Workspace,
    cache_dir: Option<&Path>,
    now: i64,
) -> Result<(Report, Served), ReadError> {
    let Some(dir) = cache_dir else {
        let tree = PlanTree::read(ws)?;
        return Ok((rules::check(&tree, &ws.config.rules, None), Served::Checked));
    };
    let listing = list_work_tree(&ws.root, &ws.config.patterns, true)?;
    let key = codec::fnv_hex(&format!(
        "v{CACHE_VERSION}\0{}\0{}\0{:?}",
        env!("CARGO_PKG_VERSION"),
        ws.root.display(),
        ws.config
    ));
    let path = dir.join(format!("check-{}.bin", &key[..16]));
    let fingerprint = fingerprint(&listing);
    if let Some(fingerprint) = &fingerprint {
        let file = codec::read_file(&path).unwrap_or_default();
        if let Some(report) = cached(&file, &key, fingerprint) {
            return Ok((report, Served::Cached));
        }
    }
    let before = (i128::from(now) - i128::from(SETTLE_SECONDS)) * 1_000_000_000;
    let settled = listing
        .iter()
        .all(|(_, stamp)| stamp.is_none_or(|s| s.settled(before)));
    let entries = read_listed(&ws.root, listing.into_iter().map(|(entry, _)| entry))?;
    let tree = PlanTree::build(entries, &ws.config);
    let report = rules::check(&tree, &ws.config.rules, None);
    if let (Some(fingerprint), true) = (fingerprint, settled) {
        if let Some(payload) = encode(&fingerprint, &report) {
            codec::write_file(&path, &codec::frame(MAGIC, CACHE_VERSION, &key, &payload));
        }
    }
    Ok((report, Served::Checked))
}

/// The listing as bytes that compare: every entry's kind and path, a file's
/// stamp, why an entry is not read. `None` when a file has no stamp (not
/// Unix): such a tree is never served from the cache.
fn fingerprint(listing: &[(Entry, Option<Stamp>)]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(listing.len() * 96);
    put_uint(&mut out, listing.len() as u64);
    for (entry, stamp) in listing {
        let tag = match entry {
            Entry::File { .. } => 0,
            Entry::MarkdownNamedDir { .. } => 1,
            Entry::InitiativeDir { .. } => 2,
            Entry::NotRead { .. } => 3,
        };
        out.push(tag);
        put_str(&mut out, entry_path(entry));
        match (entry, stamp) {
            (Entry::File { .. }, Some(s)) => put_stamp(&mut out, s),
            (Entry::File { .. }, None) => return None,
            (Entry::NotRead { why, .. }, _) => put_str(&mut out, why),
            _ => {}
        }
    }
    Some(out)
}

/// The report recorded in `file` for this key and listing, if any.
fn cached(file: &[u8], key: &str, fingerprint: &[u8]) -> Option<Report> {
    let payload = codec::unframe(file, MAGIC, CACHE_VERSION, key)?;
    let mut r = Reader::new(payload);
    let len = r.len()?;
    if r.take(len)? != fingerprint {
        return None;
    }
    let report = decode(&mut r)?;
    r.at_end().then_some(report)
}

fn encode(fingerprint: &[u8], report: &Report) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(fingerprint.len() + report.findings.len() * 160 + 64);
    put_uint(&mut out, fingerprint.len() as u64);
    out.extend_from_slice(fingerprint);
    put_uint(&mut out, report.findings.len() as u64);
    for f in &report.findings {
        // A rule the catalogue does not know could not be read back.
        rule(f.rule)?;
        put_str(&mut out, f.rule);
        out.push(index_of(&LEVELS, &f.level)?);
        put_str(&mut out, &f.path);
        put_uint(&mut out, f.line as u64);
        put_uint(&mut out, f.column as u64);
        put_str(&mut out, &f.message);
        put_opt_str(&mut out, f.hint.as_deref());
        put_opt_str(&mut out, f.source.as_deref());
        put_uint(&mut out, f.related.len() as u64);
        for p in &f.related {
            put_str(&mut out, p);
        }
    }
    put_uint(&mut out, report.allowed.len() as u64);
    for a in &report.allowed {
        put_str(&mut out, &a.rule);
        put_str(&mut out, &a.path);
        put_uint(&mut out, a.line as u64);
        put_str(&mut out, &a.reason);
        put_uint(&mut out, a.silenced as u64);
    }
    put_uint(&mut out, report.checked as u64);
    Some(out)
}

fn get_usize(r: &mut Reader<'_>) -> Option<usize> {
    usize::try_from(r.uint()?).ok()
}

fn decode(r: &mut Reader<'_>) -> Option<Report> {
    let count = r.len()?;
    let mut findings = Vec::with_capacity(count);
    for _ in 0..count {
        let rule = rule(r.str()?)?.id;
        let level = *LEVELS.get(usize::from(r.byte()?))?;
        let path = r.string()?;
        let line = get_usize(r)?;
        let column = get_usize(r)?;
        let message = r.string()?;
        let hint = r.opt_string()?;
        let source = r.opt_string()?;
        let related_count = r.len()?;
        let mut related = Vec::with_capacity(related_count);
        for _ in 0..related_count {
            related.push(r.string()?);
        }
        findings.push(Finding {
            rule,
            level,
            path,
            line,
            column,
            message,
            hint,
            source,
            related,
        });
    }
    let count = r.len()?;
    let mut allowed = Vec::with_capacity(count);
    for _ in 0..count {
        allowed.push(Allowed {
            rule: r.string()?,
            path: r.string()?,
            line: get_usize(r)?,
            reason: r.string()?,
            silenced: get_usize(r)?,
        });
    }
    let checked = get_usize(r)?;
    Some(Report {
        findings,
        allowed,
        checked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Location;

    const WP: &str = "artifacts/planning/2026-01-02-x/01-one-plan.md";
    const PLAN: &str = "# Phase: One\n\n**Status:** Ready\n\n## Success Criteria\n\n- [ ] it works\n\n## Rollback Plan\n\nRevert the merge commit.\n";

    struct Fixture {
        dir: tempfile::TempDir,
        cache: tempfile::TempDir,
    }

    impl Fixture {
        fn new(files: &[(&str, &str)]) -> Fixture {
            let fixture = Fixture {
                dir: crate::base::test_repo::git_init(),
                cache: tempfile::tempdir().unwrap(),
            };
            for (path, text) in files {
                fixture.write(path, text);
            }
            fixture
        }

        fn ws(&self) -> Workspace {
            let location = Location {
                cwd: self.dir.path().to_path_buf(),
                git_dir: None,
                work_tree: None,
                config_parameters: Vec::new(),
            };
            Workspace::discover_unchecked(&location).unwrap()
        }

        fn write(&self, path: &str, text: &str) {
            let full = self.ws().root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }

        /// The report through the cache, for a run at `now`, checked
        /// against the rules run without it.
        fn report(&self, now: i64) -> (Report, Served) {
            let ws = self.ws();
            let (report, served) = work_tree_report(&ws, Some(self.cache.path()), now).unwrap();
            let (fresh, _) = work_tree_report(&ws, None, now).unwrap();
            assert_eq!(report, fresh, "served {served:?}");
            (report, served)
        }

        fn set_mtime(&self, path: &str, time: std::time::SystemTime) {
            let file = std::fs::File::options()
                .write(true)
                .open(self.ws().root.join(path))
                .unwrap();
            file.set_modified(time).unwrap();
        }

        fn mtime(&self, path: &str) -> std::time::SystemTime {
            std::fs::metadata(self.ws().root.join(path))
                .unwrap()
                .modified()
                .unwrap()
        }
    }

    /// A minute after the real clock: every file written so far is settled.
    fn later() -> i64 {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        i64::try_from(now).unwrap() + 60
    }

    fn rules_of(report: &Report) -> Vec<(&str, &str)> {
        report
            .findings
            .iter()
            .map(|f| (f.rule, f.path.as_str()))
            .collect()
    }

    #[test]
    fn an_unchanged_tree_is_served_and_an_edit_of_the_same_size_is_not() {
        let f = Fixture::new(&[(WP, PLAN)]);
        let (first, served) = f.report(later());
        assert_eq!(served, Served::Checked);
        assert!(first.findings.is_empty(), "{:?}", first.findings);
        let (again, served) = f.report(later());
        assert_eq!(served, Served::Cached);
        assert_eq!(again, first);

        // The same size, and the modification time put back as it was:
        // only the change time tells.
        let before = f.mtime(WP);
        f.write(WP, &PLAN.replace("## Rollback Plan", "## Notes on Plan"));
        f.set_mtime(WP, before);
        let (edited, served) = f.report(later());
        assert_eq!(served, Served::Checked);
        assert_eq!(rules_of(&edited), [("missing-rollback-plan", WP)]);
        assert_eq!(f.report(later()).1, Served::Cached);

        // Edited back, with a pinned modification time of its own.
        f.write(WP, PLAN);
        let pinned = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_323_045);
        f.set_mtime(WP, pinned);
        let (back, served) = f.report(later());
        assert_eq!(served, Served::Checked);
        assert_eq!(back, first);
    }

    #[test]
    fn a_new_document_brings_the_whole_tree_findings_it_causes() {
        let f = Fixture::new(&[(WP, PLAN)]);
        f.report(later());
        assert_eq!(f.report(later()).1, Served::Cached);
        let twin = "artifacts/planning/2026-01-02-x/01-twin-plan.md";
        f.write(twin, PLAN);
        let (report, served) = f.report(later());
        assert_eq!(served, Served::Checked);
        assert_eq!(
            rules_of(&report),
            [("duplicate-number", WP), ("duplicate-number", twin)]
        );
        assert_eq!(report.findings[1].related, [WP, twin]);
        // And gone again when it is removed.
        std::fs::remove_file(f.ws().root.join(twin)).unwrap();
        let (report, served) = f.report(later());
        assert_eq!(served, Served::Checked);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }

    #[test]
    fn another_configuration_is_another_cache() {
        let f = Fixture::new(&[(WP, &PLAN.replace("## Rollback Plan", "## Notes"))]);
        let (first, _) = f.report(later());
        assert_eq!(rules_of(&first), [("missing-rollback-plan", WP)]);
        assert_eq!(f.report(later()).1, Served::Cached);
        f.write("plan.toml", "[rules]\nmissing-rollback-plan = \"off\"\n");
        let (off, served) = f.report(later());
        assert_eq!(served, Served::Checked);
        assert!(off.findings.is_empty(), "{:?}", off.findings);
    }

    #[test]
    fn files_changed_just_before_the_run_are_not_recorded() {
        let f = Fixture::new(&[(WP, PLAN)]);
        let written = f
            .mtime(WP)
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let now = i64::try_from(written).unwrap() + 1;
        assert_eq!(f.report(now).1, Served::Checked);
        assert_eq!(f.report(now).1, Served::Checked);
        assert_eq!(std::fs::read_dir(f.cache.path()).unwrap().count(), 0);
        assert_eq!(f.report(later()).1, Served::Checked);
        assert_eq!(f.report(later()).1, Served::Cached);
    }

    #[test]
    fn a_damaged_file_is_not_used() {
        let f = Fixture::new(&[(WP, PLAN)]);
        let (first, _) = f.report(later());
        let file = std::fs::read_dir(f.cache.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&file, &bytes).unwrap();
        let (report, served) = f.report(later());
        assert_eq!(served, Served::Checked);
        assert_eq!(report, first);
        assert_eq!(f.report(later()).1, Served::Cached);
    }
}

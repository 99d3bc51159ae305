//! Test harness: real temporary git repositories driven by the real `git`
//! binary, with identity, dates and configuration pinned so that every
//! commit id and date is exact.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// Pinned commit date: 2026-01-02 03:04:05 UTC.
pub const DATE: &str = "2026-01-02T03:04:05Z";

/// Pinned current time of every git-plan run (`GIT_PLAN_NOW`): after every
/// pinned commit date, so that "since", "time in state" and today's date are
/// exact. Before the files a test writes (their times are the real clock's),
/// so the cache of the work tree records none of them unless a test sets
/// a later `GIT_PLAN_NOW` (see [`later_than_the_files`]).
pub const NOW: &str = "2026-04-01T12:00:00Z";
/// [`NOW`] in seconds since the epoch.
pub const NOW_SECS: i64 = 1_775_044_800;
/// [`NOW`]'s day, which git-plan takes as today.
pub const TODAY: &str = "2026-04-01";

/// A `GIT_PLAN_NOW` a minute after the real clock: every file written so far
/// is settled, and the cache of the work tree may record it.
pub fn later_than_the_files() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (now + 60).to_string()
}

/// The built `git-plan` binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_git-plan"))
}

/// Output of one command run.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    /// The program's arguments, to tell which JSON schema its output keeps.
    pub args: Vec<String>,
}

impl Run {
    /// Asserts exit code 0 and returns self.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// A failed command printed nothing on stdout, or, asked for JSON
    /// (`--json` among `args`), only the JSON error object whose message is
    /// stderr's `Error:` line.
    #[track_caller]
    pub fn no_output_but_a_json_error(&self, args: &[&str]) {
        if !args.contains(&"--json") {
            assert_eq!(self.stdout, "", "{args:?}");
            return;
        }
        let json = self.json();
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(
            self.stderr.starts_with(&format!("Error: {message}\n")),
            "{args:?}: {}\n{}",
            self.stdout,
            self.stderr
        );
    }

    /// The JSON on stdout, which must keep the schema of its command
    /// (`docs/json/`, see [`crate::schemas`]).
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        let value: serde_json::Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout));
        if !self.args.is_empty() {
            crate::schemas::check(&self.args, &value);
        }
        value
    }
}

/// Pushes `branch` to `remote` through the hooks and asserts the pre-push
/// hook refused it with the range rules (`illegal-transition` and
/// `guard-skipped`) and the branch did not reach the remote.
#[track_caller]
pub fn push_refused_by_range_rules(repo: &TestRepo, remote: &TestRepo, branch: &str) {
    let run = repo.git_hooked(&["push", "-q", "origin", branch]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    for rule in ["error[illegal-transition]", "error[guard-skipped]"] {
        assert!(run.stderr.contains(rule), "{}", run.stderr);
    }
    let ref_name = format!("refs/heads/{branch}");
    let on_remote = remote.git_run(&["rev-parse", "--verify", "-q", &ref_name]);
    assert_ne!(on_remote.code, 0, "{branch} reached the remote");
}

/// The string `key` of each object of the JSON array `list`, in order.
#[track_caller]
pub fn strings<'a>(list: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap())
        .collect()
}

/// A status's `at` (`{"path", "line"}`) as `path:line`.
pub fn at(value: &serde_json::Value) -> String {
    format!(
        "{}:{}",
        value["path"]
            .as_str()
            .unwrap_or_else(|| panic!("no path in {value}")),
        value["line"]
            .as_u64()
            .unwrap_or_else(|| panic!("no line in {value}"))
    )
}

/// The initiative `id` of a `status --json` output; panics when it is
/// missing.
pub fn initiative<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("initiative {id} missing"))
}

pub struct TestRepo {
    dir: TempDir,
    home: TempDir,
}

impl TestRepo {
    /// `git init -b main` with one pinned identity.
    pub fn new() -> TestRepo {
        let repo = TestRepo::empty_dir();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A temporary directory that is not a repository.
    pub fn empty_dir() -> TestRepo {
        TestRepo {
            dir: TempDir::new().unwrap(),
            home: TempDir::new().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// A command with the pinned environment, run in `dir`.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(dir)
            .env("GIT_AUTHOR_NAME", "Ada Author")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada Author")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com")
            .env("GIT_AUTHOR_DATE", DATE)
            .env("GIT_COMMITTER_DATE", DATE)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.home.path())
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env("GIT_PLAN_NOW", NOW)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_PLAN_SKIP")
            // No installed manual page answers `--help` unless a test
            // installs one (tests/runner/manual.rs).
            .env("MANPATH", "/nonexistent/git-plan-tests")
            // Human output is cut to COLUMNS when it is set.
            .env_remove("COLUMNS");
        cmd
    }

    fn output(mut cmd: Command) -> Run {
        let out = cmd.output().unwrap();
        let mut args: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        // `git plan ...`: the arguments are git-plan's after `plan`.
        if cmd.get_program() == "git" {
            if let Some(i) = args.iter().position(|a| a == "plan") {
                args.drain(..=i);
            } else {
                args.clear();
            }
        } else if !Path::new(cmd.get_program()).ends_with("git-plan") {
            args.clear();
        }
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
            args,
        }
    }

    /// Runs git in the repository and asserts success; returns stdout.
    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        let mut cmd = self.command("git", self.path());
        cmd.args(args);
        let run = TestRepo::output(cmd);
        assert_eq!(run.code, 0, "git {args:?} failed:\n{}", run.stderr);
        run.stdout
    }

    /// Runs the `git-plan` binary directly in `subdir` of the repository.
    pub fn plan_in(&self, subdir: &str, args: &[&str]) -> Run {
        let mut cmd = self.command(bin(), &self.path().join(subdir));
        cmd.args(args);
        TestRepo::output(cmd)
    }

    /// Runs the `git-plan` binary at the top of the repository.
    pub fn plan(&self, args: &[&str]) -> Run {
        self.plan_in("", args)
    }

    /// Runs `git plan ...` with the binary's directory first on PATH, as a
    /// user would.
    pub fn git_plan(&self, args: &[&str]) -> Run {
        let mut cmd = self.git_with_plan();
        cmd.arg("plan").args(args);
        TestRepo::output(cmd)
    }

    /// `git`, pinned as [`TestRepo::command`], with the built binary's
    /// directory first on PATH so that `git plan` runs it; the caller adds
    /// git's options (`-c`) and `plan ...`.
    pub fn git_with_plan(&self) -> Command {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin().parent().unwrap().to_path_buf()];
        dirs.extend(std::env::split_paths(&path));
        let mut cmd = self.command("git", self.path());
        cmd.env("PATH", std::env::join_paths(dirs).unwrap());
        cmd
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// `git add -A && git commit`.
    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

impl TestRepo {
    /// A repository with one initial commit (`README.md`) and an engineering
    /// root made by `git plan init`.
    pub fn initialised() -> TestRepo {
        let repo = TestRepo::new();
        repo.write("README.md", "# Project\n");
        repo.commit_all("initial");
        repo.plan(&["init"]).ok();
        repo
    }

    /// Runs a command made with [`TestRepo::command`] and captures its output.
    pub fn run(&self, cmd: Command) -> Run {
        TestRepo::output(cmd)
    }

    /// Runs git in the repository without asserting success.
    pub fn git_run(&self, args: &[&str]) -> Run {
        let mut cmd = self.command("git", self.path());
        cmd.args(args);
        TestRepo::output(cmd)
    }

    /// Runs the `git-plan` binary with the pinned environment in any
    /// directory, inside the repository or not.
    pub fn plan_at(&self, dir: &Path, args: &[&str]) -> Run {
        let mut cmd = self.command(bin(), dir);
        cmd.args(args);
        TestRepo::output(cmd)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// `git rev-parse HEAD`.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// `git status --porcelain` (untracked files listed one by one).
    pub fn porcelain(&self) -> String {
        self.git(&["status", "--porcelain", "--untracked-files=all"])
    }

    /// Paths changed by the commit `rev`, sorted.
    pub fn commit_paths(&self, rev: &str) -> Vec<String> {
        let out = self.git(&["show", "--name-only", "--format=", rev]);
        let mut paths: Vec<String> = out
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        paths.sort();
        paths
    }

    /// Number of commits reachable from HEAD (0 when there is none).
    pub fn commit_count(&self) -> usize {
        let run = self.git_run(&["rev-list", "--count", "HEAD"]);
        if run.code != 0 {
            return 0;
        }
        run.stdout.trim().parse().unwrap()
    }

    /// Installs an executable hook script in `.git/hooks/`.
    pub fn hook(&self, name: &str, script: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path().join(".git/hooks").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

impl Run {
    /// The `Error: ...` lines of stderr.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("Error: "))
            .collect()
    }

    /// The `Hint: ...` lines of stderr.
    pub fn hint_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("Hint: "))
            .collect()
    }
}

/// Says on stderr that the running test is skipped, and why; or, when the
/// environment variable `require` is `1`, fails the test. Written to the
/// process's stderr directly, not through `eprintln!`, so that the line shows
/// although libtest captures a passing test's output.
#[track_caller]
pub fn skip_unless_required(require: &str, reason: &str) {
    if std::env::var_os(require).is_some_and(|v| v == "1") {
        panic!("{reason}, and {require}=1 makes this test mandatory");
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test}: {reason} (set {require}=1 to fail instead)"
    );
}

/// The corpora: `$GIT_PLAN_CORPORA_DIR`, or `../shared/corpora/` beside the
/// checkout; and how to name it in a message.
pub fn corpora_dir() -> (PathBuf, String) {
    match std::env::var_os("GIT_PLAN_CORPORA_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let shown = dir.display().to_string();
            (dir, shown)
        }
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
            "../shared/corpora".to_string(),
        ),
    }
}

/// The real corpus (concept-rag), cloned read-only into a temporary
/// directory; `None` (the test is skipped, see [`skip_unless_required`])
/// when its bundle is not there, unless `GIT_PLAN_REQUIRE_CORPORA=1`.
#[track_caller]
pub fn corpus_clone() -> Option<TestRepo> {
    bundle_clone("concept-rag-engineering.bundle", "engineering")
}

/// The tradingview-mcp corpus (blockquote metadata, per-item tables), like
/// [`corpus_clone`].
#[track_caller]
pub fn tradingview_clone() -> Option<TestRepo> {
    bundle_clone("tradingview-mcp-engineering.bundle", "engineering")
}

/// `branch` of the bundle `name` of the corpora, cloned read-only into a
/// temporary directory, like [`corpus_clone`].
#[track_caller]
pub fn bundle_clone(name: &str, branch: &str) -> Option<TestRepo> {
    let (dir, shown) = corpora_dir();
    let bundle = dir.join(name);
    if !bundle.is_file() {
        skip_unless_required(
            "GIT_PLAN_REQUIRE_CORPORA",
            &format!("{shown}/{name} not found"),
        );
        return None;
    }
    let repo = TestRepo::empty_dir();
    let mut cmd = repo.command("git", repo.path());
    cmd.args(["clone", "--quiet", "--branch", branch])
        .arg(&bundle)
        .arg(".");
    let run = TestRepo::output(cmd);
    assert_eq!(
        run.code,
        0,
        "cloning {} failed: {}",
        bundle.display(),
        run.stderr
    );
    Some(repo)
}

/// `PATH` with the built binary's directory first, so that `git plan ...`,
/// and the hook shims' `git plan hook ...`, run this build.
pub fn path_with_bin() -> std::ffi::OsString {
    let mut dirs = vec![bin().parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

impl TestRepo {
    /// Runs git in `dir` with [`path_with_bin`] as PATH (so installed hooks
    /// run this build), no editor, no SKIP, and the extra `env`; does not
    /// assert success.
    pub fn git_hooked_in(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command("git", dir);
        cmd.args(args)
            .env("PATH", path_with_bin())
            .env("GIT_EDITOR", "true")
            .env_remove("SKIP");
        for (key, value) in env {
            cmd.env(key, value);
        }
        TestRepo::output(cmd)
    }

    /// [`TestRepo::git_hooked_in`] at the top of the repository.
    pub fn git_hooked(&self, args: &[&str]) -> Run {
        self.git_hooked_in(self.path(), args, &[])
    }
}

/// An initiative folder, from the top of the work tree.
pub const INITIATIVE: &str = ".engineering/artifacts/planning/2026-01-02-x";

/// A work package that breaks no rule.
pub const GOOD_PLAN: &str = "# Phase 01: Good

**Status:** Ready

## Success Criteria

- [ ] p99 latency under 50 ms

## Rollback Plan

Revert the merge commit.
";

/// A work package without a Rollback Plan.
pub const PLAN_WITHOUT_ROLLBACK: &str = "# Phase 01: A

**Status:** Ready

## Success Criteria

- [ ] p99 latency under 50 ms
";

/// A file of the initiative [`INITIATIVE`], from the top of the work tree.
pub fn wp(name: &str) -> String {
    format!("{INITIATIVE}/{name}")
}

/// A repository with one initial commit, an engineering root made by
/// `git plan init`, and `files` (paths from the top of the work tree)
/// written and committed as `message`.
pub fn initialised_with(files: &[(&str, &str)], message: &str) -> TestRepo {
    let repo = TestRepo::initialised();
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.commit_all(message);
    repo
}

/// `topic` branched off the current branch (`main`), with `on_topic` run
/// there, then `on_main` run back on `main`.
pub fn diverge(repo: &TestRepo, on_topic: impl FnOnce(&TestRepo), on_main: impl FnOnce(&TestRepo)) {
    repo.git(&["checkout", "-q", "-b", "topic"]);
    on_topic(repo);
    repo.git(&["checkout", "-q", "main"]);
    on_main(repo);
}

// ---------------------------------------------------------------------------
// Filling in the templates `git plan add` writes

/// Replaces `from` by `to` in `text`, insisting that `from` is there.
#[track_caller]
pub fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` not found in:\n{text}");
    text.replacen(from, to, 1)
}

/// Replaces `from` by `to` in the file `rel`, insisting that `from` is there.
#[track_caller]
pub fn edit(repo: &TestRepo, rel: &str, from: &str, to: &str) {
    let text = repo.read(rel);
    assert!(text.contains(from), "`{from}` not in {rel}");
    repo.write(rel, text.replacen(from, to, 1));
}

/// Writes `contents` to `rel` and puts its modification time back (its
/// change time still moves), as an editor that keeps times would.
pub fn write_keeping_mtime(repo: &TestRepo, rel: &str, contents: impl AsRef<[u8]>) {
    let path = repo.path().join(rel);
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    repo.write(rel, contents);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
}

/// (rule, file) of each finding of `check --format json`.
pub fn rule_files(run: &Run) -> Vec<(String, String)> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The template's placeholder-only Success Criteria, and the two criteria
/// the fill functions write over them.
const PLACEHOLDER_CRITERIA: &str = "- [ ] [Measurable outcome 1]\n- [ ] [Measurable outcome 2]\n- [ ] [Performance target if applicable]\n";
pub const FILLED_CRITERIA: &str =
    "- [ ] p99 latency under 50 ms\n- [ ] no errors in a day of logs\n";

/// Writes real content over the template's placeholder-only Success
/// Criteria and Rollback Plan, its trigger and its first step (not
/// committed).
pub fn fill_sections(repo: &TestRepo, rel: &str) {
    let text = repo.read(rel);
    let text = replace(&text, PLACEHOLDER_CRITERIA, FILLED_CRITERIA);
    let text = fill_rollback(&text);
    repo.write(rel, text);
}

/// As [`fill_sections`], but the Rollback Plan's trigger keeps its
/// placeholder: only the first step is written (not committed).
pub fn fill_sections_but_the_trigger(repo: &TestRepo, rel: &str) {
    edit(repo, rel, PLACEHOLDER_CRITERIA, FILLED_CRITERIA);
    edit(
        repo,
        rel,
        "1. [Step to revert change 1, e.g. disable feature flag]",
        "1. Revert the merge commit.",
    );
}

/// The template's Rollback Plan trigger and first step, filled in.
pub fn fill_rollback(text: &str) -> String {
    let text = replace(
        text,
        "**Trigger:** [Condition that triggers rollback, e.g. error rate > X% for N minutes]",
        "**Trigger:** error rate above 1% for 5 minutes",
    );
    replace(
        &text,
        "1. [Step to revert change 1, e.g. disable feature flag]",
        "1. Revert the merge commit.",
    )
}

/// Work package 01 of [`INITIATIVE`], as `git plan add x One` names it.
pub const WP1: &str = ".engineering/artifacts/planning/2026-01-02-x/01-one-plan.md";
/// Work package 02 of [`INITIATIVE`], as `git plan add x Two` names it.
pub const WP2: &str = ".engineering/artifacts/planning/2026-01-02-x/02-two-plan.md";

/// `init`, an initiative `x` and two work packages dated 2026-01-02, `02`
/// depending on `01`, each committed by the tool.
pub fn two_work_packages() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.plan(&["new", "x", "--date", "2026-01-02"]).ok();
    repo.plan(&["add", "x", "One", "--date", "2026-01-02"]).ok();
    repo.plan(&[
        "add",
        "x",
        "Two",
        "--date",
        "2026-01-02",
        "--depends-on",
        "01",
    ])
    .ok();
    repo
}

//! README.md's examples are tests. Every ```` ```console ```` block of the
//! README runs, top to bottom and in order, in one fresh repository (one
//! commit, nothing else), with `git plan` on `PATH` meaning this build: each
//! `$ command` line is run by `sh` at the top of the repository, and what it
//! writes (stdout and stderr together) must match the lines below it, as
//! trycmd reads them: `[..]` stands for any text within a line, a line
//! `...` for any number of lines, and a first line `? N` for exit code `N`
//! (else the command must succeed). A README that stops working fails here.

use crate::common::{path_with_bin, TestRepo};

/// One `$ command` of the README and what it should print.
#[derive(Debug)]
struct Step {
    /// 1-based line of the command in README.md.
    line: usize,
    command: String,
    code: i32,
    expected: Vec<String>,
}

/// The steps of every `console` block, in order; panics on a fenced block
/// that shows `git plan` but is not a `console` block (it would go
/// untested), except the set-up block that runs `cargo install`.
fn steps(readme: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut fence: Option<(usize, String, Vec<&str>)> = None;
    for (i, line) in readme.lines().enumerate() {
        match &mut fence {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    fence = Some((i + 1, info.trim().to_string(), Vec::new()));
                }
            }
            Some((start, info, body)) => {
                if line.trim_end() != "```" {
                    body.push(line);
                    continue;
                }
                if info == "console" {
                    for (j, l) in body.iter().enumerate() {
                        let line = *start + 1 + j;
                        if let Some(command) = l.strip_prefix("$ ") {
                            steps.push(Step {
                                line,
                                command: command.to_string(),
                                code: 0,
                                expected: Vec::new(),
                            });
                            continue;
                        }
                        let step = steps.last_mut().unwrap_or_else(|| {
                            panic!("README.md:{line}: output before a `$` line")
                        });
                        match l.strip_prefix("? ") {
                            Some(code) if step.expected.is_empty() => {
                                step.code = code.trim().parse().unwrap_or_else(|_| {
                                    panic!("README.md:{line}: `? N` needs a number")
                                });
                            }
                            _ => step.expected.push(l.to_string()),
                        }
                    }
                } else {
                    let shows = body.iter().any(|l| l.contains("git plan"));
                    let setup = body.iter().any(|l| l.contains("cargo install"));
                    assert!(
                        !shows || setup,
                        "README.md:{start}: a ```{info} block shows git plan commands; \
                         make it a ```console block so that it is tested"
                    );
                }
                fence = None;
            }
        }
    }
    steps
}

/// Whether one line matches a pattern line with `[..]` wildcards.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[..]").collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || line.len() < first.len() + last.len() || !line.ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether `actual` matches `expected`, a line `...` standing for any
/// number of lines.
fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line_matches(first, line) && lines_match(rest, more)),
    }
}

fn trimmed(lines: &[&str]) -> usize {
    lines.len()
        - lines
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count()
}

#[test]
fn the_readme_examples_run_as_shown() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let steps = steps(&readme);
    assert!(
        steps.len() > 20,
        "README.md shows only {} commands in console blocks",
        steps.len()
    );
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    for step in &steps {
        let mut cmd = repo.command("sh", repo.path());
        cmd.arg("-c")
            .arg(format!("exec 2>&1\n{}", step.command))
            .env("PATH", path_with_bin())
            .env("GIT_EDITOR", "true");
        let run = repo.run(cmd);
        let actual: Vec<&str> = run.stdout.lines().map(str::trim_end).collect();
        let actual = &actual[..trimmed(&actual)];
        let expected: Vec<String> = step
            .expected
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        let n = {
            let e: Vec<&str> = expected.iter().map(String::as_str).collect();
            trimmed(&e)
        };
        assert!(
            run.code == step.code && lines_match(&expected[..n], actual),
            "README.md:{}: `{}`\nexpected exit {}, got {}\n--- expected\n{}\n--- actual\n{}",
            step.line,
            step.command,
            step.code,
            run.code,
            expected[..n].join("\n"),
            actual.join("\n"),
        );
    }
}

#[test]
fn wildcards_match_what_they_say_and_no_more() {
    assert!(line_matches(
        "Committed [..] (2 files)",
        "Committed 1a2b3c4 (2 files)"
    ));
    assert!(!line_matches(
        "Committed [..] (2 files)",
        "Committed 1a2b3c4 (3 files)"
    ));
    assert!(line_matches("a[..]b[..]c", "a-b-c"));
    assert!(!line_matches("a[..]b[..]c", "a-c"));
    let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(lines_match(
        &lines(&["x", "...", "z"]),
        &["x", "y", "y", "z"]
    ));
    assert!(lines_match(&lines(&["x", "...", "z"]), &["x", "z"]));
    assert!(!lines_match(&lines(&["x", "...", "z"]), &["x", "y"]));
    assert!(!lines_match(&lines(&["x"]), &["x", "extra"]));
}

#[test]
fn steps_read_commands_codes_and_output() {
    let md = "text\n```console\n$ git plan x\n? 1\nError: no\n$ true\n```\n";
    let s = steps(md);
    assert_eq!(s.len(), 2);
    assert_eq!(
        (s[0].line, s[0].command.as_str(), s[0].code),
        (3, "git plan x", 1)
    );
    assert_eq!(s[0].expected, ["Error: no"]);
    assert!(s[1].expected.is_empty());
}

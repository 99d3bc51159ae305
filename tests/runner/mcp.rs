//! `git plan mcp`: the MCP server over stdio, driven as a client would drive
//! it (JSON-RPC lines on its stdin and stdout): the handshake, the tool
//! list and its schemas, a read tool answering exactly what the command
//! answers, a writing tool making the command's one commit, and a refusal
//! coming back as a tool error that changes nothing.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{bin, fill_sections, two_work_packages, TestRepo, WP1};

/// How long the harness waits for one answer before it fails the test: a
/// hung server must fail the run, not hang it. Not a speed target.
const HANG: Duration = Duration::from_secs(120);

/// A running `git plan mcp` and the lines it writes.
struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    next_id: u64,
}

impl Session {
    /// Starts `git-plan ARGS mcp` in `dir` with the pinned environment and
    /// makes the `initialize` handshake; returns the session and the
    /// server's `initialize` result.
    fn start(repo: &TestRepo, dir: &std::path::Path, args: &[&str]) -> (Session, Value) {
        let mut cmd = repo.command(bin(), dir);
        cmd.args(args)
            .arg("mcp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut session = Session {
            child,
            stdin,
            lines,
            next_id: 0,
        };
        let init = session.request(
            "initialize",
            json!({
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "git-plan-tests", "version": "1"}
            }),
        );
        session.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        (session, init)
    }

    fn send(&mut self, message: &Value) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{message}").unwrap();
        stdin.flush().unwrap();
    }

    /// Sends a request and returns its `result`, skipping notifications;
    /// fails on a JSON-RPC error or when no answer comes.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let line = match self.lines.recv_timeout(HANG) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => panic!("no answer to {method} in {HANG:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited during {method}"),
            };
            let message: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("not JSON-RPC ({e}): {line}"));
            if message["id"] != json!(id) {
                continue;
            }
            assert!(message.get("error").is_none(), "{method}: {message}");
            return message["result"].clone();
        }
    }

    /// `tools/call NAME ARGUMENTS`.
    fn call(&mut self, name: &str, arguments: Value) -> Value {
        self.request("tools/call", json!({"name": name, "arguments": arguments}))
    }

    /// Closes stdin, as a client does to end the session, and returns the
    /// server's exit code.
    fn close(mut self) -> i32 {
        drop(self.stdin.take());
        let (send, done) = std::sync::mpsc::channel();
        let mut child = self.child;
        std::thread::spawn(move || {
            let _ = send.send(child.wait().map(|s| s.code()));
        });
        match done.recv_timeout(HANG) {
            Ok(status) => status.unwrap().unwrap_or(-1),
            Err(_) => panic!("the server did not exit when its stdin closed"),
        }
    }
}

/// The text of every text content block of a tool result, joined.
fn text(result: &Value) -> String {
    result["content"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `two_work_packages` with 01 filled in and set ready by the command line.
fn ready_repo() -> TestRepo {
    let repo = two_work_packages();
    fill_sections(&repo, WP1);
    repo.commit_all("fill in 01");
    repo.plan(&["set", "x/01", "status=ready"]).ok();
    assert_eq!(repo.porcelain(), "");
    repo
}

#[test]
fn mcp_lists_the_tools_with_their_schemas() {
    let repo = ready_repo();
    let (mut session, init) = Session::start(&repo, repo.path(), &[]);
    assert_eq!(init["protocolVersion"], "2025-06-18");
    assert_eq!(init["serverInfo"]["name"], "git-plan");
    assert!(init["capabilities"]["tools"].is_object(), "{init}");
    let list = session.request("tools/list", json!({}));
    let tools = list["tools"].as_array().unwrap();
    let tool = |name: &str| {
        tools
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("no tool {name}"))
    };
    // One line per tool: its kind from the annotations, then its
    // parameters, `!` marking the required ones.
    let mut lines = Vec::new();
    for t in tools {
        let a = &t["annotations"];
        let kind = match (
            &a["readOnlyHint"],
            &a["destructiveHint"],
            &a["idempotentHint"],
        ) {
            (Value::Bool(true), Value::Null, Value::Null) => "read",
            (Value::Bool(false), Value::Bool(false), Value::Bool(false)) => "write",
            other => panic!("{}: annotations {other:?}", t["name"]),
        };
        let schema = &t["inputSchema"];
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["additionalProperties"], false);
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        let params: Vec<String> = schema["properties"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, p)| {
                let mark = if required.contains(&name.as_str()) {
                    "!"
                } else {
                    ""
                };
                format!("{name}{mark}: {}", p["type"].as_str().unwrap())
            })
            .collect();
        lines.push(format!(
            "{} [{kind}] {}",
            t["name"].as_str().unwrap(),
            params.join(", ")
        ));
    }
    insta::assert_snapshot!(lines.join("\n"), @"
    status [read] at: string, id: string
    show [read] at: string, id!: string
    log [read] all: boolean, id: string, range: string, rev: string, since: string
    check [read] all: boolean, range: string, rev: string, staged: boolean
    diff [read] range: string, staged: boolean
    next [read] all: boolean, initiative: string
    graph [read] id: string
    adr_list [read] status: array
    start [write] id!: string, include_edits: boolean
    done [write] id!: string, include_edits: boolean, unverified: boolean
    block [write] id!: string, include_edits: boolean, reason!: string
    reopen [write] id!: string, include_edits: boolean
    approve [write] approver!: string, id!: string, include_edits: boolean
    set [write] assignments!: array, id!: string, include_edits: boolean
    tick [write] id!: string, include_edits: boolean, item!: string
    untick [write] id!: string, include_edits: boolean, item!: string
    depend [write] id!: string, include_edits: boolean, on: string, remove: string
    renumber [write] id!: string, include_edits: boolean, number!: string
    new [write] date: string, slug!: string, title: string
    add [write] date: string, depends_on: array, effort: string, initiative!: string, priority: string, title!: string
    adr_new [write] date: string, supersedes: integer, title!: string
    ");
    let approve = tool("approve");
    let description = approve["description"].as_str().unwrap();
    assert!(
        description.contains("Needs the user's confirmation")
            && description
                .contains("agents must not proceed past checkpoints without user confirmation"),
        "{description}"
    );
    let approver = approve["inputSchema"]["properties"]["approver"]["description"]
        .as_str()
        .unwrap();
    assert_eq!(approver, "Who approved (required here)");
    // The description is the command's own help.
    assert!(
        tool("start")["description"]
            .as_str()
            .unwrap()
            .starts_with("`git plan start`: Start a work package: ready or blocked -> in-progress, as one commit."),
        "{}",
        tool("start")["description"]
    );
    assert_eq!(session.close(), 0);
}

#[test]
fn mcp_status_is_the_commands_json_and_start_makes_its_one_commit() {
    let repo = ready_repo();
    let (mut session, _) = Session::start(&repo, repo.path(), &[]);

    let status = session.call("status", json!({}));
    assert_eq!(status["isError"], false, "{status}");
    let direct = repo.plan(&["status", "--json"]).ok().json();
    assert_eq!(status["structuredContent"], direct);
    let copy: Value = serde_json::from_str(&text(&status)).unwrap();
    assert_eq!(copy, direct);

    let shown = session.call("show", json!({"id": "x/01"}));
    assert_eq!(
        shown["structuredContent"],
        repo.plan(&["show", "x/01", "--json"]).ok().json()
    );

    let before = repo.commit_count();
    let started = session.call("start", json!({"id": "x/01"}));
    assert_eq!(started["isError"], false, "{started}");
    let out = text(&started);
    assert!(
        out.starts_with("2026-01-02-x/01: ready -> in-progress\n  .engineering/artifacts/planning/2026-01-02-x/01-one-plan.md\nCommitted "),
        "{out}"
    );
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]),
        "plan(2026-01-02-x/01): ready -> in-progress\n\n\
         Plan-Id: 2026-01-02-x/01\nPlan-Transition: ready -> in-progress\n\n"
    );
    assert_eq!(repo.commit_paths("HEAD"), [WP1]);
    assert_eq!(repo.porcelain(), "");
    assert!(
        repo.read(WP1).contains("**Status:** In Progress"),
        "{}",
        repo.read(WP1)
    );

    // The checkpoint rule: no approver, no approval, nothing run.
    let head = repo.head();
    let refused = session.call("approve", json!({"id": "x"}));
    assert_eq!(refused["isError"], true, "{refused}");
    assert_eq!(
        text(&refused),
        "Error: missing required parameter `approver`"
    );
    assert_eq!(repo.head(), head);
    // With the user's name, the command's approval commit.
    let approved = session.call("approve", json!({"id": "x", "approver": "Grace Hopper"}));
    assert_eq!(approved["isError"], false, "{approved}");
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("plan(2026-01-02-x): scope-assessment -> planning-folder\n")
            && message.contains("\nPlan-Approved-By: Grace Hopper\n"),
        "{message}"
    );
    assert_eq!(repo.commit_count(), before + 2);
    assert_eq!(repo.porcelain(), "");
    assert_eq!(session.close(), 0);
}

#[test]
fn mcp_refusals_are_tool_errors_that_change_nothing() {
    let repo = ready_repo();
    // Started outside the repository, pointed at it with -C, as a client
    // configured with `git plan -C DIR mcp` does.
    let outside = TestRepo::empty_dir();
    let dir = repo.path().to_str().unwrap().to_string();
    let (mut session, _) = Session::start(&repo, outside.path(), &["-C", &dir]);
    let head = repo.head();

    // 02 is a draft: the command's refusal, word for word.
    let refused = session.call("start", json!({"id": "x/02"}));
    assert_eq!(refused["isError"], true, "{refused}");
    let direct = repo.plan(&["start", "x/02"]).fails(1);
    assert_eq!(text(&refused), direct.stderr.trim_end());
    assert!(
        text(&refused).starts_with(
            "Error: 2026-01-02-x/02 cannot go from draft to in-progress; from draft it can go to: ready, deferred, cancelled"
        ),
        "{}",
        text(&refused)
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");

    // A read command's error is its JSON error object.
    let missing = session.call("show", json!({"id": "nothing-like-it"}));
    assert_eq!(missing["isError"], true, "{missing}");
    let direct = repo.plan(&["show", "nothing-like-it", "--json"]).fails(1);
    assert_eq!(missing["structuredContent"], direct.json());
    assert_eq!(missing["structuredContent"]["error"]["code"], 1);

    // A value that looks like a flag stays a value: no `--force` slipped in.
    let sneaky = session.call("start", json!({"id": "--force"}));
    assert_eq!(sneaky["isError"], true, "{sneaky}");
    assert!(text(&sneaky).contains("--force"), "{}", text(&sneaky));
    // Parameters the tool does not have are refused before anything runs.
    let unknown = session.call("start", json!({"id": "x/02", "force": true}));
    assert_eq!(unknown["isError"], true, "{unknown}");
    assert_eq!(
        text(&unknown),
        "Error: unknown parameter `force`; start takes: id, include_edits"
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.porcelain(), "");
    assert_eq!(session.close(), 0);
}

// ---------------------------------------------------------------------------
// `git plan init --agents`

#[test]
fn init_agents_writes_agents_md_in_the_init_commit_once() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Project\n");
    repo.commit_all("initial");
    let run = repo.plan(&["init", "--agents"]).ok();
    insta::assert_snapshot!(run.stdout.replace(&repo.head()[..12], "[commit]"), @"
    Initialised .engineering/ and AGENTS.md
      .engineering/plan.toml
      .engineering/templates/README.md
      .engineering/artifacts/planning/.gitkeep
      .engineering/artifacts/adr/.gitkeep
      AGENTS.md
    Committed [commit] plan: initialise the engineering root
    ");
    assert_eq!(
        repo.read("AGENTS.md"),
        format!("# Agents\n\n{}", git_plan::write::agents::SECTION)
    );
    assert_eq!(
        repo.commit_paths("HEAD"),
        [
            ".engineering/artifacts/adr/.gitkeep",
            ".engineering/artifacts/planning/.gitkeep",
            ".engineering/plan.toml",
            ".engineering/templates/README.md",
            "AGENTS.md",
        ]
    );
    assert_eq!(repo.commit_count(), 2);
    assert_eq!(repo.porcelain(), "");
    // Again: nothing to add, no commit, no error.
    let run = repo.plan(&["init", "--agents"]).ok();
    assert_eq!(
        run.stdout,
        "AGENTS.md has git-plan's section already; nothing to do.\n"
    );
    assert_eq!(repo.commit_count(), 2);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn init_agents_appends_the_section_to_an_existing_agents_md_as_its_own_commit() {
    let repo = TestRepo::initialised();
    repo.write("AGENTS.md", "# Rules\n\nRun the tests.\n");
    repo.commit_all("agents");
    let before = repo.commit_count();
    let run = repo.plan_in(".engineering", &["init", "--agents"]).ok();
    assert!(
        run.stdout
            .starts_with("Added git-plan's section to AGENTS.md\n  ../AGENTS.md\nCommitted "),
        "{}",
        run.stdout
    );
    assert_eq!(
        repo.read("AGENTS.md"),
        format!(
            "# Rules\n\nRun the tests.\n\n{}",
            git_plan::write::agents::SECTION
        )
    );
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(repo.commit_paths("HEAD"), ["AGENTS.md"]);
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]),
        "plan: add git-plan's section to AGENTS.md\n\n"
    );
    repo.plan(&["init", "--agents"]).ok();
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(repo.porcelain(), "");
}

#[test]
fn init_agents_refuses_to_sweep_in_the_users_uncommitted_agents_md() {
    let repo = TestRepo::initialised();
    repo.write("AGENTS.md", "# Rules\n");
    repo.commit_all("agents");
    repo.write("AGENTS.md", "# Rules\n\nWork in progress.\n");
    let head = repo.head();
    let run = repo.plan(&["init", "--agents"]).fails(1);
    assert_eq!(
        run.error_lines(),
        ["Error: AGENTS.md has changes that are not committed, which the commit would sweep in; nothing was changed"]
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.read("AGENTS.md"), "# Rules\n\nWork in progress.\n");
}

#[test]
fn docs_agents_md_shows_the_section_init_agents_writes() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/agents.md")).unwrap();
    assert!(
        docs.contains(git_plan::write::agents::SECTION),
        "docs/agents.md does not show git_plan::write::agents::SECTION verbatim"
    );
}

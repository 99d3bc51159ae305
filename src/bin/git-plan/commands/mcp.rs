//! `git plan mcp`: a Model Context Protocol server over stdio, for AI
//! agents. Each tool call runs this same binary as a child process with the
//! tool's arguments mapped to the command's flags (plus `--json` where the
//! command has it), so that an agent gets exactly what the command line
//! gives: the same JSON, the same guards and refusals, one commit per
//! transition (ADR 0010).
//!
//! The tools are one table, [`TOOLS`]; their descriptions and parameter
//! schemas are read from the clap definitions of the commands they run, so
//! the help a user reads and the schema an agent reads cannot disagree.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use clap::{ArgAction, Args, CommandFactory};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use crate::error::CommandError;
use crate::Ctx;

/// Serve the plans to AI agents: a Model Context Protocol server on stdin and stdout.
///
/// Read tools (status, show, log, check, diff, next, graph, adr_list)
/// return the commands' JSON; writing tools (start, done, block, reopen,
/// approve, set, tick, untick, depend, renumber, new, add, adr_new) make the
/// same one commit, with the same guards and refusals, as
/// the commands. Register it with an MCP client as the command `git plan
/// mcp` (see docs/agents.md). Run with `-C DIR` to serve another
/// repository.
#[derive(Debug, Args)]
pub struct McpArgs {}

/// Whether a tool only reads, or writes a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Read,
    Write,
}

/// One tool: the `git plan` command it runs and the parameters it exposes.
struct ToolSpec {
    /// The tool's name (letters, digits and `_`).
    name: &'static str,
    /// The command's words: `["adr", "new"]`.
    command: &'static [&'static str],
    /// The parameters, each the id of one of the command's clap arguments
    /// (its field name, `depends_on`); `name=arg` exposes the argument
    /// under another name, and a trailing `!` makes it required even where
    /// the command line has a default (approve's approver).
    params: &'static [&'static str],
    effect: Effect,
    /// Said after the command's help in the tool's description.
    note: &'static str,
}

const fn read(
    name: &'static str,
    command: &'static [&'static str],
    params: &'static [&'static str],
) -> ToolSpec {
    ToolSpec {
        name,
        command,
        params,
        effect: Effect::Read,
        note: "",
    }
}

const fn write(
    name: &'static str,
    command: &'static [&'static str],
    params: &'static [&'static str],
) -> ToolSpec {
    ToolSpec {
        name,
        command,
        params,
        effect: Effect::Write,
        note: "",
    }
}

impl ToolSpec {
    const fn note(self, note: &'static str) -> ToolSpec {
        ToolSpec { note, ..self }
    }
}

/// Seed 002's checkpoint rule, in approve's description.
const APPROVE_NOTE: &str = "Needs the user's confirmation: agents must not proceed past \
    checkpoints without user confirmation (seed 002). Call this only after the user has \
    approved this checkpoint, and pass the user's name as approver; never approve on your own.";

/// Said of every writing tool.
const WRITE_NOTE: &str = "Makes one commit of the plan files it changes, or refuses and changes \
    nothing. Guards cannot be overridden here (no --force): ask the user to run the command.";

/// Every tool. Adding one is one line: the tool's name, the command's
/// words and the arguments it exposes.
const TOOLS: &[ToolSpec] = &[
    read("status", &["status"], &["id", "at"]),
    read("show", &["show"], &["id", "at"]),
    read("log", &["log"], &["id", "since", "rev", "range", "all"]),
    read("check", &["check"], &["staged", "rev", "range", "all"]),
    read("diff", &["diff"], &["range", "staged"]),
    read("next", &["next"], &["initiative", "all"]),
    read("graph", &["graph"], &["id"]),
    read("adr_list", &["adr", "list"], &["status"]),
    write("start", &["start"], &["id", "include_edits"]),
    write("done", &["done"], &["id", "unverified", "include_edits"]),
    write("block", &["block"], &["id", "reason", "include_edits"]),
    write("reopen", &["reopen"], &["id", "include_edits"]),
    write(
        "approve",
        &["approve"],
        &["id", "approver=by!", "include_edits"],
    )
    .note(APPROVE_NOTE),
    write("set", &["set"], &["id", "assignments", "include_edits"]),
    write("tick", &["tick"], &["id", "item", "include_edits"]),
    write("untick", &["untick"], &["id", "item", "include_edits"]),
    write(
        "depend",
        &["depend"],
        &["id", "on", "remove", "include_edits"],
    ),
    write(
        "renumber",
        &["renumber"],
        &["id", "number", "include_edits"],
    ),
    write("new", &["new"], &["slug", "title", "date"]),
    write(
        "add",
        &["add"],
        &[
            "initiative",
            "title",
            "priority",
            "effort",
            "depends_on",
            "date",
        ],
    ),
    write("adr_new", &["adr", "new"], &["title", "supersedes", "date"]),
];

/// What a parameter's JSON value must be, from its clap argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Flag,
    Text,
    Integer,
    List,
}

/// A parameter: its name for the agent and the argument it fills.
struct Param {
    name: String,
    required: bool,
    kind: Kind,
    /// `--long` for an option or flag; None for a positional argument.
    long: Option<String>,
    /// The position of a positional argument.
    index: usize,
    help: String,
}

/// A tool resolved against the command line's definitions.
struct ResolvedTool {
    spec: &'static ToolSpec,
    params: Vec<Param>,
    /// The command takes `--json`.
    json: bool,
    tool: Tool,
}

pub fn run(ctx: &Ctx, _args: &McpArgs) -> Result<(), CommandError> {
    let exe = std::env::current_exe().map_err(|e| {
        CommandError::new("cannot find the git-plan executable").caused_by(Some(&e))
    })?;
    let tools = resolve_tools()?;
    let server = Server {
        tools: Arc::new(tools),
        exe,
        cwd: ctx.location.cwd.clone(),
        writing: Arc::new(Mutex::new(())),
    };
    // The runtime exists only here: no other command pays for it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::new("cannot start the MCP server").caused_by(Some(&e)))?;
    runtime.block_on(async move {
        let service = server
            .serve((tokio::io::stdin(), tokio::io::stdout()))
            .await
            .map_err(|e| {
                CommandError::new("the MCP client did not initialise the session")
                    .caused_by(Some(&e))
            })?;
        service.waiting().await.map_err(|e| {
            CommandError::new("the MCP session ended with an error").caused_by(Some(&e))
        })?;
        Ok(())
    })
}

/// Every tool of [`TOOLS`] with its schema and description, read from the
/// clap definitions.
fn resolve_tools() -> Result<Vec<ResolvedTool>, CommandError> {
    let cli = crate::Cli::command();
    TOOLS.iter().map(|spec| resolve(&cli, spec)).collect()
}

fn resolve(cli: &clap::Command, spec: &'static ToolSpec) -> Result<ResolvedTool, CommandError> {
    let internal = |what: String| CommandError::new(format!("tool {}: {what}", spec.name));
    let mut command = cli;
    for word in spec.command {
        command = command
            .find_subcommand(word)
            .ok_or_else(|| internal(format!("no command `{word}`")))?;
    }
    let mut params = Vec::new();
    for entry in spec.params {
        let (entry, forced) = match entry.strip_suffix('!') {
            Some(e) => (e, true),
            None => (*entry, false),
        };
        let (name, id) = entry.split_once('=').unwrap_or((entry, entry));
        let arg = command
            .get_arguments()
            .find(|a| a.get_id() == id)
            .ok_or_else(|| internal(format!("no argument `{id}`")))?;
        let kind = match arg.get_action() {
            ArgAction::SetTrue => Kind::Flag,
            ArgAction::Append => Kind::List,
            _ if arg.get_value_parser().type_id()
                == clap::builder::ValueParser::from(clap::value_parser!(u32)).type_id() =>
            {
                Kind::Integer
            }
            _ => Kind::Text,
        };
        let mut help = arg
            .get_long_help()
            .or_else(|| arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        if forced {
            // The command line's default does not apply: say what must be given.
            if let Some(at) = help.find(" (default:") {
                help.truncate(at);
            }
            help.push_str(" (required here)");
        }
        params.push(Param {
            name: name.to_string(),
            required: forced || arg.is_required_set(),
            kind,
            long: arg.get_long().map(|l| format!("--{l}")),
            index: arg.get_index().unwrap_or(usize::MAX),
            help,
        });
    }
    let json = command.get_arguments().any(|a| a.get_id() == "json");
    let tool = describe(spec, command, &params);
    Ok(ResolvedTool {
        spec,
        params,
        json,
        tool,
    })
}

/// The MCP tool: the command's help as its description, a JSON Schema of
/// its parameters, and hints of what it does to the repository.
fn describe(spec: &ToolSpec, command: &clap::Command, params: &[Param]) -> Tool {
    let help = command
        .get_long_about()
        .or_else(|| command.get_about())
        .map(ToString::to_string)
        .unwrap_or_default();
    let words = spec.command.join(" ");
    let mut description = format!("`git plan {words}`: {}", help.trim_end());
    for note in [
        spec.note,
        if spec.effect == Effect::Write {
            WRITE_NOTE
        } else {
            ""
        },
    ] {
        if !note.is_empty() {
            description.push_str("\n\n");
            description.push_str(note);
        }
    }
    let mut properties = serde_json::Map::new();
    for p in params {
        let mut schema = match p.kind {
            Kind::Flag => json!({"type": "boolean"}),
            Kind::Text => json!({"type": "string"}),
            Kind::Integer => json!({"type": "integer", "minimum": 0}),
            Kind::List => json!({"type": "array", "items": {"type": "string"}}),
        };
        if !p.help.is_empty() {
            schema["description"] = Value::String(p.help.clone());
        }
        properties.insert(p.name.clone(), schema);
    }
    let required: Vec<&str> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.as_str())
        .collect();
    let mut schema = JsonObject::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), json!(required));
    }
    schema.insert("additionalProperties".into(), json!(false));
    let annotations = match spec.effect {
        Effect::Read => ToolAnnotations::new().read_only(true),
        Effect::Write => ToolAnnotations::new()
            .read_only(false)
            .destructive(false)
            .idempotent(false),
    }
    .open_world(false);
    Tool::new(spec.name, description, Arc::new(schema)).with_annotations(annotations)
}

/// The command line of one call: the command's words, its flags and
/// options as `--long=value` (a value can never be taken for a flag), then
/// `--` and the positional values. `Err` says what is wrong with the
/// arguments.
fn command_line(tool: &ResolvedTool, arguments: &JsonObject) -> Result<Vec<OsString>, String> {
    for name in arguments.keys() {
        if !tool.params.iter().any(|p| &p.name == name) {
            let known: Vec<&str> = tool.params.iter().map(|p| p.name.as_str()).collect();
            return Err(format!(
                "unknown parameter `{name}`; {} takes: {}",
                tool.spec.name,
                known.join(", ")
            ));
        }
    }
    let mut line: Vec<OsString> = vec!["--no-color".into()];
    line.extend(tool.spec.command.iter().map(OsString::from));
    if tool.json {
        line.push("--json".into());
    }
    let mut positional = Vec::new();
    for p in &tool.params {
        let value = match arguments.get(&p.name) {
            None | Some(Value::Null) if p.required => {
                return Err(format!("missing required parameter `{}`", p.name))
            }
            None | Some(Value::Null) => continue,
            Some(value) => value,
        };
        let wrong = |what: &str| format!("parameter `{}` must be {what}", p.name);
        let values: Vec<String> = match (p.kind, value) {
            (Kind::Flag, Value::Bool(true)) => {
                line.extend(p.long.iter().map(OsString::from));
                continue;
            }
            (Kind::Flag, Value::Bool(false)) => continue,
            (Kind::Flag, _) => return Err(wrong("true or false")),
            (Kind::Text, Value::String(s)) => vec![s.clone()],
            (Kind::Text, _) => return Err(wrong("a string")),
            (Kind::Integer, Value::Number(n)) if n.is_u64() => vec![n.to_string()],
            (Kind::Integer, Value::String(s)) if s.parse::<u32>().is_ok() => vec![s.clone()],
            (Kind::Integer, _) => return Err(wrong("a number")),
            (Kind::List, Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| wrong("a list of strings"))?,
            (Kind::List, Value::String(s)) => vec![s.clone()],
            (Kind::List, _) => return Err(wrong("a list of strings")),
        };
        match &p.long {
            Some(long) => line.extend(values.iter().map(|v| OsString::from(format!("{long}={v}")))),
            None => positional.push((p.index, values)),
        }
    }
    if !positional.is_empty() {
        positional.sort_by_key(|(index, _)| *index);
        line.push("--".into());
        line.extend(
            positional
                .into_iter()
                .flat_map(|(_, v)| v)
                .map(OsString::from),
        );
    }
    Ok(line)
}

/// The server: the tools, and how to run the binary.
#[derive(Clone)]
struct Server {
    tools: Arc<Vec<ResolvedTool>>,
    exe: PathBuf,
    /// Where `git plan` was started, after `-C`: every call runs there.
    cwd: PathBuf,
    /// Held by a writing call while its child runs: calls that arrive
    /// together commit one after the other instead of waiting on the plan
    /// lock, which gives up after a few seconds.
    writing: Arc<Mutex<()>>,
}

impl Server {
    /// Runs one call: the child's exit code, stdout and stderr.
    fn call(&self, effect: Effect, line: Vec<OsString>) -> std::io::Result<std::process::Output> {
        let _one_writer = match effect {
            // A poisoned lock only means another call panicked: go on.
            Effect::Write => Some(self.writing.lock().unwrap_or_else(|e| e.into_inner())),
            Effect::Read => None,
        };
        // The environment (GIT_DIR, GIT_PLAN_*, `git -c`) is inherited;
        // stdin is null, so that nothing ever waits on the client's stream.
        Command::new(&self.exe)
            .args(line)
            .current_dir(&self.cwd)
            .stdin(Stdio::null())
            .output()
    }
}

/// The tool's answer from the child's output. JSON on stdout is the
/// structured result, with a text copy; an exit other than 0 is a tool
/// error, unless stdout holds a report rather than an error object (check's
/// findings exit 1 with the report, which is the answer asked for).
fn answer(output: &std::process::Output) -> CallToolResult {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let ok = output.status.success();
    if let Ok(value) = serde_json::from_str::<Value>(&stdout) {
        if value.is_object() {
            return if ok || value.get("error").is_none() {
                CallToolResult::structured(value)
            } else {
                CallToolResult::structured_error(value)
            };
        }
    }
    let mut content = Vec::new();
    for text in [stdout.trim_end(), stderr.trim_end()] {
        if !text.is_empty() {
            content.push(ContentBlock::text(text));
        }
    }
    if ok {
        CallToolResult::success(content)
    } else {
        if content.is_empty() {
            content.push(ContentBlock::text(format!(
                "git plan exited with {}",
                output.status
            )));
        }
        CallToolResult::error(content)
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("git-plan", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "git-plan tracks this repository's plans (initiatives, work packages, ADRs) as \
                 Markdown under .engineering/. Read with status, show, log, check and diff; move \
                 work with start, done, block, reopen and set; create with new, add and adr_new. \
                 Every writing tool makes one commit or refuses and changes nothing. Agents must \
                 not proceed past checkpoints without user confirmation: call approve only once \
                 the user has approved, with their name as approver.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(
            self.tools.iter().map(|t| t.tool.clone()).collect(),
        ))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools
            .iter()
            .find(|t| t.spec.name == name)
            .map(|t| t.tool.clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(tool) = self.tools.iter().find(|t| t.spec.name == request.name) else {
            return Err(ErrorData::invalid_params(
                format!("no tool `{}`", request.name),
                None,
            ));
        };
        let line = match command_line(tool, &request.arguments.unwrap_or_default()) {
            Ok(line) => line,
            Err(message) => {
                return Ok(CallToolResult::error(vec![ContentBlock::text(format!(
                    "Error: {message}"
                ))])
                .into())
            }
        };
        let (server, effect) = (self.clone(), tool.spec.effect);
        let output = tokio::task::spawn_blocking(move || server.call(effect, line))
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?
            .map_err(|e| ErrorData::internal_error(format!("cannot run git-plan: {e}"), None))?;
        Ok(answer(&output).into())
    }
}

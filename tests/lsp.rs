//! `star-check lsp` as an editor meets it: the real binary, JSON-RPC with `Content-Length` framing
//! over its stdin and stdout. Every read has a timeout, so a server that stops answering fails the
//! test instead of hanging it; no test asserts how long anything took.

mod common;

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// Long enough for a debug build on a loaded machine; only reached when the server is broken.
const PATIENCE: Duration = Duration::from_secs(30);

/// A behavioral answer with no Result, whose filler word sits after an accented letter and an emoji
/// on its line: its column is 147 characters in, 148 UTF-16 units and 151 bytes.
const ANSWER: &str = "# Tell me about a time you fixed a slow endpoint.\n\nLast spring our café API 🚀 took four seconds to load the order history, and customers complained. I was asked to fix it before the holiday sale. I basically profiled the endpoint with pg_stat_statements and found an N+1 query in the Django ORM code, so I rewrote it with a single join and added a composite index.\n";

struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    queued: VecDeque<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = common::star_check_std()
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, incoming) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_frame(&mut stdout) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            incoming,
            queued: VecDeque::new(),
            next_id: 0,
        }
    }

    /// A started server, initialized with the given `general.positionEncodings` (none: omitted).
    fn initialized(encodings: Option<&[&str]>) -> (Server, Value) {
        let mut server = Server::start();
        let mut capabilities = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": false } } });
        if let Some(encodings) = encodings {
            capabilities["general"] = json!({ "positionEncodings": encodings });
        }
        let result = server.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        server.notify("initialized", json!({}));
        (server, result["result"].clone())
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    #[track_caller]
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(json!(id))
    }

    #[track_caller]
    fn next(&mut self) -> Value {
        match self.incoming.recv_timeout(PATIENCE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("the server sent nothing more"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The response with `id`, keeping notifications that arrive first.
    #[track_caller]
    fn response(&mut self, id: Value) -> Value {
        loop {
            let message = self.next();
            if message.get("method").is_none() && message["id"] == id {
                return message;
            }
            if message.get("method").is_some() && message.get("id").is_none() {
                self.queued.push_back(message);
            }
        }
    }

    /// The next notification of `method`, queued or yet to come.
    #[track_caller]
    fn notification(&mut self, method: &str) -> Value {
        if let Some(at) = self.queued.iter().position(|m| m["method"] == method) {
            return self.queued.remove(at).unwrap();
        }
        loop {
            let message = self.next();
            if message["method"] == method {
                return message;
            }
            if message.get("id").is_none() {
                self.queued.push_back(message);
            }
        }
    }

    /// Opens `text` as `uri` and returns the diagnostics published for it.
    #[track_caller]
    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    #[track_caller]
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let published = self.notification("textDocument/publishDiagnostics");
        assert_eq!(published["params"]["uri"], uri);
        published["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Shuts down and exits as a client does; returns the exit code.
    #[track_caller]
    fn shut_down(mut self) -> Option<i32> {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        assert!(response.get("error").is_none());
        self.notify("exit", Value::Null);
        wait(&mut self.child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for the process to end, without hanging on one that does not.
fn wait(child: &mut Child) -> Option<i32> {
    for _ in 0..(PATIENCE.as_millis() / 20) {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not exit");
}

fn read_frame(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends JSON"))
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A document URI in a fresh folder (so no config file above it applies), with the folder.
fn scratch_uri(name: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join(name));
    (dir, uri)
}

#[track_caller]
fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` among {:?}", codes(diagnostics)))
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({ "start": { "line": start.0, "character": start.1 }, "end": { "line": end.0, "character": end.1 } })
}

fn position(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// The byte offset of an LSP position in `text`, counting `utf16` units or bytes.
fn offset(text: &str, at: &Value, utf16: bool) -> usize {
    let line = at["line"].as_u64().unwrap() as usize;
    let character = at["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' {
            return start + i;
        }
        units += if utf16 { ch.len_utf16() } else { ch.len_utf8() };
    }
    text.len()
}

/// `text` with a code action's edits for `uri` applied, last first so earlier offsets hold.
#[track_caller]
fn apply(text: &str, action: &Value, uri: &str, utf16: bool) -> String {
    let mut edits: Vec<(usize, usize, String)> = action["edit"]["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edit for {uri} in {action}"))
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf16),
                offset(text, &e["range"]["end"], utf16),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, &new_text);
    }
    out
}

#[track_caller]
fn action<'a>(actions: &'a Value, title_starts: &str) -> &'a Value {
    actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(title_starts))
        .unwrap_or_else(|| {
            let titles: Vec<&str> = actions
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["title"].as_str().unwrap())
                .collect();
            panic!("no action `{title_starts}…` among {titles:?}")
        })
}

#[test]
fn initialize_offers_utf16_by_default_and_utf8_when_the_client_does() {
    let (server, result) = Server::initialized(None);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(result["serverInfo"]["name"], "star-check");
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 1);
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    assert_eq!(server.shut_down(), Some(0));

    let (server, result) = Server::initialized(Some(&["utf-16", "utf-8"]));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn diagnostics_on_open_have_exact_utf16_ranges_codes_and_severities() {
    let (mut server, _) = Server::initialized(None);
    let (_dir, uri) = scratch_uri("answer.md");
    let diagnostics = server.open(&uri, ANSWER);
    assert_eq!(
        codes(&diagnostics),
        [
            "score",
            "star/missing-result",
            "impact/no-measured-result",
            "length/too-short",
            "coverage/slow-api/caching",
            "coverage/slow-api/network-dependencies",
            "coverage/slow-api/validate-gain",
            "wording/filler"
        ]
    );
    let score = with_code(&diagnostics, "score");
    assert_eq!(score["message"], "64/100 needs-work · missing: Result");
    assert_eq!(score["severity"], 3);
    assert_eq!(score["range"], range((0, 0), (0, 49)));
    let missing = with_code(&diagnostics, "star/missing-result");
    assert_eq!(missing["severity"], 2);
    assert_eq!(missing["source"], "star-check");
    assert_eq!(
        missing["message"],
        "No Result: the story stops before saying how it turned out."
    );
    // The heading: findings about the whole answer point at its first line.
    assert_eq!(missing["range"], range((0, 0), (0, 49)));
    let filler = with_code(&diagnostics, "wording/filler");
    assert_eq!(filler["severity"], 3);
    assert_eq!(filler["range"], range((2, 148), (2, 157)));
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn diagnostics_count_bytes_when_utf8_was_negotiated() {
    let (mut server, _) = Server::initialized(Some(&["utf-8"]));
    let (_dir, uri) = scratch_uri("answer.md");
    let diagnostics = server.open(&uri, ANSWER);
    assert_eq!(
        with_code(&diagnostics, "wording/filler")["range"],
        range((2, 151), (2, 160))
    );
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn a_change_is_checked_again_and_published_with_its_version() {
    let (mut server, _) = Server::initialized(None);
    let (_dir, uri) = scratch_uri("answer.md");
    server.open(&uri, ANSWER);
    let finished = ANSWER.replace("I basically profiled", "I profiled").replace(
        "composite index.\n",
        "composite index. As a result, the page loaded in 300 ms instead of four seconds, and complaints stopped.\n",
    );
    // Two quick changes: the server may check the first, but must publish the last.
    let half = ANSWER.replace("I basically profiled", "I profiled");
    for (version, text) in [(2, &half), (3, &finished)] {
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }
    let published = loop {
        let published = server.notification("textDocument/publishDiagnostics");
        if published["params"]["version"] == 3 {
            break published;
        }
    };
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    let codes = codes(diagnostics);
    assert!(!codes.contains(&"wording/filler".to_string()), "{codes:?}");
    assert!(!codes.contains(&"star/missing-result".to_string()), "{codes:?}");
    let score = with_code(diagnostics, "score")["message"].as_str().unwrap().to_string();
    assert!(!score.contains("missing"), "{score}");
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn hovers_show_the_score_card_a_findings_advice_and_guide_and_a_sentences_part() {
    let (mut server, _) = Server::initialized(None);
    let (_dir, uri) = scratch_uri("answer.md");
    server.open(&uri, ANSWER);
    let hover = |server: &mut Server, line: u32, character: u32| {
        let response = server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position(line, character) }),
        );
        assert_eq!(response["result"]["contents"]["kind"], "markdown");
        response["result"]["contents"]["value"].as_str().unwrap().to_string()
    };
    let card = hover(&mut server, 0, 3);
    assert!(
        card.starts_with("**star-check: 64/100 needs-work** (passes) · behavioral answer"),
        "{card}"
    );
    // The matched question's checklist, as in the human report.
    assert!(
        card.contains("**Talking points of `slow-api`: 3 of 6 covered**"),
        "{card}"
    );
    assert!(card.contains("- ✘ caching: "), "{card}");
    assert!(card.contains("| structure |"), "{card}");
    assert!(card.contains("- Result: missing (confidence 0.00)"), "{card}");
    assert!(card.contains("**star/missing-result**"), "{card}");

    let finding = hover(&mut server, 2, 150);
    assert!(finding.contains("**wording/filler** · info · wording"), "{finding}");
    assert!(finding.contains("**What to do:**"), "{finding}");
    assert!(finding.contains("**Suggestion:** remove it"), "{finding}");
    assert!(finding.contains("**From the guide**"), "{finding}");
    // The filler word sits in the third sentence, the Action.
    assert!(finding.contains("**Sentence 3: Action**"), "{finding}");

    let situation = hover(&mut server, 2, 5);
    assert!(situation.starts_with("**Sentence 1: Situation**"), "{situation}");
    assert!(
        situation.contains("The model's reading of this sentence"),
        "{situation}"
    );
    let task = hover(&mut server, 2, 110);
    assert!(task.starts_with("**Sentence 2: Task**"), "{task}");
    assert!(task.contains("Why: Task wording (`star-cue/task-"), "{task}");

    let nothing = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position(1, 0) }),
    );
    assert_eq!(nothing["result"], Value::Null);
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn code_actions_replace_insert_a_missing_part_and_suppress() {
    let (mut server, _) = Server::initialized(None);
    let (_dir, uri) = scratch_uri("answer.md");
    server.open(&uri, ANSWER);
    let actions_at = |server: &mut Server, at: Value| {
        let response = server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": at, "context": { "diagnostics": [] } }),
        );
        response["result"].clone()
    };
    let on_filler = actions_at(&mut server, range((2, 150), (2, 150)));
    let remove = action(&on_filler, "Remove \"basically\"");
    assert_eq!(remove["kind"], "quickfix");
    assert_eq!(remove["isPreferred"], true);
    assert_eq!(remove["diagnostics"][0]["code"], "wording/filler");
    let fixed = apply(ANSWER, remove, &uri, true);
    assert_eq!(fixed, ANSWER.replace("I basically profiled", "I profiled"));

    let next_line = apply(
        ANSWER,
        action(&on_filler, "Disable wording/filler for the next line"),
        &uri,
        true,
    );
    assert!(
        next_line.contains("\n\n<!-- star-check-disable-next-line wording/filler -->\nLast spring"),
        "{next_line}"
    );
    let file = apply(
        ANSWER,
        action(&on_filler, "Disable wording/filler for this file"),
        &uri,
        true,
    );
    assert!(
        file.starts_with("<!-- star-check-disable-file wording/filler -->\n# Tell me"),
        "{file}"
    );

    // The suppressed text, sent back, no longer has the finding.
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": next_line }] }),
    );
    let diagnostics = server.diagnostics(&uri);
    assert!(
        !codes(&diagnostics).contains(&"wording/filler".to_string()),
        "{:?}",
        codes(&diagnostics)
    );

    let on_heading = actions_at(&mut server, range((0, 0), (0, 0)));
    let prompt = action(&on_heading, "Add a Result prompt");
    let with_prompt = apply(&next_line, prompt, &uri, true);
    assert!(
        with_prompt.ends_with("added a composite index.\n\nResult: what changed, and by how much?\n"),
        "{with_prompt}"
    );
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn a_malformed_message_gets_an_error_and_the_server_keeps_serving() {
    let (mut server, _) = Server::initialized(None);
    server.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    let error = server.next();
    assert_eq!(error["id"], Value::Null);
    assert_eq!(error["error"]["code"], -32700);
    server.send(json!({ "jsonrpc": "2.0", "id": 41, "method": 7 }));
    let error = server.next();
    assert_eq!(error["id"], 41);
    assert_eq!(error["error"]["code"], -32600);
    let unknown = server.request("textDocument/rename", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad_params = server.request("textDocument/hover", json!({ "position": 3 }));
    assert_eq!(bad_params["error"]["code"], -32602);

    let (_dir, uri) = scratch_uri("answer.md");
    let diagnostics = server.open(&uri, ANSWER);
    assert_eq!(
        with_code(&diagnostics, "score")["message"],
        "64/100 needs-work · missing: Result"
    );
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn requests_before_initialize_are_refused_and_exit_without_shutdown_is_code_1() {
    let mut server = Server::start();
    let early = server.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    server.notify("exit", Value::Null);
    assert_eq!(wait(&mut server.child), Some(1));
}

#[test]
fn the_nearest_config_applies_and_is_reloaded_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::write(
        dir.path(),
        "star-check.toml",
        "[rules]\ndisable = [\"wording/filler\"]\n",
    );
    let answer = common::write(dir.path(), "answers/slow.md", ANSWER);
    let uri = uri_of(&answer);
    let (mut server, _) = Server::initialized(None);
    let diagnostics = server.open(&uri, ANSWER);
    assert!(
        !codes(&diagnostics).contains(&"wording/filler".to_string()),
        "{:?}",
        codes(&diagnostics)
    );

    // A rule file that fails to load is reported to the client as a message, and the answer as not
    // checked; the server notices the edited config at the next check (here, on save).
    common::write(dir.path(), "mine.toml", "[[rule]]\nid = \"custom/x\"\nnonsense = 1\n");
    std::fs::write(&config, "[rules]\nextra = [\"mine.toml\"]\n").unwrap();
    server.notify("textDocument/didSave", json!({ "textDocument": { "uri": uri } }));
    let message = server.notification("window/showMessage");
    assert_eq!(message["params"]["type"], 1);
    let text = message["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("mine.toml:3:1: rule `custom/x`: unknown field `nonsense`"),
        "{text}"
    );
    let diagnostics = server.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["io"]);
    assert!(
        diagnostics[0]["message"].as_str().unwrap().starts_with("not checked: "),
        "{diagnostics:?}"
    );

    // Fixed, and announced as a watched-file change: checked under the new config.
    std::fs::write(&config, "min-score = 90\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&config), "type": 2 }] }),
    );
    let diagnostics = server.diagnostics(&uri);
    assert!(
        codes(&diagnostics).contains(&"wording/filler".to_string()),
        "{:?}",
        codes(&diagnostics)
    );
    let card = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position(0, 0) }),
    );
    let card = card["result"]["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("**star-check: 64/100 needs-work** (fails)"), "{card}");
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn the_score_is_an_inlay_hint_and_a_code_lens_on_the_first_line() {
    let (mut server, _) = Server::initialized(None);
    let (_dir, uri) = scratch_uri("answer.md");
    server.open(&uri, ANSWER);
    let hints = server.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range((0, 0), (5, 0)) }),
    );
    assert_eq!(
        hints["result"],
        json!([{ "position": position(0, 49), "label": "64/100 needs-work · missing: Result", "paddingLeft": true }])
    );
    let lenses = server.request("textDocument/codeLens", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(lenses["result"][0]["range"], range((0, 0), (0, 49)));
    assert_eq!(
        lenses["result"][0]["command"]["title"],
        "64/100 needs-work · missing: Result"
    );
    assert_eq!(server.shut_down(), Some(0));
}

/// The published diagnostics are a contract with every client: the whole list for a fixture.
#[test]
fn published_diagnostics_snapshot() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/behavioral/flaky-ci-no-result.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut server, _) = Server::initialized(None);
    let uri = uri_of(&path);
    let diagnostics = server.open(&uri, &text);
    insta::assert_json_snapshot!("lsp_diagnostics_flaky_ci", diagnostics);
    assert_eq!(server.shut_down(), Some(0));
}

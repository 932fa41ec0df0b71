//! `star-check lsp`: a language server over stdio, for coaching while a candidate types. A thin
//! layer over the check command: each buffer goes through the same `check_text` and the same
//! `report::AnswerReport` as a file on the command line, under the profile (config and compiled
//! rules) the check command would use for it, built once and rebuilt only when the config changes.
//!
//! - [`transport`]: framing, and answering frames that are not JSON-RPC;
//! - [`positions`]: byte offsets to UTF-8 or UTF-16 positions and back (the only place that knows);
//! - [`profiles`]: finding and caching the config and rules for a document's folder;
//! - [`checked`]: one analysis of a buffer;
//! - [`diagnostics`], [`hover`], [`actions`]: the report as LSP results.
//!
//! One thread reads stdin; everything else happens on the main thread, which also writes. Changes
//! are debounced: a buffer is checked [`DEBOUNCE`] after its last change, or at once when a request
//! about it arrives first, so an answer is never given from a stale report.

pub mod actions;
pub mod checked;
pub mod diagnostics;
pub mod hover;
pub mod positions;
pub mod profiles;
pub mod transport;

use crate::cli::ExitStatus;
use checked::Checked;
use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, CodeLensOptions, CodeLensParams,
    Diagnostic, DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, InlayHintParams, MarkupContent, MarkupKind,
    MessageType, NumberOrString, OneOf, Position, PublishDiagnosticsParams, Range, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use positions::{Encoding, Positions};
use profiles::Profiles;
use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};
use transport::Incoming;

/// How long after the last change a buffer is checked: long enough that a burst of keystrokes is
/// checked once, short enough to feel live.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// JSON-RPC and LSP error codes the server answers with.
const METHOD_NOT_FOUND: i32 = -32601;
const INVALID_PARAMS: i32 = -32602;
const SERVER_NOT_INITIALIZED: i32 = -32002;

/// Serves the protocol on stdin and `out` (stdout) until the client says `exit`, logging to `err`.
pub fn run(out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitStatus> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("star-check-lsp-reader".into())
        .spawn(move || read_frames(io::stdin().lock(), &sender))?;
    Server::new(out, err).serve(&receiver)
}

/// What the reader thread passes on.
enum Event {
    Frame(Incoming),
    /// The input ended (`None`) or its framing broke (why).
    Closed(Option<String>),
}

/// Reads frames until the input ends or the client says `exit`. The thread holds no state: when
/// the server returns, `main` exits and takes it down, even if it is blocked reading.
fn read_frames(mut input: impl BufRead, sender: &Sender<Event>) {
    loop {
        let event = match transport::read(&mut input) {
            Ok(Some(frame)) => {
                let exit = matches!(&frame, Incoming::Message(Message::Notification(n)) if n.method == "exit");
                if sender.send(Event::Frame(frame)).is_err() || exit {
                    return;
                }
                continue;
            }
            Ok(None) => Event::Closed(None),
            Err(error) => Event::Closed(Some(error.to_string())),
        };
        let _ = sender.send(event);
        return;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for `initialize`.
    Starting,
    Running,
    /// `shutdown` was answered; only `exit` is expected.
    ShutDown,
}

/// An open buffer and its latest analysis (`None` while a change waits for its debounce).
struct OpenDocument {
    text: String,
    version: i32,
    /// The file it is, for finding its config; `None` for an unsaved buffer.
    path: Option<PathBuf>,
    checked: Option<Checked>,
}

struct Server<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    phase: Phase,
    encoding: Encoding,
    watch_files: bool,
    documents: HashMap<Uri, OpenDocument>,
    /// Buffers changed since their last check, with when to check them.
    due: HashMap<Uri, Instant>,
    profiles: Profiles,
    next_request: i32,
}

impl<'a> Server<'a> {
    fn new(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Server<'a> {
        Server {
            out,
            err,
            phase: Phase::Starting,
            encoding: Encoding::Utf16,
            watch_files: false,
            documents: HashMap::new(),
            due: HashMap::new(),
            profiles: Profiles::default(),
            next_request: 0,
        }
    }

    fn serve(mut self, events: &Receiver<Event>) -> io::Result<ExitStatus> {
        loop {
            let event = match self.due.values().min() {
                Some(deadline) => match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                    Ok(event) => Some(event),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => Some(Event::Closed(None)),
                },
                None => Some(events.recv().unwrap_or(Event::Closed(None))),
            };
            match event {
                None => {}
                Some(Event::Frame(frame)) => {
                    if let Some(status) = self.handle(frame)? {
                        return Ok(status);
                    }
                }
                Some(Event::Closed(why)) => {
                    let why = why.unwrap_or_else(|| "the client closed the connection".into());
                    if self.phase == Phase::ShutDown {
                        return Ok(ExitStatus::Success);
                    }
                    self.log(format_args!("{why} without `shutdown` and `exit`"))?;
                    return Ok(ExitStatus::Error);
                }
            }
            self.check_due()?;
        }
    }

    fn log(&mut self, message: impl std::fmt::Display) -> io::Result<()> {
        crate::cli::print_error(self.err, format_args!("lsp: {message}"))
    }

    fn send(&mut self, message: impl serde::Serialize) -> io::Result<()> {
        transport::write(self.out, &message)
    }

    fn notify<N: lsp_types::notification::Notification>(&mut self, params: N::Params) -> io::Result<()> {
        self.send(Message::Notification(Notification::new(N::METHOD.into(), params)))
    }

    fn reply_error(&mut self, id: RequestId, code: i32, message: String) -> io::Result<()> {
        self.send(Message::Response(Response::new_err(id, code, message)))
    }

    /// Handles one frame; `Some` when the client said `exit`, with the status to exit with.
    fn handle(&mut self, frame: Incoming) -> io::Result<Option<ExitStatus>> {
        let message = match frame {
            Incoming::Message(message) => message,
            Incoming::Malformed { id, code, message } => {
                self.log(format_args!("answered a malformed message: {message}"))?;
                self.send(transport::error_response(id, code, &message))?;
                return Ok(None);
            }
        };
        match message {
            Message::Request(request) => self.request(request)?,
            Message::Notification(notification) if notification.method == "exit" => {
                // The protocol's exit codes: 0 after `shutdown`, 1 without it.
                return Ok(Some(match self.phase {
                    Phase::ShutDown => ExitStatus::Success,
                    _ => ExitStatus::Failure,
                }));
            }
            Message::Notification(notification) => {
                if self.phase == Phase::Running {
                    self.notification(notification)?;
                }
            }
            // Only the answer to registering the file watcher comes back, and nothing depends on it.
            Message::Response(_) => {}
        }
        Ok(None)
    }

    fn request(&mut self, request: Request) -> io::Result<()> {
        use lsp_types::request::{
            CodeActionRequest, CodeLensRequest, HoverRequest, Initialize, InlayHintRequest, Shutdown,
        };
        let Request { id, method, params } = request;
        match (self.phase, method.as_str()) {
            (Phase::Starting, Initialize::METHOD) => match serde_json::from_value::<InitializeParams>(params) {
                Ok(params) => {
                    let result = self.initialize(&params);
                    self.phase = Phase::Running;
                    self.send(Message::Response(Response::new_ok(id, result)))
                }
                Err(error) => self.reply_error(id, INVALID_PARAMS, format!("bad initialize params: {error}")),
            },
            (Phase::Starting, _) => self.reply_error(id, SERVER_NOT_INITIALIZED, "initialize first".into()),
            (Phase::ShutDown, _) => self.reply_error(
                id,
                lsp_server::ErrorCode::InvalidRequest as i32,
                "the server is shut down".into(),
            ),
            (Phase::Running, Initialize::METHOD) => self.reply_error(
                id,
                lsp_server::ErrorCode::InvalidRequest as i32,
                "already initialized".into(),
            ),
            (Phase::Running, Shutdown::METHOD) => {
                self.phase = Phase::ShutDown;
                self.send(Message::Response(Response::new_ok(id, ())))
            }
            (Phase::Running, HoverRequest::METHOD) => self.answer(id, params, |server, p: HoverParams| {
                let at = &p.text_document_position_params;
                server.hover(&at.text_document.uri, at.position)
            }),
            (Phase::Running, CodeActionRequest::METHOD) => self.answer(id, params, |server, p: CodeActionParams| {
                server.code_actions(&p.text_document.uri, p.range)
            }),
            (Phase::Running, InlayHintRequest::METHOD) => self.answer(id, params, |server, p: InlayHintParams| {
                let encoding = server.encoding;
                server
                    .checked(&p.text_document.uri)
                    .map(|checked| diagnostics::inlay_hints(checked, encoding, p.range))
            }),
            (Phase::Running, CodeLensRequest::METHOD) => self.answer(id, params, |server, p: CodeLensParams| {
                let encoding = server.encoding;
                server
                    .checked(&p.text_document.uri)
                    .map(|checked| diagnostics::code_lenses(checked, encoding))
            }),
            (Phase::Running, _) => self.reply_error(id, METHOD_NOT_FOUND, format!("unknown request `{method}`")),
        }
    }

    /// Parses a request's params, runs `handler` and sends its result (`null` for `None`).
    fn answer<P: serde::de::DeserializeOwned, R: serde::Serialize>(
        &mut self,
        id: RequestId,
        params: serde_json::Value,
        handler: impl FnOnce(&mut Self, P) -> Option<R>,
    ) -> io::Result<()> {
        match serde_json::from_value::<P>(params) {
            Ok(params) => {
                let result = handler(self, params);
                self.send(Message::Response(Response::new_ok(id, result)))
            }
            Err(error) => self.reply_error(id, INVALID_PARAMS, format!("bad params: {error}")),
        }
    }

    fn initialize(&mut self, params: &InitializeParams) -> InitializeResult {
        let capabilities = &params.capabilities;
        self.encoding = Encoding::negotiate(
            capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        self.watch_files = capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(self.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..CodeActionOptions::default()
                })),
                code_lens_provider: Some(CodeLensOptions { resolve_provider: None }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "star-check".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        }
    }

    fn notification(&mut self, notification: Notification) -> io::Result<()> {
        use lsp_types::notification::{
            DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
            DidSaveTextDocument, Initialized,
        };
        let Notification { method, params } = notification;
        match method.as_str() {
            Initialized::METHOD => self.register_watcher(),
            DidOpenTextDocument::METHOD => {
                let Some(p) = self.params::<DidOpenTextDocumentParams>(params)? else {
                    return Ok(());
                };
                let document = p.text_document;
                let path = file_path(&document.uri);
                self.documents.insert(
                    document.uri.clone(),
                    OpenDocument {
                        text: document.text,
                        version: document.version,
                        path,
                        checked: None,
                    },
                );
                self.check_now(&document.uri)
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = self.params::<DidChangeTextDocumentParams>(params)? else {
                    return Ok(());
                };
                let encoding = self.encoding;
                let Some(document) = self.documents.get_mut(&p.text_document.uri) else {
                    return self.log(format_args!(
                        "a change to {} which is not open",
                        p.text_document.uri.as_str()
                    ));
                };
                for change in p.content_changes {
                    match change.range {
                        // Clients may send ranges even for full sync; apply them as the protocol says.
                        Some(range) => {
                            let lines = crate::document::LineIndex::new(&document.text);
                            let positions = Positions::new(&document.text, &lines, encoding);
                            let span = positions.offset(range.start)..positions.offset(range.end);
                            let span = span.start..span.end.max(span.start);
                            document.text.replace_range(span, &change.text);
                        }
                        None => document.text = change.text,
                    }
                }
                document.version = p.text_document.version;
                document.checked = None;
                self.due.insert(p.text_document.uri, Instant::now() + DEBOUNCE);
                Ok(())
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = self.params::<DidSaveTextDocumentParams>(params)? else {
                    return Ok(());
                };
                if self.documents.contains_key(&p.text_document.uri) {
                    self.check_now(&p.text_document.uri)?;
                }
                Ok(())
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = self.params::<DidCloseTextDocumentParams>(params)? else {
                    return Ok(());
                };
                self.documents.remove(&p.text_document.uri);
                self.due.remove(&p.text_document.uri);
                self.publish(p.text_document.uri, Vec::new(), None)
            }
            DidChangeWatchedFiles::METHOD => {
                // A config or rule file changed: rebuild what it may affect, and recheck every buffer.
                self.profiles.clear();
                let open: Vec<Uri> = self.documents.keys().cloned().collect();
                for uri in open {
                    self.check_now(&uri)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A notification's params, or `None` (logged) when they do not parse: notifications get no reply.
    fn params<P: serde::de::DeserializeOwned>(&mut self, params: serde_json::Value) -> io::Result<Option<P>> {
        match serde_json::from_value(params) {
            Ok(params) => Ok(Some(params)),
            Err(error) => {
                self.log(format_args!("ignored a notification with bad params: {error}"))?;
                Ok(None)
            }
        }
    }

    /// Asks the client to tell us when a `.toml` file changes (configs and rule files), when it can.
    fn register_watcher(&mut self) -> io::Result<()> {
        if !self.watch_files {
            return Ok(());
        }
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".into()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "star-check-toml-watcher".into(),
                method: lsp_types::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("star-check-{}", self.next_request));
        self.send(Message::Request(Request::new(
            id,
            lsp_types::request::RegisterCapability::METHOD.into(),
            params,
        )))
    }

    /// Checks every buffer whose debounce has run out.
    fn check_due(&mut self) -> io::Result<()> {
        let now = Instant::now();
        let ready: Vec<Uri> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.check_now(&uri)?;
        }
        Ok(())
    }

    /// Checks a buffer now and publishes its diagnostics.
    fn check_now(&mut self, uri: &Uri) -> io::Result<()> {
        self.due.remove(uri);
        let Some(document) = self.documents.get(uri) else {
            return Ok(());
        };
        let folder = match document.path.as_deref().and_then(Path::parent) {
            Some(folder) => folder.to_path_buf(),
            None => std::env::current_dir().unwrap_or_default(),
        };
        let lookup = self.profiles.for_folder(&folder);
        let version = Some(document.version);
        let profile = match lookup.built {
            Ok(profile) => profile,
            Err(errors) => {
                let config = lookup
                    .config
                    .as_deref()
                    .map_or("the rules".into(), |c| c.display().to_string());
                if lookup.fresh {
                    let message = format!("star-check: not checking answers under {config}: {}", errors.join("; "));
                    self.notify::<lsp_types::notification::ShowMessage>(ShowMessageParams {
                        typ: MessageType::ERROR,
                        message,
                    })?;
                }
                let diagnostic = Diagnostic {
                    range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String(crate::report::short::FILE_ERROR_ID.into())),
                    source: Some(diagnostics::SOURCE.into()),
                    message: format!("not checked: {config} has errors: {}", errors.join("; ")),
                    ..Diagnostic::default()
                };
                if let Some(document) = self.documents.get_mut(uri) {
                    document.checked = None;
                }
                return self.publish(uri.clone(), vec![diagnostic], version);
            }
        };
        let checked = Checked::new(&document.text, document.path.as_deref(), profile);
        let diagnostics = diagnostics::diagnostics(&checked, self.encoding);
        if let Some(document) = self.documents.get_mut(uri) {
            document.checked = Some(checked);
        }
        self.publish(uri.clone(), diagnostics, version)
    }

    fn publish(&mut self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> io::Result<()> {
        self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        })
    }

    /// The current analysis of a buffer, checking it first if a change is waiting.
    fn checked(&mut self, uri: &Uri) -> Option<&Checked> {
        let stale = self.documents.get(uri).is_some_and(|d| d.checked.is_none());
        if stale && let Err(error) = self.check_now(uri) {
            let _ = self.log(format_args!("cannot write to the client: {error}"));
        }
        self.documents.get(uri)?.checked.as_ref()
    }

    fn hover(&mut self, uri: &Uri, position: Position) -> Option<Hover> {
        let encoding = self.encoding;
        let checked = self.checked(uri)?;
        let positions = Positions::new(&checked.text, &checked.lines, encoding);
        let text = hover::hover(checked, positions.offset(position))?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        })
    }

    fn code_actions(&mut self, uri: &Uri, range: Range) -> Option<Vec<lsp_types::CodeActionOrCommand>> {
        let encoding = self.encoding;
        let checked = self.checked(uri)?;
        let positions = Positions::new(&checked.text, &checked.lines, encoding);
        let wanted = positions.offset(range.start)..positions.offset(range.end);
        Some(actions::code_actions(checked, encoding, uri, wanted))
    }
}

/// The path of a `file:` URI, percent-decoded; `None` for other schemes (an unsaved buffer).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file://host/path` names a path on another host; only the local form is a path here.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn file_uris_become_paths_with_escapes_decoded() {
        let uri = Uri::from_str("file:///home/me/answers/caf%C3%A9%20story.md").unwrap();
        assert_eq!(file_path(&uri), Some(PathBuf::from("/home/me/answers/café story.md")));
        assert_eq!(file_path(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
    }
}

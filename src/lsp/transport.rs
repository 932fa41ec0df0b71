//! JSON-RPC over a byte stream with `Content-Length` framing, as LSP clients speak it on stdio.
//!
//! lsp-server's own stdio transport stops reading at the first message that is not valid JSON, which
//! ends the session; the protocol asks for an error response instead. So the framing is read here,
//! and a body that does not parse becomes [`Incoming::Malformed`], answered by the server, while the
//! stream stays in step because the frame's length was known.

use lsp_server::Message;
use std::io::{self, BufRead, Read, Write};

/// JSON-RPC's error codes for a body that is not JSON, and for JSON that is not a message.
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;

/// Bodies larger than this are skipped and answered with an error, rather than held in memory: no
/// answer a person writes comes near it.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// One frame read from the client.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame whose body is not a JSON-RPC message: to be answered with `code`, with the request's
    /// `id` when one could be read (else `null`).
    Malformed {
        id: serde_json::Value,
        code: i32,
        message: String,
    },
}

/// Reads the next frame. `Ok(None)` at the end of the stream; `Err` when the framing itself is
/// broken (no `Content-Length`), after which nothing more can be read in step.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length = None;
    let mut line = String::new();
    let mut any_header = false;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return if any_header {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the stream ended inside a header",
                ))
            } else {
                Ok(None)
            };
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if any_header {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        any_header = true;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse::<usize>().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("bad Content-Length `{}`", value.trim()),
                )
            })?);
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message without Content-Length",
        ));
    };
    if length > MAX_BODY_BYTES {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Incoming::Malformed {
            id: serde_json::Value::Null,
            code: INVALID_REQUEST,
            message: format!("message of {length} bytes is over the {MAX_BODY_BYTES}-byte limit"),
        }));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse(&body)))
}

/// A frame's body as a message, or why it is not one.
fn parse(body: &[u8]) -> Incoming {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return Incoming::Malformed {
                id: serde_json::Value::Null,
                code: PARSE_ERROR,
                message: format!("not JSON: {error}"),
            };
        }
    };
    let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
    // Messages are told apart by their fields, and a response's are all optional: a request whose
    // `method` is not a string would otherwise pass for a response.
    let has_method = value.get("method").is_some();
    match serde_json::from_value::<Message>(value) {
        Ok(Message::Response(_)) if has_method => Incoming::Malformed {
            id,
            code: INVALID_REQUEST,
            message: "a request's `method` must be a string".into(),
        },
        Ok(message) => Incoming::Message(message),
        Err(error) => Incoming::Malformed {
            id,
            code: INVALID_REQUEST,
            message: format!("not a JSON-RPC request, response or notification: {error}"),
        },
    }
}

/// Writes one message with its header and flushes, so the client sees it at once.
pub fn write(out: &mut dyn Write, message: &impl serde::Serialize) -> io::Result<()> {
    let mut body = serde_json::to_value(message).map_err(io::Error::from)?;
    if let Some(object) = body.as_object_mut() {
        object.insert("jsonrpc".into(), "2.0".into());
    }
    let body = serde_json::to_string(&body).map_err(io::Error::from)?;
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// The error response to a malformed frame: built by hand, since its `id` may be `null`, which
/// lsp-server's `RequestId` cannot hold.
pub fn error_response(id: serde_json::Value, code: i32, message: &str) -> serde_json::Value {
    serde_json::json!({ "id": id, "error": { "code": code, "message": message } })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn frames_are_read_in_turn_and_a_bad_body_does_not_lose_step() {
        let stream = frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#)
            + &frame("{not json")
            + &frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#)
            + &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut input = io::Cursor::new(stream.into_bytes());
        assert!(
            matches!(read(&mut input).unwrap(), Some(Incoming::Message(Message::Request(r))) if r.method == "shutdown")
        );
        assert!(matches!(
            read(&mut input).unwrap(),
            Some(Incoming::Malformed {
                code: PARSE_ERROR,
                id: serde_json::Value::Null,
                ..
            })
        ));
        match read(&mut input).unwrap() {
            Some(Incoming::Malformed { code, id, .. }) => {
                assert_eq!(code, INVALID_REQUEST);
                assert_eq!(id, serde_json::json!(7));
            }
            other => panic!("expected an invalid request, got {other:?}"),
        }
        assert!(
            matches!(read(&mut input).unwrap(), Some(Incoming::Message(Message::Notification(n))) if n.method == "exit")
        );
        assert!(read(&mut input).unwrap().is_none());
    }

    #[test]
    fn a_frame_without_length_is_a_broken_stream() {
        let mut input = io::Cursor::new(b"Content-Type: x\r\n\r\n{}".to_vec());
        assert_eq!(read(&mut input).unwrap_err().kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn written_messages_carry_their_length_and_version() {
        let mut out = Vec::new();
        write(&mut out, &serde_json::json!({"id": 1, "result": null})).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(body).unwrap(),
            serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": null})
        );
    }
}

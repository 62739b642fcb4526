//! Live reload: every open tab keeps an event stream open; after a rebuild the server sends
//! `reload`, and while the content has errors it sends `errors` with the diagnostics, which
//! the tab shows in an overlay.

use std::io::Write;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Request, Response};

use super::state::Served;
use crate::diagnostics::Diagnostic;

/// The script added to every served page.
pub const LIVE_PATH: &str = "/__metodika/live.js";
/// The event stream the script listens to.
pub const EVENTS_PATH: &str = "/__metodika/events";
pub const LIVE_SCRIPT: &str = include_str!("live.js");

/// The open event streams.
#[derive(Default, Clone)]
pub struct Hub {
    clients: Arc<Mutex<Vec<Sender<String>>>>,
}

impl Hub {
    /// Sends an event to every open tab, forgetting tabs that went away.
    pub fn broadcast(&self, event: &str, data: &str) {
        let message = sse(event, data);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(message.clone()).is_ok());
    }

    /// Serves one event stream until the tab closes (run on its own thread). The stream is
    /// taken over from tiny_http, whose chunked encoder would hold small events back.
    pub fn stream(&self, request: Request, served: &Arc<RwLock<Served>>) {
        let (tx, rx) = channel();
        let first = {
            let state = served.read().unwrap_or_else(|e| e.into_inner());
            if state.errors.is_empty() {
                sse("hello", &state.version.to_string())
            } else {
                sse("errors", &errors_json(&state.errors))
            }
        };
        let _ = tx.send(first);
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        let response = Response::empty(200)
            .with_header(
                Header::from_bytes(
                    &b"Content-Type"[..],
                    &b"text/event-stream; charset=utf-8"[..],
                )
                .expect("valid"),
            )
            .with_header(
                Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]).expect("valid"),
            );
        let mut stream = request.upgrade("metodika-events", response);
        loop {
            let message = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(message) => message,
                // A comment line: keeps proxies from closing the stream, and notices closed tabs.
                Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if stream
                .write_all(message.as_bytes())
                .and_then(|_| stream.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

fn sse(event: &str, data: &str) -> String {
    let mut out = format!("event: {event}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The diagnostics as the overlay shows them.
pub fn errors_json(errors: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = errors
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": d.file.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
                "snippet": d.snippet,
                "text": d.render_text(),
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

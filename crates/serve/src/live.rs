//! Live reload: every open tab keeps an event stream open; after a rebuild the server sends
//! `reload`, and while the content has errors it sends `errors` with the diagnostics, which
//! the tab shows in an overlay.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use super::state::Served;
use metodika_core::diagnostics::Diagnostic;

/// The script added to every served page.
pub(crate) const LIVE_PATH: &str = "/__metodika/live.js";
/// The event stream the script listens to.
pub(crate) const EVENTS_PATH: &str = "/__metodika/events";
pub(crate) const LIVE_SCRIPT: &str = include_str!("live.js");

/// The open event streams.
#[derive(Default, Clone)]
pub(crate) struct Hub {
    clients: Arc<Mutex<Vec<Sender<String>>>>,
}

impl Hub {
    /// Sends an event to every open tab, forgetting tabs that went away.
    pub(crate) fn broadcast(&self, event: &str, data: &str) {
        let message = sse(event, data);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(message.clone()).is_ok());
    }

    /// Accepts event-stream connections on their own listener, one thread each. They stay
    /// open as long as a tab does, so they are kept away from tiny_http's worker pool, where
    /// long-lived connections can hold back ordinary page requests.
    pub fn listen(
        &self,
        listener: TcpListener,
        served: Arc<RwLock<Served>>,
        allowed_origins: Vec<String>,
    ) {
        let hub = self.clone();
        let allowed_origins = Arc::new(allowed_origins);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let hub = hub.clone();
                let served = Arc::clone(&served);
                let origins = Arc::clone(&allowed_origins);
                std::thread::spawn(move || hub.stream(stream, &served, &origins));
            }
        });
    }

    /// Serves one event stream until the tab closes.
    fn stream(&self, mut stream: TcpStream, served: &RwLock<Served>, allowed_origins: &[String]) {
        let Some(head) = read_head(&mut stream) else {
            return;
        };
        let mut lines = head.lines();
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let (method, target) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        if method != "GET" || target.split('?').next() != Some(EVENTS_PATH) {
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
        let origin = lines.find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("origin")
                .then(|| value.trim().to_string())
        });
        // Only the served pages may read the diagnostics; clients without an Origin (not a
        // web page) may too.
        let cors = match &origin {
            None => String::new(),
            Some(o)
                if allowed_origins.iter().any(|a| {
                    a == o || a.strip_prefix('*').is_some_and(|port| o.ends_with(port))
                }) =>
            {
                format!("Access-Control-Allow-Origin: {o}\r\nVary: Origin\r\n")
            }
            Some(_) => {
                let _ = stream.write_all(
                    b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                return;
            }
        };
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
        let header = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n{cors}\r\n"
        );
        if stream.write_all(header.as_bytes()).is_err() {
            return;
        }
        loop {
            let message = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(message) => message,
                // A comment line: keeps the stream alive and notices closed tabs.
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

/// Reads a request head (up to the blank line), at most 16 KB, waiting at most 5 s.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 || head.len() > 16 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    stream.set_read_timeout(None).ok()?;
    String::from_utf8(head).ok()
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
pub(crate) fn errors_json(errors: &[Diagnostic]) -> String {
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

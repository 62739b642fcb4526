#!/usr/bin/env python3
"""Benchmark: time from saving one page to the reloaded page, with `metodika serve`.

    python3 benches/serve.py [PAGES ...]        (default: 1000 10000)

For each corpus size it generates the Latvian corpus with ../shared/bench/gen_corpus.py
(--flavor neutral), starts `metodika serve` (release build) on a free port, listens to the
live-reload event stream as a browser tab does, and repeats: change one page's text, wait
for the `reload` event, fetch the page again and check the change is there. It also renames
one page's title (which changes its folder's navigation). Prints the median and worst
save-to-reloaded-page time, and how many pages each rebuild rendered.
"""
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
WORK = os.environ.get("BENCH_DIR", "/tmp/metodika-bench")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    # A chunked body carries its chunk sizes between the chunks: take them out, or a word
    # split by a chunk boundary is not found.
    if b"transfer-encoding: chunked" in head.lower():
        decoded, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            decoded, rest = decoded + rest[:size], rest[size + 2:]
        body = decoded
    return (head + b"\r\n\r\n" + body).decode("utf-8", "replace")


class Events:
    def __init__(self, port):
        # The page port redirects to the event stream's own port.
        head = get(port, "/__metodika/events")
        location = next(l for l in head.split("\r\n") if l.lower().startswith("location:"))
        events_port = int(location.rsplit(":", 1)[1].split("/", 1)[0])
        self.sock = socket.create_connection(("127.0.0.1", events_port), timeout=30)
        self.sock.sendall(b"GET /__metodika/events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.buf = b""

    def wait_for(self, name):
        event, data = None, []
        while True:
            while b"\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise RuntimeError("event stream closed")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            line = line.decode().rstrip("\r")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and event:
                if event == name:
                    return "\n".join(data)
                if event == "errors":
                    raise RuntimeError("build errors: " + "\n".join(data)[:500])
                event, data = None, []


def pages_of(corpus):
    out = []
    for d, _, files in os.walk(os.path.join(corpus, "content")):
        out += [os.path.join(d, f) for f in files if f.endswith(".md") and f != "_index.md"]
    return sorted(out)


def measure(binary, pages):
    corpus = os.path.join(WORK, f"serve-{pages}")
    subprocess.run([sys.executable, GEN, "--pages", str(pages), "--flavor", "neutral", "--out", corpus],
                   check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "--root", corpus, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(server.stderr.read())
                time.sleep(0.02)
        first_build = time.perf_counter() - started
        events = Events(port)
        events.wait_for("hello")
        files = pages_of(corpus)
        times, rendered = [], []
        for i in range(12):
            path = files[(i * 7919) % len(files)]
            url = "/" + os.path.relpath(path, os.path.join(corpus, "content"))[:-3] + ".html"
            marker = f"Mērījuma teikums numur {i}."
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            t0 = time.perf_counter()
            info = json.loads(events.wait_for("reload"))
            html = get(port, url)
            elapsed = time.perf_counter() - t0
            if marker not in html:
                raise RuntimeError(f"{url}: change not served")
            times.append(elapsed * 1000)
            rendered.append(info["rendered"])
            time.sleep(0.1)
        # A title change: the page's whole folder shows it in the navigation.
        path = files[len(files) // 2]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("title: \"", "title: \"Pārdēvēts: ", 1))
        t0 = time.perf_counter()
        info = json.loads(events.wait_for("reload"))
        title_ms = (time.perf_counter() - t0) * 1000
        print(f"{pages} pages: first build and start {first_build:.2f} s; "
              f"text edit -> reloaded page: median {statistics.median(times):.0f} ms, "
              f"worst {max(times):.0f} ms, pages rendered per edit {min(rendered)}-{max(rendered)}; "
              f"title edit: {info['rendered']} pages rendered, {title_ms:.0f} ms")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(corpus, ignore_errors=True)


def main():
    if not os.path.isfile(GEN):
        sys.exit(f"benches/serve.py: {GEN} is missing; this benchmark needs the shared corpus generator "
                 "beside the project.")
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "metodika")
    os.makedirs(WORK, exist_ok=True)
    for n in sizes:
        measure(binary, n)


if __name__ == "__main__":
    main()

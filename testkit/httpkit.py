"""A real HTTP server on 127.0.0.1 for `models get` tests: Range requests, broken and stalled transfers, proxy mode.

``http.server``'s own handler ignores ``Range``, so this one implements the part of RFC 9110 the
client uses (``bytes=N-`` -> 206 with ``Content-Range``). Faults are set per path:

* ``break_after[path] = N``: the next response for ``path`` announces the full length, sends N
  bytes and closes the connection (a dead connection half way);
* ``stall_after[path] = N``: sends N bytes, then waits until ``release`` is set (the test kills the
  client meanwhile);
* requests whose target is an absolute URL (``GET http://host/path``) are served by path too, as a
  forward proxy would, and recorded with ``proxied=True``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Seen:
    method: str
    path: str
    range: str | None
    proxied: bool


@dataclass
class FileServer:
    files: dict[str, bytes] = field(default_factory=dict)
    break_after: dict[str, int] = field(default_factory=dict)
    stall_after: dict[str, int] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    httpd: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> "FileServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def _target(self) -> tuple[str, bool]:
                if self.path.startswith(("http://", "https://")):
                    return urlsplit(self.path).path, True
                return urlsplit(self.path).path, False

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_GET(self) -> None:
                self._serve(head=False)

            def _serve(self, head: bool) -> None:
                path, proxied = self._target()
                rng = self.headers.get("Range")
                server.seen.append(Seen(self.command, path, rng, proxied))
                data = server.files.get(path)
                if data is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                start = 0
                if rng and rng.startswith("bytes=") and rng.endswith("-"):
                    start = int(rng[6:-1])
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                if head:
                    return
                body = data[start:]
                if not head and path in server.break_after:
                    cut = server.break_after.pop(path)
                    self.wfile.write(body[:cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if path in server.stall_after:
                    cut = server.stall_after.pop(path)
                    self.wfile.write(body[:cut])
                    self.wfile.flush()
                    server.release.wait(60)
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    def gets(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path and s.method == "GET"]

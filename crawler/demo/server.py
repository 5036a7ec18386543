"""Serve the demo blog on 127.0.0.1 with a real HTTP server (threads, keep-alive, gzip like a CDN)."""

from __future__ import annotations

import errno
import gzip
import hashlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from .site import DemoSite

# A route answers (status, headers, body) for a request handler; tests add their own.
Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]


@dataclass(frozen=True)
class LoggedRequest:
    at: float
    path: str
    user_agent: str


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0, routes: dict[str, Route] | None = None, *, with_blog: bool = True,
                 host: str = "127.0.0.1") -> None:
        super().__init__((host, port), _Handler)  # any 127.x.y.z is this machine: a host of its own to a crawler
        self.base_url = f"http://{host}:{self.server_address[1]}/"
        self.site = DemoSite(self.base_url)
        self.routes = dict(routes or {})
        self.with_blog = with_blog
        self.requests: list[LoggedRequest] = []
        self._thread: threading.Thread | None = None

    def start(self) -> "DemoServer":
        self._thread = threading.Thread(target=self.serve_forever, name="demo-blog", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class PortUnavailable(Exception):
    """The demo blog cannot listen on the port asked for."""


def start_demo_blog(port: int = 0) -> DemoServer:
    """The demo blog serving on 127.0.0.1:``port`` (0: any free port); ``PortUnavailable`` says why not."""
    try:
        return DemoServer(port).start()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortUnavailable(f"port {port} on 127.0.0.1 is in use; choose another with --port") from None
        raise PortUnavailable(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another with --port") \
            from None


class _Handler(BaseHTTPRequestHandler):
    server: DemoServer
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle's algorithm on, the body would wait for the client's
    # delayed ACK of the headers (tens of ms a response on a kept-alive connection)
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.server.requests.append(LoggedRequest(time.monotonic(), self.path, self.headers.get("User-Agent", "")))
        route = self.server.routes.get(self.path.split("?")[0]) or self.server.routes.get("*")  # "*": any other path
        if route is not None:
            status, headers, body = route(self)
        elif not self.server.with_blog:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        else:
            status, content_type, body = self.server.site.respond(self.path)
            headers = {"Content-Type": content_type}
            if status == 200:  # validators, as a web server or CDN sends them: a re-crawl asks with them
                headers["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == headers["ETag"]:
                    status, body = 304, b""
            if "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 512:
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
                headers["Vary"] = "Accept-Encoding"
        if body is None:  # the route wrote the response itself
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:  # a 304 has no body, and says nothing of its length
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet: the crawl prints its own progress
        pass

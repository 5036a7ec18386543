"""A fault-injecting blog on 127.0.0.1: every way a server, a network or a sitemap can go wrong, each at
its own path, bounded in time and size so a crawl of it must end. Used by tests/test_faults.py."""

from __future__ import annotations

import email.utils
import gzip
import os
import socket
import struct
import time

from crawler.demo.server import DemoServer

HTML = {"Content-Type": "text/html; charset=utf-8"}


def post(title: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><title>{title}</title><meta property="og:type" content="article"></head>'
            f'<body><article><h1>{title}</h1><p>{title}: a post about the therapeutic relationship, long enough '
            f'to be read as the body of a post and nothing else.</p></article></body></html>').encode()


def _reset(handler, head: bytes) -> None:
    """Send ``head`` and reset the connection (RST, not a clean close)."""
    handler.wfile.write(head)
    handler.wfile.flush()
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def _raw(handler, head: bytes, body: bytes = b"", *, pause: float = 0.0) -> None:
    handler.wfile.write(head)
    handler.wfile.flush()
    if pause:
        time.sleep(pause)
    handler.wfile.write(body)
    handler.wfile.flush()
    handler.close_connection = True


def _counting(first: list[tuple], then: tuple):
    """A route answering ``first`` in turn, then ``then`` for ever after."""
    answers = list(first)
    return lambda handler: answers.pop(0) if answers else then


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _drip(handler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 400\r\n\r\n")
    for _ in range(40):  # one byte a quarter second: 10 s, far past the test's DOWNLOAD_TIMEOUT
        handler.wfile.write(b"<")
        handler.wfile.flush()
        time.sleep(0.25)
    handler.close_connection = True


def _endless(handler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"<p>" + b"more " * 2000 + b"</p>"
    try:
        for _ in range(2000):  # 20 MB at most: the crawl must cut it off at DOWNLOAD_MAXSIZE long before
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass
    handler.close_connection = True


def routes(elsewhere: str) -> tuple[dict, dict[str, str]]:
    """The fault site's routes, and for each linked fault what the crawl must say (a word of its line)."""
    retry_date = lambda: email.utils.formatdate(time.time() + 1, usegmt=True)  # noqa: E731
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))  # 64 MiB of zeros in about 64 KB
    faults = {
        "/e500/": (lambda h: (500, HTML, b"error"), "HTTP 500"),
        "/e503-then-ok/": (_counting([(503, HTML, b"busy"), (503, HTML, b"busy")], (200, HTML, post("Patience"))), None),
        "/e429-seconds/": (_counting([(429, {**HTML, "Retry-After": "1"}, b"slow down")], (200, HTML, post("Pacing"))),
                           None),
        "/e429-date/": (lambda h: _date_429(h, retry_date), None),
        "/e404/": (lambda h: (404, HTML, b"gone"), "HTTP 404"),
        "/reset-in-headers/": (lambda h: _reset(h, b"HTTP/1.1 200 OK\r\nContent-Ty"), "error"),
        "/reset-in-body/": (lambda h: _reset(h, b"HTTP/1.1 200 OK\r\nContent-Length: 9000\r\n\r\n<html><body>"), "error"),
        "/never-answers/": (lambda h: time.sleep(6), "timed out"),
        "/drip/": (_drip, "timed out"),
        "/length-too-long/": (lambda h: _raw(h, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n"
                                             b"Connection: close\r\n\r\n", post("Short")), "error"),
        "/length-too-short/": (lambda h: _raw(h, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 60\r\n"
                                              b"Connection: close\r\n\r\n", post("Long")), None),
        "/chunked-cut/": (lambda h: _raw(h, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                                         b"Connection: close\r\n\r\n", b"40\r\n<html><body><p>a chunk"), "error"),
        "/gzip-corrupt/": (lambda h: (200, {**HTML, "Content-Encoding": "gzip"}, b"\x1f\x8b\x08\x00" + os.urandom(400)),
                           "error"),
        "/gzip-cut-short/": (lambda h: (200, {**HTML, "Content-Encoding": "gzip"}, _half(gzip.compress(post("Cut")))),
                             "cut short"),
        "/gzip-bomb/": (lambda h: (200, {**HTML, "Content-Encoding": "gzip"}, bomb), "DOWNLOAD_MAXSIZE"),
        "/endless/": (_endless, "DOWNLOAD_MAXSIZE"),
        "/redirect-chain/": (lambda h: (302, {"Location": "/rc/1"}, b""), "redirect"),
        "/redirect-loop/": (lambda h: (302, {"Location": "/loop/a"}, b""), "redirect"),
        "/to-other-port/": (lambda h: (302, {"Location": elsewhere}, b""), "leaves the crawl's hosts"),
        "/to-metadata/": (lambda h: (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
                          "leaves the crawl's hosts"),
        "/to-private/": (lambda h: (302, {"Location": "http://10.0.0.1/admin/"}, b""), "leaves the crawl's hosts"),
        "/to-ftp/": (lambda h: (302, {"Location": "ftp://127.0.0.1/file"}, b""), "leaves the crawl's hosts"),
        "/charset-lies/": (lambda h: (200, HTML, post("Café naïve – “quoted”").decode().encode("cp1252")), None),
        "/binary/": (lambda h: (200, HTML, os.urandom(5000)), "not an HTML page"),
        "/empty/": (lambda h: (200, HTML, b""), "not an HTML page"),
        "/huge-header/": (lambda h: (200, {**HTML, "X-Padding": "x" * 200_000}, post("Padded")), "connection error"),
    }
    table = {path: route for path, (route, _) in faults.items()}
    table.update({f"/rc/{n}": (lambda n: lambda h: (302, {"Location": f"/rc/{n + 1}"}, b""))(n) for n in range(1, 40)})
    table["/loop/a"] = lambda h: (302, {"Location": "/loop/b"}, b"")
    table["/loop/b"] = lambda h: (302, {"Location": "/loop/a"}, b"")
    table["/ok/"] = lambda h: (200, HTML, post("A post that is fine"))
    table["/robots.txt"] = lambda h: (500, HTML, b"robots broke")  # 5xx robots.txt: the site is not closed
    index = "".join(f"<sitemap><loc>http://HOST/sm/{n}.xml</loc></sitemap>" for n in range(10_000))
    table["/sitemap_index.xml"] = lambda h: (200, {"Content-Type": "application/xml"}, (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + index.replace("HOST", h.headers["Host"]) + "</sitemapindex>").encode())
    table["/wp-sitemap.xml"] = lambda h: (200, {"Content-Type": "application/x-gzip"}, gzip.compress(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
        f'http://{h.headers["Host"]}/from-gzipped-sitemap/</loc></url></urlset>'.encode()))
    table["/from-gzipped-sitemap/"] = lambda h: (200, HTML, post("Found in a gzipped sitemap"))
    table["/sitemap.xml"] = lambda h: (200, {"Content-Type": "application/xml"}, b"<urlset><url><loc>broken")
    links = "".join(f'<a href="{path}">{path}</a> ' for path in (*faults, "/ok/"))
    table["/"] = lambda h: (200, HTML, f"<html><body>{links}</body></html>".encode())
    return table, {path: word for path, (_, word) in faults.items()}


def _date_429(handler, retry_date):
    """429 with Retry-After as an HTTP date the first time, then the post."""
    seen = handler.server.__dict__.setdefault("_seen_429_date", [])
    seen.append(time.monotonic())
    if len(seen) == 1:
        return 429, {**HTML, "Retry-After": retry_date()}, b"slow down"
    return 200, HTML, post("Dated pacing")


def start() -> tuple[DemoServer, DemoServer]:
    """The fault site and a second server it redirects to (which must never be asked for anything)."""
    elsewhere = DemoServer(routes={"*": lambda h: (200, HTML, post("Elsewhere"))}, with_blog=False)
    elsewhere.handle_error = lambda request, address: None
    elsewhere.start()
    table, _ = routes(elsewhere.base_url + "post/")
    site = DemoServer(routes=table, with_blog=False)
    site.handle_error = lambda request, address: None  # resets and timeouts are the point here
    site.start()
    return site, elsewhere

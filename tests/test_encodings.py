"""Bodies in content-encodings a server sends unasked (br) are archived as sent and read back by
reprocess; one that cannot be decoded costs that record alone, never the rest of its WARC file."""

from __future__ import annotations

import gzip

import brotli

from crawler.demo.server import DemoServer

from .conftest import crawl, query, run_cli


def page(title: str) -> bytes:
    return (f'<html><head><title>{title}</title><meta property="og:type" content="article"></head><body>'
            f'<article><h1>{title}</h1><p>{title} is a post about therapy, long enough to be a body of text '
            f'that a reader would recognise as the post itself.</p></article></body></html>').encode()


def encoded(body: bytes, coding: str):
    data = {"br": brotli.compress, "gzip": gzip.compress, "zstd": lambda b: b"\x28\xb5\x2f\xfd" + b}[coding](body)
    return lambda handler: (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": coding}, data)


def test_unasked_encodings_are_archived_and_rebuilt(tmp_path):
    asked = []

    def root(handler):
        asked.append(handler.headers.get("Accept-Encoding"))
        return (200, {"Content-Type": "text/html"}, b'<html><body><a href="/br/">1</a> <a href="/gz/">2</a> '
                b'<a href="/zstd/">3</a> <a href="/plain/">4</a></body></html>')

    routes = {"/": root,
              "/br/": encoded(page("Brotli"), "br"), "/gz/": encoded(page("Gzipped"), "gzip"),
              "/zstd/": encoded(page("Zstandard"), "zstd"),
              "/plain/": lambda h: (200, {"Content-Type": "text/html"}, page("Plain"))}
    server = DemoServer(routes=routes, with_blog=False).start()
    try:
        archive = tmp_path / "archive"
        crawl(server.base_url, archive)
        assert asked == ["gzip, deflate"]  # only what every reader of the WARC can decode is asked for
        crawled = query(archive, "select url, title, text from posts order by url")
        assert {row[1] for row in crawled} >= {"Brotli", "Gzipped", "Plain"}
        rebuilt = run_cli("reprocess", "--archive", str(archive))
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert query(archive, "select url, title, text from posts order by url") == crawled
        assert "Traceback" not in rebuilt.stderr
        assert "/zstd/" in rebuilt.stderr and "zstd cannot be decoded" in rebuilt.stderr
    finally:
        server.stop()


def test_header_bytes_are_stored_as_sent(tmp_path):
    from archive.warc_reader import read_response

    raw = "attachment; filename=caf\xe9.html"  # one byte 0xE9, as ISO-8859-1 servers send it
    routes = {"/": lambda h: (200, {"Content-Type": "text/html", "Content-Disposition": raw}, page("Headers"))}
    server = DemoServer(routes=routes, with_blog=False).start()
    try:
        archive = tmp_path / "archive"
        crawl(server.base_url, archive)
    finally:
        server.stop()
    [(warc_file, offset)] = query(archive, "select warc_file, warc_offset from captures where url like '%/'")
    record, _ = read_response(archive / "warc" / warc_file, offset)
    assert record.http_headers.get_header("Content-Disposition") == raw
    assert b"filename=caf\xe9.html" in gzip.open(archive / "warc" / warc_file).read()

"""Bad input gets one clear line and the right exit status, and never harms what is archived."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from crawler.demo.server import DemoServer

from .conftest import FAST, assert_one_line_error, crawl, query, run_cli


def post_page(title: str, paragraph: str, charset: str = "UTF-8") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title}</title>
<meta name="generator" content="WordPress 6.4"></head><body class="single single-post">
<article><h1 class="entry-title">{title}</h1><div class="entry-content"><p>{paragraph}</p></div></article>
</body></html>"""


def html(body: bytes, content_type: str = "text/html; charset=UTF-8"):
    return lambda handler: (200, {"Content-Type": content_type}, body)


def links(*paths: str) -> bytes:
    items = "".join(f'<li><a href="{p}">{p}</a></li>' for p in paths)
    return f'<html><body class="home blog"><ul>{items}</ul></body></html>'.encode()


@pytest.fixture(scope="module")
def bad_site():
    cp1252 = post_page("Café notes", "A café – naïve “quoted” words, 10 € and façade.", charset="utf-8")
    routes = {
        "/": html(links("/huge/", "/binary/", "/cp1252/", "/ok/")),
        "/huge/": html(b"<html><body>" + b"<p>padding text</p>" * (30 * 1024 * 1024 // 18) + b"</body></html>"),
        "/binary/": html(os.urandom(200_000)),
        # windows-1252 bytes, while the header and the meta tag both claim UTF-8
        "/cp1252/": html(cp1252.encode("windows-1252")),
        "/ok/": html(post_page("A post that is fine", "Ordinary text about therapy.").encode()),
    }
    server = DemoServer(routes=routes, with_blog=False).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bad_crawl(bad_site, demo_blog, tmp_path_factory):
    """The demo blog archived first, then the bad site crawled into the same archive."""
    archive = tmp_path_factory.mktemp("bad") / "archive"
    assert crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=2").returncode == 0
    before = query(archive, "select id, text from posts union all select id, text from comments order by 1")
    result = crawl(bad_site.base_url, archive)
    return archive, before, result


def test_bad_pages_are_reported_and_skipped(bad_crawl, bad_site):
    archive, _, result = bad_crawl
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{bad_site.base_url}huge/: response larger than DOWNLOAD_MAXSIZE" in result.stderr
    assert f"{bad_site.base_url}binary/: not an HTML page (binary data" in result.stderr
    titles = {r[0] for r in query(archive, "select title from posts")}
    assert {"A post that is fine", "Café notes"} <= titles


def test_wrong_declared_charset_is_repaired(bad_crawl):
    archive, _, _ = bad_crawl
    (text,) = query(archive, "select text from posts where title = 'Café notes'")[0]
    assert text == "A café – naïve “quoted” words, 10 € and façade."


def test_bad_site_leaves_earlier_archive_intact(bad_crawl):
    archive, before, _ = bad_crawl
    after = query(archive, "select id, text from posts union all select id, text from comments order by 1")
    assert set(before) <= set(after)
    assert query(archive, "pragma integrity_check") == [("ok",)]
    files = sorted(map(str, (archive / "warc").glob("*.warc.gz")))
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *files], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_host(tmp_path):
    result = crawl(f"http://127.0.0.1:{free_port()}/", tmp_path / "a", "-s", "RETRY_TIMES=1")
    assert_one_line_error(result, "connection refused", "could not fetch any root")


def test_dns_failure(tmp_path):
    result = crawl("http://no-such-blog.invalid/", tmp_path / "a")
    assert_one_line_error(result, "could not be resolved", "could not fetch any root")


def test_not_a_blog(tmp_path):
    routes = {"/": html(b"<html><body><h1>Plumbing supplies</h1><p>Call us.</p></body></html>")}
    server = DemoServer(routes=routes, with_blog=False).start()
    try:
        result = crawl(server.base_url, tmp_path / "a")
    finally:
        server.stop()
    assert_one_line_error(result, "no blog posts found", "is it a blog?")


def test_empty_seeds_file(tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("# nothing yet\n\n")
    result = run_cli("crawl", "--seeds", str(seeds), "--archive", str(tmp_path / "a"))
    assert_one_line_error(result, "has no URLs")
    assert not (tmp_path / "a").exists()


def test_missing_urls_and_bad_url(tmp_path):
    assert_one_line_error(run_cli("crawl", "--archive", str(tmp_path / "a")), "no blog URLs")
    assert_one_line_error(run_cli("crawl", "ftp://example.org/", "--archive", str(tmp_path / "a")), "not a web address")


def test_archive_folder_not_writable(tmp_path, demo_blog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = crawl(demo_blog.base_url, blocker / "archive")
    assert_one_line_error(result, "is not writable")


def test_second_crawl_on_a_busy_archive_is_refused(tmp_path):
    def slow_post(handler):
        time.sleep(4)
        return 200, {"Content-Type": "text/html"}, post_page("Slow", "Slowly served.").encode()

    server = DemoServer(routes={"/": slow_post}, with_blog=False).start()
    archive = tmp_path / "a"
    first = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", server.base_url, "--archive", str(archive), *FAST],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not any(r.path == "/" for r in server.requests) and time.monotonic() < deadline:
            time.sleep(0.1)
        second = crawl(server.base_url, archive)
        assert_one_line_error(second, "is in use by another crawl")
        _, stderr = first.communicate(timeout=120)
        assert first.returncode == 0, stderr
    finally:
        first.kill()
        server.stop()
    assert query(archive, "select title from posts") == [("Slow",)]


def test_retries_back_off_and_honour_retry_after(tmp_path):
    calls = []

    def flaky(handler):
        calls.append(time.monotonic())
        if len(calls) < 3:
            return 429, {"Content-Type": "text/plain", "Retry-After": "1"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, post_page("Patience", "Served at last.").encode()

    server = DemoServer(routes={"/": flaky}, with_blog=False).start()
    try:
        result = crawl(server.base_url, tmp_path / "a", "-s", "RETRY_BACKOFF_BASE=0.2")
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert len(calls) == 3
    assert calls[1] - calls[0] >= 0.95 and calls[2] - calls[1] >= 0.95  # Retry-After: 1 beats 0.2 s and 0.4 s
    statuses = [r[0] for r in query(tmp_path / "a", "select status from captures where url = ? order by fetched_at",
                                    (server.base_url,))]
    assert sorted(statuses) == [200, 429, 429]  # every exchange is in the WARC, the refusals too


def test_a_killed_crawl_loses_nothing_already_archived(demo_blog, tmp_path):
    """SIGKILL in the middle of a crawl: the database stays consistent, every capture it lists reads back
    from its WARC offset, the lock goes with the process, and the next crawl completes the archive."""
    import signal
    import sqlite3

    from archive.warc_reader import read_response

    archive = tmp_path / "archive"
    crawl_cmd = [sys.executable, "-m", "crawler", "crawl", demo_blog.base_url, "--archive", str(archive),
                 "-s", "DOWNLOAD_DELAY=0.3", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0",
                 "-s", "LISTING_MAX_PAGE=3"]
    running = subprocess.Popen(crawl_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    posts = 0
    while time.monotonic() < deadline and posts < 2:
        time.sleep(0.2)
        try:
            posts = query(archive, "select count(*) from posts")[0][0]
        except sqlite3.Error:
            posts = 0
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=30)
    assert posts >= 2

    assert query(archive, "pragma integrity_check") == [("ok",)]
    kept = query(archive, "select id, text from posts")
    for warc_file, offset, record_id in query(archive, "select warc_file, warc_offset, warc_record_id from captures"):
        record, _ = read_response(archive / "warc" / warc_file, offset)
        assert record.rec_headers.get_header("WARC-Record-ID") == record_id

    again = crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=3")
    assert again.returncode == 0, again.stderr  # the dead crawl's lock died with it
    after = dict(query(archive, "select id, text from posts"))
    assert all(after[post_id] == text for post_id, text in kept)
    assert len(after) == 5


@pytest.mark.parametrize("args, message", [
    (["crawl", "javascript:alert(1)"], "not a web address"),
    (["crawl", "file:///etc/passwd"], "not a web address"),
    (["crawl", "http://127.0.0.1:9/", "-s", "DOWNLOAD_DELAY=abc"], "DOWNLOAD_DELAY takes a number"),
    (["crawl", "http://127.0.0.1:9/", "-s", "CONCURRENT_REQUESTS=many"], "takes a whole number"),
    (["crawl", "http://127.0.0.1:9/", "-s", "ROBOTSTXT_OBEY=maybe"], "takes true or false"),
    (["crawl", "http://127.0.0.1:9/", "-s", "ITEM_PIPELINES={bad"], "takes a JSON object"),
    (["search", "*"], "cannot start with *"),
    (["search", "*a"], "cannot start with *"),
    (["search", "kindness", "--limit", "99999999999999999999"], "--limit"),
])
def test_bad_arguments_are_one_line_errors(args, message, demo_archive, tmp_path):
    archive = demo_archive if args[0] == "search" else tmp_path / "archive"
    assert_one_line_error(run_cli(*args, "--archive", str(archive)), message)

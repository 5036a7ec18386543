"""A crawl of a site where everything goes wrong (tests/faults.py) ends, retries as configured, gives each
failure one clear line, never leaves the roots' hosts, and leaves an archive that is consistent and that
reprocess rebuilds to the same rows."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from archive.warc_reader import read_response

from . import faults
from .conftest import query, run_cli

SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0",
            "-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=2", "-s", "RETRY_BACKOFF_BASE=0.1",
            "-s", "RETRY_BACKOFF_MAX=2", "-s", f"DOWNLOAD_MAXSIZE={4 * 1024 * 1024}", "-s", "SITEMAP_INDEX_MAX=50"]


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    site, elsewhere = faults.start()
    archive = tmp_path_factory.mktemp("faults") / "archive"
    try:
        result = run_cli("crawl", site.base_url, "--archive", str(archive), *SETTINGS, timeout=400)
        yield site, elsewhere, archive, result
    finally:
        site.stop()
        elsewhere.stop()


def test_the_crawl_ends_with_one_line_per_failure(fault_crawl):
    site, _, _, result = fault_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    _, expected = faults.routes("")
    for path, word in expected.items():
        url = site.base_url.rstrip("/") + path
        lines = [line for line in errors if line.startswith(f"error: {url}:")]
        if word is None:
            assert not lines, lines
        else:
            assert len(lines) == 1 and word.lower() in lines[0].lower(), (path, lines)


def test_retries_follow_the_settings(fault_crawl):
    site, _, archive, _ = fault_crawl
    asked = [r.path for r in site.requests]
    assert asked.count("/e500/") == 3  # the first try and RETRY_TIMES=2
    titles = {row[0] for row in query(archive, "select title from posts")}
    assert {"Patience", "Pacing", "Dated pacing", "A post that is fine", "Found in a gzipped sitemap"} <= titles
    pacing = [r.at for r in site.requests if r.path == "/e429-seconds/"]
    assert len(pacing) == 2 and pacing[1] - pacing[0] >= 0.9  # Retry-After: 1 honoured
    assert sum(path.startswith("/sm/") for path in asked) <= 50  # a 10,000-sitemap index is bounded


def test_nothing_is_fetched_off_the_roots(fault_crawl):
    _, elsewhere, archive, _ = fault_crawl
    assert elsewhere.requests == []
    assert all("127.0.0.1" in row[0] for row in query(archive, "select url from captures"))


def test_the_archive_is_consistent_and_rebuilds_the_same(fault_crawl, tmp_path):
    _, _, archive, _ = fault_crawl
    with closing(sqlite3.connect(archive / "archive.db")) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    for warc_file, offset in query(archive, "select warc_file, warc_offset from captures"):
        assert read_response(archive / "warc" / warc_file, offset)[0].rec_type in ("response", "revisit")
    for warc in (archive / "warc").glob("*.warc.gz"):
        checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout
    rows = "select url, title, text from posts order by url"
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy, ignore=shutil.ignore_patterns(".lock"))
    rebuilt = run_cli("reprocess", "--archive", str(copy))
    assert rebuilt.returncode == 0 and "Traceback" not in rebuilt.stderr, rebuilt.stderr
    assert query(copy, rows) == query(archive, rows)


@pytest.mark.parametrize("robots, expect_posts", [
    (lambda h: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n"), False),
    (lambda h: (__import__("time").sleep(5), (200, {"Content-Type": "text/plain"}, b""))[1], True),
    (lambda h: (500, {"Content-Type": "text/plain"}, b"broken"), True),
], ids=["disallows-all", "times-out", "500"])
def test_robots_txt_that_forbids_or_fails(robots, expect_posts, tmp_path):
    routes = {"/robots.txt": robots, "/": lambda h: (200, faults.HTML, b'<html><body><a href="/p/">p</a></body></html>'),
              "/p/": lambda h: (200, faults.HTML, faults.post("Allowed or not"))}
    site = faults.DemoServer(routes=routes, with_blog=False)
    site.handle_error = lambda request, address: None
    site.start()
    try:
        result = run_cli("crawl", site.base_url, "--archive", str(tmp_path / "a"), *SETTINGS, timeout=120)
    finally:
        site.stop()
    assert "Traceback" not in result.stderr
    if expect_posts:
        assert result.returncode == 0, result.stderr
        assert query(tmp_path / "a", "select title from posts") == [("Allowed or not",)]
    else:  # nothing may be fetched: one line says so
        assert result.returncode == 1 and "/p/" not in [r.path for r in site.requests]
        assert result.stderr.strip().splitlines()[-1].startswith("Error: ")

"""What a person or a cron job sees while the demo blog is crawled: a live per-site table on a terminal,
plain text in a pipe, and a summary table at the end whose numbers are the archive's."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from crawler.progress import error_kind
from crawler.urls import host_of

from .conftest import ROOT, query, run_cli

QUICK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "LISTING_MAX_PAGE=3",
         "-s", "ARCHIVE_CONTACT=me@uni.example"]  # progress settings as shipped
COLOUR = re.compile(r"\x1b\[([0-9;]*)m")


def colours(text: str) -> list[str]:
    """The SGR codes in ``text`` that set a colour (30-49, 90-107), not bold or reset."""
    return [code for codes in COLOUR.findall(text) for code in codes.split(";")
            if code and (30 <= int(code) <= 49 or 90 <= int(code) <= 107)]


def on_a_terminal(*args: str, env: dict | None = None) -> str:
    """``therapy-archive ARGS`` with stdout and stderr on a pseudo-terminal; everything it wrote there."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "crawler", *args], stdin=subprocess.DEVNULL, stdout=slave,
                               stderr=slave, cwd=ROOT, env={**os.environ, **(env or {})})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert process.wait(timeout=300) == 0, out.decode(errors="replace")
    return out.decode(errors="replace")


def summary_table(stderr: str) -> dict[str, list[str]]:
    """The plain summary table's rows by their first cell (a host, or ``total``)."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["site", "pages"])
    rows = {}
    for line in lines[start + 1:]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) < 5:
            break
        rows[cells[0]] = cells
    return rows


def test_piped_plain_text_and_the_archives_numbers_per_site(demo_blog, tmp_path):
    archive = tmp_path / "a"
    result = run_cli("crawl", demo_blog.base_url, "--archive", str(archive), *QUICK)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert "[crawl]" not in result.stderr  # a line a minute: none for a crawl of seconds
    ours = [line for line in result.stderr.splitlines() if not re.match(r"\d{4}-\d\d-\d\d ", line)]  # not Scrapy's log
    assert ours[0].startswith("crawled ")
    rows = summary_table(result.stderr)
    host = host_of(demo_blog.base_url)
    assert set(rows) == {host, "total"}
    posts = query(archive, "select count(*) from posts")[0][0]
    comments = query(archive, "select count(*) from comments")[0][0]
    captures = query(archive, "select count(*) from captures")[0][0]
    for row in (rows[host], rows["total"]):
        site, pages, new_posts, new_comments = row[:4]
        assert (int(pages), int(new_posts), int(new_comments)) == (captures, posts, comments), row
        assert row[-1].endswith(" s")


def test_a_terminal_gets_a_live_table_naming_the_site(demo_blog, tmp_path):
    out = on_a_terminal("crawl", demo_blog.base_url, "--archive", str(tmp_path / "a"), *QUICK)
    assert colours(out)
    assert "queued" in out and host_of(demo_blog.base_url) in out  # the live table's header and its site line
    assert re.search(r"crawled \d+ pages in ", out)


def test_no_color_on_a_terminal_means_no_colour(demo_blog, tmp_path):
    out = on_a_terminal("crawl", demo_blog.base_url, "--archive", str(tmp_path / "a"), *QUICK, env={"NO_COLOR": "1"})
    assert "queued" in out and host_of(demo_blog.base_url) in out
    assert colours(out) == []


@pytest.mark.parametrize("terminal", [False, True])
def test_quiet_prints_only_the_summary(demo_blog, tmp_path, terminal):
    args = ("crawl", demo_blog.base_url, "--archive", str(tmp_path / "a"), "--quiet", *QUICK,
            "-s", "PROGRESS_INTERVAL=0.05")
    if terminal:
        out = on_a_terminal(*args).replace("\r\n", "\n")
    else:
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        out = result.stderr
    assert "[crawl]" not in out and "queued" not in out  # no progress, plain or live
    lines = COLOUR.sub("", out).splitlines()
    assert lines[0].startswith("crawled ") and lines[1].startswith("changes: ")
    assert lines[2].split()[:2] == ["site", "pages"] and lines[-1].startswith("total")


def test_error_kinds():
    assert [error_kind(m) for m in ("HTTP 404", "HTTP 503", "timed out", "connection refused",
                                    "host name could not be resolved (DNS lookup failed)",
                                    "response larger than DOWNLOAD_MAXSIZE, skipped",
                                    "not an HTML page (binary data)", "Weird: thing")] == \
        ["HTTP 4xx", "HTTP 5xx", "timeout", "refused", "DNS", "too large", "unreadable", "other"]

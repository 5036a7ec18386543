"""Scheduled re-crawls: per-site every= intervals, `crawl --due` for one cron line, and a second run that
waits for the first (--wait) or says in one line that the archive is busy."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from archive.lock import ArchiveLock
from crawler.demo.server import DemoServer
from crawler.schedule import schedule
from crawler.seeds import SeedsError, read_seeds, site

from .conftest import FAST, assert_one_line_error, query, run_cli

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def test_a_site_is_due_when_its_interval_has_passed_since_its_last_complete_crawl():
    hourly, daily, always = site("https://a.example.org/", every="1h"), site("https://b.example.org/", every="1d"), \
        site("https://c.example.org/")
    last = {hourly.url: NOW - timedelta(minutes=61), daily.url: NOW - timedelta(hours=3), always.url: NOW}
    assert schedule([hourly, daily, always], last, NOW).due == [hourly, always]
    plan = schedule([daily], last, NOW)
    assert plan.due == [] and plan.next_site == daily and plan.next_at == NOW + timedelta(hours=21)
    assert schedule([daily], {}, NOW).due == [daily]  # never crawled: due


def test_every_is_checked_where_it_is_written(tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("https://a.example.org/ every=6h\nhttps://b.example.org/ every=soon\n")
    with pytest.raises(SeedsError, match=r"seeds.txt:2: every= takes a number and a unit"):
        read_seeds(seeds)


@pytest.fixture
def two_blogs():
    servers = [DemoServer().start(), DemoServer().start()]
    yield [s.base_url for s in servers]
    for server in servers:
        server.stop()


def _roots_of_crawls(archive) -> list[list[str]]:
    return [roots.splitlines() for (roots,) in query(archive, "select roots from crawls order by started_at")]


def test_crawl_due_crawls_only_the_sites_due(two_blogs, tmp_path):
    hourly, always = two_blogs
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"{hourly} every=1h\n{always}\n")
    archive = tmp_path / "archive"
    for _ in range(2):
        result = run_cli("crawl", "--due", "--seeds", str(seeds), "--archive", str(archive), "--quiet", *FAST)
        assert result.returncode == 0, result.stderr
    assert _roots_of_crawls(archive) == [[hourly, always], [always]]
    seeds.write_text(f"{hourly} every=1h\n")
    idle = run_cli("crawl", "--due", "--seeds", str(seeds), "--archive", str(archive), "--quiet", *FAST)
    assert idle.returncode == 0 and idle.stderr.startswith(f"nothing due: next is {hourly} in ")
    assert len(_roots_of_crawls(archive)) == 2  # nothing fetched, no crawl recorded


def test_a_second_run_waits_for_the_first_or_says_the_archive_is_busy(two_blogs, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    held = ArchiveLock(archive)
    held.acquire()
    try:
        busy = run_cli("crawl", two_blogs[0], "--archive", str(archive), *FAST)
        assert_one_line_error(busy, "in use by another crawl", "--wait")
        waiting = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", two_blogs[0], "--archive", str(archive),
                                    "--wait", "30", "--quiet", *FAST], stderr=subprocess.PIPE, text=True)
        threading.Timer(1.5, held.release).start()
        started = time.monotonic()
        _, stderr = waiting.communicate(timeout=120)
    finally:
        held.release()
    assert waiting.returncode == 0, stderr
    assert time.monotonic() - started >= 1.0
    assert query(archive, "select count(*) from posts") == [(5,)]

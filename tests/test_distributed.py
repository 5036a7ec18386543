"""Scale-out on scrapy-redis: three worker processes share one frontier in a real redis-server (Debian's,
installed by tests/install.sh); every URL is fetched by one worker, and the workers' WARC files merged
with `ingest` give the archive a one-process crawl gives."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time

import pytest

from crawler.demo.server import DemoServer

from .blogosphere import substack_site, wordpress_rest_site
from .conftest import FAST, query, run_cli

CONTENT = {
    "posts": "select url, title, author, published, text, language from posts order by url",
    "comments": "select p.url, c.native_id, c.parent_id, c.author, c.published, c.text, c.is_spam, c.duplicate_of, "
                "c.kind from comments c join posts p on p.id = c.post_id order by p.url, c.native_id",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server_bin = shutil.which("redis-server")
    assert server_bin, "redis-server is not installed: run tests/install.sh"
    port = _free_port()
    server = subprocess.Popen([server_bin, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def blogs():
    servers = [DemoServer().start(), substack_site()[0], wordpress_rest_site(0.0)[0]]
    yield [s.base_url for s in servers]
    for server in servers:
        server.stop()


# robots.txt is each worker's own business (tested on one process elsewhere); here it is off, so that the
# frontier's sharing is measured on the same set of URLs in every run. Pages are read in each worker's own
# process: forking page readers at start-up staggers the workers' starts, and the first could take the
# whole frontier of these small sites before the others ask
SHARED = ["-s", "ROBOTSTXT_OBEY=false", "-s", "CLEAN_WORKERS=1", *FAST]


def test_three_workers_share_one_frontier_and_merge_into_one_archive(redis_url, blogs, tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("".join(url + "\n" for url in blogs))
    workers = [subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--seeds", str(seeds),
                                 "--archive", str(tmp_path / f"worker-{n}"), "--redis", redis_url, "--job", "test",
                                 "--quiet", "-s", "REDIS_IDLE_CLOSE=6", *SHARED],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for n in range(3)]
    for worker in workers:
        _, stderr = worker.communicate(timeout=300)
        assert worker.returncode == 0, stderr
    fetched = [url for n in range(3) for (url,) in query(tmp_path / f"worker-{n}", "select url from captures")]
    assert sum(bool(query(tmp_path / f"worker-{n}", "select 1 from captures limit 1")) for n in range(3)) >= 2
    assert len(fetched) == len(set(fetched))  # every URL once
    _assert_merged_equals_one_process(tmp_path, seeds)
    assert set(fetched) == {url for (url,) in query(tmp_path / "single", "select url from captures")}


def _assert_merged_equals_one_process(tmp_path, seeds) -> None:
    """The workers' WARC files ingested into one archive hold the posts and comments a one-process crawl
    of the same seeds gives."""
    warcs = sorted(str(p) for n in range(3) for p in (tmp_path / f"worker-{n}" / "warc").glob("*.warc.gz"))
    merged = run_cli("ingest", *warcs, "--archive", str(tmp_path / "merged"))
    assert merged.returncode == 0, merged.stderr
    single = run_cli("crawl", "--seeds", str(seeds), "--archive", str(tmp_path / "single"), "--quiet", *SHARED)
    assert single.returncode == 0, single.stderr
    for table, sql in CONTENT.items():
        assert query(tmp_path / "merged", sql) == query(tmp_path / "single", sql), table


def test_an_unreachable_redis_is_one_line(tmp_path):
    result = run_cli("crawl", "http://127.0.0.1:9/", "--archive", str(tmp_path / "a"),
                     "--redis", f"redis://127.0.0.1:{_free_port()}/0")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: cannot reach Redis at redis://127.0.0.1:")


def test_a_worker_killed_mid_crawl_costs_nothing(redis_url, blogs, tmp_path):
    """SIGKILL one of three workers while it downloads: the others find it gone and take back the
    requests it held, so the merged archive still equals a one-process crawl."""
    import signal
    import sqlite3

    import redis

    seeds = tmp_path / "seeds.txt"
    seeds.write_text("".join(url + "\n" for url in blogs))
    # the victim fetches slowly, so it is killed holding requests
    slow = ["-s", "DOWNLOAD_DELAY=0.5"]
    workers = [subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--seeds", str(seeds),
                                 "--archive", str(tmp_path / f"worker-{n}"), "--redis", redis_url, "--job", "kill",
                                 "--quiet", "-s", "REDIS_IDLE_CLOSE=15", *SHARED, *(slow if n == 0 else [])],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for n in range(3)]
    victim_holds = f"therapy-archive:kill:inflight:{socket.gethostname()}-{workers[0].pid}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # killed with requests in hand, after it has archived some
        try:
            if query(tmp_path / "worker-0", "select count(*) from captures")[0][0] >= 3 \
                    and redis.Redis.from_url(redis_url).hlen(victim_holds):
                break
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    workers[0].send_signal(signal.SIGKILL)
    for worker in workers:
        _, stderr = worker.communicate(timeout=300)
        assert worker.returncode in (0, -signal.SIGKILL), stderr
    reclaimed = sum(query(tmp_path / f"worker-{n}", "select coalesce(sum(requests_reclaimed), 0) from crawls")[0][0]
                    for n in (1, 2) if "requests_reclaimed" in {r[1] for r in query(tmp_path / f"worker-{n}",
                                                                                     "pragma table_info(crawls)")})
    assert reclaimed >= 1

    _assert_merged_equals_one_process(tmp_path, seeds)

"""Pages read by worker processes while the crawl downloads: the archive is the one a crawl reading every
page in its own process writes, and a reader that dies costs nothing but speed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import FAST, crawl, query

# what differs between any two crawls of one site: when, and which WARC record
CRAWL_OWN = {"first_seen", "last_seen", "capture_id"}


def content_rows(archive: Path) -> dict[str, list[tuple]]:
    rows = {}
    for table in ("posts", "comments"):
        columns = [name for (name,) in query(archive, f"select name from pragma_table_info('{table}')")
                   if name not in CRAWL_OWN]
        rows[table] = query(archive, f"select {', '.join(columns)} from {table} order by id")
    return rows


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_pages_read_by_worker_processes_give_the_rows_read_in_the_crawl(demo_blog, tmp_path):
    in_process = crawl(demo_blog.base_url, tmp_path / "one", "-s", "CLEAN_WORKERS=1")
    assert in_process.returncode == 0, in_process.stderr
    by_workers = crawl(demo_blog.base_url, tmp_path / "three", "-s", "CLEAN_WORKERS=3")
    assert by_workers.returncode == 0, by_workers.stderr
    expected = content_rows(tmp_path / "one")
    assert expected["posts"] and expected["comments"]
    assert content_rows(tmp_path / "three") == expected


def test_a_reader_that_dies_leaves_its_pages_to_the_crawl(demo_blog, tmp_path):
    reference = crawl(demo_blog.base_url, tmp_path / "reference", "-s", "CLEAN_WORKERS=1")
    assert reference.returncode == 0, reference.stderr
    crawling = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", demo_blog.base_url, "--archive", str(tmp_path / "archive"),
         *FAST, "-s", "CLEAN_WORKERS=2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(readers := children_of(crawling.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(readers) == 2
    os.kill(readers[0], signal.SIGKILL)
    _, stderr = crawling.communicate(timeout=300)
    assert crawling.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert content_rows(tmp_path / "archive") == content_rows(tmp_path / "reference")
    assert not Path(f"/proc/{readers[1]}").exists()  # the other reader ended with the crawl

"""Search while a crawl writes: a writer process adds posts with their comments through ``Store.write``,
one transaction a batch, while this process searches the same archive.db through the library and the CLI.

No reader may fail ("database is locked" or anything else), the writer must never wait out its busy
timeout, and no reader may see half a post: every post says in its text how many comments it was written
with, and a reader counts them in the same read transaction as its search.

Run as a script, this file is the writer: ``python3 tests/test_search_while_writing.py ARCHIVE STOP REPORT``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "walrusmarker"  # a word only the written posts and comments hold
POSTS_PER_BATCH = 3
BUSY_TIMEOUT = 5.0  # the store's (PRAGMA busy_timeout = 5000)
READING = 5.0  # seconds the readers search while the writer writes
_COUNT = re.compile(r"this post has (\d+) comments")


def _batch(number: int) -> list:
    """``POSTS_PER_BATCH`` posts, each with 1 to 40 comments (four in ten replies), dated in write order so
    that a search sorted by date finds the newest first."""
    from archive.records import Comment, Post

    posts = []
    for i in range(POSTS_PER_BATCH):
        serial = number * POSTS_PER_BATCH + i
        count = 1 + (serial * 7) % 40
        published = (datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=serial)).isoformat()
        comments = tuple(Comment(id=f"c-{serial}-{n}", parent_id=f"c-{serial}-{n // 2}" if n % 5 in (1, 3) else None,
                                 author=f"Reader {n}", published=published,
                                 text=f"{MARKER} reply {n} to post {serial}: grief and repair")
                         for n in range(count))
        posts.append(Post(url=f"https://blog.example.org/{serial}/", site="https://blog.example.org/",
                          title=f"Post {serial}", author="Nora", published=published,
                          text=f"{MARKER} post {serial}: this post has {count} comments about grief and repair.",
                          language="en", platform="wordpress", comments_source="inline", capture_id=None,
                          seen_at=published, comments=comments))
    return posts


def write_until(archive: Path, stop: Path, report: Path) -> None:
    """The writer: batches until ``stop`` exists, each timed; what it did goes to ``report`` (JSON)."""
    from archive.store import Store

    store = Store.in_folder(archive)
    longest, attempted, written = 0.0, 0, 0
    deadline = time.monotonic() + 60  # a stuck test must not leave a writer behind
    while not stop.exists() and time.monotonic() < deadline:
        attempted += 1
        started = time.perf_counter()
        store.write(_batch(attempted))
        longest = max(longest, time.perf_counter() - started)
        written += 1
        if written == 1:
            (archive / "writing").touch()
    store.close()
    report.write_text(json.dumps({"attempted": attempted, "written": written, "longest": longest}))


def _read_library(archive: Path, checked: list[int], errors: list[str]) -> None:
    """Search the newest posts and comments, and count each found post's comments in the same read
    transaction."""
    from archive.reader import connect_read_only
    from archive.search import search

    conn = connect_read_only(archive)
    try:
        conn.execute("begin")  # one snapshot for the search and the counts
        hits = search(conn, f"{MARKER} grief", limit=30, sort="date")
        post_ids = {hit.id for hit in hits if hit.type == "post"}
        post_ids |= {row[0] for row in conn.execute(
            f"select post_id from comments where id in ({', '.join('?' * len(hits))})", [h.id for h in hits])}
        for post_id in post_ids:
            text, = conn.execute("select text from posts where id = ?", [post_id]).fetchone()
            found, = conn.execute("select count(*) from comments where post_id = ?", [post_id]).fetchone()
            expected = int(_COUNT.search(text).group(1))
            if found != expected:
                errors.append(f"post {post_id} read with {found} of its {expected} comments")
            checked.append(found)
        conn.execute("commit")
    finally:
        conn.close()


def _read_cli(archive: Path, results: list[subprocess.CompletedProcess]) -> None:
    results.append(subprocess.run(
        [sys.executable, "-m", "crawler", "search", MARKER, "repair", "--archive", str(archive), "--json",
         "--sort", "date"], capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)}))


def test_searches_while_a_crawl_writes_never_fail_nor_see_half_a_post(tmp_path):
    archive, stop, report = tmp_path / "archive", tmp_path / "stop", tmp_path / "report.json"
    archive.mkdir()
    writer = subprocess.Popen([sys.executable, __file__, str(archive), str(stop), str(report)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not (archive / "writing").exists():
            assert writer.poll() is None, writer.stderr.read()
            assert time.monotonic() < deadline, "the writer wrote nothing in 30 s"
            time.sleep(0.05)
        cli_results: list[subprocess.CompletedProcess] = []
        cli = threading.Thread(target=lambda: [_read_cli(archive, cli_results) for _ in range(4)])
        cli.start()
        checked, errors, searches = [], [], 0
        until = time.monotonic() + READING
        while time.monotonic() < until:
            try:
                _read_library(archive, checked, errors)
            except Exception as exc:  # noqa: BLE001 - any failure of a reader is what this test looks for
                errors.append(f"search failed: {exc!r}")
            searches += 1
        cli.join(timeout=60)
    finally:
        stop.touch()
        _, stderr = writer.communicate(timeout=60)
    assert writer.returncode == 0, stderr
    done = json.loads(report.read_text())
    assert not errors, errors[:5]
    assert done["written"] == done["attempted"] and done["written"] > 10, done
    assert done["longest"] < BUSY_TIMEOUT, done
    assert searches > 10 and len(checked) > 20, (searches, len(checked))  # here: about 80 searches, 160 posts
    for result in cli_results:
        assert result.returncode == 0 and "locked" not in result.stderr, result.stderr
        assert [json.loads(line)["type"] for line in result.stdout.splitlines()], "the CLI found nothing"
    assert len(cli_results) == 4


if __name__ == "__main__":
    write_until(*(Path(arg) for arg in sys.argv[1:4]))

"""Shared fixtures: the demo blog on a real HTTP server, the CLI run as a user runs it, fresh archives."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawler.demo.server import DemoServer

ROOT = Path(__file__).resolve().parent.parent  # the project's source folder

# Local sites answer at once: no politeness delays, but everything else as shipped.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0"]


def run_cli(*args: str, timeout: float = 300, env: dict | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``therapy-archive ARGS`` in a child process, as a user would run it (in the folder ``cwd``: this
    checkout's code all the same, not whatever an installed copy holds)."""
    env = {**os.environ, **(env or {})}
    if cwd is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


def crawl(url: str, archive: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("crawl", url, "--archive", str(archive), *FAST, *extra)


def query(archive: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(archive / "archive.db") as conn:
        return conn.execute(sql, params).fetchall()


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    """A user error: non-zero exit, no traceback, and a message naming the problem."""
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture(scope="session")
def demo_blog():
    server = DemoServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_archive(demo_blog, tmp_path_factory):
    """One complete crawl of the demo blog, shared by the tests that only read it."""
    archive = tmp_path_factory.mktemp("demo") / "archive"
    result = crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=6")
    assert result.returncode == 0, result.stderr
    return archive


def assert_rebuild_equals_crawl(archive: Path, tmp_path: Path) -> None:
    """``reprocess`` of a copy of ``archive`` with only its WARC files left gives every row the crawl
    wrote, every column included (the crawls table aside: a rebuild is not a crawl)."""
    import shutil

    def every_row(folder):
        return {table: query(folder, f"select * from {table} order by id")
                for table in ("posts", "comments", "captures", "sites")}

    copy = tmp_path / "rebuilt"
    shutil.copytree(archive, copy)
    crawled = every_row(copy)
    for name in ("archive.db", "archive.db-wal", "archive.db-shm"):
        (copy / name).unlink(missing_ok=True)
    result = run_cli("reprocess", "--archive", str(copy))
    assert result.returncode == 0, result.stderr
    rebuilt = every_row(copy)
    for table, rows in crawled.items():
        assert rebuilt[table] == rows, table  # seen times and fetched_at too: all are WARC-Dates
    assert query(copy, "select count(*) from posts_fts") == query(copy, "select count(*) from posts")
    assert query(copy, "select count(*) from comments_fts") == query(copy, "select count(*) from comments")


@contextmanager
def read_only_mount(folder: Path, tmp_path: Path):
    """``folder`` bind-mounted read-only under ``tmp_path``: a real read-only folder (root ignores file
    modes), as an archive on read-only media is. Skips the test where it may not mount."""
    mount = tmp_path / "ro"
    mount.mkdir()
    bound = subprocess.run(["mount", "--bind", str(folder), str(mount)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here ({bound.stderr.decode().strip()}): needs root")
    try:
        made = subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], capture_output=True)
        assert made.returncode == 0, made.stderr
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)

"""When the archive cannot be written, the crawl stops at once, says so in one line and exits 3, and what
it had archived stays consistent: WARC files end at a record boundary, every capture row is readable."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from archive.store import Store
from archive.records import SitePlatform
from archive.warc_reader import read_response

from .conftest import crawl, query


def test_a_failing_store_stops_the_crawl_with_status_3(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    Store.in_folder(archive).close()
    with sqlite3.connect(archive / "archive.db") as conn:  # every new post fails, as on a full disk
        conn.execute("create trigger full_disk before insert on posts "
                     "begin select raise(fail, 'database or disk is full'); end")
    # pages read in the crawl's process: with page readers the first post reaches the store a page's reading
    # later, while downloads go on, so how soon it stops would depend on the machine's speed
    result = crawl(demo_blog.base_url, archive, "-s", "CLEAN_WORKERS=1")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "disk is full" in line]
    assert lines and "the crawl stopped" in lines[-1]
    responses = len(query(archive, "select id from captures"))
    assert 0 < responses < 20  # stopped at once: the demo blog has far more pages
    for warc_file, offset in query(archive, "select warc_file, warc_offset from captures"):
        record, _ = read_response(archive / "warc" / warc_file, offset)
        assert record.rec_type in ("response", "revisit")
    for warc in (archive / "warc").glob("*.warc.gz"):
        checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_failing_store_stops_a_crawl_whose_pages_are_read_by_workers(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    Store.in_folder(archive).close()
    with sqlite3.connect(archive / "archive.db") as conn:
        conn.execute("create trigger full_disk before insert on posts "
                     "begin select raise(fail, 'database or disk is full'); end")
    result = crawl(demo_blog.base_url, archive, "-s", "CLEAN_WORKERS=2")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "the crawl stopped" in [line for line in result.stderr.splitlines() if "disk is full" in line][-1]


def test_the_lock_guards_the_folder_the_crawl_really_writes(demo_blog, tmp_path):
    from archive.lock import ArchiveLock

    written = tmp_path / "b"
    written.mkdir()
    with ArchiveLock(written):
        result = crawl(demo_blog.base_url, tmp_path / "a", "-s", f"ARCHIVE_DIR={written}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"archive {written} is in use by another crawl" in result.stderr
    assert not (written / "archive.db").exists() and not (tmp_path / "a" / "archive.db").exists()


def test_an_interrupted_crawl_says_so_and_exits_130(demo_blog, tmp_path):
    import signal
    import time

    archive = tmp_path / "archive"
    child = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", demo_blog.base_url, "--archive", str(archive),
                              "-s", "DOWNLOAD_DELAY=0.3", "-s", "AUTOTHROTTLE_ENABLED=false"],
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60  # signalled once it is fetching, however slow its start on a busy machine
    while time.monotonic() < deadline:
        try:
            if query(archive, "select count(*) from captures")[0][0] >= 3:
                break
        except sqlite3.Error:
            pass
        time.sleep(0.2)
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    for warc_file, offset in query(archive, "select warc_file, warc_offset from captures"):
        assert read_response(archive / "warc" / warc_file, offset)[0].rec_type in ("response", "revisit")


def test_a_schema_a_killed_crawl_left_half_made_is_completed(tmp_path):
    with sqlite3.connect(tmp_path / "archive.db") as conn:  # killed after two CREATE TABLEs, or mid-FTS
        conn.execute("create table sites (id text primary key, url text, platform text, first_crawled text, "
                     "last_crawled text)")
        conn.execute("create table crawls (id text primary key, started_at text)")
    store = Store.in_folder(tmp_path)
    store.write([SitePlatform("https://blog.example.org/", "wordpress", "2021-03-05T00:00:00Z")])
    triggers = {row[0] for row in store.db.execute("select name from sqlite_master where type = 'trigger'")}
    assert {"posts_ai", "comments_au"} <= triggers and "captures" in store.db.table_names()
    store.db.execute("drop trigger posts_ai")  # an FTS index left without its triggers is made anew
    store.close()
    store = Store.in_folder(tmp_path)
    assert "posts_ai" in {row[0] for row in store.db.execute("select name from sqlite_master where type = 'trigger'")}
    store.close()


@pytest.fixture
def tiny_disk(tmp_path):
    """A 400 KB file system: the demo blog's crawl fills it within its first pages."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.decode().strip()}): the disk-full test needs root")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_stops_the_crawl_with_a_whole_warc(demo_blog, tiny_disk):
    archive = tiny_disk / "archive"
    result = crawl(demo_blog.base_url, archive)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ") and "disk is full" in result.stderr
    assert not [line for line in result.stderr.splitlines() if "not archived" in line]
    for warc in (archive / "warc").glob("*.warc.gz"):  # cut back to its last whole record
        checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_some_roots_unreachable_is_status_2(demo_blog, tmp_path):
    result = crawl(demo_blog.base_url, tmp_path / "archive", "http://127.0.0.1:9/")
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: 1 of 2 roots could not be fetched") and "127.0.0.1:9" in last
    assert query(tmp_path / "archive", "select count(*) from posts")[0][0] > 0

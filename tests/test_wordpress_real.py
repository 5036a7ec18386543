"""Crawl a real WordPress (Debian's package on MariaDB, started by tests/wordpress/start.sh) and compare
the archive with the ground truth WordPress itself reports (manifest.json)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from archive.store import stable_id

from .conftest import assert_rebuild_equals_crawl, crawl, query

WORDPRESS = Path(__file__).parent / "wordpress"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def wordpress():
    # a short path: MariaDB's socket lives in the state folder, and socket paths are limited to ~100 bytes
    state = tempfile.mkdtemp(prefix="ta-wp-", dir="/tmp")
    env = {**os.environ, "WP_STATE": state, "WP_PORT": str(_free_port())}
    started = subprocess.run(["bash", str(WORDPRESS / "start.sh")], env=env, capture_output=True, text=True,
                             timeout=1200)
    assert started.returncode == 0, "WordPress fixture did not start:\n" + started.stderr[-3000:]
    base_url = started.stdout.strip().splitlines()[-1]
    manifest = json.loads((Path(state) / "manifest.json").read_text())
    yield base_url, manifest
    subprocess.run(["bash", str(WORDPRESS / "stop.sh"), "--purge"], env=env, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def wp_archive(wordpress, tmp_path_factory):
    base_url, _ = wordpress
    archive = tmp_path_factory.mktemp("wp") / "archive"
    result = crawl(base_url, archive)
    assert result.returncode == 0, result.stderr
    return archive, result


def test_archive_holds_exactly_the_published_posts(wordpress, wp_archive):
    _, manifest = wordpress
    archive, _ = wp_archive
    rows = {r[0]: r[1:] for r in query(archive, "select url, title, author, published, text from posts")}
    assert set(rows) == {p["url"] for p in manifest["posts"]}
    for post in manifest["posts"]:
        assert rows[post["url"]] == (post["title"], post["author"], post["date"], post["text"]), post["url"]
    hidden_titles = {p["title"] for p in manifest["hidden_posts"]} | {p["title"] for p in manifest["pages"]}
    assert not hidden_titles & {r[0] for r in rows.values()}


def test_archive_holds_exactly_the_approved_comments(wordpress, wp_archive):
    _, manifest = wordpress
    archive, _ = wp_archive
    post_urls = {p["id"]: p["url"] for p in manifest["posts"]}
    rows = query(archive, """select p.url, c.native_id, c.parent_id, c.author, c.author_url, c.published, c.text,
                             c.kind, c.duplicate_of, c.is_spam from comments c join posts p on p.id = c.post_id""")
    got = {(r[0], r[1]): r[2:] for r in rows}
    assert len(got) == len(rows) == manifest["counts"]["approved_comments"]
    expected = {}
    for c in manifest["comments"]:
        post = post_urls[c["post_id"]]
        pid = stable_id(post)
        expected[(post, f"c-{c['id']}")] = (
            stable_id(pid, f"c-{c['parent_id']}") if c["parent_id"] else None,
            c["author"], c["author_url"], c["date"], c["text"], c["type"],
            stable_id(pid, f"c-{c['duplicate_of']}") if c["duplicate_of"] else None,
            int(c["looks_like_spam"]),
        )
    for key, value in expected.items():
        assert got.get(key) == value, key
    hidden = {f"c-{i}" for i in manifest["hidden_comment_ids"]}
    assert not hidden & {native for _, native in got}


def test_second_crawl_adds_no_rows(wordpress, wp_archive):
    base_url, _ = wordpress
    archive, _ = wp_archive
    rows = "select id, title, text from posts union all select id, author, text from comments order by 1"
    before = query(archive, rows)
    again = crawl(base_url, archive)
    assert again.returncode == 0, again.stderr
    assert query(archive, rows) == before


def test_wordpress_warcs_are_valid(wp_archive):
    archive, _ = wp_archive
    files = sorted(map(str, (archive / "warc").glob("*.warc.gz")))
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", *files], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # every HTTP exchange is there: robots.txt, sitemaps, the feed, listings, posts, comment pages
    urls = {r[0] for r in query(archive, "select url from captures")}
    for suffix in ("/robots.txt", "/wp-sitemap.xml", "/feed/", "/page/2/", "/comment-page-2/"):
        assert any(u.endswith(suffix) for u in urls), suffix


def test_rebuild_from_the_warcs_equals_the_crawl(wp_archive, tmp_path):
    """``reprocess`` goes through the crawl's own handlers: the real WordPress's archive, rebuilt from
    its WARC files alone, has every row and column the crawl wrote (seen times and fetched_at included)."""
    archive, _ = wp_archive
    assert_rebuild_equals_crawl(archive, tmp_path)

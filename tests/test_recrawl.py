"""Re-crawls store only what changed: conditional requests, revisit records pywb replays, new comments
added, edited posts' earlier versions kept, comments gone marked (never deleted), and each crawl's
account of its changes. A rebuild from the WARC files gives all of it back."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from dataclasses import replace

import pytest

from crawler.demo import content
from crawler.demo.content import DemoComment
from crawler.demo.server import DemoServer

from .conftest import assert_rebuild_equals_crawl, crawl, query, run_cli
from .test_replay import wayback_of

NEW_COMMENT = DemoComment(9999, "New Reader", "2024-05-01T10:00:00+00:00", "A new comment arrived this week.")
ADDED = " A sentence the author added later."


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    """Four crawls of one blog: first; again, unchanged; after a new comment and an edit to one post;
    after that post's first thread was taken down. Returns the archive and each crawl's stderr."""
    archive = tmp_path_factory.mktemp("recrawl") / "archive"
    server = DemoServer().start()
    original = list(content.POSTS)
    post = original[0]
    runs = []
    try:
        for change in (None, None, "comment and edit", "thread removed"):
            if change == "comment and edit":
                content.POSTS[0] = replace(post, comments=post.comments + [NEW_COMMENT],
                                           paragraphs=post.paragraphs[:-1] + [post.paragraphs[-1] + ADDED])
            elif change == "thread removed":
                content.POSTS[0] = replace(content.POSTS[0], comments=[c for c in content.POSTS[0].comments
                                                                       if c.id != post.comments[0].id])
            result = crawl(server.base_url, archive, "-s", "RECHECK_OLD_EVERY_DAYS=0")  # every post, every time
            assert result.returncode == 0, result.stderr
            runs.append(result.stderr)
    finally:
        content.POSTS[:] = original
        server.stop()
    return archive, server.base_url, post, runs


def _crawls(archive) -> list[str]:
    return [row[0] for row in query(archive, "select id from crawls order by started_at")]


def test_an_unchanged_site_is_stored_as_revisits(recrawled):
    archive, _, _, runs = recrawled
    first, second = _crawls(archive)[:2]
    responses, revisits = query(archive, "select count(*), count(refers_to) from captures where crawl_id = ?",
                                (second,))[0]
    assert revisits >= 0.9 * responses
    # asked with the held validators, and answered 304 (noted beside each revisit in its metadata record)
    from archive.warc_reader import WarcEntry, scan

    [warc] = [p for p in sorted((archive / "warc").glob("*.warc.gz")) if second in p.name]
    metadata = [e.payload for e in scan(warc) if isinstance(e, WarcEntry) and e.rec_type == "metadata"]
    assert sum(b"server_status: 304" in m for m in metadata) >= 0.9 * responses
    # conditional requests went out: each revisit names a full capture of the same URL from the first crawl
    assert query(archive, "select count(*) from captures r join captures o on o.id = r.refers_to "
                          "where r.crawl_id = ? and (o.url != r.url or o.refers_to is not null)", (second,)) == [(0,)]
    sizes = dict(query(archive, "select id, warc_bytes from crawls"))
    assert sizes[second] < 0.6 * sizes[first]
    assert "0 new posts, 0 new comments, 0 edited posts, 0 comments gone" in runs[1]
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check",
                            *map(str, sorted((archive / "warc").glob("*.warc.gz")))], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_comments_edits_and_removals_are_kept_as_history(recrawled):
    archive, base_url, post, runs = recrawled
    url = base_url.rstrip("/") + post.path
    assert "1 new comments, 1 edited posts" in runs[2]
    (text,) = query(archive, "select text from posts where url = ?", (url,))[0]
    assert text.endswith(ADDED.strip())
    # the text before the edit is kept, with the capture it was read from
    [(old, capture_url)] = query(archive, "select v.text, c.url from post_versions v join captures c on c.id = v.capture_id "
                                          "join posts p on p.id = v.post_id where p.url = ?", (url,))
    assert not old.endswith(ADDED.strip()) and capture_url.startswith(url)
    # the comment taken down (and its reply, which the page no longer shows) stays, marked
    removed = dict(query(archive, "select native_id, removed_at from comments where removed_at is not null"))
    assert f"c-{post.comments[0].id}" in removed
    assert query(archive, "select count(*) from comments where native_id = ?", (f"c-{NEW_COMMENT.id}",)) == [(1,)]
    assert "comments gone" in runs[3] and " 0 comments gone" not in runs[3]


def test_stats_shows_each_crawls_changes(recrawled):
    archive, *_ = recrawled
    result = run_cli("stats", "--history", "--json", "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    crawls = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(c["new_posts"], c["new_comments"], c["edited_posts"]) for c in crawls] == [(5, 22, 0), (0, 0, 0),
                                                                                       (0, 1, 1), (0, 0, 0)]
    assert crawls[1]["revisits"] >= 0.9 * crawls[1]["pages"] and crawls[3]["removed_comments"] >= 1


def test_the_rebuild_gives_the_history_back(recrawled, tmp_path):
    archive, *_ = recrawled
    assert_rebuild_equals_crawl(archive, tmp_path)
    rebuilt = tmp_path / "rebuilt"
    for table in ("post_versions",):
        assert query(rebuilt, f"select * from {table} order by id") == query(archive, f"select * from {table} order by id")
    history = "select new_posts, new_comments, edited_posts, removed_comments, revisits from crawls order by id"
    assert query(rebuilt, history) == query(archive, history)  # each crawl's account, rebuilt from its records


def test_pywb_replays_a_page_from_a_revisit(recrawled, tmp_path):
    archive, base_url, post, _ = recrawled
    second = _crawls(archive)[1]
    [(fetched_at,)] = query(archive, "select fetched_at from captures where crawl_id = ? and url = ? "
                                     "and refers_to is not null", (second, base_url.rstrip("/") + post.path))
    stamp = "".join(ch for ch in fetched_at if ch.isdigit())[:14]
    warcs = sorted(str(p) for p in (archive / "warc").glob("*.warc.gz"))
    with wayback_of(warcs, tmp_path) as wayback:
        with urllib.request.urlopen(f"{wayback}{stamp}mp_/{base_url.rstrip('/')}{post.path}", timeout=30) as page:
            assert page.status == 200
            assert post.paragraphs[0] in page.read().decode("utf-8")



def test_old_posts_read_lately_are_left_alone(demo_blog, demo_archive, tmp_path):
    """The demo's posts are years old: a re-crawl soon after a finished one leaves their pages (and
    comment pages) alone and reads the listings, feeds and sitemaps; with the policy off it reads all."""
    import shutil

    archive = tmp_path / "archive"
    shutil.copytree(demo_archive, archive)
    again = crawl(demo_blog.base_url, archive)
    assert again.returncode == 0, again.stderr
    [latest] = query(archive, "select id from crawls order by started_at desc limit 1")[0:1]
    fetched = {url for (url,) in query(archive, "select url from captures where crawl_id = ?", latest)}
    posts = {url for (url,) in query(archive, "select url from posts")}
    assert fetched and not fetched & posts
    assert not any("/comment-page-" in url for url in fetched)
    assert query(archive, "select count(*) from posts") == query(demo_archive, "select count(*) from posts")

"""``crawl --max-pages N`` archives exactly N responses: counted in the WARC files read back, not in the
crawl's own counters. Responses in flight when the limit is reached are dropped, not archived."""

from __future__ import annotations

from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import DemoServer

from .conftest import assert_rebuild_equals_crawl, crawl, query

READERS = {"in the crawl's process": ("-s", "CLEAN_WORKERS=1"), "in page readers": ()}


def warc_responses(archive: Path, crawl_id: str | None = None) -> int:
    """Response and revisit records in the archive's WARC files (of one crawl, if given)."""
    count = 0
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        if crawl_id is not None and crawl_id not in path.name:
            continue
        with open(path, "rb") as stream:
            count += sum(record.rec_type in ("response", "revisit") for record in ArchiveIterator(stream))
    return count


@pytest.mark.parametrize("readers", READERS.values(), ids=READERS.keys())
@pytest.mark.parametrize("limit", [1, 3, 7, 20])
def test_max_pages_archives_exactly_n_responses(demo_blog, tmp_path, limit, readers):
    archive = tmp_path / "archive"
    result = crawl(demo_blog.base_url, archive, "--max-pages", str(limit), *readers)
    assert result.returncode == 0, result.stderr
    assert warc_responses(archive) == limit
    assert query(archive, "select count(*) from captures") == [(limit,)]
    assert query(archive, "select status from crawls") == [("max_pages",)]
    assert f"stopped at --max-pages {limit}" in result.stderr
    assert "Error" not in result.stderr and "is it a blog" not in result.stderr
    if query(archive, "select count(*) from posts") == [(0,)]:
        assert "before any post page was read; raise --max-pages" in result.stderr


def test_every_archived_response_is_read_before_the_crawl_closes(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    assert crawl(demo_blog.base_url, archive, "--max-pages", "20").returncode == 0
    assert query(archive, "select count(*) from posts") != [(0,)]
    assert_rebuild_equals_crawl(archive, tmp_path)  # nothing archived was left unread at the limit


def test_a_recrawl_counts_its_revisits(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    assert crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=3").returncode == 0
    # every page asked for again: what did not change is archived as a revisit record, and counts
    result = crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=3", "-s", "RECHECK_OLD_EVERY_DAYS=0",
                   "--max-pages", "7")
    assert result.returncode == 0, result.stderr
    [(second,)] = query(archive, "select id from crawls order by started_at desc limit 1")
    captures, revisits = query(archive, "select count(*), count(refers_to) from captures where crawl_id = ?",
                               (second,))[0]
    assert (captures, warc_responses(archive, second)) == (7, 7)
    assert revisits >= 5
    assert query(archive, "select status from crawls where id = ?", (second,)) == [("max_pages",)]
    assert "stopped at --max-pages 7" in result.stderr


def test_a_site_without_posts_is_still_no_blog_under_a_limit_it_never_reaches(tmp_path):
    page = b"<html><body><h1>Plumbing supplies</h1><p>Call us.</p></body></html>"
    routes = {"/": lambda handler: (200, {"Content-Type": "text/html; charset=UTF-8"}, page)}
    server = DemoServer(routes=routes, with_blog=False).start()
    try:
        result = crawl(server.base_url, tmp_path / "a", "--max-pages", "50")
    finally:
        server.stop()
    assert result.returncode == 1, result.stderr
    assert "is it a blog?" in result.stderr and "stopped at --max-pages" not in result.stderr

"""reprocess: archive.db rebuilt from the WARC files alone equals the one the crawl wrote."""

from __future__ import annotations

import shutil


from .conftest import assert_one_line_error, query, run_cli

TABLES = {
    "posts": "select id, url, site, title, author, published, text, language, platform, comments_source, "
             "capture_id, external_thread from posts order by id",
    "comments": "select id, post_id, native_id, parent_id, author, author_url, published, text, is_spam, "
                "spam_reason, duplicate_of, kind, capture_id from comments order by id",
    "captures": "select id, url, status, fetched_at, content_type, warc_file, warc_offset, warc_length, "
                "payload_digest, crawl_id from captures order by id",
    "sites": "select id, url, platform from sites order by id",
}


def _rebuilt_equals_crawled(archive, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(archive, copy)
    crawled = {name: query(copy, sql) for name, sql in TABLES.items()}
    (copy / "archive.db").unlink()  # nothing but the WARCs left
    for leftover in ("archive.db-wal", "archive.db-shm"):
        (copy / leftover).unlink(missing_ok=True)
    result = run_cli("reprocess", "--archive", str(copy))
    assert result.returncode == 0, result.stderr
    for name, sql in TABLES.items():
        assert query(copy, sql) == crawled[name], name
    search = run_cli("search", "kindness", "--archive", str(copy), "--json")
    assert search.returncode == 0 and search.stdout.strip()  # FTS rebuilt too


def test_rebuild_of_a_page_crawl(demo_archive, tmp_path):
    _rebuilt_equals_crawled(demo_archive, tmp_path)


def test_rebuild_keeps_api_and_feed_comments(tmp_path):
    from .blogosphere import blogger_site, listing_sites, substack_site, wordpress_rest_site

    sites = [substack_site(), blogger_site(), wordpress_rest_site(0.0), listing_sites()[0][1:]]
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("".join(server.base_url + "\n" for server, _ in sites))
    archive = tmp_path / "archive"
    try:
        crawled = run_cli("crawl", "--seeds", str(seeds), "--archive", str(archive), "-s", "DOWNLOAD_DELAY=0",
                          "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0")
    finally:
        for server, _ in sites:
            server.stop()
    assert crawled.returncode == 0, crawled.stderr
    assert query(archive, "select count(*) from comments")[0][0] > 50
    _rebuilt_equals_crawled(archive, tmp_path)


def test_rebuild_survives_a_torn_warc_tail(demo_archive, tmp_path):
    copy = tmp_path / "torn"
    shutil.copytree(demo_archive, copy)
    warc = sorted((copy / "warc").glob("*.warc.gz"))[-1]
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 2000])  # a crawl killed in the middle of its last records
    result = run_cli("reprocess", "--archive", str(copy))
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "skipped" in result.stderr  # named, one line, not a traceback
    assert "Traceback" not in result.stderr
    crawled = dict(query(demo_archive, "select id, text from posts"))
    rebuilt = dict(query(copy, "select id, text from posts"))
    assert rebuilt.items() <= crawled.items() and len(rebuilt) >= len(crawled) - 1


def test_reprocess_without_warcs_is_a_user_error(tmp_path):
    assert_one_line_error(run_cli("reprocess", "--archive", str(tmp_path)), "no WARC files")


def test_reprocess_runs_without_scrapy():
    import subprocess
    import sys

    code = "import sys, crawler.reprocess; assert 'scrapy' not in sys.modules and 'twisted' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0

"""reprocess: archive.db rebuilt from the WARC files alone equals the one the crawl wrote."""

from __future__ import annotations

import shutil

from .conftest import assert_one_line_error, assert_rebuild_equals_crawl, query, run_cli


def test_rebuild_of_a_page_crawl(demo_archive, tmp_path):
    assert_rebuild_equals_crawl(demo_archive, tmp_path)


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
    assert_rebuild_equals_crawl(archive, tmp_path)


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


def _challenge_page(root: str) -> bytes:
    """A response the crawl asked for as Substack's comments JSON that came back as an HTML challenge
    page, with the metadata record a crawl writes beside it: two gzip members, as in a crawl's WARC."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    url = root + "api/v1/post/7/comments?all_comments=true"
    body = b"<html><body>Just a moment... checking your browser</body></html>"
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    response = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http)
    writer.write_record(response)
    fields = f"handler: thread\r\nroot: {root}\r\npost_url: {root}p/7/\r\nsource: substack-api\r\nparser: substack\r\n"
    metadata = writer.create_warc_record(url, "metadata", payload=io.BytesIO(fields.encode()), length=len(fields),
                                         warc_content_type="application/warc-fields",
                                         warc_headers_dict={"WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
    writer.write_record(metadata)
    return buffer.getvalue()


def test_damage_in_a_warc_costs_only_the_damaged_records(demo_archive, tmp_path):
    """A non-JSON answer where JSON was asked for, garbage between records and a torn tail, all in one
    file: each is one warning naming the file and offset, and every other record is rebuilt."""
    from archive.warc_reader import WarcEntry, scan

    copy = tmp_path / "damaged"
    shutil.copytree(demo_archive, copy)
    warc = sorted((copy / "warc").glob("*.warc.gz"))[-1]
    data = warc.read_bytes()
    responses = [e for e in scan(warc) if isinstance(e, WarcEntry) and e.rec_type == "response"]
    middle = responses[len(responses) // 2].offset
    root = query(copy, "select url from sites")[0][0]
    challenge = _challenge_page(root)
    garbage = b"\x1f\x8b\x08 this is not a record\n" * 3
    warc.write_bytes(data[:middle] + challenge + garbage + data[middle:len(data) - 1500])
    crawled = dict(query(copy, "select id, text from posts"))
    crawled_comments = dict(query(copy, "select id, text from comments"))

    result = run_cli("reprocess", "--archive", str(copy))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 3, warnings
    assert f"{warc.name}@{middle}: {root}api/v1/post/7/comments" in warnings[0] and "thread" in warnings[0]
    assert f"{warc.name}@{middle + len(challenge)}:" in warnings[1] and "not a readable WARC record" in warnings[1]
    assert "incomplete record" in warnings[2]
    rebuilt = dict(query(copy, "select id, text from posts"))
    rebuilt_comments = dict(query(copy, "select id, text from comments"))
    # everything after the damage in the middle is there; at most the torn last page is lost
    assert rebuilt.items() <= crawled.items() and len(rebuilt) >= len(crawled) - 1
    assert rebuilt_comments.items() <= crawled_comments.items()
    assert len(rebuilt_comments) >= len(crawled_comments) - 20
    assert query(copy, "select count(*) from captures where url like '%api/v1/post/7%'") == [(1,)]


def test_archives_written_before_the_handlers_had_names_rebuild_too(tmp_path):
    """Metadata records of older crawls name the spider's method (``parse_wordpress_comments``) and
    hyphenated facts (``post-url``): a rebuild still gives the response to the same handler."""
    import io
    import json

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    root, post = "https://blog.example.org/", "https://blog.example.org/2021/03/on-silence/"
    comments = [{"id": 7, "parent": 0, "author_name": "Ana", "date_gmt": "2021-03-04T10:00:00",
                 "content": {"rendered": "<p>Thank you for this.</p>"}},
                {"id": 8, "parent": 7, "author_name": "Nora", "date_gmt": "2021-03-04T11:00:00",
                 "content": {"rendered": "<p>Glad it helped.</p>"}}]
    body = json.dumps(comments).encode()
    (tmp_path / "warc").mkdir()
    with open(tmp_path / "warc" / "therapy-archive-old.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        url = root + "wp-json/wp/v2/comments?post=12&per_page=100&page=1&order=asc"
        http = StatusAndHeaders("200 OK", [("Content-Type", "application/json"), ("X-WP-TotalPages", "1")],
                                protocol="HTTP/1.1")
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                             http_headers=http)
        writer.write_record(response)
        fields = (f"handler: parse_wordpress_comments\r\nroot: {root}\r\npost-url: {post}\r\npost-id: 12\r\n"
                  "page: 1\r\n").encode()
        writer.write_record(writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(fields), length=len(fields), warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")}))
    result = run_cli("reprocess", "--archive", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    rows = query(tmp_path, "select p.url, c.native_id, c.author, c.text, c.parent_id is not null "
                           "from comments c join posts p on p.id = c.post_id order by c.position")
    assert rows == [(post, "c-7", "Ana", "Thank you for this.", 0), (post, "c-8", "Nora", "Glad it helped.", 1)]

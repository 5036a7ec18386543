"""A full crawl of the demo blog (classic WordPress markup) served on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys

from archive.store import stable_id
from archive.warc_reader import read_response
from crawler.demo.content import POSTS, PRIVATE_PATH
from warcio.archiveiterator import ArchiveIterator

from .conftest import assert_one_line_error, crawl, query, run_cli

BOILERPLATE = [
    "Leave a Reply", "Share this", "Like this", "Like Loading", "You are commenting using", "Log Out",
    "Fill in your details", "2 + three", "Your email address will not be published", "Required fields",
    "Complement your reading", "Learn more by visiting", "Look into this helpful content",
    "Bookmark the permalink", "This entry was posted in", "About Maya", "About Samuel", "says:", "Older comments",
    "Post Comment", "We use cookies", "Related",
]


def post_id(base: str, post) -> str:
    return stable_id(base.rstrip("/") + post.path)


def test_every_post_is_archived_clean(demo_blog, demo_archive):
    rows = {r[0]: r[1:] for r in query(demo_archive, "select url, title, author, published, text from posts")}
    expected = {demo_blog.base_url.rstrip("/") + p.path: p for p in POSTS}
    assert set(rows) == set(expected)
    for url, post in expected.items():
        title, author, published, text = rows[url]
        assert (title, author, published) == (post.title, post.author, post.date)
        assert text == "\n\n".join(post.paragraphs), url


def test_every_comment_is_archived_with_its_thread(demo_blog, demo_archive):
    rows = query(demo_archive, """select p.url, c.native_id, c.parent_id, c.author, c.author_url, c.published,
                                  c.text, c.is_spam, c.duplicate_of, c.kind from comments c join posts p on p.id = c.post_id""")
    got = {(r[0], r[1]): r[2:] for r in rows}
    base = demo_blog.base_url.rstrip("/")
    expected = {}
    for post in POSTS:
        pid = post_id(base, post)
        for c in post.comments:
            expected[(base + post.path, f"c-{c.id}")] = (
                stable_id(pid, f"c-{c.parent}") if c.parent else None, c.author, c.author_url, c.date, c.text,
                int(c.spam), stable_id(pid, f"c-{c.duplicate_of}") if c.duplicate_of else None, c.kind,
            )
    assert len(rows) == len(got)  # no comment stored twice
    assert got == expected


def test_show_prints_a_post_with_its_thread_nested_and_spam_marked(demo_blog, demo_archive):
    post = next(p for p in POSTS if any(c.spam for c in p.comments) and any(c.parent for c in p.comments))
    shown = run_cli("show", demo_blog.base_url.rstrip("/") + post.path + "#comments", "--archive", str(demo_archive))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == post.title and f"{len(post.comments)} comments" in lines

    def heading(comment):  # the line that opens a comment: its author and date, indented by its depth
        return next(line for line in lines if line.lstrip().startswith(f"- {comment.author}, {comment.date}"))

    def depth(comment):
        return 0 if comment.parent is None else 1 + depth(next(c for c in post.comments if c.id == comment.parent))

    for comment in post.comments:
        line = heading(comment)
        assert len(line) - len(line.lstrip()) == 4 * depth(comment), line
        assert ("[spam: " in line) == comment.spam
        assert ".warc.gz@" in line
    # replies come right after what they answer, before the next comment on the post
    order = [lines.index(heading(c)) for c in post.comments]
    for comment in post.comments:
        if comment.parent:
            assert order[post.comments.index(comment)] > lines.index(
                heading(next(c for c in post.comments if c.id == comment.parent)))
    # the thread spans two comment pages; comments on the post come oldest first across them
    on_post = sorted((c for c in post.comments if c.parent is None), key=lambda c: lines.index(heading(c)))
    assert [c.date for c in on_post] == sorted(c.date for c in on_post)
    missing = run_cli("show", demo_blog.base_url + "no-such-post/", "--archive", str(demo_archive))
    assert_one_line_error(missing, "no post in the archive")


def test_no_boilerplate_reaches_the_archive(demo_archive):
    texts = [r[0] for r in query(demo_archive, "select text from posts union all select text from comments")]
    for text in texts:
        for phrase in BOILERPLATE:
            assert phrase not in text, (phrase, text)
    # the author's own sentence that merely sounds like a form label stays
    assert any("Leave a reply below if this resonated" in t for t in texts)


def test_robots_and_traps_are_respected(demo_blog, demo_archive):
    urls = [r[0] for r in query(demo_archive, "select url from captures")]
    requested = [r.path for r in demo_blog.requests]
    assert not [u for u in urls + requested if u.startswith(PRIVATE_PATH) or PRIVATE_PATH in u]
    for trap in ("replytocom", "?m=", "/2021/01/14/", "wp-login", "?share=", "/comments/feed/", "?s="):
        assert not [u for u in urls if trap in u], trap
    listing_pages = [u for u in urls if "/page/" in u]
    assert listing_pages and max(int(u.rstrip("/").rsplit("/", 1)[1]) for u in listing_pages) == 6
    assert all("therapy-archive/" in r.user_agent for r in demo_blog.requests)


def test_second_crawl_adds_no_posts_or_comments(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    assert crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=3").returncode == 0
    before = query(archive, "select id, text from posts union all select id, text from comments order by 1")
    captures_before = query(archive, "select count(*) from captures")[0][0]
    # every page read again (the demo's posts are old: by default a re-crawl this soon would leave them alone)
    assert crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=3", "-s", "RECHECK_OLD_EVERY_DAYS=0").returncode == 0
    after = query(archive, "select id, text from posts union all select id, text from comments order by 1")
    assert after == before
    assert query(archive, "select count(*) from captures")[0][0] == 2 * captures_before
    assert query(archive, "select count(*), count(finished_at) from crawls")[0] == (2, 2)


def test_warc_files_pass_warcio_check(demo_archive):
    files = sorted((demo_archive / "warc").glob("*.warc.gz"))
    assert files
    result = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", *map(str, files)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "digest pass" in result.stdout and "fail" not in result.stdout.lower()


def test_each_file_opens_with_warcinfo_and_records_are_paired(demo_archive):
    for path in (demo_archive / "warc").glob("*.warc.gz"):
        with open(path, "rb") as stream:
            records = list((r.rec_type, r.rec_headers) for r in ArchiveIterator(stream))
        assert records[0][0] == "warcinfo"
        assert records[0][1].get_header("WARC-Type") == "warcinfo"
        responses = {h.get_header("WARC-Record-ID") for t, h in records if t in ("response", "revisit")}
        concurrent = {h.get_header("WARC-Concurrent-To") for t, h in records if t == "request"}
        assert responses and responses == concurrent
        assert all(h.protocol == "WARC/1.1" for _, h in records)


def test_every_post_reads_back_from_its_warc_offset(demo_archive):
    rows = query(demo_archive, """select p.title, c.warc_file, c.warc_offset, c.warc_record_id, c.payload_digest
                                  from posts p join captures c on c.id = p.capture_id""")
    assert len(rows) == len(POSTS)
    for title, warc_file, offset, record_id, digest in rows:
        record, body = read_response(demo_archive / "warc" / warc_file, offset)
        assert record.rec_headers.get_header("WARC-Record-ID") == record_id
        assert record.rec_headers.get_header("WARC-Payload-Digest") == digest
        # stored as sent: the server gzipped the page, and the record keeps that encoding
        assert record.http_headers.get_header("Content-Encoding") == "gzip"
        assert title.encode() in body


def test_search_finds_posts_and_comments(demo_archive):
    result = run_cli("search", "repair", "--archive", str(demo_archive), "--json")
    assert result.returncode == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert {h["type"] for h in hits} == {"post", "comment"}
    for hit in hits:
        assert set(hit) >= {"type", "url", "title", "author", "published", "site", "snippet", "rank"}
        assert "<mark>" in hit["snippet"]
    assert hits[0]["rank"] <= hits[-1]["rank"]  # best first (bm25: lower is better)
    comment_hits = [h for h in hits if h["type"] == "comment"]
    assert all(h["title"] == "On Rupture and Repair" for h in comment_hits)

    text = run_cli("search", '"first session"', "--archive", str(demo_archive), "--limit", "1")
    assert text.returncode == 0 and "What Happens in a First Session" in text.stdout
    assert len([line for line in text.stdout.splitlines() if line[:2] == "1."]) == 1


def test_malformed_search_queries_get_one_line_errors(demo_archive):
    for bad in ('"unbalanced', "AND", "kindness OR", "grief NOT"):
        result = run_cli("search", bad, "--archive", str(demo_archive))
        assert_one_line_error(result, "invalid search query")
        assert len(result.stderr.strip().splitlines()) == 1


def test_stats_json_matches_the_archive(demo_archive):
    result = run_cli("stats", "--archive", str(demo_archive), "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    files = list((demo_archive / "warc").glob("*.warc.gz"))
    assert stats == {
        "sites": 1, "posts": len(POSTS), "comments": sum(len(p.comments) for p in POSTS),
        "spam_comments": sum(c.spam for p in POSTS for c in p.comments),
        "captures": query(demo_archive, "select count(*) from captures")[0][0],
        "warc_files": len(files), "warc_bytes": sum(f.stat().st_size for f in files),
    }


def test_progress_lines_and_summary(demo_blog, tmp_path):
    slow = ["-s", "PROGRESS_INTERVAL=0.2", "-s", "DOWNLOAD_DELAY=0.1", "-s", "LISTING_MAX_PAGE=3"]
    result = run_cli("crawl", demo_blog.base_url, "--archive", str(tmp_path / "a"),
                     "-s", "AUTOTHROTTLE_ENABLED=false", *slow)
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("[crawl]")]
    assert len(progress) >= 2 and "pages/s" in progress[0]
    assert f"{len(POSTS)} posts, {sum(len(p.comments) for p in POSTS)} comments, 0 errors" in result.stderr

    quiet = run_cli("crawl", demo_blog.base_url, "--archive", str(tmp_path / "b"), "--quiet",
                    "-s", "AUTOTHROTTLE_ENABLED=false", *slow)
    assert quiet.returncode == 0 and "[crawl]" not in quiet.stderr

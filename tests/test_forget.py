"""``forget`` on real archives of the demo blog: what it names leaves search, exports and the FTS indexes,
and stays out of every later write (a re-crawl, ``reprocess``, ``ingest``); the WARC files keep it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from archive.lock import ArchiveLock
from archive.records import Comment, Post, Thread
from archive.store import Store
from archive.tombstones import add_tombstone, apply, forgotten

from .conftest import assert_one_line_error, crawl, query, run_cli

SAMUEL = "Samuel Osei"  # writes two of the demo posts and two comments


@pytest.fixture
def archive(demo_archive, tmp_path) -> Path:
    """A copy of the shared demo archive, to forget in."""
    copy = tmp_path / "archive"
    shutil.copytree(demo_archive, copy)
    return copy


def forget(archive: Path, *args: str):
    result = run_cli("forget", *args, "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    return result.stderr.strip()


def search_authors(archive: Path, query_text: str) -> list[str]:
    result = run_cli("search", query_text, "--json", "--include-spam", "--limit", "1000", "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["author"] for line in result.stdout.splitlines()]


def exported_authors(archive: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "export.jsonl"
    result = run_cli("export", "--format", "jsonl", "--out", str(out), "--archive", str(archive), "--force")
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["author"] for line in out.read_text().splitlines()]


def assert_index_matches_rows(archive: Path) -> None:
    with sqlite3.connect(archive / "archive.db") as conn:
        for table in ("posts", "comments"):
            conn.execute(f"insert into {table}_fts({table}_fts) values ('integrity-check')")
    for table in ("posts", "comments"):
        assert query(archive, f"select count(*) from {table}_fts") == query(archive, f"select count(*) from {table}")


def post_of(archive: Path, author: str) -> str:
    return query(archive, "select url from posts where author = ? order by url", [author])[0][0]


def left(archive: Path, author: str = SAMUEL) -> int:
    """Rows of posts and comments by ``author``, any case."""
    return sum(query(archive, f"select count(*) from {table} where lower(author) = lower(?)", [author])[0][0]
               for table in ("posts", "comments"))


def test_forget_author_removes_their_comments_and_posts_everywhere(archive, tmp_path):
    posts = query(archive, "select id from posts where author = ?", [SAMUEL])
    on_them = query(archive, f"select count(*) from comments where post_id in ({', '.join('?' * len(posts))}) "
                             "or author = ?", [p[0] for p in posts] + [SAMUEL])[0][0]
    assert len(posts) == 2 and SAMUEL in search_authors(archive, f'author:"{SAMUEL}"')
    before = query(archive, "select count(*) from captures")

    said = forget(archive, "--author", "  samuel   OSEI ")

    assert said == (f"forgot {on_them} comments and 2 posts by samuel OSEI; later crawls, reprocess and ingest "
                    "leave them out")
    assert left(archive) == 0 and search_authors(archive, f'author:"{SAMUEL}"') == []
    assert SAMUEL not in exported_authors(archive, tmp_path)
    assert query(archive, "select count(*) from post_versions where post_id not in (select id from posts)") == [(0,)]
    assert query(archive, "select count(*) from captures") == before  # they describe the WARC, which stays
    assert_index_matches_rows(archive)


def test_forget_a_post_by_any_of_its_addresses(archive):
    url = post_of(archive, "Maya Lindqvist")
    comments = query(archive, "select count(*) from comments c join posts p on p.id = c.post_id where p.url = ?",
                     [url])[0][0]
    said = forget(archive, "--url", url.replace("http://", "HTTP://").rstrip("/") + "/comment-page-1/#respond")
    assert said.startswith(f"forgot {comments} comments and 1 post at ")
    assert query(archive, "select count(*) from posts where url = ?", [url]) == [(0,)]
    shown = run_cli("show", url, "--archive", str(archive))
    assert_one_line_error(shown, "no post in the archive")
    assert_index_matches_rows(archive)


def test_forget_one_comment_by_its_own_address(archive):
    url, author, post_id = query(archive, "select url, author, post_id from comments where url like '%#comment-%' "
                                          "order by url limit 1")[0]
    others = query(archive, "select count(*) from comments where post_id = ?", [post_id])[0][0] - 1
    assert forget(archive, "--url", url) == f"forgot 1 comment at {url}; later crawls, reprocess and ingest leave it out"
    assert query(archive, "select count(*) from comments where post_id = ?", [post_id]) == [(others,)]
    assert query(archive, "select count(*) from posts where id = ?", [post_id]) == [(1,)]
    assert_index_matches_rows(archive)


def test_forget_a_site_and_what_matches_nothing(archive, tmp_path):
    host = query(archive, "select url from sites")[0][0].split("/")[2]
    said = forget(archive, "--site", f"www.{host}")
    assert said.startswith("forgot ") and f"of www.{host}" in said
    assert [query(archive, f"select count(*) from {t}")[0][0] for t in ("posts", "comments", "sites")] == [0, 0, 0]
    assert exported_authors(archive, tmp_path) == []
    assert_index_matches_rows(archive)
    nothing = forget(archive, "--site", "nowhere.example.org")
    assert nothing == ("nothing in the archive matches --site 'nowhere.example.org'; recorded, so future crawls "
                       "leave it out")
    assert "forgotten already" in forget(archive, "--site", "NOWHERE.example.org")
    assert query(archive, "select kind, key from tombstones order by id") == [
        ("site", host), ("site", "nowhere.example.org")]


def test_what_is_forgotten_stays_out_of_reprocess_a_recrawl_and_ingest(archive, demo_blog, tmp_path):
    comment_url = query(archive, "select url from comments where author = 'Noor' order by url limit 1")[0][0]
    post_url = post_of(archive, "Maya Lindqvist")
    forget(archive, "--author", SAMUEL)
    forget(archive, "--url", comment_url)
    forget(archive, "--url", post_url)
    kept = query(archive, "select id from comments order by id")
    assert kept and not query(archive, "select 1 from comments where url = ?", [comment_url])

    def assert_still_forgotten():
        assert left(archive) == 0
        assert query(archive, "select count(*) from comments where url = ?", [comment_url]) == [(0,)]
        assert query(archive, "select count(*) from posts where url = ?", [post_url]) == [(0,)]
        assert query(archive, "select id from comments order by id") == kept
        assert query(archive, "select count(*) from tombstones") == [(3,)]
        assert_index_matches_rows(archive)

    rebuilt = run_cli("reprocess", "--archive", str(archive))
    assert rebuilt.returncode == 0 and "warning" not in rebuilt.stderr, rebuilt.stderr
    assert_still_forgotten()
    again = crawl(demo_blog.base_url, archive, "-s", "LISTING_MAX_PAGE=6", "-s", "RECHECK_OLD_EVERY_DAYS=0")
    assert again.returncode == 0, again.stderr
    assert_still_forgotten()
    elsewhere = tmp_path / "elsewhere"  # another crawl of the blog: WARC files the archive does not hold yet
    assert crawl(demo_blog.base_url, elsewhere, "-s", "LISTING_MAX_PAGE=6").returncode == 0
    ingested = run_cli("ingest", *map(str, sorted((elsewhere / "warc").iterdir())), "--archive", str(archive))
    assert ingested.returncode == 0 and "ingested 1 files" in ingested.stderr, ingested.stderr
    assert_still_forgotten()


def test_a_rebuild_beside_a_corrupt_archive_says_it_lost_the_tombstones(archive):
    forget(archive, "--author", SAMUEL)
    (archive / "archive.db").write_bytes(b"not a database, not any more" * 100)
    for name in ("archive.db-wal", "archive.db-shm"):
        (archive / name).unlink(missing_ok=True)
    rebuilt = run_cli("reprocess", "--archive", str(archive))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "warning: the tombstones of" in rebuilt.stderr and "run forget again" in rebuilt.stderr
    assert left(archive) > 0  # nothing could say otherwise: the warning is the whole defence


def test_forget_while_a_crawl_holds_the_archive_is_one_line(archive):
    with ArchiveLock(archive):
        busy = run_cli("forget", "--author", SAMUEL, "--archive", str(archive))
    assert_one_line_error(busy, f"archive {archive} is in use by another crawl")
    assert left(archive) > 0 and query(archive, "select name from sqlite_master where name = 'tombstones'") == []


@pytest.mark.parametrize("args", [(), ("--author", "A", "--site", "b.org")])
def test_forget_wants_exactly_one_thing(archive, args):
    result = run_cli("forget", *args, "--archive", str(archive))
    assert_one_line_error(result, "give exactly one of --author NAME, --url URL, --site HOST")
    assert len(result.stderr.strip().splitlines()) == 1


def test_forget_in_a_folder_without_an_archive_is_one_line(tmp_path):
    assert_one_line_error(run_cli("forget", "--site", "a.org", "--archive", str(tmp_path / "none")), "no archive at")


BLOG = "https://blog.example.org/"


def test_a_thread_read_before_the_page_of_a_forgotten_author_leaves_no_row(tmp_path):
    """Comments from an API may come before the page that names the post's author: the page, when it
    comes, takes the bare row the thread made with it."""
    store = Store.in_folder(tmp_path)
    add_tombstone(store.db, "author", "nora")
    store.forgotten = forgotten(store.db)
    url = f"{BLOG}waiting/"
    thread = Thread(url, BLOG, (Comment("c-1", None, "Eve", None, "The lighthouse."),), None, "2021-03-05", "api")
    page = Post(url, BLOG, "Waiting", "Nora", None, "A post.", "en", "generic", "inline", None, "2021-03-05")
    store.write([thread])
    assert store.counts()["comments"] == 1
    store.write([page])
    store.write([thread, Post(url, BLOG, None, None, None, "", None, None, None, None, "2021-03-06",
                              comment_page=True)])
    assert (store.counts()["posts"], store.counts()["comments"]) == (0, 0)
    store.close()


def test_apply_and_write_agree_on_what_a_comment_address_names(tmp_path):
    store = Store.in_folder(tmp_path)
    comments = (Comment("c-1", None, "Eve", None, "Kept.", url=f"{BLOG}waiting/#comment-1"),
                Comment("c-2", None, "Sam", None, "Gone.", url=f"{BLOG}waiting/comment-page-2/#comment-2"))
    post = Post(f"{BLOG}waiting/", BLOG, "Waiting", "Nora", None, "A post.", "en", "generic", "inline", None,
                "2021-03-05", comments)
    store.write([post])
    tombstone = add_tombstone(store.db, "url", "https://www.blog.example.org/waiting#comment-2")
    assert tombstone.names_comment and apply(store.db, tombstone).comments == 1
    store.forgotten = forgotten(store.db)
    store.write([post])
    assert [row[0] for row in store.db.execute("select author from comments")] == ["Eve"]
    store.close()

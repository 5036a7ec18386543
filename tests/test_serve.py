"""``therapy-archive serve``: Datasette over the archive, read-only, on 127.0.0.1. The canned queries are
asked through Datasette's JSON API and checked against what archive.db and ``show`` say; a missing archive
and a taken port are one-line errors."""

from __future__ import annotations

import shutil
import socket
import sqlite3
from urllib.parse import urlencode

import pytest

from archive.reader import connect_read_only
from archive.serve_metadata import metadata, queries, schema
from archive.thread import post_thread

from .conftest import assert_one_line_error, query, read_only_mount, run_cli
from .serving import get_json, served


@pytest.fixture(scope="module")
def server(demo_archive):
    with served(demo_archive) as base:
        yield base


def canned(base: str, name: str, **params) -> list[dict]:
    return get_json(f"{base}/archive/{name}.json?" + urlencode({**params, "_shape": "array"}))


def test_serve_refuses_a_missing_archive(tmp_path):
    result = run_cli("serve", "--archive", str(tmp_path / "none"))
    assert result.returncode == 1
    assert_one_line_error(result, "no archive at", "therapy-archive crawl")
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_refuses_a_port_in_use(demo_archive):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_cli("serve", "--archive", str(demo_archive), "--port", str(taken.getsockname()[1]))
    assert result.returncode == 1
    assert_one_line_error(result, "is in use", "--port")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_archive_is_described_searchable_and_labelled(server, demo_archive):
    data = get_json(f"{server}/archive.json")
    tables = {t["name"]: t for t in data["tables"]}
    assert tables["comments"]["fts_table"] == "comments_fts" and tables["posts"]["fts_table"] == "posts_fts"
    hits = get_json(f"{server}/archive/comments.json?_search=repair&_labels=on&_shape=objects")
    assert {row["id"] for row in hits["rows"]} == {row[0] for row in query(
        demo_archive, "select id from comments where rowid in (select rowid from comments_fts where comments_fts "
                      "match 'repair')")}
    post_id = hits["rows"][0]["post_id"]  # a foreign key: shown with its post's title, linked to the post
    assert post_id["label"] == query(demo_archive, "select title from posts where id = ?", [post_id["value"]])[0][0]
    posts = get_json(f"{server}/archive/posts.json?_labels=on&_shape=objects")
    assert set(posts["facet_results"]) >= {"site", "author", "platform", "language", "published_utc", "published_year"}
    years = {row["value"]: row["count"] for row in posts["facet_results"]["published_year"]["results"]}
    assert years == dict(query(demo_archive, "select substr(published_utc, 1, 4) + 0, count(*) from posts "
                                             "where published_utc is not null group by 1"))
    assert posts["rows"][0]["site"]["label"].startswith("http://127.0.0.1:")  # the site's URL, not its hash


def test_a_post_and_its_thread_in_the_order_show_gives(server, demo_archive):
    conn = connect_read_only(demo_archive)
    try:
        post_id = query(demo_archive, "select post_id from comments where parent_id is not null limit 1")[0][0]
        thread = post_thread(conn, post_id)
    finally:
        conn.close()
    for key in (thread.id, thread.url, thread.url + "#comments"):
        rows = canned(server, "post_thread", post=key)
        assert rows[0]["row"] == "post" and rows[0]["title"] == thread.title and rows[0]["text"] == thread.text
        assert [(r["id"], r["depth"], r["parent_id"]) for r in rows[1:]] == [
            (c.id, c.depth, c.parent_id) for c in thread.comments]
        assert rows[0]["warc_file"] == thread.capture.warc_file and rows[0]["warc_offset"] == thread.capture.offset


def test_threads_with_most_replies(server, demo_archive):
    rows = canned(server, "most_replies")
    expected = dict(query(demo_archive, "select post_id, count(*) from comments where not is_spam "
                                        "and duplicate_of is null group by post_id"))
    assert {r["id"]: r["comments"] for r in rows} == expected
    assert [r["comments"] for r in rows] == sorted(expected.values(), reverse=True)


def test_new_comments_since_the_last_crawl(server, demo_archive):
    rows = canned(server, "new_comments")
    expected = query(demo_archive, "select count(*) from comments where julianday(first_seen) >= "
                                   "(select julianday(started_at) from crawls order by started_at desc limit 1)")
    assert len(rows) == expected[0][0] > 0  # one crawl: every comment is new


def test_search_comments(server, demo_archive):
    rows = canned(server, "search_comments", q="repair")
    expected = query(demo_archive, "select c.id, p.title from comments_fts join comments c on c.rowid = "
                                   "comments_fts.rowid join posts p on p.id = c.post_id where comments_fts match "
                                   "'repair' order by rank")
    assert [(r["id"], r["title"]) for r in rows] == expected
    assert all("**repair**" in r["snippet"].lower() for r in rows if "repair" in r["snippet"].lower())


def test_the_stored_text_of_a_post(server, demo_archive):
    url, title, text, warc_file, offset = query(
        demo_archive, "select p.url, p.title, p.text, c.warc_file, c.warc_offset from posts p "
                      "join captures c on c.id = p.capture_id limit 1")[0]
    [row] = canned(server, "post_text", post=url)
    assert (row["title"], row["text"], row["warc_file"], row["warc_offset"]) == (title, text, warc_file, offset)


def test_metadata_describes_only_the_columns_the_archive_has_and_uses_newer_ones(demo_archive, tmp_path):
    """Columns later versions added (comments.url, published_utc, posts.is_spam) are used when present, and
    every canned query is valid SQL on an archive made before them (served read-only, so not migrated)."""
    copy = tmp_path / "archive"
    shutil.copytree(demo_archive, copy)
    with sqlite3.connect(copy / "archive.db") as db:
        after = schema(db)
        for canned_query in queries(after).values():
            db.execute(canned_query["sql"], {"post": "x", "q": "repair"}).fetchall()
        for table, column in (("comments", "url"), ("comments", "published_year"), ("comments", "published_utc"),
                              ("posts", "published_year"), ("posts", "published_utc"), ("posts", "is_spam")):
            db.execute(f"alter table {table} drop column {column}")
        before = schema(db)
        for canned_query in queries(before).values():
            db.execute(canned_query["sql"], {"post": "x", "q": "repair"}).fetchall()
    old, new = (metadata(columns)["databases"]["archive"] for columns in (before, after))
    assert "url" not in old["tables"]["comments"]["columns"] and "url" in new["tables"]["comments"]["columns"]
    assert "c.url" in new["queries"]["search_comments"]["sql"] and "c.url" not in old["queries"]["search_comments"]["sql"]
    assert {"date": "published_utc"} in new["tables"]["posts"]["facets"]
    assert {"date": "published"} in old["tables"]["posts"]["facets"]
    assert metadata({"posts": ["id", "title"]})["databases"]["archive"]["tables"] == {
        "posts": {"description": metadata(before)["databases"]["archive"]["tables"]["posts"]["description"],
                  "columns": {"id": "Stable id from the canonical URL", "title": "Title"}, "label_column": "title"}}


def test_serve_works_on_a_read_only_folder(demo_archive, tmp_path):
    """A real read-only mount (root ignores file modes), the WAL checkpointed away as a finished archive lies."""
    settled = tmp_path / "archive"
    shutil.copytree(demo_archive, settled, ignore=shutil.ignore_patterns("*-wal", "*-shm", ".lock"))
    with read_only_mount(settled, tmp_path) as mount, served(mount) as base:
        assert len(get_json(f"{base}/archive/posts.json?_shape=array")) == query(
            settled, "select count(*) from posts")[0][0]
        assert canned(base, "search_comments", q="repair")


def test_the_names_of_the_forgotten_are_not_browsed():
    assert metadata({"tombstones": ["id", "kind", "value"]})["databases"]["archive"]["tables"] == {
        "tombstones": {"hidden": True}}

"""The full-text index follows what a re-crawl writes: edited comments and posts are found by their new
words and not by their old ones, renamed authors too, and archives made with the older update triggers
(which re-indexed every updated row) are given the new ones when opened."""

from __future__ import annotations

from archive.records import Comment, Post
from archive.search import search
from archive.store import Store

BLOG = "https://blog.example.org/"


def post(seen_at: str, text: str, comments: tuple[Comment, ...], title: str = "On waiting rooms") -> Post:
    return Post(url=f"{BLOG}waiting/", site=BLOG, title=title, author="Nora", published="2021-03-03", text=text,
                language="en", platform="generic", comments_source="inline", capture_id=None, seen_at=seen_at,
                comments=comments)


def found(store: Store, query: str) -> set[tuple[str, str | None]]:
    return {(hit.type, hit.author) for hit in search(store.db, query)}


def assert_index_matches_rows(store: Store) -> None:
    for table in ("posts", "comments"):  # external content: the index is checked against the rows
        store.db.execute(f"insert into {table}_fts({table}_fts) values ('integrity-check')")


def first_and_second_crawl(store: Store) -> None:
    store.write([post("2021-03-05T00:00:00Z", "A post about the lighthouse.", (
        Comment("c-1", None, "Eve", "2021-03-04", "The lighthouse kept me going."),
        Comment("c-2", None, "Sam", "2021-03-04", "Thank you for this."),
    ))])
    store.write([post("2021-04-05T00:00:00Z", "A post about the harbour.", (
        Comment("c-1", None, "Eve", "2021-03-04", "The harbour kept me going."),  # edited
        Comment("c-2", None, "Samuel", "2021-03-04", "Thank you for this."),  # author renamed
    ), title="On quiet rooms")])


def test_a_recrawl_that_edits_text_moves_it_in_the_index(tmp_path):
    store = Store.in_folder(tmp_path)
    first_and_second_crawl(store)
    assert found(store, "lighthouse") == set()
    assert found(store, "harbour") == {("post", "Nora"), ("comment", "Eve")}
    assert found(store, "waiting") == set() and found(store, "quiet") == {("post", "Nora")}
    assert found(store, "Sam") == set() and found(store, "Samuel") == {("comment", "Samuel")}
    assert found(store, "thank") == {("comment", "Samuel")}
    assert_index_matches_rows(store)
    store.close()


def test_a_recrawl_of_the_same_text_leaves_every_row_found_once(tmp_path):
    store = Store.in_folder(tmp_path)
    for _ in range(3):
        first_and_second_crawl(store)
    assert [hit.type for hit in search(store.db, "harbour")].count("comment") == 1
    assert store.db.execute("select count(*) from comments_fts").fetchone()[0] == 2
    assert_index_matches_rows(store)
    store.close()


def test_an_archive_with_the_older_update_triggers_gets_the_new_ones(tmp_path):
    store = Store.in_folder(tmp_path)
    for table, columns in {"posts": ("title", "text"), "comments": ("author", "text")}.items():
        listed, old, new = (", ".join(f"{p}{c}" for c in columns) for p in ("", "old.", "new."))
        with store.db.conn:  # the trigger sqlite-utils' enable_fts made for archives before this one
            store.db.execute(f"drop trigger {table}_au")
            store.db.execute(
                f"create trigger {table}_au after update on {table} begin "
                f"insert into {table}_fts ({table}_fts, rowid, {listed}) values ('delete', old.rowid, {old}); "
                f"insert into {table}_fts (rowid, {listed}) values (new.rowid, {new}); end")
    store.close()
    store = Store.in_folder(tmp_path)
    triggers = dict(store.db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall())
    assert " WHEN " in triggers["posts_au"] and " WHEN " in triggers["comments_au"]
    first_and_second_crawl(store)
    assert found(store, "lighthouse") == set() and found(store, "harbour") == {("post", "Nora"), ("comment", "Eve")}
    assert_index_matches_rows(store)
    store.close()

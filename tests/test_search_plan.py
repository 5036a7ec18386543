"""Search takes the best rowids from the FTS indexes before it joins (issue 11): the same hits, in the same
order, with the same snippets and ranks as the query that joined every match first."""

from __future__ import annotations

import pytest

from archive.reader import connect_read_only
from archive.search import _MARK_END, _MARK_START, search

from .conftest import assert_one_line_error, run_cli

# The query before issue 11: every match joined to its post and site, and its snippet made, before the ranking
JOIN_FIRST = """
select * from (
  select 'post' as type, p.url, p.title, p.author, p.published, s.url as site,
         snippet(posts_fts, -1, :hs, :he, '…', 16) as snippet, bm25(posts_fts) as rank
  from posts_fts
  join posts p on p.rowid = posts_fts.rowid
  join sites s on s.id = p.site
  where posts_fts match :query
  union all
  select 'comment' as type, p.url, p.title, c.author, c.published, s.url as site,
         snippet(comments_fts, -1, :hs, :he, '…', 16) as snippet, bm25(comments_fts) as rank
  from comments_fts
  join comments c on c.rowid = comments_fts.rowid
  join posts p on p.id = c.post_id
  join sites s on s.id = p.site
  where comments_fts match :query
)
order by rank
limit :limit
"""

QUERIES = ("repair", "therapy", '"first session"', "kind*", "session OR silence", "therapy NOT session",
           "text:repair", "zzyzxnomatch")


@pytest.mark.parametrize("limit", [1, 3, 20, 100])
def test_top_rowids_first_gives_what_joining_first_gave(demo_archive, limit):
    conn = connect_read_only(demo_archive)
    try:
        for query in QUERIES:
            params = {"query": query, "limit": limit, "hs": _MARK_START, "he": _MARK_END}
            before = [(*row[:6], row[7], row[6]) for row in conn.execute(JOIN_FIRST, params)]
            now = [(h.type, h.url, h.title, h.author, h.published, h.site, h.rank, h.marked)
                   for h in search(conn, query, limit=limit)]
            assert now == before, query
    finally:
        conn.close()


def test_the_demo_archive_has_hits_of_both_kinds_to_compare(demo_archive):
    conn = connect_read_only(demo_archive)
    try:
        assert {hit.type for hit in search(conn, "repair", limit=100)} == {"post", "comment"}
    finally:
        conn.close()


def test_syntax_errors_stay_one_line(demo_archive):
    for bad in ('"unbalanced', "kindness OR", "nosuchcolumn:word"):
        assert_one_line_error(run_cli("search", bad, "--archive", str(demo_archive)), "invalid search query")

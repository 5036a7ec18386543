"""Search takes the best rows from the FTS indexes, filters riding along, before it joins: the same hits, in
the same order, with the same snippets and ranks as a plain query that joins and filters every match first."""

from __future__ import annotations

import itertools

import pytest

from archive.query import parse_query
from archive.reader import connect_read_only
from archive.search import _MARK_END, _MARK_START, search
from archive.search_filters import SearchFilters, date_bounds, site_ids

from .conftest import assert_one_line_error, run_cli

# Every match joined to its post and site, filtered and ranked, in the plainest SQL there is
JOIN_FIRST = """
select * from (
  select 'post' as type, p.url, p.title, p.author, p.published, s.url as site,
         snippet(posts_fts, -1, :hs, :he, '…', 16) as snippet, bm25(posts_fts, 10.0, 1.0) as rank
  from posts_fts
  join posts p on p.rowid = posts_fts.rowid
  join sites s on s.id = p.site
  where posts_fts match :query and :posts and (:spam or p.is_spam = 0)
    and (:author is null or lower(p.author) = lower(:author))
    and (:since is null or p.published_utc >= :since) and (:until is null or p.published_utc < :until)
    and (:site is null or p.site = :site)
  union all
  select 'comment' as type, coalesce(c.url, p.url), p.title, c.author, c.published, s.url as site,
         snippet(comments_fts, -1, :hs, :he, '…', 16) as snippet, bm25(comments_fts) as rank
  from comments_fts
  join comments c on c.rowid = comments_fts.rowid
  join posts p on p.id = c.post_id
  join sites s on s.id = p.site
  where comments_fts match :query and :comments and (:spam or (c.is_spam = 0 and c.duplicate_of is null))
    and (:author is null or lower(c.author) = lower(:author))
    and (:since is null or c.published_utc >= :since) and (:until is null or c.published_utc < :until)
    and (:site is null or p.site = :site)
)
order by rank
"""

QUERIES = ("repair", "therapy", '"first session"', "kind*", "session OR silence", "therapy NOT session",
           "text:repair", "zzyzxnomatch", "product")
FILTERS = (SearchFilters(), SearchFilters(include_spam=True), SearchFilters(type="comment"),
           SearchFilters(type="post"), SearchFilters(author="samuel osei"), SearchFilters(since="2021-06-04"),
           SearchFilters(since="2021", until="2021-06"), SearchFilters(site="127.0.0.1", until="2022"))


def _reference(conn, query: str, filters: SearchFilters) -> list[tuple]:
    since, until = date_bounds(filters.since, filters.until)
    site = site_ids(conn, filters.site)[0] if filters.site else None
    params = {"query": parse_query(query).fts, "hs": _MARK_START, "he": _MARK_END, "spam": filters.include_spam,
              "posts": filters.type in (None, "post"), "comments": filters.type in (None, "comment"),
              "author": filters.author, "since": since, "until": until, "site": site}
    return [(*row[:6], row[7], row[6]) for row in conn.execute(JOIN_FIRST, params)]


def _same_page(page: list[tuple], everything: list[tuple], start: int) -> None:
    """``page`` is ``everything[start:start + len(page)]``, except that hits of equal rank may come in
    either order, and at the page's edges either of the tied hits may be the one shown."""
    assert [hit[6] for hit in page] == [hit[6] for hit in everything[start:start + len(page)]]
    for rank, group in itertools.groupby(page, key=lambda hit: hit[6]):
        assert set(group) <= {hit for hit in everything if hit[6] == rank}


@pytest.mark.parametrize("limit,offset", [(1, 0), (3, 0), (20, 0), (100, 0), (2, 2), (5, 3)])
def test_top_rows_first_gives_what_joining_first_gave(demo_archive, limit, offset):
    conn = connect_read_only(demo_archive)
    try:
        for query, filters in itertools.product(QUERIES, FILTERS):
            everything = _reference(conn, query, filters)
            now = [(h.type, h.url, h.title, h.author, h.published, h.site, h.rank, h.marked)
                   for h in search(conn, query, limit=limit, offset=offset, filters=filters)]
            assert len(now) == len(everything[offset:offset + limit]), (query, filters)
            _same_page(now, everything, offset)
    finally:
        conn.close()


def test_the_demo_archive_has_what_the_comparison_needs(demo_archive):
    conn = connect_read_only(demo_archive)
    try:
        assert {hit.type for hit in search(conn, "repair", limit=100)} == {"post", "comment"}
        hidden = {hit.id for hit in search(conn, "product", limit=100, filters=SearchFilters(include_spam=True))}
        shown = {hit.id for hit in search(conn, "product", limit=100)}
        assert shown < hidden  # the demo's spam comment is found only when asked for
    finally:
        conn.close()


def test_syntax_errors_stay_one_line(demo_archive):
    for bad in ('"unbalanced', "kindness OR", "kindness NOT"):
        assert_one_line_error(run_cli("search", bad, "--archive", str(demo_archive)), "invalid search query")

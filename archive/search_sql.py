"""The SQL of a search: the best rows of each kind first (FTS5 ranks them, the filters ride along), the
best of those, and only then the joins, snippets and WARC pointers: a page's worth of rows, not every match's.

Ranking is bm25 in each index with the title weighted ``TITLE_WEIGHT`` times the body, so a post whose
title names the query comes before passing mentions; a comment's author counts as much as its text."""

from __future__ import annotations

from .search_filters import Conditions

TITLE_WEIGHT = 10.0
POST_RANK = f"bm25({TITLE_WEIGHT}, 1.0)"  # posts_fts columns: title, text
COMMENT_RANK = "bm25(1.0, 1.0)"  # comments_fts columns: author, text
SNIPPET_WORDS = 16
PLAIN_SNIPPET_CHARS = 200  # a filter-only listing has no matched words to centre on

_ORDER = {"rank": "rank", "date": "published_utc desc nulls last, type, rowid"}
_RANK = {"post": POST_RANK, "comment": COMMENT_RANK}


def top_rows(has_query: bool, kinds: list[str], where: Conditions, sort: str) -> str:
    """The ``top`` CTE: (type, rowid, rank, published_utc) of the best :window rows of each kind wanted,
    then the best :limit after :offset of those."""
    union = "\n  union all\n  ".join(f"select * from ({_best_of(kind, has_query, where, sort)})" for kind in kinds)
    return f"top as materialized (\n  {union}\n  order by {_ORDER[sort]}\n  limit :limit offset :offset\n)"


def _best_of(kind: str, has_query: bool, where: Conditions, sort: str) -> str:
    """The best :window rows of one kind. Ranked, FTS5 yields them best first and the filters ride along;
    by date, no bm25 is worked out for every match."""
    table, row = ("posts", "p") if kind == "post" else ("comments", "c")
    join = " join posts p on p.id = c.post_id" if kind == "comment" and where.comments_need_post else ""
    ranked = has_query and sort == "rank"
    if has_query:
        source = f"{table}_fts join {table} {row} on {row}.rowid = {table}_fts.rowid{join} where {table}_fts match :query"
        source += f" and {table}_fts.rank match '{_RANK[kind]}'" if ranked else ""
    else:  # a post row with no text is a placeholder for a thread read from an API before its page
        source = f"{table} {row}{join} where " + ("p.text != ''" if kind == "post" else "true")
    order = f"{table}_fts.rank" if ranked else f"{row}.published_utc desc nulls last, {row}.rowid"
    return (f"select '{kind}' as type, {row}.rowid as rowid, {f'{table}_fts.rank' if ranked else 'null'} as rank, "
            f"{row}.published_utc from {source}{where.posts if kind == 'post' else where.comments} "
            f"order by {order} limit :window")


def _snippet(table: str, has_query: bool, text: str) -> str:
    if not has_query:
        return f"substr({text}, 1, {PLAIN_SNIPPET_CHARS})"
    return (f"(select snippet({table}_fts, -1, :hs, :he, '…', {SNIPPET_WORDS}) from {table}_fts "
            f"where {table}_fts match :query and {table}_fts.rowid = top.rowid)")


# A hit's columns, in Hit's order after its snippet
HIT_COLUMNS = ("type", "url", "title", "author", "published", "site", "snippet", "rank", "post_url", "id",
               "parent_id", "published_utc", "is_spam", "duplicate_of", "removed_at", "platform", "language",
               "warc_file", "warc_offset", "warc_record_id")


def search_sql(has_query: bool, kinds: list[str], where: Conditions, sort: str) -> str:
    """The whole search: ``top_rows``, then each hit joined to its post, site and capture."""
    post = (f"select 'post' as type, p.url, p.title, p.author, p.published, s.url, {_snippet('posts', has_query, 'p.text')}, "
            "top.rank, p.url, p.id, null, p.published_utc, p.is_spam, null, null, p.platform, p.language, "
            "cap.warc_file, cap.warc_offset, cap.warc_record_id, top.published_utc as sort_date, top.rowid as sort_rowid "
            "from top join posts p on p.rowid = top.rowid join sites s on s.id = p.site "
            "left join captures cap on cap.id = p.capture_id where top.type = 'post'")
    comment = (f"select 'comment', coalesce(c.url, p.url), p.title, c.author, c.published, s.url, "
               f"{_snippet('comments', has_query, 'c.text')}, top.rank, p.url, c.id, c.parent_id, c.published_utc, "
               "c.is_spam, c.duplicate_of, c.removed_at, p.platform, p.language, "
               "cap.warc_file, cap.warc_offset, cap.warc_record_id, top.published_utc as sort_date, top.rowid as sort_rowid "
               "from top join comments c on c.rowid = top.rowid join posts p on p.id = c.post_id "
               "join sites s on s.id = p.site left join captures cap on cap.id = c.capture_id "
               "where top.type = 'comment'")
    order = "rank" if sort == "rank" else "sort_date desc nulls last, type, sort_rowid"
    return (f"with {top_rows(has_query, kinds, where, sort)}\n"
            f"select * from ({post}\n  union all\n  {comment})\norder by {order}")

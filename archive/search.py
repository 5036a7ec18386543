"""Full-text search over posts and comments (SQLite FTS5, bm25 ranking)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

HIGHLIGHT_START = "<mark>"
HIGHLIGHT_END = "</mark>"

_SQL = """
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


class SearchQueryError(Exception):
    """The query is not valid FTS5 syntax."""


@dataclass(frozen=True)
class Hit:
    type: str  # "post" or "comment"
    url: str
    title: str | None
    author: str | None
    published: str | None
    site: str
    snippet: str
    rank: float


def search(db: sqlite_utils.Database, query: str, limit: int = 20) -> list[Hit]:
    """Return the best ``limit`` hits for an FTS5 ``query``; for a comment, url and title are its post's."""
    if not query.strip():
        raise SearchQueryError("empty search query")
    params = {"query": query, "limit": limit, "hs": HIGHLIGHT_START, "he": HIGHLIGHT_END}
    try:
        rows = db.execute(_SQL, params).fetchall()
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "locked" in message or "no such table" in message or "disk" in message:
            raise
        if "special query" in message:  # FTS5 reads a leading * as a command: "*", "*a"
            message = "a search cannot start with *; a prefix search ends with it, e.g. kind*"
        raise SearchQueryError(
            f"invalid search query {query!r} ({message}); quote words or phrases, e.g. '\"leave a reply\"'"
        ) from None
    return [Hit(*row) for row in rows]

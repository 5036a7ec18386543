"""Full-text search over posts and comments (SQLite FTS5, bm25 ranking)."""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

HIGHLIGHT_START = "<mark>"
HIGHLIGHT_END = "</mark>"
# FTS5 marks matches with these; the archive's text never holds them (decoding drops C0 controls), so
# the crawled text can be escaped for its destination without touching the marks
_MARK_START, _MARK_END = "\x02", "\x03"
# C0 and C1 controls (ESC, BEL, CSI...), a terminal would obey them; all but the two marks
_CONTROLS = re.compile(r"[\x00\x01\x04-\x08\x0b-\x1f\x7f-\x9f]")


def for_terminal(text: str | None) -> str:
    """Crawled text as a terminal should print it: control characters (escape sequences) removed."""
    return _CONTROLS.sub("", text or "")

# The best :limit rowids of each FTS index first (FTS5 ranks them itself), the best :limit of those, and only
# then the joins: 20 rows' worth, not every match's. A comment's snippet is made as FTS5 yields the row (its
# text is short; looking it up again would cost more), a post's only for the posts that make the cut (its
# text is long). The joins drop nothing: posts.site and comments.post_id are foreign keys the store enforces.
_SQL = """
with top as materialized (
  select * from (
    select 'post' as type, rowid, rank, null as snippet
    from posts_fts where posts_fts match :query order by rank limit :limit)
  union all
  select * from (
    select 'comment' as type, rowid, rank, snippet(comments_fts, -1, :hs, :he, '…', 16) as snippet
    from comments_fts where comments_fts match :query order by rank limit :limit)
  order by rank
  limit :limit
)
select * from (
  select 'post' as type, p.url, p.title, p.author, p.published, s.url as site,
         (select snippet(posts_fts, -1, :hs, :he, '…', 16) from posts_fts
          where posts_fts match :query and posts_fts.rowid = top.rowid) as snippet, top.rank
  from top
  join posts p on p.rowid = top.rowid
  join sites s on s.id = p.site
  where top.type = 'post'
  union all
  select 'comment' as type, p.url, p.title, c.author, c.published, s.url as site, top.snippet, top.rank
  from top
  join comments c on c.rowid = top.rowid
  join posts p on p.id = c.post_id
  join sites s on s.id = p.site
  where top.type = 'comment'
)
order by rank
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
    snippet: str  # HTML: the crawled text escaped, the matched words in <mark>
    rank: float
    marked: str = field(default="", repr=False)  # the snippet as plain text, matches between \x02 and \x03

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in
                ("type", "url", "title", "author", "published", "site", "snippet", "rank")}

    def highlighted(self, start: str, end: str) -> str:
        """The snippet for a terminal: plain text, matches between ``start`` and ``end``."""
        return for_terminal(self.marked).replace(_MARK_START, start).replace(_MARK_END, end)


def search(db: sqlite3.Connection | sqlite_utils.Database, query: str, limit: int = 20) -> list[Hit]:
    """Return the best ``limit`` hits for an FTS5 ``query``; for a comment, url and title are its post's.

    ``db`` is a sqlite3 connection (``reader.connect_read_only``) or a sqlite-utils ``Database``."""
    if not query.strip():
        raise SearchQueryError("empty search query")
    params = {"query": query, "limit": limit, "hs": _MARK_START, "he": _MARK_END}
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
    return [Hit(*row[:6], snippet=_html_snippet(row[6]), rank=row[7], marked=row[6]) for row in rows]


def _html_snippet(marked: str) -> str:
    """Escaped for HTML (a comment's <script> stays text), then the marks made <mark> tags."""
    return html.escape(for_terminal(marked)).replace(_MARK_START, HIGHLIGHT_START).replace(_MARK_END, HIGHLIGHT_END)

"""Full-text search over posts and comments (SQLite FTS5, bm25 ranking)."""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .query import QuerySyntaxError, parse_query
from .search_filters import TYPES, FilterError, SearchFilters, conditions
from .search_sql import HIT_COLUMNS, search_sql

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

class SearchQueryError(Exception):
    """The query is not valid FTS5 syntax, or a filter cannot be used."""


@dataclass(frozen=True)
class Hit:
    """One post or comment found, with where it sits and where its capture lies."""

    type: str  # "post" or "comment"
    url: str  # a comment's own address (its #anchor on the page) where known, else its post's
    title: str | None  # a comment's post's
    author: str | None
    published: str | None  # as the site gave it
    site: str  # the blog's root URL
    snippet: str  # HTML: the crawled text escaped, the matched words in <mark>
    rank: float | None  # bm25, lower is better; None when listed by filters alone or by date
    post_url: str = ""
    id: str = ""  # the row's id in archive.db (``show`` takes a post's)
    parent_id: str | None = None
    published_utc: str | None = None
    is_spam: bool = False
    duplicate_of: str | None = None
    removed_at: str | None = None  # a later crawl found the comment gone from its page
    platform: str | None = None
    language: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None
    depth: int = 0  # replies above it in its thread: 0 for a post and a top-level comment
    reply_to: str | None = None  # the author of the comment it answers
    marked: str = field(default="", repr=False)  # the snippet as plain text, matches between \x02 and \x03

    def to_json(self) -> dict:
        data = {name: getattr(self, name) for name in _JSON_FIELDS}
        data["is_spam"] = bool(self.is_spam)
        return data

    def highlighted(self, start: str, end: str) -> str:
        """The snippet for a terminal: plain text, matches between ``start`` and ``end``."""
        return for_terminal(self.marked).replace(_MARK_START, start).replace(_MARK_END, end)


_JSON_FIELDS = ("type", "url", "title", "author", "published", "site", "snippet", "rank", "post_url", "id",
                "parent_id", "depth", "reply_to", "published_utc", "is_spam", "duplicate_of", "removed_at",
                "platform", "language", "warc_file", "warc_offset", "warc_record_id")
SORTS = ("rank", "date")


def search(db: sqlite3.Connection | sqlite_utils.Database, query: str, limit: int = 20, *, offset: int = 0,
           filters: SearchFilters = SearchFilters(), sort: str = "rank") -> list[Hit]:
    """The best ``limit`` hits after ``offset`` for ``query``, narrowed by ``filters``.

    ``query`` is what a person types (see ``archive.query``): words, "phrases", OR, -word, prefix*,
    NEAR(...), and filters such as ``author:"Daniel Okafor"``; a query of filters alone lists the rows
    they select, newest first. Spam and repeated comments are left out unless ``filters.include_spam``.
    ``db`` is a sqlite3 connection (``reader.connect_read_only``) or a sqlite-utils ``Database``."""
    try:
        parsed = parse_query(query)
        filters = filters.merged(parsed.filters)
        where = conditions(db, filters)
        kinds = [kind for kind in TYPES if filters.wants(kind)]
    except QuerySyntaxError as exc:
        raise SearchQueryError(f"invalid search query: {exc}") from None
    except FilterError as exc:
        raise SearchQueryError(str(exc)) from None
    if sort not in SORTS:
        raise SearchQueryError(f"unknown sort {sort!r}: use rank or date")
    params = {**where.params, "query": parsed.fts, "limit": limit, "offset": offset, "window": limit + offset,
              "hs": _MARK_START, "he": _MARK_END}
    try:
        rows = db.execute(search_sql(parsed.fts is not None, kinds, where, sort), params).fetchall()
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "locked" in message or "no such table" in message or "disk" in message:
            raise
        raise SearchQueryError(f"invalid search query {query!r} ({message}); quote words or phrases, "
                               "e.g. '\"leave a reply\"'") from None
    hits = [Hit(*row[:6], snippet=_html_snippet(row[6] or ""), marked=row[6] or "",
                **dict(zip(HIT_COLUMNS[7:], row[7:len(HIT_COLUMNS)]))) for row in rows]
    return _placed(db, hits)


def _placed(db, hits: list[Hit]) -> list[Hit]:
    """Each comment hit with its depth in the thread and the author it replies to."""
    parents: dict[str, tuple[str | None, str | None]] = {}  # id: (parent id, author)
    wanted = {hit.parent_id for hit in hits if hit.parent_id}
    for _ in range(_MAX_DEPTH):
        wanted -= parents.keys()
        if not wanted:
            break
        marks = ", ".join("?" * len(wanted))
        found = db.execute(f"select id, parent_id, author from comments where id in ({marks})", list(wanted)).fetchall()
        parents.update((row[0], (row[1], row[2])) for row in found)
        parents.update((missing, (None, None)) for missing in wanted - {row[0] for row in found})
        wanted = {row[1] for row in found if row[1]}
    placed = []
    for hit in hits:
        depth, above = 0, hit.parent_id
        while above and above in parents and depth < _MAX_DEPTH:
            depth, above = depth + 1, parents[above][0]
        reply_to = parents.get(hit.parent_id, (None, None))[1] if hit.parent_id else None
        placed.append(replace(hit, depth=depth, reply_to=reply_to))
    return placed


_MAX_DEPTH = 100  # deeper than any thread a blog shows; a loop of parents stops here


def _html_snippet(marked: str) -> str:
    """Escaped for HTML (a comment's <script> stays text), then the marks made <mark> tags."""
    return html.escape(for_terminal(marked)).replace(_MARK_START, HIGHLIGHT_START).replace(_MARK_END, HIGHLIGHT_END)

"""The archive read as a dataset reads it: posts in a stable order, each with its comment thread, narrowed
by the export's filters. Rows stream: one post and its comments at a time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Iterator

from archive.search_filters import FilterError, SearchFilters, conditions
from archive.thread import thread_order


@dataclass(frozen=True)
class Selection:
    """Which posts and comments go into an export."""

    site: str | None = None  # a host or the start of a site URL, as search's --site
    since: str | None = None  # publication date bounds in UTC (YYYY, YYYY-MM, YYYY-MM-DD), inclusive
    until: str | None = None
    language: str | None = None
    min_words: int = 0  # posts with fewer words in their text are left out
    with_comments_only: bool = False  # posts left with no comment after the other rules are left out
    include_spam: bool = False  # spam posts, spam comments and repeats; left out by default
    include_removed: bool = False  # comments a later crawl found gone from the site; left out by default


@dataclass(frozen=True)
class Provenance:
    capture_url: str | None
    fetched_at: str | None
    warc_file: str | None
    warc_offset: int | None
    warc_record_id: str | None


@dataclass(frozen=True)
class ThreadComment:
    id: str
    parent_id: str | None
    author: str | None
    published: str | None  # UTC
    text: str
    kind: str
    is_spam: bool
    duplicate_of: str | None
    provenance: Provenance


@dataclass(frozen=True)
class ThreadPost:
    id: str
    url: str
    site: str
    title: str | None
    author: str | None
    published: str | None  # UTC
    language: str | None
    platform: str | None
    text: str
    provenance: Provenance
    comments: list[ThreadComment] = field(default_factory=list)


@dataclass
class Tally:
    """What the selection left out, for the dataset card."""

    spam_comments: int = 0
    removed_comments: int = 0
    short_posts: int = 0
    posts_without_comments: int = 0


_CAPTURE = "cap.url, cap.fetched_at, cap.warc_file, cap.warc_offset, cap.warc_record_id"
_POSTS = f"""
select p.id, p.url, s.url, p.title, p.author, p.published_utc, p.language, p.platform, p.text, {_CAPTURE}
from posts p join sites s on s.id = p.site left join captures cap on cap.id = p.capture_id
where p.text != '' {{where}}
order by p.id
"""
_COMMENTS = f"""
select c.id, c.parent_id, c.author, c.published_utc, c.text, c.kind, c.is_spam, c.duplicate_of, c.removed_at,
       {_CAPTURE}
from comments c left join captures cap on cap.id = c.capture_id
where c.post_id = ?
order by {thread_order("c")}
"""


def threads(db: sqlite3.Connection, selection: Selection, tally: Tally | None = None) -> Iterator[ThreadPost]:
    """Every post the selection takes, ordered by id, with its comments in thread order. Raises
    ``FilterError`` for a site or date that cannot select anything."""
    tally = tally if tally is not None else Tally()
    where, params = _post_conditions(db, selection)
    for row in db.execute(_POSTS.format(where=where), params):
        post = ThreadPost(*row[:9], provenance=Provenance(*row[9:14]))
        if len(post.text.split()) < selection.min_words:
            tally.short_posts += 1
            continue
        comments = list(_comments(db, post.id, selection, tally))
        if selection.with_comments_only and not comments:
            tally.posts_without_comments += 1
            continue
        yield ThreadPost(**{**post.__dict__, "comments": comments})


EVERYTHING = Selection(include_spam=True, include_removed=True)


def thread_of(db: sqlite3.Connection, post_id: str, selection: Selection = EVERYTHING) -> ThreadPost | None:
    """One post by id with the comments ``selection`` keeps (by default all, spam and withdrawn ones
    too), or None."""
    row = db.execute(_POSTS.format(where="and p.id = :id"), {"id": post_id}).fetchone()
    if row is None:
        return None
    return ThreadPost(*row[:9], provenance=Provenance(*row[9:14]),
                      comments=list(_comments(db, post_id, selection, Tally())))


def _comments(db, post_id: str, selection: Selection, tally: Tally) -> Iterator[ThreadComment]:
    """The post's comments the selection keeps. A reply to one it leaves out answers that one's parent
    instead, so every ``parent_id`` names a comment of the export (or the post)."""
    rows = db.execute(_COMMENTS, [post_id]).fetchall()
    parents = {row[0]: row[1] for row in rows}
    left_out = set()
    for row in rows:
        spam, removed = bool(row[6]) or row[7] is not None, row[8] is not None
        if spam and not selection.include_spam:
            tally.spam_comments += 1
            left_out.add(row[0])
        elif removed and not selection.include_removed:
            tally.removed_comments += 1
            left_out.add(row[0])
    for row in rows:
        if row[0] in left_out:
            continue
        parent, hops = row[1], 0
        while parent in left_out and hops < len(rows):  # up to the nearest kept ancestor
            parent, hops = parents.get(parent), hops + 1
        yield ThreadComment(row[0], parent if parent in parents else None, *row[2:6], is_spam=bool(row[6]),
                            duplicate_of=row[7], provenance=Provenance(*row[9:14]))


def _post_conditions(db, selection: Selection) -> tuple[str, dict]:
    """The selection's post filters, as search narrows posts (``archive.search_filters``)."""
    where = conditions(db, SearchFilters(site=selection.site, since=selection.since, until=selection.until,
                                         language=selection.language, include_spam=selection.include_spam))
    return where.posts, where.params


__all__ = ["FilterError", "Provenance", "Selection", "Tally", "ThreadComment", "ThreadPost", "thread_of", "threads"]

"""One post with its whole comment thread, read from archive.db: what ``therapy-archive show`` prints.

Comments come in thread order, each followed by its replies, with their depth, their spam and duplicate
marks, and the WARC record each was read from. Replies to one comment (or to the post) come oldest first
when every comment of the post has a date: a thread read from several comment pages, or from the page and
an API, is then in one order, the order of a blog's default comment pages; where dates are missing, in the
order their page showed them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from urllib.parse import urldefrag


class NoSuchPost(Exception):
    """No post in the archive has this URL or id."""


@dataclass(frozen=True)
class WarcPointer:
    warc_file: str | None
    offset: int | None
    record_id: str | None

    def __str__(self) -> str:
        return f"{self.warc_file}@{self.offset}" if self.warc_file else "(no capture)"


@dataclass(frozen=True)
class ThreadComment:
    id: str
    parent_id: str | None
    depth: int  # 0 for a comment on the post itself
    author: str | None
    published: str | None
    text: str
    kind: str
    is_spam: bool
    spam_reason: str | None
    duplicate_of: str | None
    removed_at: str | None
    capture: WarcPointer


@dataclass(frozen=True)
class PostThread:
    id: str
    url: str
    site: str
    title: str | None
    author: str | None
    published: str | None
    text: str
    capture: WarcPointer
    comments: list[ThreadComment] = field(default_factory=list)


_POST = """
select p.id, p.url, s.url, p.title, p.author, p.published, p.text, c.warc_file, c.warc_offset, c.warc_record_id
from posts p join sites s on s.id = p.site left join captures c on c.id = p.capture_id
where {where}
"""
def thread_order(row: str) -> str:
    """The ORDER BY terms that put one post's comments (table alias ``row``) in the order their thread is
    read: oldest first when every comment of the post is dated (a thread read from several comment pages,
    or from a page and an API, comes out in one order), else as their page showed them."""
    return (f"case when not exists (select 1 from comments u where u.post_id = {row}.post_id "
            f"and u.published_utc is null) then {row}.published_utc end, {row}.position, {row}.rowid")


_COMMENTS = f"""
select m.id, m.parent_id, m.author, m.published, m.text, m.kind, m.is_spam, m.spam_reason, m.duplicate_of,
       m.removed_at, c.warc_file, c.warc_offset, c.warc_record_id
from comments m left join captures c on c.id = m.capture_id
where m.post_id = ?
order by {thread_order("m")}
"""


def post_thread(db: sqlite3.Connection, url_or_id: str) -> PostThread:
    """The post whose URL (fragment ignored) or id is ``url_or_id``, with its comments in thread order.
    Raises ``NoSuchPost``."""
    key = urldefrag(url_or_id.strip())[0]
    row = (db.execute(_POST.format(where="p.url = ?"), [key]).fetchone()
           or db.execute(_POST.format(where="p.url = ?"), [key.rstrip("/") + "/"]).fetchone()
           or db.execute(_POST.format(where="p.id = ?"), [key]).fetchone())
    if row is None:
        raise NoSuchPost(f"no post in the archive has the URL or id {url_or_id!r}; `therapy-archive search` "
                         "finds posts by their words")
    post = PostThread(*row[:7], capture=WarcPointer(*row[7:10]))
    rows = db.execute(_COMMENTS, [post.id]).fetchall()
    return PostThread(**{**post.__dict__, "comments": _in_thread_order(rows)})


def _in_thread_order(rows: list[tuple]) -> list[ThreadComment]:
    ids = {row[0] for row in rows}
    children: dict[str | None, list[tuple]] = {}
    for row in rows:  # a reply whose parent is not on record hangs from the post
        children.setdefault(row[1] if row[1] in ids else None, []).append(row)
    ordered: list[ThreadComment] = []
    shown: set[str] = set()
    # depth first, without recursion (threads can nest deep); then whatever a loop of parents hid
    for start in [None, *rows]:
        stack = [(row, 0) for row in reversed(children.get(None, []))] if start is None else [(start, 0)]
        while stack:
            row, depth = stack.pop()
            if row[0] in shown:
                continue
            shown.add(row[0])
            ordered.append(ThreadComment(row[0], row[1], depth, row[2], row[3], row[4] or "", row[5] or "comment",
                                         bool(row[6]), row[7], row[8], row[9], WarcPointer(*row[10:13])))
            stack += [(child, depth + 1) for child in reversed(children.get(row[0], []))]
    return ordered

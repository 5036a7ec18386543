"""Isso, the self-hosted comment server: a page embeds its client, the thread comes from Isso's JSON API.

Where the page says it (the endpoint and the thread uri) is read by ``crawler.normalize.embeds``.

GET {endpoint}/?uri={thread}&sort=oldest&limit=N&offset=K&nested_limit=M -> 200 {"id": null,
"total_replies", "hidden_replies", "replies": [...]}: top-level comments, oldest first, each with
``id``, ``parent`` (null), ``author`` (HTML-escaped as posted, or null), ``website``, ``created`` (UNIX
time, float, server clock), ``mode`` (1 published; 4 deleted but kept as a placeholder because it has
replies: empty text, null author), ``text`` (Markdown rendered to sanitised HTML; ``plain=1`` would give
the raw Markdown) and its own ``replies`` (at most ``nested_limit``), ``total_replies`` and
``hidden_replies``. Replies are one level deep: Isso stores a reply to a reply under the top-level
comment. Pending comments (mode 2) are never listed. ``hidden_replies`` at the root counts top-level
comments after this page (next page: ``offset`` + this page's count); on a comment it counts replies
left out, fetched with ``&parent={id}`` (same answer shape, ``"id": parent``). Always send
``nested_limit``: without it Isso (0.14 at least) fetches the replies with the top-level ``limit`` and
``offset``, so page two loses replies. An unknown thread answers 200 with no replies.
"""

from __future__ import annotations

import html
import json
from datetime import datetime, timezone
from urllib.parse import quote

from archive.records import Comment
from crawler.normalize.text import fragment_text

from . import CommentPage

PAGE_SIZE = 100  # top-level comments per request
NESTED_LIMIT = 100  # replies per top-level comment in the same answer; more come from &parent= pages


def thread_url(endpoint: str, thread: str, offset: int = 0, parent: int | str | None = None) -> str:
    """The API request for one page of a thread (or of one comment's replies, with ``parent``)."""
    query = f"?uri={quote(thread, safe='')}&sort=oldest&limit={PAGE_SIZE}&offset={offset}&nested_limit={NESTED_LIMIT}"
    if parent is not None:
        query += f"&parent={parent}"
    return endpoint.rstrip("/") + "/" + query


def _published(created) -> str | None:
    try:
        return datetime.fromtimestamp(int(float(created)), timezone.utc).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _comment(item: dict) -> Comment | None:
    if not isinstance(item, dict) or item.get("id") is None or item.get("mode", 1) != 1:
        return None  # mode 4: a "deleted" placeholder kept for its replies; they still point at its id
    parent = item.get("parent")
    author = item.get("author")
    website = item.get("website")
    return Comment(id=f"isso-{item['id']}", parent_id=f"isso-{parent}" if parent is not None else None,
                   author=html.unescape(author).strip() or None if isinstance(author, str) else None,
                   author_url=html.unescape(website) if isinstance(website, str) and website else None,
                   published=_published(item.get("created")), text=fragment_text(item.get("text")))


def parse_thread(body: bytes, endpoint: str, thread: str, offset: int = 0) -> CommentPage:
    """Comments of one API answer (top-level ones and their inline replies), and the next page's URL.

    ``offset``: the one the request was made with. For an answer to a ``&parent=`` request the next
    page is of that comment's replies.
    """
    data = json.loads(body)
    if not isinstance(data, dict):
        return CommentPage([])
    comments: list[Comment] = []
    items = [item for item in data.get("replies") or [] if isinstance(item, dict)]
    for item in items:
        record = _comment(item)
        if record:
            comments.append(record)
        for reply in item.get("replies") or []:
            record = _comment(reply)
            if record:
                comments.append(record)
    following = None
    if _count(data.get("hidden_replies")) > 0 and items:
        following = thread_url(endpoint, thread, offset + len(items), data.get("id"))
    return CommentPage(comments, following)


def hidden_reply_urls(body: bytes, endpoint: str, thread: str) -> list[str]:
    """For a top-level answer: the ``&parent=`` requests for replies that ``nested_limit`` left out."""
    data = json.loads(body)
    urls = []
    for item in (data.get("replies") or []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and item.get("id") is not None and _count(item.get("hidden_replies")) > 0:
            urls.append(thread_url(endpoint, thread, len(item.get("replies") or []), item["id"]))
    return urls


def _count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0

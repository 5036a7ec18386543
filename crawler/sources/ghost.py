"""Ghost's native comments: the members API the comments-ui widget reads, open to anonymous readers.

GET {site}/members/api/comments/post/{post_id}/?limit=20&page=N -> {"comments": [...], "meta":
{"pagination": {"page", "pages", "next", ...}}}; each comment has id, html, created_at, member.name,
``count.replies`` and at most three of its ``replies`` inline; the rest come from
GET {site}/members/api/comments/{comment_id}/replies/?limit=N&page=N (same shape). Replies are one level
deep (a reply to a reply names it in ``in_reply_to_id`` but hangs under the top-level comment). The
widget's script tag names the site (data-ghost-comments) and the post (data-post-id).
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

from archive.records import Comment
from crawler.normalize.dates import iso_date
from crawler.normalize.text import fragment_text

from . import CommentPage

PAGE_SIZE = 20  # what the widget asks for


def comments_url(site: str, post_id: str, page: int = 1) -> str:
    return urljoin(site.rstrip("/") + "/", f"members/api/comments/post/{post_id}/?limit={PAGE_SIZE}&page={page}")


def replies_url(site: str, comment_id: str, page: int = 1) -> str:
    return urljoin(site.rstrip("/") + "/", f"members/api/comments/{comment_id}/replies/?limit={PAGE_SIZE}&page={page}")


def hidden_replies(body: bytes) -> list[str]:
    """Ids of the comments in one answer whose replies were not all embedded in it."""
    data = json.loads(body)
    return [item["id"] for item in data.get("comments", []) if isinstance(item, dict) and item.get("id")
            and int((item.get("count") or {}).get("replies") or 0) > len(item.get("replies") or [])]


def parse_replies(body: bytes, site: str, comment_id: str) -> CommentPage:
    """One page of a comment's replies."""
    page = parse_comments(body, site, "", parent=f"c-{comment_id}")
    data = json.loads(body)
    following = ((data.get("meta") or {}).get("pagination") or {}).get("next")
    return CommentPage(page.comments, replies_url(site, comment_id, int(following)) if following else None)


def parse_comments(body: bytes, site: str, post_id: str, *, parent: str | None = None) -> CommentPage:
    data = json.loads(body)
    comments: list[Comment] = []

    def add(item: dict, parent: str | None) -> None:
        if not isinstance(item, dict) or item.get("id") is None or item.get("status", "published") != "published":
            return
        cid = f"c-{item['id']}"
        member = item.get("member") or {}
        comments.append(Comment(id=cid, parent_id=parent, author=member.get("name"),
                                published=iso_date((item.get("created_at") or "").replace(".000Z", "+00:00") or None),
                                text=fragment_text(item.get("html"))))
        for reply in item.get("replies") or []:
            add(reply, cid)

    for item in data.get("comments", []):
        add(item, parent)
    pagination = (data.get("meta") or {}).get("pagination") or {}
    following = pagination.get("next")
    return CommentPage(comments, comments_url(site, post_id, int(following)) if following else None)

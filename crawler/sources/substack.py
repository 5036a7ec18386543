"""Substack: /api/v1/archive (posts, paged by offset) and /api/v1/post/ID/comments (threaded)."""

from __future__ import annotations

import json
from urllib.parse import urljoin

from archive.records import Comment
from crawler.normalize.dates import iso_date
from crawler.normalize.text import fragment_text

from . import CommentPage, PostLink

PAGE_SIZE = 50


def archive_url(root: str, offset: int = 0) -> str:
    return urljoin(root, f"/api/v1/archive?sort=new&offset={offset}&limit={PAGE_SIZE}")


def comments_url(root: str, post_id: str) -> str:
    return urljoin(root, f"/api/v1/post/{post_id}/comments?all_comments=true&sort=oldest_first")


def parse_archive(body: bytes, root: str, offset: int) -> tuple[list[PostLink], str | None]:
    """Posts of one archive page and the next page's URL: asked until a page comes back empty, since a
    server may send fewer than the limit asked for and still have more."""
    items = json.loads(body)
    posts = [PostLink(item.get("canonical_url") or urljoin(root, f"/p/{item['slug']}"), str(item["id"]),
                      comments_url(root, str(item["id"])))
             for item in items if isinstance(item, dict) and item.get("id") is not None]
    return posts, archive_url(root, offset + len(items)) if items else None


def parse_comments(body: bytes) -> CommentPage:
    """The whole thread; replies nest in ``children`` to any depth."""
    data = json.loads(body)
    comments: list[Comment] = []
    stack = [(item, None) for item in reversed(data.get("comments", []))]
    while stack:
        item, parent = stack.pop()
        if not isinstance(item, dict) or item.get("id") is None:
            continue
        cid = f"c-{item['id']}"
        if not item.get("deleted"):
            comments.append(Comment(id=cid, parent_id=parent, author=item.get("name"), published=iso_date(item.get("date")),
                                    text=fragment_text(item.get("body_html") or _paragraphs(item.get("body"))),
                                    author_url=None))
        stack.extend((child, cid) for child in reversed(item.get("children") or []))
    return CommentPage(comments)


def _paragraphs(text: str | None) -> str:
    from html import escape

    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in (text or "").split("\n\n"))

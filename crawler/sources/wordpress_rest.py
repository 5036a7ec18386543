"""WordPress REST API comments: /wp-json/wp/v2/comments?post=ID, paged by X-WP-TotalPages.

For themes that hide or lazy-load the thread. Anonymous requests list approved comments of type
"comment" only (pingbacks need authentication), newest first unless asked.
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

from archive.records import Comment
from crawler.normalize.dates import iso_date
from crawler.normalize.text import fragment_text

from . import CommentPage

PER_PAGE = 100


def comments_url(root: str, post_id: str, page: int = 1) -> str:
    return urljoin(root, f"/wp-json/wp/v2/comments?post={post_id}&per_page={PER_PAGE}&page={page}&order=asc")


def parse_comments(body: bytes, root: str, post_id: str, page: int, total_pages: int) -> CommentPage:
    items = json.loads(body)
    comments = [
        Comment(id=f"c-{item['id']}", parent_id=f"c-{item['parent']}" if item.get("parent") else None,
                author=item.get("author_name"), author_url=item.get("author_url") or None,
                published=iso_date(item.get("date_gmt") and item["date_gmt"] + "+00:00" or item.get("date")),
                text=fragment_text((item.get("content") or {}).get("rendered")),
                kind=item.get("type") if item.get("type") in ("pingback", "trackback") else "comment",
                url=item.get("link") if isinstance(item.get("link"), str) else None)
        for item in items if isinstance(item, dict) and "id" in item
    ]
    return CommentPage(comments, comments_url(root, post_id, page + 1) if page < total_pages else None)

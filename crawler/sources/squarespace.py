"""Squarespace: a blog collection's page as JSON (``?format=json``), paged by ``nextPageUrl``."""

from __future__ import annotations

import json
from urllib.parse import urljoin

from crawler.normalize.model import ListedPost


def parse_collection(body: bytes, root: str) -> tuple[list[tuple[str, ListedPost]], str | None]:
    """The posts of one page of a collection and the next page's URL (without ``format=json``); no posts
    when the root is not the blog's own collection (the JSON of another kind of page, or no JSON)."""
    try:
        data = json.loads(body)
    except ValueError:
        return [], None
    if not isinstance(data, dict):
        return [], None
    items = [(urljoin(root, item["fullUrl"]), ListedPost(source="api", title=item.get("title") or None))
             for item in data.get("items") or [] if isinstance(item, dict) and item.get("fullUrl")]
    pagination = data.get("pagination") or {}
    next_page = pagination.get("nextPageUrl") if isinstance(pagination, dict) and pagination.get("nextPage") else None
    return items, urljoin(root, next_page) if next_page else None

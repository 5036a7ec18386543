"""What the spider hands to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.normalize import Comment, Extract


@dataclass
class PageItem:
    """One fetched post page (or one of its comment pages) and the capture it came from."""

    root: str  # the blog root this page was found under
    url: str
    extract: Extract
    capture_id: str | None
    comment_page: int | None  # N for /comment-page-N/ or ?cpage=N, None for the post's own URL


@dataclass
class ThreadItem:
    """Comments of one post read from a feed or an API, and the capture they came from."""

    root: str
    post_url: str
    comments: list[Comment]
    capture_id: str | None
    source: str  # substack-api, blogger-feed, wordpress-rest, ...


@dataclass
class ExternalThreadItem:
    """A post whose comments live in a widget the crawl could not fetch without a browser."""

    root: str
    post_url: str
    thread: str  # e.g. "disqus:forum/identifier (not captured)"

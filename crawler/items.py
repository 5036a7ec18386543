"""What the spider hands to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.normalize import Extract


@dataclass
class PageItem:
    """One fetched post page (or one of its comment pages) and the capture it came from."""

    root: str  # the blog root this page was found under
    url: str
    extract: Extract
    capture_id: str | None
    comment_page: int | None  # N for /comment-page-N/ or ?cpage=N, None for the post's own URL

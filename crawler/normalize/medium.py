"""Medium (publications and personal pages): responses load from Medium's API, never in the HTML."""

from __future__ import annotations

from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    if (page.meta("al:ios:app_name", "twitter:app:name:iphone") or "").lower() == "medium":
        return True
    return "miro.medium.com" in page.assets or "cdn-static-1.medium.com" in page.assets


PLATFORM = Platform(
    name="medium",
    detect=detect,
    body=("article section", "article"),
    title=("h1.pw-post-title", "h1[data-testid=storyTitle]", "article h1"),
    author=("a[data-testid=authorName]", ".pw-author-name", "[data-testid=authorName]"),
    published=("[data-testid=storyPublishDate]", "span.pw-published-date"),
    external_comments="medium-api",
)

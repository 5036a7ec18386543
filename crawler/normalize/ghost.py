"""Ghost (Casper and most themes). Native comments load from the members API with JavaScript."""

from __future__ import annotations

from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    return page.generator.lower().startswith("ghost") or "/ghost/" in page.assets


PLATFORM = Platform(
    name="ghost",
    detect=detect,
    body=(".gh-content", ".post-content", ".post-full-content", ".article-content", ".kg-canvas"),
    title=("h1.article-title", "h1.gh-article-title", "h1.post-full-title", "h1.post-title"),
    author=(".article-byline-content .author-name a", ".author-name a", ".gh-article-author-name a",
            ".post-full-author-name a", ".author-list-item a[aria-label]"),
    published=("time.byline-meta-date[datetime]", "time.post-full-meta-date[datetime]", "time.gh-article-date[datetime]",
               "article time[datetime]"),
    comment_widgets=((lambda page: "comments-ui" in page.assets or page.has_class("gh-comments"), "ghost-api"),),
)

"""Ghost (Casper and most themes). Native comments load from the members API with JavaScript."""

from __future__ import annotations

from .page import Page
from .platform import Platform, article_page_type

# Ghost names each template on <body>: post-template, page-template, home-template, tag-template, ...
LISTING_TEMPLATES = {"home-template", "tag-template", "author-template", "paged"}


def detect(page: Page) -> bool:
    return page.generator.lower().startswith("ghost") or "/ghost/" in page.assets


def page_type(page: Page) -> str:
    """Ghost gives pages and posts the same og:type: its body classes tell them apart."""
    classes = page.body_classes
    if "post-template" in classes:
        return "post"
    if "page-template" in classes:
        return "page"
    if classes & LISTING_TEMPLATES:
        return "listing"
    return article_page_type(page)


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
    page_type=page_type,
)

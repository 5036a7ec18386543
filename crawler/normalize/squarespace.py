"""Squarespace blogs: native comments load with JavaScript; Disqus is common too."""

from __future__ import annotations

from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    return ("squarespace" in page.generator.lower() or "squarespace.com" in page.assets
            or "SQUARESPACE_CONTEXT" in page.inline_scripts)


PLATFORM = Platform(
    name="squarespace",
    detect=detect,
    body=(".blog-item-content", ".BlogItem .sqs-layout", "article .entry-content", ".entry-content"),
    title=("h1.entry-title", ".blog-item-title h1", "h1.BlogItem-title", "article h1"),
    author=(".blog-author-name", ".blog-meta-item--author", ".entry-author", ".BlogItem-meta-author"),
    published=("time.dt-published[datetime]", "time.published[datetime]", ".blog-meta-item--date", "time[datetime]"),
    comment_widgets=((lambda page: page.has_class("squarespace-comments") or page.has_id("squarespace-comments"),
                      "squarespace-api"),),
)

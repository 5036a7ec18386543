"""Squarespace blogs: native comments load with JavaScript; Disqus is common too."""

from __future__ import annotations

from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    return "squarespace" in page.generator.lower() or bool(
        page.root.xpath("(//script[contains(@src,'squarespace.com') or contains(text(),'SQUARESPACE_CONTEXT')]"
                        " | //link[contains(@href,'squarespace.com')])[1]"))


PLATFORM = Platform(
    name="squarespace",
    detect=detect,
    body=(".blog-item-content", ".BlogItem .sqs-layout", "article .entry-content", ".entry-content"),
    title=("h1.entry-title", ".blog-item-title h1", "h1.BlogItem-title", "article h1"),
    author=(".blog-author-name", ".blog-meta-item--author", ".entry-author", ".BlogItem-meta-author"),
    published=("time.dt-published[datetime]", "time.published[datetime]", ".blog-meta-item--date", "time[datetime]"),
    comment_widgets=(("//*[contains(@class,'squarespace-comments') or @id='squarespace-comments']",
                      "squarespace-api"),),
)

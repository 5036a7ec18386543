"""Any other blog: the best-marked content container, comments where they follow common markup."""

from __future__ import annotations

from . import wordpress
from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    return True


PLATFORM = Platform(
    name="generic",
    detect=detect,
    body=("[itemprop=articleBody]", "article .entry-content", ".entry-content", ".post-content", ".post-body",
          ".article-body"),
    title=("[itemprop=headline]", "h1.entry-title", "h1.post-title", ".h-entry .p-name", "article h1"),
    author=("[itemprop=author] [itemprop=name]", "[itemprop=author]", ".h-entry .p-author", "a[rel=author]",
            ".byline", ".post-author", ".entry-author"),
    published=("article time[datetime]", "time[datetime]"),
    comments=(wordpress.COMMENTS, wordpress.WPDISCUZ),
    comment_section=wordpress.COMMENT_SECTION,
)

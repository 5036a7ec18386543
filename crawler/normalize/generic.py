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
    published=("article time[datetime]", "time[datetime]"),
    comments=(wordpress.COMMENTS, wordpress.WPDISCUZ),
    comment_section=wordpress.COMMENT_SECTION,
)

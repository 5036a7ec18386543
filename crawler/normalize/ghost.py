"""Ghost (Casper and most themes). Native comments load from the members API with JavaScript."""

from __future__ import annotations

from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    return page.generator.lower().startswith("ghost") or bool(
        page.root.xpath("(//script[contains(@src,'/ghost/') or @data-ghost or @data-key and contains(@src,'portal')])[1]"))


PLATFORM = Platform(
    name="ghost",
    detect=detect,
    body=(".gh-content", ".post-content", ".post-full-content", ".article-content", ".kg-canvas"),
    title=("h1.article-title", "h1.gh-article-title", "h1.post-full-title", "h1.post-title"),
    author=(".article-byline-content .author-name a", ".author-name a", ".gh-article-author-name a",
            ".post-full-author-name a", ".author-list-item a[aria-label]"),
    published=("time.byline-meta-date[datetime]", "time.post-full-meta-date[datetime]", "time.gh-article-date[datetime]",
               "article time[datetime]"),
    comment_widgets=(("//script[@data-ghost-comments or contains(@src,'comments-ui')]"
                      " | //*[contains(@class,'gh-comments')]", "ghost-api"),),
)

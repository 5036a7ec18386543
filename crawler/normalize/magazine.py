"""Magazine blog sections where clinicians write (Psychology Today and sites built like it)."""

from __future__ import annotations

from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    site = (page.meta("og:site_name") or "").lower()
    return site == "psychology today" or "psychologytoday.com" in (page.canonical_url or page.url)


PLATFORM = Platform(
    name="psychologytoday",
    detect=detect,
    body=(".blog_entry--body", ".blog-entry__body", ".field-name-body", "[itemprop=articleBody]"),
    title=("h1.blog_entry__title", "h1.blog-entry__title", "h1"),
    author=(".blog_entry__author a", ".blog-entry__author-name", ".blog_entry__author-name", "[rel=author]"),
    published=(".blog_entry__date", ".blog-entry__date", "time[datetime]"),
)

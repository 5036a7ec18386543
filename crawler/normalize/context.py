"""The crawl's context in the decision of what a page is: a URL the site itself lists as a post (in a
feed, a posts sitemap, a platform API) is a post, even when its page carries no og:type, JSON-LD or
``<article>``; and where its page yields no body (or a scrap of one), the listing's own copy of the text
is kept, marked."""

from __future__ import annotations

from dataclasses import replace

from .model import Extract, ListedPost


def in_context(page: Extract, listed: ListedPost | None) -> Extract:
    """``page`` as the crawl should store it, given what the site's listings say of its URL."""
    if listed is None or page.page_type in ("listing",):
        return page
    # a feed or an API lists posts, never static pages; a posts sitemap names a post that may look like a page
    if page.page_type == "other" or (page.page_type == "page" and listed.source != "sitemap"):
        page = replace(page, page_type="post")
    if page.page_type != "post":
        return page
    if listed.text and len(page.text) < 0.3 * len(listed.text):
        # the page's body is empty or a scrap (a menu link beside a script-filled app): the feed's copy is
        # the post as its author published it
        page = replace(page, text=listed.text, body_source=listed.source)
    return replace(page, title=page.title or listed.title, author=page.author or listed.author,
                   published=page.published or listed.published)


def is_storable(page: Extract) -> bool:
    """A post worth a row: a post with a title or text, and something of its own (text or comments)."""
    return page.page_type == "post" and bool(page.title or page.text) and bool(page.text or page.comments)

"""WordPress, self-hosted and WordPress.com, classic and block themes."""

from __future__ import annotations

import re

from .comment_nodes import CommentMarkup
from .page import Page
from .platform import Platform

COMMENTS = CommentMarkup(
    node_tags=("li", "article", "div"),
    id_pattern=re.compile(r"^comment-(\d+)$"),
    author=(".wp-block-comment-author-name", ".comment-author .fn", ".comment-author cite",
            ".comment-author-name", ".comment-author", ".fn"),
    content=(".wp-block-comment-content", ".comment-content", ".comment-text", ".comment-entry"),
    date=(".wp-block-comment-date time[datetime]", "time[datetime]", ".wp-block-comment-date",
          ".comment-metadata a", ".comment-meta a", ".commentmetadata a", ".comment-date"),
    not_text=(".comment-author, .comment-meta, .comment-metadata, .commentmetadata, .reply, "
              ".comment-reply-link, .wp-block-comment-reply-link, .wp-block-comment-author-name, "
              ".wp-block-comment-date, .wp-block-comment-edit-link, .comment-edit-link, .edit-link, "
              ".comment-awaiting-moderation, .comment-likes, .wpl-likebox, .avatar, .children"),
    kinds={"pingback": "pingback", "trackback": "trackback"},
)
# wpDiscuz, the most used comment plugin: its own markup, ids like wpd-comm-123_0
WPDISCUZ = CommentMarkup(
    node_tags=("div",),
    id_pattern=re.compile(r"^wpd-comm-(\d+)_\d+$"),
    author=(".wpd-comment-author",),
    content=(".wpd-comment-text",),
    date=(".wpd-comment-date[title]", ".wpd-comment-date"),
    not_text=".wpd-comment-header, .wpd-comment-footer, .wpd-comment-author, .wpd-avatar, .wpd-reply-button",
    kinds={},
)
COMMENT_SECTION = "#wpdcom, .wp-block-comments, #comments, .comments-area, #respond, .commentlist, .comment-list"
LISTING_CLASSES = {"home", "blog", "archive", "category", "tag", "author", "date", "search", "error404"}


def detect(page: Page) -> bool:
    """Generator meta, the REST API link, or wp-content asset paths."""
    if page.generator.lower().startswith("wordpress"):
        return True
    return "/wp-content/" in page.assets or "/wp-includes/" in page.assets or "/wp-json/" in page.assets


def page_type(page: Page) -> str:
    classes = page.body_classes
    if "single" in classes or "single-post" in classes:
        return "post"
    if "page" in classes or "page-template-default" in classes:
        return "page"
    if classes & LISTING_CLASSES:
        return "listing"
    return "post" if page.meta("og:type") == "article" else "other"


def name_for(page: Page) -> str:
    # Jetpack puts s0.wp.com assets on self-hosted sites too: only the generator and the host tell
    host = (page.canonical_url or page.url).split("/")[2] if "://" in (page.canonical_url or page.url) else ""
    hosted = "wordpress.com" in page.generator.lower() or host.endswith(".wordpress.com")
    return "wordpress.com" if hosted else "wordpress"


PLATFORM = Platform(
    name="wordpress",
    detect=detect,
    body=(".wp-block-post-content", ".entry-content", ".post-content", ".post-entry", "[itemprop=articleBody]",
          ".entry", ".post-body"),
    title=("h1.wp-block-post-title", "h1.entry-title", ".entry-title", "h1.post-title"),
    author=(".wp-block-post-author__name", ".byline .author a", ".author.vcard .fn", ".author.vcard a",
            ".entry-author-name", "a[rel=author]"),
    published=(".wp-block-post-date time[datetime]", "time.entry-date.published[datetime]",
               "time.entry-date[datetime]", "time.published[datetime]", ".entry-date"),
    comments=(COMMENTS, WPDISCUZ),
    comment_section=COMMENT_SECTION,
    page_type=page_type,
    name_for=name_for,
)

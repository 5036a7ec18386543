"""WordPress, self-hosted and WordPress.com, classic and block themes."""

from __future__ import annotations

import re
from datetime import datetime

from .comment_nodes import CommentMarkup, extract_comments
from .model import Extract
from .page import Page
from .post_body import body_text, first_text
from .dates import iso_date
from .text import inline_text

NAME = "wordpress"

COMMENTS = CommentMarkup(
    node_xpath="//li[@id] | //article[@id] | //div[@id]",
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

BODY = (".wp-block-post-content", ".entry-content", ".post-content", ".post-entry",
        "[itemprop=articleBody]", ".entry", ".post-body")
TITLE = ("h1.wp-block-post-title", "h1.entry-title", ".entry-title", "h1.post-title", "article h1")
AUTHOR = (".wp-block-post-author__name", ".byline .author a", ".author.vcard .fn", ".author.vcard a",
          ".entry-author-name", "a[rel=author]")
PUBLISHED = (".wp-block-post-date time[datetime]", "time.entry-date.published[datetime]",
             "time.entry-date[datetime]", "time.published[datetime]", ".entry-date")
COMMENT_SECTION = ".wp-block-comments, #comments, .comments-area, #respond, .commentlist, .comment-list"
LISTING_CLASSES = {"home", "blog", "archive", "category", "tag", "author", "date", "search", "error404"}


def detect(page: Page) -> bool:
    """Generator meta, the REST API link, or wp-content asset paths."""
    if page.generator.lower().startswith("wordpress"):
        return True
    if page.root.xpath("//link[@rel='https://api.w.org/']"):
        return True
    return bool(page.root.xpath("(//link[contains(@href,'/wp-content/')] | //script[contains(@src,'/wp-includes/')])[1]"))


def page_type(page: Page) -> str:
    classes = page.body_classes
    if "single" in classes or "single-post" in classes:
        return "post"
    if "page" in classes or "page-template-default" in classes:
        return "page"
    if classes & LISTING_CLASSES:
        return "listing"
    return "post" if page.meta("og:type") == "article" else "other"


def extract(page: Page, fetched_at: datetime | None) -> Extract:
    kind = page_type(page)
    has_comment_section = page.select_first(COMMENT_SECTION) is not None
    comments = extract_comments(page.root, COMMENTS, fetched_at, page.language) if kind in ("post", "page") else []
    published_el = first_text(page, PUBLISHED)
    published = None
    if published_el is not None:
        published = iso_date(published_el.get("datetime") or published_el.text_content(), relative_to=fetched_at, language=page.language)
    published = published or iso_date(page.meta("article:published_time") or page.article_ld().get("datePublished"))
    title_el = first_text(page, TITLE)
    author_el = first_text(page, AUTHOR)
    comments_source = "inline" if (comments or has_comment_section) else "none"
    if page.root.xpath("//*[@id='disqus_thread']"):
        comments_source = "disqus" if not comments else comments_source
    return Extract(
        url=page.url,
        title=(inline_text(title_el) if title_el is not None else None) or page.meta("og:title") or page.title_tag(),
        author=(inline_text(author_el) if author_el is not None else None) or page.ld_author() or page.meta("author"),
        published=published,
        language=page.language,
        platform=NAME,
        comments_source=comments_source,
        text=body_text(page, BODY),
        comments=comments,
        page_type=kind,
        canonical_url=page.canonical_url,
        links=page.links,
    )

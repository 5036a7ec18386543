"""Any other blog: the best-marked content container, comments where they follow common markup."""

from __future__ import annotations

from datetime import datetime

from . import wordpress
from .comment_nodes import extract_comments
from .dates import iso_date
from .model import Extract
from .page import Page
from .post_body import body_text, first_text
from .text import inline_text

NAME = "generic"
BODY = ("[itemprop=articleBody]", "article .entry-content", ".entry-content", ".post-content",
        ".post-body", ".article-body")
TITLE = ("h1", "article h2", ".post-title")


def detect(page: Page) -> bool:
    return True


def extract(page: Page, fetched_at: datetime | None) -> Extract:
    is_article = page.meta("og:type") == "article" or bool(page.article_ld()) or page.root.find('.//article') is not None
    comments = extract_comments(page.root, wordpress.COMMENTS, fetched_at, page.language)
    title_el = first_text(page, TITLE)
    time_el = first_text(page, ("article time[datetime]", "time[datetime]"))
    published = iso_date(page.meta("article:published_time", "datePublished") or page.article_ld().get("datePublished")
                         or (time_el.get("datetime") if time_el is not None else None), relative_to=fetched_at, language=page.language)
    has_section = page.select_first(wordpress.COMMENT_SECTION) is not None
    return Extract(
        url=page.url,
        title=page.meta("og:title") or (inline_text(title_el) if title_el is not None else None) or page.title_tag(),
        author=page.ld_author() or page.meta("author", "article:author"),
        published=published,
        language=page.language,
        platform=NAME,
        comments_source="inline" if comments or has_section else
        ("disqus" if page.root.xpath("//*[@id='disqus_thread']") else "none"),
        text=body_text(page, BODY),
        comments=comments,
        page_type="post" if is_article or comments else "other",
        canonical_url=page.canonical_url,
        links=page.links,
    )


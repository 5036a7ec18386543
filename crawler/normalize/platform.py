"""A blog platform as data (how to recognise it, where its parts are) and the one extraction they share.

Adding a platform is one module that defines a ``Platform`` and one line in ``normalize.PLATFORMS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from .comment_nodes import CommentMarkup, extract_comments
from .dates import iso_date
from .model import Extract
from .page import Page
from .post_body import body_text, first_text
from .thread_finder import find_comments
from .text import inline_text

ARTICLE_TYPES = ("article", "blog", "blogposting", "newsarticle")


def article_page_type(page: Page) -> str:
    """post when the page says it is one article (OpenGraph, JSON-LD, an <article>), else other."""
    og_type = (page.meta("og:type") or "").lower()
    if og_type in ARTICLE_TYPES or page.article_ld() or _article_microdata(page) or _one_entry(page):
        return "post"
    if og_type in ("website", "profile") and len(page.root.findall(".//article")) > 1:
        return "listing"
    return "post" if page.root.find(".//article") is not None else "other"


def _one_entry(page: Page) -> bool:
    """One h-entry / hentry (microformats) that is not a comment: the page is that entry."""
    entries = [el for name in ("h-entry", "hentry") for el in page.select("." + name)
               if not set((el.get("class") or "").split()) & {"p-comment", "comment", "h-cite"}]
    return len(entries) == 1


def _article_microdata(page: Page) -> bool:
    return bool(page.root.xpath("(//*[contains(@itemtype,'schema.org/BlogPosting') or "
                                "contains(@itemtype,'schema.org/Article')])[1]"))


@dataclass(frozen=True)
class Platform:
    name: str
    detect: Callable[[Page], bool]
    body: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    comments: tuple[CommentMarkup, ...] = ()  # tried in order: the first that finds comments wins
    comment_section: str = ""  # selectors of the comment area, present even when it has no comments yet
    external_comments: str | None = None  # where the thread lives when the HTML never carries it
    page_type: Callable[[Page], str] = article_page_type
    name_for: Callable[[Page], str] | None = None  # a finer name read off the page (wordpress.com)
    # (test, source): a comment widget of the platform's own whose thread lives behind an API
    comment_widgets: tuple[tuple[Callable[[Page], bool], str], ...] = ()


# Third-party comment widgets any blog may embed, as (test, comments_source).
WIDGETS = (
    (lambda page: page.has_id("disqus_thread") or "disqus.com/embed.js" in page.assets
     or "disqus_shortname" in page.inline_scripts, "disqus"),
    (lambda page: page.has_class("fb-comments"), "facebook"),
    (lambda page: any(host in page.assets for host in ("utteranc.es", "giscus.app", "commento", "hyvor",
                                                       "remark42", "cusdis")), "unknown-widget"),
)


def comments_source(platform: Platform, page: Page, found_comments: bool) -> str:
    """inline, or where the comments live: an embedded widget or the platform's own API."""
    if found_comments:
        return "inline"
    for present, source in platform.comment_widgets + WIDGETS:
        if present(page):
            return source
    if platform.external_comments:
        return platform.external_comments
    if platform.comment_section and page.select_first(platform.comment_section) is not None:
        return "inline"  # an open comment section with nothing in it yet
    return "none"


def _date(element, page: Page, fetched_at: datetime | None) -> str | None:
    if element is None:
        return None
    value = element.get("datetime") or element.get("title") or element.get("content") or inline_text(element)
    return iso_date(value, relative_to=fetched_at, language=page.language)


_BYLINE = re.compile(r"^(?:(?:posted|written|published)\s+)?(?:by|von|par|por|di)\s+(.+)$|"
                     r"^view all (?:posts )?(?:of |by )?(.+?)(?:['’]s posts)?\.?$|^(?:more )?posts by (.+?)\.?$", re.I)


def bare_name(byline: str | None) -> str | None:
    """"By Nora", "View all of Nora Whitfield's posts." -> the name alone."""
    if not byline:
        return None
    match = _BYLINE.match(byline.strip())
    name = next((g for g in match.groups() if g), None) if match else byline
    return name.strip() or None


def _meta_author(page: Page) -> str | None:
    author = page.meta("author", "article:author")
    return None if not author or author.startswith(("http://", "https://")) else author


def extract_with(platform: Platform, page: Page, fetched_at: datetime | None) -> Extract:
    """The extract of one page by one platform's data."""
    kind = platform.page_type(page)
    comments = []
    if kind != "listing":
        for markup in platform.comments:
            comments = extract_comments(page.root, markup, fetched_at, page.language)
            if comments:
                break
        if not comments:  # markup nobody wrote selectors for: vocabularies, then structure
            comments = find_comments(page, fetched_at)
        if comments and kind == "other":
            kind = "post"  # a page with a comment thread is a post, whatever its markup says
    title_el = first_text(page, platform.title)
    h1 = first_text(page, ("h1",)) if title_el is None else None
    author_el = first_text(page, platform.author)
    published = _date(first_text(page, platform.published), page, fetched_at) or iso_date(
        page.meta("article:published_time", "datePublished") or page.article_ld().get("datePublished"),
        relative_to=fetched_at, language=page.language)
    return Extract(
        url=page.url,
        title=(inline_text(title_el) if title_el is not None else None) or page.meta("og:title")
        or (inline_text(h1) if h1 is not None else None) or page.title_tag(),
        author=bare_name(inline_text(author_el) if author_el is not None else None) or page.ld_author()
        or _meta_author(page),
        published=published,
        language=page.language,
        platform=platform.name_for(page) if platform.name_for else platform.name,
        comments_source=comments_source(platform, page, bool(comments)),
        text=body_text(page, platform.body, platform.title + platform.author + platform.published),
        comments=comments,
        page_type=kind,
        canonical_url=page.canonical_url,
        links=page.links,
    )

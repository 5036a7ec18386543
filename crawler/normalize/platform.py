"""A blog platform as data (how to recognise it, where its parts are) and the one extraction they share.

Adding a platform is one module that defines a ``Platform`` and one line in ``normalize.PLATFORMS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit
from datetime import datetime
from typing import Callable

from .comment_nodes import CommentMarkup, extract_comments
from .dates import iso_date
from .embeds import embeds_of
from .model import Extract
from .page import Page, shows_post
from .post_body import body_text, first_text
from .thread_finder import find_comments, lists_comments_elsewhere, names_comment
from .text import inline_text

ARTICLE_TYPES = ("article", "blog", "blogposting", "newsarticle")


def article_page_type(page: Page) -> str:
    """post when the page says it is one article (OpenGraph, JSON-LD, microdata, one h-entry or
    <article>), listing when it shows several entries each headed by a link to its own page, else other."""
    og_type = (page.meta("og:type") or "").lower()
    if og_type in ARTICLE_TYPES or page.article_ld() or _article_microdata(page):
        return "post"
    entries = _entries(page)
    if entries and all(_is_teaser(entry, page) for entry in entries):
        return "listing"  # every entry is an excerpt of another page (a related-posts box sits beside its post)
    if og_type in ("website", "profile"):
        return "page"  # the site's own word: not an article (a feed listing it makes it a post again)
    return "post" if entries else "other"


def _entries(page: Page) -> list:
    """Outermost <article>, h-entry and hentry elements that are not comments."""
    found = [el for el in page.root.iter("article")]
    found += [el for name in ("h-entry", "hentry") for el in page.select("." + name)]
    found = [el for el in found if not names_comment(el)]
    members = set(found)
    return [el for el in dict.fromkeys(found) if not any(a in members for a in el.iterancestors())]


def _is_teaser(entry, page: Page) -> bool:
    """An entry headed by a link to another page: an excerpt in a list of posts."""
    target = _heading_link(entry, page)
    return target is not None and not any(shows_post(url, target) for url in (page.url, page.canonical_url) if url)


def _heading_link(entry, page: Page) -> str | None:
    """Where the entry's heading links to (its post, on a listing)."""
    for heading in entry.iter("h1", "h2", "h3", "h4"):
        link = heading.find(".//a[@href]")
        if link is None:  # a card whose whole header is the link
            link = next((a for a in heading.iterancestors("a") if a.get("href")), None)
        if link is not None:
            return urldefrag(urljoin(page.url, link.get("href")))[0]
    return None


def listed_posts(page: Page) -> list[str]:
    """The posts a listing page shows excerpts of: each entry's heading link, in page order."""
    links = (_heading_link(entry, page) for entry in _entries(page))
    return list(dict.fromkeys(link for link in links if link and link.startswith(("http://", "https://"))))


def _declared_article(page: Page) -> bool:
    return (page.meta("og:type") or "").lower() in ARTICLE_TYPES or bool(page.article_ld()) or _article_microdata(page)


def _byline(page: Page) -> str | None:
    """A "By NAME on DATE" line in a meta or byline block, when no element names the author."""
    for element in page.root.iter("p", "div", "span", "footer", "header"):
        names = (element.get("class") or "").lower()
        if ("meta" in names or "byline" in names) and len(element) <= 4:
            text = inline_text(element)
            match = _BYLINE.match(text) if len(text) <= 120 else None
            if match and match.group(1):  # the "By NAME" form, not "View all posts"
                return match.group(1).strip()
    return None


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
    # Isso, self-hosted: its JSON API answers anonymous readers, so the crawl fetches the thread
    (lambda page: page.has_id("isso-thread") and ("data-isso" in page.script_attributes or "/js/embed" in page.assets),
     "isso"),
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


_BYLINE = re.compile(r"^(?:(?:posted|written|published)\s+)?(?:by|von|par|por|di)\s+(.+?)"
                     r"(?:\s+(?:on|am|le|el|il|in|at|[-|–·•])\s+.*)?$|"
                     r"^view all (?:posts )?(?:of |by )?(.+?)(?:['’]s posts)?\.?$|^(?:more )?posts by (.+?)\.?$", re.I)


def bare_name(byline: str | None) -> str | None:
    """"By Nora", "View all of Nora Whitfield's posts." -> the name alone."""
    if not byline:
        return None
    match = _BYLINE.match(byline.strip())
    name = next((g for g in match.groups() if g), None) if match else byline
    return name.strip() or None


def _unnamed(comments: list) -> bool:
    """No comments, or most without an author: selectors that matched someone else's markup."""
    return sum(1 for c in comments if c.author or c.kind != "comment") < len(comments) / 2 or not comments


def headline(page: Page):
    """The page's own heading: the h1 (else h2) that the <title> repeats ("Post | Site"), else the
    first h1 that is not the site's name linking home."""
    title = " ".join((page.title_tag() or "").lower().split())
    headings = [el for el in page.root.iter("h1", "h2") if inline_text(el)]
    for tag in ("h1", "h2"):
        for element in headings:
            text = inline_text(element).lower()
            if element.tag == tag and title and len(text) >= 3 and text in title and not _links_home(element, page):
                return element
    return next((el for el in headings if el.tag == "h1" and not _links_home(el, page)),
                next((el for el in headings if el.tag == "h1"), None))


def _links_home(element, page: Page) -> bool:
    link = element.find(".//a[@href]")
    return link is not None and urlsplit(urljoin(page.url, link.get("href"))).path.strip("/") in ("", "index.html")


def _meta_author(page: Page) -> str | None:
    author = page.meta("author", "article:author")
    return None if not author or author.startswith(("http://", "https://")) else author


def extract_with(platform: Platform, page: Page, fetched_at: datetime | None) -> Extract:
    """The extract of one page by one platform's data."""
    kind = platform.page_type(page)
    comments = []
    if kind != "listing":
        for markup in platform.comments:
            comments = extract_comments(page.index, markup, fetched_at, page.language)
            if comments:
                break
        if _unnamed(comments):  # markup nobody wrote selectors for: vocabularies, then structure
            found = find_comments(page, fetched_at)
            if len(found) >= len(comments) and not _unnamed(found):
                comments = found
        if comments and lists_comments_elsewhere(page):
            comments = []  # a "recent comments" page: each is a comment on another post
        if comments and kind in ("other", "page"):
            kind = "post"  # a page with a comment thread is a post, whatever its markup says
    title_el = first_text(page, platform.title)
    h1 = headline(page) if title_el is None else None
    author_el = first_text(page, platform.author)
    published = _date(first_text(page, platform.published), page, fetched_at) or iso_date(
        page.meta("article:published_time", "datePublished") or page.article_ld().get("datePublished"),
        relative_to=fetched_at, language=page.language)
    if kind == "post" and platform.page_type is article_page_type and not comments and not published \
            and not _declared_article(page):
        kind = "page"  # an entry with no date, no thread and no article markup: an About page (a feed
        # or a posts sitemap listing its URL makes it a post again: normalize.context)
    return Extract(
        url=page.url,
        title=(inline_text(title_el) if title_el is not None else None) or page.meta("og:title")
        or (inline_text(h1) if h1 is not None else None) or page.title_tag(),
        author=bare_name(inline_text(author_el) if author_el is not None else None) or page.ld_author()
        or _meta_author(page) or _byline(page),
        published=published,
        language=page.language,
        platform=platform.name_for(page) if platform.name_for else platform.name,
        comments_source=comments_source(platform, page, bool(comments)),
        text=body_text(page, platform.body, platform.title + platform.author + platform.published),
        comments=comments,
        page_type=kind,
        canonical_url=page.canonical_url,
        links=page.links,
        post_links=listed_posts(page) if kind == "listing" else [],
        embeds=embeds_of(page),
    )

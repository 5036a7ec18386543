"""What a page says of comment sources it does not hold and of feeds it offers: read here, with the rest of
the page, so the crawl never parses HTML again. Each target is what the widget's own script reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .page import Page

_ISSO_EMBEDS = ("/js/embed.min.js", "/js/embed.js", "/js/embed.dev.js")
_WORDPRESS_POST_ID = re.compile(r"/wp-json/wp/v2/posts/(\d+)|[?&]p=(\d+)$")
_DISQUS_FORUM = re.compile(r"""(?:disqus_shortname\s*=\s*|s\.src\s*=\s*['"]https?://)['"]?([\w-]+)(?:\.disqus\.com)?""")
_DISQUS_ID = re.compile(r"""(?:this\.page\.identifier|disqus_identifier)\s*=\s*['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class Embeds:
    feeds: tuple[str, ...] = ()  # the page's RSS and Atom feeds (a post's comment feed left out), absolute
    wordpress_post_id: str | None = None  # from the REST link or the shortlink: where the REST API has the thread
    disqus: tuple[str, str | None] | None = None  # (forum, identifier): "?" when the page does not name it
    ghost: tuple[str, str] | None = None  # (site URL, post id) of the comments-ui widget
    isso: tuple[str, str] | None = None  # (API endpoint, thread uri)


def embeds_of(page: Page) -> Embeds:
    scripts = [dict(element.attrib) for element in page.root.iter("script")]
    links = [((link.get("rel") or "").lower().split(), link.get("type") or "", urljoin(page.url, link.get("href")))
             for link in page.root.iter("link") if link.get("href")]
    feeds = tuple(href for rel, kind, href in links
                  if "alternate" in rel and ("rss" in kind or "atom" in kind) and "comments" not in href)
    rest = [href for rel, kind, href in links if ("alternate" in rel and "json" in kind) or "shortlink" in rel]
    thread = page.by_id("isso-thread")
    return Embeds(
        feeds=feeds,
        wordpress_post_id=wordpress_post_id(rest),
        disqus=_disqus(page, scripts),
        ghost=ghost_target(scripts, page.url),
        isso=isso_target(scripts, dict(thread.attrib) if thread is not None else None, page.url),
    )


def wordpress_post_id(links: list[str]) -> str | None:
    """The post id from the page's REST link (``/wp-json/wp/v2/posts/123``) or shortlink (``?p=123``)."""
    for link in links:
        match = _WORDPRESS_POST_ID.search(link)
        if match:
            return match.group(1) or match.group(2)
    return None


def ghost_target(script_attributes: list[dict], page_url: str) -> tuple[str, str] | None:
    """(site URL, post id) from the comments-ui script tag (data-ghost-comments, data-post-id)."""
    for attributes in script_attributes:
        if "comments-ui" in (attributes.get("src") or "") and attributes.get("data-post-id"):
            site = attributes.get("data-ghost-comments") or urljoin(page_url, "/")
            return site, attributes["data-post-id"]
    return None


def isso_target(script_attributes: list[dict], thread_attributes: dict | None,
                page_url: str) -> tuple[str, str] | None:
    """(API endpoint without trailing slash, thread uri) for a page that shows an Isso thread, else None.

    As Isso's embed.js reads them: the endpoint is the ``data-isso`` attribute of the first script that
    has one (absolute, relative or protocol-relative), else the embed script's ``src`` less
    ``/js/embed.min.js``; the thread is the ``data-isso-id`` of the element with id ``isso-thread``, else
    the page's path, matched by Isso as an exact string (``/post/`` and ``/post/index.html`` are two
    threads). ``thread_attributes`` is None where the page has no such element: a listing that only
    loads count.js shows no thread.
    """
    if thread_attributes is None:
        return None
    endpoint = None
    for attributes in script_attributes:
        if attributes.get("data-isso") is not None:
            endpoint = attributes["data-isso"].strip()
            break
    if endpoint is None:
        for attributes in script_attributes:
            src = (attributes.get("src") or "").split("?", 1)[0].split("#", 1)[0]
            if src.endswith(_ISSO_EMBEDS):
                endpoint = src[: src.rindex("/js/")]
    if not endpoint:
        return None
    endpoint = urljoin(page_url, endpoint).rstrip("/")
    return endpoint, thread_attributes.get("data-isso-id") or urlsplit(page_url).path or "/"


def _disqus(page: Page, scripts: list[dict]) -> tuple[str, str | None] | None:
    """Disqus's forum (shortname) and thread identifier, from the embed code's configuration."""
    code = page.inline_scripts + "\n" + "\n".join(s.get("src") or "" for s in scripts)
    forum = _DISQUS_FORUM.search(code)
    if forum is None and "disqus" not in code:
        return None
    ident = _DISQUS_ID.search(code)
    return (forum.group(1) if forum else "?"), (ident.group(1) if ident else None)

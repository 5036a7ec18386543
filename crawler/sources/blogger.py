"""Blogger: /feeds/posts/default (Atom, paged) and each post's /feeds/POSTID/comments/default."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from archive.records import Comment
from crawler.normalize.dates import iso_date
from crawler.normalize.text import fragment_text

from . import CommentPage, PostLink

ATOM = {"a": "http://www.w3.org/2005/Atom"}
PAGE_SIZE = 150
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)


def posts_feed_url(root: str, start: int = 1) -> str:
    return urljoin(root, f"/feeds/posts/default?start-index={start}&max-results={PAGE_SIZE}")


def _feed(body: bytes):
    root = etree.fromstring(body, parser=_PARSER)
    if root is None:
        raise ValueError("not an Atom feed")
    return root


def _next(feed) -> str | None:
    found = feed.xpath("a:link[@rel='next']/@href", namespaces=ATOM)
    return found[0] if found else None


def _native_id(entry) -> str | None:
    match = re.search(r"post-(\d+)$", "".join(entry.xpath("a:id/text()", namespaces=ATOM)))
    return match.group(1) if match else None


def parse_posts(body: bytes) -> tuple[list[PostLink], str | None]:
    feed = _feed(body)
    posts = []
    for entry in feed.xpath("a:entry", namespaces=ATOM):
        url = entry.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM)
        replies = entry.xpath("a:link[@rel='replies'][contains(@type,'atom')]/@href", namespaces=ATOM)
        if url:
            posts.append(PostLink(url[0], _native_id(entry), replies[0] if replies else None))
    return posts, _next(feed)


def parse_comments(body: bytes) -> CommentPage:
    """One page of a post's comment feed; a reply names its parent in a rel='related' link."""
    feed = _feed(body)
    comments = []
    for entry in feed.xpath("a:entry", namespaces=ATOM):
        native = _native_id(entry)
        if native is None:
            continue
        related = entry.xpath("a:link[@rel='related']/@href", namespaces=ATOM)
        link = entry.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM)
        parent = re.search(r"/(\d+)$", related[0]) if related else None
        comments.append(Comment(
            id=f"c-{native}", parent_id=f"c-{parent.group(1)}" if parent else None,
            author="".join(entry.xpath("a:author/a:name/text()", namespaces=ATOM)).strip() or None,
            author_url="".join(entry.xpath("a:author/a:uri/text()", namespaces=ATOM)).strip() or None,
            published=iso_date("".join(entry.xpath("a:published/text()", namespaces=ATOM)).strip() or None),
            text=fragment_text("".join(entry.xpath("a:content/text()", namespaces=ATOM))),
            url=link[0] if link else None,
        ))
    return CommentPage(comments, _next(feed))

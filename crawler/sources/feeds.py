"""RSS and Atom feeds and posts sitemaps: the URLs a site itself lists as its posts, with the copy of
each post the feed carries (title, author, date, text) for posts whose page yields no body."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from lxml import etree

from crawler.normalize.dates import iso_date
from crawler.normalize.model import ListedPost
from crawler.normalize.text import fragment_text

_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit for one file
# wp-sitemap-posts-post-1.xml (WordPress core), post-sitemap.xml (Yoast, Rank Math), sitemap-posts.xml
# (Ghost), sitemap-1.xml of a blog's posts (Blogger's /sitemap.xml?page=N): each lists posts only
_POSTS_SITEMAP = re.compile(r"(wp-sitemap-posts-post-\d+|post-sitemap\d*|sitemap-posts(-\d+)?)\.xml$|"
                            r"/sitemap\.xml\?page=\d+$")


def is_posts_sitemap(url: str) -> bool:
    return bool(_POSTS_SITEMAP.search(url.split("#")[0]))


def _first(node, paths: str) -> str:
    found = node.xpath(paths)
    if not found:
        return ""
    value = found[0]
    return (value if isinstance(value, str) else "".join(value.itertext())).strip()


def parse_feed(body: bytes) -> list[tuple[str, ListedPost]]:
    """``(url, ListedPost)`` for every item of an RSS or Atom feed, in feed order; [] if not a feed."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    entries = []
    for node in root.xpath("//item | //*[local-name()='entry']"):
        url = _first(node, "link/text() | *[local-name()='link'][not(@rel) or @rel='alternate']/@href")
        if not url:
            continue
        content = _first(node, "*[local-name()='encoded'] | *[local-name()='content'] | description | "
                               "*[local-name()='summary']")
        entries.append((url, ListedPost(
            source="feed",
            title=_first(node, "title | *[local-name()='title']") or None,
            author=_first(node, "*[local-name()='creator'] | *[local-name()='author']/*[local-name()='name'] | "
                                "author") or None,
            published=_date(_first(node, "pubDate | *[local-name()='published'] | *[local-name()='updated']")),
            text=fragment_text(content),
        )))
    return entries


def _date(value: str) -> str | None:
    """RSS dates are RFC 822 ("Thu, 14 Mar 2019 09:30:00 +0000"), Atom's ISO 8601."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return iso_date(value)


@dataclass(frozen=True)
class Sitemap:
    is_index: bool  # a sitemap index: its locs are sitemaps, not pages
    locs: list[str]
    lastmod: dict[str, str] = field(default_factory=dict)  # loc -> <lastmod>, where the sitemap gives one

    def posts(self, url: str) -> list[tuple[str, ListedPost]]:
        """The pages a posts sitemap lists (by its name: see ``is_posts_sitemap``) as posts."""
        if self.is_index or not is_posts_sitemap(url):
            return []
        return [(loc, ListedPost(source="sitemap")) for loc in self.locs]


def read_sitemap(body: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """The locs of a sitemap or sitemap index (gzipped or not); raises ValueError if it is neither."""
    try:
        if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz served as a file
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, max_bytes)
        root = etree.fromstring(body, parser=_PARSER)
    except (etree.XMLSyntaxError, zlib.error) as exc:
        raise ValueError(f"not a sitemap ({exc})") from None
    kind = etree.QName(root).localname if root is not None else ""
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError("not a sitemap")
    entry = "url" if kind == "urlset" else "sitemap"
    locs, lastmod = [], {}
    for node in root.xpath(f"*[local-name()='{entry}']"):
        loc, modified = _first(node, "*[local-name()='loc']"), _first(node, "*[local-name()='lastmod']")
        if loc:
            locs.append(loc)
            if modified:
                lastmod[loc] = modified
    return Sitemap(kind == "sitemapindex", locs, lastmod)


def sitemaps_in_robots(body: bytes) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt."""
    lines = body.decode("utf-8", "replace").splitlines()
    return [line.split(":", 1)[1].strip() for line in lines
            if line.lower().startswith("sitemap:") and line.split(":", 1)[1].strip()]

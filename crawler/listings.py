"""What a site lists as its posts, learned from its feeds, posts sitemaps and platform APIs as their
responses come in. The crawl and ``reprocess`` keep one each and feed it the same responses, so both
decide alike which pages are posts (``normalize.context.in_context``)."""

from __future__ import annotations

import json
from urllib.parse import urldefrag, urljoin

from crawler.normalize.model import ListedPost
from crawler.sources import substack
from crawler.sources.feeds import listed_posts


class Listings:
    def __init__(self) -> None:
        self._by_url: dict[str, ListedPost] = {}

    def add(self, url: str, listed: ListedPost) -> None:
        """Remember ``url`` as a post; a feed's copy (it carries the text) beats a sitemap's bare mention."""
        url = urldefrag(url)[0]
        known = self._by_url.get(url)
        if known is None or (not known.text and listed.text):
            self._by_url[url] = listed

    def learn(self, handler: str, response_url: str, body: bytes, *, root: str = "", offset: int = 0) -> list[str]:
        """Remember the posts one feed, sitemap or API response lists; return their URLs in order."""
        if handler == "parse_substack_archive":
            try:
                posts, _ = substack.parse_archive(body, root, offset)
            except (ValueError, TypeError, KeyError):  # a challenge page instead of the archive
                posts = []
            found = [(post.url, ListedPost(source="api")) for post in posts]
        elif handler == "parse_squarespace_collection":
            found = _squarespace_items(body, root)
        else:
            found = listed_posts(handler, response_url, body)
        for url, listed in found:
            self.add(urljoin(response_url, url), listed)
        return [urljoin(response_url, url) for url, _ in found]

    def learn_page(self, page) -> None:
        """A listing page's excerpts name posts too (an ``Extract`` with ``post_links``)."""
        for url in page.post_links:
            self.add(url, ListedPost(source="listing"))

    def of(self, *urls: str | None) -> ListedPost | None:
        for url in urls:
            if url and urldefrag(url)[0] in self._by_url:
                return self._by_url[urldefrag(url)[0]]
        return None


def _squarespace_items(body: bytes, root: str) -> list[tuple[str, ListedPost]]:
    try:
        data = json.loads(body)
    except ValueError:
        return []
    items = data.get("items", []) if isinstance(data, dict) else []
    return [(urljoin(root, item["fullUrl"]), ListedPost(source="api", title=item.get("title") or None))
            for item in items if isinstance(item, dict) and item.get("fullUrl")]

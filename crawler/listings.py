"""What a site lists as its posts, learned from its feeds, posts sitemaps and platform APIs as their
responses come in. The response handlers keep it in their ``CrawlState``, so the crawl, ``reprocess`` and
``ingest`` decide alike which pages are posts (``normalize.context.in_context``)."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from crawler.normalize.model import ListedPost


class Listings:
    def __init__(self) -> None:
        self._by_url: dict[str, ListedPost] = {}

    def add(self, url: str, listed: ListedPost) -> None:
        """Remember ``url`` as a post; a feed's copy (it carries the text) beats a sitemap's bare mention."""
        url = urldefrag(url)[0]
        known = self._by_url.get(url)
        if known is None or (not known.text and listed.text):
            self._by_url[url] = listed

    def add_all(self, base_url: str, found: list[tuple[str, ListedPost]]) -> list[str]:
        """Remember every post one feed, sitemap or API response lists; return their URLs in order."""
        urls = [urljoin(base_url, url) for url, _ in found]
        for url, (_, listed) in zip(urls, found):
            self.add(url, listed)
        return urls

    def learn_page(self, page) -> None:
        """A listing page's excerpts name posts too (an ``Extract`` with ``post_links``)."""
        for url in page.post_links:
            self.add(url, ListedPost(source="listing"))

    def of(self, *urls: str | None) -> ListedPost | None:
        for url in urls:
            if url and urldefrag(url)[0] in self._by_url:
                return self._by_url[urldefrag(url)[0]]
        return None

"""The crawl stays where it was sent: a redirect is followed only to the roots' own hosts (host and port)
and to the comment servers their pages name, never to another host, port or scheme (a cloud metadata
address, a neighbour on the network, ``file:``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest


class LeavesScope(IgnoreRequest):
    """A redirect pointed outside the hosts the crawl may visit."""


class RedirectScopeMiddleware:
    """Downloader middleware: refuses a redirected request whose target the spider would not have asked
    for itself. Its errback reports the one line; nothing of the target is fetched or archived."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if not request.meta.get("redirect_urls"):
            return None
        parts = urlsplit(request.url)
        spider = self.crawler.spider
        allowed = getattr(spider, "may_visit", None)
        if parts.scheme not in ("http", "https") or (allowed is not None and not allowed(request.url)):
            origin = request.meta["redirect_urls"][0]
            raise LeavesScope(f"redirect from {origin} to {request.url} leaves the crawl's hosts; not followed")
        return None

"""The crawl stays where it was sent: a redirect is followed only to the roots' own hosts (host and port)
and to the comment servers their pages name, never to another host, port or scheme (a cloud metadata
address, a neighbour on the network, ``file:``)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
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


class ScopedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, with the two ends Scrapy leaves quiet said out loud: a Location in another
    scheme (``ftp:``, ``file:``), which Scrapy hands on as a bare 3xx, and a loop, which its duplicate
    filter drops without a word."""

    def process_response(self, request, response):
        location = response.headers.get(b"Location") if 300 <= response.status < 400 else None
        if location:
            target = urljoin(request.url, location.decode("latin-1").strip())
            if urlsplit(target).scheme not in ("http", "https"):
                raise LeavesScope(f"redirect to {target} leaves the crawl's hosts; not followed")
        result = super().process_response(request, response)
        if isinstance(result, type(request)) and result.url in (*request.meta.get("redirect_urls", ()), request.url):
            raise IgnoreRequest(f"redirect loop back to {result.url}")
        return result

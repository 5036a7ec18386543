"""Politeness beyond Scrapy's own: robots.txt Crawl-delay per host, and only text types fetched whole."""

from __future__ import annotations

import time

from scrapy import signals
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from .urls import host_of

TEXT_TYPES = ("text/html", "application/xhtml", "text/xml", "application/xml", "application/rss", "application/atom",
              "application/json", "application/ld+json", "application/feed+json", "text/plain")


class CrawlDelayMiddleware:
    """Spaces requests to a host by its robots.txt Crawl-delay (read by the spider into
    ``spider.crawl_delays``), on top of DOWNLOAD_DELAY and AutoThrottle. Each request reserves the next
    free moment, so two concurrent requests cannot both go early."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.next_free: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request):
        delays = getattr(self.crawler.spider, "crawl_delays", {})
        host = host_of(request.url)
        delay = delays.get(host, 0.0)
        if not delay:
            return None
        now = time.monotonic()
        start = max(now, self.next_free.get(host, 0.0))
        self.next_free[host] = start + delay
        if start > now:
            from twisted.internet import reactor  # the one Scrapy installed

            await maybe_deferred_to_future(task.deferLater(reactor, start - now, lambda: None))
        return None


class TextOnly:
    """Stops a download as soon as its headers say it is not text (an image, a video, a PDF) unless
    FETCH_MEDIA is on: the archive is for posts and comments, and media would crowd it out."""

    def __init__(self, crawler) -> None:
        if crawler.settings.getbool("FETCH_MEDIA"):
            raise NotConfigured
        self.stats = crawler.stats
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def headers_received(self, headers, body_length, request, spider):
        content_type = (headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if content_type and not content_type.startswith(TEXT_TYPES):
            self.stats.inc_value("therapy_archive/not_text")
            raise StopDownload(fail=True)

"""Politeness beyond Scrapy's own: robots.txt Crawl-delay per host, and only text types fetched whole."""

from __future__ import annotations

import time

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from .urls import host_of

TEXT_TYPES = ("text/html", "application/xhtml", "text/xml", "application/xml", "application/rss", "application/atom",
              "application/json", "application/ld+json", "application/feed+json", "text/plain")


async def pause(seconds: float) -> None:
    """Wait without blocking the crawl (on the reactor Scrapy installed)."""
    if seconds > 0:
        from twisted.internet import reactor  # importing it at module level would install another one

        await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class CrawlDelayMiddleware:
    """Spaces requests to a host by its robots.txt Crawl-delay, and never closer than DOWNLOAD_DELAY
    (AutoThrottle may only lengthen the gaps). It runs after RobotsTxtMiddleware, which holds every request until the host's
    robots.txt is read, so even the first page waits its turn. Each request reserves the next free
    moment, so two concurrent requests cannot both go early."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.user_agent = "therapy-archive"  # robots.txt groups name the product token
        self.floor = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.last_start: dict[str, float] = {}  # when the host's latest request may leave

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def _delay(self, request) -> float:
        """Crawl-delay of the request's host, read through Scrapy's robots.txt parser (Protego), and never
        under DOWNLOAD_DELAY. robots.txt's own request waits for nothing: its parser is what it brings."""
        parser = None
        if not request.meta.get("dont_obey_robotstxt"):
            robots = self.crawler.get_downloader_middleware(RobotsTxtMiddleware)
            parser = await robots.robot_parser(request) if robots is not None else None
        delay = parser.crawl_delay(self.user_agent) if isinstance(parser, ProtegoRobotParser) else None
        return max(float(delay or 0.0), self.floor)

    def _hold_slot_to(self, host: str, delay: float) -> None:
        """The downloader's own queue spaces requests too: keep its slot's delay at least ``delay``
        (AutoThrottle lowers it after fast responses; this raises it back)."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(host)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
        else:
            settings = downloader.per_slot_settings.setdefault(host, {})
            settings["delay"] = max(settings.get("delay", 0.0), delay)

    async def process_request(self, request):
        host = host_of(request.url)
        # one download slot per host and port: two blogs on one machine are two sites
        request.meta.setdefault("download_slot", host)
        delay = await self._delay(request)
        self._hold_slot_to(host, delay)
        now = time.monotonic()
        start = max(now, self.last_start.get(host, -delay) + delay)
        self.last_start[host] = start
        await pause(start - now)
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
        sitemap = request.meta.get("handler") == "sitemap"  # sitemap.xml.gz is a gzip file
        if content_type and not content_type.startswith(TEXT_TYPES) and not sitemap:
            self.stats.inc_value("therapy_archive/not_text")
            raise StopDownload(fail=True)

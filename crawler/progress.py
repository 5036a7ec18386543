"""Live progress on stderr while a crawl runs, and per-site counts for the summary at the end.

The counting is cheap and driven by Scrapy: counters in Scrapy's stats, per site under ``site/HOST/NAME``
(as Scrapy keeps ``downloader/response_status_count/404``), bumped by signals and by the spider. Drawing
happens on a timer in the reactor's thread, so it never races the counters and never slows a fetch."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from scrapy import signals

from .politeness import CrawlDelayMiddleware
from .session import STATS_PREFIX
from .urls import host_of

SITE_PREFIX = "site/"  # per-site counters in Scrapy's stats: site/HOST/pages, site/HOST/errors/timeout, ...


def count_for_site(stats, url: str, name: str, count: int = 1) -> None:
    """Add ``count`` to the counter ``name`` of the site (host) of ``url``."""
    if count:
        stats.inc_value(f"{SITE_PREFIX}{host_of(url)}/{name}", count)


def error_kind(message: str) -> str:
    """The kind of a failure, from the one line the spider reports for it (``describe_failure``)."""
    if message.startswith("HTTP "):
        return f"HTTP {message[5:6]}xx"
    for needle, kind in (("DNS", "DNS"), ("timed out", "timeout"), ("refused", "refused"),
                         ("connection error", "connection"), ("DOWNLOAD_MAXSIZE", "too large"),
                         ("robots", "robots-forbidden")):
        if needle in message:
            return kind
    return "unreadable" if "not an HTML page" in message or "undecodable" in message else "other"


@dataclass(frozen=True)
class SiteProgress:
    """One site's (host's) counts so far."""

    host: str
    pages: int = 0
    posts: int = 0
    comments: int = 0
    bytes: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # kind (error_kind) -> count
    seconds: float = 0.0  # from the crawl's start to the site's latest response
    delay: float = 0.0  # seconds the downloader spaces requests to the host (DOWNLOAD_DELAY, Crawl-delay, AutoThrottle)
    queued: int = 0  # requests waiting in the host's download slot

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def sites_from_stats(stats: dict) -> dict[str, dict]:
    """The per-site counters in a Scrapy stats dict: ``{host: {"pages": 3, "errors": {"timeout": 1}}}``."""
    sites: dict[str, dict] = {}
    for key, value in stats.items():
        if not key.startswith(SITE_PREFIX):
            continue
        host, _, name = key[len(SITE_PREFIX):].partition("/")
        counts = sites.setdefault(host, {"errors": {}})
        if name.startswith("errors/"):
            counts["errors"][name[len("errors/"):]] = value
        else:
            counts[name] = value
    return sites


class CrawlProgress:
    """Counts pages per site as responses arrive, and shows the crawl's progress on stderr: a live table
    on a terminal (refreshed every PROGRESS_REFRESH seconds), a plain line every PROGRESS_INTERVAL seconds
    otherwise (cron, a pipe), nothing with PROGRESS_QUIET."""

    def __init__(self, crawler, stream=None) -> None:
        self.crawler = crawler
        self.stream = stream or sys.stderr
        self.interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        self.refresh = crawler.settings.getfloat("PROGRESS_REFRESH")
        self.quiet = crawler.settings.getbool("PROGRESS_QUIET")
        self.started = time.monotonic()
        self.latest: dict[str, float] = {}  # host -> seconds from the start to its latest response
        self.task = None
        self.view = None
        self.summary: dict = {}
        self.site_summary: list[SiteProgress] = []
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def response_received(self, response, request, spider) -> None:
        count_for_site(self.crawler.stats, request.url, "pages")
        self.latest[host_of(request.url)] = time.monotonic() - self.started

    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        self.started = time.monotonic()
        if self.quiet:
            return
        live = self.stream.isatty() and self.refresh > 0
        if live:
            from .progress_view import LiveView

            self.view = LiveView(self.stream)
            self.view.start(self.counts(), self.sites())
        period = self.refresh if live else self.interval
        if period > 0:
            self.task = task.LoopingCall(self.report)
            self.task.start(period, now=False)

    def counts(self) -> dict:
        """The crawl's counters so far, all read from Scrapy's stats."""
        stats = self.crawler.stats
        elapsed = max(time.monotonic() - self.started, 1e-6)
        pages = stats.get_value("response_received_count", 0)
        return {
            "pages": pages,
            "posts": stats.get_value(STATS_PREFIX + "posts", 0),
            "comments": stats.get_value(STATS_PREFIX + "comments", 0),
            "errors": stats.get_value(STATS_PREFIX + "errors", 0),
            "seconds": round(elapsed, 2),
            "pages_per_second": round(pages / elapsed, 2),
        }

    def sites(self) -> list[SiteProgress]:
        """Each site's counts so far, with the politeness delay its download slot keeps now."""
        slots = getattr(getattr(self.crawler.engine, "downloader", None), "slots", {})
        pauses = self.crawler.get_downloader_middleware(CrawlDelayMiddleware) if self.crawler.engine else None
        sites = []
        for host, counts in sorted(sites_from_stats(self.crawler.stats.get_stats()).items()):
            slot = slots.get(host)
            delay = slot.delay if slot is not None else (pauses.floor if pauses is not None else 0.0)
            sites.append(SiteProgress(
                host=host, pages=counts.get("pages", 0), posts=counts.get("posts", 0),
                comments=counts.get("comments", 0), bytes=counts.get("bytes", 0), errors=counts["errors"],
                seconds=round(self.latest.get(host, 0.0), 2), delay=delay,
                queued=len(slot.queue) if slot is not None else 0))
        return sites

    def report(self) -> None:
        if self.view is not None:
            self.view.update(self.counts(), self.sites())
            return
        c = self.counts()
        print(f"[crawl] {c['pages']} pages | {c['posts']} posts | {c['comments']} comments | "
              f"{c['errors']} errors | {c['pages_per_second']:.1f} pages/s", file=self.stream, flush=True)

    def spider_closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        self.summary = self.counts()
        self.site_summary = self.sites()
        if self.view is not None:
            self.view.stop(self.summary, self.site_summary)

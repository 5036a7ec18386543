"""Live progress on stderr while a crawl runs, and a summary at the end."""

from __future__ import annotations

import sys
import time

from scrapy import signals

from .session import STATS_PREFIX


class CrawlProgress:
    """Prints ``pages | posts | comments | errors | rate`` every PROGRESS_INTERVAL seconds."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        self.quiet = crawler.settings.getbool("PROGRESS_QUIET")
        self.started = time.monotonic()
        self.task = None
        self.summary: dict = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        if not self.quiet and self.interval > 0:
            from twisted.internet import task

            self.task = task.LoopingCall(self.report, spider)
            self.task.start(self.interval, now=False)

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

    def report(self, spider) -> None:
        c = self.counts()
        print(f"[crawl] {c['pages']} pages | {c['posts']} posts | {c['comments']} comments | "
              f"{c['errors']} errors | {c['pages_per_second']:.1f} pages/s", file=sys.stderr, flush=True)

    def spider_closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        self.summary = self.counts()

"""``--max-pages N``: a crawl that archives exactly N responses, then stops.

Scrapy's CLOSESPIDER_PAGECOUNT only asks the engine to close once N responses arrived: the requests in
flight then still complete and are archived, so a crawl asked for 3 pages archived 5 or 6. Here the
count is taken where a response is written to the WARC, and a response arriving after the N-th is
dropped before it reaches the writer.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

STOPPED_AT_LIMIT = "max_pages"  # the close reason, and the status of the crawl's row in the crawls table


class ResponseLimit:
    """Counts the responses the crawl archives (MAX_RESPONSES, 0 for no limit): pages, robots.txt,
    sitemaps, feeds and revisit records alike, each a response record the WARC holds. A Scrapy
    extension; the WARC recorder asks it with ``take()`` before writing each response."""

    def __init__(self, crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.archived = 0

    @classmethod
    def from_crawler(cls, crawler) -> "ResponseLimit":
        limit = crawler.settings.getint("MAX_RESPONSES")
        if limit <= 0:
            raise NotConfigured  # no limit; with no message, Scrapy does not warn that it is off
        return cls(crawler, limit)

    @property
    def reached(self) -> bool:
        return self.archived >= self.limit

    def take(self) -> bool:
        """Whether one more response may be archived. Counts it if so; the one that reaches the limit
        asks the engine to close, and every later one (a request already in flight) is refused."""
        if self.reached:
            self.crawler.stats.inc_value("therapy_archive/dropped_at_limit")
            return False
        self.archived += 1
        if self.reached:
            engine = self.crawler.engine
            if engine is not None and engine.spider is not None:
                deferred_from_coro(engine.close_spider_async(reason=STOPPED_AT_LIMIT))
        return True

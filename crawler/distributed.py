"""Scale-out: worker processes on any number of machines share one frontier in Redis, through
scrapy-redis's scheduler (a priority queue) and dupefilter, so every URL is fetched by one worker only.

Each worker writes its own archive folder (its WARC files carry its host and process id in their
names); ``therapy-archive ingest`` merges the workers' WARC files into one archive through the same
handlers a crawl uses, so the merged archive is the one a single crawl would have written.
Redis keys are named by a job (``therapy-archive:JOB:requests``, ``...:dupefilter``): workers started
with the same job share a frontier; a new job starts a fresh one.
"""

from __future__ import annotations

import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

KEY = "therapy-archive:{job}:{name}"


class RedisUnavailable(Exception):
    """The Redis server named with --redis cannot be reached."""


def redis_settings(url: str, job: str) -> dict[str, str]:
    """The Scrapy settings that put a crawl on the shared frontier of ``job`` at ``url``."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_KEY": KEY.format(job=job, name="requests"),
        "SCHEDULER_DUPEFILTER_KEY": KEY.format(job=job, name="dupefilter"),
        # the frontier outlives each worker: the first to finish must not clear it under the others
        "SCHEDULER_PERSIST": "true",
        "REDIS_URL": url,
    }


def check_redis(url: str) -> None:
    """Raise ``RedisUnavailable`` (one line, with the reason) unless ``url`` answers a PING."""
    try:
        import redis
        import scrapy_redis  # noqa: F401 - the scheduler the settings name
    except ImportError:
        raise RedisUnavailable("crawl --redis needs scrapy-redis: pip install 'therapy-archive[redis]'") from None

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnavailable(f"cannot reach Redis at {url} ({exc})") from None


class SharedFrontierIdle:
    """A worker whose share of the frontier is empty waits REDIS_IDLE_CLOSE seconds before it closes:
    the others may still push the links of the pages they are reading."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured
        self.grace = crawler.settings.getfloat("REDIS_IDLE_CLOSE")
        self.idle_since: float | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.request_scheduled, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def request_scheduled(self, *args, **kwargs) -> None:
        self.idle_since = None

    def spider_idle(self, spider) -> None:
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.grace:
            raise DontCloseSpider

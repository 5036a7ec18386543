"""Scale-out: worker processes on any number of machines share one frontier in Redis, through
scrapy-redis's scheduler (a priority queue) and dupefilter, so every URL is fetched by one worker only.

Each worker writes its own archive folder (its WARC files carry its host and process id in their
names); ``therapy-archive ingest`` merges the workers' WARC files into one archive through the same
handlers a crawl uses, so the merged archive is the one a single crawl would have written.
Redis keys are named by a job (``therapy-archive:JOB:requests``, ``...:dupefilter``): workers started
with the same job share a frontier; a new job starts a fresh one.

scrapy-redis forgets a request once a worker has taken it; here each worker keeps the requests it has
taken and not yet answered in ``...:inflight:WORKER`` and renews ``...:alive:WORKER`` every few seconds.
When a worker dies, another one finds its ``alive`` key expired and puts its requests back in the queue,
so a killed worker costs nothing but the time it takes to notice.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.request import request_from_dict

try:  # the [redis] extra
    from scrapy_redis.scheduler import Scheduler
except ImportError:  # pragma: no cover - crawl --redis says what to install
    Scheduler = object

logger = logging.getLogger(__name__)
ALIVE_SECONDS = 6  # a worker that has not renewed its alive key for this long is taken for dead
# Sent by the spider once a request's response (or failure) is handled and its follow-ups are queued:
# only then may a worker forget it took the request
request_handled = object()

KEY = "therapy-archive:{job}:{name}"


class RedisUnavailable(Exception):
    """The Redis server named with --redis cannot be reached."""


def redis_settings(url: str, job: str) -> dict[str, str]:
    """The Scrapy settings that put a crawl on the shared frontier of ``job`` at ``url``."""
    return {
        "SCHEDULER": "crawler.distributed.ReliableScheduler",
        "THERAPY_ARCHIVE_JOB": job,
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


class ReliableScheduler(Scheduler):
    """scrapy-redis's scheduler, keeping each request a worker takes in Redis until the spider has handled it."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.job = crawler.settings.get("THERAPY_ARCHIVE_JOB") or "default"
        scheduler.worker = f"{socket.gethostname()}-{os.getpid()}"
        crawler.signals.connect(scheduler.request_done, signal=request_handled)
        return scheduler

    def _key(self, name: str, worker: str | None = None) -> str:
        return KEY.format(job=self.job, name=f"{name}:{self.worker if worker is None else worker}")

    def open(self, spider):
        super().open(spider)
        self._beat()
        from twisted.internet import task

        self._heart = task.LoopingCall(self._beat)
        self._heart.start(ALIVE_SECONDS / 3, now=False)

    def close(self, reason):
        if getattr(self, "_heart", None) is not None and self._heart.running:
            self._heart.stop()
        self.server.delete(self._key("inflight"), self._key("alive"))
        return super().close(reason)

    def next_request(self):
        request = super().next_request()
        if request is not None:
            self.request_done(request)  # a redirect or a retry of a request taken earlier: it is this one now
            held = pickle.dumps(request.to_dict(spider=self.spider), protocol=4)
            request.meta["inflight"] = (self._key("inflight"), f"{request.method} {request.url}")
            self.server.hset(*request.meta["inflight"], held)
            self._last_busy = time.monotonic()
        return request

    def enqueue_request(self, request) -> bool:
        queued = super().enqueue_request(request)
        if not queued:  # a redirect to a URL already fetched: the request it came from is done
            self.request_done(request)
        return queued

    def request_done(self, request) -> None:
        """Forget a taken request (kept across redirects and retries in its meta)."""
        if "inflight" in request.meta:
            self.server.hdel(*request.meta.pop("inflight"))

    def has_pending_requests(self) -> bool:
        """The shared queue holds requests, or another live worker is still downloading some (whose
        pages may add more)."""
        if len(self) > 0:
            self._last_busy = time.monotonic()
            return True
        if time.monotonic() - getattr(self, "_last_busy", 0) > 60:  # a worker stuck holding requests: go
            return False
        return any(self.server.hlen(key) for key in self._others("inflight"))

    def _others(self, name: str) -> list[bytes]:
        mine = self._key(name).encode()
        return [key for key in self.server.scan_iter(match=self._key(name, "*")) if key != mine]

    def _beat(self) -> None:
        try:
            self._renew_and_reclaim()
        except Exception:  # noqa: BLE001 - a Redis hiccup must not stop the heartbeat for good
            logger.warning("could not renew this worker's lease in Redis", exc_info=True)

    def _renew_and_reclaim(self) -> None:
        """Say this worker is alive; hand back the requests of workers that are not."""
        self.server.set(self._key("alive"), "1", ex=ALIVE_SECONDS)
        prefix = self._key("inflight", "")
        for key in self._others("inflight"):
            worker = key.decode()[len(prefix):]
            if self.server.exists(self._key("alive", worker)):
                continue
            claimed = self._key("reclaiming", worker)
            try:
                self.server.rename(key, claimed)  # atomic: of two workers reclaiming, one gets it
            except Exception:  # noqa: BLE001 - redis.ResponseError: another worker renamed it first
                continue
            for data in self.server.hvals(claimed):
                self.queue.push(request_from_dict(pickle.loads(data), spider=self.spider))
            self.server.delete(claimed)
            if self.stats:
                self.stats.inc_value("therapy_archive/requests_reclaimed")

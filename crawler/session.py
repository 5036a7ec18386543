"""One crawl's hold on its archive folder: the lock, the WARC writer, the store and the crawl row."""

from __future__ import annotations

import errno

import json
import sqlite3
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from archive.lock import ArchiveLock, check_writable
from archive.stats import WARC_FOLDER
from archive.store import Store
from archive.warc_writer import RotatingWarcWriter, new_crawl_id

from .contact import user_agent, warn_if_no_contact

import scrapy

STATS_PREFIX = "therapy_archive/"  # the crawl's own counters in Scrapy's stats


class ArchiveSession:
    """The owner of one crawl's life in its archive folder: the lock, the WARC writer, the store and the
    crawls row. A Scrapy extension; the WARC recorder and the pipeline find it with
    ``crawler.get_extension(ArchiveSession)``."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.archive_dir = Path(settings.get("ARCHIVE_DIR"))
        check_writable(self.archive_dir)
        warn_if_no_contact(settings)
        self.lock = None
        # run_crawl takes the lock before Scrapy starts, on the folder it names; any other folder is locked here
        if settings.get("ARCHIVE_LOCK_HELD") != str(self.archive_dir.resolve()):
            self.lock = ArchiveLock(self.archive_dir, wait=settings.getfloat("ARCHIVE_LOCK_WAIT"))
            self.lock.acquire()
        self.crawl_id = settings.get("ARCHIVE_CRAWL_ID") or new_crawl_id()
        self.store = Store.in_folder(self.archive_dir, stemming=settings.getbool("SEARCH_STEMMING"))
        self.writer = RotatingWarcWriter(
            self.archive_dir / WARC_FOLDER,
            crawl_id=self.crawl_id,
            max_file_size=settings.getint("WARC_MAX_FILE_SIZE"),
            info={
                "software": f"therapy-archive/0.1 (Scrapy {scrapy.__version__})",
                "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": user_agent(settings),
                "description": "Blog posts and comment threads, captured with request and response records",
            },
        )
        self.closed = False
        self.changes = None  # what the crawl changed in the archive (archive.history.CrawlChanges), once closed
        self.failure: str | None = None  # why the archive could not be written, once it could not
        self.crawler = crawler
        crawler.signals.connect(self._spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    def fail(self, what: str, exc: BaseException) -> None:
        """The archive cannot be written (a corrupt database, a full disk, a read-only folder): stop the
        crawl at once, so nothing more is fetched that could not be kept."""
        if self.failure is None:
            full = (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in str(exc)
            self.failure = f"{what} failed" + (": the disk is full" if full else "") + f" ({type(exc).__name__}: {exc})"
            engine = getattr(self.crawler, "engine", None)
            if engine is not None and engine.spider is not None:
                deferred_from_coro(engine.close_spider_async(reason="archive_write_failed"))

    @classmethod
    def from_crawler(cls, crawler) -> "ArchiveSession":
        return cls(crawler)

    @staticmethod
    def of(crawler) -> "ArchiveSession":
        """The crawler's session, for the components that write through it."""
        session = crawler.get_extension(ArchiveSession)
        if session is None:
            raise NotConfigured("the crawl.session.ArchiveSession extension is off: nothing could be archived")
        return session

    def _spider_opened(self, spider) -> None:
        roots = getattr(spider, "roots", [])
        overrides = {k: v for k, v in spider.settings.copy_to_dict().items()
                     if k in ("DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "MAX_RESPONSES", "DEPTH_LIMIT",
                              "CONCURRENT_REQUESTS_PER_DOMAIN", "ROBOTSTXT_OBEY", "ARCHIVE_CONTACT")}
        overrides["USER_AGENT"] = user_agent(spider.settings)  # as sent: its {contact} filled
        self.store.start_crawl(self.crawl_id, roots, json.dumps(overrides, default=str))

    def _spider_closed(self, spider, reason) -> None:
        self.close(status=reason, stats=self.summary())

    def summary(self) -> dict:
        """The crawl's counters for its crawls row, from Scrapy's stats (CoreStats has closed its clock)."""
        stats = self.crawler.stats
        summary = {name.removeprefix(STATS_PREFIX): value for name, value in stats.get_stats().items()
                   if name.startswith(STATS_PREFIX)}
        pages, seconds = stats.get_value("response_received_count", 0), stats.get_value("elapsed_time_seconds", 0)
        return dict(summary, pages=pages, seconds=round(seconds, 2),
                    requests=stats.get_value("downloader/request_count", 0),
                    response_bytes=stats.get_value("downloader/response_bytes", 0),
                    pages_per_second=round(pages / seconds, 2) if seconds else 0.0)

    def warc_bytes_written(self) -> int:
        """Bytes of the WARC files this crawl wrote (its summary, and its crawls row)."""
        folder = self.archive_dir / WARC_FOLDER
        return sum((folder / name).stat().st_size for name in self.writer.files_written if (folder / name).exists())

    def close(self, status: str = "finished", stats: dict | None = None) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.writer.close()
            if self.failure is None:
                self.changes = self.store.close_crawl(self.crawl_id)
                stats = dict(stats or {}, **self.changes.as_row(), warc_bytes=self.warc_bytes_written())
            self.store.finish_crawl(self.crawl_id, stats or {}, status)
        except (sqlite3.Error, OSError) as exc:
            self.failure = self.failure or f"closing the archive failed ({type(exc).__name__}: {exc})"
        finally:
            self.store.close()
            if self.lock is not None:
                self.lock.release()

"""Run a blog crawl from Python: ``run_crawl(["https://example.org/"], "archive")``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import BaseSettings, Settings

from archive.lock import ArchiveLock, check_writable
from archive.history import CrawlChanges
from archive.store import Store
from archive.warc_writer import new_crawl_id

from .limits import STOPPED_AT_LIMIT
from .progress import CrawlProgress, SiteProgress
from .session import ArchiveSession
from .seeds import SiteSpec, site
from .spiders.blog import BlogSpider


@dataclass
class CrawlResult:
    crawl_id: str
    roots: list[str]
    reached_roots: list[str]
    pages: int
    posts: int
    comments: int
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    finish_reason: str = ""
    archive_failure: str | None = None  # why the archive could not be written; the crawl stopped there
    changes: CrawlChanges | None = None  # what the crawl added, edited and saw removed
    shared_frontier: bool = False  # a --redis worker: other workers fetch part of the sites
    left_alone: int = 0  # old posts read lately, not fetched again (crawler.recheck)
    warc_bytes: int = 0
    max_responses: int = 0  # --max-pages (MAX_RESPONSES); 0 for no limit
    sites: list[SiteProgress] = field(default_factory=list)  # per site: pages, errors by kind, bytes, time

    @property
    def stopped_at_limit(self) -> bool:
        """Whether the crawl stopped because it had archived ``max_responses`` responses."""
        return self.finish_reason == STOPPED_AT_LIMIT

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def crawl_settings(archive_dir: str | Path, overrides: dict[str, str] | None = None, *,
                   max_pages: int | None = None, quiet: bool = False, log_level: str = "WARNING") -> Settings:
    """The project's settings with the command line's on top (as ``scrapy crawl -s`` does)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("LOG_LEVEL", "ERROR" if quiet else log_level, priority="cmdline")
    settings.set("PROGRESS_QUIET", quiet, priority="cmdline")
    settings.set("ARCHIVE_DIR", str(archive_dir), priority="cmdline")
    if max_pages:
        settings.set("MAX_RESPONSES", max_pages, priority="cmdline")
    for name, value in (overrides or {}).items():
        _check_setting(settings, name, value)
        settings.set(name, value, priority="cmdline")
    return settings


class SettingError(ValueError):
    """A -s NAME=VALUE whose value the setting cannot take."""


def _check_setting(settings: Settings, name: str, value) -> None:
    problem = setting_problem(settings, name, value)
    if problem:
        raise SettingError(f"-s {name}={value}: {problem}")


def setting_problem(settings: Settings, name: str, value) -> str | None:
    """What is wrong with ``value`` for the setting ``name`` (``DOWNLOAD_DELAY takes a number``), or None:
    a value of the kind the setting's default has (a number, true/false, a JSON object or list)."""
    default = settings.get(name)
    readers = ((bool, settings.getbool, "true or false"), (int, settings.getint, "a whole number"),
               (float, settings.getfloat, "a number"), ((dict, BaseSettings), settings.getdict, "a JSON object"),
               (list, settings.getlist, "a JSON list or comma-separated values"))
    for kind, reader, wanted in readers:
        if isinstance(default, kind) and not isinstance(value, kind):
            try:
                getattr(BaseSettings({name: value}), reader.__name__)(name)
            except (ValueError, TypeError):
                return f"{name} takes {wanted}"
            return None
    return None


def _quiet_scrapy_failure_logs(settings: Settings) -> None:
    """Failed fetches are reported once, as one line each, by the spider: Scrapy's own tracebacks for
    them (robots.txt unreachable, retries given up) would bury that report."""
    if settings.get("LOG_LEVEL") != "DEBUG" and settings.get("LOG_LEVEL") != "INFO":
        for name in ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry",
                     "scrapy.downloadermiddlewares.httpcompression", "scrapy.core.downloader.handlers.http11"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def run_crawl(roots: list[str | SiteSpec], archive_dir: str | Path, settings: Settings | None = None) -> CrawlResult:
    """Crawl ``roots`` into ``archive_dir`` and return what was found. Blocks until the crawl ends.

    Raises ``ArchiveBusy`` when another crawl holds the archive, ``ArchiveNotWritable`` when the folder
    cannot be written, ``UnreadableArchive`` when archive.db is corrupt, ``SeedsError`` when no usable
    root was given. A failure to write mid-crawl stops it and is named in ``archive_failure``.
    """
    sites = [r if isinstance(r, SiteSpec) else site(r) for r in roots]
    roots = [s.url for s in sites]
    settings = settings or crawl_settings(archive_dir)
    # `-s ARCHIVE_DIR=...` names the folder the crawl really writes: that is the one to lock
    archive_dir = Path(settings.get("ARCHIVE_DIR") or archive_dir)
    check_writable(archive_dir)
    crawl_id = new_crawl_id()
    settings.set("ARCHIVE_CRAWL_ID", crawl_id, priority="cmdline")
    settings.set("ARCHIVE_LOCK_HELD", str(archive_dir.resolve()), priority="cmdline")
    with ArchiveLock(archive_dir, wait=settings.getfloat("ARCHIVE_LOCK_WAIT")):
        Store.check(archive_dir)  # a corrupt archive.db stops the crawl before anything is fetched
        process = CrawlerProcess(settings)
        _quiet_scrapy_failure_logs(settings)
        crawler = process.create_crawler(BlogSpider)
        process.crawl(crawler, urls=sites)
        process.start()
    spider = crawler.spider
    session = crawler.get_extension(ArchiveSession)
    summary = crawler.stats.get_value("finish_reason") or ""
    progress = crawler.get_extension(CrawlProgress)
    counts = progress.summary if progress is not None else {}
    return CrawlResult(
        crawl_id=crawl_id,
        roots=roots,
        reached_roots=sorted(spider.reached_roots),
        pages=counts.get("pages", crawler.stats.get_value("response_received_count", 0)),
        posts=len(spider.posts_seen),
        comments=len(spider.comments_seen),
        errors=list(spider.failures),
        seconds=counts.get("seconds", 0.0),
        finish_reason=summary,
        archive_failure=session.failure if session else None,
        changes=session.changes if session else None,
        shared_frontier=bool(settings.get("REDIS_URL")),
        left_alone=crawler.stats.get_value("therapy_archive/left_alone", 0),
        warc_bytes=session.warc_bytes_written() if session else 0,
        max_responses=settings.getint("MAX_RESPONSES"),
        sites=progress.site_summary if progress is not None else [],
    )

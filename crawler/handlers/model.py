"""What a response handler takes and gives: plain records, no Scrapy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from crawler import settings
from crawler.listings import Listings


@dataclass(frozen=True)
class Response:
    """One captured response as a handler sees it, from the crawl or read back from a WARC file."""

    url: str
    status: int
    headers: Mapping[str, str]  # names lower-cased; a repeated header's last value
    body: bytes  # content-encoding removed
    fetched_at: str  # the capture's WARC-Date
    capture_id: str | None  # its WARC-Record-ID
    context: Mapping[str, str]  # the handler's name and the facts it was asked with (root, post_url, ...)
    undecodable: str | None = None  # why the body cannot be read (cut short, an unknown encoding)

    @property
    def root(self) -> str:
        return self.context.get("root", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True)
class FollowUp:
    """A request a handler asks for. The crawl decides whether it may be made (scope, budget, traps);
    ``reprocess`` and ``ingest`` ignore it."""

    url: str
    handler: str
    context: Mapping[str, str]  # passed back with its response; string values only (they go into the WARC)
    priority: int = 0
    scope: str = "page"  # page: the site's pages (patterns, traps); api: the site's hosts; widget: the host a page named
    optional: bool = False  # a probe (robots.txt, a sitemap, an API that may be closed): its failure is no error


@dataclass
class Outcome:
    records: list = field(default_factory=list)  # archive.records: Post, Thread, ExternalThread, SitePlatform
    follow: list[FollowUp] = field(default_factory=list)
    problem: str | None = None  # one line, when the response could not be read as what it was asked for
    counts: dict[str, int] = field(default_factory=dict)  # for the crawl's stats


@dataclass
class CrawlState:
    """What a crawl (or a rebuild) learns as responses come in, and the limits handlers keep to."""

    listings: Listings = field(default_factory=Listings)
    platforms: set[str] = field(default_factory=set)  # roots whose platform is recorded
    max_sitemap_children: int = settings.SITEMAP_INDEX_MAX
    max_body: int = settings.DOWNLOAD_MAXSIZE
    follow_links: bool = True  # a page's links as follow-ups: a rebuild, which fetches nothing, goes without
    # pages already read by the normalizer (``handlers.pages.read_page``), by capture id: filled ahead by a
    # rebuild's worker processes, taken by the page handler in the crawl's order
    extracted: dict = field(default_factory=dict)

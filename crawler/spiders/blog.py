"""The blog spider: finds every post of a blog through sitemaps, feeds and listing pages, and every
comment through the posts' comment pages. Stays on the hosts of its roots."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future

from archive.records import Post, Thread
from crawler.distributed import request_handled
from crawler.handlers import CrawlState, FollowUp, Response, handle
from crawler.page_readers import InOrder, PageReaders
from crawler.progress import count_for_site, error_kind
from crawler.recheck import RecheckPolicy
from crawler.session import ArchiveSession
from crawler.seeds import SeedsError, SiteSpec, read_seeds, site
from crawler.urls import host_of, is_trap


def describe_failure(failure) -> str:
    """One line a person understands, for a request that failed."""
    error = failure.value
    name = type(error).__name__
    text = str(error)
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if "Resolve" in name or "DNSLookup" in name:
        return "host name could not be resolved (DNS lookup failed)"
    if "ConnectionRefused" in name:
        return "connection refused"
    if "Timeout" in name:
        return "timed out"
    if "Cancelled" in name or "DOWNLOAD_MAXSIZE" in text:
        return "response larger than DOWNLOAD_MAXSIZE, skipped"
    if isinstance(error, IgnoreRequest):
        return text or "ignored"
    if "DataLoss" in name:
        return "connection error: the response was cut short (fewer bytes than it announced)"
    if "ConnectionLost" in text or "ConnectionDone" in text or "ConnectionReset" in name:
        return "connection error: the server closed the connection before the response was complete"
    if "decompress" in text or "gzip" in text.lower():
        return f"undecodable body, a corrupt compressed stream ({text.strip()[:80]})"
    return f"{name}: {text}".strip().rstrip(":")


def response_of(response) -> Response:
    """A Scrapy response as the handlers see it (its capture's id and date set by the WARC recorder)."""
    meta = response.meta
    headers = {name.decode("latin-1").lower(): values[-1].decode("latin-1")
               for name, values in response.headers.items() if values}
    return Response(url=response.url, status=response.status, headers=headers, body=response.body,
                    fetched_at=meta.get("fetched_at") or "", capture_id=meta.get("capture_id"),
                    context=dict(meta["context"], handler=meta["handler"]),
                    undecodable="gzip body cut short by the server" if meta.get("cut_short") else None)


class BlogSpider(scrapy.Spider):
    name = "blog"

    def __init__(self, urls: str | list = "", seeds: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        given = urls.split(",") if isinstance(urls, str) else list(urls)
        sites = [u if isinstance(u, SiteSpec) else site(u) for u in given if isinstance(u, SiteSpec) or u.strip()]
        if seeds:
            sites += read_seeds(seeds)
        if not sites:
            raise SeedsError("no blog URLs to crawl: give URLs or a seeds file with one URL a line")
        self.sites = {s.url: s for s in sites}
        self.roots = list(self.sites)
        self.hosts = {host_of(u): u for u in self.roots}
        self.requested: dict[str, int] = {root: 0 for root in self.roots}  # requests made, per site
        self._admitted: set[str] = set(self.roots)  # URLs already requested: a repeat costs no budget
        self.failures: list[tuple[str, str]] = []
        self.reached_roots: set[str] = set()
        self.posts_seen: set[str] = set()
        self.comments_seen: set[tuple[str, str]] = set()
        self.state = CrawlState()  # what the sites list as posts, which sites' platforms are known
        self.widget_hosts: set[str] = set()  # comment servers the sites' pages name (Isso on its own host)
        self.redirect_hosts: set[str] = set()  # hosts a redirect may lead to besides the roots' own
        self._recheck = None  # RecheckPolicy, made on first use (the archive is opened after the spider)
        self._left_alone: set[str] = set()  # pages of old posts not fetched again
        self.turns = InOrder()  # responses reach their handlers in the order they arrived

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_listing_page = settings.getint("LISTING_MAX_PAGE")
        spider.max_comment_page = settings.getint("COMMENT_MAX_PAGE")
        spider.default_budget = settings.getint("SITE_PAGE_BUDGET")
        spider.state.max_sitemap_children = settings.getint("SITEMAP_INDEX_MAX")
        spider.state.max_body = settings.getint("DOWNLOAD_MAXSIZE")
        spider.redirect_hosts = {h.strip().lower() for h in settings.getlist("ALLOWED_REDIRECT_HOSTS") if h.strip()}
        return spider

    def may_visit(self, url: str) -> bool:
        """A root's host, a comment server a root's page named, or a host the user allowed
        (``--allow-host``, ALLOWED_REDIRECT_HOSTS) for redirects."""
        host = host_of(url)
        return host in self.hosts or host in self.widget_hosts or host in self.redirect_hosts

    def admit(self, url: str, root: str, *, any_host: bool = False) -> bool:
        """Whether the crawl may request ``url`` for the site under ``root``: its host (unless
        ``any_host``: a comment server the site's page names), its patterns and its page budget. Counts
        the request when it may."""
        host = host_of(url)
        if (host not in self.hosts and not any_host) or url in self._admitted:
            return False
        spec = self.sites[self.hosts[host] if host in self.hosts else root]
        budget = spec.budget or self.default_budget
        if self.requested[spec.url] >= budget:
            self.crawler.stats.inc_value("therapy_archive/over_budget")
            return False
        self.requested[spec.url] += 1
        self._admitted.add(url)
        if host not in self.hosts:
            self.widget_hosts.add(host)
        return True

    # --- requests and responses --------------------------------------------------------------------------
    async def start(self):
        for root in self.roots:
            self.requested[root] += 1
            context = {"root": root, "is_root": "1"}
            if self.sites[root].platform:
                context["platform"] = self.sites[root].platform
            yield self._request(FollowUp(root, "page", context, priority=100), root)
            origin = f"{urlsplit(root).scheme}://{urlsplit(root).netloc}"
            yield self._request(FollowUp(origin + "/robots.txt", "robots", {"root": root}, priority=90, optional=True),
                                root)
            for path in ("/wp-sitemap.xml", "/sitemap.xml", "/sitemap_index.xml"):
                if self.admit(origin + path, root):  # sitemaps count against the site's budget
                    yield self._request(FollowUp(origin + path, "sitemap", {"root": root}, priority=80, optional=True),
                                        root)

    def parse(self, response):
        """Every response goes to the handler its request named (``crawler.handlers``): the records it
        gives are the items, the requests it asks for are made if the crawl may make them. A page is read
        by a worker process meanwhile (``crawler.page_readers``); responses reach their handlers in the
        order they arrived."""
        return self._handle_in_turn(response, self.turns.take())

    async def _handle_in_turn(self, response, turn: int):
        try:
            seen = response_of(response)
            readers = PageReaders.of(self.crawler)
            found = await maybe_deferred_to_future(readers.read(seen)) if readers else None
            await maybe_deferred_to_future(self.turns.wait(turn))
            for output in self._handle(response, seen, found):
                yield output
        finally:
            self.turns.done(turn)

    def _handle(self, response, seen: Response, found):
        context = response.meta["context"]
        if context.get("is_root"):
            self.reached_roots.add(context["root"])
        if found is not None:
            self.state.extracted[seen.capture_id] = found
        outcome = handle(seen, self.state)
        if outcome.problem:
            self._fail(response.url, outcome.problem)
        for name, count in outcome.counts.items():
            self.crawler.stats.inc_value(f"therapy_archive/{name}", count)
        for record in outcome.records:
            self._count(record)
            yield record
        for follow in outcome.follow:
            request = self._follow(follow, context["root"])
            if request is not None:
                yield request
        self.crawler.signals.send_catch_log(signal=request_handled, request=response.request)

    def _count(self, record) -> None:
        """Posts and comments found so far, distinct, kept in Scrapy's stats for the progress and summary."""
        posts, comments = len(self.posts_seen), len(self.comments_seen)
        if isinstance(record, Post):
            self.posts_seen.add(record.url)
        if isinstance(record, (Post, Thread)):
            post = record.url if isinstance(record, Post) else record.post_url
            self.comments_seen.update((post, comment.id) for comment in record.comments)
            count_for_site(self.crawler.stats, post, "posts", len(self.posts_seen) - posts)
            count_for_site(self.crawler.stats, post, "comments", len(self.comments_seen) - comments)
        stats = self.crawler.stats
        stats.set_value("therapy_archive/posts", len(self.posts_seen))
        stats.set_value("therapy_archive/comments", len(self.comments_seen))

    def _follow(self, follow: FollowUp, root: str) -> scrapy.Request | None:
        """The request for a follow-up if the crawl may make it: a page on a root's host, allowed by that
        site's patterns and budget and not a trap; an API on the site's host (or the comment server its
        page named) within its budget."""
        url = follow.url
        if url in self._admitted or (url in self._left_alone and "lastmod" not in follow.context):
            return None  # most links of a page were met before: decided at once
        if follow.scope == "page":
            host = host_of(url)
            if host not in self.hosts:
                return None
            root = self.hosts[host]
            if not self.sites[root].allows(url) or is_trap(url, max_listing_page=self.max_listing_page,
                                                          max_comment_page=self.max_comment_page):
                return None
            if self._leaves_alone(url, follow.context.get("lastmod")):
                self._left_alone.add(url)
                self.crawler.stats.set_value("therapy_archive/left_alone", len(self._left_alone))
                return None
        elif follow.scope == "api" and host_of(url) not in self.hosts:
            return None
        if not self.admit(url, root, any_host=follow.scope == "widget"):
            return None
        return self._request(follow, root)

    def _leaves_alone(self, url: str, modified: str | None) -> bool:
        if self._recheck is None:
            every = self.settings.getfloat("RECHECK_OLD_EVERY_DAYS")
            self._recheck = RecheckPolicy(ArchiveSession.of(self.crawler).store,
                                          timedelta(days=self.settings.getfloat("RECHECK_OLD_POST_DAYS")),
                                          timedelta(days=every)) if every > 0 else False
        return bool(self._recheck) and self._recheck.leaves_alone(url, modified)

    def _request(self, follow: FollowUp, root: str) -> scrapy.Request:
        meta = {"root": root, "handler": follow.handler, "context": dict(follow.context, root=root)}
        if follow.optional:
            meta["probe"] = True
        return scrapy.Request(follow.url, callback=self.parse, errback=self.on_error, meta=meta,
                              priority=follow.priority)

    # --- failures -----------------------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
        self.crawler.signals.send_catch_log(signal=request_handled, request=request)
        # a redirected request is reported under the URL the crawl asked for
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        if request.meta.get("probe"):  # robots.txt and sitemaps are optional: their absence is no error
            self.crawler.stats.inc_value("therapy_archive/probe_failures")
            return
        if isinstance(failure.value, StopDownload):  # not text: stopped at its headers on purpose
            return
        if str(failure.value).startswith("not archived:"):  # the archive failed: its one line says so
            return
        if isinstance(failure.value, IgnoreRequest) and "robots" in str(failure.value).lower():
            self.crawler.stats.inc_value("therapy_archive/forbidden_by_robots")
            count_for_site(self.crawler.stats, url, "errors/robots-forbidden")
            return
        self._fail(url, describe_failure(failure))

    def _fail(self, url: str, message: str) -> None:
        self.failures.append((url, message))
        self.crawler.stats.inc_value("therapy_archive/errors")
        count_for_site(self.crawler.stats, url, f"errors/{error_kind(message)}")
        self.logger.debug("%s: %s", url, message)

"""The blog spider: finds every post of a blog through sitemaps, feeds and listing pages, and every
comment through the posts' comment pages. Stays on the hosts of its roots."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.items import PageItem
from crawler.listings import Listings
from crawler.normalize import NotHTML, extract
from crawler.normalize.context import in_context, is_storable
from crawler.seeds import SeedsError, SiteSpec, read_seeds, site
from crawler.spiders.platform_sources import PlatformSources
from crawler.urls import comment_page_number, host_of, is_trap, post_key

_HTML_TYPES = (b"text/html", b"application/xhtml")


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


class BlogSpider(PlatformSources, scrapy.Spider):
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
        self.listings = Listings()  # what the sites list as posts: their pages are posts
        self.widget_hosts: set[str] = set()  # comment servers the sites' pages name (Isso on its own host)
        self.redirect_hosts: set[str] = set()  # hosts a redirect may lead to besides the roots' own

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_listing_page = settings.getint("LISTING_MAX_PAGE")
        spider.max_comment_page = settings.getint("COMMENT_MAX_PAGE")
        spider.default_budget = settings.getint("SITE_PAGE_BUDGET")
        spider.max_sitemap_children = settings.getint("SITEMAP_INDEX_MAX")
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

    # --- discovery --------------------------------------------------------------------------------------
    async def start(self):
        for root in self.roots:
            meta = {"root": root}
            self.requested[root] += 1
            yield scrapy.Request(root, callback=self.parse_page, errback=self.on_error,
                                 meta=dict(meta, is_root=True), priority=100)
            origin = f"{urlsplit(root).scheme}://{urlsplit(root).netloc}"
            probe = dict(meta, probe=True)
            yield scrapy.Request(origin + "/robots.txt", callback=self.parse_robots, errback=self.on_error,
                                 meta=probe, priority=90)
            for path in ("/wp-sitemap.xml", "/sitemap.xml", "/sitemap_index.xml"):
                if self.admit(origin + path, root):  # sitemaps count against the site's budget
                    yield scrapy.Request(origin + path, callback=self.parse_sitemap, errback=self.on_error,
                                         meta=probe, priority=80)

    def parse_robots(self, response):
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield from self._follow(response, url, self.parse_sitemap, probe=True, priority=80)

    def parse_sitemap(self, response):
        body = response.body
        try:
            if gzip_magic_number(response):  # sitemap.xml.gz, served as a file rather than encoded
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = Sitemap(body)
        except Exception:  # noqa: BLE001 - a broken sitemap is just not a source of links
            return
        callback = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse_page
        self.listings.learn("parse_sitemap", response.url, response.body)
        children = 0
        for entry in sitemap:
            if callback == self.parse_sitemap:
                children += 1
                if children > self.max_sitemap_children:  # an index of 10,000 sitemaps is a trap, not a map
                    self.crawler.stats.inc_value("therapy_archive/sitemaps_skipped")
                    continue
            loc = entry.get("loc")
            if loc:  # a child sitemap is optional, as the first ones were; a page it lists is not
                yield from self._follow(response, loc, callback, priority=70 if callback == self.parse_page else 80,
                                        probe=callback != self.parse_page)

    def parse_feed(self, response):
        for link in self.listings.learn("parse_feed", response.url, response.body):
            yield from self._follow(response, link, self.parse_page, priority=60)

    def parse_page(self, response):
        root = response.meta.get("root")
        if response.meta.get("is_root"):
            self.reached_roots.add(root)
        content_type = response.headers.get(b"Content-Type") or b""
        if not isinstance(response, TextResponse) or not any(t in content_type.lower() for t in _HTML_TYPES):
            return
        if response.meta.get("cut_short"):
            self._fail(response.url, "gzip body cut short by the server; archived as received, not cleaned")
            return
        fetched_at = response.meta.get("fetched_at")
        try:
            page = extract(response.body, response.url, content_type=content_type.decode("latin-1"),
                           fetched_at=datetime.fromisoformat(fetched_at) if fetched_at else None)
        except NotHTML as exc:
            self._fail(response.url, f"not an HTML page ({exc})")
            return
        self.listings.learn_page(page)
        page = in_context(page, self.listings.of(response.url, page.canonical_url))
        if is_storable(page):
            post = self.post_key(page, response)
            self.posts_seen.add(post)
            self.comments_seen.update((post, c.id) for c in page.comments)
            yield PageItem(root=root, url=response.url, extract=page, capture_id=response.meta.get("capture_id"),
                           comment_page=comment_page_number(response.url))
            if comment_page_number(response.url) is None:
                yield from self.post_sources(response, page)
        if response.meta.get("is_root"):
            spec = self.sites.get(root)
            yield from self.platform_start(response, (spec.platform if spec else None) or page.platform)
        if response.meta.get("is_root"):  # the site's own feeds; a post's comment feed is a trap
            feeds = response.xpath("//link[@rel='alternate'][contains(@type,'rss') or contains(@type,'atom')]/@href")
            for href in feeds.getall():
                if "comments" not in href:
                    yield from self._follow(response, href, self.parse_feed, priority=60)
        for link in page.links:
            priority = 50 if comment_page_number(link) is not None else 10
            yield from self._follow(response, link, self.parse_page, priority=priority)

    @staticmethod
    def post_key(page, response) -> str:
        return post_key(response.url, page.canonical_url)

    def _follow(self, response, url: str, callback, *, priority: int = 0, probe: bool = False):
        """A request for ``url`` if the crawl may go there: on a root's host, allowed by the site's
        patterns and budget, and not a trap."""
        url = urljoin(response.url, url)
        host = host_of(url)
        if host not in self.hosts:
            return
        root = self.hosts[host]
        if callback == self.parse_page and (not self.sites[root].allows(url) or is_trap(
                url, max_listing_page=self.max_listing_page, max_comment_page=self.max_comment_page)):
            return
        if not self.admit(url, root):
            return
        meta = {"root": root}
        if probe:
            meta["probe"] = True
        yield scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta, priority=priority)

    # --- failures -----------------------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
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
            return
        self._fail(url, describe_failure(failure))

    def _fail(self, url: str, message: str) -> None:
        self.failures.append((url, message))
        self.crawler.stats.inc_value("therapy_archive/errors")
        self.logger.debug("%s: %s", url, message)

"""Handlers for a site's own pages and the files that list them: robots.txt, sitemaps, feeds, pages."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin

from archive.records import ExternalThread, Post, SitePlatform
from crawler.normalize import Extract, NotHTML, extract
from crawler.normalize.context import in_context, is_storable
from crawler.sources.feeds import parse_feed, read_sitemap, sitemaps_in_robots
from crawler.sources.widgets import external_thread
from crawler.urls import comment_page_number, post_key

from .apis import comment_sources, platform_sources
from .model import CrawlState, FollowUp, Outcome, Response

HTML_TYPES = ("text/html", "application/xhtml")


def robots(response: Response, state: CrawlState) -> Outcome:
    return Outcome(follow=[FollowUp(urljoin(response.url, url), "sitemap", {"root": response.root}, priority=80,
                                    scope="api", optional=True) for url in sitemaps_in_robots(response.body)])


def sitemap(response: Response, state: CrawlState) -> Outcome:
    try:
        found = read_sitemap(response.body, state.max_body)
    except ValueError:  # a broken sitemap is just not a source of links
        return Outcome()
    context = {"root": response.root}
    if found.is_index:  # an index of 10,000 sitemaps is a trap, not a map
        locs = [urljoin(response.url, loc) for loc in found.locs]
        skipped = max(0, len(locs) - state.max_sitemap_children)
        return Outcome(follow=[FollowUp(loc, "sitemap", context, priority=80, scope="api", optional=True)
                               for loc in locs[: state.max_sitemap_children]],
                       counts={"sitemaps_skipped": skipped} if skipped else {})
    state.listings.add_all(response.url, found.posts(response.url))
    # a page's <lastmod> goes with its request: a re-crawl reads an old post again when it changed since
    return Outcome(follow=[FollowUp(urljoin(response.url, loc), "page",
                                    dict(context, lastmod=found.lastmod[loc]) if loc in found.lastmod else context,
                                    priority=70) for loc in found.locs])


def feed(response: Response, state: CrawlState) -> Outcome:
    urls = state.listings.add_all(response.url, parse_feed(response.body))
    return Outcome(follow=[FollowUp(url, "page", {"root": response.root}, priority=60) for url in urls])


def is_html(response: Response) -> bool:
    return any(kind in response.content_type.lower() for kind in HTML_TYPES)


def read_page(response: Response) -> Extract | NotHTML:
    """The normalizer's reading of a page, or why it is none. Pure, and the costly part of handling a
    page: a rebuild runs it for many pages at once in worker processes (``CrawlState.extracted``)."""
    try:
        return extract(response.body, response.url, content_type=response.content_type,
                       fetched_at=_datetime(response.fetched_at))
    except NotHTML as exc:
        return exc


def page(response: Response, state: CrawlState) -> Outcome:
    """A page of the site: a post (with the comments it shows) when it is one, and the links, feeds,
    platform APIs and comment sources it leads to."""
    if not is_html(response):
        return Outcome()
    found = state.extracted.pop(response.capture_id, None) or read_page(response)
    if isinstance(found, NotHTML):
        return Outcome(problem=f"not an HTML page ({found})")
    state.listings.learn_page(found)
    found = in_context(found, state.listings.of(response.url, found.canonical_url))
    outcome = Outcome()
    if is_storable(found):
        outcome.records += _post_records(response, found, state)
        if comment_page_number(response.url) is None:
            outcome.follow += comment_sources(response, found)
    if response.context.get("is_root"):
        outcome.follow += platform_sources(response, response.context.get("platform") or found.platform)
        outcome.follow += [FollowUp(url, "feed", {"root": response.root}, priority=60, scope="api")
                           for url in found.embeds.feeds]
    if state.follow_links:
        outcome.follow += [FollowUp(link, "page", {"root": response.root},
                                    priority=50 if comment_page_number(link) is not None else 10) for link in found.links]
    return outcome


def _post_records(response: Response, found: Extract, state: CrawlState) -> list:
    root, seen = response.root, response.fetched_at
    post_url = post_key(response.url, found.canonical_url)
    records = []
    if root not in state.platforms:  # a site's platform is that of its first post page
        state.platforms.add(root)
        records.append(SitePlatform(root, found.platform, seen))
    number = comment_page_number(response.url)
    records.append(Post(
        url=post_url, site=root, title=found.title, author=found.author, published=found.published,
        text=found.text, language=found.language, platform=found.platform, comments_source=found.comments_source,
        capture_id=response.capture_id, seen_at=seen, comments=tuple(found.comments),
        body_source=found.body_source, comment_page=number is not None,
    ))
    thread = external_thread(found, post_url) if number is None else None
    if thread:
        records.append(ExternalThread(post_url, root, thread, seen))
    return records


def _datetime(warc_date: str) -> datetime | None:
    return datetime.fromisoformat(warc_date.replace("Z", "+00:00")) if warc_date else None

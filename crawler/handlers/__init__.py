"""One path from a captured response to archive records, shared by the crawl, ``reprocess`` and ``ingest``.

A handler is a pure function of one response (URL, status, headers, body, its capture) and the crawl's
state (what the sites list as posts): it returns the records to archive and the requests to make next.
Handlers are registered under stable names; a crawl writes the name beside each response in its WARC
files (a metadata record), so a rebuild gives every response to the handler the crawl gave it to.
"""

from __future__ import annotations

from . import apis, pages
from .model import CrawlState, FollowUp, Outcome, Response

__all__ = ["HANDLERS", "CrawlState", "FollowUp", "Outcome", "Response", "handle", "handler_name", "reads_a_page"]

HANDLERS = {
    "page": pages.page,
    "robots": pages.robots,
    "sitemap": pages.sitemap,
    "feed": pages.feed,
    "substack-archive": apis.substack_archive,
    "blogger-posts": apis.blogger_posts,
    "squarespace-collection": apis.squarespace_collection,
    "thread": apis.thread,
    "wordpress-comments": apis.wordpress_comments,
    "ghost-comments": apis.ghost_comments,
    "ghost-replies": apis.ghost_replies,
    "isso-comments": apis.isso_comments,
}


def handler_name(written: str | None) -> str | None:
    """The registered name for a name found in a WARC file: archives written before the handlers had
    names of their own name the spider's method (``parse_wordpress_comments``)."""
    if not written:
        return None
    name = written.removeprefix("parse_").replace("_", "-")
    return name if name in HANDLERS else None


def reads_a_page(response: Response) -> bool:
    """Whether handling ``response`` means reading a page with the normalizer (what a rebuild does ahead,
    in worker processes: ``pages.read_page``)."""
    return handler_name(response.context.get("handler")) == "page" and 200 <= response.status < 300 \
        and bool(response.root) and not response.undecodable and pages.is_html(response)


def handle(response: Response, state: CrawlState) -> Outcome:
    """The records and follow-ups of one response; a response its handler cannot read (a challenge page
    where JSON was expected, a body cut short) gives an ``Outcome`` with a one-line ``problem``."""
    handler = HANDLERS.get(handler_name(response.context.get("handler")) or "")
    if handler is None or not 200 <= response.status < 300 or not response.root:
        return Outcome()
    if response.undecodable:
        return Outcome(problem=f"archived as received, not cleaned ({response.undecodable})")
    try:
        return handler(response, state)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        # the bytes are not what the handler was asked to read: said in one line, the rest goes on
        return Outcome(problem=f"not read as {response.context.get('handler')} ({type(exc).__name__}: "
                               f"{str(exc)[:120]})")

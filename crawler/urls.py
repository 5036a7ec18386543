"""Which links a blog crawl follows: pure URL rules, no Scrapy."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_COMMENT_PAGE = re.compile(r"/comment-page-(\d+)/?$")
_LISTING_PAGE = re.compile(r"/page/(\d+)/?$")
_NOT_PAGES = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|wav|ogg|webm|mov|avi|pdf|zip|gz|rar|7z|exe|dmg|"
    r"css|js|woff2?|ttf|eot|docx?|xlsx?|pptx?|epub)$",
    re.I,
)
# Paths that are never posts and multiply without end, or need a login.
_TRAP_PATHS = re.compile(
    r"(/wp-login\.php|/wp-admin/|/xmlrpc\.php|/wp-json/|/wp-includes/|/wp-content/|/trackback/?$|"
    r"/feed/?$|/feed/(atom|rss2?|rdf)/?$|/comments/feed|/embed/?$|/amp/?$|/attachment/|/cart/?|/checkout/?|"
    r"/login|/logout|/register|/signin|/signup|/share/?$|/print/?$|/search/|/calendar/|/events?/|"
    # faceted tag and category combinations: /tag/a+b/, /tag/a,b/, /tag/a/tag/b/
    r"/(tag|category)/[^/]*[+,]|/(tag|category)/[^/]+/(tag|category)/)",
    re.I,
)
# Query parameters that make copies of a page or open a login, a reply form or a calendar.
_TRAP_PARAMS = {
    "replytocom", "share", "like", "nb", "action", "redirect_to", "unapproved", "moderation-hash",
    "s", "m", "calendar", "ical", "outlook-ical", "month", "yr", "sessionid", "sid", "phpsessid", "jsessionid",
    "utm_source", "utm_medium", "utm_campaign", "fbclid", "amp", "print", "preview", "orderby", "order",
    "rest_route", "attachment_id", "doing_wp_cron", "format", "output", "tag", "filter", "facet", "sort",
}
_KEPT_PARAMS = {"p", "page_id", "cpage", "paged", "page", "start", "start-index", "max-results", "offset"}


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def comment_page_number(url: str) -> int | None:
    """The comment page a WordPress URL shows (``/comment-page-N/`` or ``?cpage=N``), else None."""
    if "comment-page-" not in url and "cpage" not in url:  # most links: no need to take the URL apart
        return None
    parts = urlsplit(url)
    match = _COMMENT_PAGE.search(parts.path)
    if match:
        return int(match.group(1))
    cpage = dict(parse_qsl(parts.query)).get("cpage")
    return int(cpage) if cpage and cpage.isdigit() else None


def post_url(url: str) -> str:
    """The post a page belongs to: comment-page suffix, ``cpage`` and fragment removed."""
    parts = urlsplit(url)
    path = _COMMENT_PAGE.sub("/", parts.path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "cpage"])
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, query, ""))


def post_key(url: str, canonical: str | None) -> str:
    """The URL a post is stored under: its canonical URL when on the same host, without comment-page
    suffixes; every page of its comments maps to it."""
    same_host = canonical and host_of(canonical) == host_of(url)
    return post_url(canonical if same_host else url)


def listing_page_number(url: str) -> int | None:
    parts = urlsplit(url)
    match = _LISTING_PAGE.search(parts.path)
    if match:
        return int(match.group(1))
    query = dict(parse_qsl(parts.query))
    paged = query.get("paged") or query.get("page")
    return int(paged) if paged and paged.isdigit() else None


def is_trap(url: str, *, max_listing_page: int, max_comment_page: int) -> bool:
    """True for links a polite archive crawl must not follow."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or _NOT_PAGES.search(parts.path) or _TRAP_PATHS.search(parts.path):
        return True
    params = [k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
    if any(k in _TRAP_PARAMS for k in params) or any(k not in _KEPT_PARAMS for k in params):
        return True
    listing = listing_page_number(url)
    if listing is not None and listing > max_listing_page:
        return True
    comments = comment_page_number(url)
    if comments is not None and comments > max_comment_page:
        return True
    # calendars and archives by day: /2021/03/14/ (a post's own URL has a slug after the date)
    return bool(re.search(r"/\d{4}/\d{2}/\d{2}/?$", parts.path))

"""What narrows a search: site, author, dates in UTC, type, platform, language, spam. Turned into SQL
conditions on the post (``p``) and comment (``c``) rows, with their parameters."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, fields
from datetime import date, timedelta
from urllib.parse import urlsplit

TYPES = ("post", "comment")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)Z?)?)?)?$")


class FilterError(ValueError):
    """A filter value the archive cannot use (a malformed date, an unknown site or type)."""


@dataclass(frozen=True)
class SearchFilters:
    site: str | None = None  # a host (example.org) or the start of a site URL (https://example.org/blog/)
    author: str | None = None  # the name as printed, any case
    since: str | None = None  # YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], UTC, inclusive
    until: str | None = None  # the same, inclusive: --until 2021 takes in all of 2021
    type: str | None = None  # post or comment
    platform: str | None = None  # wordpress, blogger, substack, ...
    language: str | None = None  # the post's language code (en, de, ...)
    include_spam: bool = False  # spam and repeated comments are left out unless asked for

    def merged(self, inline: dict[str, str]) -> "SearchFilters":
        """These filters, with those typed in the query (``author:Jonas``) where these have none."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in inline.items():
            if name in values and values[name] in (None, False):
                values[name] = value
        return SearchFilters(**values)

    def wants(self, kind: str) -> bool:
        if self.type is not None and self.type not in TYPES:
            raise FilterError(f"unknown type {self.type!r}: use post or comment")
        return self.type in (None, kind)


@dataclass(frozen=True)
class Conditions:
    posts: str  # " and ..." on p
    comments: str  # " and ..." on c, and on p when a post-level filter applies
    params: dict
    comments_need_post: bool  # the comment conditions name p: join the post


def conditions(db: sqlite3.Connection, filters: SearchFilters) -> Conditions:
    """The filters as SQL over ``p`` (posts) and ``c`` (comments). Raises ``FilterError`` for a value
    that cannot select anything as meant."""
    post, comment, params = [], [], {}
    on_post = []  # post-level conditions that comments inherit
    if filters.site:
        sites = site_ids(db, filters.site)
        params.update({f"site{i}": site for i, site in enumerate(sites)})
        on_post.append(f"p.site in ({', '.join(f':site{i}' for i in range(len(sites)))})")
    for name in ("platform", "language"):
        if getattr(filters, name):
            params[name] = getattr(filters, name)
            on_post.append(f"p.{name} = :{name} collate nocase")
    if filters.author:
        params["author"] = filters.author.strip()
        post.append("p.author = :author collate nocase")
        comment.append("c.author = :author collate nocase")
    since, until = date_bounds(filters.since, filters.until)
    for row in ("p", "c"):
        own = post if row == "p" else comment
        if since:
            own.append(f"{row}.published_utc >= :since")
        if until:
            own.append(f"{row}.published_utc < :until")
    params.update({k: v for k, v in (("since", since), ("until", until)) if v})
    if not filters.include_spam:
        post.append("p.is_spam = 0")
        comment.append("c.is_spam = 0 and c.duplicate_of is null")
    return Conditions(posts="".join(f" and {x}" for x in post + on_post),
                      comments="".join(f" and {x}" for x in comment + on_post), params=params,
                      comments_need_post=bool(on_post))


def site_ids(db: sqlite3.Connection, site: str) -> list[str]:
    """The ids of the sites ``site`` names: by host (``example.org`` also finds ``www.example.org`` and
    ``example.org:8080``), by host and port, or by the start of their URL. An archive holds a few
    hundred sites at most, so they are matched here rather than in SQL."""
    value = site.strip()
    host = value.lower().removeprefix("www.")

    def names(url: str) -> bool:
        if "://" in value:
            return url == value or url.rstrip("/") == value.rstrip("/") or url.startswith(value.rstrip("/") + "/")
        parts = urlsplit(url)
        return (parts.hostname or "").removeprefix("www.") == host or parts.netloc.lower().removeprefix("www.") == host

    sites = db.execute("select id, url from sites order by url").fetchall()
    found = [site_id for site_id, url in sites if names(url)]
    if not found:
        known = [url for _, url in sites[:6]]
        raise FilterError(f"no site in the archive matches {site!r}"
                          + (f" (it holds {', '.join(known[:5])}{', ...' if len(known) > 5 else ''})" if known else ""))
    return found


def date_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``published_utc >= since`` and ``published_utc < until`` bounds for text comparison: an ``until``
    of a year, month or day takes in the whole of it."""
    return (_bound(since, "--since", False) if since else None, _bound(until, "--until", True) if until else None)


def _bound(value: str, option: str, after: bool) -> str:
    match = _DATE.match(value.strip())
    if not match:
        raise FilterError(f"{option} {value!r} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)")
    year, month, day, time = match.groups()
    try:
        start = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise FilterError(f"{option} {value!r} is not a date on the calendar") from None
    if time:
        stamp = f"{start.isoformat()}T{time}{':00' if len(time) == 5 else ''}Z"
        return stamp[:-1] + "\x7f" if after else stamp  # until a time: everything stamped at it, inclusive
    if not after:
        return start.isoformat() if day else start.isoformat()[: 7 if month else 4]
    if day:
        return (start + timedelta(days=1)).isoformat()
    if month:
        return f"{start.year + start.month // 12:04d}-{start.month % 12 + 1:02d}"
    return f"{start.year + 1:04d}"

"""What to crawl: blog roots with optional per-site settings, from a seeds file.

Seeds file, one root a line, ``#`` comments, optional ``key=value`` settings after the URL::

    https://example-therapist.org/blog/
    https://notes.substack.com/  platform=substack  budget=300
    https://clinic.example.com/  include=/blog/  exclude=/tag/,/events/
    https://busy-forum.example.org/  every=6h     # with `crawl --due`: re-crawled when 6 hours have passed

A ``therapy-archive.toml`` project (``crawler/project.py``) holds the same for many sites, with the archive
folder, the contact and Scrapy settings: README, Configuration.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PLATFORM_HINTS = ("wordpress", "wordpress.com", "blogger", "substack", "ghost", "squarespace", "medium",
                  "psychologytoday", "generic")


class SeedsError(ValueError):
    """The roots given to the crawl are unusable. ``key``: the setting at fault (budget, every, ...), for
    the project file to say on which line it is written."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class SiteSpec:
    """One blog to crawl and how."""

    url: str
    platform: str | None = None  # a hint; the crawl detects the platform from the site when None
    budget: int | None = None  # most requests for this site (None: SITE_PAGE_BUDGET)
    include: tuple[str, ...] = ()  # regexes: follow only links matching one of them (sitemaps and APIs too)
    exclude: tuple[str, ...] = ()  # regexes: never follow links matching one of them
    every: timedelta | None = None  # how often `crawl --due` re-crawls it (None: every time)

    def allows(self, url: str) -> bool:
        path = url.split("://", 1)[-1]
        if any(re.search(pattern, path) for pattern in self.exclude):
            return False
        return not self.include or any(re.search(pattern, path) for pattern in self.include)


def normalize_root(url: str) -> str:
    url = url.strip()
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d)", url)  # javascript:, mailto:, file: (not host:8080)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise SeedsError(f"not a web address: {url!r} (expected http:// or https://)")
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SeedsError(f"not a web address: {url!r} (expected http:// or https://)")
    return url if parts.path else url + "/"


_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}


def interval(value: str, where: str = "") -> timedelta:
    """``30m``, ``6h``, ``1d``, ``2w`` as a timedelta."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", str(value))
    if not match or int(match.group(1)) == 0:
        raise SeedsError(f"{where}every= takes a number and a unit, as 30m, 6h, 1d or 2w; got {value!r}", "every")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def _budget(value, where: str) -> int:
    # a whole number, from a seeds line's text or TOML's integer (not TOML's 2.5 or true, which int() would take)
    try:
        budget = int(value) if isinstance(value, str) or type(value) is int else None
    except ValueError:
        budget = None
    if budget is None:
        raise SeedsError(f"{where}budget must be a whole number, got {value!r}", "budget")
    if budget < 1:
        raise SeedsError(f"{where}budget must be at least 1", "budget")
    return budget


def site(url: str, *, platform=None, budget=None, include=(), exclude=(), every=None, where: str = "") -> SiteSpec:
    """A checked SiteSpec; ``where`` names the line or table for error messages, and the error's ``key``
    the setting at fault."""
    if platform is not None and platform not in PLATFORM_HINTS:
        raise SeedsError(f"{where}unknown platform {platform!r} (one of {', '.join(PLATFORM_HINTS)})", "platform")
    if budget is not None:
        budget = _budget(budget, where)
    for key, patterns in (("include", include), ("exclude", exclude)):
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SeedsError(f"{where}bad pattern {pattern!r} ({exc})", key) from None
    try:
        root = normalize_root(url)
    except SeedsError as exc:
        raise SeedsError(f"{where}{exc}", "url") from None
    return SiteSpec(root, platform, budget, tuple(include), tuple(exclude),
                    interval(every, where) if every is not None else None)


def _split(value: str) -> tuple[str, ...]:
    return tuple(p for p in value.split(",") if p)


def seeds_source(path: str | Path) -> str:
    """How messages name a seeds file: ``-`` is standard input."""
    return "seeds on standard input" if str(path) == "-" else f"seeds file {path}"


def read_seeds(path: str | Path) -> list[SiteSpec]:
    """Sites of a seeds file (``-``: standard input); blank lines and ``#`` comments ignored."""
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
        lines = data.decode("utf-8").splitlines()
    except OSError as exc:
        raise SeedsError(f"cannot read {seeds_source(path)} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SeedsError(f"{seeds_source(path)} is not UTF-8 text") from None
    name = "<stdin>" if str(path) == "-" else path
    sites = []
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        where = f"{name}:{number}: "
        options: dict = {}
        for word in words[1:]:
            key, sep, value = word.partition("=")
            if not sep or key not in ("platform", "budget", "include", "exclude", "every"):
                raise SeedsError(f"{where}expected platform=, budget=, include=, exclude= or every=, got {word!r}")
            options[key] = _split(value) if key in ("include", "exclude") else value
        sites.append(site(words[0], where=where, **options))
    return sites

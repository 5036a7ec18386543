"""Which sites are due for a re-crawl: each site's ``every=`` interval against the archive's own record
of when its last complete crawl started. One cron line or systemd timer running ``crawl --due`` keeps
the whole schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from archive.store import Store

from .seeds import SiteSpec

COMPLETE = ("finished", "max_pages", "closespider_pagecount")  # cut short by Ctrl-C or a failure: not complete


@dataclass(frozen=True)
class Schedule:
    due: list[SiteSpec]
    next_site: SiteSpec | None = None  # of the sites not due, the one due first, and when
    next_at: datetime | None = None


def last_crawls(store: Store) -> dict[str, datetime]:
    """When the latest complete crawl of each root started."""
    started: dict[str, datetime] = {}
    rows = store.db.execute(f"select roots, started_at from crawls where status in ({', '.join('?' * len(COMPLETE))})",
                            list(COMPLETE)).fetchall()
    for roots, at in rows:
        when = datetime.fromisoformat(at)
        for root in (roots or "").splitlines():
            if root not in started or when > started[root]:
                started[root] = when
    return started


def schedule(sites: list[SiteSpec], last: dict[str, datetime], now: datetime | None = None) -> Schedule:
    """The sites whose interval has passed since their last complete crawl (a site with no interval, or
    never crawled, is always due)."""
    now = now or datetime.now(timezone.utc)
    due, waiting = [], []
    for spec in sites:
        previous = last.get(spec.url)
        if spec.every is None or previous is None or previous + spec.every <= now:
            due.append(spec)
        else:
            waiting.append((previous + spec.every, spec))
    if due or not waiting:
        return Schedule(due)
    at, spec = min(waiting, key=lambda pair: pair[0])
    return Schedule([], spec, at)


def in_words(span: timedelta) -> str:
    minutes = max(1, round(span.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes and not days else ""]
    return " ".join(p for p in parts if p)

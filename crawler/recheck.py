"""Which held posts a re-crawl may leave alone: comments keep arriving on recent posts, rarely on old
ones. A post published more than RECHECK_OLD_POST_DAYS ago whose page a finished crawl read within the
last RECHECK_OLD_EVERY_DAYS is not fetched again (nor are its comment pages); recent posts and every
listing, feed and sitemap are, and so is an old post whose sitemap <lastmod> is later than its last
reading. RECHECK_OLD_EVERY_DAYS = 0 re-reads everything every time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from archive.store import Store

from .urls import post_key


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class RecheckPolicy:
    def __init__(self, store: Store, old_after: timedelta, every: timedelta, now: datetime | None = None) -> None:
        self.store = store
        now = now or datetime.now(timezone.utc)
        self.old_before, self.checked_since = now - old_after, now - every

    def leaves_alone(self, url: str, modified: str | None = None) -> bool:
        """``url`` is an old post's page (or one of its comment pages) read recently enough, and not
        ``modified`` (a sitemap's lastmod) since."""
        # read by a crawl that ran to its end: a crawl killed half-way may have left its comment pages unread
        row = self.store.db.execute(
            "select p.published, p.last_seen from posts p join captures c on c.id = p.capture_id "
            "join crawls k on k.id = c.crawl_id where p.url = ? and p.text != '' and k.status = 'finished'",
            [post_key(url, None)]).fetchone()
        if row is None:
            return False
        published, last_seen, changed = _when(row[0]), _when(row[1]), _when(modified)
        return published is not None and last_seen is not None and published < self.old_before \
            and last_seen > self.checked_since and (changed is None or changed <= last_seen)

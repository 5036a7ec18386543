"""Item pipeline: hands each extracted page to the archive store."""

from __future__ import annotations

import sqlite3

from scrapy.exceptions import DropItem

from .items import ExternalThreadItem, PageItem, ThreadItem
from .session import ArchiveSession
from .rows import comment_rows, post_row


class ArchivePipeline:
    def __init__(self, session: ArchiveSession) -> None:
        self.session = session
        self._sites: set[str] = set()  # roots whose platform is set
        self._known: set[str] = set()  # roots with a sites row

    @classmethod
    def from_crawler(cls, crawler):
        return cls(ArchiveSession.of(crawler))

    def process_item(self, item):
        # items still in flight when the archive failed: the crawl's last line says so, once
        if self.session.failure:
            raise DropItem(f"not archived: {self.session.failure}", log_level="DEBUG")
        try:
            self._store(item)
        except (sqlite3.Error, OSError) as exc:
            self.session.fail("writing to archive.db", exc)
            raise DropItem(f"not archived: {self.session.failure}", log_level="DEBUG") from None
        return item

    def _store(self, item) -> None:
        store = self.session.store
        # a site's platform is that of its first post page stored (reprocess follows the same rule)
        if isinstance(item, PageItem) and item.root not in self._sites:
            store.add_site(item.root, item.extract.platform)
            self._sites.add(item.root)
        elif item.root not in self._known:
            store.add_site(item.root)
        self._known.add(item.root)
        if isinstance(item, PageItem):
            # a comment page repeats its post: the post's own page is the capture to cite for the text
            store.upsert_post(post_row(item), update_post=item.comment_page is None)
        elif isinstance(item, ThreadItem):
            store.upsert_thread(item.post_url, item.root, comment_rows(item.comments), item.capture_id)
        elif isinstance(item, ExternalThreadItem):
            store.note_external_thread(item.post_url, item.thread)

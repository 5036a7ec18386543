"""Item pipeline: the records the response handlers give go to the archive store."""

from __future__ import annotations

import sqlite3

from scrapy.exceptions import DropItem

from .session import ArchiveSession


class ArchivePipeline:
    def __init__(self, session: ArchiveSession) -> None:
        self.session = session

    @classmethod
    def from_crawler(cls, crawler):
        return cls(ArchiveSession.of(crawler))

    def process_item(self, item):
        # items still in flight when the archive failed: the crawl's last line says so, once
        if self.session.failure:
            raise DropItem(f"not archived: {self.session.failure}", log_level="DEBUG")
        try:
            self.session.store.write([item])
        except (sqlite3.Error, OSError) as exc:
            self.session.fail("writing to archive.db", exc)
            raise DropItem(f"not archived: {self.session.failure}", log_level="DEBUG") from None
        return item

"""Rebuild archive.db from the WARC files alone, with today's normalizer: ``reprocess("archive")``.

Every response goes through the crawl's own handlers (``crawler.handlers``) with the facts the crawl
wrote beside it, so the rebuilt rows are those a crawl would write today, without Scrapy or the network.
The new database is built beside the old one and replaces it only when complete.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from archive.lock import ArchiveLock
from archive.stats import warc_files
from archive.store import DB_NAME, Store, stems_words
from archive.tombstones import carry_over, forgotten

from .page_pool import default_workers, page_pool
from .warc_intake import IntakeResult, WarcIntake


@dataclass
class ReprocessResult(IntakeResult):
    posts: int = 0  # in the rebuilt archive
    comments: int = 0


def reprocess(archive_dir: str | Path, progress: Callable[[Path, int], None] | None = None,
              workers: int | None = None) -> ReprocessResult:
    """Replace ``archive_dir/archive.db`` by one rebuilt from ``archive_dir/warc/``.

    ``progress(file, bytes_read)`` is told how far the reading of each file has got."""
    archive_dir = Path(archive_dir)
    with ArchiveLock(archive_dir):
        target = archive_dir / DB_NAME
        building = archive_dir / (DB_NAME + ".rebuild")
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)
        store = Store(building, stemming=stems_words(target))
        try:
            # before anything is written: what people asked to be left out stays out of the rebuild
            lost = carry_over(target, store.db)
            store.forgotten = forgotten(store.db)
            intake = read_into(store, warc_files(archive_dir), "reprocessed", progress, workers)
            intake.problems[:0] = [lost] if lost else []
            counts = store.counts()
            store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            store.close()
        for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            stale.unlink(missing_ok=True)
        os.replace(building, target)
    return ReprocessResult(**vars(intake), posts=counts["posts"], comments=counts["comments"])


def read_into(store: Store, files: list[Path], status: str, progress: Callable[[Path, int], None] | None = None,
              workers: int | None = None) -> IntakeResult:
    """Read ``files`` in order into ``store`` through one ``WarcIntake``, the pages read by the normalizer
    in ``workers`` processes (default: one per core; 1 reads them in this process)."""
    started = time.perf_counter()
    with page_pool(workers or default_workers()) as pool:
        intake = WarcIntake(store, crawl_status=status, pool=pool)
        for path in files:
            if progress is not None:
                intake.progress = lambda done, path=path: progress(path, done)
            intake.read(path)
        intake.finish()
    intake.result.seconds = time.perf_counter() - started
    return intake.result

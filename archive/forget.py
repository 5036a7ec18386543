"""``forget``: leave an author, a URL or a site out of an archive, now and in every later write:
``forget("archive", "author", "Daniel Okafor")``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lock import ArchiveLock
from .reader import DB_NAME, UnreadableArchive
from .store import Store
from .tombstones import Removed, Tombstone, add_tombstone, apply, tombstones


@dataclass(frozen=True)
class Forgetting:
    tombstone: Tombstone
    removed: Removed
    already: bool  # the archive held this tombstone before


def forget(archive_dir: str | Path, kind: str, value: str, note: str | None = None, wait: float = 0) -> Forgetting:
    """Record a tombstone for ``value`` (``kind``: author, url or site) in the archive at ``archive_dir``
    and delete what it names from archive.db, holding the archive's lock as every writer does. Raises
    ``ArchiveBusy``, ``UnreadableArchive`` and ``tombstones.BadTombstone``."""
    archive_dir = Path(archive_dir)
    if not (archive_dir / DB_NAME).is_file():
        raise UnreadableArchive(f"no archive at {archive_dir} (no {DB_NAME}; run `therapy-archive crawl` first)")
    Store.check(archive_dir)
    with ArchiveLock(archive_dir, wait):
        store = Store.in_folder(archive_dir)
        try:
            before = len(tombstones(store.db))
            tombstone = add_tombstone(store.db, kind, value, note)
            already = len(tombstones(store.db)) == before
            removed = apply(store.db, tombstone)
        finally:
            store.close()
    return Forgetting(tombstone, removed, already)

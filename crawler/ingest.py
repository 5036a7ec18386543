"""Add captures made elsewhere to an archive: ``ingest(["site.warc.gz"], "archive")``.

WARC files from wget ``--warc-file``, Browsertrix, another worker of this project, or Common Crawl (WARC
and WET) are copied into the archive's ``warc/`` folder, where they are kept as evidence like the crawl's
own and read again by ``reprocess``, and their records go through the crawl's own handlers. A file whose
bytes are already in the archive is not read again, so a second ingest adds nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from archive.lock import ArchiveLock, check_writable
from archive.stats import WARC_FOLDER, WARC_SUFFIXES
from archive.store import Store
from archive.warc_reader import WarcEntry, scan

from .reprocess import read_into
from .warc_intake import IntakeResult


class NotAWarc(Exception):
    """A file given to ingest is missing or not a WARC file."""


@dataclass
class IngestResult(IntakeResult):
    added: list[Path] = field(default_factory=list)  # the copies in the archive's warc folder
    already: list[Path] = field(default_factory=list)  # given files whose bytes the archive already held
    posts: int = 0  # added by this ingest
    comments: int = 0


def check_warc(path: Path) -> None:
    """Raise ``NotAWarc`` unless ``path`` is a readable file whose first record is a WARC record."""
    if not path.is_file():
        raise NotAWarc(f"{path}: no such file")
    if not path.name.endswith(WARC_SUFFIXES):
        raise NotAWarc(f"{path}: not a WARC file (expected a name ending in .warc.gz, .warc, .wet.gz or .wet)")
    try:
        first = next(iter(scan(path)), None)
    except OSError as exc:
        raise NotAWarc(f"{path}: cannot be read ({exc.strerror})") from None
    if not isinstance(first, WarcEntry):
        raise NotAWarc(f"{path}: not a WARC file (its first bytes are not a WARC record)")


def ingest(files: list[Path], archive_dir: str | Path, progress: Callable[[Path, int], None] | None = None,
           workers: int | None = None) -> IngestResult:
    archive_dir = Path(archive_dir)
    for path in files:
        check_warc(path)
    check_writable(archive_dir)
    added, already = [], []
    with ArchiveLock(archive_dir):
        folder = archive_dir / WARC_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for path in files:
            held = _held_copy(path, folder)
            if held is not None:
                already.append(path)
            else:
                added.append(_copy_in(path, folder))
        store = Store.in_folder(archive_dir)
        try:
            before = store.counts()
            intake = read_into(store, added, "ingested", progress, workers)
            after = store.counts()
        finally:
            store.close()
    return IngestResult(**vars(intake), added=added, already=already, posts=after["posts"] - before["posts"],
                        comments=after["comments"] - before["comments"])


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _held_copy(path: Path, folder: Path) -> Path | None:
    """The file in the archive's warc folder with the same bytes as ``path``, if there is one."""
    size = path.stat().st_size
    same_size = [held for held in folder.iterdir() if held.is_file() and held.stat().st_size == size]
    if not same_size:
        return None
    digest = _digest(path)
    return next((held for held in same_size if _digest(held) == digest), None)


def _copy_in(path: Path, folder: Path) -> Path:
    """A copy of ``path`` in the warc folder, named so it sorts before the crawl's own files of the same
    moment and never replaces another; written under a temporary name first, so a copy cut short is
    never read as a WARC file."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
    target = folder / f"ingested-{stamp}-{path.name}"
    partial = folder / f".{target.name}.partial"
    shutil.copyfile(path, partial)
    with open(partial, "rb") as stream:
        os.fsync(stream.fileno())
    os.replace(partial, target)
    return target

"""What an archive holds: row counts and WARC files."""

from __future__ import annotations

from pathlib import Path

from .store import Store

WARC_FOLDER = "warc"


WARC_SUFFIXES = (".warc.gz", ".warc", ".wet.gz", ".wet")  # a crawl's own, and files ingested from elsewhere


def warc_files(archive_dir: str | Path) -> list[Path]:
    """The archive's WARC (and WET) files, in name order: a crawl's files sort by their start time."""
    folder = Path(archive_dir) / WARC_FOLDER
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.name.endswith(WARC_SUFFIXES) and path.is_file())


def archive_stats(store: Store, archive_dir: str | Path) -> dict[str, int]:
    """The counts of ``stats --json``."""
    files = warc_files(archive_dir)
    return dict(store.counts(), warc_files=len(files), warc_bytes=sum(f.stat().st_size for f in files))

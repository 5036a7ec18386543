"""What an archive holds: row counts and WARC files."""

from __future__ import annotations

from pathlib import Path

from .store import Store

WARC_FOLDER = "warc"


def warc_files(archive_dir: str | Path) -> list[Path]:
    folder = Path(archive_dir) / WARC_FOLDER
    return sorted(folder.glob("*.warc.gz")) if folder.is_dir() else []


def archive_stats(store: Store, archive_dir: str | Path) -> dict[str, int]:
    """The counts of ``stats --json``."""
    files = warc_files(archive_dir)
    return dict(store.counts(), warc_files=len(files), warc_bytes=sum(f.stat().st_size for f in files))

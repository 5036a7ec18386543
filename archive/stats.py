"""What an archive holds: row counts and WARC files."""

from __future__ import annotations

from pathlib import Path

from .reader import counts

WARC_FOLDER = "warc"


WARC_SUFFIXES = (".warc.gz", ".warc", ".wet.gz", ".wet")  # a crawl's own, and files ingested from elsewhere


def warc_files(archive_dir: str | Path) -> list[Path]:
    """The archive's WARC (and WET) files, in name order: a crawl's files sort by their start time."""
    folder = Path(archive_dir) / WARC_FOLDER
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.name.endswith(WARC_SUFFIXES) and path.is_file())


def archive_stats(db, archive_dir: str | Path) -> dict[str, int]:
    """The counts of ``stats --json``; ``db`` is a sqlite3 connection (``reader.connect_read_only``) or a
    sqlite-utils ``Database``."""
    files = warc_files(archive_dir)
    return dict(counts(db), warc_files=len(files), warc_bytes=sum(f.stat().st_size for f in files))


HISTORY_COLUMNS = ("started_at", "status", "pages", "new_posts", "new_comments", "edited_posts", "removed_comments",
                   "revisits", "warc_bytes")


def crawl_history(db) -> list[dict]:
    """One row per crawl, oldest first: when, how it ended, and what it changed (crawls before the
    archive kept these counts show them empty). ``db`` as for ``archive_stats``."""
    present = {row[1] for row in db.execute("pragma table_info(crawls)")}
    columns = ", ".join(c if c in present else f"null as {c}" for c in ("id", *HISTORY_COLUMNS))
    cursor = db.execute(f"select {columns} from crawls order by started_at")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]

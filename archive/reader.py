"""archive.db opened for reading with plain sqlite3: what ``search`` and ``stats`` need, and nothing that
makes them slow to start (sqlite-utils imports pandas and numpy where they are installed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

DB_NAME = "archive.db"


class UnreadableArchive(Exception):
    """archive.db is missing, corrupt, or not an archive."""


def connect_read_only(archive_dir: str | Path) -> sqlite3.Connection:
    """A connection that can only read: no schema changes, no WAL switch, works on a read-only folder.
    Raises ``UnreadableArchive`` when archive.db is missing or not an archive."""
    conn, _ = _open_read_only(archive_dir)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def read_only_mode(archive_dir: str | Path) -> str:
    """How archive.db can be read here: ``mode=ro`` (it may change while it is read: a crawl may be
    writing) or ``immutable=1`` (a WAL database in a folder SQLite cannot write to, which no crawl can be
    writing either). Raises ``UnreadableArchive`` as ``connect_read_only`` does."""
    conn, flags = _open_read_only(archive_dir)
    conn.close()
    return flags


def _open_read_only(archive_dir: str | Path) -> tuple[sqlite3.Connection, str]:
    path = Path(archive_dir) / DB_NAME
    if not path.is_file():
        raise UnreadableArchive(f"no archive at {archive_dir} (no {DB_NAME}; run `therapy-archive crawl` first)")
    conn = None
    # mode=ro reads a WAL database where its -shm can be made; in a read-only folder with no writer
    # left, immutable=1 reads the file as it is
    for flags in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
            conn.execute("select count(*) from posts").fetchone()
            return conn, flags
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            conn, error = None, exc
    raise UnreadableArchive(f"{path} is not a readable archive ({error}); rebuild it from the WARC files "
                            "with `therapy-archive reprocess`")


def counts(db) -> dict[str, int]:
    """Rows in the archive: sites, posts, comments, spam comments, captures. ``db`` is a sqlite3
    connection or a sqlite-utils ``Database``."""
    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    return {
        "sites": count("select count(*) from sites"),
        "posts": count("select count(*) from posts"),
        "comments": count("select count(*) from comments"),
        "spam_comments": count("select count(*) from comments where is_spam"),
        "captures": count("select count(*) from captures"),
    }

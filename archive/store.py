"""The SQLite archive: schema, upserts keyed on stable ids, FTS kept in step by triggers."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import sqlite_utils
from tenacity import retry, retry_if_exception, stop_after_delay, wait_exponential

DB_NAME = "archive.db"


class UnreadableArchive(Exception):
    """archive.db is missing, corrupt, or not an archive."""


def stable_id(*parts: str | None) -> str:
    """A short, stable key from the natural key of a row, so a re-crawl upserts the same row."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:20]


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _is_locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


# Another process (a search, an export, `sqlite3` in a terminal) may hold the write lock briefly.
retry_when_locked = retry(
    retry=retry_if_exception(_is_locked),
    wait=wait_exponential(multiplier=0.05, max=2),
    stop=stop_after_delay(60),
    reraise=True,
)


@dataclass(frozen=True)
class CaptureRow:
    url: str
    status: int
    fetched_at: str
    content_type: str | None
    warc_file: str
    warc_offset: int
    warc_length: int
    warc_record_id: str
    payload_digest: str | None
    crawl_id: str | None = None

    @property
    def id(self) -> str:
        return self.warc_record_id


@dataclass(frozen=True)
class CommentRow:
    native_id: str
    parent_native_id: str | None
    author: str | None
    author_url: str | None
    published: str | None
    text: str
    is_spam: bool = False
    spam_reason: str | None = None
    duplicate_of_native_id: str | None = None
    kind: str = "comment"
    position: int = 0


@dataclass(frozen=True)
class PostRow:
    url: str  # canonical: without comment-page suffix, fragment
    site: str
    title: str | None
    author: str | None
    published: str | None
    text: str
    language: str | None
    platform: str | None
    comments_source: str | None
    capture_id: str | None
    comments: list[CommentRow] = field(default_factory=list)
    body_source: str = "page"  # page, or feed / api when the page had no body and the listing's copy is kept

    @property
    def id(self) -> str:
        return stable_id(self.url)


class Store:
    """archive.db: open (creating the schema if needed), write rows, read counts."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite_utils.Database(self.path)
        self.db.conn.execute("PRAGMA busy_timeout = 5000")
        self.db.enable_wal()
        self.db.conn.execute("PRAGMA synchronous = NORMAL")
        self.db.conn.execute("PRAGMA foreign_keys = ON")
        ensure_schema(self.db)

    @classmethod
    def in_folder(cls, archive_dir: str | Path) -> "Store":
        return cls(Path(archive_dir) / DB_NAME)

    @classmethod
    def check(cls, archive_dir: str | Path) -> None:
        """Raise ``UnreadableArchive`` unless archive.db (if there is one yet) is an archive SQLite can
        write: checked before a crawl fetches anything it could not keep."""
        path = Path(archive_dir) / DB_NAME
        if not path.exists():
            return
        try:
            cls(path).close()
        except sqlite3.DatabaseError as exc:
            raise UnreadableArchive(f"{path} is not a readable archive ({exc}); move it aside, or rebuild it "
                                    "from the WARC files with `therapy-archive reprocess`") from None

    @classmethod
    def read_only(cls, archive_dir: str | Path) -> "Store":
        """The archive opened for reading only: no schema changes, no WAL switch, works on a read-only
        folder. Raises ``UnreadableArchive`` when archive.db is missing or not an archive."""
        path = Path(archive_dir) / DB_NAME
        if not path.is_file():
            raise UnreadableArchive(f"no archive at {archive_dir} (no {DB_NAME}; run `therapy-archive crawl` first)")
        store = cls.__new__(cls)
        store.path = path
        conn = None
        # mode=ro reads a WAL database where its -shm can be made; in a read-only folder with no writer
        # left, immutable=1 reads the file as it is
        for flags in ("mode=ro", "immutable=1"):
            try:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
                conn.execute("select count(*) from posts").fetchone()
                break
            except sqlite3.DatabaseError as exc:
                if conn is not None:
                    conn.close()
                conn, error = None, exc
        if conn is None:
            raise UnreadableArchive(f"{path} is not a readable archive ({error}); rebuild it from the WARC files "
                                    "with `therapy-archive reprocess`")
        conn.execute("PRAGMA busy_timeout = 5000")
        store.db = sqlite_utils.Database(conn)
        return store

    def close(self) -> None:
        self.db.close()

    @retry_when_locked
    def start_crawl(self, crawl_id: str, roots: Iterable[str], settings: str) -> None:
        with self.db.conn:
            self.db["crawls"].insert(
                {"id": crawl_id, "started_at": utc_now(), "roots": "\n".join(roots), "settings": settings}
            )

    @retry_when_locked
    def finish_crawl(self, crawl_id: str, stats: dict, status: str) -> None:
        with self.db.conn:
            self.db["crawls"].update(
                crawl_id, {"finished_at": utc_now(), "status": status, **stats}, alter=True
            )

    @retry_when_locked
    def add_site(self, url: str, platform: str | None = None) -> str:
        site_id = stable_id(url)
        now = utc_now()
        with self.db.conn:
            existing = self.db["sites"].count_where("id = ?", [site_id])
            if existing:
                values = {"last_crawled": now}
                if platform:
                    values["platform"] = platform
                self.db["sites"].update(site_id, values)
            else:
                self.db["sites"].insert(
                    {"id": site_id, "url": url, "platform": platform, "first_crawled": now, "last_crawled": now}
                )
        return site_id

    @retry_when_locked
    def add_capture(self, capture: CaptureRow) -> str:
        with self.db.conn:
            self.db["captures"].insert(dict(asdict(capture), id=capture.id), ignore=True)
        return capture.id

    @retry_when_locked
    def upsert_post(self, post: PostRow, *, update_post: bool = True) -> str:
        """Insert or update one post and its comments in one transaction.

        ``update_post=False`` keeps an existing post's own fields (a comment page carries the same post
        as its main page; the main page's capture is the one to cite) and only adds its comments.
        """
        now = utc_now()
        post_id = post.id
        row = {
            "id": post_id,
            "url": post.url,
            "site": stable_id(post.site),
            "title": post.title,
            "author": post.author,
            "published": post.published,
            "text": post.text,
            "language": post.language,
            "platform": post.platform,
            "comments_source": post.comments_source,
            "body_source": post.body_source,
            "content_hash": hashlib.sha1(post.text.encode("utf-8")).hexdigest(),
            "capture_id": post.capture_id,
            "last_seen": now,
        }
        with self.db.conn:
            posts = self.db["posts"]
            exists = posts.count_where("id = ?", [post_id]) > 0
            if not exists:
                posts.insert(dict(row, first_seen=now))
            elif update_post:
                posts.update(post_id, row)
            else:
                posts.update(post_id, {"last_seen": now})
            self._upsert_comments(post_id, post.comments, post.capture_id, now)
        return post_id

    @retry_when_locked
    def upsert_thread(self, post_url: str, site: str, comments: list[CommentRow], capture_id: str | None) -> str:
        """Comments of a post read from a feed or an API. The post row is created bare if its page has
        not been archived yet; the page fills it in when it comes."""
        now = utc_now()
        post_id = stable_id(post_url)
        with self.db.conn:
            if not self.db["posts"].count_where("id = ?", [post_id]):
                self.db["posts"].insert({"id": post_id, "url": post_url, "site": stable_id(site), "text": "",
                                         "first_seen": now, "last_seen": now})
            self._upsert_comments(post_id, comments, capture_id, now)
        return post_id

    @retry_when_locked
    def note_external_thread(self, post_url: str, thread: str) -> None:
        """Record where a post's comments live when they could not be fetched (``disqus:forum/id``)."""
        with self.db.conn:
            self.db["posts"].update(stable_id(post_url), {"external_thread": thread})

    def _upsert_comments(self, post_id, comments, capture_id, now) -> None:
        def key(native):
            return stable_id(post_id, native) if native else None

        table = self.db["comments"]
        for comment in comments:
            comment_id = key(comment.native_id)
            row = {
                "id": comment_id,
                "post_id": post_id,
                "native_id": comment.native_id,
                "parent_id": key(comment.parent_native_id),
                "author": comment.author,
                "author_url": comment.author_url,
                "published": comment.published,
                "text": comment.text,
                "is_spam": int(comment.is_spam),
                "spam_reason": comment.spam_reason,
                "duplicate_of": key(comment.duplicate_of_native_id),
                "kind": comment.kind,
                "position": comment.position,
                "capture_id": capture_id,
                "last_seen": now,
            }
            if table.count_where("id = ?", [comment_id]):
                table.update(comment_id, row)
            else:
                table.insert(dict(row, first_seen=now))

    def counts(self) -> dict[str, int]:
        def count(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        return {
            "sites": count("select count(*) from sites"),
            "posts": count("select count(*) from posts"),
            "comments": count("select count(*) from comments"),
            "spam_comments": count("select count(*) from comments where is_spam"),
            "captures": count("select count(*) from captures"),
        }


_FTS = {"posts": ["title", "text"], "comments": ["author", "text"]}


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create whatever of the tables, indexes and FTS5 tables (with their triggers) is missing, and add
    columns that later versions introduced to an older archive.

    Every step may be repeated: SQLite runs DDL outside transactions here, so a crawl killed while it made
    the schema leaves part of it, and the next open completes it."""
    tables = set(db.table_names())
    if "comments" in tables and _fts_complete(db):
        columns = db["posts"].columns_dict
        for column in ("external_thread", "body_source"):
            if column not in columns:
                db["posts"].add_column(column, str)
        return
    db["sites"].create(
        {"id": str, "url": str, "platform": str, "first_crawled": str, "last_crawled": str},
        pk="id", if_not_exists=True,
    )
    db["crawls"].create(
        {"id": str, "started_at": str, "finished_at": str, "status": str, "roots": str, "settings": str},
        pk="id", if_not_exists=True,
    )
    db["captures"].create(
        {
            "id": str, "url": str, "status": int, "fetched_at": str, "content_type": str,
            "warc_file": str, "warc_offset": int, "warc_length": int, "warc_record_id": str,
            "payload_digest": str, "crawl_id": str,
        },
        pk="id", if_not_exists=True,
    )
    db["captures"].create_index(["url"], if_not_exists=True)
    db["posts"].create(
        {
            "id": str, "url": str, "site": str, "title": str, "author": str, "published": str,
            "text": str, "language": str, "platform": str, "comments_source": str,
            "content_hash": str, "first_seen": str, "last_seen": str, "capture_id": str,
            "external_thread": str, "body_source": str,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[("site", "sites", "id"), ("capture_id", "captures", "id")],
    )
    db["posts"].create_index(["url"], unique=True, if_not_exists=True)
    db["comments"].create(
        {
            "id": str, "post_id": str, "native_id": str, "parent_id": str, "author": str,
            "author_url": str, "published": str, "text": str, "is_spam": int, "spam_reason": str,
            "duplicate_of": str, "kind": str, "position": int, "first_seen": str,
            "last_seen": str, "capture_id": str,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[("post_id", "posts", "id"), ("capture_id", "captures", "id")],
    )
    db["comments"].create_index(["post_id", "position"], if_not_exists=True)
    for table, columns in _FTS.items():
        if not _fts_complete(db, table):  # made anew, rows included: a half-made index would lie
            db[table].enable_fts(columns, create_triggers=True, tokenize="porter unicode61", replace=True)


def _fts_complete(db: sqlite_utils.Database, *tables: str) -> bool:
    """The FTS5 table of each table exists with its three triggers (insert, delete, update)."""
    triggers = {row[0] for row in db.execute("select name from sqlite_master where type = 'trigger'")}
    existing = set(db.table_names())
    return all(f"{t}_fts" in existing and {f"{t}_ai", f"{t}_ad", f"{t}_au"} <= triggers for t in tables or _FTS)

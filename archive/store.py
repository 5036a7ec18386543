"""The SQLite archive: schema, upserts keyed on stable ids, FTS kept in step by triggers."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import sqlite_utils
from tenacity import retry, retry_if_exception, stop_after_delay, wait_exponential

from . import history, tombstones
from .reader import DB_NAME, UnreadableArchive, connect_read_only, counts
from .records import Capture, ExternalThread, Post, SitePlatform, Thread
from .timestamps import to_utc

Record = Capture | Post | Thread | ExternalThread | SitePlatform


def stable_id(*parts: str | None) -> str:
    """A short, stable key from the natural key of a row, so a re-crawl upserts the same row."""
    joined = "\x1f".join([p or "" for p in parts])
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


class Store:
    """archive.db: open (creating the schema if needed), write rows, read counts."""

    def __init__(self, path: str | Path, stemming: bool = True) -> None:
        """Open archive.db at ``path``; ``stemming`` chooses the search tokenizer of a new archive (an
        existing one keeps its own)."""
        self.path = Path(path)
        self.db = sqlite_utils.Database(self.path)
        self.db.conn.execute("PRAGMA busy_timeout = 5000")
        self.db.enable_wal()
        self.db.conn.execute("PRAGMA synchronous = NORMAL")
        # The declared foreign keys say how rows link (Datasette follows them); they are not enforced, since
        # a reply may name a parent the site no longer shows (a deleted comment kept as a placeholder).
        # The store writes a post before its comments, in one transaction, so those links always hold.
        ensure_schema(self.db, TOKENIZER if stemming else UNSTEMMED)
        self.forgotten = tombstones.forgotten(self.db)  # read once: write tests every record against it

    @classmethod
    def in_folder(cls, archive_dir: str | Path, stemming: bool = True) -> "Store":
        return cls(Path(archive_dir) / DB_NAME, stemming)

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
        """The archive opened for reading only (see ``reader.connect_read_only``), as a sqlite-utils
        ``Database`` for the exports. Raises ``UnreadableArchive`` when archive.db is missing or not an archive."""
        store = cls.__new__(cls)
        store.path = Path(archive_dir) / DB_NAME
        store.db = sqlite_utils.Database(connect_read_only(archive_dir))
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
    def add_capture(self, capture: Capture) -> str:
        with self.db.conn:
            self._insert_captures([capture])
        return capture.id

    @retry_when_locked
    def write(self, records: Iterable[Record]) -> None:
        """Write a batch of records (captures, posts, threads, ...) in one transaction.

        Every row is keyed on stable ids, so writing the same records again (a re-crawl, a second
        ``ingest``) updates rather than adds; first_seen and last_seen keep the earliest and latest
        capture dates (WARC-Date) the row was read from, whatever order the records come in."""
        records = list(records)
        if self.forgotten:  # what people asked to be left out never comes back (archive/tombstones.py)
            records = self.forgotten.sift(records)
        comments: list[list] = []  # the batch's comment rows, upserted together once the posts are in
        with self.db.conn:
            self.forgotten.purge(self.db)
            self._insert_captures([r for r in records if isinstance(r, Capture)])
            for record in records:
                if isinstance(record, Post):
                    self._write_post(record, comments)
                elif isinstance(record, Thread):
                    self._write_thread(record, comments)
                elif isinstance(record, ExternalThread):
                    self._touch_site(record.site, record.seen_at)
                    self.db.execute("update posts set external_thread = ? where id = ?",
                                    [record.thread, stable_id(record.post_url)])
                elif isinstance(record, SitePlatform):
                    self._touch_site(record.site, record.seen_at, record.platform)
            self._upsert_comments(comments)

    def _insert_captures(self, captures: list[Capture]) -> None:
        if captures:
            self.db.conn.executemany(
                f"insert or ignore into captures ({', '.join(_CAPTURE_COLUMNS)}) "
                f"values ({', '.join('?' * len(_CAPTURE_COLUMNS))})",
                [[capture.id] + [getattr(capture, c) for c in _CAPTURE_COLUMNS[1:]] for capture in captures])

    def _touch_site(self, url: str, seen_at: str, platform: str | None = None) -> str:
        site_id = stable_id(url)
        self.db.execute(
            "insert into sites (id, url, platform, first_crawled, last_crawled) values (?, ?, ?, ?, ?) "
            "on conflict(id) do update set platform = coalesce(excluded.platform, platform), "
            f"first_crawled = {_EARLIEST.format('first_crawled')}, last_crawled = {_LATEST.format('last_crawled')}",
            [site_id, url, platform, seen_at, seen_at])
        return site_id

    def _write_post(self, post: Post, comments: list[list]) -> None:
        post_id = stable_id(post.url)
        row = {
            "id": post_id, "url": post.url, "site": self._touch_site(post.site, post.seen_at),
            "title": post.title, "author": post.author, "published": post.published,
            "published_utc": to_utc(post.published), "text": post.text,
            "language": post.language, "platform": post.platform, "comments_source": post.comments_source,
            "body_source": post.body_source, "content_hash": hashlib.sha1(post.text.encode("utf-8")).hexdigest(),
            "capture_id": post.capture_id, "first_seen": post.seen_at, "last_seen": post.seen_at,
        }
        # a comment page repeats its post: the post's own page is the capture to cite for the text
        updated = [] if post.comment_page else [c for c in row if c not in ("id", "url", "first_seen", "last_seen")]
        if not post.comment_page:
            history.keep_replaced_version(self.db, stable_id(post_id, row["content_hash"], post.seen_at), post_id,
                                          row["content_hash"], post.seen_at)
        _upsert(self.db, "posts", row, updated)
        comments += _comment_rows(post_id, post.comments, post.capture_id, post.seen_at)

    def _write_thread(self, thread: Thread, comments: list[list]) -> None:
        post_id = stable_id(thread.post_url)
        row = {"id": post_id, "url": thread.post_url, "site": self._touch_site(thread.site, thread.seen_at),
               "text": "", "first_seen": thread.seen_at, "last_seen": thread.seen_at}
        _upsert(self.db, "posts", row, [])
        comments += _comment_rows(post_id, thread.comments, thread.capture_id, thread.seen_at)

    def _upsert_comments(self, rows: list[list]) -> None:
        """Insert or update the batch's comment rows, in their order, with one statement.

        The rows go through a temporary table and one ``INSERT ... SELECT``: SQLite opens a statement
        savepoint for every statement that fires the FTS5 trigger, and FTS5 writes its pending terms to
        disk at each savepoint, so one statement per comment made a tiny index segment per comment and
        spent most of the write merging them."""
        if not rows:
            return
        conn = self.db.conn
        conn.execute(f"create temp table if not exists comment_rows ({', '.join(_COMMENT_COLUMNS)})")
        conn.executemany(f"insert into temp.comment_rows values ({', '.join('?' * len(_COMMENT_COLUMNS))})", rows)
        conn.execute(_upsert_sql("comments", _COMMENT_COLUMNS, _COMMENT_COLUMNS[1:-2],
                                 "select * from temp.comment_rows where true order by rowid"))
        conn.execute("delete from temp.comment_rows")

    @retry_when_locked
    def close_crawl(self, crawl_id: str) -> history.CrawlChanges:
        """After a crawl's records are written: mark the comments its pages no longer show, and say what
        it changed."""
        with self.db.conn:
            history.mark_removed(self.db, crawl_id)
        return history.crawl_changes(self.db, crawl_id)

    def last_full_capture(self, url: str) -> Capture | None:
        """The latest capture of ``url`` that holds its payload (a 200 response, not a revisit)."""
        row = self.db.execute(
            f"select {', '.join(_CAPTURE_COLUMNS[1:])} from captures where url = ? and status = 200 "
            "and refers_to is null order by fetched_at desc limit 1", [url]).fetchone()
        return Capture(*row) if row else None

    def capture(self, record_id: str) -> Capture | None:
        row = self.db.execute(f"select {', '.join(_CAPTURE_COLUMNS[1:])} from captures where id = ?",
                              [record_id]).fetchone()
        return Capture(*row) if row else None

    def counts(self) -> dict[str, int]:
        """Rows in the archive: sites, posts, comments, spam comments, captures."""
        return counts(self.db)


_CAPTURE_COLUMNS = ("id", "url", "status", "fetched_at", "content_type", "warc_file", "warc_offset", "warc_length",
                    "warc_record_id", "payload_digest", "crawl_id", "refers_to", "etag", "last_modified")
_COMMENT_COLUMNS = ("id", "post_id", "native_id", "parent_id", "author", "author_url", "published",
                    "published_utc", "url", "text", "is_spam", "spam_reason", "duplicate_of", "kind", "position", "capture_id", "removed_at",
                    "first_seen", "last_seen")
# Seen times: the earliest and the latest capture date, whatever order records are written in
_EARLIEST = "min(coalesce({0}, excluded.{0}), excluded.{0})"
_LATEST = "max(coalesce({0}, excluded.{0}), excluded.{0})"


def _upsert(db: sqlite_utils.Database, table: str, row: dict, updated: list[str]) -> None:
    """Insert ``row``, or on a conflicting id update the ``updated`` columns and widen the seen times."""
    db.conn.execute(_upsert_sql(table, list(row), updated, f"values ({', '.join('?' * len(row))})"), list(row.values()))


def _upsert_sql(table: str, columns, updated, source: str) -> str:
    """``INSERT`` of ``columns`` from ``source`` (a ``VALUES`` or a ``SELECT``) that on a conflicting id
    updates the ``updated`` columns and widens the seen times."""
    assignments = [f"{c} = excluded.{c}" for c in updated]
    assignments += [f"first_seen = {_EARLIEST.format('first_seen')}", f"last_seen = {_LATEST.format('last_seen')}"]
    return (f"insert into {table} ({', '.join(columns)}) {source} "
            f"on conflict(id) do update set {', '.join(assignments)}")


def _comment_rows(post_id: str, comments, capture_id: str | None, seen_at: str) -> list[list]:
    """A post's comments as rows of ``_COMMENT_COLUMNS``, keyed on the post and the platform's ids."""
    keys: dict[str, str] = {}  # replies name their parent: each id hashed once

    def key(native):
        if not native:
            return None
        if native not in keys:
            keys[native] = stable_id(post_id, native)
        return keys[native]

    return [
        [key(comment.id), post_id, comment.id, key(comment.parent_id), comment.author, comment.author_url,
         comment.published, to_utc(comment.published), comment.url, comment.text, int(comment.is_spam),
         comment.spam_reason, key(comment.duplicate_of), comment.kind, position, capture_id, None, seen_at, seen_at]
        for position, comment in enumerate(comments)
    ]


_FTS = {"posts": ["title", "text"], "comments": ["author", "text"]}
# Porter stems English (therapist finds therapists); remove_diacritics 2 lets cafe find café in every
# script FTS5 knows. Archives made before keep the tokenizer they were made with.
TOKENIZER = "porter unicode61 remove_diacritics 2"
UNSTEMMED = "unicode61 remove_diacritics 2"  # words found only as written: for non-English archives, linguists


def stems_words(path: str | Path) -> bool:
    """Whether the archive.db at ``path`` was made with the stemming tokenizer, what a rebuild keeps; yes
    when there is none, or none that can be read (a rebuild's reason may be a corrupt archive.db)."""
    if not Path(path).is_file():
        return True
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("select sql from sqlite_master where name = 'posts_fts'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    return row is None or "porter" in row[0]
# columns later versions added, to an archive made before them
_ADDED_COLUMNS = {"posts": ("external_thread", "body_source", "published_utc"),
                  "captures": ("refers_to", "etag", "last_modified"),
                  "comments": ("removed_at", "published_utc", "url")}


def ensure_schema(db: sqlite_utils.Database, tokenizer: str = TOKENIZER) -> None:
    """Create whatever of the tables, indexes and FTS5 tables (with their triggers) is missing, and add
    columns that later versions introduced to an older archive.

    Every step may be repeated: SQLite runs DDL outside transactions here, so a crawl killed while it made
    the schema leaves part of it, and the next open completes it."""
    tables = set(db.table_names())
    if "comments" in tables and _fts_complete(db):
        if "post_versions" not in tables:
            history.create_tables(db)
        for table, added in _ADDED_COLUMNS.items():
            columns = db[table].columns_dict
            for column in added:
                if column not in columns:
                    db[table].add_column(column, str)
                    if column == "published_utc":  # filled from the dates as given
                        db.register_function(to_utc, deterministic=True, replace=True)
                        with db.conn:
                            db.execute(f"update {table} set published_utc = to_utc(published)")
        if "is_spam" not in db["posts"].columns_dict:
            db["posts"].add_column("is_spam", int, not_null_default=0)
        _ensure_year_columns(db)
        _ensure_update_triggers(db)
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
            "payload_digest": str, "crawl_id": str, "refers_to": str, "etag": str, "last_modified": str,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[("crawl_id", "crawls", "id"), ("refers_to", "captures", "id")],
    )
    db["captures"].create_index(["url"], if_not_exists=True)
    db["posts"].create(
        {
            "id": str, "url": str, "site": str, "title": str, "author": str, "published": str,
            "published_utc": str, "text": str, "language": str, "platform": str, "comments_source": str,
            "content_hash": str, "first_seen": str, "last_seen": str, "capture_id": str,
            "external_thread": str, "body_source": str, "is_spam": int,
        },
        pk="id", if_not_exists=True, not_null={"is_spam"}, defaults={"is_spam": 0},
        foreign_keys=[("site", "sites", "id"), ("capture_id", "captures", "id")],
    )
    db["posts"].create_index(["url"], unique=True, if_not_exists=True)
    db["comments"].create(
        {
            "id": str, "post_id": str, "native_id": str, "parent_id": str, "author": str,
            "author_url": str, "published": str, "published_utc": str, "url": str, "text": str, "is_spam": int,
            "spam_reason": str, "duplicate_of": str, "kind": str, "position": int, "first_seen": str,
            "last_seen": str, "capture_id": str, "removed_at": str,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[("post_id", "posts", "id"), ("capture_id", "captures", "id"), ("parent_id", "comments", "id"),
                      ("duplicate_of", "comments", "id")],
    )
    db["comments"].create_index(["post_id", "position"], if_not_exists=True)
    _ensure_year_columns(db)
    history.create_tables(db)
    for table, columns in _FTS.items():
        if not _fts_complete(db, table):  # made anew, rows included: a half-made index would lie
            db[table].enable_fts(columns, create_triggers=True, tokenize=tokenizer, replace=True)
    _ensure_update_triggers(db)


def _ensure_year_columns(db: sqlite_utils.Database) -> None:
    """``published_year`` on posts and comments, computed from ``published_utc`` when read (a virtual
    generated column: nothing stored), for the year facets and ``group by`` of people browsing."""
    for table in ("posts", "comments"):
        columns = {row[1] for row in db.execute(f"select * from pragma_table_xinfo('{table}')")}
        if "published_year" not in columns:
            db.execute(f"alter table {table} add column published_year integer "
                       "generated always as (cast(substr(published_utc, 1, 4) as integer)) virtual")


def _fts_complete(db: sqlite_utils.Database, *tables: str) -> bool:
    """The FTS5 table of each table exists with its three triggers (insert, delete, update)."""
    triggers = {row[0] for row in db.execute("select name from sqlite_master where type = 'trigger'")}
    existing = set(db.table_names())
    return all(f"{t}_fts" in existing and {f"{t}_ai", f"{t}_ad", f"{t}_au"} <= triggers for t in tables or _FTS)


def _update_trigger_sql(table: str, columns: list[str]) -> str:
    """The trigger that keeps ``table``'s FTS index in step with an update: only when an indexed column
    changes. A re-crawl updates every row it reads again, nearly always with the same text; re-indexing
    each one cost more than the rest of the write."""
    changed = " or ".join(f'old."{c}" is not new."{c}"' for c in columns)
    listed = ", ".join(f'"{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    # quoted as sqlite-utils quotes its own, so that its disable_fts (enable_fts(replace=True)) finds it
    return (f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {listed} ON "{table}" WHEN {changed} BEGIN\n'
            f'  INSERT INTO "{table}_fts" ("{table}_fts", rowid, {listed}) VALUES (\'delete\', old.rowid, {old});\n'
            f'  INSERT INTO "{table}_fts" (rowid, {listed}) VALUES (new.rowid, {new});\n'
            "END")


def _ensure_update_triggers(db: sqlite_utils.Database) -> None:
    """Replace the update triggers sqlite-utils makes (and older archives have), which re-index a row on
    every update, with ``_update_trigger_sql``'s; in one transaction, so the index is never left without
    its trigger."""
    existing = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall())
    for table, columns in _FTS.items():
        sql = _update_trigger_sql(table, columns)
        if existing.get(f"{table}_au") != sql:
            with db.conn:
                db.conn.execute("begin immediate")
                db.conn.execute(f"drop trigger if exists {table}_au")
                db.conn.execute(sql)

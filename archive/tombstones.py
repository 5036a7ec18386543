"""What people asked to be left out of the archive: the ``tombstones`` table, the rows a tombstone names
taken out of archive.db, and a quick test that keeps ``Store.write`` from writing them again.

A tombstone names an author (their comments and their posts), a URL (a post with its comments, or one
comment by its own address) or a site (every post and comment under a host). The WARC files are not
touched: they are the evidence; a tombstone keeps what they hold out of every archive.db made from them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import sqlite_utils

from .records import Comment, ExternalThread, Post, SitePlatform, Thread

KINDS = ("author", "url", "site")
_COMMENT_PAGE = re.compile(r"/comment-page-\d+/?$")


class BadTombstone(ValueError):
    """A tombstone whose value names nothing (an empty name, a URL without a host)."""


@dataclass(frozen=True)
class Tombstone:
    kind: str  # author, url, site
    value: str  # as given
    key: str  # what rows are matched on: see author_key, url_key, site_key
    note: str | None = None
    created_at: str | None = None

    @property
    def names_comment(self) -> bool:
        """A URL tombstone with a #fragment names one comment by its own address, not a post."""
        return self.kind == "url" and "#" in self.key


@dataclass(frozen=True)
class Removed:
    """What ``apply`` took out of archive.db."""

    posts: int = 0
    comments: int = 0

    def __bool__(self) -> bool:
        return bool(self.posts or self.comments)


def author_key(name: str | None) -> str:
    """A name as compared: any case, runs of whitespace as one space."""
    return " ".join((name or "").split()).casefold()


def url_key(url: str | None) -> str:
    """A page's address as compared: no scheme, host in lower case without ``www.``, no trailing slash, no
    comment-page suffix or ``cpage`` (every comment page of a post is the post), the #fragment kept."""
    parts = urlsplit((url or "").strip())
    path = _COMMENT_PAGE.sub("/", parts.path).rstrip("/")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "cpage"])
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{path}{'?' + query if query else ''}{'#' + parts.fragment if parts.fragment else ''}"


def site_key(site: str | None) -> str:
    """A host as compared: ``www.`` aside, the port kept when given (a URL gives its host)."""
    value = (site or "").strip().lower()
    host = urlsplit(value).netloc if "://" in value else value.split("/")[0]
    return host.removeprefix("www.")


def _site_matches(key: str, site_url: str) -> bool:
    """Whether a site root URL lies on the host ``key`` names (without a port: on any port)."""
    parts = urlsplit(site_url)
    return parts.netloc.lower().removeprefix("www.") == key or (
        ":" not in key and (parts.hostname or "").removeprefix("www.") == key)


def create_table(db: sqlite_utils.Database) -> None:
    """The tombstones table, made with the first tombstone: archives that never forgot anything have none."""
    db.execute("create table if not exists tombstones (id integer primary key, kind text not null, "
               "value text not null, key text not null, note text, created_at text not null, unique (kind, key))")


def tombstones(db) -> list[Tombstone]:
    """Every tombstone, oldest first; none in an archive made before there were any."""
    try:
        rows = db.execute("select kind, value, key, note, created_at from tombstones order by id").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # an archive made before there were tombstones
            return []
        raise
    return [Tombstone(*row) for row in rows]


def add_tombstone(db: sqlite_utils.Database, kind: str, value: str, note: str | None = None) -> Tombstone:
    """Record that ``value`` (an author, a URL or a site) is to be left out, and return the tombstone; a
    second one for the same thing is the first. A URL with a #fragment names a comment when a comment
    has that address or no post has the page's, else the post (the fragment forgiven)."""
    key = _key(db, kind, value)
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with db.conn:
        create_table(db)
        db.execute("insert or ignore into tombstones (kind, value, key, note, created_at) values (?, ?, ?, ?, ?)",
                   [kind, value, key, note, created])
    row = db.execute("select kind, value, key, note, created_at from tombstones where kind = ? and key = ?",
                     [kind, key]).fetchone()
    return Tombstone(*row)


def _key(db: sqlite_utils.Database, kind: str, value: str) -> str:
    if kind not in KINDS:
        raise BadTombstone(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    key = {"author": author_key, "url": url_key, "site": site_key}[kind](value)
    if not key or (kind == "url" and not urlsplit(value.strip()).netloc):
        what = "a name" if kind == "author" else "a URL with its host" if kind == "url" else "a host (example.org)"
        raise BadTombstone(f"--{kind} {value!r} names nothing: give {what}")
    if kind == "url" and "#" in key:
        _register(db)
        page = key.partition("#")[0]
        if not db.execute("select 1 from comments where url is not null and forget_url_key(url) = ?", [key]).fetchone() \
                and db.execute("select 1 from posts where forget_url_key(url) = ?", [page]).fetchone():
            return page
    return key


def _register(db: sqlite_utils.Database) -> None:
    db.register_function(url_key, name="forget_url_key", deterministic=True, replace=True)
    db.register_function(author_key, name="forget_author_key", deterministic=True, replace=True)


def apply(db: sqlite_utils.Database, tombstone: Tombstone) -> Removed:
    """Delete from archive.db what ``tombstone`` names, in one transaction: posts with their comments and
    earlier versions, comments, and for a site its row. The FTS indexes follow by their delete triggers;
    captures stay, as the WARC records they describe do."""
    _register(db)
    key = tombstone.key
    with db.conn:
        if tombstone.kind == "author":
            comments = _delete(db, "delete from comments where forget_author_key(author) = ?", [key])
            return _delete_posts(db, "forget_author_key(author) = ?", [key], comments)
        if tombstone.names_comment:
            return Removed(comments=_delete(db, "delete from comments where url is not null "
                                                "and forget_url_key(url) = ?", [key]))
        if tombstone.kind == "url":
            return _delete_posts(db, "forget_url_key(url) = ?", [key])
        sites = [site_id for site_id, url in db.execute("select id, url from sites").fetchall()
                 if _site_matches(key, url)]
        marks = ", ".join("?" * len(sites))
        removed = _delete_posts(db, f"site in ({marks})", sites)
        _delete(db, f"delete from sites where id in ({marks})", sites)
        return removed


def _delete(db: sqlite_utils.Database, sql: str, params: list) -> int:
    return db.execute(sql, params).rowcount


def _delete_posts(db: sqlite_utils.Database, where: str, params: list, comments: int = 0) -> Removed:
    """Delete the posts ``where`` selects, with every comment on them and their earlier versions."""
    db.execute("create temp table if not exists forgotten_posts (id text primary key)")
    db.execute("delete from temp.forgotten_posts")
    db.execute(f"insert or ignore into temp.forgotten_posts select id from posts where {where}", params)
    chosen = "(select id from temp.forgotten_posts)"
    comments += _delete(db, f"delete from comments where post_id in {chosen}", [])
    _delete(db, f"delete from post_versions where post_id in {chosen}", [])
    return Removed(posts=_delete(db, f"delete from posts where id in {chosen}", []), comments=comments)


def carry_over(old: Path, db: sqlite_utils.Database) -> str | None:
    """Copy the tombstones of the archive.db at ``old`` into ``db`` (a rebuild's, before it writes
    anything). Returns a warning when ``old`` exists but cannot be read."""
    if not old.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{old.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = tombstones(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return (f"the tombstones of {old} could not be read ({exc}): what `therapy-archive forget` left out "
                "before may be back in the rebuilt archive; run forget again for each")
    if not found:
        return None
    with db.conn:
        create_table(db)
        db.conn.executemany(
            "insert or ignore into tombstones (kind, value, key, note, created_at) values (?, ?, ?, ?, ?)",
            [(t.kind, t.value, t.key, t.note, t.created_at) for t in found])
    return None


@dataclass
class Forgotten:
    """The tombstones of one archive as sets of keys, to test records against before they are written:
    a set lookup per comment, and one per post for its URL and site. False when there are none."""

    authors: frozenset[str] = frozenset()
    posts: frozenset[str] = frozenset()  # url_key of posts
    comments: frozenset[str] = frozenset()  # url_key of comments' own addresses, #fragment included
    hosts: frozenset[str] = frozenset()
    dropped: set[str] = field(default_factory=set)  # URLs of posts dropped here: their threads go too
    pending: list[str] = field(default_factory=list)  # of those, the ones whose rows may need deleting
    _fragments: frozenset[str] = field(default=frozenset(), init=False)
    _sites: dict[str, bool] = field(default_factory=dict, init=False)  # site root -> forgotten (a few hundred)

    def __post_init__(self) -> None:
        self._fragments = frozenset(key.partition("#")[2] for key in self.comments)

    def __bool__(self) -> bool:
        return bool(self.authors or self.posts or self.comments or self.hosts)

    def __contains__(self, record) -> bool:
        """Whether a ``Post``, ``Thread``, ``Comment``, ``ExternalThread`` or ``SitePlatform`` is forgotten."""
        if isinstance(record, Comment):
            return self._comment(record)
        if isinstance(record, Post):
            return self._post(record.url, record.site) or bool(self.authors and author_key(record.author) in self.authors)
        if isinstance(record, (Thread, ExternalThread)):
            return self._post(record.post_url, record.site)
        return isinstance(record, SitePlatform) and self._site(record.site)

    def _site(self, site: str) -> bool:
        if site not in self._sites:
            self._sites[site] = any(_site_matches(key, site) for key in self.hosts)
        return self._sites[site]

    def _post(self, url: str, site: str) -> bool:
        return url in self.dropped or self._site(site) or (bool(self.posts) and url_key(url) in self.posts)

    def _comment(self, comment: Comment) -> bool:
        if comment.author and self.authors and author_key(comment.author) in self.authors:
            return True
        url = comment.url
        return bool(url and self.comments and url.rpartition("#")[2] in self._fragments
                    and url_key(url) in self.comments)

    def sift(self, records: list) -> list:
        """``records`` without what is forgotten: posts and threads left out whole, comments one by one.
        A post left out by its author is remembered, so that its threads are left out after it, and its
        row (made bare by a thread read before the page) is deleted by ``purge``."""
        kept = []
        for record in records:
            if isinstance(record, (Post, Thread, ExternalThread, SitePlatform)) and record in self:
                if isinstance(record, Post) and record.url not in self.dropped:
                    self.dropped.add(record.url)
                    self.pending.append(record.url)
                continue
            if isinstance(record, (Post, Thread)) and record.comments:
                comments = tuple(c for c in record.comments if not self._comment(c))
                if len(comments) != len(record.comments):
                    record = replace(record, comments=comments)
            kept.append(record)
        return kept

    def purge(self, db: sqlite_utils.Database) -> None:
        """Delete the rows of the posts ``sift`` has left out since the last purge, if a thread made them."""
        if self.pending:
            _delete_posts(db, f"url in ({', '.join('?' * len(self.pending))})", self.pending)
            self.pending = []  # only once deleted: a write retried after a lock purges again


def forgotten(db) -> Forgotten:
    """The archive's tombstones as a ``Forgotten``, read once (a store reads it again after ``forget``)."""
    sets: dict[str, set[str]] = {"authors": set(), "posts": set(), "comments": set(), "hosts": set()}
    for tombstone in tombstones(db):
        group = {"author": "authors", "site": "hosts"}.get(tombstone.kind) or (
            "comments" if tombstone.names_comment else "posts")
        sets[group].add(tombstone.key)
    return Forgotten(**{name: frozenset(keys) for name, keys in sets.items()})

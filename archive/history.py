"""What changed between crawls: earlier versions of edited posts, comments gone from their pages, and
each crawl's account of what it added. Every date is a capture's WARC-Date, so a rebuild from the WARC
files gives the same history."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils


def create_tables(db: sqlite_utils.Database) -> None:
    db["post_versions"].create(
        {"id": str, "post_id": str, "title": str, "text": str, "content_hash": str, "capture_id": str,
         "replaced_at": str},
        pk="id", if_not_exists=True,
        foreign_keys=[("post_id", "posts", "id"), ("capture_id", "captures", "id")],
    )
    db["post_versions"].create_index(["post_id"], if_not_exists=True)


def keep_replaced_version(db: sqlite_utils.Database, version_id: str, post_id: str, new_hash: str,
                          replaced_at: str) -> None:
    """Before a post's text is replaced by a different one, keep the text it had (and the capture it came
    from) in post_versions."""
    db.execute(
        "insert or ignore into post_versions (id, post_id, title, text, content_hash, capture_id, replaced_at) "
        "select ?, id, title, text, content_hash, capture_id, ? from posts "
        "where id = ? and content_hash != ? and text != ''",
        [version_id, replaced_at, post_id, new_hash])


def crawl_start(db: sqlite_utils.Database, crawl_id: str) -> str | None:
    """The WARC-Date of the crawl's first capture."""
    return db.execute("select min(fetched_at) from captures where crawl_id = ?", [crawl_id]).fetchone()[0]


def mark_removed(db: sqlite_utils.Database, crawl_id: str) -> int:
    """Comments whose page (or API answer) this crawl fetched again without them: marked removed, with
    the date of the crawl that noticed, and kept with the date they were last seen. A comment seen again
    later loses the mark."""
    start = crawl_start(db, crawl_id)
    if start is None:
        return 0
    cursor = db.execute(
        "update comments set removed_at = ? where removed_at is null and last_seen < ? and capture_id in "
        "(select held.id from captures held join captures again on again.url = held.url "
        " where again.crawl_id = ? and again.status in (200, 304))",
        [start, start, crawl_id])
    return cursor.rowcount


@dataclass
class CrawlChanges:
    """What one crawl changed in the archive, in all and per site."""

    new_posts: int = 0
    new_comments: int = 0
    edited_posts: int = 0
    removed_comments: int = 0
    responses: int = 0
    revisits: int = 0
    sites: dict[str, dict[str, int]] = field(default_factory=dict)  # site URL -> the same counts

    def as_row(self) -> dict[str, int]:
        return {"new_posts": self.new_posts, "new_comments": self.new_comments, "edited_posts": self.edited_posts,
                "removed_comments": self.removed_comments, "revisits": self.revisits}


def crawl_changes(db: sqlite_utils.Database, crawl_id: str) -> CrawlChanges:
    start = crawl_start(db, crawl_id)
    changes = CrawlChanges()
    if start is None:
        return changes
    per_site = {
        "new_posts": "select s.url, count(*) from posts p join sites s on s.id = p.site where p.first_seen >= ? "
                     "and p.text != '' group by s.url",
        "new_comments": "select s.url, count(*) from comments c join posts p on p.id = c.post_id "
                        "join sites s on s.id = p.site where c.first_seen >= ? group by s.url",
        "edited_posts": "select s.url, count(distinct v.post_id) from post_versions v join posts p on p.id = v.post_id "
                        "join sites s on s.id = p.site where v.replaced_at >= ? group by s.url",
        "removed_comments": "select s.url, count(*) from comments c join posts p on p.id = c.post_id "
                            "join sites s on s.id = p.site where c.removed_at = ? group by s.url",
    }
    for name, sql in per_site.items():
        for site, count in db.execute(sql, [start]).fetchall():
            changes.sites.setdefault(site, {})[name] = count
            setattr(changes, name, getattr(changes, name) + count)
    changes.responses, changes.revisits = db.execute(
        "select count(*), count(refers_to) from captures where crawl_id = ?", [crawl_id]).fetchone()
    return changes

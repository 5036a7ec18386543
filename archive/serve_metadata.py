"""What Datasette shows about archive.db: titles, table and column descriptions, labels, search, facets
and canned queries, as the metadata dict ``datasette serve --metadata`` reads.

Built from the schema of the archive at hand: only tables and columns that exist are described, and the
queries use a newer column (``comments.url``, ``posts.published_utc``) only where the archive has it,
so an archive made by an older or newer version is served as it is.
"""

from __future__ import annotations

import sqlite3

TITLE = "therapy-archive"
DESCRIPTION = ("Therapy blogs and their comment threads, read from the WARC captures beside this database. "
               "Spam comments are flagged (is_spam), never dropped; every post and comment names the capture "
               "(WARC file and offset) it was read from.")

TABLES = {
    "sites": ("One row per blog root crawled.", {
        "id": "Stable id from the root URL", "url": "The blog's root URL",
        "platform": "Blog platform detected on the root page (wordpress, blogger, substack, ...)",
        "first_crawled": "WARC-Date of the first capture from this site",
        "last_crawled": "WARC-Date of the latest capture from this site",
    }),
    "crawls": ("One row per crawl run, with what it fetched and changed.", {
        "id": "Crawl id, as in the WARC file names", "started_at": "When the crawl started (UTC)",
        "finished_at": "When it ended (UTC)", "status": "How it ended (finished, shutdown, ...)",
        "roots": "The blog roots it was given, one a line", "settings": "The crawl's settings (JSON)",
        "pages": "Responses archived", "posts": "Posts read", "comments": "Comments read",
        "new_posts": "Posts first seen in this crawl", "new_comments": "Comments first seen in this crawl",
        "edited_posts": "Posts whose text changed", "removed_comments": "Comments gone from their pages",
        "revisits": "Responses unchanged since the last capture (stored as WARC revisit records)",
        "warc_bytes": "Bytes written to WARC files",
    }),
    "captures": ("One row per HTTP response in the WARC files: where to find the raw bytes.", {
        "id": "The WARC record id", "url": "The URL fetched", "status": "HTTP status",
        "fetched_at": "WARC-Date of the response", "content_type": "Content-Type as sent",
        "warc_file": "WARC file (in the archive's warc/ folder)",
        "warc_offset": "Byte offset of the response record in the WARC file",
        "warc_length": "Length of the record in the file", "warc_record_id": "WARC-Record-ID",
        "payload_digest": "WARC-Payload-Digest of the body as sent", "crawl_id": "The crawl that fetched it",
        "refers_to": "For a revisit: the capture holding the unchanged payload",
        "etag": "ETag the server sent", "last_modified": "Last-Modified the server sent",
    }),
    "posts": ("One row per blog post, cleaned of boilerplate, with the capture it was read from.", {
        "id": "Stable id from the canonical URL", "url": "Canonical URL of the post", "site": "The blog",
        "title": "Title", "author": "Author as the page names them",
        "published": "Publication date as the page gives it (ISO 8601)",
        "published_utc": "Publication date in UTC (ISO 8601)",
        "text": "The post body, paragraphs separated by a blank line",
        "language": "Language identified from the text", "platform": "Blog platform",
        "comments_source": "Where the comments live (inline, disqus, wordpress-rest, none, ...)",
        "content_hash": "SHA-1 of the text", "first_seen": "WARC-Date of the first capture",
        "last_seen": "WARC-Date of the latest capture",
        "capture_id": "The capture the text was read from (its WARC file and offset)",
        "external_thread": "A comment thread hosted elsewhere and not captured",
        "body_source": "Where the text came from: page, feed or api", "is_spam": "1 if the post is spam",
        "published_year": "Year of publication in UTC",
    }),
    "comments": ("One row per comment, spam flagged and never dropped; threads nest through parent_id.", {
        "id": "Stable id from the post and the comment's own id", "post_id": "The post it was left on",
        "native_id": "The comment's id on its site (c-123)", "url": "The comment's own address, with its #anchor",
        "parent_id": "The comment it answers (empty for a comment on the post)",
        "author": "Commenter's name", "author_url": "Commenter's website",
        "published": "Date as the page gives it (ISO 8601)", "published_utc": "Date in UTC (ISO 8601)",
        "text": "The comment, without byline, date or reply link", "is_spam": "1 if flagged as spam",
        "spam_reason": "Why it was flagged", "duplicate_of": "The first copy of a comment shown twice",
        "kind": "comment, pingback or trackback", "position": "Order on the page",
        "first_seen": "WARC-Date of the first capture showing it",
        "last_seen": "WARC-Date of the latest capture showing it",
        "capture_id": "The capture it was read from", "removed_at": "When a crawl found it gone from its page",
        "published_year": "Year of the comment in UTC",
    }),
    "post_versions": ("Earlier texts of edited posts, each with the capture it was read from.", {
        "post_id": "The post", "title": "Title then", "text": "Text then", "content_hash": "SHA-1 of that text",
        "capture_id": "The capture that text was read from", "replaced_at": "When a newer text replaced it",
    }),
}
HIDDEN = ("tombstones",)
# the column shown instead of a row's id wherever another table points at it
LABELS = {"sites": "url", "posts": "title", "captures": "url"}
FACETS = {"posts": ["site", "author", "published_year", "platform", "language", "is_spam"],
          "comments": ["is_spam", "kind", "author", "published_year"]}
DATE_FACETS = {"posts": ("published_utc", "published"), "comments": ("published_utc", "published")}
SORT_DESC = {"posts": "published", "crawls": "started_at", "captures": "fetched_at"}


def schema(db: sqlite3.Connection) -> dict[str, list[str]]:
    """Every table of the archive with its columns, in order."""
    tables = [row[0] for row in db.execute("select name from sqlite_master where type = 'table'")]
    return {table: [row[1] for row in db.execute("select * from pragma_table_xinfo(?)", [table])]
            for table in tables}


def metadata(columns: dict[str, list[str]], database: str = "archive") -> dict:
    """Datasette metadata for an archive whose tables have ``columns`` (see ``schema``), served as
    ``database``."""
    tables = {}
    for table, (description, described) in TABLES.items():
        if table not in columns:
            continue
        has = set(columns[table])
        config: dict = {"description": description,
                        "columns": {c: text for c, text in described.items() if c in has}}
        if LABELS.get(table) in has:
            config["label_column"] = LABELS[table]
        facets: list = [c for c in FACETS.get(table, []) if c in has]
        facets += [{"date": c} for c in DATE_FACETS.get(table, ()) if c in has][:1]  # UTC where the archive has it
        if facets:
            config["facets"] = facets
        if SORT_DESC.get(table) in has:
            config["sort_desc"] = SORT_DESC[table]
        if f"{table}_fts" in columns:
            config.update(fts_table=f"{table}_fts", fts_pk="rowid")
        tables[table] = config
    for table in HIDDEN:
        if table in columns:  # the names of people who asked to be forgotten are not for browsing
            tables[table] = {"hidden": True}
    return {"title": TITLE, "description": DESCRIPTION,
            "databases": {database: {"tables": tables, "queries": queries(columns)}}}


def _thread(columns: dict[str, list[str]]) -> str:
    dated = "published_utc" in columns.get("comments", [])
    all_dated = ("not exists (select 1 from comments where post_id = (select id from post) and published_utc is null)"
                 if dated else "0")
    date = "case when (select yes from dated) then c.published_utc else '' end" if dated else "''"
    step = f"printf('%-20s.%08d.%012d', {date}, c.position, c.rowid)"
    return _THREAD.format(comment_url="c.url" if "url" in columns.get("comments", []) else "null",
                          all_dated=all_dated, step=step)


def queries(columns: dict[str, list[str]]) -> dict:
    """The canned queries: a post's thread, the busiest threads, what the last crawl brought, comment search,
    and a post's stored text with the WARC record it came from."""
    has_url = "url" in columns.get("comments", [])
    url_column = "c.url as comment_url, " if has_url else ""
    not_spam_post = " and not p.is_spam" if "is_spam" in columns.get("posts", []) else ""
    found = []
    if {"posts", "comments", "sites", "captures"} <= set(columns):
        found += [
            ("post_thread", "A post and its thread",
             "The post (by URL or id), then its comments in thread order: each followed by its replies, "
             "depth 0 for a comment on the post.", _thread(columns)),
            ("most_replies", "Threads with most replies",
             "Posts with the most comments that are neither spam nor a repeat of another.",
             _MOST_REPLIES.format(not_spam_post=not_spam_post)),
            ("post_text", "The stored text of a post",
             "A post's text as archived, with the WARC file, offset and record id of the page it was read from.",
             _POST_TEXT),
        ]
    if {"comments", "crawls", "posts"} <= set(columns):
        found.append(("new_comments", "New comments since the last crawl",
                      "Comments first seen at or after the start of the latest crawl.",
                      _NEW_COMMENTS.format(comment_url=url_column)))
    if {"comments_fts", "comments", "posts"} <= set(columns):
        found.append(("search_comments", "Search comments",
                      'Full-text search over comments (FTS5 syntax: words, "phrases", OR, NOT, prefix*), best '
                      "first, with the post each was left on.", _SEARCH_COMMENTS.format(comment_url=url_column)))
    return {name: {"title": title, "description": description, "sql": sql.strip()}
            for name, title, description, sql in found}


# :post is a post's URL (its #fragment and a missing final slash forgiven) or its id
_POST_MATCH = """
    select id from posts
    where url in (substr(:post, 1, instr(:post || '#', '#') - 1), substr(:post, 1, instr(:post || '#', '#') - 1) || '/')
       or id = :post
    limit 1
"""
# thread order as ``archive.thread`` (and ``show``) gives it: depth first, siblings oldest first when every
# comment has a date, then by position, then rowid
_THREAD = """
with post as ({post_match}),
dated(yes) as (select {all_dated}),
thread(id, depth, path) as (
  select c.id, 0, {step} from comments c
  where c.post_id = (select id from post)
    and (c.parent_id is null or c.parent_id not in (select id from comments where post_id = (select id from post)))
  union all
  select c.id, t.depth + 1, t.path || '/' || {step}
  from comments c join thread t on c.parent_id = t.id
  where t.depth < 500
)
select row, depth, position, title, url, author, published, text, is_spam, kind, parent_id, id, warc_file, warc_offset
from (
  select 'post' as row, null as depth, null as position, p.title, p.url, p.author, p.published, p.text,
         null as is_spam, null as kind, null as parent_id, p.id, cap.warc_file, cap.warc_offset, '' as path
  from posts p left join captures cap on cap.id = p.capture_id where p.id = (select id from post)
  union all
  select 'comment', t.depth, c.position, null, {comment_url}, c.author, c.published, c.text, c.is_spam, c.kind,
         c.parent_id, c.id, cap.warc_file, cap.warc_offset, t.path
  from thread t join comments c on c.id = t.id left join captures cap on cap.id = c.capture_id
)
order by path
""".replace("{post_match}", _POST_MATCH.strip())
_MOST_REPLIES = """
select p.id, p.title, p.url, s.url as site, p.published, count(*) as comments,
       count(c.parent_id) as replies_to_comments
from posts p join sites s on s.id = p.site
join comments c on c.post_id = p.id and not c.is_spam and c.duplicate_of is null
where 1{not_spam_post}
group by p.id order by comments desc, p.published desc limit 100
"""
_NEW_COMMENTS = """
select c.first_seen, {comment_url}c.author, c.published, c.text, c.is_spam, c.post_id, p.title, p.url as post_url
from comments c join posts p on p.id = c.post_id
where julianday(c.first_seen) >= (select max(julianday(started_at)) from crawls)
order by c.first_seen desc, c.post_id, c.position
"""
_SEARCH_COMMENTS = """
select snippet(comments_fts, 1, '**', '**', '…', 24) as snippet, {comment_url}c.author, c.published, c.is_spam,
       p.title, p.url as post_url, c.post_id, c.id, comments_fts.rank
from comments_fts join comments c on c.rowid = comments_fts.rowid join posts p on p.id = c.post_id
where comments_fts match :q
order by comments_fts.rank limit 100
"""
_POST_TEXT = """
select p.title, p.url, p.author, p.published, p.text, p.body_source, cap.warc_file, cap.warc_offset,
       cap.warc_record_id, cap.url as capture_url, cap.fetched_at
from posts p left join captures cap on cap.id = p.capture_id
where p.id = ({post_match})
""".replace("{post_match}", _POST_MATCH.strip())

"""What the archive keeps: small frozen records, made by the normalizer and the response handlers and
written by ``Store.write`` in batches. The one model of a post, a comment and a capture."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Capture:
    """One HTTP response as it lies in a WARC file."""

    url: str
    status: int
    fetched_at: str  # the record's WARC-Date
    content_type: str | None
    warc_file: str
    warc_offset: int
    warc_length: int
    warc_record_id: str
    payload_digest: str | None
    crawl_id: str | None = None
    refers_to: str | None = None  # a revisit record: the record id of the capture whose payload it repeats
    etag: str | None = None  # the response's validators, sent back on the next crawl (If-None-Match)
    last_modified: str | None = None  # (If-Modified-Since)

    @property
    def id(self) -> str:
        return self.warc_record_id


@dataclass(frozen=True)
class Comment:
    """One comment as the page or API gave it; ids are the platform's own, unique within the post."""

    id: str
    parent_id: str | None
    author: str | None
    published: str | None
    text: str
    author_url: str | None = None
    is_spam: bool = False
    spam_reason: str | None = None
    duplicate_of: str | None = None
    kind: str = "comment"  # comment, pingback, trackback
    url: str | None = None  # its own address: its page's URL and #anchor, or the platform's link to it


@dataclass(frozen=True)
class Post:
    """A post with the comments its page showed, keyed on its URL (comment-page suffixes removed)."""

    url: str
    site: str  # the root URL of its blog
    title: str | None
    author: str | None
    published: str | None
    text: str
    language: str | None
    platform: str | None
    comments_source: str | None
    capture_id: str | None
    seen_at: str  # WARC-Date of the capture it was read from
    comments: tuple[Comment, ...] = ()
    body_source: str = "page"  # page, or feed / api when the page had no body and the listing's copy is kept
    comment_page: bool = False  # one of the post's comment pages: adds comments, keeps the post's own fields


@dataclass(frozen=True)
class Thread:
    """Comments of one post read from a feed or an API. Its post row is made bare when the page has not
    been read yet; the page fills it in when it comes."""

    post_url: str
    site: str
    comments: tuple[Comment, ...]
    capture_id: str | None
    seen_at: str
    source: str  # substack-api, blogger-feed, wordpress-rest, ghost-api, isso-api


@dataclass(frozen=True)
class ExternalThread:
    """Where a post's comments live when the page only embeds them (``disqus:forum/id (not captured)``)."""

    post_url: str
    site: str
    thread: str
    seen_at: str


@dataclass(frozen=True)
class SitePlatform:
    """The platform of a site: that of its first post page read."""

    site: str
    platform: str
    seen_at: str

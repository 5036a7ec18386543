"""Where platforms publish posts and comments besides their pages: feeds and JSON APIs.

Pure parsing (bytes in, records out), no Scrapy: the spider fetches, these modules read, and
``reprocess`` can read the same archived responses again.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.records import Comment


@dataclass(frozen=True)
class PostLink:
    """A post found in a listing, feed or API, with what the source says about it."""

    url: str
    native_id: str | None = None  # the platform's id of the post (Substack post id, Blogger post id)
    comments_url: str | None = None  # where its comments can be fetched, when the source says


@dataclass(frozen=True)
class CommentPage:
    """Comments of one post read from an API or feed response, and where the next page is."""

    comments: list[Comment]
    next_url: str | None = None

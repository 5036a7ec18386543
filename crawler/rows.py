"""Extracted pages and comments as archive rows: shared by the crawl's pipeline and ``reprocess``."""

from __future__ import annotations

from archive.store import CommentRow, PostRow

from .items import PageItem
from .urls import post_key


def comment_rows(comments) -> list[CommentRow]:
    return [
        CommentRow(
            native_id=c.id,
            parent_native_id=c.parent_id,
            author=c.author,
            author_url=c.author_url,
            published=c.published,
            text=c.text,
            is_spam=c.is_spam,
            spam_reason=c.spam_reason,
            duplicate_of_native_id=c.duplicate_of,
            kind=c.kind,
            position=position,
        )
        for position, c in enumerate(comments)
    ]


def post_row(item: PageItem) -> PostRow:
    """The store's row for a page item: the post keyed on its URL without comment-page suffixes."""
    page = item.extract
    comments = comment_rows(page.comments)
    return PostRow(
        url=post_key(item.url, page.canonical_url),
        site=item.root,
        title=page.title,
        author=page.author,
        published=page.published,
        text=page.text,
        language=page.language,
        platform=page.platform,
        comments_source=page.comments_source,
        capture_id=item.capture_id,
        comments=comments,
        body_source=page.body_source,
    )

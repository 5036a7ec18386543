"""Item pipeline: hands each extracted page to the archive store."""

from __future__ import annotations

from archive.store import CommentRow, PostRow

from .items import ExternalThreadItem, PageItem, ThreadItem
from .session import ArchiveSession
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
    )


class ArchivePipeline:
    def __init__(self, session: ArchiveSession) -> None:
        self.session = session
        self._sites: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(ArchiveSession.of(crawler))

    def process_item(self, item):
        store = self.session.store
        if item.root not in self._sites:
            store.add_site(item.root, item.extract.platform if isinstance(item, PageItem) else None)
            self._sites.add(item.root)
        if isinstance(item, PageItem):
            # a comment page repeats its post: the post's own page is the capture to cite for the text
            store.upsert_post(post_row(item), update_post=item.comment_page is None)
        elif isinstance(item, ThreadItem):
            store.upsert_thread(item.post_url, item.root, comment_rows(item.comments), item.capture_id)
        elif isinstance(item, ExternalThreadItem):
            store.note_external_thread(item.post_url, item.thread)
        return item

"""Item pipeline: hands each extracted page to the archive store."""

from __future__ import annotations

from archive.store import CommentRow, PostRow

from .items import PageItem
from .session import ArchiveSession
from .urls import host_of, post_url


def post_row(item: PageItem) -> PostRow:
    """The store's row for a page item: the post keyed on its URL without comment-page suffixes."""
    page = item.extract
    canonical = page.canonical_url if page.canonical_url and host_of(page.canonical_url) == host_of(item.url) else None
    comments = [
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
        for position, c in enumerate(page.comments)
    ]
    return PostRow(
        url=post_url(canonical or item.url),
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

    def process_item(self, item: PageItem):
        if item.root not in self._sites:
            self.session.store.add_site(item.root, item.extract.platform)
            self._sites.add(item.root)
        row = post_row(item)
        # a comment page repeats its post: the post's own page is the capture to cite for the text
        self.session.store.upsert_post(row, update_post=item.comment_page is None)
        return item

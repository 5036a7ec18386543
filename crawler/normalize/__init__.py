"""The normalizer: raw HTML bytes of a blog page in, a clean post with its comment thread out.

Pure functions: no network, no Scrapy, no files. The crawl and ``reprocess`` both call ``extract``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from . import blogger, generic, ghost, magazine, medium, squarespace, substack, wordpress
from .decode import NotHTML, decode_html, parse_html
from .model import Comment, Extract
from .page import Page
from .platform import extract_with
from .quality import language_of, repair
from .text_capture import extract_plain
from .threads import finish_comments

# Tried in order; the first whose ``detect`` says yes extracts the page. ``generic`` always says yes.
PLATFORMS = tuple(module.PLATFORM for module in (
    substack, medium, ghost, squarespace, blogger, magazine, wordpress, generic,
))

__all__ = ["extract", "extract_document", "extract_text", "extract_plain", "Extract", "Comment", "NotHTML",
           "PLATFORMS"]
_MARKUP = re.compile(rb"<(!doctype|html|head|body|div|p|article|meta|title|span|section|table)\b", re.I)


def extract(data: bytes, url: str, *, content_type: str | None = None, fetched_at: datetime | None = None) -> Extract:
    """Extract the post and comments of one page from its raw bytes (any charset).

    Raises ``NotHTML`` for empty or binary input.
    """
    text, _encoding = decode_html(data, content_type)
    return extract_text(text, url, fetched_at=fetched_at)


def extract_document(data: bytes, url: str, *, content_type: str | None = None,
                     fetched_at: datetime | None = None) -> Extract:
    """HTML or a text capture (a ``text/plain`` response, a reader view, a WET record), by what it is."""
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared == "text/plain" or (not declared.endswith(("html", "xml")) and not _MARKUP.search(data[:8192])):
        text, _encoding = decode_html(data, content_type)
        return extract_plain(text, url, fetched_at=fetched_at)
    return extract(data, url, content_type=content_type, fetched_at=fetched_at)


def extract_text(text: str, url: str, *, fetched_at: datetime | None = None) -> Extract:
    """Like ``extract`` for a page already decoded to text."""
    page = Page(parse_html(text), url)
    platform = next(p for p in PLATFORMS if p.detect(page))
    result = extract_with(platform, page, fetched_at)
    text = repair(result.text)
    comments = [replace(c, text=repair(c.text), author=repair(c.author), url=page.absolute(c.url) if c.url else None)
                for c in result.comments]
    return replace(result, text=text, title=repair(result.title), author=repair(result.author),
                   language=language_of(text, result.language), comments=finish_comments(comments, text))

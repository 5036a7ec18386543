"""Plain-text captures of blog pages (a reader view, a text-browser dump, text copied from a browser) to the
same ``Extract`` an HTML page gives.

A text capture has lines and indentation and nothing else, so the page is read as a person reads it:

- the head: menus, dates and bylines, and the title (a short line that is not a sentence; the one the URL's
  slug names when several could be);
- the body: paragraphs up to the first line of the page around the post (a footer, an author box, the
  comment heading or form, a comment's byline);
- the thread: records opened by a byline ("NAME says:", "NAME said...", "NAME on DATE said:", "NAME" over a
  date, "23. NAME"), nested by indentation; when no comment has a byline, one comment per paragraph block
  after a comment heading or in a thread the page prints twice.

Form, widget, captcha, share and like lines go wherever they stand; SEO link-farm tails are cut from the
body and from comments; spam and repeats are flagged by the same finishing step as HTML pages. No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import unquote, urlsplit

from .model import Extract
from .quality import language_of, repair
from .text_boilerplate import ABOUT_AUTHOR
from .text_lines import (
    ABOUT,
    FOOTER,
    SLUG_MATCH,
    TEXT,
    Line,
    byline_of,
    bylined_comment,
    date_of,
    find_body_end,
    is_commenter,
    name_over_date,
    next_filled,
    paragraphs,
    read_lines,
    strip_seo_tail,
)
from .text_thread import find_thread, read_drafts, to_comments
from .threads import finish_comments

__all__ = ["extract_plain"]


@dataclass(frozen=True)
class _Head:
    title: str | None
    author: str | None
    published: str | None
    body_start: int


def extract_plain(text: str, url: str, *, fetched_at: datetime | None = None) -> Extract:
    """The post and comment thread of one page captured as plain text (platform ``"text"``).

    Never raises on odd input: an empty capture gives an empty post without comments.
    """
    lines = read_lines(text or "")
    head = _read_head(lines, url, fetched_at)
    thread = find_thread(lines, head.body_start, fetched_at)
    body_end = find_body_end(lines, head.body_start, thread.start)
    body = repair("\n\n".join(strip_seo_tail(paragraphs(lines[head.body_start:body_end]))))
    footer_author, footer_date = _footer_byline(lines[body_end:thread.start], fetched_at)
    comments = [replace(c, text=repair(c.text), author=repair(c.author))
                for c in to_comments(read_drafts(lines, thread, fetched_at))]
    sample = body or "\n\n".join(c.text for c in comments[:20])  # a comments-only capture has a language too
    return Extract(
        url=url, title=repair(head.title), author=repair(head.author or footer_author),
        published=head.published or footer_date, language=language_of(sample, None), platform="text",
        comments_source="inline" if comments else "none", text=body,
        comments=finish_comments(comments, body),  # spam and repeats flagged exactly as on HTML pages
        page_type="post" if body or comments else "other",
    )


def _footer_byline(lines: list[Line], fetched_at: datetime | None) -> tuple[str | None, str | None]:
    """Author and date printed after the post: "Posted by Nora at 4:15 PM", "Posted" over a date, an
    "About NAME" box."""
    author = date = None
    for index, line in enumerate(lines):
        if line.role == FOOTER:
            found = byline_of(line.text, fetched_at) or (None, None)
            following = next_filled(lines, index)
            value = lines[following].text if following is not None and lines[following].role == TEXT else None
            if line.text.casefold().rstrip(":") in ("by", "posted by", "written by", "author") and is_commenter(value):
                found = (value, found[1])
            author, date = author or found[0], date or found[1] or date_of(value, fetched_at)
        elif line.role == ABOUT and not author:
            author = ABOUT_AUTHOR.match(line.text).group("name")
    return author, date


def _read_head(lines: list[Line], url: str, fetched_at: datetime | None) -> _Head:
    """Title, byline and where the body starts. Before the first paragraph, markers are page meta ("12
    Comments", "Posted in Therapy") and skipped; lines above the title (blog name, menu) are dropped."""
    author = published = None
    candidates: list[int] = []
    meta: set[int] = set()
    index = 0
    while index < len(lines):
        found, end = _head_meta(lines, index, bool(candidates), fetched_at)
        if found:
            author, published = author or found[0], published or found[1]
            meta.update(range(index, end + 1))
            index = end + 1
        elif lines[index].role != TEXT:
            index += 1
        elif _title_like(lines[index].text):
            candidates.append(index)
            index += 1
        else:
            break
    title_at = _choose_title(lines, candidates, url)
    if title_at is None:
        return _Head(None, author, published, index)
    start = next((i for i in range(title_at + 1, index) if lines[i].role == TEXT and i not in meta), index)
    return _Head(lines[title_at].text, author, published, start)


def _head_meta(lines: list[Line], at: int, after_title: bool,
               fetched_at: datetime | None) -> tuple[tuple[str | None, str | None] | None, int]:
    """A byline or date in the head, and its last line: a name over a date counts only under a title
    (above one it is the blog's name over a Blogger date header)."""
    line = lines[at]
    if line.role in (TEXT, FOOTER):
        found = byline_of(line.text, fetched_at)
        if found:
            return found, at
    if line.role == TEXT and date_of(line.text, fetched_at):
        return (None, date_of(line.text, fetched_at)), at
    if line.role == TEXT and after_title:
        signed = name_over_date(lines, at, fetched_at)
        if signed and signed.kind == "name-date":
            return (signed.author, signed.published), signed.end
    return None, at


def _title_like(text: str) -> bool:
    return (len(text) <= 150 and len(text.split()) <= 20 and text[-1] not in ".,;:"
            and (text[0].isalnum() or text[0] in "\"'“‘(¿¡") and not bylined_comment(text))


def _choose_title(lines: list[Line], candidates: list[int], url: str) -> int | None:
    """The candidate that holds most of the URL slug's words, else the first."""
    if not candidates:
        return None
    segments = [part for part in unquote(urlsplit(url or "").path).split("/") if part]
    while segments and re.fullmatch(r"comment-page-\d+|page|\d+|amp|feed|index\.\w+", segments[-1]):
        segments.pop()  # WordPress paging and AMP suffixes after the post's own slug
    segment = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1] if segments else "")
    slug = [w for w in re.split(r"\W+", segment.casefold()) if w and not w.isdigit()]
    if len(slug) >= 2:
        def share(index: int) -> float:
            words = set(re.split(r"\W+", lines[index].text.casefold()))
            return sum(word in words for word in slug) / len(slug)
        best = max(candidates, key=share)
        if share(best) >= SLUG_MATCH:
            return best
    return candidates[0]

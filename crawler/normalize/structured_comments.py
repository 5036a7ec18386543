"""Comments a page declares in a standard vocabulary: schema.org ``Comment`` in microdata and in JSON-LD
``comment`` arrays, and microformats (``h-entry`` / ``h-cite`` with ``p-comment`` or ``u-in-reply-to``).

Where a page says what its comments are, no guessing is needed; the thread finder tries these first.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from lxml import etree

from .dates import iso_date
from .model import Comment
from .text import element_text, fragment_text, inline_text

_COMMENT_ITEMS = etree.XPath("//*[@itemtype][contains(@itemtype, 'schema.org/Comment') or "
                             "contains(@itemtype, 'schema.org/UserComments') or contains(@itemtype, 'schema.org/Answer')]")
_NUMBERED = re.compile(r"^[A-Za-z_-]*?(\d+)$")  # comment-123, c123, li-comment-45; not a hex digest


def comment_id(anchor: str | None, *fallback: str | None) -> str:
    """``c-<number>`` from an element id or URL fragment, else a digest of what the comment says."""
    if anchor:
        match = _NUMBERED.match(anchor)
        return "c-" + (match.group(1) if match else anchor)
    digest = hashlib.sha1("\x1f".join(part or "" for part in fallback).encode("utf-8")).hexdigest()[:12]
    return "h-" + digest


def _date_value(element) -> str | None:
    if element is None:
        return None
    return element.get("datetime") or element.get("content") or element.get("title") or inline_text(element)


# --- microdata ------------------------------------------------------------------------------------------
def microdata_comments(root, fetched_at: datetime | None, language: str | None) -> list[Comment]:
    """Elements typed schema.org Comment; a reply is a Comment item inside another."""
    items = _COMMENT_ITEMS(root)
    if not items:
        return []
    members = set(items)
    ids: dict = {}
    comments = []
    for item in items:
        def own(el, item=item) -> bool:  # a property of this item, not of a reply nested in it
            return next((a for a in el.iterancestors() if a in members), None) is item

        def prop(*names, item=item):
            return next((el for el in item.iter() if el is not item and own(el)
                         and set((el.get("itemprop") or "").split()) & set(names)), None)

        author_el = prop("author", "creator")
        if author_el is not None:
            name_el = next((el for el in author_el.iter() if el.get("itemprop") == "name"), None)
            author_el = name_el if name_el is not None else author_el
        author = (author_el.get("content") or inline_text(author_el)) if author_el is not None else None
        text_el = prop("text", "commentText", "description", "articleBody")
        text = element_text(text_el) if text_el is not None else element_text(
            item, skip=lambda el: el in members or bool(set((el.get("itemprop") or "").split())
                                                          & {"author", "creator", "dateCreated", "datePublished"}))
        published = iso_date(_date_value(prop("dateCreated", "datePublished", "commentTime", "dateModified")),
                             relative_to=fetched_at, language=language)
        ids[item] = comment_id(item.get("id") or item.get("itemid"), author, published, text[:200])
        parent = next((a for a in item.iterancestors() if a in members), None)
        anchor = item.get("id") or item.get("itemid")
        comments.append(Comment(id=ids[item], parent_id=ids.get(parent), author=author or None,
                                published=published, text=text, url=f"#{anchor}" if item.get("id") else anchor))
    return [c for c in comments if c.text]


# --- JSON-LD ----------------------------------------------------------------------------------------------
def json_ld_comments(objects: list[dict], fetched_at: datetime | None, language: str | None) -> list[Comment]:
    """The ``comment`` arrays of an article's JSON-LD, replies nested in their parent's ``comment``."""
    found: list[Comment] = []
    for obj in objects:
        if obj.get("@type") in ("Comment",):  # a Comment itself is reached through its article
            continue
        _walk_ld(obj.get("comment"), None, found, fetched_at, language)
        if found:
            break
    return found


def _walk_ld(value, parent_id: str | None, found: list, fetched_at, language) -> None:
    for item in value if isinstance(value, list) else [value] if isinstance(value, dict) else []:
        if not isinstance(item, dict):
            continue
        author = item.get("author")
        if isinstance(author, list):
            author = author[0] if author else None
        if isinstance(author, dict):
            author = author.get("name")
        author = author.strip() if isinstance(author, str) and author.strip() else None
        raw = item.get("text") or item.get("commentText") or item.get("description") or ""
        text = fragment_text(raw) if "<" in str(raw) else " ".join(str(raw).split())
        published = iso_date(item.get("dateCreated") or item.get("datePublished"), relative_to=fetched_at,
                             language=language)
        anchor = item.get("@id") or item.get("url") or ""
        this_id = comment_id(anchor.rsplit("#", 1)[-1] if anchor else None, author, published, text[:200])
        if text:
            found.append(Comment(id=this_id, parent_id=parent_id, author=author, published=published, text=text,
                                 url=anchor or None))
        _walk_ld(item.get("comment"), this_id, found, fetched_at, language)


def _owner(element):
    """The nearest h-entry or h-cite around ``element``: the entry its properties belong to."""
    return next((a for a in element.iterancestors()
                 if set((a.get("class") or "").split()) & {"h-entry", "h-cite"}), None)


# --- microformats -----------------------------------------------------------------------------------------
def microformat_comments(root, fetched_at: datetime | None, language: str | None) -> list[Comment]:
    """``h-entry``/``h-cite`` marked ``p-comment`` or carrying ``u-in-reply-to`` (microformats2), or the
    classic ``hentry`` comments inside another ``hentry``."""
    def classes(el) -> set[str]:
        return set((el.get("class") or "").split())

    items = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        names = classes(el)
        if not names & {"h-entry", "h-cite"}:
            continue
        if "p-comment" in names or any("u-in-reply-to" in classes(d) and _owner(d) is el for d in el.iter()):
            items.append(el)
    if not items:
        return []
    members = set(items)
    by_url: dict[str, str] = {}
    ids: dict = {}
    urls: dict = {}  # each comment's own address: its element id on the page, or its u-url
    pending = []
    for item in items:
        def first(*names, item=item):
            for el in item.iter():
                if el is not item and classes(el) & set(names) and \
                        next((a for a in el.iterancestors() if a in members), None) is item:
                    return el
            return None

        author_el = first("p-author")
        if author_el is not None:
            name_el = next((d for d in author_el.iter() if "p-name" in classes(d)), None)
            author_el = name_el if name_el is not None else author_el
        author = inline_text(author_el) if author_el is not None else None
        content = first("e-content", "p-content", "p-summary")
        text = element_text(content) if content is not None else ""
        published = iso_date(_date_value(first("dt-published")), relative_to=fetched_at, language=language)
        url_el = first("u-url", "u-uid")
        url = url_el.get("href") if url_el is not None else None
        ids[item] = comment_id(item.get("id") or (url.rsplit("#", 1)[-1] if url and "#" in url else None),
                               author, published, text[:200])
        if url:
            by_url[url] = ids[item]
        urls[item] = f"#{item.get('id')}" if item.get("id") else url
        reply_to = first("u-in-reply-to")
        pending.append((item, author, published, text, reply_to.get("href") if reply_to is not None else None))
    comments = []
    for item, author, published, text, reply_to in pending:
        parent = next((a for a in item.iterancestors() if a in members), None)
        parent_id = ids.get(parent) or by_url.get(reply_to or "")
        if text:
            comments.append(Comment(id=ids[item], parent_id=parent_id, author=author or None,
                                    published=published, text=text, url=urls.get(item)))
    return comments

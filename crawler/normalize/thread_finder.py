"""A comment-thread finder for markup nobody wrote selectors for.

Used on every platform when its own selectors find nothing. In order:
1. the standard vocabularies (schema.org microdata and JSON-LD, microformats): the page says what its
   comments are;
2. structure: inside a comments region (named by an id, a class, ARIA, or a heading such as "12
   Comments"), runs of sibling blocks of one kind, each with a name, a date and a block of text; replies
   are blocks nested in blocks, or flat blocks marked ``depth-N`` / ``level-N``.

It must not invent comments: blocks in sidebars, widgets, menus, forms and teaser lists are furniture,
blocks that are mostly links or carry page headings are not comments, and a run must look like comments
in most of its members.
"""

from __future__ import annotations

from collections import Counter
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree

from .boilerplate import FORM_BLOCK
from .dates import iso_date
from .model import Comment
from .page import Page, shows_post
from .structured_comments import comment_id, json_ld_comments, microdata_comments, microformat_comments
from .text import element_text, inline_text
from .thread_words import (ACTION_LINE, ACTION_TOKEN, AUTHOR_TOKEN, BESIDE_NAME_TOKEN, COMMENT_TOKEN, CONTENT_TOKEN, DATE_TEXT, DATE_TOKEN,
                           DEPTH_TOKEN, FURNITURE_ROLES, HIDDEN_TOKEN, FURNITURE_TAGS, FURNITURE_TOKEN, META_TOKEN,
                           NAME_DATE_GLUE, NOT_AUTHOR_TOKEN, NOT_COMMENT_TOKEN, REMOVED_TEXT, SAYS, THREAD_HEADING, VARYING_TOKEN)

_STATE = re.compile(r"^(no|has|with|without|is|show|hide)[-_]", re.I)  # "has-sidebar": a layout state, not a box
_TIME_ONLY = re.compile(r"^\s*\d{1,2}[:.]\d{2}(:\d{2})?\s*([ap]\.?m\.?|uhr|h)?\s*$", re.I)
_ITEM_TAGS = frozenset(("li", "article", "div", "section", "dd", "dl", "blockquote", "table", "tr"))
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NEVER_TEXT = frozenset(("script", "style", "form", "button", "textarea", "input", "select", "noscript",
                         "template", "svg", "img", "iframe"))


def find_comments(page: Page, fetched_at: datetime | None) -> list[Comment]:
    """The page's comment thread by vocabulary, else by structure; [] when the page shows none."""
    language = page.language
    return (microdata_comments(page.root, fetched_at, language)
            or json_ld_comments(page.json_ld, fetched_at, language)
            or (microformat_comments(page.root, fetched_at, language)
                if page.has_class("h-entry") or page.has_class("h-cite") else [])
            or structural_comments(page, fetched_at))


# --- regions ----------------------------------------------------------------------------------------------
def _tokens(element) -> list[str]:
    return [t for t in ((element.get("class") or "") + " " + (element.get("id") or "")).split() if t]


def names_comment(element) -> bool:
    """An id or class token says "comment" (and not "comment form", "comment count", ...)."""
    return any(_names_thread(t) for t in _tokens(element))


def is_furniture(element) -> bool:
    """Inside a sidebar, widget, menu, form or page header, or hidden: never part of a thread. A comment
    section marked as an aside (``role=complementary``, ``<aside id="comments">``) is not furniture."""
    for node in [element, *element.iterancestors()]:
        if node.tag in ("body", "html"):  # their classes describe the page ("no-sidebars"), not a box in it
            break
        if is_hidden(node) or any(_names_furniture(t) for t in _tokens(node)):
            return True
        tag = node.tag if isinstance(node.tag, str) else ""
        if (tag in FURNITURE_TAGS or node.get("role") in FURNITURE_ROLES) and not names_comment(node):
            return True
    return False


def is_hidden(element) -> bool:
    """Hidden from readers: a template a script fills in; or a form (unless it wraps the whole page, as
    ASP.NET's do)."""
    if element.tag == "form":
        return next(element.iter("main", "article", "h1"), None) is None
    return (element.get("hidden") is not None
            or "display:none" in (element.get("style") or "").replace(" ", "")
            or any(_names_hidden(t) for t in _tokens(element)))


@lru_cache(maxsize=65536)
def _names_furniture(token: str) -> bool:
    return bool(FURNITURE_TOKEN.search(token)) and not _STATE.match(token)


@lru_cache(maxsize=65536)
def _names_hidden(token: str) -> bool:
    return bool(HIDDEN_TOKEN.search(token))


@lru_cache(maxsize=65536)
def _names_thread(token: str) -> bool:
    """A class or id token that names comments (tokens repeat across pages: decided once)."""
    return bool(COMMENT_TOKEN.search(token)) and not NOT_COMMENT_TOKEN.search(token)


def _regions(page: Page) -> list:
    """The comment sections of the page, outermost first; none holds the page's own heading."""
    found = []
    for index in (page.index.by_class, page.index.by_id):
        for token, elements in index.items():
            if _names_thread(token):
                found.extend(elements)
    for element in page.root.iter(*_HEADINGS[1:]):
        label = element.text_content()
        if len(label) < 80 and THREAD_HEADING.match(label.strip()) and element.getparent() is not None:
            found.append(element.getparent())
    for element in page.root.xpath("//*[@aria-label or @aria-labelledby]"):
        if COMMENT_TOKEN.search(element.get("aria-label") or element.get("aria-labelledby") or ""):
            found.append(element)
    regions = []
    seen = set()
    for element in found:
        if element in seen or element.tag in ("body", "html") or not isinstance(element.tag, str):
            continue
        seen.add(element)
        if element.find(".//h1") is not None or is_furniture(element):
            continue
        regions.append(element)
    return regions


# --- one block's parts --------------------------------------------------------------------------------------
@dataclass
class _Parts:
    author: str | None
    author_url: str | None
    published: str | None
    text: str
    links: float  # share of the text that is link text


def _signature(element) -> tuple:
    return element.tag, frozenset(t for t in (element.get("class") or "").split() if not VARYING_TOKEN.search(t))


def _walk_own(block, nested: set):
    """Descendants of ``block`` in document order, skipping replies nested in it and never-text parts."""
    stack = list(reversed(block))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str) or element in nested or element.tag in _NEVER_TEXT \
                or is_hidden(element):
            continue
        yield element
        stack.extend(reversed(element))


def _token_match(element, pattern, veto=None) -> bool:
    """A class, id or itemprop token matches ``pattern``, and none matches ``veto``."""
    names = _tokens(element) + (element.get("itemprop") or "").split()
    return any(pattern.search(t) for t in names) and not (veto and any(veto.search(t) for t in names))


def _author(block, nested) -> tuple[object | None, str | None]:
    for element in _walk_own(block, nested):
        if element.tag == "cite" or element.get("itemprop") == "author" or _token_match(
                element, AUTHOR_TOKEN, NOT_AUTHOR_TOKEN):
            name = SAYS.sub("", inline_text(element)).strip(" :-–—")
            if 0 < len(name) <= 80:
                return element, name
    for element in _walk_own(block, nested):
        text = inline_text(element)
        # WordPress links a commenter's name to their site as <a class="url" rel="external nofollow">
        linked = element.tag == "a" and ("url" in _tokens(element) or "external" in (element.get("rel") or "").split())
        if linked or (len(text) <= 90 and SAYS.search(text) and element.tag not in ("p", "div")) or \
                (element.tag in ("strong", "b") and 0 < len(text) <= 60 and element.getparent() is not block):
            name = SAYS.sub("", text).strip(" :-–—")
            if name and len(name) <= 80:  # "NAME says:" without a class
                return element, name
    return None, None


def _date(block, nested, fetched_at, language) -> tuple[object | None, str | None]:
    candidates = [el for el in _walk_own(block, nested) if el.tag == "time"]
    candidates += [el for el in _walk_own(block, nested) if el.tag != "time" and _token_match(el, DATE_TOKEN)]
    for element in candidates:
        for value in (element.get("datetime"), element.get("title"), element.get("content"), inline_text(element)):
            if not value or len(value) > 80 or _TIME_ONLY.match(value):  # "22:38" alone would be read as today
                continue
            published = iso_date(value, relative_to=fetched_at, language=language)
            match = DATE_TEXT.search(value) if not published else None
            if match:
                published = iso_date(match.group(0), relative_to=fetched_at, language=language)
            if published:
                return element, published
    printed = []  # a date printed in a short line: the innermost element holding it
    for element in _walk_own(block, nested):
        text = inline_text(element)
        if len(text) <= 80:
            match = DATE_TEXT.search(text)
            if match:
                with_time = bool(re.search(r"\d[:.h]\d\d(?!\d)", match.group(0)[-8:]))
                printed.append((not with_time, len(text), element, match.group(0)))
    # the innermost element holding the date, unless a larger one holds its time too ("18.05.2014 22:38")
    for _, _, element, value in sorted(printed, key=lambda found: found[:2]):
        published = iso_date(value, relative_to=fetched_at, language=language)
        if published:
            return element, published
    return None, None


def _name_beside_date(date_el) -> tuple[object | None, str | None]:
    """The name printed on the date's own line ("March 3, 2021 - Ana", "Ana on 3.3.2021")."""
    line = " ".join(element_text(date_el, skip=lambda el: _token_match(el, BESIDE_NAME_TOKEN)).split())
    match = DATE_TEXT.search(line)
    if not match:
        return None, None
    for part in (line[: match.start()], line[match.end():]):
        name = NAME_DATE_GLUE.sub("", part).strip()
        if name and len(name) <= 60 and len(name.split()) <= 6 and not DATE_TEXT.search(name):
            link = next((a for a in date_el.iter("a") if inline_text(a) == name), None)
            return (link if link is not None else date_el), name
    return None, None


def _parts(block, nested: set, fetched_at, language) -> _Parts:
    author_el, author = _author(block, nested)
    date_el, published = _date(block, nested, fetched_at, language)
    if author_el is None and date_el is not None:
        author_el, author = _name_beside_date(date_el)
    author_url = None
    if author_el is not None:  # the link on the name; a permalink beside it is not the author's
        link = author_el if author_el.tag == "a" else next(
            (a for a in author_el.iter("a") if a.get("href") and inline_text(a) and inline_text(a) in author), None)
        author_url = link.get("href") if link is not None else None
    contents = [el for el in _walk_own(block, nested) if _token_match(el, CONTENT_TOKEN, META_TOKEN)
                and el is not author_el and el is not date_el and inline_text(el)]
    # a comment-body that holds the byline and the actions too is not the text element
    parts_of_byline = [el for el in (author_el, date_el) if el is not None]
    content = next((el for el in contents if not any(el in p.iterancestors() for p in parts_of_byline)), None)
    skipped = nested | {el for el in (author_el, date_el) if el is not None}

    def skip(el) -> bool:  # inside the text element only buttons go: a quote keeps its author line
        return el in skipped or _token_match(el, META_TOKEN if content is None else ACTION_TOKEN, CONTENT_TOKEN)

    text = element_text(content if content is not None else block, skip=skip)
    text = _clean_lines(text, author)
    link_chars = sum(len(inline_text(a)) for a in (content if content is not None else block).iter("a")
                     if a not in skipped and not any(p in skipped for p in a.iterancestors()) and not skip(a))
    return _Parts(author, author_url, published, text, link_chars / max(len(text), 1))


def _clean_lines(text: str, author: str | None) -> str:
    kept = []
    for paragraph in text.split("\n\n"):
        lines = [line for line in paragraph.split("\n") if not _only_actions(line)
                 and not (author and SAYS.sub("", line).strip(" :") == author)
                 and not (len(line) <= 60 and DATE_TEXT.fullmatch(line.strip(" |·-")))]
        paragraph = "\n".join(lines).strip()
        if paragraph and not FORM_BLOCK.match(paragraph):
            kept.append(paragraph)
    return "\n\n".join(kept)


def _only_actions(line: str) -> bool:
    """"Reply", "Reply · Report", "Like Reply": a line of buttons."""
    line = line.strip()
    if ACTION_LINE.match(line):
        return True
    parts = [p for p in re.split(r"\s*[·•|]\s*|\s+", line) if p]
    return 1 < len(parts) <= 4 and all(ACTION_LINE.match(p) for p in parts)


def _looks_like_comment(parts: _Parts, named: bool) -> bool:
    return bool(parts.text) and parts.links < 0.5 and parts.author is not None and (
        parts.published is not None or named)


# --- runs of blocks -----------------------------------------------------------------------------------------
def structural_comments(page: Page, fetched_at: datetime | None) -> list[Comment]:
    """Comments found by the shape of the thread inside the page's comment regions."""
    regions = _regions(page)
    if not regions:
        return []
    containers: dict = {}
    for region in regions:
        parent = region.getparent()
        for element in ([parent] if parent is not None else []) + [region, *region.iterdescendants()]:
            if isinstance(element.tag, str) and len(element):
                containers[element] = None
    in_region = set()
    for region in regions:
        in_region.add(region)
        in_region.update(region.iterdescendants())
    signatures = _thread_signatures(containers, in_region, page, fetched_at)
    if not signatures:
        return []
    blocks = [el for el in in_region if _signature(el) in signatures and not is_furniture(el)]
    blocks = _one_kind_per_comment(blocks)
    order = {el: i for i, el in enumerate(page.root.iter())}
    blocks.sort(key=order.__getitem__)
    return _thread(blocks, page, fetched_at)


def _thread_signatures(containers, in_region: set, page: Page, fetched_at) -> set:
    """Kinds of block (tag and lasting classes) that come in runs which look like comments."""
    signatures = set()
    for container in containers:
        runs: dict[tuple, list] = {}
        for child in container:
            if isinstance(child.tag, str) and child.tag in _ITEM_TAGS and child in in_region \
                    and not is_furniture(child):
                runs.setdefault(_signature(child), []).append(child)
        for signature, members in runs.items():
            if signature in signatures:
                continue
            named = names_comment(members[0])
            if len(members) == 1 and not named:
                continue
            if any(m.find(".//h1") is not None or m.find(".//h2") is not None for m in members):
                continue  # teasers and sections carry page headings; comments do not
            sample = members[:12]
            good = sum(_looks_like_comment(_parts(m, _same_kind(m, signature), fetched_at, page.language), named)
                       for m in sample)
            if good >= max(1, 0.6 * len(sample)):
                signatures.add(signature)
    return signatures


def _one_kind_per_comment(blocks: list) -> list:
    """Where blocks of two kinds nest, one kind is a part of the other: a wrapper holding one block of
    the inner kind is the comment (the inner is its body); a wrapper holding several is a thread."""
    by_kind: dict[tuple, list] = {}
    for block in blocks:
        by_kind.setdefault(_signature(block), []).append(block)
    dropped: set = set()
    for outer, outers in by_kind.items():
        for inner, inners in by_kind.items():
            if outer == inner or outer in dropped or inner in dropped:
                continue
            members = set(outers)
            holders = [next((a for a in block.iterancestors() if a in members), None) for block in inners]
            if None in holders:
                continue  # not every inner block sits in an outer one: two kinds side by side
            most = max(Counter(holders).values())
            dropped.add(inner if most <= 1 else outer)
    return [block for block in blocks if _signature(block) not in dropped]


def _same_kind(block, signature) -> set:
    return {el for el in block.iterdescendants() if isinstance(el.tag, str) and _signature(el) == signature}


def _thread(blocks: list, page: Page, fetched_at) -> list[Comment]:
    blocks = _merge_wrappers(blocks)
    members = set(blocks)
    ids: dict = {}
    depths: list[int | None] = []  # one per comment
    comments = []
    for block in blocks:
        nested = {el for el in block.iterdescendants() if el in members}
        parts = _parts(block, nested, fetched_at, page.language)
        if REMOVED_TEXT.match(parts.text):  # a withdrawn comment's placeholder: its replies hang on its parent
            parent = next((a for a in block.iterancestors() if a in ids), None)
            if parent is not None:
                ids[block] = ids[parent]
            continue
        if not _looks_like_comment(parts, True):
            continue
        anchor = block.get("id") or next((a.get("name") or a.get("id") for a in _walk_own(block, nested)
                                          if a.tag == "a" and (a.get("name") or a.get("id"))), None)
        block_id = comment_id(anchor, parts.author, parts.published, parts.text[:200])
        while block_id in ids.values():
            block_id += "~"
        ids[block] = block_id
        parent = next((a for a in block.iterancestors() if a in ids), None)
        depths.append(_depth(block, nested))
        comments.append(Comment(id=block_id, parent_id=ids.get(parent), author=parts.author,
                                author_url=parts.author_url, published=parts.published, text=parts.text,
                                url=f"#{anchor}" if anchor else None))
    if comments and all(c.parent_id is None for c in comments):
        comments = _nest_by_depth(comments, depths)
    return comments


def _merge_wrappers(blocks: list) -> list:
    """A block whose own text is nothing but the first block inside it wraps that comment: keep the
    outer one (its replies nest in it) and let it read its parts from the inner one."""
    members = set(blocks)
    merged = set()
    for block in blocks:
        inner = next((el for el in block.iterdescendants() if el in members and el not in merged), None)
        if inner is None:
            continue
        rest = _clean_lines(element_text(block, skip=lambda el: el in members), None)
        if not rest:
            merged.add(inner)
    return [b for b in blocks if b not in merged]


_FRAGMENT_LINKS = etree.XPath("//a[contains(@href, '#')]")
_PERMALINK = re.compile(r"^(comment|c|div-comment|li-comment)[-_]?[\w-]+$", re.I)


def lists_comments_elsewhere(page: Page) -> bool:
    """Most comment permalinks on the page (outside sidebars and widgets) lead to other pages: it lists
    comments made elsewhere (a "recent comments" page), it holds no thread of its own."""
    here = [u for u in (page.url, page.canonical_url) if u]
    away: set[str] = set()
    home = 0
    for link in _FRAGMENT_LINKS(page.root):  # a permalink names its comment in the fragment
        href = link.get("href")
        target, _, fragment = page.absolute(href).partition("#")
        if not fragment or not _PERMALINK.match(fragment) or href.startswith("#"):
            continue
        if COMMENT_TOKEN.search(urlsplit(target).path):
            continue  # /comments/cr/13/: a permalink service that redirects to the post
        if any(shows_post(url, target) or shows_post(target, url) for url in here):
            home += 1
        elif not is_furniture(link):
            away.add(target)
    return len(away) >= 2 and len(away) > home


def _depth(block, nested: set) -> int | None:
    """depth-N / level-N on the block or on what it wraps, data-depth, else its left margin in pixels
    (ranked later: only the order of margins matters)."""
    for element in [block, *_walk_own(block, nested)]:
        for token in _tokens(element):
            match = DEPTH_TOKEN.search(token)
            if match:
                return int(match.group(1))
        value = element.get("data-depth") or element.get("data-level")
        if value and value.isdigit():
            return int(value)
    margin = _MARGIN.search((block.get("style") or "").replace(" ", ""))
    return -1000 - int(margin.group(1)) if margin else None  # negative: a margin, not a depth


_MARGIN = re.compile(r"(?:margin|padding)-left:(\d+)px")


def _nest_by_depth(comments: list[Comment], depths: list[int | None]) -> list[Comment]:
    """Flat blocks marked depth-N (or indented by a margin): a block's parent is the last one before it
    one level up."""
    if any(d is not None and d <= -1000 for d in depths):  # margins: rank them into levels 1, 2, 3...
        margins = sorted({-1000 - d for d in depths if d is not None})
        depths = [margins.index(-1000 - d) + 1 if d is not None else None for d in depths]
    if len({d for d in depths if d is not None}) < 2:
        return comments
    last_at: dict[int, str] = {}
    nested = []
    for comment, depth in zip(comments, depths):
        parent = last_at.get(depth - 1) if depth is not None else None
        if depth is not None:
            last_at[depth] = comment.id
            for deeper in [d for d in last_at if d > depth]:
                del last_at[deeper]
        nested.append(replace(comment, parent_id=parent))
    return nested

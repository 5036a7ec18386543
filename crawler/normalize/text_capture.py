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
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import unquote, urlsplit

from .dates import iso_date
from .model import Comment, Extract
from .quality import language_of, repair
from .text_boilerplate import (ABOUT_AUTHOR, BIO_OPENING, BY_PREFIX, BYLINES, COMMENT_HEADERS, DATE_LINE,
                               DATE_START, DROP, IN_REPLY_TO, MENU_CHAIN, MENU_SEPARATORS, NAME_ABBREVIATION,
                               NO_LETTERS, NOT_A_NAME, NUMBERED_NAME, PINGBACK, PINGBACK_EXCERPT, PLACEHOLDER,
                               POST_FOOTER, SENTENCE_INSIDE, SEO_SPAM_LEADS, STRONG_HEADERS, THREAD_END,
                               THREAD_HEADING, TIME_ONLY)
from .threads import finish_comments

__all__ = ["extract_plain"]

# What a line is. Markers end the post; only text lines are ever kept.
BLANK, DROPPED, HEADING, END, FOOTER, ABOUT, TEXT = "blank", "drop", "heading", "end", "footer", "about", "text"
MARKERS = (HEADING, END, FOOTER, ABOUT)
MAX_MARKER_LENGTH = 200  # a longer line is a paragraph that opens like a footer ("Posted in haste, ...")
REPEAT_RUN = 3  # paragraphs in a row printed twice: a thread rendered twice (a post does not repeat itself)
REPEAT_MIN_LENGTH = 20  # ... each at least this long, so that short stray lines do not count
NEST_STEP = 2  # indentation must grow by this many columns to nest (text browsers right-align list numbers)
MAX_NAME_WORDS = 8  # a pingback's "name" is the linking post's title and site
SLUG_MATCH = 0.6  # share of the URL slug's words a line must hold to be taken as the title

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_PLAIN_QUOTES = str.maketrans("’‘", "''")


@dataclass(frozen=True)
class _Line:
    indent: int
    text: str  # spaces collapsed; "" when blank
    role: str


@dataclass(frozen=True)
class _Head:
    title: str | None
    author: str | None
    published: str | None
    body_start: int


@dataclass(frozen=True)
class _Header:
    """The lines that open one comment: the author line (and date), with an avatar or list-number line above."""
    start: int
    end: int
    author: str | None
    published: str | None
    kind: str
    indent: int


@dataclass(frozen=True)
class _Thread:
    start: int  # first line of the thread; len(lines) when there is none
    headers: tuple[_Header, ...] = ()  # empty: bare paragraphs


@dataclass(frozen=True)
class _Draft:
    author: str | None
    published: str | None
    text: str
    indent: int
    kind: str = "comment"
    reply_to: str | None = None  # the name in "In reply to NAME"


def extract_plain(text: str, url: str, *, fetched_at: datetime | None = None) -> Extract:
    """The post and comment thread of one page captured as plain text (platform ``"text"``).

    Never raises on odd input: an empty capture gives an empty post without comments.
    """
    lines = _read_lines(text or "")
    head = _read_head(lines, url, fetched_at)
    thread = _find_thread(lines, head.body_start, fetched_at)
    body_end = _body_end(lines, head.body_start, thread.start)
    body = repair("\n\n".join(_strip_seo_tail(_paragraphs(lines[head.body_start:body_end]))))
    footer_author, footer_date = _footer_byline(lines[body_end:thread.start], fetched_at)
    comments = [replace(c, text=repair(c.text), author=repair(c.author))
                for c in _comments(_drafts(lines, thread, fetched_at))]
    sample = body or "\n\n".join(c.text for c in comments[:20])  # a comments-only capture has a language too
    return Extract(
        url=url, title=repair(head.title), author=repair(head.author or footer_author),
        published=head.published or footer_date, language=language_of(sample, None), platform="text",
        comments_source="inline" if comments else "none", text=body,
        comments=finish_comments(comments, body),  # spam and repeats flagged exactly as on HTML pages
        page_type="post" if body or comments else "other",
    )


# --- lines -------------------------------------------------------------------------------------------------

def _read_lines(text: str) -> list[_Line]:
    """Each line with its indentation, cleaned, and the role it plays on the page."""
    raw = unicodedata.normalize("NFC", _INVISIBLE.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for source in raw.split("\n"):
        expanded = source.expandtabs(4).replace("\u00a0", " ")
        clean = _SPACES.sub(" ", PLACEHOLDER.sub("", expanded)).strip()
        lines.append(_Line(len(expanded) - len(expanded.lstrip(" ")), clean, _role(clean)))
    # "About NAME" is an author box only when a short biography and then the page's furniture follow it
    return [replace(line, role=TEXT) if line.role == ABOUT and not _is_author_box(lines, i) else line
            for i, line in enumerate(lines)]


def _role(text: str) -> str:
    if not text:
        return BLANK
    if NO_LETTERS.match(text):
        return DROPPED
    button = re.fullmatch(r"\[([^\]]{1,40})\]", text)  # "[Post Comment]": a button in a text browser
    if button and _role(button.group(1)) != TEXT:
        return DROPPED
    if len(text) <= MAX_MARKER_LENGTH:
        for role, pattern in ((HEADING, THREAD_HEADING), (END, THREAD_END), (FOOTER, POST_FOOTER),
                              (ABOUT, ABOUT_AUTHOR)):
            if pattern.match(text):
                return role
    if any(pattern.match(text) for pattern in DROP.values()):
        return DROPPED
    if len(text) <= 80 and MENU_CHAIN.match(MENU_SEPARATORS.sub("", text.casefold())):
        return DROPPED
    return TEXT


def _is_author_box(lines: list[_Line], at: int) -> bool:
    """Up to three short lines ("I am a psychotherapist ...") before the next non-text line."""
    bio: list[str] = []
    for line in lines[at + 1:]:
        if line.role not in (TEXT, BLANK) or len(bio) > 3:
            break
        bio += [line.text] if line.role == TEXT else []
    size = sum(map(len, bio))
    return len(bio) <= 3 and (size <= 300 or (size <= 600 and bool(BIO_OPENING.match(bio[0]))))


def _next_filled(lines: list[_Line], at: int) -> int | None:
    """Index of the first non-blank line after ``at``, looking past at most one blank line."""
    for index in range(at + 1, min(len(lines), at + 3)):
        if lines[index].role != BLANK:
            return index
    return None


# --- names, dates, bylines ---------------------------------------------------------------------------------

def _date_of(text: str | None, fetched_at: datetime | None) -> str | None:
    """ISO date of a line that is a date and nothing else."""
    if not text or not DATE_LINE.match(text):
        return None
    value = re.sub(r"^(posted on|posted|published|updated|on|at)\s+", "", text, flags=re.I).rstrip(".")
    return iso_date(value, relative_to=fetched_at)


def _commenter(name: str | None) -> bool:
    """A short run of words that can be a person's name or handle, not a sentence or a date."""
    if not name:
        return False
    words = [word for word in name.split() if any(ch.isalnum() for ch in word)]
    if not 1 <= len(words) <= MAX_NAME_WORDS or len(name) > 80 or not any(ch.isalpha() for ch in name):
        return False
    plain = NAME_ABBREVIATION.sub(lambda m: m.group(1), name)
    if plain[-1] in "?!,;:." or SENTENCE_INSIDE.search(plain):
        return False
    return words[0].casefold().strip("'’\"“") not in NOT_A_NAME and not DATE_LINE.match(name)


def _split_name_date(text: str, fetched_at: datetime | None) -> tuple[str, str] | None:
    """("Julie", date) from "Julie March 4, 2021", "Julie · 4 March 2021" or "SofiaJanuary 16, 2024"."""
    if len(text) > 120 or not re.search(r"\d", text):  # every date form taken here has a digit
        return None
    for match in DATE_START.finditer(text):
        name, date = text[:match.start()].strip(" ,·•|-–—"), text[match.start():]
        if name and DATE_LINE.match(date) and _commenter(name):
            parsed = _date_of(date, fetched_at)
            if parsed:
                return name, parsed
    return None


def _byline(text: str, fetched_at: datetime | None) -> tuple[str | None, str | None] | None:
    """(author, date) of a post's byline ("By Nora · March 3, 2021", "Posted on ... by ..."), else None."""
    by = BY_PREFIX.match(text)
    split = _split_name_date(by.group("rest"), fetched_at) if by else None
    if split:
        return split
    for pattern in BYLINES:
        match = pattern.match(text)
        if not match:
            continue
        author, date_text = match.group("author"), match.group("date")
        date = _date_of(date_text, fetched_at)
        if date_text and not date and not TIME_ONLY.match(date_text):
            continue
        # a post's byline names a person in capitals or one handle: "By the time we met" is prose
        if author and not (_commenter(author) and (len(author.split()) == 1 or author[:1].isupper())):
            author = None
        if author or date:
            return author, date
    return None


def _footer_byline(lines: list[_Line], fetched_at: datetime | None) -> tuple[str | None, str | None]:
    """Author and date printed after the post: "Posted by Nora at 4:15 PM", "Posted" over a date, an
    "About NAME" box."""
    author = date = None
    for index, line in enumerate(lines):
        if line.role == FOOTER:
            found = _byline(line.text, fetched_at) or (None, None)
            following = _next_filled(lines, index)
            value = lines[following].text if following is not None and lines[following].role == TEXT else None
            if line.text.casefold().rstrip(":") in ("by", "posted by", "written by", "author") and _commenter(value):
                found = (value, found[1])
            author, date = author or found[0], date or found[1] or _date_of(value, fetched_at)
        elif line.role == ABOUT and not author:
            author = ABOUT_AUTHOR.match(line.text).group("name")
    return author, date


# --- head and body -----------------------------------------------------------------------------------------

def _read_head(lines: list[_Line], url: str, fetched_at: datetime | None) -> _Head:
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


def _head_meta(lines: list[_Line], at: int, after_title: bool,
               fetched_at: datetime | None) -> tuple[tuple[str | None, str | None] | None, int]:
    """A byline or date in the head, and its last line: a name over a date counts only under a title
    (above one it is the blog's name over a Blogger date header)."""
    line = lines[at]
    if line.role in (TEXT, FOOTER):
        found = _byline(line.text, fetched_at)
        if found:
            return found, at
    if line.role == TEXT and _date_of(line.text, fetched_at):
        return (None, _date_of(line.text, fetched_at)), at
    if line.role == TEXT and after_title:
        signed = _name_over_date(lines, at, fetched_at)
        if signed and signed.kind == "name-date":
            return (signed.author, signed.published), signed.end
    return None, at


def _title_like(text: str) -> bool:
    return (len(text) <= 150 and len(text.split()) <= 20 and text[-1] not in ".,;:"
            and (text[0].isalnum() or text[0] in "\"'“‘(¿¡") and not _bylined_comment(text))


def _choose_title(lines: list[_Line], candidates: list[int], url: str) -> int | None:
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


def _bylined_comment(text: str) -> bool:
    """"Julie says:", "Pingback: ...": a comment's own header line (a name over a date may be a title)."""
    return bool(PINGBACK.match(text)) or any(
        (match := pattern.match(_unnumbered(text))) and _commenter(match.group("name"))
        for _, pattern in COMMENT_HEADERS)


def _body_end(lines: list[_Line], start: int, thread_start: int, roles: tuple[str, ...] = MARKERS) -> int:
    """The first marker (of ``roles``) after the body's first paragraph, or where the thread starts."""
    seen_text = False
    for index in range(start, thread_start):
        role = lines[index].role
        if role in roles and seen_text:
            return index
        seen_text = seen_text or role == TEXT
    return thread_start


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Text lines as paragraphs: one a line, or one a block when the capture is hard-wrapped."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.role == TEXT:
            blocks[-1].append(line.text)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if _hard_wrapped(blocks):
        return [" ".join(block) for block in blocks]
    return [line for block in blocks for line in block]


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    """A dump wrapped at a fixed width (lynx, email): the lines that run on are all about as long."""
    inner = [len(line) for block in blocks for line in block[:-1]]
    longest = max((len(line) for block in blocks for line in block), default=0)
    return len(inner) >= 3 and longest <= 100 and sum(50 <= n <= 100 for n in inner) >= 0.8 * len(inner)


def _strip_seo_tail(paragraphs: list[str]) -> list[str]:
    """Cut a link-farm tail: a lead sentence ("Complement your reading by visiting ...") followed only by
    more leads or link titles; the author's sentences before the lead in its paragraph stay."""
    for index, paragraph in enumerate(paragraphs):
        match = SEO_SPAM_LEADS.search(paragraph.translate(_PLAIN_QUOTES))
        if not match:
            continue
        rest = paragraphs[index + 1:]
        if all(SEO_SPAM_LEADS.search(p.translate(_PLAIN_QUOTES)) or _link_title(p) for p in rest):
            kept = paragraph[:match.start()].rstrip()
            return paragraphs[:index] + ([kept] if kept else [])
    return paragraphs


def _link_title(text: str) -> bool:
    return bool(re.match(r"^(https?://|www\.)\S+$", text)) or (len(text.split()) <= 15 and text[-1] not in ".!?")


# --- the thread --------------------------------------------------------------------------------------------

def _header_at(lines: list[_Line], at: int, fetched_at: datetime | None) -> _Header | None:
    """The comment header whose author line is ``at``, if there is one."""
    line = lines[at]
    if line.role != TEXT:
        return None
    pingback = PINGBACK.match(line.text)
    if pingback:
        return _Header(at, at, pingback.group("rest"), None, pingback.group("kind").lower(), line.indent)
    for kind, pattern in COMMENT_HEADERS:
        match = pattern.match(_unnumbered(line.text))
        if not match or not _commenter(match.group("name")):
            continue
        name, date = match.group("name"), _date_of(match.groupdict().get("date"), fetched_at)
        if kind == "says-date" and not date:
            continue
        end, following = at, _next_filled(lines, at)
        if not date and following is not None and _date_of(lines[following].text, fetched_at):
            end, date = following, _date_of(lines[following].text, fetched_at)
        return _Header(_absorb_above(lines, at, name), end, name, date, kind, line.indent)
    return _name_over_date(lines, at, fetched_at)


def _name_over_date(lines: list[_Line], at: int, fetched_at: datetime | None) -> _Header | None:
    """"Julie · March 4, 2021" on one line, "Julie" (or "23. Julie") over a date line, or "23. Julie"."""
    line = lines[at]
    text = _unnumbered(line.text)
    split = _split_name_date(text, fetched_at)
    if split:
        return _Header(_absorb_above(lines, at, split[0]), at, split[0], split[1], "name-date", line.indent)
    if not _commenter(text):
        return None
    following = _next_filled(lines, at)
    date = _date_of(lines[following].text, fetched_at) if following is not None else None
    if date:
        return _Header(_absorb_above(lines, at, text), following, text, date, "name-date", line.indent)
    return _Header(at, at, text, None, "numbered", line.indent) if text != line.text else None


def _unnumbered(text: str) -> str:
    """"1. Ana says:" -> "Ana says:": a list number in front of a byline."""
    numbered = NUMBERED_NAME.match(text)
    return numbered.group("name") if numbered else text


def _absorb_above(lines: list[_Line], at: int, name: str) -> int:
    """Start a header at the line above when that line is its avatar caption or list number ("1. Julie")."""
    above = at - 1
    if above < 0 or lines[above].role != TEXT:
        return at
    text = lines[above].text.casefold()
    if re.fullmatch(r"\d{1,4}[.)]?", text) or (name.casefold() in text and len(text) <= len(name) + 30):
        return above
    return at


def _header_candidates(lines: list[_Line], start: int, fetched_at: datetime | None) -> list[_Header]:
    """Every comment header from ``start`` on, kept to the template the page uses most (a page prints all
    its comments one way; a short last line over a Blogger date is not a second template)."""
    found: list[_Header] = []
    index = start
    while index < len(lines):
        header = _header_at(lines, index, fetched_at)
        if header is None:
            index += 1
            continue
        while found and found[-1].end >= header.start:
            found.pop()  # "1. Julie" read as a header is the top line of "Julie says:" below it
        found.append(header)
        index = header.end + 1
    family = {"says": "verb", "says-date": "verb", "said": "verb", "pingback": "any", "trackback": "any"}
    counts = Counter(family.get(h.kind, h.kind) for h in found if family.get(h.kind) != "any")
    ranked = ["verb", "name-date", "numbered"]
    best = max(counts, key=lambda name: (counts[name], -ranked.index(name)), default=None)
    return [h for h in found if family.get(h.kind, h.kind) in (best, "any")]


def _find_thread(lines: list[_Line], body_start: int, fetched_at: datetime | None) -> _Thread:
    """Where the comments start and the headers that open them. A header counts once a marker stands
    before it, or the page uses its template again, or it is WordPress's own "NAME says:"."""
    candidates = _header_candidates(lines, body_start, fetched_at)
    marker = _body_end(lines, body_start, len(lines))
    for position, header in enumerate(candidates):
        again = any(h.kind == header.kind for h in candidates[position + 1:])
        if marker < header.start or again or header.kind in STRONG_HEADERS | {"pingback", "trackback"}:
            return _Thread(header.start, tuple(candidates[position:]))
    heading = _body_end(lines, body_start, len(lines), (HEADING,))  # "12 Comments" over bare paragraphs
    repeat = _repeat_start(lines, body_start)
    return _Thread(heading if repeat is None else min(heading, repeat))


def _repeat_start(lines: list[_Line], start: int) -> int | None:
    """First line of a run of paragraphs that the page prints again later: a thread rendered twice."""
    units = [(index, line.text) for index, line in enumerate(lines[start:], start) if line.role == TEXT]
    first_seen: dict[tuple[str, ...], int] = {}
    repeated: list[int] = []
    for position in range(len(units) - REPEAT_RUN + 1):
        run = tuple(text for _, text in units[position:position + REPEAT_RUN])
        if min(map(len, run)) < REPEAT_MIN_LENGTH:
            continue
        if run in first_seen:
            repeated.append(first_seen[run])
        first_seen.setdefault(run, units[position][0])
    return min(repeated, default=None)


def _drafts(lines: list[_Line], thread: _Thread, fetched_at: datetime | None) -> list[_Draft]:
    if thread.start >= len(lines):
        return []
    if not thread.headers:
        return _bare_drafts(lines[thread.start:])
    ends = [h.start for h in thread.headers[1:]] + [len(lines)]
    return [_headed_draft(header, lines[header.end + 1:end], fetched_at)
            for header, end in zip(thread.headers, ends)]


def _headed_draft(header: _Header, lines: list[_Line], fetched_at: datetime | None) -> _Draft:
    """One comment's text below its header: action lines dropped, a date alone on the first or last line
    (Blogger prints it under the text) taken as its date, "In reply to NAME" as its parent."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.role == END:
            break
        if line.role == TEXT:
            blocks[-1].append(line.text)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    published, reply_to = header.published, None
    for position in (0, -1):
        if blocks and not published and _date_of(blocks[position][position], fetched_at):
            published = _date_of(blocks[position].pop(position), fetched_at)
            blocks = [block for block in blocks if block]
    if blocks and IN_REPLY_TO.match(blocks[0][0]):
        reply_to = IN_REPLY_TO.match(blocks[0].pop(0)).group("name")
        blocks = [block for block in blocks if block]
    text = "\n\n".join(_strip_seo_tail(["\n".join(block) for block in blocks]))
    # WordPress shows a pingback as the linking post's title over an excerpt in "[…] ... […]"
    kind = header.kind if header.kind in ("pingback", "trackback") else \
        "pingback" if PINGBACK_EXCERPT.match(text) else "comment"
    if not text and kind != "comment":
        text = header.author or ""  # a pingback without an excerpt: its title is all there is
    return _Draft(header.author, published, text, header.indent, kind, reply_to)


def _bare_drafts(lines: list[_Line]) -> list[_Draft]:
    """Comments without bylines, up to the comment form or page footer: one per paragraph block, or one per
    line when the capture puts no blank line between paragraphs."""
    first_text = next((i for i, line in enumerate(lines) if line.role == TEXT), len(lines))
    end = next((i for i, line in enumerate(lines) if line.role == END and i > first_text), len(lines))
    roles = "".join("t" if line.role == TEXT else "b" if line.role == BLANK else "" for line in lines[:end])
    by_line = not re.search(r"tb+t", roles)
    units: list[list[_Line]] = []
    blank_seen = False
    for line in lines[:end]:
        if line.role == TEXT:
            if not units or blank_seen or by_line:
                units.append([])
            units[-1].append(line)
            blank_seen = False
        elif units:
            blank_seen = True
    return [_Draft(None, None, "\n".join(line.text for line in unit), unit[0].indent) for unit in units]


def _comments(drafts: list[_Draft]) -> list[Comment]:
    """Ids t-1, t-2 ... in page order; a comment indented deeper than the one before it is its reply."""
    comments: list[Comment] = []
    stack: list[tuple[int, str]] = []  # (indent, id) of the open ancestors
    for number, draft in enumerate(drafts, 1):
        comment_id = f"t-{number}"
        while stack and stack[-1][0] > draft.indent - NEST_STEP:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if draft.reply_to:
            named = [c.id for c in comments if (c.author or "").casefold() == draft.reply_to.casefold()]
            parent = named[-1] if named else parent
        stack.append((draft.indent, comment_id))
        comments.append(Comment(id=comment_id, parent_id=parent, author=draft.author, published=draft.published,
                                text=draft.text, kind=draft.kind))
    return comments

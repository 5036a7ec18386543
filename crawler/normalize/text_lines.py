"""The lines of a text capture and what each is: the shared vocabulary of ``text_capture`` (the post)
and ``text_thread`` (its comments). Pure; no I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from .dates import iso_date
from .text_boilerplate import (
    ABOUT_AUTHOR,
    BIO_OPENING,
    BY_PREFIX,
    BYLINES,
    COMMENT_HEADERS,
    DATE_LINE,
    DATE_START,
    DROP,
    MENU_CHAIN,
    MENU_SEPARATORS,
    NAME_ABBREVIATION,
    NO_LETTERS,
    NOT_A_NAME,
    NUMBERED_NAME,
    PINGBACK,
    PLACEHOLDER,
    POST_FOOTER,
    SENTENCE_INSIDE,
    find_seo_lead,
    THREAD_END,
    THREAD_HEADING,
    TIME_ONLY,
)

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
class Line:
    indent: int
    text: str  # spaces collapsed; "" when blank
    role: str


def read_lines(text: str) -> list[Line]:
    """Each line with its indentation, cleaned, and the role it plays on the page."""
    raw = unicodedata.normalize("NFC", _INVISIBLE.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for source in raw.split("\n"):
        expanded = source.expandtabs(4).replace("\u00a0", " ")
        clean = _SPACES.sub(" ", PLACEHOLDER.sub("", expanded)).strip()
        lines.append(Line(len(expanded) - len(expanded.lstrip(" ")), clean, line_role(clean)))
    # "About NAME" is an author box only when a short biography and then the page's furniture follow it
    return [replace(line, role=TEXT) if line.role == ABOUT and not is_author_box(lines, i) else line
            for i, line in enumerate(lines)]


def line_role(text: str) -> str:
    if not text:
        return BLANK
    if NO_LETTERS.match(text):
        return DROPPED
    button = re.fullmatch(r"\[([^\]]{1,40})\]", text)  # "[Post Comment]": a button in a text browser
    if button and line_role(button.group(1)) != TEXT:
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


def is_author_box(lines: list[Line], at: int) -> bool:
    """Up to three short lines ("I am a psychotherapist ...") before the next non-text line."""
    bio: list[str] = []
    for line in lines[at + 1:]:
        if line.role not in (TEXT, BLANK) or len(bio) > 3:
            break
        bio += [line.text] if line.role == TEXT else []
    size = sum(map(len, bio))
    return len(bio) <= 3 and (size <= 300 or (size <= 600 and bool(BIO_OPENING.match(bio[0]))))


def next_filled(lines: list[Line], at: int) -> int | None:
    """Index of the first non-blank line after ``at``, looking past at most one blank line."""
    for index in range(at + 1, min(len(lines), at + 3)):
        if lines[index].role != BLANK:
            return index
    return None


def date_of(text: str | None, fetched_at: datetime | None) -> str | None:
    """ISO date of a line that is a date and nothing else."""
    if not text or not DATE_LINE.match(text):
        return None
    value = re.sub(r"^(posted on|posted|published|updated|on|at)\s+", "", text, flags=re.I).rstrip(".")
    return iso_date(value, relative_to=fetched_at)


def is_commenter(name: str | None) -> bool:
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


def split_name_date(text: str, fetched_at: datetime | None) -> tuple[str, str] | None:
    """("Julie", date) from "Julie March 4, 2021", "Julie · 4 March 2021" or "SofiaJanuary 16, 2024"."""
    if len(text) > 120 or not re.search(r"\d", text):  # every date form taken here has a digit
        return None
    for match in DATE_START.finditer(text):
        name, date = text[:match.start()].strip(" ,·•|-–—"), text[match.start():]
        if name and DATE_LINE.match(date) and is_commenter(name):
            parsed = date_of(date, fetched_at)
            if parsed:
                return name, parsed
    return None


def byline_of(text: str, fetched_at: datetime | None) -> tuple[str | None, str | None] | None:
    """(author, date) of a post's byline ("By Nora · March 3, 2021", "Posted on ... by ..."), else None."""
    by = BY_PREFIX.match(text)
    split = split_name_date(by.group("rest"), fetched_at) if by else None
    if split:
        return split
    for pattern in BYLINES:
        match = pattern.match(text)
        if not match:
            continue
        author, date_text = match.group("author"), match.group("date")
        date = date_of(date_text, fetched_at)
        if date_text and not date and not TIME_ONLY.match(date_text):
            continue
        # a post's byline names a person in capitals or one handle: "By the time we met" is prose
        if author and not (is_commenter(author) and (len(author.split()) == 1 or author[:1].isupper())):
            author = None
        if author or date:
            return author, date
    return None


def bylined_comment(text: str) -> bool:
    """"Julie says:", "Pingback: ...": a comment's own header line (a name over a date may be a title)."""
    return bool(PINGBACK.match(text)) or any(
        (match := pattern.match(unnumbered(text))) and is_commenter(match.group("name"))
        for _, pattern in COMMENT_HEADERS)


def find_body_end(lines: list[Line], start: int, thread_start: int, roles: tuple[str, ...] = MARKERS) -> int:
    """The first marker (of ``roles``) after the body's first paragraph, or where the thread starts."""
    seen_text = False
    for index in range(start, thread_start):
        role = lines[index].role
        if role in roles and seen_text:
            return index
        seen_text = seen_text or role == TEXT
    return thread_start


def paragraphs(lines: list[Line]) -> list[str]:
    """Text lines as paragraphs: one a line, or one a block when the capture is hard-wrapped."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.role == TEXT:
            blocks[-1].append(line.text)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if hard_wrapped(blocks):
        return [" ".join(block) for block in blocks]
    return [line for block in blocks for line in block]


def hard_wrapped(blocks: list[list[str]]) -> bool:
    """A dump wrapped at a fixed width (lynx, email): the lines that run on are all about as long."""
    inner = [len(line) for block in blocks for line in block[:-1]]
    longest = max((len(line) for block in blocks for line in block), default=0)
    return len(inner) >= 3 and longest <= 100 and sum(50 <= n <= 100 for n in inner) >= 0.8 * len(inner)


def strip_seo_tail(paragraphs: list[str]) -> list[str]:
    """Cut a link-farm tail: a lead sentence ("Complement your reading by visiting ...") followed only by
    more leads or link titles; the author's sentences before the lead in its paragraph stay."""
    for index, paragraph in enumerate(paragraphs):
        match = find_seo_lead(paragraph.translate(_PLAIN_QUOTES))
        if not match:
            continue
        rest = paragraphs[index + 1:]
        if all(find_seo_lead(p.translate(_PLAIN_QUOTES)) or link_title(p) for p in rest):
            kept = paragraph[:match.start()].rstrip()
            return paragraphs[:index] + ([kept] if kept else [])
    return paragraphs


def link_title(text: str) -> bool:
    return bool(re.match(r"^(https?://|www\.)\S+$", text)) or (len(text.split()) <= 15 and text[-1] not in ".!?")


@dataclass(frozen=True)
class Header:
    """The lines that open one comment: the author line (and date), with an avatar or list-number line above."""
    start: int
    end: int
    author: str | None
    published: str | None
    kind: str
    indent: int


def name_over_date(lines: list[Line], at: int, fetched_at: datetime | None) -> Header | None:
    """"Julie · March 4, 2021" on one line, "Julie" (or "23. Julie") over a date line, or "23. Julie"."""
    line = lines[at]
    text = unnumbered(line.text)
    split = split_name_date(text, fetched_at)
    if split:
        return Header(absorb_above(lines, at, split[0]), at, split[0], split[1], "name-date", line.indent)
    if not is_commenter(text):
        return None
    following = next_filled(lines, at)
    date = date_of(lines[following].text, fetched_at) if following is not None else None
    if date:
        return Header(absorb_above(lines, at, text), following, text, date, "name-date", line.indent)
    return Header(at, at, text, None, "numbered", line.indent) if text != line.text else None


def unnumbered(text: str) -> str:
    """"1. Ana says:" -> "Ana says:": a list number in front of a byline."""
    numbered = NUMBERED_NAME.match(text)
    return numbered.group("name") if numbered else text


def absorb_above(lines: list[Line], at: int, name: str) -> int:
    """Start a header at the line above when that line is its avatar caption or list number ("1. Julie")."""
    above = at - 1
    if above < 0 or lines[above].role != TEXT:
        return at
    text = lines[above].text.casefold()
    if re.fullmatch(r"\d{1,4}[.)]?", text) or (name.casefold() in text and len(text) <= len(name) + 30):
        return above
    return at

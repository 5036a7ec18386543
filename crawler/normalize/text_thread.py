"""The comment thread of a text capture: records opened by a byline ("NAME says:", "NAME said...", "NAME on
DATE said:", "NAME" over a date, "23. NAME"), nested by indentation; when no comment has a byline, one
comment per paragraph block after a comment heading or in a thread the page prints twice. Pure; no I/O."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from .model import Comment
from .text_boilerplate import (
    COMMENT_HEADERS,
    IN_REPLY_TO,
    PINGBACK,
    PINGBACK_EXCERPT,
    STRONG_HEADERS,
)
from .text_lines import (
    BLANK,
    END,
    HEADING,
    NEST_STEP,
    REPEAT_MIN_LENGTH,
    REPEAT_RUN,
    TEXT,
    Header,
    Line,
    absorb_above,
    date_of,
    find_body_end,
    is_commenter,
    name_over_date,
    next_filled,
    strip_seo_tail,
    unnumbered,
)


@dataclass(frozen=True)
class _Thread:
    start: int  # first line of the thread; len(lines) when there is none
    headers: tuple[Header, ...] = ()  # empty: bare paragraphs


@dataclass(frozen=True)
class _Draft:
    author: str | None
    published: str | None
    text: str
    indent: int
    kind: str = "comment"
    reply_to: str | None = None  # the name in "In reply to NAME"


def _header_at(lines: list[Line], at: int, fetched_at: datetime | None) -> Header | None:
    """The comment header whose author line is ``at``, if there is one."""
    line = lines[at]
    if line.role != TEXT:
        return None
    pingback = PINGBACK.match(line.text)
    if pingback:
        return Header(at, at, pingback.group("rest"), None, pingback.group("kind").lower(), line.indent)
    for kind, pattern in COMMENT_HEADERS:
        match = pattern.match(unnumbered(line.text))
        if not match or not is_commenter(match.group("name")):
            continue
        name, date = match.group("name"), date_of(match.groupdict().get("date"), fetched_at)
        if kind == "says-date" and not date:
            continue
        end, following = at, next_filled(lines, at)
        if not date and following is not None and date_of(lines[following].text, fetched_at):
            end, date = following, date_of(lines[following].text, fetched_at)
        return Header(absorb_above(lines, at, name), end, name, date, kind, line.indent)
    return name_over_date(lines, at, fetched_at)








def _header_candidates(lines: list[Line], start: int, fetched_at: datetime | None) -> list[Header]:
    """Every comment header from ``start`` on, kept to the template the page uses most (a page prints all
    its comments one way; a short last line over a Blogger date is not a second template)."""
    found: list[Header] = []
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


def find_thread(lines: list[Line], body_start: int, fetched_at: datetime | None) -> _Thread:
    """Where the comments start and the headers that open them. A header counts once a marker stands
    before it, or the page uses its template again, or it is WordPress's own "NAME says:"."""
    candidates = _header_candidates(lines, body_start, fetched_at)
    marker = find_body_end(lines, body_start, len(lines))
    for position, header in enumerate(candidates):
        again = any(h.kind == header.kind for h in candidates[position + 1:])
        if marker < header.start or again or header.kind in STRONG_HEADERS | {"pingback", "trackback"}:
            return _Thread(header.start, tuple(candidates[position:]))
    heading = find_body_end(lines, body_start, len(lines), (HEADING,))  # "12 Comments" over bare paragraphs
    repeat = _repeat_start(lines, body_start)
    return _Thread(heading if repeat is None else min(heading, repeat))


def _repeat_start(lines: list[Line], start: int) -> int | None:
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


def read_drafts(lines: list[Line], thread: _Thread, fetched_at: datetime | None) -> list[_Draft]:
    if thread.start >= len(lines):
        return []
    if not thread.headers:
        return _bare_drafts(lines[thread.start:])
    ends = [h.start for h in thread.headers[1:]] + [len(lines)]
    return [_headed_draft(header, lines[header.end + 1:end], fetched_at)
            for header, end in zip(thread.headers, ends)]


def _headed_draft(header: Header, lines: list[Line], fetched_at: datetime | None) -> _Draft:
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
        if blocks and not published and date_of(blocks[position][position], fetched_at):
            published = date_of(blocks[position].pop(position), fetched_at)
            blocks = [block for block in blocks if block]
    if blocks and IN_REPLY_TO.match(blocks[0][0]):
        reply_to = IN_REPLY_TO.match(blocks[0].pop(0)).group("name")
        blocks = [block for block in blocks if block]
    text = "\n\n".join(strip_seo_tail(["\n".join(block) for block in blocks]))
    # WordPress shows a pingback as the linking post's title over an excerpt in "[…] ... […]"
    kind = header.kind if header.kind in ("pingback", "trackback") else \
        "pingback" if PINGBACK_EXCERPT.match(text) else "comment"
    if not text and kind != "comment":
        text = header.author or ""  # a pingback without an excerpt: its title is all there is
    return _Draft(header.author, published, text, header.indent, kind, reply_to)


def _bare_drafts(lines: list[Line]) -> list[_Draft]:
    """Comments without bylines, up to the comment form or page footer: one per paragraph block, or one per
    line when the capture puts no blank line between paragraphs."""
    first_text = next((i for i, line in enumerate(lines) if line.role == TEXT), len(lines))
    end = next((i for i, line in enumerate(lines) if line.role == END and i > first_text), len(lines))
    roles = "".join("t" if line.role == TEXT else "b" if line.role == BLANK else "" for line in lines[:end])
    by_line = not re.search(r"tb+t", roles)
    units: list[list[Line]] = []
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


def to_comments(drafts: list[_Draft]) -> list[Comment]:
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

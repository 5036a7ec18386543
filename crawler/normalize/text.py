"""Plain text from an HTML element: paragraphs separated by one blank line, ``<br>`` as one newline."""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

# Elements whose start and end break a paragraph.
BLOCK_TAGS = frozenset(
    """address article aside blockquote dd details div dl dt fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th
    ul""".split()
)
# Never text a reader sees.
SKIP_TAGS = frozenset("script style noscript template svg math iframe object embed button select textarea input head".split())

_BREAK = "\x00"  # paragraph break marker, never in decoded HTML text
_BR = "\x01"  # a <br>: source newlines are only whitespace, a <br> is a line break
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def _tag(element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def element_text(element, skip=None) -> str:
    """The reader-visible text of ``element``; ``skip(el)`` may exclude whole subtrees.

    Walks the tree iteratively (no recursion), so 10,000 nested divs are no problem.
    """
    pieces: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, el in walker:
        tag = _tag(el)
        if event == "start":
            if not tag or tag in SKIP_TAGS or (skip is not None and el is not element and skip(el)):
                walker.skip_subtree()  # its "end" event still comes, and adds the tail
                continue
            if tag == "br":
                pieces.append(_BR)
            elif tag in BLOCK_TAGS:
                pieces.append(_BREAK)
            if el.text:
                pieces.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                pieces.append(_BREAK)
            if el is not element and el.tail:
                pieces.append(el.tail)
    return tidy("".join(pieces))


def tidy(raw: str) -> str:
    """Collapse whitespace, one line per <br>, a blank line between paragraphs (and where two <br>s
    stand together, as Blogger and hand-written pages separate paragraphs), NFC."""
    paragraphs = []
    for block in raw.split(_BREAK):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split(_BR)]
        text = "\n".join(lines).strip("\n ")
        for part in re.split(r"\n{2,}", text):
            if part:
                paragraphs.append(part)
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs))


def inline_text(element) -> str:
    """The text of a short element (a name, a title) on one line."""
    text = " ".join(t for t in element.itertext() if t) if element is not None else ""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())


def fragment_text(markup: str | None) -> str:
    """Plain text of an HTML fragment (a comment body from an API), same rules as a page's text."""
    if not markup or not markup.strip():
        return ""
    from lxml import html as lxml_html

    from .decode import _CONTROL_CHARS

    wrapper = lxml_html.fragment_fromstring(_CONTROL_CHARS.sub("", markup), create_parent="div")
    return element_text(wrapper)

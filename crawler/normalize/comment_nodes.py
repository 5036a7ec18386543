"""Comments from markup where each comment is an element with an id and replies nest inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .boilerplate import FORM_BLOCK
from .dates import iso_date
from .model import Comment
from .page import select
from .text import element_text, inline_text


@dataclass(frozen=True)
class CommentMarkup:
    """Selectors for one family of themes; the first that matches inside a comment wins."""

    node_xpath: str  # the elements that are comments; the id's number is the comment's id
    id_pattern: re.Pattern
    author: tuple[str, ...]
    content: tuple[str, ...]
    date: tuple[str, ...]
    not_text: str  # inside a comment, never part of its text (author line, meta, reply links)
    kinds: dict[str, str]  # class -> kind


_SAYS = re.compile(r"\s*(says|said|wrote)\s*:?\s*$", re.I)


class _Owners:
    """Maps any element inside the comment section to the comment it belongs to (nearest one)."""

    def __init__(self, nodes: list) -> None:
        self.nodes = {node: index for index, node in enumerate(nodes)}

    def owner(self, element):
        node = element
        while node is not None:
            if node in self.nodes:
                return node
            node = node.getparent()
        return None

    def first_owned(self, comment, selectors: tuple[str, ...]):
        for css in selectors:
            for element in select(comment, css):
                if self.owner(element) is comment:
                    return element
        return None


def extract_comments(root, markup: CommentMarkup, fetched_at: datetime | None,
                     language: str | None = None) -> list[Comment]:
    """Every comment node in page order, with its parent the nearest enclosing comment node."""
    nodes = [node for node in root.xpath(markup.node_xpath) if markup.id_pattern.match(node.get("id") or "")]
    owners = _Owners(nodes)
    return [_comment(node, owners, markup, fetched_at, language) for node in nodes]


def _comment(node, owners: _Owners, markup: CommentMarkup, fetched_at, language) -> Comment:
    number = markup.id_pattern.match(node.get("id")).group(1)
    parent_node = owners.owner(node.getparent())
    parent_id = None
    if parent_node is not None:
        parent_id = "c-" + markup.id_pattern.match(parent_node.get("id")).group(1)

    author_el = owners.first_owned(node, markup.author)
    author = _SAYS.sub("", inline_text(author_el)) if author_el is not None else None
    author_url = None
    if author_el is not None:
        link = author_el if author_el.tag == "a" else author_el.find(".//a[@href]")
        author_url = link.get("href") if link is not None else None

    date_el = owners.first_owned(node, markup.date)
    published = None
    if date_el is not None:
        published = iso_date(date_el.get("datetime") or date_el.get("title") or inline_text(date_el), relative_to=fetched_at,
                             language=language)

    def outside_text(el) -> bool:
        return (el in owners.nodes and el is not node) or el in not_text

    not_text = set(select(node, markup.not_text))
    content_el = owners.first_owned(node, markup.content)
    text = element_text(content_el if content_el is not None else node, skip=outside_text)
    text = "\n\n".join(p for p in text.split("\n\n") if not FORM_BLOCK.match(p.strip()))

    classes = set((node.get("class") or "").split())
    kind = next((kind for cls, kind in markup.kinds.items() if cls in classes), "comment")
    if kind != "comment" and author is None:
        author, author_url, text = _bare_ping(node, text)
    return Comment(
        id="c-" + number,
        parent_id=parent_id,
        author=author or None,
        author_url=author_url,
        published=published,
        text=text,
        kind=kind,
    )


_PING_LABEL = re.compile(r"^\s*(pingback|trackback)\s*:\s*", re.I)


def _bare_ping(node, text: str) -> tuple[str | None, str | None, str]:
    """Classic themes print a pingback as "Pingback: <a class=url>Title of the linking post</a>" only:
    the title is WordPress's author of a pingback, the link its URL, and there is no excerpt to show."""
    link = next((a for a in node.iter("a") if "url" in (a.get("class") or "").split()), None)
    if link is None:
        return None, None, text
    title = inline_text(link)
    rest = _PING_LABEL.sub("", text).strip()
    return title or None, link.get("href"), "" if rest == title else rest

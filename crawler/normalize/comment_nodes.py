"""Comments from markup where each comment is an element with an id and replies nest inside it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from .boilerplate import FORM_BLOCK
from .dates import iso_date
from .model import Comment
from .tree_index import TreeIndex
from .text import element_text, inline_text


@dataclass(frozen=True)
class CommentMarkup:
    """Selectors for one family of themes; the first that matches inside a comment wins."""

    node_tags: tuple[str, ...]  # the elements that are comments, with an id that ``id_pattern`` matches
    id_pattern: re.Pattern  # its group 1, the comment's number, is the comment's id
    author: tuple[str, ...]
    content: tuple[str, ...]
    date: tuple[str, ...]
    not_text: str  # inside a comment, never part of its text (author line, meta, reply links)
    kinds: dict[str, str]  # class -> kind


_SAYS = re.compile(r"\s*(says|said|wrote)\s*:?\s*$", re.I)


class _Owners:
    """Maps any element inside the comment section to the comment it belongs to (nearest one).

    Each selector is run once over the page and its matches shared out to their comments: run inside
    every comment, it would read each reply again for every comment the reply nests in."""

    def __init__(self, index: TreeIndex, nodes: list) -> None:
        self.index = index
        self.nodes = {node: index for index, node in enumerate(nodes)}
        self._first: dict[str, dict] = {}  # selector -> {comment: its first own match}
        self._all: dict[str, set] = {}

    def owner(self, element):
        node = element
        while node is not None:
            if node in self.nodes:
                return node
            node = node.getparent()
        return None

    def first_owned(self, comment, selectors: tuple[str, ...]):
        for css in selectors:
            found = self._first.get(css)
            if found is None:
                found = self._first[css] = {}
                for element in self.index.select(css):
                    owner = self.owner(element)
                    if owner is not None:
                        found.setdefault(owner, element)
            if comment in found:
                return found[comment]
        return None

    def matching(self, css: str) -> set:
        """Every element of the page ``css`` selects."""
        if css not in self._all:
            self._all[css] = set(self.index.select(css))
        return self._all[css]


def extract_comments(index: TreeIndex, markup: CommentMarkup, fetched_at: datetime | None,
                     language: str | None = None) -> list[Comment]:
    """Every comment node in page order, with its parent the nearest enclosing comment node."""
    nodes = [node for node in index.with_id if node.tag in markup.node_tags and markup.id_pattern.match(node.get("id"))]
    if markup.kinds:  # many themes print pingbacks as a bare <li class="pingback">, with no comment id
        known = set(nodes)
        bare = [node for node in index.select(", ".join(f"li.{name}" for name in markup.kinds))
                if node not in known  # not a wrapper of one
                and not any(el in known for el in node.iterdescendants())]
        if bare:
            nodes = sorted(nodes + bare, key=index.order.__getitem__)
    owners = _Owners(index, nodes)
    return [_comment(node, owners, markup, fetched_at, language) for node in nodes]


def _node_id(node, markup: CommentMarkup) -> str:
    """c-<number> from the comment's id; a bare pingback is known by its digest."""
    match = markup.id_pattern.match(node.get("id") or "")
    if match:
        return "c-" + match.group(1)
    return "h-" + hashlib.sha1(inline_text(node).encode("utf-8")).hexdigest()[:12]


def _comment(node, owners: _Owners, markup: CommentMarkup, fetched_at, language) -> Comment:
    parent_node = owners.owner(node.getparent())
    parent_id = _node_id(parent_node, markup) if parent_node is not None else None

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

    not_text = owners.matching(markup.not_text)
    content_el = owners.first_owned(node, markup.content)
    text = element_text(content_el if content_el is not None else node, skip=outside_text)
    text = "\n\n".join(p for p in text.split("\n\n") if not FORM_BLOCK.match(p.strip()))

    # the kind is on the comment's element or on the <li> wrapped around it (<li class="pingback"><div id=...>)
    wrapper = node.getparent() if node.getparent() is not None and node.getparent().tag == "li" else node
    classes = set((node.get("class") or "").split()) | set((wrapper.get("class") or "").split())
    kind = next((kind for cls, kind in markup.kinds.items() if cls in classes), "comment")
    if kind != "comment" and author is None:
        author, author_url, text = _bare_ping(node, text)
    return Comment(
        id=_node_id(node, markup),
        parent_id=parent_id,
        author=author or None,
        author_url=author_url,
        published=published,
        text=text,
        kind=kind,
        url=f"#{node.get('id')}" if node.get("id") else None,
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

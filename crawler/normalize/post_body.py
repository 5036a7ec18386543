"""A post's body: the container a platform names, else the block of prose the page centres on;
cleaned of widgets, forms and link farms."""

from __future__ import annotations

import copy

from lxml import etree

from .boilerplate import FORM_BLOCK, remove_boilerplate
from .main_content import main_blocks
from .page import select
from .text import element_text, inline_text

MIN_CONTAINER_TEXT = 200  # a named container with less is likely a teaser: let the prose decide


def first_text(page, selectors: tuple[str, ...]):
    """The first element matched by the first selector that matches one with text."""
    for css in selectors:
        for element in page.select(css):
            if element.get("datetime") or inline_text(element):
                return element
    return None


def _named_container(page, selectors: tuple[str, ...]):
    for css in selectors:
        for element in page.select(css):
            if len(element.text_content().strip()) >= MIN_CONTAINER_TEXT:
                return element
    return None


def body_text(page, selectors: tuple[str, ...] = (), not_body: tuple[str, ...] = ()) -> str:
    """Clean text of the post body, or "" when the page has none. ``not_body``: selectors of what may sit
    inside the body container but is not body (the title and byline, on platforms that put them there)."""
    container = _named_container(page, selectors)
    blocks = [container] if container is not None else main_blocks(page.root)
    if not blocks:
        return ""
    wrapper = etree.Element("div")
    for block in blocks:
        piece = copy.deepcopy(block)  # cleaning edits the tree: never the caller's
        piece.tail = None
        wrapper.append(piece)
    for element in select(wrapper, ", ".join(not_body)) if not_body else ():  # one pass for all
        if element.getparent() is not None:
            element.getparent().remove(element)
    remove_boilerplate(wrapper)
    text = element_text(wrapper)
    # a theme may still print form or share labels as bare blocks inside the content
    return "\n\n".join(p for p in text.split("\n\n") if not FORM_BLOCK.match(p.strip()))

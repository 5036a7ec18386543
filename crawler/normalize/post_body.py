"""A post's body: the first content container a platform names, cleaned of widgets and link farms."""

from __future__ import annotations

import copy

from .boilerplate import FORM_BLOCK, remove_boilerplate
from .page import select
from .text import element_text, inline_text


def first_text(root, selectors: tuple[str, ...]):
    """The first element matched by the first selector that matches one with text."""
    for css in selectors:
        for element in select(root, css):
            if element.get("datetime") or inline_text(element):
                return element
    return None


def body_text(root, selectors: tuple[str, ...]) -> str:
    """Clean text of the first non-empty content container, or "" when the page has none."""
    container = first_text(root, selectors)
    if container is None:
        return ""
    container = copy.deepcopy(container)  # cleaning edits the tree: never the caller's
    remove_boilerplate(container)
    text = element_text(container)
    # a theme may still print form or share labels as bare blocks inside the content
    return "\n\n".join(p for p in text.split("\n\n") if not FORM_BLOCK.match(p.strip()))

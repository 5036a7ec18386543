"""One index of a parsed page: its elements by class and by id, in page order.

Themes are read through simple selectors (``.comment-author .fn``, ``li.comment``, ``#comments``). lxml
runs a CSS selector as XPath that tests every element's class attribute with string functions; answered
from this index, such a selector costs a dictionary lookup and a short walk up the matches' ancestors.
Anything else (attributes, child combinators, pseudo-classes) goes to lxml's CSSSelector, compiled once.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.cssselect import CSSSelector

_selectors: dict[str, CSSSelector] = {}
_CLASS_OR_ID = etree.XPath("//*[@class or @id]")  # only these: a proxy per element is most of a walk's cost
# tag.class.class, or #id: one step of a selector the index can answer
_COMPOUND = re.compile(r"([a-z][a-z0-9]*)?((?:\.[\w-]+)+)|#([\w-]+)")

Compound = tuple[str | None, tuple[str, ...], str | None]  # tag, classes, id


def select(element, css: str) -> list:
    """CSS selection with the compiled selector cached (compiling costs more than matching)."""
    selector = _selectors.get(css)
    if selector is None:
        selector = _selectors[css] = CSSSelector(css)
    return selector(element)


def _chain(css: str) -> list[Compound] | None:
    """``.a .b`` as its compounds, or None when a part is more than tag, classes or an id."""
    steps: list[Compound] = []
    for part in css.split():
        match = _COMPOUND.fullmatch(part)
        if match is None:
            return None
        tag, classes, element_id = match.groups()
        steps.append((tag, tuple(classes.split(".")[1:]) if classes else (), element_id))
    return steps or None


def _matches(element, step: Compound) -> bool:
    tag, classes, element_id = step
    if (tag and element.tag != tag) or (element_id and element.get("id") != element_id):
        return False
    if classes:
        own = (element.get("class") or "").split()
        return all(name in own for name in classes)
    return True


def _has_ancestors(element, steps: list[Compound]) -> bool:
    """Whether ancestors of ``element`` match ``steps`` from the last to the first (descendant
    combinators: taking the nearest match for each step is enough)."""
    node = element.getparent()
    for step in reversed(steps):
        while node is not None and not _matches(node, step):
            node = node.getparent()
        if node is None:
            return False
        node = node.getparent()
    return True


class TreeIndex:
    """Elements by class token and by id, in page order, built in one pass."""

    def __init__(self, root) -> None:
        self.root = root
        self.by_class: dict[str, list] = {}
        self.by_id: dict[str, list] = {}
        self.order: dict = {}
        for position, element in enumerate(_CLASS_OR_ID(root)):
            self.order[element] = position
            classes, element_id = element.get("class"), element.get("id")
            if classes:
                for token in set(classes.split()):
                    self.by_class.setdefault(token, []).append(element)
            if element_id:
                self.by_id.setdefault(element_id, []).append(element)

    def select(self, css: str) -> list:
        """What ``select(root, css)`` returns, in page order, for a tree not changed since it was indexed."""
        chains = [_chain(part) for part in css.split(",")]
        if not all(chains):
            return select(self.root, css)
        if len(chains) == 1:
            return self._select_chain(chains[0])
        found = {element for chain in chains for element in self._select_chain(chain)}
        return sorted(found, key=self.order.__getitem__)

    def _select_chain(self, steps: list[Compound]) -> list:
        tag, classes, element_id = last = steps[-1]
        candidates = self.by_id.get(element_id, []) if element_id else self.by_class.get(classes[0], [])
        return [element for element in candidates
                if _matches(element, last) and (len(steps) == 1 or _has_ancestors(element, steps[:-1]))]

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
# tag.class#id[attribute]: one step of a selector the index can answer
_COMPOUND = re.compile(r"([a-z][a-z0-9]*)?((?:\.[\w-]+)*)(?:#([\w-]+))?((?:\[[\w-]+\])*)")

Compound = tuple[str | None, tuple[str, ...], str | None, tuple[str, ...]]  # tag, classes, id, attributes


def select(element, css: str) -> list:
    """CSS selection with the compiled selector cached (compiling costs more than matching)."""
    selector = _selectors.get(css)
    if selector is None:
        selector = _selectors[css] = CSSSelector(css)
    return selector(element)


def _chain(css: str) -> list[Compound] | None:
    """``.a .b time[datetime]`` as its steps, or None when a part is more than a tag, classes, an id and
    attributes that must be present, or when the last names neither a class, an id nor a tag."""
    steps: list[Compound] = []
    for part in css.split():
        match = _COMPOUND.fullmatch(part)
        if match is None or not part:
            return None
        tag, classes, element_id, attributes = match.groups()
        steps.append((tag, tuple(classes.split(".")[1:]), element_id, tuple(attributes[1:-1].split("]["))
                      if attributes else ()))
    if not steps or not any(steps[-1][:3]):
        return None
    return steps


def _matches(element, step: Compound) -> bool:
    tag, classes, element_id, attributes = step
    if (tag and element.tag != tag) or (element_id and element.get("id") != element_id):
        return False
    if attributes and any(element.get(name) is None for name in attributes):
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
        self.with_id: list = []  # in page order
        for position, element in enumerate(_CLASS_OR_ID(root)):
            self.order[element] = position
            classes, element_id = element.get("class"), element.get("id")
            if classes:
                for token in set(classes.split()):
                    self.by_class.setdefault(token, []).append(element)
            if element_id:
                self.by_id.setdefault(element_id, []).append(element)
                self.with_id.append(element)

    def select(self, css: str) -> list:
        """What ``select(root, css)`` returns, in page order, for a tree not changed since it was indexed."""
        chains = [_chain(part) for part in css.split(",")]
        if not all(chains) or (len(chains) > 1 and not all(_indexed(chain[-1]) for chain in chains)):
            return select(self.root, css)  # (a group is put in page order by the index's positions)
        if len(chains) == 1:
            return self._select_chain(chains[0])
        found = {element for chain in chains for element in self._select_chain(chain)}
        return sorted(found, key=self.order.__getitem__)

    def _select_chain(self, steps: list[Compound]) -> list:
        tag, classes, element_id, _ = last = steps[-1]
        if _indexed(last):
            candidates = self.by_id.get(element_id, []) if element_id else self.by_class.get(classes[0], [])
            return [element for element in candidates
                    if _matches(element, last) and (len(steps) == 1 or _has_ancestors(element, steps[:-1]))]
        # a tag, inside what the steps before it select (often nothing, so no walk at all)
        scopes = self._select_chain(steps[:-1]) if len(steps) > 1 else [self.root]
        found: dict = {}
        for scope in scopes:
            for element in scope.iter(tag):
                if (element is not scope or len(steps) == 1) and _matches(element, last):
                    found.setdefault(element, None)
        return list(found)


def _indexed(step: Compound) -> bool:
    """Whether the index holds every element ``step`` can match (it names a class or an id)."""
    return bool(step[1] or step[2])

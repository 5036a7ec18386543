"""Find a page's main text when no platform names its container: score blocks of prose, pick the
element that holds the most of it, keep the siblings that continue it.

Signals, together: paragraph length and punctuation (prose), link density (navigation, link lists),
class/id names (``content``, ``article`` against ``sidebar``, ``comment``, ``share``).
"""

from __future__ import annotations

import re

from .boilerplate import text_lengths

PROSE_TAGS = ("p", "pre", "blockquote", "td", "dd", "li", "h2", "h3", "h4")
POSITIVE = re.compile(r"article|body|content|entry|main|page|post|text|blog|story|prose|rich", re.I)
NEGATIVE = re.compile(
    r"comment|combx|community|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related|"
    r"scroll|shoutbox|sidebar|sponsor|shopping|tags|tool|widget|share|social|nav|menu|breadcrumb|newsletter|"
    r"subscribe|banner|advert|cookie|popup|modal|recirc|taboola|byline|author|caption|credit|hidden",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?…”\"')]\s*$")
# subtrees whose prose is never the article: reader comments, sidebars, footers
OUTSIDE = re.compile(
    r"comments?|comments-area|comment-list|commentlist|commentscontainer|respond|disqus_thread|sidebar|"
    r"site-footer|footer|related|related-posts|secondary", re.I)


def _outside_subtrees(body) -> set:
    """Every element inside a comment section, sidebar or footer."""
    outside: set = set()
    for element in body.iterdescendants():
        if element in outside or not isinstance(element.tag, str):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}".split()
        if element.tag in ("aside", "footer", "nav") or any(OUTSIDE.fullmatch(n) for n in names):
            outside.update(element.iter())
    return outside


def _direct_text_length(element) -> int:
    """Text of a div written straight into it (between <br>s), not inside child blocks."""
    own = len((element.text or "").strip())
    for child in element:
        if isinstance(child.tag, str) and child.tag in ("br", "a", "b", "i", "em", "strong", "span", "font", "u"):
            own += len(child.text_content().strip())
        own += len((child.tail or "").strip())
    return own


def _weight(element) -> int:
    weight = 0
    for name in (element.get("class"), element.get("id")):
        if name:
            if NEGATIVE.search(name):
                weight -= 25
            if POSITIVE.search(name):
                weight += 25
    return weight


def _widen(best, ranked: dict):
    """An article split into chunks (one container per section) scores chunk by chunk: when other
    strong candidates, or candidates of the very same class, stand near the best, take their nearest
    common ancestor instead."""
    top = ranked[best]
    same_class = best.get("class")
    siblings = [el for el, score in ranked.items() if el is not best and same_class
                and el.get("class") == same_class and score >= 0.2 * top]
    strong = [el for el, score in ranked.items() if el is not best and score >= 0.75 * top]
    rivals = siblings if siblings else (strong if len(strong) >= 2 else [])
    if not rivals:
        return best
    rival_set = set(rivals)
    for depth, ancestor in enumerate(best.iterancestors()):
        if depth > 3 or ancestor.tag in ("body", "html"):
            break
        inside = sum(1 for el in ancestor.iter() if el in rival_set)
        if inside >= max(1, len(rivals) // 2):
            return ancestor
    return best


def main_blocks(root) -> list:
    """The element holding the page's main prose and the siblings that continue it, in page order."""
    body = root.find("body")
    body = root if body is None else body
    total, linked = text_lengths(body)

    def density(el) -> float:
        return linked.get(el, 0) / total[el] if total.get(el) else 0.0

    outside = _outside_subtrees(body)
    scores: dict = {}
    for element in body.iter(*PROSE_TAGS, "div"):
        if element in outside:
            continue
        length = total.get(element, 0) if element.tag != "div" else _direct_text_length(element)
        if length < 25 or (element.tag == "li" and density(element) > 0.3):
            continue
        text = element.text_content()
        score = 1 + text.count(",") + text.count("،") + text.count("，") + min(length // 100, 3)
        parent = element.getparent()
        grand = parent.getparent() if parent is not None else None
        for share, ancestor in ((1.0, parent), (0.5, grand)):
            if ancestor is None or not isinstance(ancestor.tag, str):
                continue
            if ancestor not in scores:
                base = 5 if ancestor.tag in ("div", "article", "section", "main") else 0
                scores[ancestor] = _weight(ancestor) + base
            scores[ancestor] += score * share
    if not scores:  # no paragraph long enough to judge: a short post, or no prose at all
        fallback = body.find(".//article")
        fallback = body.find(".//main") if fallback is None else fallback
        return [body if fallback is None else fallback] if total.get(body) else []
    ranked = {el: s * (1 - density(el)) for el, s in scores.items()}
    best = _widen(max(ranked, key=ranked.get), ranked)
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, ranked.get(best, max(ranked.values())) * 0.2)
    kept = []
    for sibling in parent:
        if sibling is best:
            kept.append(sibling)
        elif not isinstance(sibling.tag, str):
            continue
        elif ranked.get(sibling, 0) >= threshold and _weight(sibling) >= 0:
            kept.append(sibling)
        elif sibling.tag == "p" and density(sibling) < 0.25:
            length = total.get(sibling, 0)
            if length > 80 or (length and _SENTENCE_END.search(sibling.text_content())):
                kept.append(sibling)
    return kept

"""What is never part of a post or a comment: selectors (data) and the text signals that back them."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

from .text import inline_text

# Widgets that live inside a post's content container on real blogs.
IN_BODY_SELECTORS = " ".join("""
    script, style, noscript, form, iframe, template, button, input, select, textarea,
    .sharedaddy, .sd-sharing-enabled, .sd-block, .sd-like, .jp-relatedposts, .wpcnt, .wpa,
    .likes-widget-placeholder, .post-likes-widget-placeholder, .wp-block-jetpack-sharing-buttons,
    .addtoany_share_save_container, .a2a_kit, .shared-counts-wrap, .social-share, .share-buttons,
    .yarpp-related, .crp_related, .related-posts, .jp-relatedposts-headline,
    .author-bio, .author-box, .about-author, .entry-author, .post-author-bio,
    .entry-meta, .entry-footer, .post-meta, .cat-links, .tags-links, .post-navigation, .navigation,
    .wp-block-post-navigation-link, .wp-block-post-terms, .wp-block-comments, .comments-area,
    #comments, #respond, .comment-respond, .screen-reader-text, .skip-link,
    .adsbygoogle, .advertisement, .ad-container, .code-block, .newsletter, .mc4wp-form,
    .cookie-notice, #cookie-notice, .wp-block-buttons.is-style-share
    """.split())
in_body_boilerplate = CSSSelector(IN_BODY_SELECTORS)

# Sentences that SEO link farms append to posts ("Complement your reading by visiting ..."). A match
# only counts where the structure agrees: at the end of the post, or followed by a list of links.
SEO_SPAM_LEAD_PHRASES = (
    r"Complement your reading by visiting", r"Learn more by visiting the related posts",
    r"Investigate this useful research", r"Delve deeper into the subject by visiting",
    r"Interested in learning more about the subject\?", r"Discover more about the subject in",
    r"Expand your knowledge on the subject by visiting", r"Want to know more about the (subject|topic)\?",
    r"Access the related posts we've selected", r"Explore other viewpoints in the related posts",
    r"Dive into the topic with the related posts", r"Find more details about the topic in the related posts",
    r"Check out this (helpful|useful|interesting) (content|research|document|article)",
    r"Visit this (helpful|useful|interesting) (content|research|document|article)",
    r"Look into this (helpful|useful|interesting) (content|research|document|article)",
)
SEO_SPAM_LEADS = re.compile("(" + "|".join(SEO_SPAM_LEAD_PHRASES) + ")", re.I)
# Each phrase opens with two plain words: looking for those first is ten times faster than the pattern
_SEO_OPENINGS = tuple({" ".join(phrase.split()[:2]).lower() for phrase in SEO_SPAM_LEAD_PHRASES})


def find_seo_lead(text: str) -> re.Match | None:
    """The first link-farm lead sentence in ``text`` (``SEO_SPAM_LEADS``), if any."""
    lowered = text.lower()
    if not any(opening in lowered for opening in _SEO_OPENINGS):
        return None
    return SEO_SPAM_LEADS.search(text)

# Text of comment forms, login widgets and counters, met as whole short blocks.
FORM_BLOCK = re.compile(
    r"^(leave a (reply|comment)|cancel reply|post comment|comments are closed\.?|"
    r"your email address will not be published\.?.*|required fields are marked \*|"
    r"want to join the discussion\?.*|fill in your details below or click an icon to log in:?.*|"
    r"you are commenting using your .* account\.? ?\(? ?log ?out ?/ ?change ?\)?|connecting to %s|"
    r"notify me of (new comments|new posts).*|save my name, email.*|\d+ (replies|responses|comments)( to .*)?|"
    r"share this:?|like this:?|like loading…|related|bookmark the permalink\.?|"
    r"this entry was posted in .*|\d+ \+ \w+ = \.?|"
    # labels that stand alone between paragraphs: ad slots, counters, buttons
    r"advertisement|advert|ads?|sponsored( content)?|comments?|subscribe|share|tweet|print|e-?mail|close|"
    r"caption|back to gallery|you may also like\.*|read more|related (posts|articles|stories):?|"
    r"tell us what you think\.*|more great \w+ stories|loading\.*|skip (to content|advert(isement)?))$",
    re.I,
)


def is_link_list(element) -> bool:
    """A list (or a paragraph) whose text is all link text: the tail of an SEO link block."""
    text = inline_text(element)
    if not text:
        return False
    link_text = sum(len(inline_text(a).replace(" ", "")) for a in element.iter("a"))
    return link_text >= 0.7 * len(text.replace(" ", ""))


def strip_seo_tail(body) -> None:
    """Remove SEO link-farm blocks: a paragraph opening with a known lead and the link lists after it;
    a lead sentence glued to the end of the last text paragraph is cut off at that sentence."""
    blocks = [el for el in body.iter("p", "ul", "ol", "div", "h2", "h3", "h4") if el.getparent() is not None]
    for index, block in enumerate(blocks):
        text = inline_text(block)
        match = find_seo_lead(text)
        if not match:
            continue
        rest = blocks[index + 1:]
        tail_is_links = all(is_link_list(el) or not inline_text(el) or find_seo_lead(inline_text(el))
                            for el in rest if el.getparent() is not None)
        if not tail_is_links:
            continue
        if match.start() == 0:
            _drop(block)
        else:
            _truncate_at(block, match.group(0))
        for el in rest:
            if el.getparent() is not None:
                _drop(el)
        return


def _truncate_at(block, lead: str) -> None:
    """Cut ``block``'s text from the sentence ``lead`` on, keeping the author's sentences before it."""
    for node in [block, *block.iterdescendants()]:
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if value and lead in value:
                setattr(node, attr, value[: value.index(lead)].rstrip() or None)
                _remove_following(node, attr)
                return


def _remove_following(node, attr: str) -> None:
    """Remove everything in document order after the cut point inside the block."""
    start = node if attr == "text" else node.getparent()
    siblings = list(node) if attr == "text" else list(node.itersiblings())
    for sibling in siblings:
        start.remove(sibling)


def _drop(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# class/id words of widgets inside content containers; an element named so is dropped unless it holds
# most of the container's text (a wrapper called "content-with-sidebar" is not a sidebar)
JUNK_NAME = re.compile(
    r"(?:^|[\s_-])(share|shares|sharing|social|related|sidebar|widget|newsletter|subscribe|subscription|promo|"
    r"advert|advertisement|ad|ads|adslot|sponsor|sponsored|cookie|consent|breadcrumbs?|author-?bio|about-?author|"
    r"bio|tags|tag-?list|popup|modal|outbrain|taboola|recirc|more-?stories|read-?more|signup|paywall|toolbar|"
    r"comments?|respond|nav|navigation|menu|footer|disqus|print|rating|reactions|jp-post-flair|wpcnt|"
    r"newsletter-signup|inline-?related|also-?read|most-?popular|trending|caption|gallery|slideshow|credit|"
    r"carousel|lightbox|photo|image|wp-caption-text)(?:$|[\s_-])",
    re.I,
)


@lru_cache(maxsize=65536)
def _names_junk(names: str) -> bool:
    """Class and id names repeat on a page and across a site's pages: each is decided once."""
    return bool(JUNK_NAME.search(names))


JUNK_TAGS = ("nav", "aside", "footer", "form", "header", "figcaption", "button", "select", "label")


def text_lengths(root) -> tuple[dict, dict]:
    """Text length and linked-text length of every element, in one walk."""
    total: dict = {}
    linked: dict = {}
    for event, el in etree.iterwalk(root, events=("end",)):
        own = len((el.text or "").strip())
        children = sum(total[c] + len((c.tail or "").strip()) for c in el if c in total)
        total[el] = own + children
        if el.tag == "a":
            linked[el] = total[el]
        else:
            linked[el] = sum(linked.get(c, 0) for c in el)
    return total, linked


def junk_elements(container) -> list:
    """Elements inside ``container`` that are never main text: widgets by selector, by tag, by class or
    id name, and link lists (mostly link text)."""
    total, linked = text_lengths(container)
    whole = max(total.get(container, 0), 1)
    junk = set(in_body_boilerplate(container))
    for el in container.iter():
        if el is container or not isinstance(el.tag, str):
            continue
        size = total.get(el, 0)
        if el.tag in JUNK_TAGS and size < 0.5 * whole:
            junk.add(el)
            continue
        if el.tag == "figure" and not any(True for _ in el.iter("table", "blockquote", "pre")):
            junk.add(el)  # an image with its caption and credit
            continue
        names = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if names and _names_junk(names) and size < 0.5 * whole:
            junk.add(el)
            continue
        if el.tag in ("ul", "ol", "div", "section", "p", "table", "li", "dl") and size and linked.get(el, 0) / size > 0.6 \
                and size < 0.3 * whole:
            junk.add(el)
    junk.discard(container)
    return [el for el in junk if not any(a in junk for a in el.iterancestors())]


def remove_boilerplate(body) -> None:
    """Drop widgets inside a post body and SEO link blocks at its end, in place."""
    for element in junk_elements(body):
        _drop(element)
    strip_seo_tail(body)

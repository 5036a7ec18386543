"""Page-level facts every platform reads: meta tags, JSON-LD, canonical URL, language, links."""

from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from .text import inline_text
from .tree_index import TreeIndex, select

__all__ = ["Page", "select", "shows_post"]

_LINK_HREFS = etree.XPath("//a/@href | //link[@rel='next' or @rel='prev']/@href", smart_strings=False)
# /path?query#fragment with no dot segments, blanks, backslashes or empty query or fragment to drop
_PLAIN_ROOT_RELATIVE = re.compile(r"/(?!/)[^\s\\]*(?<![?#])")


@lru_cache(maxsize=4096)  # a thread's permalinks name the same few pages many times
def _post_path(url: str) -> str:
    parts = urlsplit(urldefrag(url)[0])
    return parts.netloc + re.sub(r"(index\.html?)?/*$", "", parts.path)


def shows_post(url: str, post: str) -> bool:
    """The page at ``url`` is the post at ``post`` or one of its comment pages (/post/comment-page-2/)."""
    page, named = _post_path(url), _post_path(post)
    return page == named or (page.startswith(named) and "/" in named)  # never the home page's every page


class Page:
    """A parsed page and its URL; the facts are computed once, on first use."""

    def __init__(self, root, url: str) -> None:
        self.root = root
        self.url = url
        self._absolute: dict[str, str] = {}
        parts = urlsplit(url)
        self._origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None

    def absolute(self, href: str) -> str:
        """``href`` resolved against the page's URL, as ``urljoin`` does; a page names the same links
        many times (archives, replies, permalinks), so each is resolved once."""
        found = self._absolute.get(href)
        if found is None:
            if self._origin and _PLAIN_ROOT_RELATIVE.fullmatch(href) and "/." not in href and "?#" not in href:
                found = self._origin + href  # nothing for urljoin to resolve, strip or drop
            else:
                found = urljoin(self.url, href)
            self._absolute[href] = found
        return found

    @cached_property
    def _metas(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for element in self.root.iter("meta"):
            content = (element.get("content") or "").strip()
            if content:
                for attribute in ("name", "property", "itemprop"):
                    key = element.get(attribute)
                    if key:
                        found.setdefault(key.lower(), content)
        return found

    def meta(self, *names: str) -> str | None:
        """The first non-empty <meta> content among ``names`` (name, property or itemprop)."""
        for name in names:
            if name.lower() in self._metas:
                return self._metas[name.lower()]
        return None

    @cached_property
    def assets(self) -> str:
        """Every script src, link href and image src, one a line: what platforms give themselves away by."""
        urls = [el.get("src") or el.get("href") or "" for el in self.root.iter("script", "link", "img")]
        return "\n".join(u for u in urls if u)

    @cached_property
    def script_attributes(self) -> str:
        """Every attribute name of every script element, space-separated (widgets configure by data-*)."""
        return " ".join(name for el in self.root.iter("script") for name in el.attrib)

    @cached_property
    def inline_scripts(self) -> str:
        return "\n".join(el.text or "" for el in self.root.iter("script") if not el.get("src"))

    def has_id(self, element_id: str) -> bool:
        return element_id in self.index.by_id

    def has_class(self, name: str) -> bool:
        return name in self.index.by_class

    def by_id(self, element_id: str):
        """The first element with this id, or None."""
        found = self.index.by_id.get(element_id)
        return found[0] if found else None

    @cached_property
    def index(self) -> TreeIndex:
        """The page's elements by class and by id: one walk answers every simple selector."""
        return TreeIndex(self.root)

    def select(self, css: str) -> list:
        """Like ``select(self.root, css)``, answered from the index where the selector allows."""
        return self.index.select(css)

    def select_first(self, selectors) -> object | None:
        for css in selectors.split(",") if isinstance(selectors, str) else selectors:
            found = self.select(css.strip())
            if found:
                return found[0]
        return None

    @cached_property
    def body_classes(self) -> set[str]:
        body = self.root.find("body")
        return set((body.get("class") or "").split()) if body is not None else set()

    @cached_property
    def generator(self) -> str:
        return self.meta("generator") or ""

    @cached_property
    def canonical_url(self) -> str | None:
        for link in self.root.xpath("//link[@href]"):
            if "canonical" in (link.get("rel") or "").lower().split():
                return urldefrag(urljoin(self.url, link.get("href").strip()))[0]
        return None

    @cached_property
    def language(self) -> str | None:
        lang = self.root.get("lang") or self.meta("og:locale", "language") or ""
        lang = lang.replace("_", "-").split("-")[0].strip().lower()
        return lang or None

    @cached_property
    def json_ld(self) -> list[dict]:
        """Every JSON-LD object on the page, @graph members flattened."""
        found: list[dict] = []
        for script in self.root.xpath('//script[@type="application/ld+json"]'):
            try:
                data = json.loads(script.text or "")
            except ValueError:
                continue
            stack = data if isinstance(data, list) else [data]
            while stack:
                item = stack.pop(0)
                if isinstance(item, dict):
                    found.append(item)
                    stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
        return found

    def article_ld(self) -> dict:
        for item in self.json_ld:
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in ("Article", "BlogPosting", "NewsArticle", "SocialMediaPosting") for k in kinds):
                return item
        return {}

    def ld_author(self) -> str | None:
        author = self.article_ld().get("author")
        if isinstance(author, list):
            author = author[0] if author else None
        if isinstance(author, dict):
            author = author.get("name")
        return author.strip() if isinstance(author, str) and author.strip() else None

    def title_tag(self) -> str | None:
        title = self.root.find(".//title")
        return inline_text(title) or None if title is not None else None

    @cached_property
    def links(self) -> list[str]:
        """Absolute http(s) links of the page, fragments dropped, in page order, each once."""
        seen: dict[str, None] = {}
        for href in dict.fromkeys(_LINK_HREFS(self.root)):  # a page names most links many times
            href = href.strip()
            if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
                continue
            if href.startswith(("http://", "https://")) and "/." not in href:
                absolute = href.split("#", 1)[0]  # already absolute: urljoin would change nothing
            else:
                absolute = self.absolute(href).split("#", 1)[0]
            if absolute.startswith(("http://", "https://")):
                seen.setdefault(absolute, None)
        return list(seen)

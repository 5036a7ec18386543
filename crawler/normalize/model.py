"""What the normalizer returns: small frozen records, turned into the extract JSON at the edge."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from archive.records import Comment

from .embeds import Embeds


@dataclass(frozen=True)
class ListedPost:
    """What the site itself says of a URL it lists as a post: in a feed, a posts sitemap, an API."""

    source: str  # feed, sitemap, api, listing
    title: str | None = None
    author: str | None = None
    published: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Extract:
    url: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    platform: str
    comments_source: str  # inline, none, disqus, ...
    text: str
    comments: list[Comment] = field(default_factory=list)
    page_type: str = "post"  # post, page, listing, other
    canonical_url: str | None = None
    links: list[str] = field(default_factory=list)  # every same-document link, for discovery
    body_source: str = "page"  # page, or where the text came from when the page had none (feed, api)
    post_links: list[str] = field(default_factory=list)  # on a listing: the posts it shows excerpts of
    embeds: Embeds = Embeds()  # feeds, API ids and widget targets: what the crawl asks for next

    def to_json(self) -> dict:
        """The extract JSON of the command-line contract (links are for the crawler, not printed)."""
        data = asdict(self)
        data.pop("links")
        data.pop("post_links")
        data.pop("embeds")
        data["comments"] = [
            {key: c[key] for key in ("id", "parent_id", "author", "author_url", "published", "text",
                                     "is_spam", "spam_reason", "duplicate_of", "kind")}
            for c in data["comments"]
        ]
        return data

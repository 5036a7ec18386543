"""Where a post's comments live when the page only embeds a widget: recorded on the post."""

from __future__ import annotations

from crawler.normalize import Extract

NOT_FETCHED = ("facebook", "unknown-widget", "ghost-api", "squarespace-api", "medium-api")


def external_thread(page: Extract, post_url: str) -> str | None:
    """``disqus:forum/identifier (not captured)`` and the like, or None when the thread is in the page."""
    if page.comments:
        return None
    if page.comments_source == "disqus":
        forum, ident = page.embeds.disqus or ("?", None)
        return f"disqus:{forum}/{ident or post_url} (not captured)"
    if page.comments_source in NOT_FETCHED:
        return f"{page.comments_source} (not captured)"
    return None

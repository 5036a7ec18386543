"""Where a post's comments live when the page only embeds a widget: recorded on the post."""

from __future__ import annotations

import re

from crawler.normalize import Extract

_DISQUS_FORUM = re.compile(r"""(?:disqus_shortname\s*=\s*|s\.src\s*=\s*['"]https?://)['"]?([\w-]+)(?:\.disqus\.com)?""")
_DISQUS_ID = re.compile(r"""(?:this\.page\.identifier|disqus_identifier)\s*=\s*['"]([^'"]+)['"]""")
NOT_FETCHED = ("facebook", "unknown-widget", "ghost-api", "squarespace-api", "medium-api")


def external_thread(page: Extract, scripts: str, post_url: str) -> str | None:
    """``disqus:forum/identifier (not captured)`` and the like, or None when the thread is in the page.

    ``scripts``: the page's inline script texts and script URLs, one a line.
    """
    if page.comments:
        return None
    if page.comments_source == "disqus":
        forum = _DISQUS_FORUM.search(scripts)
        ident = _DISQUS_ID.search(scripts)
        return f"disqus:{forum.group(1) if forum else '?'}/{ident.group(1) if ident else post_url} (not captured)"
    if page.comments_source in NOT_FETCHED:
        return f"{page.comments_source} (not captured)"
    return None

"""The demo blog served for crawl benchmarks: generated posts on one or more hosts of 127.0.0.1.

A crawl benchmark must measure the crawler, not the demo's renderer (a post page of the generated blog
takes milliseconds of Python to render): each page is rendered once, on the first request for it, and
served from memory after that. Every site serves the same posts under its own host (127.0.0.1,
127.0.0.2, ...), so a crawler gives each one a politeness slot of its own, as it would separate blogs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from reprocess_speed import generated_posts  # noqa: E402

from crawler.demo import content  # noqa: E402
from crawler.demo.server import DemoServer  # noqa: E402
from crawler.demo.site import DemoSite  # noqa: E402


class RenderedOnce(DemoSite):
    """The demo site with each answer kept after the first request for its path."""

    def __init__(self, base_url: str, **options) -> None:
        super().__init__(base_url, **options)
        self._answers: dict[str, tuple[int, str, bytes]] = {}

    def respond(self, target: str) -> tuple[int, str, bytes]:
        answer = self._answers.get(target)
        if answer is None:
            answer = self._answers[target] = super().respond(target)
        return answer


def serve(posts: int, comments: int, *, sites: int = 1, comment_threads_per_page: int = 0) -> list[DemoServer]:
    """Start ``sites`` demo blogs of ``posts`` generated posts with ``comments`` threaded comments each.

    ``comment_threads_per_page=0`` puts a post's whole thread on its page, as WordPress does with comment
    paging off, so each post is one response. Call ``stop()`` on each server when done."""
    if sites > 250:
        raise ValueError(f"at most 250 sites (127.0.0.1 to 127.0.0.250), not {sites}")
    content.POSTS[:] = generated_posts(posts, comments)  # the demo site serves these
    servers = []
    for number in range(1, sites + 1):
        server = DemoServer(host=f"127.0.0.{number}")
        server.site = RenderedOnce(server.base_url, comment_threads_per_page=comment_threads_per_page)
        servers.append(server.start())
    return servers

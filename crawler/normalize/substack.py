"""Substack: the post page carries no comments; they come from /api/v1/post/ID/comments."""

from __future__ import annotations

from .page import Page
from .platform import Platform


def detect(page: Page) -> bool:
    if page.generator.lower().startswith("substack"):
        return True
    return "substackcdn.com" in page.assets


PLATFORM = Platform(
    name="substack",
    detect=detect,
    body=(".available-content .body.markup", ".body.markup", ".available-content", ".post-content"),
    title=("h1.post-title", "h1[data-testid=post-title]", ".post-header h1"),
    author=(".post-header .profile-hover-card-target a", ".byline-names a", "[data-testid=byline] a"),
    published=("time[datetime]", ".post-date", ".pencraft.pc-reset.meta"),
    external_comments="substack-api",
)

"""Blogger / Blogspot: classic and threaded comment templates, inline in the post page."""

from __future__ import annotations

import re

from .comment_nodes import CommentMarkup
from .page import Page
from .platform import Platform

# Threaded comments: li.comment#c<id>, replies in .comment-replies of their parent
THREADED = CommentMarkup(
    node_tags=("li",),
    id_pattern=re.compile(r"^c(\d+)$"),
    author=("cite.user", ".comment-author", ".user"),
    content=(".comment-content",),
    date=(".datetime a", ".datetime", ".comment-timestamp a"),
    not_text=".comment-header, .comment-actions, .comment-replybox-single, .thread-toggle, .continue, .avatar-image-container",
    kinds={},
)


def detect(page: Page) -> bool:
    if page.generator.lower() == "blogger":
        return True
    return "blogger.com/feeds" in page.assets or ".blogspot.com" in page.assets


PLATFORM = Platform(
    name="blogger",
    detect=detect,
    body=(".post-body.entry-content", ".post-body", "[itemprop~=articleBody]"),
    title=("h3.post-title", "h1.post-title", ".post-title.entry-title", ".entry-title"),
    author=(".post-author .fn [itemprop=name]", ".post-author .fn", ".byline.post-author .fn", ".post-author a",
            ".g-profile span"),
    published=("time.published[datetime]", "abbr.published[title]", ".post-timestamp abbr[title]", ".date-header span"),
    comments=(THREADED,),
    comment_section="#comments, .comments",
)

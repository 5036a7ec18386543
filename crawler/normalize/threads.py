"""Finish a page's comment list: unique ids, duplicates linked to their first copy, spam flagged."""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Comment
from .spam import classify

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _fingerprint(comment: Comment) -> tuple[str, str]:
    """Author and text with case, punctuation and spacing ignored: a double post differs by a full stop."""
    return (_NOT_WORD.sub(" ", (comment.author or "").lower()).strip(),
            _NOT_WORD.sub(" ", comment.text.lower()).strip())


def finish_comments(comments: list[Comment], post_text: str | None = None) -> list[Comment]:
    """Return the comments in page order with ``duplicate_of``, ``is_spam`` and unique ids set.

    A comment id seen twice (a thread rendered twice) gets a suffixed id and points at the first; a
    comment whose author and text repeat an earlier one (a double post) points at that one.
    """
    first_by_id: dict[str, str] = {}
    first_by_print: dict[tuple[str, str], str] = {}
    renamed: dict[str, str] = {}
    finished: list[Comment] = []
    for comment in comments:
        duplicate_of = None
        comment_id = comment.id
        parent = comment.parent_id
        if comment_id in first_by_id:
            # a repeated thread: its replies hang under the repeated copy of their parent
            parent = renamed.get(parent, parent)
            duplicate_of = comment_id
            copy = 2
            while f"{comment.id}~{copy}" in first_by_id:
                copy += 1
            comment_id = f"{comment.id}~{copy}"
            renamed[comment.id] = comment_id
        first_by_id[comment_id] = comment_id
        printed = _fingerprint(comment)
        if duplicate_of is None and printed[1] and printed in first_by_print:
            duplicate_of = first_by_print[printed]
        first_by_print.setdefault(printed, comment_id)
        verdict = classify(comment.text, comment.author, comment.author_url, post_text) if comment.kind == "comment" else None
        finished.append(replace(
            comment,
            id=comment_id,
            parent_id=parent,
            duplicate_of=duplicate_of,
            is_spam=bool(verdict and verdict.is_spam),
            spam_reason=verdict.reason if verdict else None,
        ))
    return finished

"""The comment-spam classifier on its labelled examples (tests/fixtures/spam/comments.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.normalize.spam import classify

LABELLED = [json.loads(line) for line in
            (Path(__file__).parent / "fixtures" / "spam" / "comments.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("example", [e for e in LABELLED if e["is_spam"]], ids=lambda e: f"{e['category']}:{e['author']}")
def test_spam_is_flagged_with_a_reason(example):
    verdict = classify(example["text"], example["author"], example["author_url"])
    assert verdict.is_spam and verdict.reason


def test_real_comments_are_not_flagged():
    # every approved comment of the seed captures, and the ones written to sound like spam without being it
    flagged = [e for e in LABELLED if not e["is_spam"] and classify(e["text"], e["author"], e["author_url"]).is_spam]
    assert flagged == []


def test_praise_that_engages_with_the_post_is_not_spam():
    post = "Silence in therapy is rarely empty. It can hold grief, resistance, relief, or simply thinking."
    assert classify("Great post! I will bookmark your blog.", post_text=post).is_spam
    assert not classify("Great post, the part about silence holding grief and resistance rang true.", post_text=post).is_spam

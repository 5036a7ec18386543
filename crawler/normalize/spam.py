"""Flag comment spam from text signals. Flagged comments are kept: the archive drops nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL = re.compile(r"https?://|www\.", re.I)
_RULES: list[tuple[str, re.Pattern]] = [
    ("commercial keywords", re.compile(
        r"\b(viagra|cialis|casino|poker|betting|payday loans?|cbd (oil|gumm)|essay (writing|service)|"
        r"write my (essay|paper)|replica (watches|bags)|crypto (signals|trading bot)|seo services?|"
        r"buy (cheap|followers)|weight loss pills?|keto (pills|gummies))\b", re.I)),
    ("product testimonial", re.compile(
        r"(exceeded my expectations|life[- ]changing product|highly recommend (this|their) "
        r"(product|service)|begin your transformation|awesome results)", re.I)),
    ("generic flattery", re.compile(
        r"^(great|nice|awesome|amazing|excellent|wonderful|informative) (post|article|blog|read|share)"
        r"|bookmark(ed)? your (blog|site)|keep up the (good|great) work|i will (definitely )?(bookmark|share)"
        r"|thanks? for (sharing|this) (such )?(a )?(great|nice|wonderful|informative)", re.I)),
]
_KEYWORD_AUTHOR = re.compile(r"\b(buy|cheap|best|online|loans?|casino|seo|pills|review|discount|agency)\b", re.I)


@dataclass(frozen=True)
class SpamVerdict:
    is_spam: bool
    reason: str | None = None


def classify(text: str, author: str | None = None, author_url: str | None = None) -> SpamVerdict:
    """Decide on the comment's own text and byline; ``reason`` says which signal fired."""
    links = len(_URL.findall(text))
    words = len(text.split())
    if links >= 3 or (links >= 1 and words < 8):
        return SpamVerdict(True, f"link-stuffed ({links} links in {words} words)")
    if author and author_url and _KEYWORD_AUTHOR.search(author):
        return SpamVerdict(True, "keyword author name with link")
    for reason, pattern in _RULES:
        if pattern.search(text):
            # flattery is spam only when it is all there is: a long comment that opens kindly is not
            if reason == "generic flattery" and words > 40:
                continue
            return SpamVerdict(True, reason)
    return SpamVerdict(False)

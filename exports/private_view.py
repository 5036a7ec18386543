"""Posts and comments as they may leave the archive: commenters under pseudonyms, personal data in the
text replaced by typed placeholders, commenters' URLs and avatars never included, and every record
carrying the capture it was read from."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from .pseudonyms import Pseudonyms
from .redact import redact
from .threads import Provenance, ThreadComment, ThreadPost

SPLITS = (("train", 0.8), ("validation", 0.9), ("test", 1.0))


def _version() -> str:
    try:
        return version("therapy-archive")
    except PackageNotFoundError:
        return "unknown"


NORMALIZER_VERSION = f"therapy-archive {_version()}"


@dataclass(frozen=True)
class Privacy:
    redact: bool = True  # emails, phones, addresses, @handles, profile URLs in text become placeholders
    pseudonymize_authors: bool = False  # post authors too (they published under their name: kept by default)


@dataclass
class PrivacyTally:
    redacted: Counter = field(default_factory=Counter)  # placeholders put in, by label
    commenters: set = field(default_factory=set)  # pseudonyms given


def split_of(key: str, seed: int) -> str:
    """train, validation or test (80/10/10), the same for the same key and seed whatever else is exported."""
    share = int.from_bytes(hashlib.sha256(f"{seed}\x1f{key}".encode("utf-8")).digest()[:8], "big") / 2**64
    return next(name for name, upto in SPLITS if share < upto)


class PrivateView:
    """Turns ``ThreadPost`` records into the dicts an export writes."""

    def __init__(self, privacy: Privacy, pseudonyms: Pseudonyms, tally: PrivacyTally | None = None) -> None:
        self.privacy = privacy
        self.pseudonyms = pseudonyms
        self.tally = tally if tally is not None else PrivacyTally()

    def record(self, post: ThreadPost, split: str) -> dict:
        """The post with its comments nested, in the order of docs/dataset-schema.md."""
        names = {c.author: self.pseudonyms(c.author) for c in post.comments if c.author}
        author = self.pseudonyms(post.author) if self.privacy.pseudonymize_authors else post.author
        if self.privacy.pseudonymize_authors and post.author:
            names[post.author] = author
        self.tally.commenters.update(names.values())
        return {
            "id": post.id, "url": post.url, "site": post.site, "title": self._clean(post.title, names),
            "author": author, "published": post.published, "language": post.language, "platform": post.platform,
            "split": split, "text": self._clean(post.text, names) or "",
            **_provenance(post.provenance),
            "comments": [self._comment(c, names) for c in post.comments],
        }

    def _comment(self, comment: ThreadComment, names: dict) -> dict:
        return {"id": comment.id, "parent_id": comment.parent_id, "author": names.get(comment.author),
                "published": comment.published, "text": self._clean(comment.text, names) or "",
                "is_spam": comment.is_spam, "duplicate_of": comment.duplicate_of, "kind": comment.kind,
                **_provenance(comment.provenance)}

    def _clean(self, text: str | None, names: dict) -> str | None:
        if not text or not self.privacy.redact:
            return text
        result = redact(text, names)
        self.tally.redacted.update(result.found)
        return result.text


def _provenance(p: Provenance) -> dict:
    return {"capture_url": p.capture_url, "fetched_at": p.fetched_at, "warc_file": p.warc_file,
            "warc_offset": p.warc_offset, "warc_record_id": p.warc_record_id, "normalizer": NORMALIZER_VERSION}

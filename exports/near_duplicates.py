"""Posts that are one text under two addresses (a syndicated copy, a post moved to a new host): found by
MinHash over word shingles, so a dataset counts each text once."""

from __future__ import annotations

import re
import zlib
from typing import Iterable

SHINGLE = 5  # words per shingle: long enough that shared stock phrases do not make two posts alike
THRESHOLD = 0.8  # estimated Jaccard similarity from which two posts are one
PERMUTATIONS = 64
MIN_WORDS = 30  # shorter texts are too short to call copies of each other
_WORD = re.compile(r"\w+", re.UNICODE)


def near_duplicates(posts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{post id: id of the earlier post it copies}`` for ``(id, text)`` pairs, in the order given (the
    first of a group is the one kept)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    # crc32: a stable 32-bit hash, several times cheaper than datasketch's default sha1 on short shingles;
    # the permutations are drawn once, and each post's sketch copies them
    empty = MinHash(num_perm=PERMUTATIONS, seed=1, hashfunc=zlib.crc32)
    copies: dict[str, str] = {}
    for post_id, text in posts:
        words = _WORD.findall(text.lower())
        if len(words) < MIN_WORDS:
            continue
        sketch = empty.copy()
        sketch.update_batch([" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)])
        found = lsh.query(sketch)
        if found:
            copies[post_id] = min(found)  # the kept post; ids come in order, so the earliest
            continue
        lsh.insert(post_id, sketch)
    return copies

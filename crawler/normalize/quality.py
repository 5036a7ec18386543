"""Text as a reader should see it: mojibake repaired, and the language the text is really in."""

from __future__ import annotations

import math
import re
import unicodedata

from ftfy import fix_text
from ftfy.badness import is_bad

# UTF-8 read as windows-1252 or latin-1 leaves a lead byte (Ã, Â, â, Ð, Ø ...) before a symbol or a
# continuation byte: a cheap test that spares ftfy's slower one on clean text
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00df\u00e2-\u00ef][\u0080-\u00bf\u0152-\u0178\u02c6-\u02dc\u2013-\u203a\u20ac\u2122]")
MIN_TEXT_FOR_LANGUAGE_ID = 200  # below this the page's declared language is the better guess


def repair(text: str | None) -> str | None:
    """Undo mojibake ("cafÃ©" -> "café") only where ftfy sees its signs; NFC always."""
    if not text:
        return text
    if _MOJIBAKE_HINT.search(text) and is_bad(text):
        text = fix_text(text, normalization="NFC", uncurl_quotes=False)
    return unicodedata.normalize("NFC", text)


def language_of(text: str, declared: str | None) -> str | None:
    """ISO 639-1 code of ``text``: identified from the text itself when there is enough of it and the
    identifier is confident, else what the page declares."""
    if len(text) < MIN_TEXT_FOR_LANGUAGE_ID:
        return declared or (_identify(text) if len(text) >= 40 else None)
    return _identify(text) or declared


def _identify(text: str) -> str | None:
    import py3langid  # loads its model on first use (about 0.5 s)

    ranked = py3langid.rank(text[:600])
    language, best = ranked[0]
    confidence = 1.0 / sum(math.exp(score - best) for _, score in ranked)  # softmax of the log-probabilities
    return language if confidence >= 0.9 else None


def load_models() -> None:
    """Load the language model now rather than on the first page (worker processes forked afterwards
    share it instead of loading one each)."""
    _identify("A sentence long enough to be identified as written in English, loading the model.")

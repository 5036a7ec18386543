"""Dates in any form a blog prints them, to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


# The forms blog themes print most, tried before dateparser (which is slow when it must guess the language).
_COMMON_FORMATS = (
    ("%B %d, %Y %I:%M %p", True), ("%B %d, %Y %H:%M", True), ("%d %B %Y %I:%M %p", True),
    ("%d %B %Y %H:%M", True), ("%B %d, %Y", False), ("%d %B %Y", False), ("%b %d, %Y", False),
    ("%d %b %Y", False), ("%Y/%m/%d", False), ("%m/%d/%Y %I:%M %p", True), ("%d.%m.%Y", False),
    ("%d.%m.%Y %H:%M", True), ("%d.%m.%y %H:%M", True), ("%d.%m.%y", False),
)


def _common_format(value: str) -> str | None:
    value = re.sub(r"\b([ap])\.\s?m\.?(?=\W|$)", r"\1m", value, flags=re.I)  # 6:41 p.m.
    value = re.sub(r"\bnoon\b", "12:00 pm", re.sub(r"\bmidnight\b", "12:00 am", value, flags=re.I), flags=re.I)
    value = re.sub(r"(?<![:\d])(\d{1,2})\s*([ap]m)\b", r"\1:00 \2", value, flags=re.I)  # "1 pm"
    cleaned = re.sub(r"\s+(at|@|-|–|,)\s+", " ", value.strip()).replace(",", ", ").replace(" ,", ",")
    cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for fmt, has_time in _COMMON_FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()
    return None


def iso_date(value: str | None, *, relative_to: datetime | None = None, language: str | None = None) -> str | None:
    """``"2021-03-03T16:15:00+00:00"``, ``"March 3, 2021 at 4:15 pm"``, ``"2 years ago"`` -> ISO 8601."""
    if not value:
        return None
    value = " ".join(value.split())
    if _ISO.match(value):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.date().isoformat() if len(value) == 10 else parsed.isoformat()
    if len(value) > 80:  # a sentence, not a date
        return None
    return _common_format(value) or _parse_free_text(value, relative_to.isoformat() if relative_to else None,
                                                     language)


@lru_cache(maxsize=4096)
def _parse_free_text(value: str, relative_to: str | None, language: str | None) -> str | None:
    import dateparser  # slow to import: only when a page prints dates as prose

    cleaned = re.sub(r"\bat\b", " ", value, flags=re.I)
    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if relative_to:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(relative_to).replace(tzinfo=None)
    # naming the page's language spares dateparser from trying all 200 of its locales
    languages = [language] if language and language in _dateparser_languages() else None
    parsed = dateparser.parse(cleaned, settings=settings, languages=languages)
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}|\bago\b", value))
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()


@lru_cache(maxsize=1)
def _dateparser_languages() -> frozenset[str]:
    from dateparser.languages.loader import default_loader

    return frozenset(default_loader.get_locale_map().keys())

"""Dates in any form a blog prints them, to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def iso_date(value: str | None, *, relative_to: datetime | None = None) -> str | None:
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
    return _parse_free_text(value, relative_to.isoformat() if relative_to else None)


@lru_cache(maxsize=4096)
def _parse_free_text(value: str, relative_to: str | None) -> str | None:
    import dateparser  # slow to import: only when a page prints dates as prose

    cleaned = re.sub(r"\bat\b", " ", value, flags=re.I)
    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if relative_to:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(relative_to).replace(tzinfo=None)
    parsed = dateparser.parse(cleaned, settings=settings)
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}|\bago\b", value))
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()

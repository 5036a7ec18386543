"""Dates as the archive compares them: in UTC, one format, whatever offset the site printed."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache


@lru_cache(maxsize=65536)
def to_utc(value: str | None) -> str | None:
    """``published`` in UTC as ``YYYY-MM-DDTHH:MM:SSZ``; a bare date stays a date.

    A time printed without an offset is taken as UTC: blogs that omit it mostly run on UTC servers, and
    one zone for all keeps text ranges and pandas' ``parse_dates`` right. Unreadable input gives None."""
    if not value:
        return None
    text = value.strip()
    if len(text) == 10:
        try:
            return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

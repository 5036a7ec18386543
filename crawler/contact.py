"""The crawl's contact (ARCHIVE_CONTACT): how a site owner reaches whoever runs the crawl. It is sent in
every request's User-Agent and kept in the crawl's row; a crawl without one is warned about, once."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

NO_CONTACT = ('no contact set: site owners cannot reach you; add contact = "you@example.org" to '
              "therapy-archive.toml or -s ARCHIVE_CONTACT=...")


def contact_of(settings) -> str | None:
    """The contact the crawl was given, or None."""
    return str(settings.get("ARCHIVE_CONTACT") or "").strip() or None


def user_agent(settings) -> str:
    """USER_AGENT with its ``{contact}`` placeholder filled: what the sites see, and what the crawl records."""
    return str(settings.get("USER_AGENT") or "").replace("{contact}", contact_of(settings) or "not set")


def warn_if_no_contact(settings) -> None:
    """Log NO_CONTACT (at WARNING, logger ``crawler.contact``) when the crawl has no contact."""
    if contact_of(settings) is None:
        logger.warning(NO_CONTACT)

"""Re-crawls that fetch and store only what changed.

A page the archive already holds is asked for with its validators (If-None-Match, If-Modified-Since).
A 304 Not Modified, or a 200 whose payload digest equals the held one, is written as a WARC ``revisit``
record (identical-payload-digest profile, WARC-Refers-To the held capture) instead of a second copy. On
a 304 the crawl goes on with the held response, read back from its WARC file, so the page's links and
comments are read as if fetched; the revisit record carries that response's headers, so pywb replays
the page at the revisit's date (a 304 in the record would replay as an empty 304), and the metadata
record beside it says the server answered 304.
"""

from __future__ import annotations

import base64
import hashlib

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from archive.records import Capture
from archive.stats import WARC_FOLDER
from archive.warc_reader import RecordNotFound, read_entry
from archive.warc_writer import IDENTICAL_PAYLOAD, Revisited

from .session import ArchiveSession

_CONDITIONAL = (b"If-None-Match", b"If-Modified-Since")


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest warcio writes for ``body`` (SHA-1, base32)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


class ConditionalRequestMiddleware:
    """Sends back the validators of the archive's latest full capture of a URL (REVALIDATE, on by default)."""

    def __init__(self, session: ArchiveSession) -> None:
        self.session = session

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("REVALIDATE"):
            raise NotConfigured
        return cls(ArchiveSession.of(crawler))

    def process_request(self, request: Request):
        if request.method != "GET" or request.meta.get("dont_revalidate") or self.session.failure:
            return None
        held = self.session.store.last_full_capture(request.url)
        if held is None:
            return None
        request.meta["held_capture"] = held
        if held.etag:
            request.headers.setdefault(b"If-None-Match", held.etag)
        if held.last_modified:
            request.headers.setdefault(b"If-Modified-Since", held.last_modified)
        return None


def revisit_of(request: Request, status: int, body: bytes) -> Revisited | None:
    """The held capture a response repeats, if it does: a 304 to a conditional request, or a 200 with the
    held payload."""
    held: Capture | None = request.meta.get("held_capture")
    if held is None or not held.payload_digest:
        return None
    if (status == 304 and any(name in request.headers for name in _CONDITIONAL)) or \
            (status == 200 and payload_digest(body) == held.payload_digest):
        return Revisited(held.url, held.warc_record_id, held.fetched_at, held.payload_digest, IDENTICAL_PAYLOAD)
    return None


def held_response(session: ArchiveSession, request: Request, held: Capture):
    """The held capture as the response to ``request`` (status, headers and body as first sent, still
    content-encoded for the decompression middleware), or a fresh unconditional request when its WARC
    record cannot be read."""
    try:
        entry = read_entry(session.archive_dir / WARC_FOLDER / held.warc_file, held.warc_offset)
    except (RecordNotFound, OSError):
        return request.replace(headers={k: v for k, v in request.headers.items() if k not in _CONDITIONAL},
                               meta=dict(request.meta, dont_revalidate=True), dont_filter=True)
    headers = Headers([(name, value) for name, value in entry.http_headers.headers])
    cls = responsetypes.from_args(headers=headers, url=request.url, body=entry.payload)
    return cls(url=request.url, status=int(entry.http_headers.get_statuscode()), headers=headers,
               body=entry.payload, request=request, flags=["revisit"])

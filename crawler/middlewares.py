"""Downloader middlewares: the WARC recorder and retries with exponential backoff."""

from __future__ import annotations

import email.utils
import sqlite3
import time
from http import HTTPStatus
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware

from archive.records import Capture
from archive.warc_reader import cut_short
from archive.warc_writer import HttpExchange

from .contact import user_agent
from .limits import ResponseLimit
from .politeness import pause
from .progress import count_for_site
from .revisits import held_response, revisit_of
from .session import ArchiveSession

# The HTTP client removed the chunking before we see the body; a header claiming it would misdescribe
# the stored bytes, so it is kept under another name.
_RENAMED_HEADERS = {b"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}


def _header_pairs(headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        shown = _RENAMED_HEADERS.get(name.lower(), name.decode("latin-1"))
        for value in values:
            pairs.append((shown, value.decode("latin-1")))
    return pairs


def exchange_of(request: Request, response) -> HttpExchange:
    """The request and response as they went over the wire (the body still content-encoded)."""
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = _header_pairs(request.headers)
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", parts.netloc))
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return HttpExchange(
        url=request.url,
        method=request.method,
        request_target=target,
        request_headers=request_headers,
        request_body=request.body or b"",
        protocol=getattr(response, "protocol", None) or "HTTP/1.1",
        status=response.status,
        reason=reason,
        response_headers=_header_pairs(response.headers),
        response_body=response.body,
        ip_address=str(response.ip_address) if getattr(response, "ip_address", None) else None,
    )


def crawl_context(request: Request) -> dict[str, str]:
    """The handler the crawl gave a response to, and the facts it was asked with: written beside the
    response, so ``reprocess`` hands it to the same handler with the same facts."""
    return {"handler": request.meta.get("handler") or "", **request.meta.get("context", {})}


class WarcRecorderMiddleware:
    """Appends every HTTP exchange to the archive's WARC files and records it in ``captures``.

    Sits above HttpCompressionMiddleware so it stores the body as it came over the wire. The
    capture's id (its WARC-Record-ID) goes into ``request.meta["capture_id"]`` for the item pipeline.
    """

    def __init__(self, session: ArchiveSession, limit: ResponseLimit | None = None) -> None:
        self.session = session
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler):
        return cls(ArchiveSession.of(crawler), crawler.get_extension(ResponseLimit))

    def process_response(self, request: Request, response):
        if "cached" in response.flags:  # replayed from Scrapy's HTTP cache: recorded when it was fetched
            return response
        if self.session.failure:  # the archive cannot keep it: nothing more is handed on
            raise IgnoreRequest(f"not archived: {self.session.failure}")
        try:
            return self._record(request, response)
        except (sqlite3.Error, OSError) as exc:
            self.session.fail("writing the WARC record or its capture row", exc)
            raise IgnoreRequest(f"not archived: {self.session.failure}") from None

    def _record(self, request: Request, response):
        self.session.crawler.stats.inc_value("therapy_archive/bytes_received", len(response.body))  # as sent
        count_for_site(self.session.crawler.stats, request.url, "bytes", len(response.body))
        revisit = revisit_of(request, response.status, response.body)
        context = crawl_context(request)
        if revisit is not None and response.status == 304:
            # not modified: the crawl goes on with the page as the archive holds it, and the WARC says so
            # with a revisit record carrying the held response's headers (what pywb replays); the 304 is
            # noted in the metadata record
            held = held_response(self.session, request, request.meta["held_capture"])
            if isinstance(held, Request):  # the held record cannot be read: fetched again, unconditionally
                return held
            response, context = held, dict(context, server_status="304")
        if self.limit is not None and not self.limit.take():  # in flight when --max-pages was reached
            raise IgnoreRequest(f"not archived: --max-pages {self.limit.limit} reached")
        location = self.session.writer.write_exchange(exchange_of(request, response), revisit)
        fetched_at = location.warc_date  # the record's own WARC-Date: what reprocess reads back
        capture = Capture(
            url=request.url,
            status=response.status,
            fetched_at=fetched_at,
            content_type=_header(response, b"Content-Type"),
            warc_file=location.warc_file,
            warc_offset=location.offset,
            warc_length=location.length,
            warc_record_id=location.record_id,
            payload_digest=location.payload_digest,
            crawl_id=self.session.crawl_id,
            refers_to=revisit.record_id if revisit else None,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )
        self.session.store.add_capture(capture)
        self.session.writer.write_metadata(request.url, location.record_id, context)
        request.meta["capture_id"] = capture.id
        request.meta["fetched_at"] = fetched_at
        if revisit is not None:
            self.session.crawler.stats.inc_value("therapy_archive/revisits")
        encoding = response.headers.get(b"Content-Encoding")
        if cut_short(encoding.decode("latin-1") if encoding else None, response.body):
            request.meta["cut_short"] = True  # kept as evidence; not cleaned into rows as if it were whole
        return response


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's User-Agent middleware, with the crawl's contact (ARCHIVE_CONTACT) put into the
    ``{contact}`` placeholder of USER_AGENT, so a site owner can reach whoever runs the crawl."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(user_agent(crawler.settings))


def retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, spaced out: base * 2**attempt seconds, or what Retry-After asks (capped)."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def delay_for(self, request: Request, response=None) -> float:
        attempt = request.meta.get("retry_times", 0)
        delay = self.base * (2 ** attempt)
        if response is not None:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            if asked is not None:
                delay = max(delay, asked)
        return min(delay, self.cap)

    async def process_response(self, request: Request, response):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await pause(self.delay_for(request, response))
        return result

    async def process_exception(self, request: Request, exception: Exception):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await pause(self.delay_for(request))
        return result

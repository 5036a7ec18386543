"""WARC records into archive rows through the crawl's own response handlers: what ``reprocess`` and
``ingest`` share. No Scrapy, no network.

A response this project's crawl wrote is followed by a metadata record naming its handler and the facts
it was asked with, so it is handled exactly as the crawl handled it. A response from elsewhere (wget,
Browsertrix, Common Crawl) has none: its handler is inferred from what it is (an HTML page, a feed, a
sitemap, robots.txt) and its site from the archive's sites or its origin; such files are read twice,
first for what their feeds and sitemaps list as posts. A WET conversion record is read as a text capture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from concurrent.futures import Executor
from typing import Callable
from urllib.parse import urlsplit

from archive.records import Capture, Post
from archive.store import Store
from archive.stats import WARC_FOLDER
from archive.warc_reader import (RecordNotFound, UndecodableBody, WarcDamage, WarcEntry, decode_payload,
                                 read_entry, scan)

from .handlers import CrawlState, Response, handle, reads_a_page
from .handlers.pages import read_page
from .normalize import NotHTML, extract_plain
from .normalize.context import is_storable
from .urls import post_key

BATCH = 2000  # records written per transaction
WINDOW = 256  # responses read ahead, whose pages the worker processes read at once
WINDOW_BYTES = 64 * 1024 * 1024  # and no more than this many bytes of their bodies
_LISTING_HANDLERS = ("feed", "sitemap")


@dataclass
class IntakeResult:
    files: int = 0
    responses: int = 0
    records: int = 0  # WARC records read
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # one line each: damaged stretches, unreadable records

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


class WarcIntake:
    """Reads WARC files into one store, keeping one crawl state across them (as one crawl would)."""

    def __init__(self, store: Store, *, crawl_status: str, progress: Callable[[int], None] | None = None,
                 pool: Executor | None = None) -> None:
        self.store = store
        self.pool = pool  # worker processes for the normalizer, or None to read pages here
        self.state = CrawlState(follow_links=False)
        self.result = IntakeResult()
        self.crawl_status = crawl_status  # for crawls rows made from warcinfo records: reprocessed, ingested
        self.progress = progress or (lambda done: None)  # told the bytes read so far of the current file
        self._roots = sorted((row[0] for row in store.db.execute("select url from sites")), key=len, reverse=True)
        self._crawls: set[str] = set()
        self._crawl: str | None = None  # the crawl whose files are being read
        self._batch: list = []
        self._window: list[tuple[Response, Capture, bool]] = []
        self._window_bytes = 0
        self._located: dict[str, tuple[Path, int]] = {}  # response records read so far: id -> (file, offset)
        self.archive_warc = store.path.parent / WARC_FOLDER  # where the archive's own WARC files are
        self._problems: list[tuple[int, str]] = []  # (offset, line) of the file being read

    def read(self, path: Path) -> None:
        self.result.files += 1
        if not self._ours(path):
            self._read(path, only=_LISTING_HANDLERS, write=False)  # first what its feeds and sitemaps list
        self._read(path)
        self._flush()
        self.result.problems += [line for _, line in sorted(self._problems)]  # in file order
        self._problems = []

    # --- one pass over a file ---------------------------------------------------------------------------
    def _read(self, path: Path, *, only: tuple[str, ...] | None = None, write: bool = True) -> None:
        crawl_id = None
        pending: tuple[WarcEntry, Capture] | None = None
        for entry in scan(path):
            if isinstance(entry, WarcDamage):
                if write:
                    self._problems.append((entry.offset, f"{path.name}@{entry.offset}: {entry.message}"))
                continue
            if write:
                self.result.records += 1
                self.progress(entry.offset + entry.length)
            if entry.rec_type == "metadata" and pending is not None \
                    and entry.header("WARC-Concurrent-To") == pending[1].warc_record_id:
                self._handle(pending, _context(entry.payload), only, write)
                pending = None
                continue
            if entry.rec_type in ("response", "revisit", "warcinfo", "conversion") and pending is not None:
                self._handle(pending, None, only, write)  # a response nothing described: from elsewhere
                pending = None
            if entry.rec_type == "warcinfo":
                crawl_id = self._warcinfo(entry) if write else None
            elif entry.rec_type in ("response", "revisit") and entry.http_headers is not None:
                pending = (entry, self._capture(entry, path.name, crawl_id, write))
                if entry.rec_type == "response":
                    self._located[pending[1].id] = (path, entry.offset)
            elif entry.rec_type == "conversion" and write:
                self._text_capture(entry, self._capture(entry, path.name, crawl_id, write))
        if pending is not None:
            self._handle(pending, None, only, write)
        self._drain()

    def _capture(self, entry: WarcEntry, warc_file: str, crawl_id: str | None, write: bool) -> Capture:
        headers = entry.http_headers
        capture = Capture(
            url=entry.header("WARC-Target-URI") or "",
            status=int(headers.get_statuscode() or 0) if headers is not None else 0,
            fetched_at=entry.header("WARC-Date") or "",
            content_type=(headers.get_header("Content-Type") if headers is not None else None)
            or (entry.header("Content-Type") if entry.rec_type == "conversion" else None),
            warc_file=warc_file, warc_offset=entry.offset, warc_length=entry.length,
            warc_record_id=entry.header("WARC-Record-ID") or "",
            payload_digest=entry.header("WARC-Payload-Digest") or entry.header("WARC-Block-Digest"),
            crawl_id=crawl_id,
            refers_to=entry.header("WARC-Refers-To") if entry.rec_type == "revisit" else None,
            etag=headers.get_header("ETag") if headers is not None else None,
            last_modified=headers.get_header("Last-Modified") if headers is not None else None,
        )
        if write:
            self.result.responses += 1
            self._add([capture])
        return capture

    def _handle(self, pending: tuple[WarcEntry, Capture], fields: dict[str, str] | None,
                only: tuple[str, ...] | None, write: bool) -> None:
        entry, capture = pending
        context = fields if fields is not None else self._inferred_context(capture)
        if only is not None and context.get("handler") not in only:
            return
        http, payload, status = entry.http_headers, entry.payload, capture.status
        if entry.rec_type == "revisit":  # the payload is that of the capture it refers to
            held = self._held(capture.refers_to)
            if held is None:
                if write:
                    self._problems.append((capture.warc_offset, f"{capture.warc_file}@{capture.warc_offset}: "
                                           f"{capture.url}: a revisit of {capture.refers_to}, which the archive "
                                           "does not hold; archived as a capture only"))
                return
            payload = held.payload
            if status == 304:  # not modified: the held response, as the crawl went on with it
                http, status = held.http_headers, int(held.http_headers.get_statuscode() or 0)
        undecodable = None
        try:
            body = decode_payload(http, payload)
        except UndecodableBody as exc:
            body, undecodable = b"", str(exc)
        headers = {name.lower(): value for name, value in http.headers}
        self._window.append((Response(capture.url, status, headers, body, capture.fetched_at, capture.id,
                                      context, undecodable), capture, write))
        self._window_bytes += len(body)
        if len(self._window) >= WINDOW or self._window_bytes >= WINDOW_BYTES:
            self._drain()

    def _held(self, record_id: str | None) -> WarcEntry | None:
        """The response record a revisit refers to: read earlier in this run, or held by the archive."""
        path, offset = self._located.get(record_id or "", (None, 0))
        if path is None:
            self._flush()
            held = self.store.capture(record_id) if record_id else None
            if held is None:
                return None
            path, offset = self.archive_warc / held.warc_file, held.warc_offset
        try:
            return read_entry(path, offset)
        except (RecordNotFound, OSError):
            return None

    def _drain(self) -> None:
        """Handle the responses read so far, in file order; the pages among them are first read by the
        normalizer in worker processes, all at once (the handling after that depends on order: what the
        site's feeds listed before each page)."""
        window, self._window, self._window_bytes = self._window, [], 0
        pages = [response for response, _, _ in window if reads_a_page(response)]
        if self.pool is not None and len(pages) > 1:
            for response, found in zip(pages, self.pool.map(read_page, pages, chunksize=4)):
                self.state.extracted[response.capture_id] = found
        for response, capture, write in window:
            outcome = handle(response, self.state)
            if write:
                if outcome.problem:
                    self._problems.append((capture.warc_offset, f"{capture.warc_file}@{capture.warc_offset}: "
                                                                f"{capture.url}: {outcome.problem}"))
                self._add(outcome.records)
        self.state.extracted.clear()

    def _text_capture(self, entry: WarcEntry, capture: Capture) -> None:
        """A WET conversion record: the page's text as Common Crawl extracted it."""
        self._drain()  # in file order with the responses before it
        root = self._root_of(capture.url)
        try:
            page = extract_plain(entry.payload.decode("utf-8", "replace"), capture.url)
        except NotHTML:
            return
        if not is_storable(page):
            return
        self._add([Post(post_key(capture.url, page.canonical_url), root, page.title, page.author, page.published,
                        page.text, page.language, page.platform, page.comments_source, capture.id,
                        capture.fetched_at, tuple(page.comments), page.body_source)])

    # --- context ------------------------------------------------------------------------------------------
    def _inferred_context(self, capture: Capture) -> dict[str, str]:
        """The handler a crawl would have given a response it did not describe, by what the response is."""
        kind = (capture.content_type or "").split(";")[0].strip().lower()
        path = urlsplit(capture.url).path.lower()
        if path == "/robots.txt":
            handler = "robots"
        elif "html" in kind:
            handler = "page"
        elif "rss" in kind or "atom" in kind or path.rstrip("/").endswith(("/feed", "/rss", ".rss", "/atom")):
            handler = "feed"
        elif "xml" in kind and "sitemap" in path:
            handler = "sitemap"
        elif "xml" in kind:
            handler = "feed"  # a feed served as text/xml; anything else XML lists nothing
        else:
            return {}
        return {"handler": handler, "root": self._root_of(capture.url)}

    def _root_of(self, url: str) -> str:
        """The archive's site whose root the URL lies under, else the URL's origin."""
        for root in self._roots:
            if url.startswith(root):
                return root
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}/"

    def _ours(self, path: Path) -> bool:
        """Whether the file's first record is this project's warcinfo (then every response is described)."""
        for entry in scan(path):
            return isinstance(entry, WarcEntry) and entry.rec_type == "warcinfo" \
                and "crawl-id" in _fields(entry.payload)
        return False

    def finish(self) -> None:
        """After the last file: what the last crawl read is closed as the crawl closed it."""
        self._drain()
        self._flush()
        if self._crawl is not None:
            changes = self.store.close_crawl(self._crawl)
            self.store.finish_crawl(self._crawl, dict(changes.as_row(), pages=changes.responses), self.crawl_status)
            self._crawl = None

    def _warcinfo(self, entry: WarcEntry) -> str | None:
        crawl_id = _fields(entry.payload).get("crawl-id")
        if crawl_id != self._crawl:  # a crawl's files are read in a row: the one before is complete
            self.finish()
            self._crawl = crawl_id
        if crawl_id and crawl_id not in self._crawls:
            self._crawls.add(crawl_id)
            self._flush()
            with self.store.db.conn:
                self.store.db["crawls"].insert({"id": crawl_id, "started_at": entry.header("WARC-Date"),
                                                "status": self.crawl_status}, ignore=True)
        return crawl_id

    # --- writing --------------------------------------------------------------------------------------------
    def _add(self, records: list) -> None:
        self._batch.extend(records)
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self.store.write(self._batch)
            self._batch = []


def _fields(payload: bytes) -> dict[str, str]:
    """The ``name: value`` lines of a warcinfo or metadata record (application/warc-fields)."""
    fields = {}
    for line in payload.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def _context(payload: bytes) -> dict[str, str]:
    """A metadata record's fields as a handler's context (``post-url`` of older archives is ``post_url``)."""
    return {name.replace("-", "_"): value for name, value in _fields(payload).items()}

"""Rebuild archive.db from the WARC files alone, with today's normalizer: ``reprocess("archive")``.

Each response record is followed by a metadata record naming the handler the crawl gave it to and the
facts it came with (site root, post URL, API ids), so every page, feed and API response is treated as
the crawl treated it, without Scrapy and without the network. The new database is built beside the old
one and replaces it only when complete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from lxml import html as lxml_html
from warcio.archiveiterator import ArchiveIterator

from archive.lock import ArchiveLock
from archive.stats import warc_files
from archive.store import DB_NAME, CaptureRow, Store
from archive.warc_reader import UndecodableBody, decoded_body

from .items import PageItem
from .listings import Listings
from .normalize import NotHTML, extract
from .normalize.context import in_context, is_storable
from .normalize.threads import finish_comments
from .rows import comment_rows, post_row
from .sources import blogger, ghost, isso, substack, wordpress_rest
from .sources.widgets import external_thread
from .urls import comment_page_number, post_key

THREAD_PARSERS = {"substack": substack.parse_comments, "blogger": blogger.parse_comments}


@dataclass
class ReprocessResult:
    files: int = 0
    responses: int = 0
    posts: int = 0
    comments: int = 0
    problems: list[str] = field(default_factory=list)  # one line each: unreadable file tails


@dataclass
class _Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes | None
    capture: CaptureRow
    undecodable: str | None = None  # why the body could not be decoded (body is None then)


def reprocess(archive_dir: str | Path) -> ReprocessResult:
    """Replace ``archive_dir/archive.db`` by one rebuilt from ``archive_dir/warc/*.warc.gz``."""
    archive_dir = Path(archive_dir)
    result = ReprocessResult()
    with ArchiveLock(archive_dir):
        target = archive_dir / DB_NAME
        building = archive_dir / (DB_NAME + ".rebuild")
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)
        store = Store(building)
        try:
            rebuild = _Rebuild(store, result)
            for path in warc_files(archive_dir):
                result.files += 1
                rebuild.read_file(path)
            result.posts, result.comments = store.counts()["posts"], store.counts()["comments"]
            store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            store.close()
        for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            stale.unlink(missing_ok=True)
        os.replace(building, target)
    return result


class _Rebuild:
    def __init__(self, store: Store, result: ReprocessResult) -> None:
        self.store = store
        self.result = result
        self.sites: set[str] = set()
        self.crawls: set[str] = set()
        self.listings = Listings()
        self.platformed: set[str] = set()  # roots whose platform is set

    def read_file(self, path: Path) -> None:
        crawl_id = None
        pending: _Response | None = None
        unsaved: CaptureRow | None = None  # a response's capture waits for the next record to learn its length
        offset = 0
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    offset = records.offset  # where this record starts (get_record_offset() would consume it)
                    if unsaved is not None:
                        self.store.add_capture(replace(unsaved, warc_length=offset - unsaved.warc_offset))
                        unsaved = None
                    kind = record.rec_type
                    if kind == "warcinfo":
                        crawl_id = self._warcinfo(record)
                    elif kind == "response":
                        pending = self._response(record, path.name, offset, crawl_id)
                        unsaved = pending.capture
                    elif kind == "metadata" and pending is not None and \
                            record.rec_headers.get_header("WARC-Concurrent-To") == pending.capture.warc_record_id:
                        self._handle_one(pending, _fields(record.content_stream().read()), path.name)
                        pending = None
            except Exception as exc:  # noqa: BLE001 - a torn tail (a killed crawl) ends this file, not the rebuild
                self.result.problems.append(f"{path.name}: stopped reading after offset {offset} ({exc})")
                unsaved = None  # its record is the torn one
            end = records.offset
        size = path.stat().st_size
        if end < size:
            self.result.problems.append(f"{path.name}: {size - end} bytes after offset {end} are not a complete "
                                        "record (a crawl stopped while writing); skipped")
        # warcio reads a torn last record without complaint: a response that nothing followed, or whose
        # metadata never came, is where a crawl stopped mid-write
        if unsaved is not None:
            self.result.problems.append(f"{path.name}: last record at offset {unsaved.warc_offset} is incomplete; "
                                        "skipped (a crawl stopped while writing it)")
        elif pending is not None:
            self.result.problems.append(f"{path.name}: response at offset {pending.capture.warc_offset} has no "
                                        "crawl metadata after it; archived as a capture only")

    def _warcinfo(self, record) -> str | None:
        fields = _fields(record.content_stream().read())
        crawl_id = fields.get("crawl-id")
        if crawl_id and crawl_id not in self.crawls:
            self.crawls.add(crawl_id)
            with self.store.db.conn:
                self.store.db["crawls"].insert({"id": crawl_id, "started_at": record.rec_headers.get_header("WARC-Date"),
                                                "status": "reprocessed"}, ignore=True)
        return crawl_id

    def _handle_one(self, response: _Response, context: dict[str, str], warc_file: str) -> None:
        """One response through its handler; a record the handler cannot read is reported with its file
        and offset, and the rest of the file is read on."""
        if response.body is None:
            self.result.problems.append(f"{warc_file}@{response.capture.warc_offset}: {response.url}: archived "
                                        f"as a capture only ({response.undecodable})")
            return
        try:
            self._handle(response, context)
        except Exception as exc:  # noqa: BLE001 - one bad record (a challenge page instead of JSON) is one line
            self.result.problems.append(f"{warc_file}@{response.capture.warc_offset}: {response.url}: not "
                                        f"rebuilt ({type(exc).__name__}: {exc})")

    def _response(self, record, warc_file: str, offset: int, crawl_id: str | None) -> _Response:
        headers = {name.lower(): value for name, value in record.http_headers.headers} if record.http_headers else {}
        undecodable = None
        try:
            body = decoded_body(record)
        except UndecodableBody as exc:
            body, undecodable = None, str(exc)
        status = int(record.http_headers.get_statuscode() or 0) if record.http_headers else 0
        capture = CaptureRow(
            url=record.rec_headers.get_header("WARC-Target-URI"), status=status,
            fetched_at=record.rec_headers.get_header("WARC-Date"), content_type=headers.get("content-type"),
            warc_file=warc_file, warc_offset=offset, warc_length=0,
            warc_record_id=record.rec_headers.get_header("WARC-Record-ID"),
            payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"), crawl_id=crawl_id,
        )
        self.result.responses += 1
        return _Response(capture.url, status, headers, body, capture, undecodable)

    def _handle(self, response: _Response, context: dict[str, str]) -> None:
        handler, root = context.get("handler"), context.get("root")
        if response.status != 200 or not root:
            return
        if root not in self.sites:
            self.sites.add(root)
            self.store.add_site(root)
        capture_id = response.capture.id
        self.listings.learn(handler or "", response.url, response.body, root=root,
                            offset=int(context.get("offset") or 0))
        if handler == "parse_page":
            self._page(response, root)
        elif handler == "parse_thread":
            page = THREAD_PARSERS[context["parser"]](response.body)
            self._thread(context["post-url"], root, page.comments, capture_id)
        elif handler == "parse_wordpress_comments":
            total = int(response.headers.get("x-wp-totalpages", "1") or 1)
            page = wordpress_rest.parse_comments(response.body, root, context["post-id"], int(context["page"]), total)
            self._thread(context["post-url"], root, page.comments, capture_id)
        elif handler == "parse_ghost_comments":
            page = ghost.parse_comments(response.body, context["site"], context["ghost-id"])
            self._thread(context["post-url"], root, page.comments, capture_id)
            self.store.note_external_thread(context["post-url"], "ghost-api (captured)")
        elif handler == "parse_ghost_replies":
            page = ghost.parse_replies(response.body, context["site"], context["comment-id"])
            self._thread(context["post-url"], root, page.comments, capture_id)
        elif handler == "parse_isso_comments":
            page = isso.parse_thread(response.body, context["endpoint"], context["thread"], int(context.get("offset") or 0))
            self._thread(context["post-url"], root, page.comments, capture_id)

    def _page(self, response: _Response, root: str) -> None:
        content_type = response.headers.get("content-type", "")
        if "html" not in content_type.lower():
            return
        fetched_at = datetime.fromisoformat(response.capture.fetched_at.replace("Z", "+00:00"))
        try:
            page = extract(response.body, response.url, content_type=content_type, fetched_at=fetched_at)
        except NotHTML:
            return
        self.listings.learn_page(page)
        page = in_context(page, self.listings.of(response.url, page.canonical_url))
        if not is_storable(page):
            return
        number = comment_page_number(response.url)
        if root not in self.platformed:  # as the crawl does: the platform of the site's first post page
            self.store.add_site(root, page.platform)
            self.platformed.add(root)
        item = PageItem(root=root, url=response.url, extract=page, capture_id=response.capture.id, comment_page=number)
        self.store.upsert_post(post_row(item), update_post=number is None)
        if number is None:
            post_url = post_key(response.url, page.canonical_url)
            thread = external_thread(page, _scripts(response.body), post_url)
            if thread:
                self.store.note_external_thread(post_url, thread)

    def _thread(self, post_url: str, root: str, comments, capture_id: str) -> None:
        self.store.upsert_thread(post_url, root, comment_rows(finish_comments(comments)), capture_id)


def _fields(payload: bytes) -> dict[str, str]:
    fields = {}
    for line in payload.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def _scripts(body: bytes) -> str:
    """Inline script texts and script URLs of a page, one a line (what widget detection reads)."""
    try:
        root = lxml_html.document_fromstring(body)
    except Exception:  # noqa: BLE001 - a page the normalizer read but lxml will not re-read has no widgets
        return ""
    return "\n".join((script.text or "") + "\n" + (script.get("src") or "") for script in root.iter("script"))

"""Read records back from the archive's WARC files."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.statusandheaders import StatusAndHeaders


class RecordNotFound(Exception):
    """No WARC record at the given file and offset."""


class UndecodableBody(Exception):
    """A response body in a content-encoding this machine cannot decode (zstd without zstandard)."""


def decoded_body(record) -> bytes:
    """The response body as a browser would see it: Content-Encoding (gzip, deflate, br; layered too)
    removed here rather than by warcio, whose brotli support fails on some bodies."""
    return decode_payload(record.http_headers, record.raw_stream.read())


def decode_payload(headers: StatusAndHeaders | None, payload: bytes) -> bytes:
    """A record's payload as stored (chunked, content-encoded) as the body a browser would see."""
    body = payload
    if headers is not None and "chunked" in (headers.get_header("Transfer-Encoding") or "").lower():
        body = ChunkedDataReader(io.BytesIO(payload), raise_exceptions=False).read()  # WARCs made elsewhere
    encodings = (headers.get_header("Content-Encoding") or "") if headers is not None else ""
    for coding in reversed([c.strip().lower() for c in encodings.split(",") if c.strip()]):
        body = _decode(body, coding)
    return body


def cut_short(content_encoding: str | None, body: bytes) -> bool:
    """A gzip body that ends before its compressed stream does (a connection cut mid-body)."""
    if (content_encoding or "").strip().lower() not in ("gzip", "x-gzip") or not body:
        return False
    stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        while body and not stream.eof:  # in steps, so a gzip bomb costs no memory here
            stream.decompress(body, 1 << 20)
            body = stream.unconsumed_tail
    except zlib.error:
        return False  # corrupt rather than short: the decompression middleware reports that
    return not stream.eof


def _decode(body: bytes, coding: str) -> bytes:
    try:
        if coding in ("gzip", "x-gzip"):
            stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = stream.decompress(body)
            if not stream.eof:
                raise UndecodableBody("gzip body cut short: the server sent less than it compressed")
            return data
        if coding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:  # raw deflate, as some servers send it
                return zlib.decompress(body, -zlib.MAX_WBITS)
        if coding == "br":
            import brotli

            return brotli.decompress(body)
        if coding == "identity":
            return body
    except ImportError:
        pass
    except Exception as exc:  # noqa: BLE001 - each decoder raises its own error type for a corrupt body
        raise UndecodableBody(f"corrupt {coding} body ({exc})") from None
    raise UndecodableBody(f"Content-Encoding {coding} cannot be decoded here")


def read_response(warc_path: str | Path, offset: int):
    """Return ``(record, body)`` for the response record at ``offset``; body is decoded as served
    over HTTP would be to a browser (content-encoding removed). A revisit record (a re-crawl's capture of
    an unchanged page) has no body of its own: its ``WARC-Refers-To`` names the capture that holds it."""
    with open(warc_path, "rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "revisit"):  # a capture is one or the other
                raise RecordNotFound(f"{warc_path}@{offset} is a {record.rec_type} record, not a response")
            return record, record.content_stream().read()
    raise RecordNotFound(f"no WARC record at {warc_path}@{offset}")


def read_entry(warc_path: str | Path, offset: int) -> "WarcEntry":
    """The whole record at ``offset`` (headers and payload as stored); ``RecordNotFound`` if none is there."""
    with open(warc_path, "rb") as stream:
        stream.seek(offset)
        records = ArchiveIterator(stream)
        try:
            record = next(iter(records))
            payload = record.raw_stream.read()
        except StopIteration:
            raise RecordNotFound(f"no WARC record at {warc_path}@{offset}") from None
        except Exception as exc:  # noqa: BLE001 - warcio raises several types for bytes that are no record
            raise RecordNotFound(f"no readable WARC record at {warc_path}@{offset} ({exc})") from None
        return WarcEntry(offset, records.get_record_length(), record.rec_type, record.rec_headers,
                         record.http_headers, payload)


def documents(stream):
    """``(url, content_type, body)`` of every document in a WARC or WET stream: responses (content-encoding
    removed) and conversion records (Common Crawl's WET text, ``text/plain``), in file order."""
    for record in ArchiveIterator(stream):
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        if record.rec_type == "response" and record.http_headers is not None:
            try:
                body = decoded_body(record)
            except UndecodableBody:
                continue
            yield url, record.http_headers.get_header("Content-Type") or "", body
        elif record.rec_type in ("conversion", "resource"):
            content_type = record.rec_headers.get_header("Content-Type") or "text/plain"
            yield url, content_type, record.content_stream().read()


@dataclass(frozen=True)
class WarcEntry:
    """One whole record read from a WARC file, with where it lies in it."""

    offset: int
    length: int
    rec_type: str
    rec_headers: StatusAndHeaders
    http_headers: StatusAndHeaders | None
    payload: bytes  # the block after the HTTP headers, as stored (chunked, content-encoded)

    def header(self, name: str) -> str | None:
        return self.rec_headers.get_header(name)


@dataclass(frozen=True)
class WarcDamage:
    """A stretch of a WARC file that is not a readable record: skipped, and said where."""

    offset: int
    message: str


_MEMBER_STARTS = {True: b"\x1f\x8b\x08", False: b"WARC/1."}


def scan(path: str | Path) -> Iterator[WarcEntry | WarcDamage]:
    """Every record of a WARC file (gzipped or not) in order, read whole; a stretch that is not a
    readable record (garbage, a torn tail) is yielded as ``WarcDamage`` and reading goes on at the next
    record that parses, so one bad record never costs the rest of the file."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as stream:
        gzipped = stream.read(2) == b"\x1f\x8b"
        position = 0
        while position < size:
            stream.seek(position)
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    payload = record.raw_stream.read()
                    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than the record declares
                        yield WarcDamage(records.get_record_offset(), "incomplete record (the file "
                                         "ends inside it, as when a crawl stops while writing); skipped")
                        return
                    offset, length = records.get_record_offset(), records.get_record_length()
                    position = records.offset  # past the record and the blank lines after it
                    yield WarcEntry(offset, length, record.rec_type, record.rec_headers, record.http_headers, payload)
            except Exception as exc:  # noqa: BLE001 - warcio raises several types for bytes that are no record
                following = _next_member(stream, position + 1, _MEMBER_STARTS[gzipped])
                skipped = (following or size) - position
                yield WarcDamage(position, f"{skipped} bytes are not a readable WARC record "
                                           f"({type(exc).__name__}: {' '.join(str(exc).split())[:80]}); skipped")
                if following is None:
                    return
                position = following
                continue
            if position < size:  # warcio stops quietly at bytes it cannot read as a record's start
                following = _next_member(stream, position + 1, _MEMBER_STARTS[gzipped])
                yield WarcDamage(position, f"{(following or size) - position} bytes are not a complete WARC "
                                           "record; skipped")
                if following is None:
                    return
                position = following


def _next_member(stream, start: int, marker: bytes, block: int = 1 << 20) -> int | None:
    """Where the next record starts at or after ``start``: the next gzip member that opens with a WARC
    header (or, in an uncompressed file, the next ``WARC/1.`` line). Bytes that only look like a gzip
    member's start are passed over."""
    stream.seek(start)
    carried = b""
    base = start
    while True:
        chunk = stream.read(block)
        if not chunk:
            return None
        data = carried + chunk
        found = data.find(marker)
        while found >= 0:
            if _opens_a_record(stream, base + found, marker):
                return base + found
            found = data.find(marker, found + 1)
        carried = data[-(len(marker) - 1):]
        base += len(data) - len(carried)
        stream.seek(base + len(carried))


def _opens_a_record(stream, position: int, marker: bytes) -> bool:
    here = stream.tell()
    stream.seek(position)
    head = stream.read(4096)
    stream.seek(here)
    if marker == b"WARC/1.":
        return True  # the marker is a record's first line
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16).startswith(b"WARC/")
    except zlib.error:
        return False

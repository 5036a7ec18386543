"""Read records back from the archive's WARC files."""

from __future__ import annotations

from pathlib import Path

import zlib

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader


class RecordNotFound(Exception):
    """No WARC record at the given file and offset."""


class UndecodableBody(Exception):
    """A response body in a content-encoding this machine cannot decode (zstd without zstandard)."""


def decoded_body(record) -> bytes:
    """The response body as a browser would see it: Content-Encoding (gzip, deflate, br; layered too)
    removed here rather than by warcio, whose brotli support fails on some bodies."""
    headers = record.http_headers
    stream = record.raw_stream
    if headers is not None and "chunked" in (headers.get_header("Transfer-Encoding") or "").lower():
        stream = ChunkedDataReader(stream, raise_exceptions=False)  # WARCs made elsewhere keep the chunking
    body = stream.read()
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
    over HTTP would be to a browser (content-encoding removed)."""
    with open(warc_path, "rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                raise RecordNotFound(f"{warc_path}@{offset} is a {record.rec_type} record, not a response")
            return record, record.content_stream().read()
    raise RecordNotFound(f"no WARC record at {warc_path}@{offset}")


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

"""Read records back from the archive's WARC files."""

from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


class RecordNotFound(Exception):
    """No WARC record at the given file and offset."""


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
            yield url, record.http_headers.get_header("Content-Type") or "", record.content_stream().read()
        elif record.rec_type in ("conversion", "resource"):
            content_type = record.rec_headers.get_header("Content-Type") or "text/plain"
            yield url, content_type, record.content_stream().read()

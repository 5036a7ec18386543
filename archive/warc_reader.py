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

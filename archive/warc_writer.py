"""Append HTTP exchanges to rotating WARC/1.1 files, one gzip member per record."""

from __future__ import annotations

import io
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_VERSION = "WARC/1.1"
DEFAULT_MAX_FILE_SIZE = 1_000_000_000


@dataclass(frozen=True)
class HttpExchange:
    """One request and the response as it came over the wire (body still content-encoded)."""

    url: str
    method: str
    request_target: str  # path and query, as on the request line
    request_headers: list[tuple[str, str]]
    request_body: bytes
    protocol: str  # "HTTP/1.1"
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    response_body: bytes
    ip_address: str | None = None


@dataclass(frozen=True)
class Revisited:
    """The earlier capture a revisit record refers to, and why it is a revisit."""

    url: str
    record_id: str
    warc_date: str
    payload_digest: str
    profile: str  # IDENTICAL_PAYLOAD


IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


@dataclass(frozen=True)
class WarcLocation:
    """Where a response record was written: enough to read it back without an index."""

    warc_file: str  # file name inside the warc folder
    offset: int
    length: int
    record_id: str
    payload_digest: str | None
    warc_date: str


def _utc_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")


class RotatingWarcWriter:
    """Writes request/response records into ``directory``, starting a new file past ``max_file_size``.

    File names carry a timestamp, the crawl id, the host name and the process id, so two crawls or two
    machines writing into the same folder never clash. Files are only ever appended to.
    """

    def __init__(
        self,
        directory: str | os.PathLike,
        *,
        crawl_id: str,
        info: dict[str, str],
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        prefix: str = "therapy-archive",
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.crawl_id = crawl_id
        self.info = info
        self.max_file_size = max_file_size
        self.prefix = prefix
        self._host = socket.gethostname().replace("-", "_") or "host"
        self._serial = 0
        self._file = None
        self._writer: WARCWriter | None = None
        self._name = ""
        self.files_written: list[str] = []

    @property
    def current_file(self) -> str:
        return self._name

    def _open_next(self) -> None:
        self.close()
        self._name = (
            f"{self.prefix}-{_utc_stamp()}-{self.crawl_id}-{self._serial:05d}"
            f"-{self._host}-{os.getpid()}.warc.gz"
        )
        self._serial += 1
        # "xb": never append to, or overwrite, a file another writer made; unbuffered, because each record
        # goes out in one write that either lands whole or is taken back
        self._file = open(self.directory / self._name, "xb", buffering=0)
        self._writer = WARCWriter(self._file, gzip=True, warc_version=WARC_VERSION)
        info = dict(self.info, **{"crawl-id": self.crawl_id, "format": "WARC File Format 1.1"})
        self._write(self._writer.create_warcinfo_record(self._name, info))
        self.files_written.append(self._name)

    def _ensure_file(self) -> None:
        if self._file is None or self._file.tell() >= self.max_file_size:
            self._open_next()

    def _write(self, record) -> tuple[int, int]:
        """Append one record (one gzip member); on a failed write (a full disk) the file is cut back to
        where the record began, so it always ends at a record boundary."""
        buffer = io.BytesIO()
        WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION).write_record(record)
        data = memoryview(buffer.getvalue())
        offset = self._file.tell()
        written = 0
        try:
            while written < len(data):
                written += self._file.write(data[written:]) or 0
        except OSError:
            os.ftruncate(self._file.fileno(), offset)
            self._file.seek(offset)
            raise
        return offset, len(data)

    def write_exchange(self, exchange: HttpExchange, revisit_of: "Revisited | None" = None) -> WarcLocation:
        """Write the response record, then its request record, and return the response's location.

        With ``revisit_of``, the response is written as a ``revisit`` record referring to that earlier
        capture (WARC 1.1 section 6.7): the payload is the one the archive already holds (the server said
        304 Not Modified, or sent the same bytes). Its headers are kept, its payload is not."""
        self._ensure_file()
        writer = self._writer
        status_line = f"{exchange.status} {exchange.reason}".strip()
        response_headers = HeadersAsSent(
            status_line, list(exchange.response_headers), protocol=exchange.protocol
        )
        warc_headers = {"WARC-IP-Address": exchange.ip_address} if exchange.ip_address else {}
        if revisit_of is None:
            response = writer.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.response_body),
                length=len(exchange.response_body),
                http_headers=response_headers,
                warc_headers_dict=warc_headers,
            )
        else:
            response = writer.create_revisit_record(
                exchange.url, revisit_of.payload_digest, revisit_of.url, revisit_of.warc_date,
                http_headers=response_headers,
                warc_headers_dict=dict(warc_headers, **{"WARC-Refers-To": revisit_of.record_id}),
            )
            response.rec_headers.replace_header("WARC-Profile", revisit_of.profile)
        request_headers = HeadersAsSent(  # warcio takes the method from the line: the whole line goes in
            f"{exchange.method} {exchange.request_target} {exchange.protocol}",
            list(exchange.request_headers),
            is_http_request=True,
        )
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=request_headers,
        )
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        warc_date = response.rec_headers.get_header("WARC-Date")
        request.rec_headers.replace_header("WARC-Date", warc_date)
        request.rec_headers.add_header("WARC-Concurrent-To", record_id)
        offset, length = self._write(response)
        self._write(request)
        return WarcLocation(
            warc_file=self._name,
            offset=offset,
            length=length,
            record_id=record_id,
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            warc_date=warc_date,
        )

    def write_metadata(self, target_uri: str, concurrent_to: str, fields: dict[str, str]) -> None:
        """A metadata record (application/warc-fields) about the response ``concurrent_to``: how the
        crawl came to fetch it and what it was for, so the archive can be rebuilt from the WARCs alone."""
        self._ensure_file()
        lines = "".join(f"{name}: {value}\r\n" for name, value in fields.items() if value is not None)
        record = self._writer.create_warc_record(
            target_uri, "metadata", payload=io.BytesIO(lines.encode("utf-8")), length=len(lines.encode("utf-8")),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Concurrent-To": concurrent_to},
        )
        self._write(record)

    def close(self) -> None:
        if self._file is not None:
            try:
                os.fsync(self._file.fileno())
            finally:
                self._file.close()
                self._file = None
                self._writer = None


class HeadersAsSent(StatusAndHeaders):
    """HTTP headers written back as the bytes they came as. warcio would percent-encode a header with a
    byte over 0x7f (an ISO-8859-1 filename, a raw UTF-8 title); the WARC keeps the exchange as it was.
    Header values are held as latin-1 text, one character per byte, so latin-1 gives the bytes back."""

    def to_ascii_bytes(self, filter_func=None) -> bytes:
        return self.to_str(filter_func).encode("latin-1", "replace") + b"\r\n"


def new_crawl_id() -> str:
    """A short id that names one crawl run in file names and the database."""
    return uuid.uuid4().hex[:12]

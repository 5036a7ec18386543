"""The WARC writer on its own: rotation, unique names, digests, records read back by offset."""

from __future__ import annotations

import gzip
import io
import random
import hashlib
import base64

from warcio.archiveiterator import ArchiveIterator

from archive.warc_reader import read_response
from archive.warc_writer import HttpExchange, RotatingWarcWriter


def exchange(n: int, body: bytes) -> HttpExchange:
    return HttpExchange(
        url=f"http://blog.test/post-{n}/?a=1", method="GET", request_target=f"/post-{n}/?a=1",
        request_headers=[("Host", "blog.test"), ("User-Agent", "test")], request_body=b"", protocol="HTTP/1.1",
        status=200, reason="OK",
        response_headers=[("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
        response_body=body,
    )


def test_rotation_names_digests_and_offsets(tmp_path):
    writer = RotatingWarcWriter(tmp_path, crawl_id="abc123", info={"software": "test"}, max_file_size=20_000)
    bodies = [f"<p>post {n}</p>".encode() + random.Random(n).randbytes(10_000) for n in range(6)]  # incompressible
    locations = [writer.write_exchange(exchange(n, body)) for n, body in enumerate(bodies)]
    writer.close()

    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) >= 3 and len(set(files)) == len(files)  # rotated, never two writers on one name
    assert all("abc123" in name and name.endswith(".warc.gz") for name in files)
    for path in tmp_path.iterdir():
        with open(path, "rb") as stream:
            types = [r.rec_type for r in ArchiveIterator(stream)]
        assert types[0] == "warcinfo" and types.count("response") == types.count("request") >= 1

    for location, body in zip(locations, bodies):
        record, read_body = read_response(tmp_path / location.warc_file, location.offset)
        assert read_body == body
        expected = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
        assert location.payload_digest == expected == record.rec_headers.get_header("WARC-Payload-Digest")
        # repeated headers are kept, and the request line keeps its query string
        assert [v for k, v in record.http_headers.headers if k == "Set-Cookie"] == ["a=1", "b=2"]


def test_one_gzip_member_per_record(tmp_path):
    writer = RotatingWarcWriter(tmp_path, crawl_id="x", info={})
    location = writer.write_exchange(exchange(1, b"<p>hello</p>"))
    writer.close()
    data = (tmp_path / location.warc_file).read_bytes()
    # the response record alone decompresses from its offset: it is a gzip member of its own
    member = gzip.GzipFile(fileobj=io.BytesIO(data[location.offset:location.offset + location.length]))
    assert member.read().startswith(b"WARC/1.1\r\nWARC-Type: response")
    request_start = location.offset + location.length
    with open(tmp_path / location.warc_file, "rb") as stream:
        stream.seek(request_start)
        request = next(iter(ArchiveIterator(stream)))
    assert request.rec_type == "request"
    assert request.http_headers.protocol == "GET" and "/post-1/?a=1" in request.http_headers.statusline
    # the request line as sent: method, target and HTTP version
    assert request.http_headers.to_str().startswith("GET /post-1/?a=1 HTTP/1.1\r\n")

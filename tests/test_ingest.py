"""ingest: captures made elsewhere (wget's WARC, another worker's WARCs, a Common Crawl WET file) go into
an archive through the crawl's own handlers, are kept in its warc folder, and are read once."""

from __future__ import annotations

import glob
import io
import json
import shutil
import subprocess
from pathlib import Path

from warcio.warcwriter import WARCWriter

from archive.warc_reader import read_response

from .conftest import assert_one_line_error, assert_rebuild_equals_crawl, query, run_cli

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def _wget_warc(base_url: str, folder: Path) -> Path:
    """The demo blog mirrored by GNU wget two links deep, with its own WARC of the exchanges."""
    warc = folder / "wget-demo"
    subprocess.run(["wget", "-q", "-r", "-l", "2", "--no-parent", "-P", str(folder / "mirror"),
                    f"--warc-file={warc}", "--no-warc-keep-log", base_url], timeout=120, check=False)
    return folder / "wget-demo.warc.gz"


def test_a_wget_warc_becomes_posts_and_comments_once(demo_blog, demo_archive, tmp_path):
    warc = _wget_warc(demo_blog.base_url, tmp_path)
    archive = tmp_path / "archive"
    first = run_cli("ingest", str(warc), "--archive", str(archive))
    assert first.returncode == 0, first.stderr
    assert "records/s" in first.stderr
    # what wget fetched of each post is archived as the crawl of the same blog archived it
    crawled = {row[0]: row[1:] for row in query(demo_archive, "select url, title, author, published, text from posts")}
    ingested = {row[0]: row[1:] for row in query(archive, "select url, title, author, published, text from posts")}
    assert len(ingested) >= 4 and ingested.items() <= crawled.items()
    comment_sql = "select p.url, c.native_id, c.author, c.text from comments c join posts p on p.id = c.post_id"
    assert set(query(archive, comment_sql)) <= set(query(demo_archive, comment_sql))
    assert query(archive, "select count(*) from comments")[0][0] >= 10
    # every row points to its record in the archive's own copy of the file
    [(copy,)] = query(archive, "select distinct warc_file from captures")
    assert copy.startswith("ingested-") and (archive / "warc" / copy).read_bytes() == warc.read_bytes()
    for url, offset in query(archive, "select c.url, c.warc_offset from posts p join captures c on c.id = p.capture_id"):
        record, _ = read_response(archive / "warc" / copy, offset)
        assert record.rec_headers.get_header("WARC-Target-URI") == url
    before = {table: query(archive, f"select * from {table} order by id") for table in ("posts", "comments", "captures")}

    second = run_cli("ingest", str(warc), "--archive", str(archive))
    assert second.returncode == 0 and "already in the archive" in second.stderr
    assert {table: query(archive, f"select * from {table} order by id") for table in before} == before
    assert len(list((archive / "warc").iterdir())) == 1
    assert_rebuild_equals_crawl(archive, tmp_path)  # the ingested file is part of what reprocess reads


def test_another_workers_warcs_give_the_rows_its_crawl_wrote(demo_archive, tmp_path):
    archive = tmp_path / "merged"
    files = sorted(glob.glob(str(demo_archive / "warc" / "*.warc.gz")))
    result = run_cli("ingest", *files, "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    for table in ("posts", "comments", "sites"):
        assert query(archive, f"select * from {table} order by id") == query(demo_archive, f"select * from {table} order by id")
    columns = "id, url, status, fetched_at, content_type, warc_offset, warc_length, warc_record_id, payload_digest, crawl_id"
    assert query(archive, f"select {columns} from captures order by id") == \
        query(demo_archive, f"select {columns} from captures order by id")


def _wet_file(folder: Path) -> tuple[Path, dict]:
    """A Common Crawl style WET file holding one real capture's text (a conversion record)."""
    text = (SEEDS / "003_552fc215f372918a.txt").read_bytes()
    gold = json.loads((SEEDS / "003_552fc215f372918a.json").read_text())
    path = folder / "CC-MAIN-sample.warc.wet.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record("CC-MAIN-sample.warc.wet.gz", {"software": "cc"}))
        record = writer.create_warc_record("https://www.example-therapy.org/blog/kindness/", "conversion",
                                           payload=io.BytesIO(text), length=len(text),
                                           warc_content_type="text/plain")
        writer.write_record(record)
    return path, gold


def test_a_wet_text_capture_is_read_as_one(tmp_path):
    wet, gold = _wet_file(tmp_path)
    archive = tmp_path / "archive"
    result = run_cli("ingest", str(wet), "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    [(title, comments)] = query(archive, "select title, (select count(*) from comments) from posts")
    assert title == gold["title"] and comments == len(gold["comments"])


def test_what_is_not_a_warc_is_refused_in_one_line(tmp_path):
    page = tmp_path / "page.warc.gz"
    page.write_bytes(b"<html>not a warc</html>")
    assert_one_line_error(run_cli("ingest", str(page), "--archive", str(tmp_path / "a")), "not a WARC file")
    assert_one_line_error(run_cli("ingest", str(tmp_path / "missing.warc"), "--archive", str(tmp_path / "a")),
                          "no such file")
    shutil.rmtree(tmp_path / "a", ignore_errors=True)
    assert not (tmp_path / "a" / "warc").exists()

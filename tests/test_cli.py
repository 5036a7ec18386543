"""The command line's contract: help everywhere, extract JSON, layering, and the Scrapy entry point."""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.cli import cli
from crawler.demo.content import POSTS

from .conftest import assert_one_line_error, query, run_cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "wordpress-block" / "when-therapy-ends.html"


@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_every_command_has_help(command):
    result = run_cli(*([command] if command else []), "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_extract_prints_the_contract_json():
    result = run_cli("extract", str(FIXTURE), "--url", "http://127.0.0.1:8089/2020/11/when-therapy-ends/")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert {"url", "title", "author", "published", "language", "platform", "comments_source", "text",
            "comments"} <= set(page)
    assert page["platform"] == "wordpress" and page["comments_source"] == "inline" and page["language"] == "en"
    assert {"id", "parent_id", "author", "published", "text", "is_spam", "duplicate_of", "kind"} <= set(page["comments"][0])


def test_extract_jsonl_and_bad_files(tmp_path):
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1000))
    result = run_cli("extract", str(FIXTURE), str(FIXTURE), "--jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0 and [line["source"] for line in lines] == [str(FIXTURE)] * 2
    bad = run_cli("extract", str(binary))
    assert_one_line_error(bad, "is neither HTML nor text")
    assert len(bad.stderr.strip().splitlines()) == 1
    assert_one_line_error(run_cli("extract", str(tmp_path / "missing.html")), "missing.html")


SEED = Path(__file__).parent / "fixtures" / "seeds" / "003_552fc215f372918a.txt"


def test_extract_reads_text_captures_from_a_file_standard_input_and_a_wet_record(tmp_path):
    from warcio.warcwriter import WARCWriter

    from_file = json.loads(run_cli("extract", str(SEED)).stdout)
    piped = subprocess.run([sys.executable, "-m", "crawler", "extract", "-", "--url", "https://b.example/k/"],
                           input=SEED.read_bytes(), capture_output=True, timeout=120)
    from_stdin = json.loads(piped.stdout)
    wet = tmp_path / "capture.warc.wet.gz"
    with open(wet, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        text = SEED.read_bytes()
        writer.write_record(writer.create_warc_record("https://b.example/k/", "conversion", payload=io.BytesIO(text),
                                                      length=len(text), warc_content_type="text/plain"))
    [from_wet] = [json.loads(line) for line in run_cli("extract", str(wet)).stdout.splitlines()]
    assert from_file["platform"] == "text" and len(from_file["comments"]) == 25
    assert from_stdin["url"] == from_wet["url"] == "https://b.example/k/"
    for result in (from_stdin, from_wet):
        assert (result["title"], result["text"]) == (from_file["title"], from_file["text"])
        assert [c["author"] for c in result["comments"]] == [c["author"] for c in from_file["comments"]]
    assert from_wet["source"] == f"{wet}#1"


def test_extract_of_a_broken_warc_is_a_one_line_error(tmp_path):
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"WARC/1.1\r\nWARC-Type: response\r\n\r\n")
    assert_one_line_error(run_cli("extract", str(broken)), "broken.warc")


def test_search_and_stats_without_an_archive(tmp_path):
    assert_one_line_error(run_cli("search", "x", "--archive", str(tmp_path)), "no archive at")
    assert_one_line_error(run_cli("stats", "--archive", str(tmp_path)), "no archive at")


def test_bad_setting_override_is_a_usage_error(tmp_path):
    result = run_cli("crawl", "http://127.0.0.1:9/", "-s", "NOEQUALS", "--archive", str(tmp_path / "a"))
    assert_one_line_error(result, "NAME=VALUE")


def test_scrapy_crawl_works_from_the_project_root(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "blog", "-a", f"urls={demo_blog.base_url}",
         "-s", f"ARCHIVE_DIR={archive}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false",
         "-s", "LISTING_MAX_PAGE=2", "-s", "LOG_LEVEL=WARNING", "-s", "PROGRESS_INTERVAL=0"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert query(archive, "select count(*) from posts")[0][0] == len(POSTS)


def _imports(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_layers_point_one_way():
    assert not _imports("archive") & {"crawler", "exports"}
    assert "crawler" not in _imports("exports")
    normalizer = set()
    for path in (ROOT / "crawler" / "normalize").rglob("*.py"):
        normalizer |= {n.module for n in ast.walk(ast.parse(path.read_text()))
                       if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module}
    # pure: reprocess runs it without a crawler; of the archive it knows only the records it returns
    assert not {m.split(".")[0] for m in normalizer} & {"scrapy", "twisted"}
    assert {m for m in normalizer if m.startswith("archive")} <= {"archive.records"}

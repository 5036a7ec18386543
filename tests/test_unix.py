"""Unix habits of the command line: --version, ``-`` for standard input and output, data on stdout and
messages on stderr, documented exit statuses, shell completion."""

from __future__ import annotations

import socket
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from crawler import version
from crawler.demo.content import POSTS

from .conftest import FAST, assert_one_line_error, query, run_cli
from .serving import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_the_installed_package_version():
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"therapy-archive, version {metadata.version('therapy-archive')}\n"


def test_version_falls_back_to_pyproject_when_not_installed(monkeypatch, tmp_path):
    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version.package_version() == expected
    assert version.pyproject_version(tmp_path / "missing.toml") == "unknown"


def run_piped(*args: str, stdin: str | bytes) -> subprocess.CompletedProcess:
    """``therapy-archive ARGS`` with ``stdin`` on its standard input."""
    return subprocess.run([sys.executable, "-m", "crawler", *args], input=stdin, capture_output=True,
                          text=isinstance(stdin, str), timeout=300)


def test_crawl_reads_seeds_from_standard_input(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    seeds = f"# the demo blog, piped in\n\n{demo_blog.base_url}  platform=wordpress  # a comment after it\n"
    result = run_piped("crawl", "--seeds", "-", "--archive", str(archive), *FAST, "-s", "LISTING_MAX_PAGE=2",
                       stdin=seeds)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the summary is a message: stderr
    assert "crawled" in result.stderr
    assert query(archive, "select count(*) from posts")[0][0] == len(POSTS)


def test_seeds_on_standard_input_are_checked_as_a_file_is(tmp_path):
    archive = str(tmp_path / "archive")
    assert_one_line_error(run_piped("crawl", "--seeds", "-", "--archive", archive, stdin="# nothing\n"),
                          "seeds on standard input has no URLs")
    assert_one_line_error(run_piped("crawl", "--seeds", "-", "--archive", archive, stdin="ftp://x.example/\n"),
                          "<stdin>:1: not a web address")


def test_demo_serves_on_the_port_asked_for(tmp_path):
    port = free_port()
    result = run_cli("demo", "--port", str(port), "--archive", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    assert f"demo blog: http://127.0.0.1:{port}/" in result.stderr


def test_demo_on_a_port_in_use_is_a_one_line_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_cli("demo", "--port", str(taken.getsockname()[1]), "--archive", str(tmp_path / "demo"))
    assert result.returncode == 1
    assert_one_line_error(result, "is in use", "--port")
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""

"""Unix habits of the command line: --version, ``-`` for standard input and output, data on stdout and
messages on stderr, documented exit statuses, shell completion."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from crawler import version
from crawler.demo.content import POSTS
from crawler.exit_status import MEANINGS

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


def test_demo_serves_on_the_port_asked_for_and_prints_only_hits(tmp_path):
    port = free_port()
    result = run_cli("demo", "--port", str(port), "--archive", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    assert f"demo blog: http://127.0.0.1:{port}/" in result.stderr
    headings = [line for line in result.stdout.splitlines() if not line.startswith("   ")]  # hit, url, snippet
    assert headings and all(line.startswith(f"{n}. [") for n, line in enumerate(headings, 1)), result.stdout


def test_demo_on_a_port_in_use_is_a_one_line_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_cli("demo", "--port", str(taken.getsockname()[1]), "--archive", str(tmp_path / "demo"))
    assert result.returncode == 1
    assert_one_line_error(result, "is in use", "--port")
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


FIXTURE = ROOT / "tests" / "fixtures" / "wordpress-block" / "when-therapy-ends.html"


def test_extract_reads_a_saved_page_on_standard_input():
    url = "http://127.0.0.1:8089/2020/11/when-therapy-ends/"
    from_file = run_cli("extract", str(FIXTURE), "--url", url)
    piped = run_piped("extract", "-", "--url", url, stdin=FIXTURE.read_bytes())
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout) == json.loads(from_file.stdout)
    assert piped.stderr == b""


def json_lines(text: str) -> list[dict]:
    """Every line of ``text`` as JSON: fails on a line that is not."""
    return [json.loads(line) for line in text.splitlines()]


def test_data_goes_to_stdout_and_messages_to_stderr(demo_archive, tmp_path):
    at = ("--archive", str(demo_archive))
    assert set(json.loads(run_cli("stats", "--json", *at).stdout)) >= {"sites", "posts", "comments"}
    assert json_lines(run_cli("stats", "--history", "--json", *at).stdout)
    assert {hit["type"] for hit in json_lines(run_cli("search", "repair", "--json", *at).stdout)} == {"post", "comment"}
    nothing = run_cli("search", "zzyzx", *at)
    assert nothing.stdout == "" and "no matches" in nothing.stderr
    [(post_url, title)] = query(demo_archive, "select url, title from posts order by id limit 1")
    shown = run_cli("show", post_url, *at)
    assert shown.stdout.startswith(title) and shown.stderr == ""
    exported = run_cli("export", "--format", "jsonl", "--out", "-", *at)
    assert len(json_lines(exported.stdout)) == len(POSTS) and "wrote" in exported.stderr
    export = tmp_path / "export.jsonl"
    export.write_text(exported.stdout)
    checked = run_cli("verify", str(export), *at)
    assert checked.returncode == 0 and checked.stdout == "" and "all rows match" in checked.stderr

    copy = tmp_path / "copy"
    shutil.copytree(demo_archive, copy)
    [warc] = sorted((copy / "warc").glob("*.warc.gz"))[:1]
    for args in (("reprocess", "--archive", str(copy)), ("forget", "--author", "Tomasz", "--archive", str(copy)),
                 ("ingest", str(warc), "--archive", str(tmp_path / "fresh"))):
        result = run_cli(*args)
        assert result.returncode == 0 and result.stdout == "" and result.stderr, (args, result.stderr)


def test_help_and_readme_list_every_exit_status():
    result = run_cli("--help")
    assert result.returncode == 0
    epilog = result.stdout[result.stdout.index("Exit status:"):]
    listed = [int(line.split()[0]) for line in epilog.splitlines()[1:] if line.strip() and line.split()[0].isdigit()]
    assert listed == [0, 1, 2, 3, 130] == sorted(MEANINGS)
    assert "usage error" in epilog and "full disk" in epilog and "some roots" in epilog
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("### Exit status"):]
    assert all(f"\n| {status} | " in table for status in listed)


def test_a_usage_error_exits_1_with_clicks_usage_hint():
    result = run_cli("crawl", "--no-such-option")
    assert result.returncode == 1 and "No such option" in result.stderr and "Usage:" in result.stderr


def console_script() -> list[str]:
    """The installed ``therapy-archive`` script; where it is not installed, what it runs, under its name."""
    script = Path(sys.executable).with_name("therapy-archive")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; sys.argv[0] = 'therapy-archive'; from crawler.cli import main; main()"]


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef therapy-archive"),
                                           ("fish", "complete --no-files --command therapy-archive")])
def test_shell_completion_scripts_come_from_click(shell, marker):
    result = subprocess.run(console_script(), capture_output=True, text=True, timeout=60,
                            env={**os.environ, "_THERAPY_ARCHIVE_COMPLETE": f"{shell}_source"})
    assert result.returncode == 0, result.stderr
    assert "complete" in result.stdout and marker in result.stdout


def test_completion_offers_commands_and_choices():
    def complete(*words: str) -> list[str]:
        env = {**os.environ, "_THERAPY_ARCHIVE_COMPLETE": "bash_complete",
               "COMP_WORDS": " ".join(("therapy-archive", *words)), "COMP_CWORD": str(len(words))}
        result = subprocess.run(console_script(), capture_output=True, text=True, timeout=60, env=env)
        return result.stdout.split()

    assert complete("se") == ["plain,search", "plain,serve"]
    assert complete("export", "--format", "") == ["plain,jsonl", "plain,csv", "plain,parquet", "plain,hf"]

"""therapy-archive.toml where people look for it: read from the current folder without --config, its paths
relative to itself, its mistakes named by file and line; the crawl's contact in every User-Agent and in
the crawl's record; and no archive written into the project's own ``archive`` package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.project import CONFIG_NAME, key_line, read_project

from .conftest import FAST, ROOT, assert_one_line_error, query, run_cli

# Our own server on loopback: no politeness delays, and a few pages are enough
SETTINGS = ("[settings]\nDOWNLOAD_DELAY = 0\nAUTOTHROTTLE_ENABLED = false\nPROGRESS_INTERVAL = 0\n"
            "LISTING_MAX_PAGE = 1\n")


def write_project(folder: Path, top: str, site: str, settings: str = SETTINGS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_NAME
    path.write_text(f"{top}{settings}[[site]]\n{site}")
    return path


def crawl_settings_of(archive: Path) -> dict:
    """The settings the last crawl recorded (crawls.settings)."""
    return json.loads(query(archive, "select settings from crawls order by started_at desc limit 1")[0][0])


def warc_user_agents(archive: Path) -> set[str]:
    """The User-Agent of every request record, and the warcinfo's, in the archive's WARC files."""
    agents = set()
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request":
                    agents.add(record.http_headers.get_header("User-Agent"))
                elif record.rec_type == "warcinfo":
                    info = record.content_stream().read().decode()
                    agents.update(line.split(": ", 1)[1] for line in info.splitlines()
                                  if line.startswith("http-header-user-agent: "))
    return agents


# --- 1. found in the current folder -------------------------------------------------------------------

def test_the_project_in_the_current_folder_is_read_without_config(demo_blog, tmp_path):
    folder = tmp_path / "project"
    write_project(folder, 'archive = "arch"\ncontact = "me@uni.example"\n',
                  f'url = "{demo_blog.base_url}"\nbudget = 12\nevery = "1d"\n')
    first = run_cli("crawl", "--quiet", cwd=folder)
    assert first.returncode == 0, first.stderr
    assert (folder / "arch" / "archive.db").exists() and not (folder / "archive").exists()
    assert query(folder / "arch", "select roots from crawls")[0][0] == demo_blog.base_url

    stats = run_cli("stats", "--json", cwd=folder)  # any command with --archive takes the project's
    assert stats.returncode == 0 and json.loads(stats.stdout)["posts"] > 0, stats.stderr
    due = run_cli("crawl", "--due", "--quiet", cwd=folder)  # sites and archive from the file: crawled a moment ago
    assert due.returncode == 0 and due.stderr.startswith(f"nothing due: next is {demo_blog.base_url} in ")

    elsewhere = tmp_path / "elsewhere"  # the command line wins
    assert_one_line_error(run_cli("stats", "--archive", str(elsewhere), cwd=folder), str(elsewhere))
    moved = run_cli("crawl", "--due", "--quiet", "--archive", str(elsewhere), cwd=folder)
    assert moved.returncode == 0, moved.stderr
    assert len(query(elsewhere, "select * from crawls")) == 1 and len(query(folder / "arch", "select * from crawls")) == 1


def test_urls_on_the_command_line_replace_the_projects_sites_but_keep_its_settings(demo_blog, tmp_path):
    write_project(tmp_path, 'archive = "arch"\ncontact = "me@uni.example"\n', 'url = "https://unreachable.invalid/"\n')
    before = len(demo_blog.requests)
    result = run_cli("crawl", demo_blog.base_url, "--max-pages", "12", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert query(tmp_path / "arch", "select roots from crawls")[0][0] == demo_blog.base_url
    assert all("me@uni.example" in r.user_agent for r in demo_blog.requests[before:])


def test_a_missing_config_file_is_a_one_line_error(tmp_path):
    result = run_cli("crawl", "--config", str(tmp_path / "nope.toml"))
    assert_one_line_error(result, f"cannot read config {tmp_path / 'nope.toml'} (No such file or directory)")
    assert result.stderr.count("\n") == 1


# --- 2. paths relative to the file --------------------------------------------------------------------

def test_paths_in_the_file_are_relative_to_its_folder(demo_blog, tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "seeds.txt").write_text(f"{demo_blog.base_url} budget=12\n")
    config = folder / CONFIG_NAME
    config.write_text(f'archive = "arch"\nseeds = "seeds.txt"\ncontact = "me@uni.example"\n{SETTINGS}')
    result = run_cli("crawl", "--config", str(config), "--quiet", cwd=tmp_path)  # run from another folder
    assert result.returncode == 0, result.stderr
    assert (folder / "arch" / "archive.db").exists() and not (tmp_path / "arch").exists()
    assert query(folder / "arch", "select roots from crawls")[0][0] == demo_blog.base_url
    stats = run_cli("stats", "--json", cwd=folder)
    assert stats.returncode == 0, stats.stderr


def test_absolute_and_home_paths_are_kept(tmp_path):
    config = tmp_path / CONFIG_NAME
    config.write_text(f'archive = "{tmp_path / "abs"}"\n')
    assert read_project(config).archive == tmp_path / "abs"
    config.write_text('archive = "~/arch"\n')
    assert read_project(config).archive == Path.home() / "arch"


# --- 3. mistakes named by file and line ---------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ('archive = "a"\n\n[[site]]\nurl = "https://a.example/"\n\n[[site]]\nurl = "https://b.example/"\nbudgett = 3\n',
     ':8: unknown key "budgett" in [[site]] (known: url, platform, budget, include, exclude, every)'),
    ('[[site]]\nurl = "https://a.example/"\nbudget = "lots"\n', ":3: budget must be a whole number, got 'lots'"),
    ('[[site]]\nurl = "https://a.example/"\nbudget = 2.5\n', ":3: budget must be a whole number, got 2.5"),
    ('[[site]]\nurl = "https://a.example/"\n"platform" = "myspace"\n', ":3: unknown platform 'myspace'"),
    ('[[site]]\nurl = "https://a.example/"\nexclude = ["/tag/"]\ninclude = ["(["]\n', ":4: bad pattern '(['"),
    ('[[site]]\nurl = "https://a.example/"\nexclude = 3\n', ":3: exclude must be a list of patterns"),
    ('[[site]]\nurl = "https://a.example/"\n  every = "soon"\n', ":3: every= takes a number and a unit"),
    ('contact = "me@uni.example"\n[[site]]\nurl = "ftp://a.example/"\n', ":3: not a web address: 'ftp://a.example/'"),
    ('[[site]]\nurl = "https://a.example/"\n\n[[site]]\nbudget = 3\n', ":4: [[site]] number 2 has no url"),
    ('archiv = "a"\n[[site]]\nurl = "https://a.example/"\n',
     ':1: unknown key "archiv" at the top level (known: archive, contact, seeds, settings, site)'),
    ('[[site]]\nurl = "https://a.example/"\n[setting]\nDOWNLOAD_DELAY = 1\n', ':3: unknown key "setting" at the top'),
    ('contact = 3\n[[site]]\nurl = "https://a.example/"\n', ":1: contact must be a non-empty string"),
    ('[settings]\nDOWNLOAD_DELAY = "soon"\n[[site]]\nurl = "https://a.example/"\n',
     ":2: DOWNLOAD_DELAY takes a number, not 'soon'"),
    ('[[site]]\nurl = "https://a.example/"\nbudget = \n', ":3:10: not valid TOML: Invalid value"),
])
def test_mistakes_name_the_file_and_line(tmp_path, text, message):
    (tmp_path / CONFIG_NAME).write_text(text)
    result = run_cli("crawl", cwd=tmp_path)
    assert_one_line_error(result, f"Error: {CONFIG_NAME}{message}")
    assert result.stderr.count("\n") == 1, result.stderr


def test_the_same_mistake_through_config_and_another_command(tmp_path):
    config = tmp_path / "project" / CONFIG_NAME
    write_project(config.parent, "", 'url = "https://a.example/"\nbudget = 0\n', settings="")
    assert_one_line_error(run_cli("crawl", "--config", str(config)), f"{config}:3: budget must be at least 1")
    assert_one_line_error(run_cli("stats", cwd=config.parent), f"{CONFIG_NAME}:3: budget must be at least 1")


def test_key_line_finds_keys_in_their_table_and_entry():
    text = ('budget = 1\n[settings]\nbudget = 2\n[[site]]\nurl = "a"\n# budget = 3\n'
            '[[site]]\nurl = "b"\n\'budget\' = 4\n[[ site ]]\nurl = "c"\n')
    assert key_line(text, "budget") == 1
    assert key_line(text, "budget", "settings") == 3
    assert key_line(text, "budget", "site", 1) is None  # the commented one is no key
    assert key_line(text, "budget", "site", 2) == 9
    assert key_line(text, "site", None, 3) == 10  # a table's header: its third [[site]]
    assert key_line(text, "url", "site", 3) == 11


def test_keys_it_cannot_place_are_reported_with_the_file_alone(tmp_path):
    (tmp_path / CONFIG_NAME).write_text('site = [{url = "https://a.example/", budgett = 1}]\n')
    assert_one_line_error(run_cli("crawl", cwd=tmp_path), f'Error: {CONFIG_NAME}: unknown key "budgett" in [[site]]')


# --- 4. the contact -----------------------------------------------------------------------------------

def test_no_contact_warns_once_and_crawls_saying_so(demo_blog, tmp_path):
    archive = tmp_path / "archive"
    before = len(demo_blog.requests)
    result = run_cli("crawl", demo_blog.base_url, "--archive", str(archive), "--max-pages", "12", *FAST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warning = ('warning: no contact set: site owners cannot reach you; add contact = "you@example.org" to '
               "therapy-archive.toml or -s ARCHIVE_CONTACT=...")
    assert result.stderr.splitlines().count(warning) == 1 and result.stderr.count("no contact set") == 1
    recorded = crawl_settings_of(archive)
    agents = {r.user_agent for r in demo_blog.requests[before:]} | warc_user_agents(archive) | {recorded["USER_AGENT"]}
    assert len(agents) == 1 and "contact: not set" in agents.pop()
    assert recorded["ARCHIVE_CONTACT"] == ""


@pytest.mark.parametrize("command_line, contact", [((), "me@uni.example"),
                                                    (("-s", "ARCHIVE_CONTACT=other@uni.example"), "other@uni.example")])
def test_the_contact_reaches_the_sites_the_warc_and_the_crawls_record(demo_blog, tmp_path, command_line, contact):
    write_project(tmp_path, 'contact = "me@uni.example"\n', f'url = "{demo_blog.base_url}"\n')
    before = len(demo_blog.requests)
    result = run_cli("crawl", "--max-pages", "12", *command_line, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no contact set" not in result.stderr and "{contact}" not in result.stderr
    recorded = crawl_settings_of(tmp_path / "archive")
    assert recorded["ARCHIVE_CONTACT"] == contact
    agents = {r.user_agent for r in demo_blog.requests[before:]} | warc_user_agents(tmp_path / "archive")
    assert agents == {recorded["USER_AGENT"]} and f"contact: {contact})" in recorded["USER_AGENT"]


# --- 5. not into the `archive` package ----------------------------------------------------------------

@pytest.fixture
def project_copy(tmp_path):
    """The project's source layout (scrapy.cfg beside the crawler, archive and exports packages), copied."""
    copy = tmp_path / "source"
    copy.mkdir()
    shutil.copy(ROOT / "scrapy.cfg", copy)
    for package in ("crawler", "archive", "exports"):
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _scrapy(copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "blog", *args], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=300)


def test_no_archive_is_written_into_the_archive_package(demo_blog, project_copy):
    package = sorted(p.name for p in (project_copy / "archive").iterdir())
    refusal = ("archive folder archive is a Python package (archive/__init__.py), not an archive: name another "
               "folder with --archive DIR or -s ARCHIVE_DIR=DIR")
    scrapy = _scrapy(project_copy, "-a", f"urls={demo_blog.base_url}", *FAST)
    assert scrapy.returncode == 1 and refusal in scrapy.stderr
    cli = run_cli("crawl", demo_blog.base_url, *FAST, cwd=project_copy)
    assert_one_line_error(cli, f"Error: {refusal}")
    assert sorted(p.name for p in (project_copy / "archive").iterdir()) == package  # no warc/, no archive.db

    elsewhere = _scrapy(project_copy, "-a", f"urls={demo_blog.base_url}", *FAST, "-s", "ARCHIVE_DIR=crawled",
                        "-s", "CLOSESPIDER_PAGECOUNT=12")
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert "no contact set: site owners cannot reach you" in elsewhere.stderr  # scrapy crawl warns too, in its log
    recorded = crawl_settings_of(project_copy / "crawled")
    assert "{contact}" not in recorded["USER_AGENT"] and "contact: not set" in recorded["USER_AGENT"]

"""Seeds files and therapy-archive.toml: per-site settings, and one-line errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.project import read_project
from crawler.seeds import SeedsError, SiteSpec, read_seeds
from crawler.urls import is_trap

from .conftest import assert_one_line_error, query, run_cli

EXAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "example.txt"


def test_seeds_lines_carry_site_settings(tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("# therapists\nhttps://a.example/blog/  platform=substack budget=30\n"
                     "b.example  include=/posts/ exclude=/posts/drafts/,/tag/\n\n")
    a, b = read_seeds(seeds)
    assert a == SiteSpec("https://a.example/blog/", "substack", 30)
    assert b.url == "https://b.example/" and b.allows("https://b.example/posts/one/")
    assert not b.allows("https://b.example/posts/drafts/x/") and not b.allows("https://b.example/about/")


def test_the_shipped_example_seeds_parse():
    sites = read_seeds(EXAMPLE)
    assert len(sites) >= 5 and all(s.url.startswith("https://") for s in sites)


@pytest.mark.parametrize("line, message", [
    ("https://a.example/ platform=myspace", "unknown platform"),
    ("https://a.example/ budget=lots", "budget must be a whole number"),
    ("https://a.example/ include=([", "bad pattern"),
    ("https://a.example/ colour=blue", "expected platform="),
    ("ftp://a.example/", "not a web address"),
])
def test_bad_seed_lines_name_the_line(tmp_path, line, message):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"https://ok.example/\n{line}\n")
    with pytest.raises(SeedsError, match=message) as error:
        read_seeds(seeds)
    assert f"{seeds}:2:" in str(error.value)
    result = run_cli("crawl", "--seeds", str(seeds), "--archive", str(tmp_path / "a"))
    assert_one_line_error(result, message)


def test_project_file(tmp_path):
    config = tmp_path / "therapy-archive.toml"
    config.write_text('archive = "arch"\ncontact = "me@uni.example"\n[settings]\nDOWNLOAD_DELAY = 2\n'
                      '[[site]]\nurl = "https://a.example/"\nplatform = "ghost"\nbudget = 10\ninclude = ["/p/"]\n')
    project = read_project(config)
    assert project.archive == tmp_path / "arch" and project.contact == "me@uni.example"
    assert project.settings == {"DOWNLOAD_DELAY": 2}
    assert project.sites == [SiteSpec("https://a.example/", "ghost", 10, ("/p/",))]
    config.write_text("[[site]]\nurl = \n")
    assert_one_line_error(run_cli("crawl", "--config", str(config)), "not valid TOML")


def test_config_crawl_with_a_budget(demo_blog, tmp_path):
    config = tmp_path / "therapy-archive.toml"
    archive = tmp_path / "archive"
    config.write_text(f'archive = "{archive}"\ncontact = "me@uni.example"\n'
                      '[settings]\nDOWNLOAD_DELAY = 0\nAUTOTHROTTLE_ENABLED = false\nPROGRESS_INTERVAL = 0\n'
                      f'[[site]]\nurl = "{demo_blog.base_url}"\nbudget = 6\n')
    before = len(demo_blog.requests)
    result = run_cli("crawl", "--config", str(config))
    assert "Traceback" not in result.stderr
    made = query(archive, "select count(*) from captures where url not like '%/robots.txt'")[0][0]
    assert made <= 6  # the budget counts every request the spider makes for the site
    assert all("me@uni.example" in r.user_agent for r in demo_blog.requests[before:])


@pytest.mark.parametrize("url", [
    "https://b.example/tag/anxiety+depression/", "https://b.example/tag/a,b/", "https://b.example/tag/a/tag/b/",
    "https://b.example/blog?page=900", "https://b.example/?tag=a&filter=b", "https://b.example/events/2024-01/",
])
def test_traps(url):
    assert is_trap(url, max_listing_page=500, max_comment_page=200)


@pytest.mark.parametrize("url", ["https://b.example/tag/anxiety/", "https://b.example/blog?page=3",
                                 "https://b.example/2021/03/kindness/", "https://b.example/?p=12"])
def test_not_traps(url):
    assert not is_trap(url, max_listing_page=500, max_comment_page=200)

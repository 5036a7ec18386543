"""Crawled text is escaped for where it is printed: HTML around the <mark> of a JSON snippet, and no
terminal escape sequences on a terminal."""

from __future__ import annotations

import json

from archive.search import search
from archive.records import Comment, Post
from archive.store import Store

from .conftest import run_cli

HOSTILE = ('Kindness <script>alert(1)</script> <img src=x onerror=alert(2)> and a title change '
           '\x1b]0;owned\x07 \x1b[31mred\x1b[0m')


def hostile_archive(folder):
    store = Store.in_folder(folder)
    store.write([Post(url="https://blog.example.org/p/", site="https://blog.example.org/", title="On kindness",
                      author="Nora", published="2021-03-03", text="A post about kindness.", language="en",
                      platform="generic", comments_source="inline", capture_id=None, seen_at="2021-03-05T00:00:00Z",
                      comments=(Comment("c-1", None, "Eve \x1b[2J", "2021-03-04", HOSTILE),))])
    store.close()


def test_json_snippets_are_html_with_only_mark_tags(tmp_path):
    hostile_archive(tmp_path)
    result = run_cli("search", "kindness", "--json", "--archive", str(tmp_path))
    snippets = [json.loads(line)["snippet"] for line in result.stdout.splitlines()]
    comment = next(s for s in snippets if "alert" in s)
    assert "<script>" not in comment and "<img" not in comment
    assert "&lt;script&gt;" in comment and "<mark>Kindness</mark>" in comment
    assert "\x1b" not in comment and "\x07" not in comment


def test_the_terminal_gets_no_escape_sequences_from_crawled_text(tmp_path):
    hostile_archive(tmp_path)
    result = run_cli("search", "kindness", "--archive", str(tmp_path))
    assert result.returncode == 0 and "alert(1)" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_the_library_keeps_the_contract(tmp_path):
    hostile_archive(tmp_path)
    store = Store.read_only(tmp_path)
    hits = search(store.db, "kindness")
    assert {hit.type for hit in hits} == {"post", "comment"}
    assert all(set(hit.to_json()) >= {"type", "url", "title", "author", "published", "site", "snippet", "rank"}
               for hit in hits)

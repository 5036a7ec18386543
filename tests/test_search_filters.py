"""Search as a researcher uses it: narrowed by site, author, UTC dates and type; a post whose title names
the query before passing mentions; spam left out unless asked for; pages of hits; every hit naming the
comment's own address, its place in the thread and its WARC record; JSON, CSV and a terminal view."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys

import pytest

from archive.records import Comment, Post
from archive.search import SearchQueryError, search
from archive.search_filters import SearchFilters
from archive.store import Store

from .conftest import assert_one_line_error, run_cli

CALM = "https://calm.example.org/"
NOTES = "https://www.notes.example.net/"


def _post(site: str, slug: str, title: str, text: str, published: str, comments=(), author="Nora") -> Post:
    return Post(url=f"{site}{slug}/", site=site, title=title, author=author, published=published, text=text,
                language="en", platform="wordpress", comments_source="inline", capture_id=None,
                seen_at="2024-01-01T00:00:00Z", comments=tuple(comments))


@pytest.fixture()
def archive(tmp_path):
    """Two blogs: a post titled on empathy, posts and comments that mention it in passing, a late-evening
    comment in New York that is already the next day in UTC, a reply, spam and a double post."""
    store = Store.in_folder(tmp_path)
    store.write([
        _post(CALM, "power-of-empathy", "The Power of Empathy in the Therapy Room",
              "What a client feels when the therapist stays with them. " * 30 + "Empathy is learned.",
              "2021-03-01T10:00:00+00:00"),
        _post(CALM, "waiting", "Waiting rooms", "A note on waiting rooms; empathy came up once.",
              "2021-03-02T10:00:00+00:00", comments=[
                  Comment("c-1", None, "Daniel Okafor", "2021-03-03T23:30:00-05:00", "Empathy, yes.",
                          url=f"{CALM}waiting/#comment-1"),
                  Comment("c-2", "c-1", "Nora", "2021-03-04T09:00:00+00:00", "Empathy takes practice, Daniel.",
                          url=f"{CALM}waiting/#comment-2"),
                  Comment("c-3", None, "Deals", "2021-03-04T10:00:00+00:00", "Empathy pills, cheap",
                          is_spam=True, spam_reason="commercial"),
                  Comment("c-4", None, "Daniel Okafor", "2021-03-04T10:05:00+00:00", "Empathy, yes!",
                          duplicate_of="c-1"),
              ]),
        _post(NOTES, "boundaries", "Boundaries", "Empathy without boundaries wears people out.",
              "2022-07-01", author="Daniel Okafor"),
    ])
    store.close()
    return tmp_path


def _hits(archive, query="empathy", sort="rank", **filters):
    store = Store.read_only(archive)
    try:
        return search(store.db, query, limit=50, filters=SearchFilters(**filters), sort=sort)
    finally:
        store.close()


def test_a_post_whose_title_names_the_query_comes_first(archive):
    hits = _hits(archive)
    assert hits[0].title == "The Power of Empathy in the Therapy Room" and hits[0].type == "post"
    # the short comments that only mention it come after, though bm25 alone would put them first
    assert {hit.type for hit in hits[1:]} == {"post", "comment"}


def test_spam_and_repeats_are_hidden_unless_asked_for_and_then_marked(archive):
    assert {hit.author for hit in _hits(archive, type="comment")} == {"Daniel Okafor", "Nora"}
    assert len(_hits(archive, type="comment")) == 2
    shown = {hit.author: hit for hit in _hits(archive, type="comment", include_spam=True) if hit.is_spam}
    assert list(shown) == ["Deals"]
    repeated = [hit for hit in _hits(archive, type="comment", include_spam=True) if hit.duplicate_of]
    assert [hit.snippet for hit in repeated] == ["<mark>Empathy</mark>, yes!"]


def test_filters_narrow_by_site_author_type_and_language(archive):
    assert {hit.site for hit in _hits(archive, site="notes.example.net")} == {NOTES}  # www. or not
    assert {hit.site for hit in _hits(archive, site="https://calm.example.org")} == {CALM}
    assert {(hit.type, hit.author) for hit in _hits(archive, author="daniel okafor")} == {
        ("comment", "Daniel Okafor"), ("post", "Daniel Okafor")}
    assert {hit.type for hit in _hits(archive, type="post")} == {"post"}
    assert _hits(archive, language="de") == []
    with pytest.raises(SearchQueryError, match="no site in the archive matches 'elsewhere.org'"):
        _hits(archive, site="elsewhere.org")


def test_dates_are_compared_in_utc_and_until_takes_in_the_whole_day(archive):
    # 23:30 in New York on 3 March is 04:30 on 4 March in UTC
    daniel = _hits(archive, type="comment", author="Daniel Okafor")
    assert [hit.published_utc for hit in daniel] == ["2021-03-04T04:30:00Z"]
    assert _hits(archive, type="comment", author="Daniel Okafor", until="2021-03-03") == []
    assert len(_hits(archive, type="comment", author="Daniel Okafor", since="2021-03-04", until="2021-03-04")) == 1
    assert {hit.title for hit in _hits(archive, type="post", until="2021")} == {
        "The Power of Empathy in the Therapy Room", "Waiting rooms"}
    assert {hit.title for hit in _hits(archive, since="2022-07")} == {"Boundaries"}
    with pytest.raises(SearchQueryError, match="--since '3 March' is not a date"):
        _hits(archive, since="3 March")


def test_a_hit_names_the_comment_its_place_in_the_thread_and_its_post(archive):
    reply = next(hit for hit in _hits(archive, type="comment") if hit.author == "Nora")
    assert reply.url == f"{CALM}waiting/#comment-2" and reply.post_url == f"{CALM}waiting/"
    assert (reply.depth, reply.reply_to, reply.title) == (1, "Daniel Okafor", "Waiting rooms")
    top = next(hit for hit in _hits(archive, type="comment") if hit.author == "Daniel Okafor")
    assert (top.depth, top.reply_to, top.parent_id) == (0, None, None)


def test_sort_by_date_and_pages_of_hits(archive):
    newest = _hits(archive, sort="date")
    dates = [hit.published_utc for hit in newest]
    assert dates == sorted(dates, reverse=True)
    store = Store.read_only(archive)
    try:
        every = [hit.id for hit in search(store.db, "empathy", limit=50)]
        pages = [hit.id for start in range(0, len(every), 2) for hit in search(store.db, "empathy", limit=2, offset=start)]
    finally:
        store.close()
    assert pages == every and len(every) == 5


def test_the_command_line_writes_json_csv_and_plain_text(archive):
    result = run_cli("search", "empathy", "--archive", str(archive), "--type", "comment", "--json")
    assert result.returncode == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert {hit["url"] for hit in hits} == {f"{CALM}waiting/#comment-1", f"{CALM}waiting/#comment-2"}
    assert all(hit["post_url"] == f"{CALM}waiting/" and hit["is_spam"] is False for hit in hits)

    result = run_cli("search", "empathy", "--archive", str(archive), "--csv", "--include-spam")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7 and {row["type"] for row in rows} == {"post", "comment"}
    assert {row["author"] for row in rows if row["is_spam"] == "1"} == {"Deals"}

    result = run_cli("search", "empathy", "--archive", str(archive), "--limit", "2", "--offset", "1")
    assert result.returncode == 0 and "\033[" not in result.stdout  # piped: no colour
    assert [line.split(".")[0] for line in result.stdout.splitlines() if line[:1].isdigit()] == ["2", "3"]

    assert_one_line_error(run_cli("search", "empathy", "--archive", str(archive), "--since", "yesterday"),
                          "--since 'yesterday' is not a date")
    assert_one_line_error(run_cli("search", "empathy", "--archive", str(archive), "--site", "nowhere.org"),
                          "no site in the archive matches")


def _on_terminal(args: list[str], **env: str) -> str:
    """What the command prints to a real (pseudo-)terminal."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "crawler", *args], stdout=terminal, stderr=subprocess.DEVNULL,
                               env={**os.environ, **env})
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output.decode()


def test_colour_on_a_terminal_and_never_with_no_color(archive):
    args = ["search", "empathy", "--archive", str(archive)]
    coloured = _on_terminal(args)
    assert "\033[" in coloured and "Power of" in coloured
    plain = _on_terminal(args, NO_COLOR="1")
    assert "\033[" not in plain and "*Empathy*" in plain


def test_stemming_is_chosen_when_the_archive_is_made_and_a_rebuild_keeps_it(tmp_path):
    from archive.store import stems_words

    for stemming, found in ((True, 1), (False, 0)):
        folder = tmp_path / str(stemming)
        folder.mkdir()
        store = Store.in_folder(folder, stemming=stemming)
        store.write([_post(CALM, "rooms", "Rooms", "Two therapists and a café.", "2021-03-01")])
        assert len(search(store.db, "therapist")) == found  # only a stemmer finds the plural
        assert len(search(store.db, "cafe")) == 1  # accents are folded either way
        store.close()
        reopened = Store.in_folder(folder, stemming=not stemming)  # an existing archive keeps its own
        assert len(search(reopened.db, "therapist")) == found
        reopened.close()
        assert stems_words(folder / "archive.db") is stemming

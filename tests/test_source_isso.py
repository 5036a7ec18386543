"""crawler.sources.isso on answers saved from the real Isso fixture (tests/engines/isso/).

sample_thread.json: the thread of "The Intimacy of Genuine Kindness" as Isso 0.14 served it to
``thread_url`` (20 published comments, replies to replies flattened by Isso, two pending ones absent).
sample_thread_partial.json: the same thread asked with limit=4&nested_limit=1, to see the paging.
Isso numbered the comments in the order they were posted, which is content.json's order: id N is kN.
"""

from __future__ import annotations

import json
from pathlib import Path

from crawler.normalize.embeds import isso_target
from crawler.sources import isso

HERE = Path(__file__).parent
SAMPLE = HERE / "engines" / "isso" / "sample_thread.json"
PARTIAL = HERE / "engines" / "isso" / "sample_thread_partial.json"
ENDPOINT = "http://127.0.0.1:8093"
THREAD = "/2019/03/the-intimacy-of-genuine-kindness/"


def _content_comments() -> dict[str, dict]:
    content = json.loads((HERE / "wordpress" / "content.json").read_text(encoding="utf-8"))
    post = next(p for p in content["posts"] if p["slug"] == "the-intimacy-of-genuine-kindness")
    return {c["key"]: c for c in post["comments"]}


def test_page_tells_endpoint_and_thread():
    page = "http://127.0.0.1:8092" + THREAD
    scripts = [{"src": "/theme/site.js"},
               {"data-isso": "http://127.0.0.1:8093/", "src": "http://127.0.0.1:8093/js/embed.min.js"}]
    thread = {"id": "isso-thread", "data-isso-id": THREAD, "data-title": "x"}
    assert isso_target(scripts, thread, page) == (ENDPOINT, THREAD)
    # no data-isso-id: the thread is the page's path, exactly (index.html is another thread)
    assert isso_target(scripts, {"id": "isso-thread"}, page + "index.html?x=1") == (ENDPOINT,
                                                                                      THREAD + "index.html")
    # relative and protocol-relative data-isso, and no data-isso at all (the embed script's own location)
    relative = [{"data-isso": "/isso", "src": "/isso/js/embed.min.js"}]
    assert isso_target(relative, {}, page)[0] == "http://127.0.0.1:8092/isso"
    protocol_relative = [{"data-isso": "//comments.example.org/"}]
    assert isso_target(protocol_relative, {}, "https://blog.example.org/a/")[0] == "https://comments.example.org"
    bare = [{"src": "https://c.example.org/sub/js/embed.min.js"}]
    assert isso_target(bare, {}, page)[0] == "https://c.example.org/sub"
    # the script alone (a listing with count.js) shows no thread
    assert isso_target(scripts, None, page) is None
    assert isso_target([{"src": "/theme/site.js"}], {}, page) is None


def test_thread_url_always_names_nested_limit():
    url = isso.thread_url(ENDPOINT + "/", THREAD)
    assert url == (f"{ENDPOINT}/?uri=%2F2019%2F03%2Fthe-intimacy-of-genuine-kindness%2F&sort=oldest"
                   f"&limit={isso.PAGE_SIZE}&offset=0&nested_limit={isso.NESTED_LIMIT}")
    assert isso.thread_url(ENDPOINT, THREAD, 5, parent=1).endswith("&offset=5&nested_limit=100&parent=1")


def test_real_thread_parses_to_the_seeded_comments():
    page = isso.parse_thread(SAMPLE.read_bytes(), ENDPOINT, THREAD)
    assert page.next_url is None
    assert isso.hidden_reply_urls(SAMPLE.read_bytes(), ENDPOINT, THREAD) == []
    by_id = {c.id: c for c in page.comments}
    assert len(page.comments) == len(by_id) == 20
    # top-level comments oldest first, each followed by its replies
    assert [c.id for c in page.comments][:5] == ["isso-1", "isso-2", "isso-8", "isso-3", "isso-4"]
    first = by_id["isso-1"]
    assert (first.parent_id, first.author, first.published) == (None, "Joanna Mercer", "2019-03-16T07:11:00+00:00")
    assert by_id["isso-8"].parent_id == "isso-1"
    # k13 answered k12 (itself a reply to k11): Isso keeps replies one level deep
    assert by_id["isso-13"].parent_id == "isso-11" and by_id["isso-20"].parent_id == "isso-18"
    assert by_id["isso-3"].author_url == "https://example.com/ruth-adeyemi"
    assert by_id["isso-20"].published == "2019-04-06T01:27:00+00:00"   # 20:27 in Chicago (CDT) the day before
    assert "isso-21" not in by_id and "isso-22" not in by_id              # still in the moderation queue
    content = _content_comments()
    for comment in page.comments:
        source = content["k" + comment.id.removeprefix("isso-")]
        assert comment.author == source["author"]
        assert comment.text == source["text"], comment.id                 # Markdown -> HTML -> the same text
    assert "\n\n" in by_id["isso-18"].text                               # two paragraphs stay two


def test_partial_answer_gives_next_page_and_reply_pages():
    body = PARTIAL.read_bytes()
    page = isso.parse_thread(body, ENDPOINT, THREAD)
    assert [c.id for c in page.comments] == ["isso-1", "isso-2", "isso-3", "isso-4", "isso-5", "isso-6", "isso-7"]
    assert page.next_url == isso.thread_url(ENDPOINT, THREAD, 4)
    assert isso.hidden_reply_urls(body, ENDPOINT, THREAD) == [isso.thread_url(ENDPOINT, THREAD, 1, parent=1)]


def test_deleted_placeholder_is_skipped_but_its_replies_stay():
    data = json.loads(SAMPLE.read_bytes())
    pete = next(item for item in data["replies"] if item["id"] == 6)
    pete.update(mode=4, text="", author=None, website=None)     # what Isso keeps of a deleted comment with replies
    page = isso.parse_thread(json.dumps(data).encode(), ENDPOINT, THREAD)
    ids = {c.id: c for c in page.comments}
    assert "isso-6" not in ids and ids["isso-7"].parent_id == "isso-6"


def test_parent_page_and_junk():
    reply_page = json.dumps({"id": 1, "total_replies": 2, "hidden_replies": 1, "replies": [
        {"id": 2, "parent": 1, "created": 1552799999.5, "mode": 1, "text": "<p>a &amp; b<br>c</p>",
         "author": "Tom &amp; Jerry", "website": None}]}).encode()
    page = isso.parse_thread(reply_page, ENDPOINT, THREAD)
    (only,) = page.comments
    assert (only.parent_id, only.author, only.text) == ("isso-1", "Tom & Jerry", "a & b\nc")
    assert only.published == "2019-03-17T05:19:59+00:00"
    assert page.next_url == isso.thread_url(ENDPOINT, THREAD, 1, parent=1)
    assert isso.parse_thread(b"[]", ENDPOINT, THREAD).comments == []
    assert isso.parse_thread(b'{"replies": [null, 3, {"text": "no id"}]}', ENDPOINT, THREAD).comments == []

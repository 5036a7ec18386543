"""The normalizer on its own: pure function, real pages in, gold JSON out.

Fixtures in tests/fixtures/<family>/NAME.html with NAME.json beside: pages saved from the real WordPress
fixture (wordpress-block/, gold from the manifest WordPress wrote about its own content), and one folder
per platform written by tests/fixtures/build_platform_fixtures.py (gold from the content it renders).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.demo.content import POSTS
from crawler.demo.site import DemoSite, comment_pages
from crawler.normalize import NotHTML, extract

FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("*/*.html"))
COMMENT_FIELDS = ("id", "parent_id", "author", "author_url", "published", "text", "kind", "is_spam", "duplicate_of")


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_page_matches_its_gold(page: Path):
    gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    result = extract(page.read_bytes(), gold["url"]).to_json()
    for key in ("page_type", "platform", "title", "author", "published", "text", "comments_source"):
        if key in gold:
            assert result[key] == gold[key], key
    got = [{k: c[k] for k in COMMENT_FIELDS} for c in result["comments"]]
    assert got == gold["comments"]
    for phrase in gold.get("must_not_contain", []):
        assert phrase not in result["text"], phrase
        assert not [c for c in result["comments"] if phrase in c["text"] or phrase in (c["author"] or "")], phrase


def test_every_platform_has_fixtures():
    families = {page.parent.name for page in FIXTURES}
    assert {"wordpress", "wordpress.com", "blogger", "substack", "ghost", "squarespace", "medium",
            "psychologytoday", "generic"} <= families
    assert len(FIXTURES) >= 40


def test_demo_site_pages_match_their_content():
    site = DemoSite("http://blog.test/")
    for post in POSTS:
        pages = comment_pages(post)
        for number, shown in enumerate(pages, 1):
            _, content_type, body = site.respond(f"{post.path}comment-page-{number}/")
            result = extract(body, f"http://blog.test{post.path}comment-page-{number}/", content_type=content_type)
            assert (result.title, result.author, result.published) == (post.title, post.author, post.date)
            assert result.text == "\n\n".join(post.paragraphs)
            assert [(c.id, c.author, c.text, c.kind, c.is_spam) for c in result.comments] == [
                (f"c-{c.id}", c.author, c.text, c.kind, c.spam) for c in shown
            ]


def test_a_sentence_that_sounds_like_a_form_label_stays():
    _, _, body = DemoSite("http://blog.test/").respond(POSTS[0].path)
    text = extract(body, "http://blog.test" + POSTS[0].path).text
    assert "Leave a reply below if this resonated with your own first session." in text
    assert "Leave a Reply" not in text


def test_thread_rendered_twice_is_collapsed():
    comment = ('<li id="comment-{n}" class="comment"><div class="comment-author"><b class="fn">{a}</b></div>'
               '<div class="comment-content"><p>{t}</p></div>{kids}</li>')
    reply = comment.format(n=2, a="Bo", t="A reply.", kids="")
    thread = comment.format(n=1, a="Ann", t="First words.", kids=f'<ol class="children">{reply}</ol>')
    html = (f'<html><head><meta name="generator" content="WordPress 6.4"></head><body class="single">'
            f'<div class="entry-content"><p>Body.</p></div><ol class="comment-list">{thread}</ol>'
            f'<ol class="comment-list">{thread}</ol></body></html>')
    comments = extract(html.encode(), "http://blog.test/p/").comments
    assert [(c.id, c.parent_id, c.duplicate_of) for c in comments] == [
        ("c-1", None, None), ("c-2", "c-1", None), ("c-1~2", None, "c-1"), ("c-2~2", "c-1~2", "c-2"),
    ]


@pytest.mark.parametrize("data", [b"", b"   \n", bytes(range(256)) * 64, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100])
def test_empty_or_binary_input_is_refused_clearly(data):
    with pytest.raises(NotHTML):
        extract(data, "http://blog.test/")


def test_hostile_markup_does_not_crash():
    # past libxml2's depth limit the rest of the page is lost: what came before it is still extracted
    nested = b"<html><body><article><p>before</p>" + b"<div>" * 10_000 + b"deep" + b"</div>" * 10_000
    assert extract(nested + b"</article></body></html>", "http://blog.test/").text.startswith("before")
    unclosed = b"<html><body class='single'><div class='entry-content'><p>one<p>two<b>bold<i>both<p>three"
    assert extract(unclosed, "http://blog.test/").text == "one\n\ntwoboldboth\n\nthree"
    headless = extract(b"<p>Just a paragraph, no html, head or body.</p>", "http://blog.test/")
    assert headless.text == "Just a paragraph, no html, head or body."


def test_windows_1252_page_declared_utf8_is_decoded():
    page = '<html><head><meta charset="utf-8"></head><body><article><p>Café – “naïve” façade</p></article></body></html>'
    result = extract(page.encode("windows-1252"), "http://blog.test/", content_type="text/html; charset=utf-8")
    assert result.text == "Café – “naïve” façade"


def test_many_comments_are_all_kept():
    items = "".join(f'<li id="comment-{n}" class="comment"><div class="comment-content"><p>Note number {n}.</p></div></li>'
                    for n in range(1, 5001))
    html = f'<html><body class="single"><div class="entry-content"><p>Body.</p></div><ol>{items}</ol></body></html>'
    comments = extract(html.encode(), "http://blog.test/p/").comments
    assert len(comments) == 5000 and comments[-1].text == "Note number 5000."


def test_mojibake_is_repaired_and_language_identified():
    # a post saved as UTF-8 after being read as windows-1252 once: the classic "cafÃ©"
    broken = "It’s a café – naïve ‘quoted’ words about the consulting room and what clients bring."
    page = f"<html lang='de'><body><article><p>{broken.encode('utf-8').decode('windows-1252')}</p>" \
           f"<p>{'Therapy is a conversation about what matters to the person in the room. ' * 4}</p></article></body></html>"
    result = extract(page.encode("utf-8"), "http://blog.test/")
    assert result.text.startswith(broken)
    assert result.language == "en"  # the theme says German; the text is English


def test_persian_comment_text_is_intact():
    # zero-width non-joiner, RTL text and emoji with skin tone survive extraction unchanged
    text = "می\u200cخواهم بگویم همدلی مهم است 🌱 🙏🏽"
    html = (f'<html><body class="single"><div class="entry-content"><p>Body text of the post.</p></div>'
            f'<ol><li id="comment-7" class="comment"><div class="comment-content"><p>{text}</p></div></li></ol></body></html>')
    assert extract(html.encode(), "http://blog.test/p/").comments[0].text == text


def test_control_characters_in_text_are_dropped():
    # found by the fuzz test: a backspace in the page made lxml refuse the cleaned tree
    result = extract('<html><body class="single"><div>\x08<div class="comment"></div>0</div></body></html>'.encode(),
                     "http://blog.test/")
    assert "\x08" not in result.text


@pytest.mark.parametrize("printed, expected", [
    ("March 3, 2021 at 4:15 pm", "2021-03-03T16:15:00"),
    ("3 March 2021", "2021-03-03"),
    ("March 3rd, 2021", "2021-03-03"),
    ("2021-03-03T16:15:00+00:00", "2021-03-03T16:15:00+00:00"),
    ("2 years ago", "2019-06-01T12:00:00"),
    ("3 days ago", "2021-05-29T12:00:00"),
])
def test_comment_dates_in_any_format(printed, expected):
    from datetime import datetime

    from crawler.normalize.dates import iso_date

    assert iso_date(printed, relative_to=datetime(2021, 6, 1, 12, 0), language="en") == expected


def test_wpdiscuz_threads():
    def comment(n, parent, author, text, kids=""):
        return (f'<div id="wpd-comm-{n}_{parent}" class="wpd-comment"><div class="wpd-comment-wrap">'
                f'<div class="wpd-comment-header"><div class="wpd-comment-author">{author}</div>'
                f'<div class="wpd-comment-date" title="March 3, 2021 4:15 pm">2 years ago</div></div>'
                f'<div class="wpd-comment-text"><p>{text}</p></div><div class="wpd-comment-footer">'
                f'<div class="wpd-reply-button">Reply</div></div></div>{kids}</div>')

    thread = comment(12, 0, "Ann", "The first comment.", comment(13, 12, "Bo", "A reply to Ann."))
    html = (f'<html><head><meta name="generator" content="WordPress 6.4"></head><body class="single">'
            f'<div class="entry-content"><p>The post.</p></div><div id="wpdcom">{thread}</div></body></html>')
    comments = extract(html.encode(), "http://blog.test/p/").comments
    assert [(c.id, c.parent_id, c.author, c.text, c.published) for c in comments] == [
        ("c-12", None, "Ann", "The first comment.", "2021-03-03T16:15:00"),
        ("c-13", "c-12", "Bo", "A reply to Ann.", "2021-03-03T16:15:00"),
    ]


def test_a_30_mb_page_is_extracted():
    paragraph = "<p>" + "Words about the consulting room, written at length. " * 20 + "</p>"
    html = ("<html><body><article>" + paragraph * (30 * 1024 * 1024 // len(paragraph)) + "</article></body></html>")
    result = extract(html.encode(), "http://blog.test/")
    assert len(result.text) > 25_000_000

"""The normalizer never crashes and never hangs, whatever the bytes (property-based, hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.normalize import NotHTML, extract

TAGS = ["div", "p", "li", "ol", "ul", "article", "span", "a", "br", "section", "h1", "time", "script", "table", "td"]
ATTRS = ['', ' class="comment"', ' id="comment-1"', ' class="entry-content"', ' id="comment-2" class="comment"',
         ' datetime="2021-03-03"', ' href="/x?replytocom=1"', ' class="comment-author"', ' class="sharedaddy"']
fragment = st.recursive(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    lambda children: st.builds(
        lambda tag, attr, inner, closed: f"<{tag}{attr}>{''.join(inner)}" + (f"</{tag}>" if closed else ""),
        st.sampled_from(TAGS), st.sampled_from(ATTRS), st.lists(children, max_size=4), st.booleans()),
    max_leaves=30,
)
encodings = st.sampled_from(["utf-8", "windows-1252", "utf-16", "latin-1"])


def _check(data: bytes) -> None:
    try:
        result = extract(data, "http://blog.test/post/")
    except NotHTML:
        return
    assert isinstance(result.text, str) and "\x00" not in result.text and "\x01" not in result.text
    assert len({c.id for c in result.comments}) == len(result.comments)  # ids stay unique


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment, encodings)
def test_random_markup(markup, encoding):
    _check(f"<html><body class='single'>{markup}</body></html>".encode(encoding, errors="replace"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    _check(data)

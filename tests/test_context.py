"""What the site lists as its posts decides what is a post: a feed item, a posts sitemap entry or an API
result is archived as a post whatever its page's markup says, and keeps the feed's text where its page
has none (posts.body_source)."""

from __future__ import annotations

from crawler.handlers import CrawlState, Response, handle
from crawler.listings import Listings
from crawler.normalize import extract
from crawler.normalize.context import in_context, is_storable

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title>
<entry><id>tag:blogger.com,1999:blog-1.post-42</id><published>2021-03-03T16:15:00+00:00</published>
<title type="text">When Therapy Ends</title><content type="html">&lt;p&gt;Endings matter.&lt;/p&gt;&lt;p&gt;Plan them.&lt;/p&gt;</content>
<link rel="alternate" type="text/html" href="https://notes.example.org/2021/03/when-therapy-ends.html"/>
<author><name>Nora</name></author></entry></feed>"""
SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://wp.example.org/2021/03/on-silence/</loc></url></urlset>"""
# A post page with none of og:type, JSON-LD, <article> or h-entry, and a body in a script-filled div.
BARE = b"""<html><head><title>When Therapy Ends</title></head><body><div id="app"></div>
<div class="nav"><a href="/">Home</a></div></body></html>"""
PLAIN = b"""<html><head><title>On Silence | Notes</title></head><body><div class="wrap"><h1>On Silence</h1>
<div class="text"><p>Silence in therapy is not empty. It is full of what has not yet been said, and a therapist
learns to wait for it without filling the room with words of their own.</p></div></div></body></html>"""


def learned(handler: str, url: str, body: bytes) -> tuple[Listings, list[str]]:
    """What the crawl's handler for a feed or sitemap response learns, and the pages it asks for next."""
    state = CrawlState()
    response = Response(url, 200, {"content-type": "application/xml"}, body, "2021-03-05T00:00:00Z", None,
                        {"handler": handler, "root": url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/"})
    outcome = handle(response, state)
    assert outcome.problem is None
    return state.listings, [f.url for f in outcome.follow if f.handler == "page"]


def test_a_feed_item_is_a_post_and_keeps_the_feeds_text_when_the_page_has_none():
    listings, [url] = learned("feed", "https://notes.example.org/feeds/posts/default", FEED)
    page = extract(BARE, url)
    assert page.page_type == "other" and len(page.text) < 10  # nothing of the post: its body is a script's
    post = in_context(page, listings.of(url))
    assert (post.page_type, post.title, post.author, post.published) == (
        "post", "When Therapy Ends", "Nora", "2021-03-03T16:15:00+00:00")
    assert (post.text, post.body_source) == ("Endings matter.\n\nPlan them.", "feed")
    assert is_storable(post)


def test_a_posts_sitemap_entry_is_a_post_with_its_own_text():
    listings, [url] = learned("sitemap", "https://wp.example.org/wp-sitemap-posts-post-1.xml", SITEMAP)
    page = extract(PLAIN, url)
    post = in_context(page, listings.of(url))
    assert post.page_type == "post" and post.body_source == "page" and post.text.startswith("Silence in therapy")


def test_a_general_sitemap_lists_no_posts_and_an_unlisted_bare_page_is_not_stored():
    listings, [url] = learned("sitemap", "https://wp.example.org/sitemap.xml", SITEMAP)
    assert listings.of(url) is None  # followed as a page, not known as a post
    page = in_context(extract(BARE, "https://wp.example.org/about/"), None)
    assert not is_storable(page)


def test_an_empty_listed_page_without_feed_text_is_not_stored_as_an_empty_row():
    listings, [url] = learned("sitemap", "https://wp.example.org/wp-sitemap-posts-post-1.xml", SITEMAP)
    empty = b"<html><head></head><body><div id='app'></div></body></html>"
    post = in_context(extract(empty, url), listings.of(url))
    assert not is_storable(post)


def test_a_listings_excerpt_names_a_post():
    teasers = "".join(f'<article><h2><a href="/2021/03/p{i}/">Post {i}</a></h2><p>Excerpt {i}.</p></article>'
                      for i in (1, 2))
    listing = extract(f"<html><body><main>{teasers}</main></body></html>".encode(), "https://blog.example.org/")
    listings = Listings()
    listings.learn_page(listing)
    assert listing.page_type == "listing"
    assert listing.post_links == ["https://blog.example.org/2021/03/p1/", "https://blog.example.org/2021/03/p2/"]
    page = extract(PLAIN, "https://blog.example.org/2021/03/p1/")
    assert in_context(page, listings.of(page.url)).page_type == "post"

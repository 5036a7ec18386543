"""Which held posts a re-crawl leaves alone (crawler.recheck): old posts a finished crawl read lately,
unless their sitemap says they changed since; never recent posts, never what a cut-short crawl read."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from archive.records import Capture, Post
from archive.store import Store
from crawler.recheck import RecheckPolicy
from crawler.sources.feeds import read_sitemap

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)
ROOT = "https://blog.example.org/"
SEEN = "2026-11-27T10:00:00Z"


def _archive(tmp_path, status: str) -> Store:
    store = Store.in_folder(tmp_path)
    store.start_crawl("c1", [ROOT], "{}")
    records = []
    for slug, published in (("old", "2019-03-04T09:00:00+00:00"), ("recent", "2026-11-01T09:00:00+00:00")):
        capture = Capture(f"{ROOT}{slug}/", 200, SEEN, "text/html", "x.warc.gz", 0, 10, f"<urn:{slug}>", None, "c1")
        records += [capture, Post(f"{ROOT}{slug}/", ROOT, slug, None, published, "Text.", "en", "wordpress",
                                  "inline", capture.id, SEEN)]
    store.write(records)
    store.finish_crawl("c1", {}, status)
    return store


def test_old_posts_read_lately_are_left_alone_unless_changed(tmp_path):
    store = _archive(tmp_path, "finished")
    policy = RecheckPolicy(store, timedelta(days=90), timedelta(days=7), NOW)
    assert policy.leaves_alone(ROOT + "old/") and policy.leaves_alone(ROOT + "old/comment-page-2/")
    assert not policy.leaves_alone(ROOT + "recent/")  # comments still arrive there
    assert not policy.leaves_alone(ROOT + "new/")  # not held
    assert not policy.leaves_alone(ROOT + "old/", "2026-11-28T08:00:00+00:00")  # edited since it was read
    assert policy.leaves_alone(ROOT + "old/", "2026-11-20")
    later = RecheckPolicy(store, timedelta(days=90), timedelta(days=1), NOW)
    assert not later.leaves_alone(ROOT + "old/")  # read two days ago: due for its recheck
    store.close()


def test_a_crawl_cut_short_leaves_nothing_alone(tmp_path):
    store = _archive(tmp_path, "shutdown")  # its comment pages may be unread
    assert not RecheckPolicy(store, timedelta(days=90), timedelta(days=7), NOW).leaves_alone(ROOT + "old/")
    store.close()


def test_sitemaps_give_each_pages_lastmod():
    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>https://blog.example.org/old/</loc><lastmod>2026-11-28T08:00:00+00:00</lastmod></url>"
            b"<url><loc>https://blog.example.org/other/</loc></url></urlset>")
    sitemap = read_sitemap(body)
    assert sitemap.locs == ["https://blog.example.org/old/", "https://blog.example.org/other/"]
    assert sitemap.lastmod == {"https://blog.example.org/old/": "2026-11-28T08:00:00+00:00"}

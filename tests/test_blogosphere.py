"""One crawl of a local blogosphere: a site per platform, each with its own feeds, APIs, robots.txt and
traps; every post and every comment each platform exposes must be in the archive, and nothing else."""

from __future__ import annotations

import pytest

from archive.store import stable_id

from .blogosphere import blogger_site, listing_sites, substack_site, wordpress_rest_site
from .conftest import query, run_cli

CRAWL_DELAY = 0.3
DOWNLOAD_DELAY = 0.1


@pytest.fixture(scope="module")
def blogosphere(tmp_path_factory):
    sites = [("substack", *substack_site()), ("blogger", *blogger_site()),
             ("wordpress", *wordpress_rest_site(CRAWL_DELAY)), *listing_sites()]
    roots = {name: server.base_url + ("blog" if name == "squarespace" else "") for name, server, _ in sites}
    seeds = tmp_path_factory.mktemp("seeds") / "seeds.txt"
    seeds.write_text("# the local blogosphere\n" + "".join(
        f"{root}  platform={name}\n" if name == "substack" else f"{root}\n" for name, root in roots.items()))
    archive = tmp_path_factory.mktemp("blogosphere") / "archive"
    result = run_cli("crawl", "--seeds", str(seeds), "--archive", str(archive), "-s", f"DOWNLOAD_DELAY={DOWNLOAD_DELAY}",
                     "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0", "-s", "CONCURRENT_REQUESTS=16")
    yield sites, archive, result
    for _, server, _ in sites:
        server.stop()


def test_crawl_succeeds_without_errors(blogosphere):
    _, _, result = blogosphere
    assert result.returncode == 0, result.stderr
    assert "error:" not in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["substack", "blogger", "wordpress", "ghost", "squarespace", "medium", "psychologytoday"])
def test_every_post_is_found(blogosphere, name):
    sites, archive, _ = blogosphere
    server, truth = next((s, t) for n, s, t in sites if n == name)
    stored = {r[0] for r in query(archive, "select url from posts where url like ?", (server.base_url + "%",))}
    assert stored == truth.posts
    texts = query(archive, "select text from posts where url like ?", (server.base_url + "%",))
    assert all(t[0] for t in texts)  # each post's page was fetched and its body kept


@pytest.mark.parametrize("name", ["substack", "blogger", "wordpress", "ghost"])
def test_every_comment_is_found_with_its_thread(blogosphere, name):
    sites, archive, _ = blogosphere
    _, truth = next((s, t) for n, s, t in sites if n == name)
    assert truth.comments
    for post_url, expected in truth.comments.items():
        pid = stable_id(post_url)
        rows = query(archive, "select native_id, parent_id, author, text from comments where post_id = ? order by position",
                     (pid,))
        got = {(r[0], r[1], r[2], r[3]) for r in rows}
        want = {(cid, stable_id(pid, parent) if parent else None, author, text) for cid, parent, author, text in expected}
        assert got == want, post_url


def test_comments_elsewhere_are_recorded_with_their_fate(blogosphere):
    sites, archive, _ = blogosphere
    for _, _, truth in sites:
        for post_url, thread in truth.external.items():
            (stored,) = query(archive, "select external_thread from posts where url = ?", (post_url,))[0]
            assert stored == thread


def test_robots_traps_and_media_are_respected(blogosphere):
    sites, archive, _ = blogosphere
    captured = [r[0] for r in query(archive, "select url from captures")]
    for _, server, truth in sites:
        requested = [r.path for r in server.requests]
        assert not [p for p in requested if any(p.startswith(f) for f in truth.forbidden)]
        assert not [p for p in requested if p.startswith(truth.trap_prefix)]
    wordpress = next(s for n, s, _ in sites if n == "wordpress")
    assert any(r.path == "/media/42" for r in wordpress.requests)  # asked, stopped at its headers
    assert not [u for u in captured if u.endswith("/media/42")]


def test_requests_are_spaced_as_configured(blogosphere):
    sites, _, _ = blogosphere
    for name, server, _ in sites:
        # measured on arrival: the first request's includes opening the connection, so it is left out
        times = [r.at for r in server.requests][1:]
        assert_spaced(times, DOWNLOAD_DELAY, name)
    # robots.txt asks for a Crawl-delay on the WordPress site: honoured once read
    wordpress = next(s for n, s, _ in sites if n == "wordpress")
    robots = [i for i, r in enumerate(wordpress.requests) if r.path == "/robots.txt"]
    after = [r.at for r in wordpress.requests[robots[-1] + 2:]]
    assert len(after) > 2
    assert_spaced(after, CRAWL_DELAY, "wordpress (Crawl-delay)")


def assert_spaced(times: list[float], delay: float, name: str) -> None:
    """Requests at least ``delay`` apart, as a server under load sees them: one arrival logged late makes
    one gap short and the next long, so the span of the whole run and the typical gap are what hold."""
    gaps = sorted(b - a for a, b in zip(times, times[1:]))
    assert times[-1] - times[0] >= (len(times) - 1) * delay * 0.9, name
    assert gaps[len(gaps) // 2] >= delay * 0.9, name

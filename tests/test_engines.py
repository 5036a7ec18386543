"""Real blog engines, installed from the registries and seeded through their own APIs (tests/engines/,
tests/wordpress/): a crawl's archive equals the truth each engine reports of itself. Pingbacks are
matched by their source, since Twenty Twenty-One prints no excerpt or date for them."""

from __future__ import annotations


import pytest

from .conftest import crawl
from .engines.truth import score, start_engine

ENGINES = [
    pytest.param(("ikiwiki", {}), id="ikiwiki"),
    pytest.param(("django_blog", {}), id="django-comments-xtd"),
    pytest.param(("isso", {}), id="pelican-isso"),
    pytest.param(("ghost", {}), id="ghost-casper"),
    pytest.param(("wordpress", {"WP_THEME": "twentytwentyone"}), id="wordpress-twentytwentyone"),
    pytest.param(("wordpress", {"WP_THEME": "twentytwentytwo"}), id="wordpress-twentytwentytwo"),
    pytest.param(("wordpress", {"WP_THEME": "twentytwentyone", "WP_REST": "closed"}),
                 id="wordpress-twentytwentyone-rest-closed"),
]


@pytest.fixture(scope="module", params=ENGINES)
def engine_archive(request, tmp_path_factory):
    name, variant = request.param
    engine = start_engine(name, **variant)
    try:
        archive = tmp_path_factory.mktemp(name) / "archive"
        result = crawl(engine.base_url, archive)
        assert result.returncode == 0, result.stderr
        yield engine, score(archive, engine.manifest)
    finally:
        engine.shutdown()


pytestmark = pytest.mark.slow


def test_every_post_and_no_other_page(engine_archive):
    engine, found = engine_archive
    assert found.posts_found == found.posts_truth, engine.manifest["posts"]
    assert found.posts_extra == []
    assert found.titles == found.posts_truth
    assert found.bodies == found.posts_truth


def test_no_post_row_lacks_both_title_and_text(engine_archive):
    _, found = engine_archive
    assert found.empty_posts == 0


def test_every_shown_comment_and_nothing_else(engine_archive):
    engine, found = engine_archive
    assert found.comments_found == found.comments_truth, "\n".join(found.misses)
    assert found.comments_archived == found.comments_truth
    assert found.leaked == 0


def test_threads_authors_and_dates_are_the_engines(engine_archive):
    _, found = engine_archive
    assert found.wrong == []
    assert found.parents == found.comments_found
    assert found.authors == found.comments_found
    assert found.dates == found.comments_found

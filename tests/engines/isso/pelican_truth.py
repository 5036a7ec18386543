"""Pelican plugin of the Isso fixture: records what Pelican itself made of every article and page.

Written to $ISSO_FIXTURE_STATE/pelican-truth.json when the build finishes, read by fixture.py for
the manifest: URL as the theme links it ({SITEURL}/{url}), title, author, date (ISO 8601 with the
site's offset), the body HTML, and the Isso thread id the template gives the article.
"""

import json
import os

from pelican import signals

_found = {"articles": [], "pages": []}


def _record(kind, items, siteurl):
    for item in items:
        _found[kind].append({
            "url": f"{siteurl}/{item.url}",
            "title": item.title,
            "author": item.author.name if getattr(item, "author", None) else None,
            "published": item.date.isoformat() if getattr(item, "date", None) else None,
            "html": item.content,
            "isso_thread": "/" + item.url,   # what templates/article.html writes into data-isso-id
            "slug": item.slug,
        })


def _articles(generator):
    _record("articles", generator.articles, generator.settings["SITEURL"])


def _pages(generator):
    _record("pages", generator.pages, generator.settings["SITEURL"])


def _finalized(pelican):
    path = os.path.join(os.environ["ISSO_FIXTURE_STATE"], "pelican-truth.json")
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        json.dump(_found, out, ensure_ascii=False, indent=1)
    os.replace(path + ".tmp", path)


def register():
    signals.article_generator_finalized.connect(_articles)
    signals.page_generator_finalized.connect(_pages)
    signals.finalized.connect(_finalized)

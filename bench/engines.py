"""Real blog engines (tests/engines/, tests/wordpress/): a crawl's archive against each engine's own truth,
and trafilatura's comment extraction on the same post pages in the same run.

    pip install -r bench/requirements.txt && python3 bench/engines.py [--engines ikiwiki django_blog ...]

For each engine: start it on 127.0.0.1 (the tests' own start scripts), crawl it with
``therapy-archive crawl`` (delays off), and score the archive with tests/engines/truth.py: posts, comments
found / truth, parents, authors and dates right among the found, hidden comments leaked, and boilerplate
leaks (form, widget and reply-link text in any post or comment). Then fetch every post page the engine
lists and run ``trafilatura.bare_extraction(html, include_comments=True)``: a truth comment counts as found
when the first 60 characters of its text (case, punctuation and spacing ignored) occur anywhere in
trafilatura's comment blob, and its author when the name occurs there too (lenient: trafilatura gives one
blob, no records, so parents and dates cannot be scored), out of the truth comments whose text is in the
HTML of the pages it was given (a post's first page: comments on later comment pages, or behind an API
as with Isso and Ghost, are not counted against it).
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.normalize.boilerplate import FORM_BLOCK  # noqa: E402
from tests.engines.truth import norm, score, start_engine  # noqa: E402

ENGINES = {
    "wordpress-twentytwentythree": ("wordpress", {}),
    "wordpress-twentytwentytwo": ("wordpress", {"WP_THEME": "twentytwentytwo"}),
    "wordpress-twentytwentyone": ("wordpress", {"WP_THEME": "twentytwentyone"}),
    "wordpress-twentytwentyone-rest-closed": ("wordpress", {"WP_THEME": "twentytwentyone", "WP_REST": "closed"}),
    "ikiwiki": ("ikiwiki", {}),
    "django-comments-xtd": ("django_blog", {}),
    "pelican-isso": ("isso", {}),
    "ghost-casper": ("ghost", {}),
}
# Lines that are page furniture wherever they appear in a post or comment.
LEAKS = ("leave a reply", "leave a comment", "your email address will not be published", "log in to reply",
         "post comment", "notify me of", "cancel reply", "required fields are marked")


def leaks(archive: Path) -> int:
    with sqlite3.connect(archive / "archive.db") as conn:
        texts = [row[0] or "" for row in conn.execute("select text from posts union all select text from comments")]
    count = 0
    for text in texts:
        for paragraph in text.split("\n"):
            line = paragraph.strip().lower()
            count += bool(line) and (FORM_BLOCK.match(line) is not None or any(line.startswith(l) for l in LEAKS)
                                     or line in ("reply", "antworten"))
    return count


def trafilatura_comments(manifest: dict) -> tuple[int, int, int, float]:
    """(comments found, authors found, comments in those pages' HTML, seconds) by trafilatura on the
    engine's post pages (their first page: later comment pages and APIs are not read)."""
    import trafilatura
    from lxml import html as lxml_html

    found = authors = shown = 0
    elapsed = 0.0
    by_post: dict[str, list[dict]] = {}
    for comment in manifest["comments"]:
        by_post.setdefault(comment["post_url"], []).append(comment)
    for post in manifest["posts"]:
        html = urllib.request.urlopen(post["url"], timeout=30).read().decode("utf-8", "replace")
        started = time.perf_counter()
        result = trafilatura.bare_extraction(html, url=post["url"], include_comments=True, with_metadata=False)
        elapsed += time.perf_counter() - started
        blob = norm((result.comments if hasattr(result, "comments") else (result or {}).get("comments")) or "")
        page_text = norm(lxml_html.document_fromstring(html).text_content())
        for comment in by_post.get(post["url"], []):
            shown += norm(comment["text"])[:60] in page_text
            if norm(comment["text"])[:60] in blob:
                found += 1
                authors += norm(comment["author"]) in blob
    return found, authors, shown, elapsed


def run(name: str) -> dict:
    engine_name, variant = ENGINES[name]
    engine = start_engine(engine_name, **variant)
    try:
        archive = Path(tempfile.mkdtemp(prefix="bench-engine-")) / "archive"
        started = time.perf_counter()
        crawled = subprocess.run(["therapy-archive", "crawl", engine.base_url, "--archive", str(archive), "--quiet",
                                  "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false"],
                                 capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if crawled.returncode != 0:
            raise RuntimeError(f"{name}: crawl failed: {crawled.stderr[-500:]}")
        result = score(archive, engine.manifest)
        t_found, t_authors, t_shown, _ = trafilatura_comments(engine.manifest)
        return {"engine": name, "score": result, "leaks": leaks(archive), "crawl_s": seconds,
                "trafilatura": (t_found, t_authors, t_shown)}
    finally:
        engine.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=list(ENGINES))
    args = parser.parse_args(argv)
    print("| engine | posts | comments found / truth | precision | parents | authors | dates | hidden leaked | "
          "boilerplate leaks | crawl s | trafilatura: comments / in the pages it read | its authors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in args.engines:
        row = run(name)
        s = row["score"]
        found = max(s.comments_found, 1)
        t_found, t_authors, t_shown = row["trafilatura"]
        print(f"| {name} | {s.posts_found}/{s.posts_truth} (+{len(s.posts_extra)} not posts) | "
              f"{s.comments_found}/{s.comments_truth} | {s.precision:.3f} | {s.parents / found:.3f} | "
              f"{s.authors / found:.3f} | {s.dates / found:.3f} | {s.leaked} | {row['leaks']} | "
              f"{row['crawl_s']:.1f} | {t_found}/{t_shown} | {t_authors}/{t_shown} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

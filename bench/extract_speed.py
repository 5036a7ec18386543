"""Pages/s of the normalizer on comment-heavy pages, beside trafilatura in the same run.

    python3 bench/extract_speed.py [--posts 300] [--comments 20] [--rounds 5]

Two sets of pages: the demo blog's classic WordPress markup with generated posts and threaded comments
(the site the crawl benchmarks serve), and the 58 real pages with comment threads saved by others
(../shared/benchmarks/real-comment-pages). Each round runs every extractor in a fresh process over every
page of a set, interleaved; the time is the process's CPU time around the extraction calls (bytes in,
result out: parsing included), so other load on the machine weighs less. Medians of the rounds.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
REAL_PAGES = ROOT.parent / "shared" / "benchmarks" / "real-comment-pages" / "pages"
URL = "http://127.0.0.1:8000/2020/01/post/"


def write_demo_pages(folder: Path, posts: int, comments: int) -> None:
    from reprocess_speed import generated_posts
    from crawler.demo import content
    from crawler.demo.site import DemoSite

    content.POSTS[:] = generated_posts(posts, comments)
    site = DemoSite("http://127.0.0.1:8000/", comment_threads_per_page=0)  # the whole thread on the page
    for number, post in enumerate(content.POSTS):
        status, _, body = site.respond(post.path)
        if status == 200:
            (folder / f"{number}.html").write_bytes(body)


def write_real_pages(folder: Path) -> None:
    for path in sorted(REAL_PAGES.glob("*.html.gz")):
        (folder / path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))


def run_one(system: str, folder: Path) -> float:
    """Child process: CPU seconds per page for ``system`` over every page in ``folder``."""
    pages = [path.read_bytes() for path in sorted(folder.glob("*.html"))]
    if system == "therapy-archive":
        from crawler.normalize import extract

        call = lambda body: extract(body, URL)  # noqa: E731
    else:
        import trafilatura

        call = lambda body: trafilatura.extract(body, url=URL)  # noqa: E731
    call(pages[0])  # models and caches loaded before the clock starts
    started = time.process_time()
    for body in pages:
        call(body)
    return (time.process_time() - started) / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--comments", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(run_one(options.child[0], Path(options.child[1])))
        return
    work = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    sets = {"demo blog, generated comments": work / "demo", "real comment pages": work / "real"}
    for folder in sets.values():
        folder.mkdir()
    write_demo_pages(sets["demo blog, generated comments"], options.posts, options.comments)
    write_real_pages(sets["real comment pages"])
    systems = ("therapy-archive", "trafilatura")
    print("| pages | therapy-archive pages/s | trafilatura pages/s | ratio |")
    print("|---|---:|---:|---:|")
    for name, folder in sets.items():
        seconds: dict[str, list[float]] = {system: [] for system in systems}
        for _ in range(options.rounds):
            for system in systems:
                out = subprocess.run([sys.executable, __file__, "--child", system, str(folder)], capture_output=True,
                                     text=True, check=True).stdout
                seconds[system].append(float(out))
        ours, theirs = (1 / statistics.median(seconds[system]) for system in systems)
        count = len(list(folder.glob("*.html")))
        print(f"| {name} ({count}) | {ours:.1f} | {theirs:.1f} | {ours / theirs:.2f}x |")
    print(f"\ncommand: python3 bench/extract_speed.py --posts {options.posts} --comments {options.comments} "
          f"--rounds {options.rounds}")


if __name__ == "__main__":
    main()

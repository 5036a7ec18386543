"""reprocess and ingest beside the crawl of the same site: how much faster the archive is rebuilt from its
WARC files (no network, no politeness, no Scrapy) than crawled.

    python3 bench/reprocess_speed.py [--posts 300] [--comments 15] [--rounds 3]

Serves the demo blog's markup (classic WordPress, threaded and paged comments) with generated posts on
127.0.0.1, then per round, interleaved: a crawl with delays off, `reprocess` of that archive, and
`ingest` of its WARC files into an empty archive (the pages read by one worker
process per core; `reprocess --workers 1` reads them in its own process). Whole commands, start-up included; medians.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.demo import content  # noqa: E402
from crawler.demo.content import DemoComment, DemoPost  # noqa: E402
from crawler.demo.server import DemoServer  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "LISTING_MAX_PAGE=1000", "--quiet"]
WORDS = ("therapy session client feeling trust silence repair rupture listening kindness grief anxiety "
         "boundary practice supervision empathy hope change shame attachment").split()


def generated_posts(count: int, comments: int, seed: int = 7) -> list[DemoPost]:
    rng = random.Random(seed)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    posts = []
    for number in range(count):
        thread: list[DemoComment] = []
        for index in range(comments):
            parent = thread[rng.randrange(len(thread))].id if thread and rng.random() < 0.5 else None
            thread.append(DemoComment(number * 1000 + index + 1, f"Reader {rng.randrange(500)}",
                                      f"2023-{1 + number % 12:02d}-{1 + index % 27:02d}T10:{index % 60:02d}:00+00:00",
                                      " ".join(sentence(12) for _ in range(3)), parent))
        date = f"{2015 + number % 9}-{1 + number % 12:02d}-{1 + number % 27:02d}"
        posts.append(DemoPost(f"post-{number}", f"On practice, part {number}", "Maya Lindqvist", date,
                              [" ".join(sentence(15) for _ in range(5)) for _ in range(6)], thread))
    return posts


def timed(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(args[:2])} failed: {done.stderr[-500:]}")
    return time.perf_counter() - started, done.stderr


def rows(archive: Path) -> tuple[int, int, int]:
    with sqlite3.connect(archive / "archive.db") as db:
        return db.execute("select (select count(*) from captures), (select count(*) from posts), "
                          "(select count(*) from comments)").fetchone()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--comments", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    content.POSTS[:] = generated_posts(options.posts, options.comments)  # the demo site serves these
    server = DemoServer().start()
    times: dict[str, list[float]] = {"crawl": [], "reprocess": [], "reprocess --workers 1": [], "ingest": []}
    rates: dict[str, list[float]] = {"reprocess": [], "reprocess --workers 1": [], "ingest": []}
    try:
        for _ in range(options.rounds):
            work = Path(tempfile.mkdtemp(prefix="bench-reprocess-"))
            crawl_seconds, _ = timed(["crawl", server.base_url, "--archive", str(work / "crawl"), *FAST])
            times["crawl"].append(crawl_seconds)
            captures, posts, comments = rows(work / "crawl")
            shutil.copytree(work / "crawl", work / "rebuilt")
            seconds, stderr = timed(["reprocess", "--archive", str(work / "rebuilt")])
            times["reprocess"].append(seconds)
            rates["reprocess"].append(float(re.search(r"\(([\d,]+) records/s\)", stderr).group(1).replace(",", "")))
            assert rows(work / "rebuilt") == (captures, posts, comments)
            seconds, stderr = timed(["reprocess", "--archive", str(work / "rebuilt"), "--workers", "1"])
            times["reprocess --workers 1"].append(seconds)
            rates["reprocess --workers 1"].append(float(re.search(r"\(([\d,]+) records/s\)", stderr).group(1).replace(",", "")))
            warcs = sorted(str(p) for p in (work / "crawl" / "warc").glob("*.warc.gz"))
            seconds, stderr = timed(["ingest", *warcs, "--archive", str(work / "ingested")])
            times["ingest"].append(seconds)
            rates["ingest"].append(float(re.search(r"\(([\d,]+) records/s\)", stderr).group(1).replace(",", "")))
            shutil.rmtree(work)
    finally:
        server.stop()
    crawl = statistics.median(times["crawl"])
    print(f"site: {options.posts} posts, {posts} archived, {comments} comments, {captures} responses; "
          f"{options.rounds} rounds, medians\n")
    print("| command | seconds | responses/s | records/s (in-process) | speed vs crawl |")
    print("|---|---:|---:|---:|---:|")
    print(f"| crawl, delays off | {crawl:.2f} | {captures / crawl:.0f} | | 1.00x |")
    for name in ("reprocess", "reprocess --workers 1", "ingest"):
        seconds = statistics.median(times[name])
        print(f"| {name} | {seconds:.2f} | {captures / seconds:.0f} | {statistics.median(rates[name]):,.0f} | "
              f"{crawl / seconds:.2f}x |")
    print(f"\ncommand: python3 bench/reprocess_speed.py --posts {options.posts} --comments {options.comments} "
          f"--rounds {options.rounds}")


if __name__ == "__main__":
    main()

"""Re-crawls: what a second crawl of the same site costs beside the first, when nothing changed and when
5% of the posts gained a comment.

    python3 bench/recrawl.py [--posts 200] [--comments 15]

Serves the demo blog's markup with generated posts on 127.0.0.1 (the server sends ETags and answers
If-None-Match with 304, as web servers and CDNs do), crawls it four times into one archive with delays
off (the generated posts are years old: the default recheck policy leaves them alone on the third), and reads each crawl's row: requests, body bytes received as sent (compressed), WARC bytes written,
unchanged responses (revisit records).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reprocess_speed import generated_posts  # noqa: E402

from crawler.demo import content  # noqa: E402
from crawler.demo.content import DemoComment  # noqa: E402
from crawler.demo.server import DemoServer  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "LISTING_MAX_PAGE=1000", "--quiet"]
COLUMNS = "requests, bytes_received, warc_bytes, revisits, new_posts, new_comments"
RUNS = ("first", "again, nothing changed", "again, nothing changed, default recheck policy",
        "again, 5% of posts gained a comment")  # all but the third read every post (RECHECK_OLD_EVERY_DAYS=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--comments", type=int, default=15)
    options = parser.parse_args()
    content.POSTS[:] = generated_posts(options.posts, options.comments)
    server = DemoServer().start()
    archive = Path(tempfile.mkdtemp(prefix="bench-recrawl-")) / "archive"
    rng = random.Random(11)
    try:
        for run in RUNS:
            if run.startswith("again, 5%"):
                for index in rng.sample(range(len(content.POSTS)), max(1, len(content.POSTS) // 20)):
                    post = content.POSTS[index]
                    comment = DemoComment(10**7 + index, "Late Reader", "2026-11-29T09:00:00+00:00",
                                          "Coming back to this post months later: thank you.")
                    content.POSTS[index] = replace(post, comments=post.comments + [comment])
            policy = [] if "default" in run else ["-s", "RECHECK_OLD_EVERY_DAYS=0"]
            subprocess.run([sys.executable, "-m", "crawler", "crawl", server.base_url, "--archive", str(archive),
                            *FAST, *policy], check=True, capture_output=True, cwd=ROOT)
    finally:
        server.stop()
    with sqlite3.connect(archive / "archive.db") as db:
        rows = db.execute(f"select {COLUMNS} from crawls order by started_at").fetchall()
    first = rows[0]
    print(f"site: {options.posts} posts x {options.comments} comments, demo blog markup, 127.0.0.1\n")
    print("| crawl | requests | bytes received | WARC bytes | unchanged (revisits) | new posts | new comments |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, row in zip(RUNS, rows):
        requests, received, written, revisits, new_posts, new_comments = row
        share = "" if row is first else f" ({requests / first[0]:.0%} / {received / first[1]:.0%} / {written / first[2]:.0%})"
        print(f"| {name}{share} | {requests} | {received:,} | {written:,} | {revisits} | {new_posts} | {new_comments} |")
    print(f"\ncommand: python3 bench/recrawl.py --posts {options.posts} --comments {options.comments}")


if __name__ == "__main__":
    main()

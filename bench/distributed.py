"""Scale-out on scrapy-redis: three workers against one, on one machine, same site, same frontier code.

    python3 bench/distributed.py [--posts 200] [--comments 15] [--workers 3]

Starts redis-server (Debian's) on a free port and the demo blog's markup with generated posts on
127.0.0.1; crawls it with one `--redis` worker, then with N workers started together (a fresh --job
each), delays off, REDIS_IDLE_CLOSE=6 for both (each run ends with one idle wait). Wall time from start
to the last worker's exit.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reprocess_speed import generated_posts  # noqa: E402

from crawler.demo import content  # noqa: E402
from crawler.demo.server import DemoServer  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "LISTING_MAX_PAGE=1000",
        "-s", "REDIS_IDLE_CLOSE=6", "--quiet"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(workers: int, base: str, redis_url: str, folder: Path) -> tuple[float, int]:
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "crawler", "crawl", base, "--archive", str(folder / f"w{n}"),
                               "--redis", redis_url, "--job", f"bench-{workers}", *FAST], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(workers)]
    for proc in procs:
        proc.wait()
    seconds = time.perf_counter() - started
    pages = 0
    for n in range(workers):
        with sqlite3.connect(folder / f"w{n}" / "archive.db") as db:
            pages += db.execute("select count(*) from captures").fetchone()[0]
    return seconds, pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--comments", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()
    content.POSTS[:] = generated_posts(options.posts, options.comments)
    server = DemoServer().start()
    folder = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    port = free_port()
    redis = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--save", "", "--appendonly", "no",
                              "--dir", str(folder)], stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        one = run(1, server.base_url, f"redis://127.0.0.1:{port}/0", folder / "one")
        many = run(options.workers, server.base_url, f"redis://127.0.0.1:{port}/0", folder / "many")
    finally:
        redis.terminate()
        server.stop()
    print("| workers | responses | seconds | responses/s |")
    print("|---:|---:|---:|---:|")
    for workers, (seconds, pages) in ((1, one), (options.workers, many)):
        print(f"| {workers} | {pages} | {seconds:.1f} | {pages / seconds:.1f} |")
    print(f"\nspeed-up: {one[0] / many[0]:.2f}x\ncommand: python3 bench/distributed.py --posts {options.posts} "
          f"--comments {options.comments} --workers {options.workers}")


if __name__ == "__main__":
    main()

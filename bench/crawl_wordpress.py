"""Crawl speed and archive size on the real WordPress fixture, beside GNU wget's WARC mirror of the same site.

    python3 bench/crawl_wordpress.py [--runs 3]

Starts tests/wordpress/start.sh on a free port, then per run: a therapy-archive crawl with politeness
delays off (it is our own server), the same crawl with the shipped polite defaults (once), and
`wget --mirror --warc-file` with the usual trap exclusions. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def crawl(base: str, archive: Path, extra: list[str]) -> dict:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crawler", "crawl", base, "--archive", str(archive), "--quiet", *extra],
                   check=True, capture_output=True)
    seconds = time.perf_counter() - started
    with sqlite3.connect(archive / "archive.db") as db:
        pages, comments = db.execute("select (select count(*) from captures), (select count(*) from comments)").fetchone()
    warc = sum(p.stat().st_size for p in (archive / "warc").glob("*.warc.gz"))
    return {"seconds": seconds, "pages": pages, "comments": comments, "warc": warc,
            "db": (archive / "archive.db").stat().st_size}


def wget(base: str, folder: Path) -> dict:
    started = time.perf_counter()
    subprocess.run(["wget", "--mirror", "--no-verbose", "--no-parent", "-e", "robots=on",
                    "--reject-regex", "replytocom|wp-login|wp-admin|/feed/|wp-json|xmlrpc|\\?s=|/embed/",
                    "--warc-file", str(folder / "wget"), "--warc-cdx",
                    "-P", str(folder / "mirror"), base], capture_output=True)
    seconds = time.perf_counter() - started
    cdx = (folder / "wget.cdx").read_text().splitlines()[1:]
    pages = sum(1 for line in cdx if line.split()[3:4] and "warc/" not in line)
    warc = sum(p.stat().st_size for p in folder.glob("wget*.warc.gz"))
    return {"seconds": seconds, "pages": pages, "warc": warc}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    state = tempfile.mkdtemp(prefix="ta-wp-bench-", dir="/tmp")
    env = {**os.environ, "WP_STATE": state, "WP_PORT": str(free_port())}
    base = subprocess.run(["bash", ROOT / "tests/wordpress/start.sh"], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()
    try:
        fast, slow, peer = [], None, []
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(args.runs):
                fast.append(crawl(base, Path(tmp) / f"fast{run}", FAST))
                folder = Path(tmp) / f"wget{run}"
                folder.mkdir()
                peer.append(wget(base, folder))
            slow = crawl(base, Path(tmp) / "polite", ["-s", "PROGRESS_INTERVAL=0"])
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "crawler", "reprocess", "--archive", str(Path(tmp) / "fast0")],
                           check=True, capture_output=True)
            rebuild_seconds = time.perf_counter() - started
    finally:
        subprocess.run(["bash", ROOT / "tests/wordpress/stop.sh", "--purge"], env=env, capture_output=True)

    def rate(runs):
        return statistics.median(r["pages"] / r["seconds"] for r in runs)

    ours, theirs = rate(fast), rate(peer)
    comments = fast[0]["comments"]
    print(json.dumps({"fast": fast, "polite": slow, "wget": peer}, indent=1), file=sys.stderr)
    print("| crawler (WordPress fixture, 127.0.0.1) | responses | median s | pages/s | WARC bytes |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| therapy-archive, delays off | {fast[0]['pages']} | {statistics.median(r['seconds'] for r in fast):.2f} "
          f"| {ours:.1f} | {fast[0]['warc']:,} |")
    print(f"| therapy-archive, polite defaults | {slow['pages']} | {slow['seconds']:.2f} "
          f"| {slow['pages'] / slow['seconds']:.1f} | {slow['warc']:,} |")
    print(f"| wget --mirror --warc-file | {peer[0]['pages']} | {statistics.median(r['seconds'] for r in peer):.2f} "
          f"| {theirs:.1f} | {peer[0]['warc']:,} |")
    print(f"\nthroughput ratio therapy-archive / wget: {ours / theirs:.2f}")
    print(f"reprocess of the {fast[0]['pages']}-response archive: {rebuild_seconds:.2f} s "
          f"({fast[0]['pages'] / rebuild_seconds:.0f} responses/s, start-up included)")
    print(f"archive size per 100 comments ({comments} comments): WARC {fast[0]['warc'] * 100 / comments / 1024:.0f} KiB, "
          f"archive.db {fast[0]['db'] * 100 / comments / 1024:.0f} KiB")


if __name__ == "__main__":
    main()

"""Per-platform numbers for one crawl of the local blogosphere (tests/blogosphere.py).

    python3 bench/blogosphere.py

Posts and comments found against each site's ground truth, requests each site received, and the
crawl's pages/s, with DOWNLOAD_DELAY=0.1 s and AutoThrottle off (the sites run on 127.0.0.1).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.store import stable_id  # noqa: E402
from tests.blogosphere import blogger_site, listing_sites, substack_site, wordpress_rest_site  # noqa: E402
from tests.conftest import run_cli  # noqa: E402


def main() -> None:
    sites = [("substack", *substack_site()), ("blogger", *blogger_site()),
             ("wordpress", *wordpress_rest_site(0.3)), *listing_sites()]
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds.txt"
        seeds.write_text("".join(f"{s.base_url}{'blog' if n == 'squarespace' else ''}\n" for n, s, _ in sites))
        started = time.perf_counter()
        result = run_cli("crawl", "--seeds", str(seeds), "--archive", f"{tmp}/a", "-s", "DOWNLOAD_DELAY=0.1",
                         "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0")
        seconds = time.perf_counter() - started
        db = sqlite3.connect(f"{tmp}/a/archive.db")
        print("| platform | posts found / truth | comments found / truth | external threads recorded right / truth | requests |")
        print("| --- | --- | --- | --- | --- |")
        total = 0
        for name, server, truth in sites:
            like = server.base_url + "%"
            posts = db.execute("select count(*) from posts where url like ? and text != ''", (like,)).fetchone()[0]
            comments = sum(db.execute("select count(*) from comments where post_id = ?", (stable_id(u),)).fetchone()[0]
                           for u in truth.comments)
            want = sum(len(v) for v in truth.comments.values())
            external = sum(db.execute("select external_thread from posts where url = ?", (u,)).fetchone()[0] == thread
                           for u, thread in truth.external.items())
            total += len(server.requests)
            print(f"| {name} | {posts} / {len(truth.posts)} | {comments} / {want} | {external} / {len(truth.external)} "
                  f"| {len(server.requests)} |")
            server.stop()
        print(f"\n{total} requests in {seconds:.1f} s ({total / seconds:.1f} requests/s, start-up included); "
              f"exit status {result.returncode}")


if __name__ == "__main__":
    main()

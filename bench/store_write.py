"""Filling an archive through ``Store.write``: comments per second, in batches as the crawl and reprocess
write them; then the same records written again, as a re-crawl that finds nothing changed writes them;
beside a bare executemany of the same rows into a table without indexes or FTS. ``--tombstones N``
first records N forgotten authors, N post and comment URLs and N sites, none of which the records name,
so every record is tested against them and all are written.

The clock runs inside ``Store.write`` only: the records of each batch are built before it starts (their
building time is printed apart). CPU time is printed too, for machines that other work shares.

    python3 bench/store_write.py [--posts 2000] [--comments 50] [--tombstones 0]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.records import Capture, Comment, Post  # noqa: E402
from archive.store import Store  # noqa: E402
from archive.tombstones import add_tombstone, forgotten  # noqa: E402

SENTENCE = "Thank you for writing about the silence in the room; it helped me trust the process again. "


def records(posts: int, comments: int):
    for number in range(posts):
        capture = Capture(f"https://blog.example.org/p/{number}/", 200, "2026-11-29T10:00:00Z", "text/html",
                          "x.warc.gz", number * 1000, 1000, f"<urn:uuid:{number}>", None, "bench")
        thread = tuple(Comment(f"c-{i}", f"c-{i // 2}" if i % 3 else None, f"Reader {i}", "2026-01-01",
                               SENTENCE * 3) for i in range(comments))
        yield [capture, Post(capture.url, "https://blog.example.org/", f"Post {number}", "Maya", "2025-01-01",
                             SENTENCE * 40, "en", "wordpress", "inline", capture.id, capture.fetched_at, thread)]


def batches(posts: int, comments: int):
    batch = []
    for pair in records(posts, comments):
        batch += pair
        if len(batch) >= 200:  # the intake's batches hold about this many posts' records
            yield batch
            batch = []
    yield batch


def timed_writes(store: Store, options) -> tuple[float, float, float]:
    """Seconds spent in ``Store.write`` (wall, CPU) and in building the records."""
    wall = cpu = building = 0.0
    started = time.perf_counter()
    for batch in batches(options.posts, options.comments):
        building += time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        store.write(batch)
        wall += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        started = time.perf_counter()
    return wall, cpu, building


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=50)
    parser.add_argument("--tombstones", type=int, default=0)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    store = Store.in_folder(folder)
    for number in range(options.tombstones):
        for kind, value in (("author", f"Gone Reader {number}"), ("url", f"https://gone.example.org/p/{number}/"),
                            ("url", f"https://blog.example.org/p/{number}/#comment-gone"),
                            ("site", f"gone{number}.example.org")):
            add_tombstone(store.db, kind, value)
    store.forgotten = forgotten(store.db)
    total = options.posts * options.comments
    seconds, cpu, building = timed_writes(store, options)
    print(f"Store.write: {total:,} comments (and {options.posts:,} posts) in {seconds:.2f} s = "
          f"{total / seconds:,.0f} comments/s (CPU {cpu:.2f} s = {total / cpu:,.0f}/s); "
          f"building the records took {building:.2f} s more")
    again, cpu, _ = timed_writes(store, options)
    store.close()
    print(f"the same records again (a re-crawl, nothing changed): {again:.2f} s = {total / again:,.0f} comments/s "
          f"(CPU {total / cpu:,.0f}/s)")
    bare = sqlite3.connect(folder / "bare.db")
    bare.execute("create table comments (id text primary key, post text, author text, text text)")
    started = time.perf_counter()
    with bare:
        bare.executemany("insert into comments values (?, ?, ?, ?)",
                         ((f"{p}-{i}", str(p), f"Reader {i}", SENTENCE * 3)
                          for p in range(options.posts) for i in range(options.comments)))
    floor = time.perf_counter() - started
    print(f"bare executemany, no indexes or FTS: {total / floor:,.0f} comments/s; Store at "
          f"{floor / seconds:.2f}x the floor")
    print(f"command: python3 bench/store_write.py --posts {options.posts} --comments {options.comments} "
          f"--tombstones {options.tombstones}")


if __name__ == "__main__":
    main()

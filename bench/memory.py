"""Peak memory of the normalizer on one page, in a fresh process per page size.

    python3 bench/memory.py
"""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import resource, sys
from crawler.normalize import extract
size = int(sys.argv[1])
paragraph = "<p>" + "Words about the consulting room, written at length. " * 20 + "</p>"
html = ("<html><body><article>" + paragraph * max(1, size // len(paragraph)) + "</article></body></html>").encode()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
extract(html, "http://blog.test/")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(html), before, after)
"""

print("| page bytes | RSS before (MiB) | peak RSS (MiB) | peak / page size |")
print("| --- | --- | --- | --- |")
for size in (100_000, 1_000_000, 10_000_000, 30_000_000):
    out = subprocess.run([sys.executable, "-c", CHILD, str(size)], capture_output=True, text=True, check=True).stdout
    length, before, after = map(int, out.split())
    print(f"| {length:,} | {before / 1024:.0f} | {after / 1024:.0f} | {(after - before) * 1024 / length:.1f}x |")

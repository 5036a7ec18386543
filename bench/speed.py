"""Every speed ratio of the crawl pipeline, the normalizer, the store and search, in one run.

    python3 bench/speed.py [--quick]

Runs, one after another, each printing its own table and the command that reproduces it:
- bench/crawl_speed.py: the crawl beside bare Scrapy and bare Scrapy + WARC (2,000 posts with 20
  comments each), then as the site grows (memory and pages/s), then with politeness on (20 sites);
- bench/extract_speed.py: the normalizer beside trafilatura on comment-heavy pages;
- bench/store_write.py: comments/s through ``Store.write``;
- bench/search_speed.py: search beside the bare FTS5 floor and Python's start-up, at 10k to 1M comments.

``--quick`` runs smaller sizes and fewer rounds (minutes rather than most of an hour).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def runs(quick: bool) -> list[list[str]]:
    if quick:
        return [
            ["crawl_speed.py", "--posts", "500", "--rounds", "1"],
            ["crawl_speed.py", "--polite", "--sites", "10", "--posts", "10", "--rounds", "1"],
            ["extract_speed.py", "--posts", "100", "--rounds", "2"],
            ["store_write.py", "--posts", "500", "--comments", "50"],
            ["search_speed.py", "--sizes", "10000,100000"],
        ]
    return [
        ["crawl_speed.py", "--posts", "2000", "--comments", "20", "--rounds", "3"],
        ["crawl_speed.py", "--posts", "1000", "10000", "--rounds", "1"],
        ["crawl_speed.py", "--polite", "--sites", "20", "--posts", "20", "--rounds", "2"],
        ["extract_speed.py", "--rounds", "5"],
        ["store_write.py", "--posts", "2000", "--comments", "50"],
        ["search_speed.py", "--sizes", "10000,100000,1000000"],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer rounds")
    options = parser.parse_args()
    for script, *args in runs(options.quick):
        print(f"\n## python3 bench/{script} {' '.join(args)}\n", flush=True)
        subprocess.run([sys.executable, str(BENCH / script), *args], check=True)


if __name__ == "__main__":
    main()

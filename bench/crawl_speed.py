"""The crawl beside bare Scrapy fetching the same URLs, without and with warcio WARC writing (issue 11).

    python3 bench/crawl_speed.py [--posts 2000 ...] [--comments 20] [--rounds 3] [--sites 1] [--polite]

Serves generated posts in the demo blog's classic WordPress markup on 127.0.0.1 (bench/demo_sites.py:
every comment on its post's page, each page rendered on its first request and served from memory after).
Per size and round, interleaved, each in a fresh process: the crawl (`therapy-archive crawl`, delays
off), `bare` (bench/bare_spiders.py: the URLs the first round's crawl fetched, same concurrency, nothing
parsed) and `bare + WARC` (the same, writing each exchange with warcio). Medians of the rounds; peak RSS
is each process's own (wait4), the largest of the rounds. Several --posts sizes show how memory grows
with the site.

--polite keeps the crawl's shipped politeness (0.5 s per host, AutoThrottle) for all three; with
--sites 20 (127.0.0.1 to 127.0.0.20, each serving --posts posts) it says how near each comes to the
limit those delays set: sites / delay pages per second.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from demo_sites import serve  # noqa: E402

from crawler import settings as crawl_settings  # noqa: E402
from crawler.demo import content  # noqa: E402

DELAYS_OFF = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false"]
RUNS = ("crawl", "bare", "bare + WARC")


@dataclass(frozen=True)
class Run:
    """One measured process: responses it received, wall seconds, spider open to close, CPU seconds (user
    and system), peak RSS."""

    responses: int
    seconds: float
    inner_seconds: float
    cpu_seconds: float
    max_rss_mib: float


@dataclass(frozen=True)
class SizeResult:
    """The runs of one site size, by name, and how many URLs the first crawl fetched."""

    posts: int
    listed: int
    runs: dict[str, list[Run]]


def measured(argv: list[str], work: Path) -> tuple[float, str, str, os.struct_rusage]:
    """Run ``argv`` in a fresh process: wall seconds, stdout, stderr and that process's resource usage."""
    out, err = work / "stdout", work / "stderr"
    started = time.perf_counter()
    with open(out, "w") as stdout, open(err, "w") as stderr:
        child = subprocess.Popen(argv, stdout=stdout, stderr=stderr, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)  # the rusage of this child alone, not of every child
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(argv[:4])} failed ({child.returncode}): {err.read_text()[-800:]}")
    return seconds, out.read_text(), err.read_text(), usage


def crawl(roots: list[str], work: Path, options: list[str]) -> Run:
    """``therapy-archive crawl`` into a fresh archive in ``work/archive``."""
    argv = [sys.executable, "-m", "crawler", "crawl", *roots, "--archive", str(work / "archive"), *options]
    seconds, _, stderr, usage = measured(argv, work)
    found = re.search(r"crawled (\d+) pages in ([\d.]+) s", stderr)
    if found is None:
        raise SystemExit(f"no summary line from the crawl: {stderr[-800:]}")
    return Run(int(found.group(1)), seconds, float(found.group(2)), *_cpu_and_rss(usage))


def bare(urls: Path, work: Path, overrides: list[str], warc: bool) -> Run:
    """bench/bare_spiders.py over ``urls``, writing ``work/bare.warc.gz`` when ``warc``."""
    argv = [sys.executable, str(ROOT / "bench" / "bare_spiders.py"), str(urls), *overrides]
    if warc:
        argv += ["--warc", str(work / "bare.warc.gz")]
    seconds, stdout, _, usage = measured(argv, work)
    result = json.loads(stdout.strip().splitlines()[-1])
    return Run(result["responses"], seconds, result["seconds"], *_cpu_and_rss(usage))


def _cpu_and_rss(usage: os.struct_rusage) -> tuple[float, float]:
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def fetched_urls(archive: Path) -> list[str]:
    """Every URL the crawl received a response for, in the order it received them."""
    with sqlite3.connect(archive / "archive.db") as db:
        return [url for (url,) in db.execute("select url from captures order by rowid")]


def one_size(posts: int, options: argparse.Namespace) -> SizeResult:
    """Serve ``posts`` posts on ``options.sites`` hosts and run the rounds."""
    servers = serve(posts, options.comments, sites=options.sites)
    roots = [server.base_url for server in servers]
    listing = ["-s", f"LISTING_MAX_PAGE={posts // content.POSTS_PER_PAGE + 1}", "--quiet"]
    delays = [] if options.polite else DELAYS_OFF
    work = Path(tempfile.mkdtemp(prefix="bench-crawl-speed-"))
    urls = work / "urls.txt"
    runs: dict[str, list[Run]] = {name: [] for name in RUNS}
    try:
        for number in range(options.rounds):
            for name in RUNS:
                folder = work / f"{number}-{name.replace(' ', '')}"
                folder.mkdir()
                if name == "crawl":
                    runs[name].append(crawl(roots, folder, delays + listing))
                    if not urls.exists():  # the first crawl lists the URLs for the peers
                        urls.write_text("\n".join(fetched_urls(folder / "archive")) + "\n")
                else:
                    runs[name].append(bare(urls, folder, delays, warc=name != "bare"))
                shutil.rmtree(folder)
        listed = len(urls.read_text().split())
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return SizeResult(posts, listed, runs)


def print_size(size: SizeResult) -> None:
    """Markdown rows for one size: medians, ratios crawl ÷ run, peak RSS (largest of the rounds)."""
    crawl_rates = None
    for name in RUNS:
        done = size.runs[name]
        seconds = statistics.median(r.seconds for r in done)
        inner = statistics.median(r.inner_seconds for r in done)
        responses = statistics.median(r.responses for r in done)
        rates = (responses / seconds, responses / inner)
        crawl_rates = crawl_rates or rates
        print(f"| {size.posts} | {name} | {responses:.0f} | {seconds:.1f} | {rates[0]:.1f} | {inner:.1f} "
              f"| {rates[1]:.1f} | {crawl_rates[0] / rates[0]:.2f} / {crawl_rates[1] / rates[1]:.2f} "
              f"| {statistics.median(r.cpu_seconds / r.seconds for r in done):.0%} "
              f"| {max(r.max_rss_mib for r in done):.0f} |")


def print_rounds(size: SizeResult) -> None:
    """Each round's pages/s (open to close): the spread behind the medians."""
    rates = "; ".join(f"{name} " + ", ".join(f"{r.responses / r.inner_seconds:.1f}" for r in size.runs[name])
                      for name in RUNS)
    print(f"- {size.posts} posts, pages/s per round (open to close): {rates}")


def print_limits(size: SizeResult, sites: int) -> None:
    """How near each run comes to the limit the per-host delay sets (spider open to close)."""
    limit = sites / float(crawl_settings.DOWNLOAD_DELAY)
    reached = []
    for name in RUNS:
        rate = statistics.median(r.responses / r.inner_seconds for r in size.runs[name])
        reached.append(f"{name} {rate:.1f} ({rate / limit:.0%})")
    print(f"- {size.posts} posts: limit {sites} hosts / {crawl_settings.DOWNLOAD_DELAY} s = {limit:.0f} pages/s; "
          + ", ".join(reached))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[2000], help="posts per site; several: one run each")
    parser.add_argument("--comments", type=int, default=20, help="threaded comments per post")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sites", type=int, default=1, help="sites served at once, one host each")
    parser.add_argument("--polite", action="store_true", help="the crawl's shipped delays for every run")
    options = parser.parse_args()
    results = [one_size(posts, options) for posts in options.posts]
    mode = "politeness on (0.5 s a host, AutoThrottle)" if options.polite else "delays off"
    print(f"{options.sites} site(s) x {'/'.join(map(str, options.posts))} posts x {options.comments} comments, "
          f"{mode}, {options.rounds} round(s), medians; CONCURRENT_REQUESTS={crawl_settings.CONCURRENT_REQUESTS}, "
          f"per host {crawl_settings.CONCURRENT_REQUESTS_PER_DOMAIN}\n")
    print("| posts | run | responses | s (command) | pages/s | s (open to close) | pages/s | "
          "crawl ÷ run (command / open to close) | CPU / wall | peak RSS MiB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in results:
        print_size(size)
    print()
    for size in results:
        print(f"- {size.posts} posts: {size.listed} URLs listed by the first crawl")
        print_rounds(size)
        if options.polite:
            print_limits(size, options.sites)
    print(f"\ncommand: python3 bench/crawl_speed.py {' '.join(sys.argv[1:])}")


if __name__ == "__main__":
    main()

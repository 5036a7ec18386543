"""Search speed on synthetic archives (bench/synthetic_archive.py), each case beside a floor: plain sqlite3
doing the least the case needs, on the same connection, the two taking turns.

    python3 bench/search_speed.py --sizes 10000,100000,1000000

Per size, p50 / p95 (ms) of: two-word queries and phrases, top 20, beside the bare FTS5 MATCH (``select
rowid from X_fts where X_fts match ? order by rank limit 20`` on posts_fts and comments_fts); a search
filtered by site and dates, beside that MATCH joined to its rows with the same conditions in plain SQL;
``sort="date"``, beside the MATCH joined to its rows ordered by date; ``python3 -m crawler search QUERY
--json`` beside ``python3 -c pass`` (modules compiled once, as installed); ``therapy-archive serve``
answering the comments table searched (HTML) and the canned search query (JSON), beside Datasette's
cheapest page (/-/versions.json); and what the FTS5 indexes add to the database (dbstat). Archives are
built once into --folder and reused while bench/synthetic_archive.py's BUILD_VERSION stays the same.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from archive.search import search  # noqa: E402
from archive.search_filters import SearchFilters, date_bounds, site_ids  # noqa: E402
from synthetic_archive import build, is_built  # noqa: E402
from tests.serving import served  # noqa: E402

TWO_WORDS = ("therapist anxiety", "grief session", "kindness repair", "trauma healing", "shame boundaries",
             "mother silence", "panic sleep", "trust process")
PHRASES = ('"first session"', '"leave a reply"', '"inner child"', '"thank you for sharing"')
FLOOR = "select rowid from {0}_fts where {0}_fts match ? order by rank limit ?"
# the largest site (about a fifth of the posts) and three of the sixteen years
FILTERS = SearchFilters(site="blog-0.example.org", since="2018", until="2020")
# the same conditions in plain SQL: what a search filtered so must at least do
FILTERED_FLOOR = {
    "posts": "select p.rowid from posts_fts join posts p on p.rowid = posts_fts.rowid where posts_fts match :q "
             "and p.site = :site and p.published_utc >= :since and p.published_utc < :until and p.is_spam = 0 "
             "order by posts_fts.rank limit 20",
    "comments": "select c.rowid from comments_fts join comments c on c.rowid = comments_fts.rowid "
                "join posts p on p.id = c.post_id where comments_fts match :q and p.site = :site "
                "and c.published_utc >= :since and c.published_utc < :until and c.is_spam = 0 "
                "and c.duplicate_of is null order by comments_fts.rank limit 20",
}
DATE_FLOOR = {
    "posts": "select p.rowid from posts_fts join posts p on p.rowid = posts_fts.rowid where posts_fts match :q "
             "order by p.published_utc desc limit 20",
    "comments": "select c.rowid from comments_fts join comments c on c.rowid = comments_fts.rowid "
                "where comments_fts match :q order by c.published_utc desc limit 20",
}
# p95 targets in ms at a million comments
TARGETS = {"two words": 50, "phrase": 100, "filtered (site + dates)": 100, "two words, --sort date": None,
           "serve: comments?_search= (HTML)": 300, "serve: search_comments.json": 300}
INDEX_TARGET = 0.60  # what the FTS indexes may add to the rest of the database


@dataclass(frozen=True)
class Row:
    """One line of a size's table: a case's times and its floor's, in seconds."""

    case: str
    times: list[float]
    floor: list[float]
    floor_name: str


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def timed(runs: dict, queries, repeat: int) -> dict[str, list[float]]:
    """Seconds of each call of each of ``runs``, every query ``repeat`` times after one warm-up pass; the
    runs take turns, so a busy machine slows them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(repeat + 1):
        for query in queries:
            for name, run in runs.items():
                started = time.perf_counter()
                run(query)
                if round_:
                    times[name].append(time.perf_counter() - started)
    return times


def in_process(db: Path, repeat: int) -> list[Row]:
    """The library's search and its floor, case by case, on one read-only connection."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    since, until = date_bounds(FILTERS.since, FILTERS.until)
    where = {"site": site_ids(conn, FILTERS.site)[0], "since": since, "until": until}

    def floor(sql: dict[str, str] | None) -> Callable[[str], None]:
        def run(query: str) -> None:
            for table in ("posts", "comments"):
                if sql is None:
                    conn.execute(FLOOR.format(table), (query, 20)).fetchall()
                else:
                    conn.execute(sql[table], {**where, "q": query}).fetchall()
        return run

    cases = (("two words", TWO_WORDS, {}, None, "bare MATCH"), ("phrase", PHRASES, {}, None, "bare MATCH"),
             ("filtered (site + dates)", TWO_WORDS, {"filters": FILTERS}, FILTERED_FLOOR, "MATCH + same WHERE"),
             ("two words, --sort date", TWO_WORDS, {"sort": "date"}, DATE_FLOOR, "MATCH ordered by date"))
    rows = []
    for name, queries, options, floor_sql, floor_name in cases:
        times = timed({"search": lambda q, options=options: search(conn, q, limit=20, **options),
                       "floor": floor(floor_sql)}, queries, repeat)
        rows.append(Row(name, times["search"], times["floor"], floor_name))
    conn.close()
    return rows


def commands(argvs: dict[str, list[list[str]]], repeat: int, pycache: Path) -> dict[str, list[float]]:
    """Wall time of each whole command, the kinds taking turns, ``repeat`` rounds after one warm-up.

    Compiled modules are kept in ``pycache`` (the warm-up writes them), as an installed package has them,
    even where PYTHONDONTWRITEBYTECODE is set."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(pycache))

    def run(argv):
        subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)

    rounds = max(len(group) for group in argvs.values())
    runs = {name: (lambda i, group=group: run(group[i % len(group)])) for name, group in argvs.items()}
    return timed(runs, range(rounds), repeat)


def whole_command(archive: Path, runs: int, pycache: Path) -> Row:
    python = sys.executable
    times = commands({
        "search": [[python, "-m", "crawler", "search", q, "--archive", str(archive), "--json"] for q in TWO_WORDS[:4]],
        "pass": [[python, "-c", "pass"]]}, runs, pycache)
    return Row("whole command, two words --json", times["search"], times["pass"], "python3 -c pass")


def serving(archive: Path, repeat: int) -> list[Row]:
    """``therapy-archive serve`` in its own process, as a user starts it: the comments table searched
    (HTML, with its count and facets) and the canned search query (JSON), beside /-/versions.json."""
    def get(url: str) -> None:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()

    with served(archive) as base:
        def page(path: str) -> Callable[[str], None]:
            return lambda query: get(f"{base}/archive/{path}{urllib.parse.quote_plus(query)}")

        times = timed({"html": page("comments?_search="), "json": page("search_comments.json?q="),
                       "floor": lambda query: get(f"{base}/-/versions.json")}, TWO_WORDS[:4], repeat)
    return [Row("serve: comments?_search= (HTML)", times["html"], times["floor"], "/-/versions.json"),
            Row("serve: search_comments.json", times["json"], times["floor"], "/-/versions.json")]


def fts_share(db: Path) -> tuple[int, int]:
    """Bytes of the whole database and of its FTS5 tables (dbstat)."""
    conn = sqlite3.connect(db)
    total, fts = conn.execute("select sum(pgsize), sum(case when name like '%\\_fts%' escape '\\' then pgsize "
                              "else 0 end) from dbstat").fetchone()
    conn.close()
    return total, fts


def archive_of(folder: Path, size: int) -> Path:
    path = folder / f"synthetic-{size}"
    if not is_built(path, size):
        built = build(path, size)
        print(f"built {path}: {built.posts:,} posts, {built.comments:,} comments in {built.seconds:.1f} s")
    return path


def _met(row: Row, size: int) -> str:
    target = TARGETS.get(row.case)
    if target is None:
        return "–"
    p95 = percentiles(row.times)[1]
    return f"< {target}: {'yes' if p95 < target else 'no'}" + ("" if size >= 1_000_000 else " (target at 1M)")


def report(size: int, folder: Path, repeat: int, runs: int) -> None:
    archive = archive_of(folder, size)
    db = archive / "archive.db"
    counts = sqlite3.connect(db).execute("select (select count(*) from sites), (select count(*) from posts)").fetchone()
    print(f"\n{size:,} comments, {counts[1]:,} posts, {counts[0]} sites ({db})\n")
    rows = in_process(db, repeat) + [whole_command(archive, runs, folder / "pycache")] + serving(archive, runs * 2)
    print("| case | p50 / p95 ms | floor | floor p50 / p95 ms | ratio p50 / p95 | p95 target (ms) |")
    print("|---|---:|---|---:|---:|---|")
    for row in rows:
        (s50, s95), (f50, f95) = percentiles(row.times), percentiles(row.floor)
        print(f"| {row.case} | {s50:.1f} / {s95:.1f} | {row.floor_name} | {f50:.1f} / {f95:.1f} | "
              f"{s50 / f50:.2f} / {s95 / f95:.2f} | {_met(row, size)} |")
    total, fts = fts_share(db)
    share = fts / (total - fts)
    print(f"\narchive.db {total / 1e6:,.1f} MB, FTS5 indexes {fts / 1e6:,.1f} MB: they add {share:.0%} to the rest "
          f"({(total - fts) / 1e6:,.1f} MB); target < {INDEX_TARGET:.0%}: {'yes' if share < INDEX_TARGET else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Comments per archive, comma-separated.")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/therapy-archive-bench"),
                        help="Where the synthetic archives are built and kept.")
    parser.add_argument("--repeat", type=int, default=25, help="In-process rounds over the queries.")
    parser.add_argument("--runs", type=int, default=10, help="Whole-command rounds over four queries (serve: twice as many).")
    options = parser.parse_args()
    for size in (int(s) for s in options.sizes.split(",")):
        report(size, options.folder, options.repeat, options.runs)
    print(f"\ncommand: python3 bench/search_speed.py --sizes {options.sizes}"
          + (f" --repeat {options.repeat}" if options.repeat != 25 else "") + (f" --runs {options.runs}" if options.runs != 10 else ""))


if __name__ == "__main__":
    main()

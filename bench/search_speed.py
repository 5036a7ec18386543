"""Search speed on synthetic archives (bench/synthetic_archive.py): the library's query beside the bare
FTS5 MATCH floor, and the whole ``therapy-archive search`` command beside Python's own start-up.

    python3 bench/search_speed.py --sizes 10000,100000,1000000

Per size: in-process p50/p95 of two-word queries and of phrase queries (top 20), each beside the floor
(``select rowid from X_fts where X_fts match ? order by rank limit 20`` on posts_fts and comments_fts,
the two tables a search reads); ``python3 -m crawler search QUERY --json`` p50/p95 beside
``python3 -c pass`` and ``python3 -S -c pass`` (modules compiled once, as installed); the database's
size and the FTS indexes' share of it. Archives are built once into --folder and reused.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from archive.search import search  # noqa: E402
from synthetic_archive import build  # noqa: E402

TWO_WORDS = ("therapist anxiety", "grief session", "kindness repair", "trauma healing", "shame boundaries",
             "mother silence", "panic sleep", "trust process")
PHRASES = ('"first session"', '"leave a reply"', '"inner child"', '"thank you for sharing"')
FLOOR = "select rowid from {0}_fts where {0}_fts match ? order by rank limit ?"


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


def in_process(db: Path, queries, repeat: int) -> tuple[list[float], list[float]]:
    """The library's search and the bare floor on the same read-only connection."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)

    def floor(query):
        for table in ("posts", "comments"):
            conn.execute(FLOOR.format(table), (query, 20)).fetchall()

    times = timed({"search": lambda q: search(conn, q, limit=20), "floor": floor}, queries, repeat)
    conn.close()
    return times["search"], times["floor"]


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


def fts_share(db: Path) -> tuple[int, int]:
    """Bytes of the whole database and of its FTS5 tables (dbstat)."""
    conn = sqlite3.connect(db)
    total, fts = conn.execute("select sum(pgsize), sum(case when name like '%\\_fts%' escape '\\' then pgsize "
                              "else 0 end) from dbstat").fetchone()
    conn.close()
    return total, fts


def archive_of(folder: Path, size: int) -> Path:
    path = folder / f"synthetic-{size}"
    db = path / "archive.db"
    if db.exists():
        with sqlite3.connect(db) as conn:
            if conn.execute("select count(*) from comments").fetchone()[0] == size:
                return path
    built = build(path, size)
    print(f"built {path}: {built.posts:,} posts, {built.comments:,} comments in {built.seconds:.1f} s")
    return path


def report(size: int, folder: Path, repeat: int, runs: int) -> None:
    archive = archive_of(folder, size)
    db = archive / "archive.db"
    print(f"\n{size:,} comments ({db})")
    print("  in process, top 20    search p50 / p95 ms   floor p50 / p95 ms   ratio p50 / p95")
    for name, queries in (("two words", TWO_WORDS), ("phrase", PHRASES)):
        searched, bare = in_process(db, queries, repeat)
        (s50, s95), (f50, f95) = percentiles(searched), percentiles(bare)
        print(f"  {name:<20} {s50:>9.2f} / {s95:>7.2f} {f50:>12.2f} / {f95:>6.2f} {s50 / f50:>10.2f} / "
              f"{s95 / f95:.2f}")
    python = sys.executable
    times = commands({
        "search": [[python, "-m", "crawler", "search", q, "--archive", str(archive), "--json"] for q in TWO_WORDS[:4]],
        "pass": [[python, "-c", "pass"]], "-S pass": [[python, "-S", "-c", "pass"]]}, runs, folder / "pycache")
    whole, bare, no_site = (percentiles(times[name]) for name in ("search", "pass", "-S pass"))
    print(f"  whole command: search {whole[0]:.0f} / {whole[1]:.0f} ms (p50 / p95); python3 -c pass "
          f"{bare[0]:.0f} / {bare[1]:.0f} ms; python3 -S -c pass {no_site[0]:.0f} / {no_site[1]:.0f} ms")
    total, fts = fts_share(db)
    print(f"  database {total / 1e6:,.1f} MB, without FTS {(total - fts) / 1e6:,.1f} MB (FTS {fts / total:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Comments per archive, comma-separated.")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/therapy-archive-bench"),
                        help="Where the synthetic archives are built and kept.")
    parser.add_argument("--repeat", type=int, default=25, help="In-process rounds over the queries.")
    parser.add_argument("--runs", type=int, default=10, help="Whole-command rounds over four queries.")
    options = parser.parse_args()
    for size in (int(s) for s in options.sizes.split(",")):
        report(size, options.folder, options.repeat, options.runs)
    print(f"\ncommand: python3 bench/search_speed.py --sizes {options.sizes}")


if __name__ == "__main__":
    main()

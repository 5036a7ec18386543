"""Export speed and memory on synthetic archives (bench/synthetic_archive.py): each format written by the
whole ``therapy-archive export`` command in a fresh process, its wall time, records/s and peak RSS.

    python3 bench/export_speed.py --sizes 100000,1000000

Records are posts and comments together. Peak RSS is the child's ``ru_maxrss``, the whole process
(Python, pyarrow, the near-duplicate sketches) included. Archives are built once into --folder and reused.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_archive import build, is_built  # noqa: E402

FORMATS = ("jsonl", "parquet", "hf", "csv")


# the export command, reporting its own peak RSS as it exits
CHILD = """
import atexit, resource, sys
atexit.register(lambda: sys.stderr.write(f"\\nPEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n"))
from crawler.cli import main
sys.argv = ["therapy-archive", *sys.argv[1:]]
main()
"""


def run(archive: Path, fmt: str, out: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one export in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, "export", "--format", fmt, "--out", str(out), "--force",
                           "--archive", str(archive)], check=True, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - started
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK "))
    return seconds, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000", help="comma-separated comment counts")
    parser.add_argument("--folder", default="/tmp/therapy-archive-bench", help="where archives are built and kept")
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    print("| comments | posts | format | seconds | records/s | peak RSS (MiB) |")
    print("|---:|---:|---|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(args.folder) / f"synthetic-{size}"
        if not is_built(folder, size):
            build(folder, size)
        with sqlite3.connect(folder / "archive.db") as conn:
            posts = conn.execute("select count(*) from posts where text != ''").fetchone()[0]
            comments = conn.execute("select count(*) from comments").fetchone()[0]
        out_dir = Path(tempfile.mkdtemp(prefix="bench-export-"))
        try:
            for fmt in args.formats.split(","):
                seconds, peak = run(folder, fmt, out_dir / fmt)
                print(f"| {comments:,} | {posts:,} | {fmt} | {seconds:.1f} | {(posts + comments) / seconds:,.0f} "
                      f"| {peak:.0f} |", flush=True)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)
    print(f"\ncommand: python3 bench/export_speed.py --sizes {args.sizes}")


if __name__ == "__main__":
    main()

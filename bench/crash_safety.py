"""Crash safety: crawls killed with SIGKILL at random moments, then resumed, lose and duplicate nothing.

    python3 bench/crash_safety.py [--trials 20] [--seed 7]

Each trial crawls the bundled demo blog (served on 127.0.0.1, a 0.05 s delay so a crawl lasts a few
seconds) and a 12 MB document on the same host (so that some kills land while its record is being
written) into a fresh archive, sends SIGKILL after a random 1-4.5 s, and checks what the kill left:
``PRAGMA integrity_check``; every capture row names a readable response record; ``warcio check`` on each
WARC file (a torn last record is reported, not hidden); ``reprocess`` on a copy rebuilds without a
traceback and names any torn tail. Then the same crawl runs again to the end in the same archive, and its
posts and comments must equal those of one uninterrupted reference crawl: 0 lost, 0 duplicated.
"""

from __future__ import annotations

import argparse
import os
from contextlib import closing
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.warc_reader import read_response  # noqa: E402
from crawler.demo.server import DemoServer  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "PROGRESS_INTERVAL=0"]


def crawl_command(url: str, archive: Path) -> list[str]:
    # a second root on the same host: a 12 MB document whose record takes a while to write, so that some
    # kills land in the middle of writing it
    return [sys.executable, "-m", "crawler", "crawl", url, url + "big.txt", "--archive", str(archive), "--quiet",
            *FAST]


def rows(archive: Path) -> tuple[set, set]:
    # closed before anything else touches the file: a process that closes any descriptor of an SQLite file
    # drops all its locks on it (POSIX), which would make this checker, not the crawl, the hazard
    with closing(sqlite3.connect(archive / "archive.db")) as conn:
        posts = set(conn.execute("select id, url, title, text from posts"))
        comments = set(conn.execute("select id, post_id, parent_id, author, text from comments"))
    return posts, comments


def after_kill(archive: Path) -> dict:
    """What a killed crawl left, checked as a user would."""
    report = {"integrity": "no database", "unreadable_captures": 0, "warc_check_failures": 0, "torn_tail_named": None}
    if (archive / "archive.db").exists():
        with closing(sqlite3.connect(archive / "archive.db")) as conn:
            report["integrity"] = conn.execute("pragma integrity_check").fetchone()[0]
            try:
                captures = conn.execute("select warc_file, warc_offset from captures").fetchall()
            except sqlite3.OperationalError:  # killed while making the schema: the next open completes it
                report["integrity"] += " (schema half made)"
                captures = []
        for warc_file, offset in captures:
            try:
                read_response(archive / "warc" / warc_file, offset)
            except Exception:  # noqa: BLE001 - any failure to read a cited record counts
                report["unreadable_captures"] += 1
    warcs = sorted((archive / "warc").glob("*.warc.gz")) if (archive / "warc").exists() else []
    for warc in warcs:
        checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True)
        report["warc_check_failures"] += checked.returncode != 0
    if warcs:
        copy = Path(tempfile.mkdtemp(prefix="crash-copy-")) / "archive"
        shutil.copytree(archive, copy, ignore=shutil.ignore_patterns(".lock"))
        rebuilt = subprocess.run([sys.executable, "-m", "crawler", "reprocess", "--archive", str(copy)],
                                 capture_output=True, text=True)
        report["reprocess_ok"] = rebuilt.returncode == 0 and "Traceback" not in rebuilt.stderr
        if report["warc_check_failures"]:
            report["torn_tail_named"] = "incomplete" in rebuilt.stderr or "not a complete record" in rebuilt.stderr \
                or "stopped reading" in rebuilt.stderr
        shutil.rmtree(copy.parent)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    chance = random.Random(args.seed)
    big = " ".join(f"line {n} of a long plain-text document" for n in range(300_000)).encode()
    server = DemoServer(routes={"/big.txt": lambda handler: (200, {"Content-Type": "text/plain"}, big)})
    server.handle_error = lambda request, address: None  # a killed client's reset connection is expected here
    server.start()
    work = Path(tempfile.mkdtemp(prefix="crash-safety-"))
    try:
        reference = work / "reference"
        started = time.monotonic()
        subprocess.run(crawl_command(server.base_url, reference), check=True, capture_output=True)
        print(f"reference crawl: {time.monotonic() - started:.1f} s")
        want = rows(reference)
        failures = 0
        print("| trial | killed after s | integrity | unreadable captures | WARC files failing check | "
              "torn tail named by reprocess | reprocess ok | lost after resume | extra after resume |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for trial in range(1, args.trials + 1):
            archive = work / f"trial-{trial}"
            child = subprocess.Popen(crawl_command(server.base_url, archive), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            delay = chance.uniform(1.0, 4.5)  # start-up takes about a second; the crawl about three more
            time.sleep(delay)
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            report = after_kill(archive)
            subprocess.run(crawl_command(server.base_url, archive), capture_output=True)
            got = rows(archive)
            lost = len(want[0] - got[0]) + len(want[1] - got[1])
            extra = len(got[0] - want[0]) + len(got[1] - want[1])
            bad = (not report["integrity"].startswith("ok") and report["integrity"] != "no database" or report["unreadable_captures"] or lost or extra
                   or report.get("reprocess_ok") is False or report["torn_tail_named"] is False)
            failures += bool(bad)
            print(f"| {trial} | {delay:.2f} | {report['integrity']} | {report['unreadable_captures']} | "
                  f"{report['warc_check_failures']} | {report['torn_tail_named']} | {report.get('reprocess_ok')} | "
                  f"{lost} | {extra} |", flush=True)
        print(f"{args.trials} trials, {failures} with a problem")
        return 1 if failures else 0
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

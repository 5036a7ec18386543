"""The project deploys to a real scrapyd (PyPI's) on 127.0.0.1 with scrapyd-deploy, and a crawl scheduled
through scrapyd's HTTP API fills an archive as the command line's crawl does."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .conftest import query

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = shutil.ignore_patterns(".*", "__pycache__", "*.egg-info", "build", "engines", "bench", "demo-archive")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, path: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(base + path, data=body, timeout=30) as response:
        return json.loads(response.read())


def test_a_crawl_scheduled_through_scrapyd_fills_an_archive(demo_blog, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=LEFT_OUT)  # scrapyd-deploy writes its setup.py beside scrapy.cfg
    port = _free_port()
    with open(project / "scrapy.cfg", "a") as cfg:
        cfg.write(f"\n[deploy:here]\nurl = http://127.0.0.1:{port}/\nproject = therapy-archive\n")
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home}/eggs\nlogs_dir = {home}/logs\n"
        f"items_dir =\ndbs_dir = {home}/dbs\nmax_proc = 1\npoll_interval = 0.5\n")
    scrapyd = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _api(base, "daemonstatus.json")
                break
            except OSError:
                time.sleep(0.3)
        deploy = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "here"], cwd=project,
                                capture_output=True, text=True, timeout=300)
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert _api(base, "listspiders.json?project=therapy-archive")["spiders"] == ["blog"]
        archive = tmp_path / "archive"
        job = _api(base, "schedule.json", [
            ("project", "therapy-archive"), ("spider", "blog"), ("urls", demo_blog.base_url),
            ("setting", f"ARCHIVE_DIR={archive}"), ("setting", "DOWNLOAD_DELAY=0"),
            ("setting", "AUTOTHROTTLE_ENABLED=false"), ("setting", "LISTING_MAX_PAGE=6")])["jobid"]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            finished = _api(base, "listjobs.json?project=therapy-archive")["finished"]
            if any(j["id"] == job for j in finished):
                break
            time.sleep(0.5)
        else:
            raise AssertionError("the scheduled crawl did not finish within 3 minutes")
    finally:
        scrapyd.terminate()
        scrapyd.wait(timeout=30)
    assert query(archive, "select status from crawls") == [("finished",)]
    assert query(archive, "select count(*) from posts") == [(5,)]
    assert query(archive, "select count(*) from comments")[0][0] >= 20
    assert list((archive / "warc").glob("*.warc.gz"))

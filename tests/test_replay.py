"""The archive's WARCs replay in pywb, the reference web-archive player (its own venv: tests/install.sh)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawler.demo.content import POSTS

PYWB_BIN = Path(os.environ.get("PYWB_BIN", Path(__file__).resolve().parent.parent / ".venv-pywb" / "bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def wayback_of(warcs: list[str], home: Path):
    """pywb's wayback serving ``warcs`` on 127.0.0.1; yields the collection's base URL."""
    assert (PYWB_BIN / "wayback").exists(), f"pywb is not installed in {PYWB_BIN}: run tests/install.sh"
    subprocess.run([PYWB_BIN / "wb-manager", "init", "therapy"], cwd=home, check=True, capture_output=True)
    subprocess.run([PYWB_BIN / "wb-manager", "add", "therapy", *warcs], cwd=home, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([PYWB_BIN / "wayback", "-b", "127.0.0.1", "-p", str(port)], cwd=home,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/therapy/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base, timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def wayback(demo_archive, tmp_path_factory):
    warcs = sorted(str(p) for p in (demo_archive / "warc").glob("*.warc.gz"))
    with wayback_of(warcs, tmp_path_factory.mktemp("pywb")) as base:
        yield base


def test_pywb_replays_an_archived_post(wayback, demo_blog):
    post = POSTS[2]
    url = demo_blog.base_url.rstrip("/") + post.path
    # mp_: the archived page itself (not pywb's frame), as a browser inside the replay frame loads it
    with urllib.request.urlopen(f"{wayback}2100mp_/{url}", timeout=30) as response:
        assert response.status == 200
        page = response.read().decode("utf-8")
    assert post.paragraphs[0] in page
    assert post.comments[1].text in page  # the Persian comment, intact through gzip and replay

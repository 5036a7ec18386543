"""``therapy-archive serve`` started as a user starts it, for the tests that talk to it over HTTP."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(archive: Path, port: int | None = None):
    """``therapy-archive serve --archive ARCHIVE --port PORT`` in a child process; yields its base URL
    once it answers, and stops it with SIGINT (Ctrl-C) afterwards, checking that it exits cleanly."""
    port = port or free_port()
    process = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--archive", str(archive),
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, err
    assert out == "", out  # serve prints messages only, on stderr
    assert "Traceback" not in err and err.rstrip().endswith("stopped"), err


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"serve did not answer on {base} within {timeout} s")


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)

"""A redirect never takes the crawl off the roots' hosts: not to another port, another address, a cloud
metadata address or another scheme. Nothing of the target is fetched or archived."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.demo.server import DemoServer

from .conftest import crawl, query

POST = b"""<html><head><title>Elsewhere</title><meta property="og:type" content="article"></head><body>
<article><h1>Elsewhere</h1><p>A page on another host that must never enter this archive.</p></article></body></html>"""


def redirect(location: str):
    return lambda handler: (302, {"Location": location, "Content-Length": "0"}, b"")


@pytest.fixture(scope="module")
def sites():
    elsewhere = DemoServer(routes={"*": lambda handler: (200, {"Content-Type": "text/html"}, POST)},
                           with_blog=False).start()
    targets = {"/to-port/": elsewhere.base_url + "post/", "/to-metadata/": "http://169.254.169.254/latest/meta-data/",
               "/to-file/": "file:///etc/passwd", "/to-other-address/": "http://127.0.0.2:9/post/"}
    links = "".join(f'<a href="{path}">{path}</a>' for path in targets)
    routes = {path: redirect(target) for path, target in targets.items()}
    routes["/"] = lambda handler: (200, {"Content-Type": "text/html"}, f"<html><body>{links}</body></html>".encode())
    root = DemoServer(routes=routes, with_blog=False).start()
    yield root, elsewhere, targets
    root.stop()
    elsewhere.stop()


def test_redirects_off_the_roots_hosts_are_refused(sites, tmp_path):
    root, elsewhere, targets = sites
    result = crawl(root.base_url, tmp_path / "archive")
    assert elsewhere.requests == []
    captured = {row[0] for row in query(tmp_path / "archive", "select url from captures")}
    assert all(url.startswith(root.base_url) for url in captured), captured
    assert query(tmp_path / "archive", "select count(*) from posts") == [(0,)]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    for path, target in targets.items():
        if target.startswith("http"):
            assert "leaves the crawl's hosts" in output and target in output, output


def test_a_host_the_user_allows_may_be_redirected_to(sites, tmp_path):
    root, elsewhere, targets = sites
    host = elsewhere.base_url.split("/")[2]
    result = crawl(root.base_url, tmp_path / "archive", "--allow-host", host)
    assert [r.path for r in elsewhere.requests if r.path != "/robots.txt"] == ["/post/"]
    assert query(tmp_path / "archive", "select title from posts") == [("Elsewhere",)]
    assert "169.254.169.254" in result.stderr  # the others are still refused


def test_a_crawl_opens_no_listening_port(sites, tmp_path):
    """No telnet console, no remote control: a crawl on a shared machine offers nothing to its neighbours."""
    import os
    import subprocess
    import sys
    import time

    root, _, _ = sites
    child = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", root.base_url, "--archive",
                              str(tmp_path / "a"), "-s", "DOWNLOAD_DELAY=0.5"], stderr=subprocess.DEVNULL)
    try:
        time.sleep(2)
        fd_dir = f"/proc/{child.pid}/fd"
        sockets = {os.readlink(f"{fd_dir}/{fd}") for fd in os.listdir(fd_dir)}
        listening = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A":  # LISTEN
                    listening.add(f"socket:[{fields[9]}]")
    finally:
        child.kill()
        child.wait()
    assert not sockets & listening

"""The README runs as written: its shell examples, in order, in one scratch folder, on the demo blog, offline.

Which blocks run is said by their fence, so that leaving one out is a visible choice in the README:
  ```sh         runs, here, with bash under ``set -euo pipefail``;
  ```sh no-run  is shown, not run: it installs something, needs the internet, or a service (Redis) the
                example does not start; keep these few;
  any other     (python, toml, ini, zsh, fish, a bare fence for output) is not a shell example.
The blocks see what a reader has after the README's first commands: ``therapy-archive`` on PATH (the one
installed beside this Python, importing this checkout's code), and ``$DEMO_URL``, the address
``therapy-archive demo --serve-only`` prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

FENCE = re.compile(r"^(?P<indent>\s*)```(?P<info>.*)$")
MOST_NOT_RUN = 5  # a README whose examples mostly cannot run is not executable documentation


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence in README.md, 1-based
    info: str  # the fence's info string: "sh", "sh no-run", "python", ""
    code: str

    @property
    def runs(self) -> bool:
        words = self.info.split()
        return words[:1] == ["sh"] and "no-run" not in words[1:]


def readme_blocks(text: str) -> list[Block]:
    """Every fenced block of ``text``, its indentation (a block inside a list item) removed."""
    blocks, lines = [], text.splitlines()
    opened: tuple[int, str, str] | None = None
    body: list[str] = []
    for number, line in enumerate(lines, 1):
        match = FENCE.match(line)
        if opened is None and match:
            opened, body = (number, match["indent"], match["info"].strip()), []
        elif opened is not None and match and not match["info"].strip():
            blocks.append(Block(opened[0], opened[2], "\n".join(body) + "\n"))
            opened = None
        elif opened is not None:
            body.append(line[len(opened[1]):] if line.startswith(opened[1]) else line)
    assert opened is None, f"README.md:{opened[0]}: a code block is never closed"
    return blocks


@pytest.fixture
def served_demo_blog(environment):
    """``therapy-archive demo --serve-only``, as the README has a reader start it: its address."""
    with subprocess.Popen(["therapy-archive", "demo", "--serve-only"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=environment) as server:
        try:
            url = server.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:"), server.stderr.read() if server.poll() is not None else url
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture
def environment():
    """A reader's shell after installing: this Python's scripts first on PATH, this checkout's code."""
    scripts = Path(sys.executable).parent  # not resolved: a virtual environment's bin/ is a folder of links
    if not (scripts / "therapy-archive").exists():
        pytest.fail(f"no therapy-archive beside {sys.executable}: install the package (bash tests/install.sh)")
    return {**os.environ, "PATH": os.pathsep.join((str(scripts), os.environ.get("PATH", ""))),
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", "NO_COLOR": "1"}


def test_readme_fences_are_known_and_few_are_left_out():
    blocks = readme_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    shell = [b for b in blocks if b.info.split()[:1] == ["sh"]]
    assert all(b.info in ("sh", "sh no-run") for b in shell), [b.info for b in shell]
    assert len([b for b in shell if not b.runs]) <= MOST_NOT_RUN
    assert len([b for b in shell if b.runs]) >= 8


def test_every_runnable_readme_block_runs_in_order(environment, served_demo_blog, tmp_path):
    environment = {**environment, "DEMO_URL": served_demo_blog}
    blocks = [b for b in readme_blocks((ROOT / "README.md").read_text(encoding="utf-8")) if b.runs]
    for block in blocks:
        result = subprocess.run(["bash", "-c", "set -euo pipefail\n" + block.code], cwd=tmp_path, env=environment,
                                capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            pytest.fail(f"README.md:{block.line}: the block exits {result.returncode}\n{block.code}"
                        f"--- stdout (end) ---\n{result.stdout[-3000:]}\n--- stderr (end) ---\n{result.stderr[-3000:]}",
                        pytrace=False)

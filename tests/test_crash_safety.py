"""The crash-safety benchmark in small: three crawls killed with SIGKILL at random moments leave
consistent archives, and resuming each loses and duplicates nothing (bench/crash_safety.py has 20)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "crash_safety.py"


@pytest.mark.slow
def test_three_killed_crawls_resume_with_nothing_lost_or_doubled():
    result = subprocess.run([sys.executable, str(BENCH), "--trials", "3", "--seed", "11"], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 trials, 0 with a problem" in result.stdout

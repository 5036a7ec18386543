"""The reading commands start fast (issue 11): search and stats read archive.db with plain sqlite3, extract
loads the normalizer only; none imports Scrapy, Twisted, sqlite-utils or the dataframe libraries it pulls in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("scrapy", "twisted", "sqlite_utils", "pandas", "numpy", "pyarrow")


def imported(*args: str) -> set[str]:
    """Top-level packages a command imports (``python -X importtime``)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "crawler", *args],
                            capture_output=True, text=True, timeout=120)
    return {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.parametrize("args", [["search", "repair"], ["stats"], ["stats", "--history", "--json"],
                                  ["show", "no-such-post"]])
def test_reading_commands_import_no_crawler_and_no_dataframes(demo_archive, args):
    assert not imported(*args, "--archive", str(demo_archive)) & set(HEAVY)


def test_extract_imports_the_normalizer_only():
    page = Path(__file__).parent / "fixtures" / "wordpress-block" / "when-therapy-ends.html"
    modules = imported("extract", str(page))
    # numpy comes with py3langid, which the normalizer asks for the language
    assert "lxml" in modules and not modules & (set(HEAVY) - {"numpy"})


def test_help_imports_nothing_heavy():
    assert not imported("--help") & set(HEAVY)

"""Unix habits of the command line: --version, ``-`` for standard input and output, data on stdout and
messages on stderr, documented exit statuses, shell completion."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from crawler import version

from .conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_the_installed_package_version():
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"therapy-archive, version {metadata.version('therapy-archive')}\n"


def test_version_falls_back_to_pyproject_when_not_installed(monkeypatch, tmp_path):
    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version.package_version() == expected
    assert version.pyproject_version(tmp_path / "missing.toml") == "unknown"

"""The package's version, for ``therapy-archive --version``."""

from __future__ import annotations

from pathlib import Path

import click

DISTRIBUTION = "therapy-archive"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def package_version() -> str:
    """The installed distribution's version; the source tree's pyproject.toml version when not installed
    (run from a checkout with PYTHONPATH); ``unknown`` when neither is there."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return pyproject_version(PYPROJECT)


def pyproject_version(path: Path) -> str:
    """``[project] version`` of a pyproject.toml, or ``unknown``."""
    import tomllib

    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return "unknown"


def version_option():
    """click's ``--version`` with the message of ``click.version_option``, the version looked up only when
    asked for: importlib.metadata would add ~15 ms to every start of every command."""
    def show(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(f"{DISTRIBUTION}, version {package_version()}", color=ctx.color)
            ctx.exit()

    return click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show,
                        help="Show the version and exit.")

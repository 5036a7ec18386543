"""What several commands share: the --archive and --workers options, and opening the archive for reading."""

from __future__ import annotations

from pathlib import Path

import click


def _archive_or_project_archive(ctx, param, value):
    """--archive as given, else the archive of --config FILE or ./therapy-archive.toml, else ./archive."""
    if value is not None:
        return value
    from .project import project_archive
    from .seeds import SeedsError

    try:
        return project_archive(ctx.params.get("config"))
    except SeedsError as exc:
        raise click.ClickException(str(exc)) from None


archive_option = click.option(
    "--archive", "archive_dir", callback=_archive_or_project_archive,
    type=click.Path(file_okay=False, path_type=Path),
    help="Archive folder (warc/ and archive.db).  [default: the archive named in ./therapy-archive.toml, else archive]",
)


workers_option = click.option("--workers", type=click.IntRange(min=1), default=None,
                              help="Processes reading pages [default: one per core].")


def read_archive(archive_dir: Path):
    """The archive for reading commands: a plain read-only sqlite3 connection, so that they start fast."""
    from archive.reader import UnreadableArchive, connect_read_only

    try:
        return connect_read_only(archive_dir)
    except UnreadableArchive as exc:
        raise click.ClickException(str(exc)) from None

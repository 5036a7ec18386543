"""The exit statuses of ``therapy-archive``, for cron and scripts; ``--help`` lists them (README: Exit status)."""

from __future__ import annotations

import textwrap

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_SOME_ROOTS_FAILED = 2
EXIT_ARCHIVE_FAILED = 3
EXIT_INTERRUPTED = 130

# What each status means, one entry a status: the group's --help epilog is made from it.
MEANINGS = {
    EXIT_OK: "success (crawl: also when it stopped at --max-pages)",
    EXIT_USER_ERROR: "a user error, said in one line on stderr: bad input, an unreadable, busy or unwritable "
                     "archive, a usage error (after click's usage hint); crawl: no root answered or no post was "
                     "found; extract: a file could not be read (the others are printed); verify: rows no longer "
                     "match",
    EXIT_SOME_ROOTS_FAILED: "crawl: some roots could not be fetched (named on stderr); the others are archived",
    EXIT_ARCHIVE_FAILED: "crawl: the archive could not be written (a full disk, a failing database): the crawl "
                         "stopped at once; what was archived before is intact",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C; crawl also on SIGTERM): what was fetched so far is archived",
}


def epilog(width: int = 78) -> str:
    """The statuses as a help epilog; ``\\b`` keeps click from rewrapping the table."""
    lines = []
    for status, meaning in MEANINGS.items():
        wrapped = textwrap.wrap(meaning, width - 7)
        lines += [f"{status:<5}{wrapped[0]}"] + [f"     {line}" for line in wrapped[1:]]
    return "Exit status:\n\n\b\n" + "\n".join(lines)

"""Reading the archive never changes it: search, stats and export open archive.db read-only (no schema
work, no WAL switch, nothing written), and a corrupt archive.db is one clear line, not success."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from .conftest import assert_one_line_error, read_only_mount, run_cli


def fingerprint(folder) -> dict[str, str]:
    return {name: hashlib.sha1((folder / name).read_bytes()).hexdigest() for name in sorted(os.listdir(folder))
            if (folder / name).is_file()}


@pytest.fixture
def settled_archive(demo_archive, tmp_path):
    """A copy of the demo archive with its WAL checkpointed away, as a finished archive lies on disk."""
    copy = tmp_path / "archive"
    shutil.copytree(demo_archive, copy, ignore=shutil.ignore_patterns("*-wal", "*-shm", ".lock"))
    return copy


def test_reading_commands_leave_the_archive_byte_for_byte(settled_archive, tmp_path):
    before = fingerprint(settled_archive)
    for args in (["stats", "--json"], ["search", "kindness", "--json"],
                 ["export", "--format", "jsonl", "--out", str(tmp_path / "out.jsonl")]):
        result = run_cli(*args, "--archive", str(settled_archive))
        assert result.returncode == 0, result.stderr
    after = fingerprint(settled_archive)
    # the pseudonym key is made once, beside archive.db, and never changes after
    key = after.pop("pseudonym.key")
    assert run_cli("export", "--format", "jsonl", "--out", str(tmp_path / "again.jsonl"), "--force", "--archive",
                   str(settled_archive)).returncode == 0
    assert fingerprint(settled_archive)["pseudonym.key"] == key
    # SQLite may leave an empty -wal and its index beside a WAL database it read; nothing is written
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == {**before, **(
        {"archive.db-wal": hashlib.sha1(b"").hexdigest()} if "archive.db-wal" in after else {})}


def test_a_corrupt_archive_is_one_line_and_a_failure(settled_archive, tmp_path):
    database = settled_archive / "archive.db"
    data = bytearray(database.read_bytes())
    data[:100] = os.urandom(100)  # the header: SQLite no longer knows the file
    database.write_bytes(bytes(data))
    for args in (["stats"], ["search", "kindness"], ["export", "--format", "jsonl", "--out", str(tmp_path / "o.jsonl")]):
        assert_one_line_error(run_cli(*args, "--archive", str(settled_archive)), "not a readable archive",
                              "therapy-archive reprocess")


def test_reading_commands_work_on_a_read_only_folder(settled_archive, tmp_path):
    """A real read-only mount (root ignores file modes): the archive on read-only media is still usable."""
    with read_only_mount(settled_archive, tmp_path) as mount:
        for args in (["stats", "--json"], ["search", "kindness", "--json"],
                     ["export", "--format", "jsonl", "--out", str(tmp_path / "out.jsonl")]):
            result = run_cli(*args, "--archive", str(mount))
            assert result.returncode == 0, result.stderr
        assert (tmp_path / "out.jsonl").stat().st_size > 0
        assert "one-off key" in result.stderr  # no key could be kept: said, and the names still hidden

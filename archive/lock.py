"""One writer at a time per archive folder: an advisory lock the OS drops when the process dies."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

LOCK_NAME = ".lock"


class ArchiveBusy(Exception):
    """Another process is writing to this archive."""


class ArchiveNotWritable(Exception):
    """The archive folder cannot be created or written."""


def check_writable(archive_dir: Path) -> None:
    """Fail early, with the reason, when the archive folder cannot take new files, or is a Python package
    (``archive``, the default name, is also this project's own package: run from its source folder, the
    crawl would write into the code)."""
    if (archive_dir / "__init__.py").is_file():
        raise ArchiveNotWritable(f"archive folder {archive_dir} is a Python package ({archive_dir / '__init__.py'}), "
                                 "not an archive: name another folder with --archive DIR or -s ARCHIVE_DIR=DIR")
    try:
        (archive_dir / "warc").mkdir(parents=True, exist_ok=True)
        probe = archive_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ArchiveNotWritable(f"archive folder {archive_dir} is not writable ({exc.strerror})") from None


class ArchiveLock:
    """An flock on ``DIR/.lock``: the OS drops it when its holder dies, however it dies, so a killed run
    leaves no stale lock to clean up. ``wait``: seconds to wait for a running holder to finish."""

    def __init__(self, archive_dir: str | Path, wait: float = 0) -> None:
        self.path = Path(archive_dir) / LOCK_NAME
        self.wait = wait
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
                    continue
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                waited = f" after waiting {self.wait:g} s" if self.wait else ""
                raise ArchiveBusy(
                    f"archive {self.path.parent} is in use by another crawl (pid {holder}){waited}; "
                    "wait for it to finish (--wait SECONDS) or use another --archive"
                ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "ArchiveLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

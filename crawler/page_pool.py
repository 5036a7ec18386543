"""Worker processes that read pages with the normalizer, for ``reprocess`` and ``ingest`` (the crawl has its
own readers, ``crawler.page_readers``, reached without threads; they share ``close_inherited_lock``).

Reading a page is the costly part of handling it and needs nothing but its bytes, so it runs in a pool of
processes forked from this one: they start with the normalizer and its language model loaded. A worker
drops the archive's lock it inherited (else a killed crawl's workers would keep the archive locked) and
exits when the process that forked it is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterator

from archive.lock import LOCK_NAME

from .normalize.quality import load_models

PARENT_CHECK_SECONDS = 1.0


def default_workers() -> int:
    """One worker process per core."""
    return os.cpu_count() or 1


def start_pool(workers: int) -> Executor | None:
    """A pool of ``workers`` page readers, started now; None for one worker (pages read in this process)."""
    if workers <= 1:
        return None
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        load_models()  # before fork: every worker has it at no cost
    context = multiprocessing.get_context("fork") if fork else None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_started,
                               initargs=(os.getpid(),))
    pool.submit(int).result()  # fork the workers now, with nothing but the lock open yet
    return pool


@contextmanager
def page_pool(workers: int) -> Iterator[Executor | None]:
    pool = start_pool(workers)
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _worker_started(parent: int) -> None:
    close_inherited_lock()
    threading.Thread(target=_exit_without_parent, args=(parent,), daemon=True).start()


def close_inherited_lock() -> None:
    """Close this process's copies of archive lock files: an flock is held while any copy is open."""
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:  # no /proc: the lock is dropped when the parent's pool shuts its workers down
        return
    for name in descriptors:
        try:
            if os.path.basename(os.readlink(f"/proc/self/fd/{name}")) == LOCK_NAME:
                os.close(int(name))
        except OSError:
            continue


def _exit_without_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)

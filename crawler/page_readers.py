"""Pages cleaned off the reactor's thread while the crawl keeps downloading, handled in arrival order.

``PageReaders`` is a Scrapy extension owning the crawl's page readers: ``CLEAN_WORKERS`` processes (0 for
one per core, 1 to read pages in the crawl's own process) forked when the crawl starts, each reached
through a Unix socket the reactor watches. A page goes to the least busy reader and its reading (``read_page``)
comes back as a Deferred; no thread is involved, so the crawl's thread never waits on one for the GIL.

``InOrder`` then lets responses through to their handlers in the order they arrived, as ``reprocess``
reads them from the WARC files: what one response teaches the crawl (the posts a feed lists) reaches the
next ones the same way in both, so a rebuild gives the crawl's rows.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import socket
import struct
import time
from collections import deque

from scrapy import signals
from twisted.internet.defer import Deferred, succeed
from twisted.internet.protocol import Factory
from twisted.protocols.basic import Int32StringReceiver

from .handlers import Response, reads_a_page
from .handlers.pages import read_page
from .normalize.quality import load_models
from .page_pool import close_inherited_lock, default_workers

logger = logging.getLogger(__name__)
_LENGTH = struct.Struct("!I")  # Int32StringReceiver's framing: a 4-byte big-endian length, then the bytes


class _Reader(Int32StringReceiver):
    """The crawl's end of one reader's socket: pages out, readings back, in order."""

    MAX_LENGTH = 2**31

    def __init__(self, pid: int, readers: "PageReaders") -> None:
        self.pid = pid
        self.readers = readers
        self.pending: deque[Deferred] = deque()

    def read(self, response: Response) -> Deferred:
        done = Deferred()
        self.pending.append(done)
        self.sendString(pickle.dumps(response, pickle.HIGHEST_PROTOCOL))
        return done

    def stringReceived(self, data: bytes) -> None:
        self.pending.popleft().callback(pickle.loads(data))

    def connectionLost(self, reason=None) -> None:
        self.readers.lost(self)
        while self.pending:  # the handler reads these pages itself
            self.pending.popleft().callback(None)


class PageReaders:
    def __init__(self, workers: int) -> None:
        self.readers: list[_Reader] = []
        self._sockets: list[socket.socket] = []  # the crawl's ends: a reader forked later must close them
        self.closing = False
        if workers > 1 and hasattr(os, "fork"):  # where there is no fork, pages are read in the crawl's process
            load_models()  # before fork: every reader has it at no cost
            for _ in range(workers):
                self._start_one()

    @classmethod
    def from_crawler(cls, crawler) -> "PageReaders":
        readers = cls(crawler.settings.getint("CLEAN_WORKERS") or default_workers())
        crawler.signals.connect(readers.close, signal=signals.engine_stopped)
        return readers

    @classmethod
    def of(cls, crawler) -> "PageReaders | None":
        return crawler.get_extension(cls)

    def read(self, response: Response) -> Deferred:
        """Fires with the normalizer's reading of ``response`` (``read_page``), or with None when its
        handler should read it itself: not a page, no reader, or the reader failed."""
        if not self.readers or not reads_a_page(response):
            return succeed(None)
        return min(self.readers, key=lambda reader: len(reader.pending)).read(response)

    def lost(self, reader: _Reader) -> None:
        if reader in self.readers:
            self.readers.remove(reader)
            if not self.closing:
                logger.warning("a page reader stopped (pid %d); %d left", reader.pid, len(self.readers))

    def close(self) -> None:
        """Each reader's socket is shut down (it sees the end at once and exits), then it is waited for
        (briefly), then killed."""
        self.closing = True
        pids = [reader.pid for reader in self.readers]
        for sock in self._sockets:
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for reader in list(self.readers):
            reader.transport.loseConnection()
        deadline = time.monotonic() + 5
        for pid in pids:
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.005)

    def _start_one(self) -> None:
        from twisted.internet import reactor  # the one Scrapy installed (importing it earlier installs another)

        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the reader
            try:
                ours.close()
                for sock in self._sockets:
                    sock.close()
                for reader in self.readers:  # the reactor's copies of the other readers' sockets
                    os.close(reader.transport.fileno())
                _serve(theirs)
            finally:
                os._exit(0)
        theirs.close()
        self._sockets.append(ours)
        reader = _Reader(pid, self)
        reader.transport = reactor.adoptStreamConnection(ours.fileno(), socket.AF_UNIX,
                                                         Factory.forProtocol(lambda: reader))
        self.readers.append(reader)


def _serve(sock: socket.socket) -> None:
    """A reader's life: read the pages the crawl sends, until it closes the socket."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle; it closes the socket
    close_inherited_lock()
    stream = sock.makefile("rb")
    while True:
        header = stream.read(_LENGTH.size)
        if len(header) < _LENGTH.size:
            return
        response = pickle.loads(stream.read(_LENGTH.unpack(header)[0]))
        try:
            reply = pickle.dumps(read_page(response), pickle.HIGHEST_PROTOCOL)
        except Exception:  # the handler reads the page again, and reports what fails in one line
            reply = pickle.dumps(None)
        sock.sendall(_LENGTH.pack(len(reply)) + reply)


class InOrder:
    """Turns taken in one order and served in that order: ``turn = take()``, ``await wait(turn)``, then
    ``done(turn)`` (always, or every later turn waits forever)."""

    def __init__(self) -> None:
        self._taken = 0
        self._serving = 0
        self._finished: set[int] = set()
        self._waiting: dict[int, Deferred] = {}

    def take(self) -> int:
        self._taken += 1
        return self._taken - 1

    def wait(self, turn: int) -> Deferred:
        if turn == self._serving:
            return succeed(None)
        self._waiting[turn] = Deferred()
        return self._waiting[turn]

    def done(self, turn: int) -> None:
        self._finished.add(turn)
        while self._serving in self._finished:
            self._finished.discard(self._serving)
            self._serving += 1
            waiter = self._waiting.pop(self._serving, None)
            if waiter is not None:
                waiter.callback(None)

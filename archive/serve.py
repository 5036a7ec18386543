"""``therapy-archive serve``: archive.db in Datasette, on 127.0.0.1 only, read-only.

The database is opened the way ``search`` opens it (``reader.read_only_mode``): ``mode=ro``, which sees
what a running crawl commits and can write nothing, and ``immutable=1`` only where SQLite cannot read a
WAL database otherwise, a folder it cannot write to, where no crawl can be writing either. Datasette's
immutable mode on a live archive would be wrong: it assumes the file never changes and would serve stale
counts and pages, or fail, while a crawl writes.

Datasette and uvicorn are imported when a server is made, so the other commands do not pay for them.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from .reader import DB_NAME, connect_read_only, read_only_mode
from .serve_metadata import metadata, schema

HOST = "127.0.0.1"  # loopback only: the archive holds people's words; publishing it is a separate decision
DEFAULT_PORT = 8001
# canned queries over a large archive (the busiest threads count every comment) take more than
# Datasette's default second
# Suggested facets try every column on every page: at a million comments they are most of a search page's
# time (about 450 of 500 ms); the facets the metadata names are still shown.
SETTINGS = {"sql_time_limit_ms": 5000, "facet_time_limit_ms": 1000, "suggest_facets": False}


class PortInUse(Exception):
    """The port asked for is taken (or not ours to bind)."""


class ArchiveServer:
    """Datasette serving one archive folder's archive.db. The port is bound when the server is made, so
    a taken port is an error before anything runs; ``run`` serves until Ctrl-C.

    Raises ``reader.UnreadableArchive`` when there is no readable archive, ``PortInUse`` when the port is
    taken."""

    def __init__(self, archive_dir: str | Path, port: int = DEFAULT_PORT) -> None:
        self.archive_dir = Path(archive_dir)
        self.mutable = read_only_mode(archive_dir) == "mode=ro"
        conn = connect_read_only(archive_dir)
        try:
            self.metadata = metadata(schema(conn), database=Path(DB_NAME).stem)
        finally:
            conn.close()
        self.socket = _listen(port)
        self.port = self.socket.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/{Path(DB_NAME).stem}"

    def app(self):
        """The Datasette instance (its ``app()`` is the ASGI application)."""
        from datasette.app import Datasette

        path = str((self.archive_dir / DB_NAME).resolve())
        return Datasette([path] if self.mutable else [], immutables=[] if self.mutable else [path],
                         metadata=self.metadata, settings=SETTINGS)

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGINT), then return."""
        import asyncio

        import uvicorn

        datasette = self.app()
        asyncio.run(datasette.invoke_startup())  # plugins' startup hooks and templates: before any request
        server = uvicorn.Server(uvicorn.Config(datasette.app(), log_level="warning", lifespan="on"))
        try:
            server.run(sockets=[self.socket])
        except KeyboardInterrupt:  # uvicorn shuts down gracefully, then raises the signal it caught again
            pass
        finally:
            self.close()

    def close(self) -> None:
        self.socket.close()


def _listen(port: int) -> socket.socket:
    """A socket bound to ``port`` on the loopback address, or ``PortInUse``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a restart may reuse it at once
    try:
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} on {HOST} is in use; choose another with --port") from None
        raise PortInUse(f"cannot listen on {HOST}:{port} ({exc.strerror}); choose another with --port") from None
    return sock

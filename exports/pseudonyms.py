"""Stable pseudonyms for commenters: a keyed hash of the name, so one person keeps one pseudonym across
the exports of one archive, and nobody without the key can test a guess of who they are.

The key lives in the archive folder (``pseudonym.key``, readable by its owner only), never in an export."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

KEY_FILE = "pseudonym.key"


class PseudonymKeyError(Exception):
    """The pseudonym key cannot be read or made."""


def archive_key(archive_dir: str | Path, rotate: bool = False) -> bytes:
    """The archive's pseudonym key, made on first use (or anew with ``rotate``: every pseudonym changes).
    Raises ``PseudonymKeyError`` when it can be neither read nor kept (see ``one_off_key``)."""
    path = Path(archive_dir) / KEY_FILE
    if path.is_file() and not rotate:
        try:
            return bytes.fromhex(path.read_text().strip())
        except (OSError, ValueError) as exc:
            raise PseudonymKeyError(f"cannot read the pseudonym key {path} ({exc}); --new-pseudonym-key makes a new one "
                            "(every pseudonym changes)") from None
    key = secrets.token_bytes(32)
    try:
        partial = path.with_suffix(".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key.hex() + "\n")
        os.replace(partial, path)
    except OSError as exc:
        raise PseudonymKeyError(f"cannot keep a pseudonym key in {path.parent} ({exc.strerror}); pseudonyms must stay "
                        "the same across exports, so the archive folder must be writable once") from None
    return key


def one_off_key() -> bytes:
    """A key for one export of an archive that cannot keep one (read-only media): names stay hidden, but
    one person's pseudonym differs from that of other exports."""
    return secrets.token_bytes(32)


class Pseudonyms:
    """``pseudonyms(name)``: ``person-`` and 12 hex digits, the same for the same name whatever its case,
    spacing or Unicode form; None for no name."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self.of = lru_cache(maxsize=200_000)(self._of)

    def __call__(self, name: str | None) -> str | None:
        return self.of(name) if name and name.strip() else None

    def _of(self, name: str) -> str:
        folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
        return "person-" + hmac.new(self._key, folded.encode("utf-8"), hashlib.sha256).hexdigest()[:12]

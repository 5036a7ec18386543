"""Check an export row by row: each post and comment still says what the archive holds (with the same
privacy treatment), and the WARC record it names is still where it says, whole, with its id and digest.

A row that was edited after the export, a row the archive no longer holds (forgotten, or cleaned
differently after a ``reprocess``), and a WARC record gone, moved or damaged are each reported."""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.warc_reader import RecordNotFound, read_entry

from .private_view import Privacy, PrivateView
from .pseudonyms import KEY_FILE, Pseudonyms, archive_key
from .threads import Selection, thread_of

# the fields compared; provenance included, so a row pointing at another record is caught too
POST_FIELDS = ("url", "site", "title", "author", "published", "text", "capture_url", "warc_file", "warc_offset",
               "warc_record_id")
COMMENT_FIELDS = ("parent_id", "author", "published", "text", "is_spam", "duplicate_of", "kind", "capture_url",
                  "warc_file", "warc_offset", "warc_record_id")


_SELECTIONS = (Selection(include_spam=True, include_removed=True), Selection(), Selection(include_spam=True),
               Selection(include_removed=True))


class VerifyError(Exception):
    """The export or the archive cannot be read for checking."""


@dataclass(frozen=True)
class Mismatch:
    row: str  # "post ID" or "comment ID"
    reason: str


@dataclass
class VerifyResult:
    posts: int = 0
    comments: int = 0
    warc_records: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)


def verify(db: sqlite3.Connection, archive_dir: str | Path, export_path: str | Path) -> VerifyResult:
    """Every row of the export at ``export_path`` (a jsonl file, or a csv, parquet or hf folder) checked."""
    if not (Path(archive_dir) / KEY_FILE).is_file():
        raise VerifyError(f"{archive_dir} has no {KEY_FILE}: its exports' pseudonyms cannot be checked (was the "
                          "export made from another archive, or on read-only media?)")
    pseudonyms = Pseudonyms(archive_key(archive_dir))
    views = [PrivateView(Privacy(redact=r, pseudonymize_authors=a), pseudonyms) for r in (True, False) for a in (False, True)]
    warc = _WarcCheck(Path(archive_dir) / "warc")
    result = VerifyResult()
    for record in read_export(Path(export_path)):
        result.posts += 1
        result.comments += len(record.get("comments") or [])
        _check(db, record, views, warc, result.mismatches)
    result.warc_records = len(warc.seen)
    return result


def _check(db, record: dict, views: list[PrivateView], warc: "_WarcCheck", mismatches: list[Mismatch]) -> None:
    posts = [thread_of(db, record["id"], selection) for selection in _SELECTIONS]
    if posts[0] is None:
        mismatches.append(Mismatch(f"post {record['id']}", "no longer in the archive"))
        return
    # each privacy treatment an export may use, and each choice of comments (a reply to a comment left out
    # answers that one's parent)
    made = [view.record(post, record.get("split")) for post in posts for view in views]
    _compare(f"post {record['id']}", record, made, POST_FIELDS, mismatches)
    warc.check(f"post {record['id']}", record, mismatches)
    for comment in record.get("comments") or []:
        label = f"comment {comment['id']}"
        same = [c for m in made for c in m["comments"] if c["id"] == comment["id"]]
        if not same:
            mismatches.append(Mismatch(label, "no longer in the archive under its post"))
            continue
        _compare(label, comment, same, COMMENT_FIELDS, mismatches)
        warc.check(label, comment, mismatches)


def _compare(label: str, row: dict, candidates: list[dict], names: tuple[str, ...], mismatches: list[Mismatch]) -> None:
    if any(all(row.get(n) == c.get(n) for n in names) for c in candidates):
        return
    closest = max(candidates, key=lambda c: sum(row.get(n) == c.get(n) for n in names))
    differ = [n for n in names if row.get(n) != closest.get(n)]
    mismatches.append(Mismatch(label, f"{', '.join(differ)} differ from the archive"))


class _WarcCheck:
    """Each WARC record named is read once: there, a whole record, with the id and payload digest named."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: dict[tuple[str, int], str | None] = {}  # (file, offset): problem or None

    def check(self, label: str, row: dict, mismatches: list[Mismatch]) -> None:
        if not row.get("warc_file"):
            return
        key = (row["warc_file"], int(row["warc_offset"]))
        if key not in self.seen:
            self.seen[key] = self._problem(*key, row.get("warc_record_id"), row.get("capture_url"))
        if self.seen[key]:
            mismatches.append(Mismatch(label, self.seen[key]))

    def _problem(self, name: str, offset: int, record_id: str | None, url: str | None) -> str | None:
        path = self.folder / Path(name).name
        if not path.is_file():
            return f"its WARC file {name} is missing"
        try:
            entry = read_entry(path, offset)
        except RecordNotFound:
            return f"no readable WARC record at {name}@{offset}"
        if entry.header("WARC-Record-ID") != record_id:
            return f"the record at {name}@{offset} is {entry.header('WARC-Record-ID')}, not {record_id}"
        if url and entry.header("WARC-Target-URI") != url:
            return f"the record at {name}@{offset} captured {entry.header('WARC-Target-URI')}, not {url}"
        digest = entry.header("WARC-Payload-Digest") or ""
        if digest.startswith("sha1:") and entry.rec_type == "response" and \
                base64.b32encode(hashlib.sha1(entry.payload).digest()).decode() != digest[5:]:
            return f"the record at {name}@{offset} is damaged: its payload no longer has its digest"
        return None


def read_export(path: Path) -> Iterator[dict]:
    """The records of an export, posts with their comments nested, whatever its format."""
    if path.is_file():
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    raise VerifyError(f"{path} line {number} is not JSON: is it a therapy-archive jsonl export?") from None
        return
    if (path / "data").is_dir():
        yield from _parquet_records(sorted((path / "data").glob("*.parquet")))
    elif (path / "posts.parquet").is_file():
        yield from _joined(_parquet_rows(path / "posts.parquet"), _parquet_rows(path / "comments.parquet"))
    elif (path / "posts.csv").is_file():
        yield from _joined(_csv_rows(path / "posts.csv"), _csv_rows(path / "comments.csv"))
    else:
        raise VerifyError(f"{path} is not a therapy-archive export (no jsonl file, data/, posts.parquet or posts.csv)")


def _parquet_records(files: list[Path]) -> Iterator[dict]:
    import pyarrow.parquet as pq

    for file in files:
        for batch in pq.ParquetFile(file).iter_batches():
            yield from batch.to_pylist()


def _parquet_rows(file: Path) -> Iterator[dict]:
    yield from _parquet_records([file])


def _csv_rows(file: Path) -> Iterator[dict]:
    with open(file, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            row = {k: (v if v != "" else None) for k, v in row.items()}
            if row.get("warc_offset") is not None:
                row["warc_offset"] = int(row["warc_offset"])
            if "is_spam" in row:
                row["is_spam"] = row["is_spam"] == "True"
            row["text"] = row.get("text") or ""
            yield row


def _joined(posts: Iterator[dict], comments: Iterator[dict]) -> Iterator[dict]:
    """Posts with their comments, from the two tables (comments held by post: one table's worth)."""
    by_post: dict[str, list[dict]] = defaultdict(list)
    for comment in comments:
        by_post[comment["post_id"]].append(comment)
    for post in posts:
        yield {**post, "comments": by_post.pop(post["id"], [])}

"""Datasets from archive.db, private by default (see ``private_view``), streamed post by post.

- ``jsonl``: one post a line with its comment thread nested; ``-`` writes to standard output.
- ``hf``: a Hugging Face dataset folder (Parquet per split and a dataset card) that
  ``datasets.load_dataset(PATH)`` reads; with ``save_to_disk`` also what ``datasets.load_from_disk`` reads.
- ``parquet`` and ``csv``: a folder with a posts table and a comments table, joined by ``post_id``.

The same export of the same archive gives the same bytes: posts by id, comments in thread order, splits
from a seeded hash, no export time written anywhere."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .near_duplicates import near_duplicates
from .private_view import SPLITS, PrivacyTally, PrivateView, split_of
from .threads import FilterError, Selection, Tally, threads

FORMATS = ("jsonl", "csv", "parquet", "hf")
ROW_GROUP = 10_000  # rows (posts and comments) a Parquet row group holds: a reader's batch, a few MB of text


class ExportError(Exception):
    """The export cannot be written as asked."""


@dataclass(frozen=True)
class Plan:
    """What to export and how to split it."""

    selection: Selection = Selection()
    keep_near_duplicates: bool = False
    split_by: str = "post"  # post or site: whole sites in one split keep a site's style out of the test set
    seed: int = 0


@dataclass
class Summary:
    """What an export wrote and left out: the dataset card's numbers."""

    posts: int = 0
    comments: int = 0
    splits: dict = field(default_factory=dict)  # split: posts
    languages: set = field(default_factory=set)
    sites: dict = field(default_factory=dict)  # site URL: (first, last) capture date
    near_duplicates: int = 0
    left_out: Tally = field(default_factory=Tally)
    privacy: PrivacyTally = field(default_factory=PrivacyTally)
    notes: list = field(default_factory=list)  # what the person exporting should know (printed as warnings)


def records(db: sqlite3.Connection, plan: Plan, view: PrivateView, summary: Summary) -> Iterator[dict]:
    """The export's records, one post with its thread each, counted into ``summary``."""
    copies: dict[str, str] = {}
    if not plan.keep_near_duplicates:
        copies = near_duplicates(db.execute("select id, text from posts where text != '' order by id"))
    try:
        for post in threads(db, plan.selection, summary.left_out):
            if post.id in copies:
                summary.near_duplicates += 1
                continue
            split = split_of(post.id if plan.split_by == "post" else post.site, plan.seed)
            summary.posts += 1
            summary.comments += len(post.comments)
            summary.splits[split] = summary.splits.get(split, 0) + 1
            if post.language:
                summary.languages.add(post.language)
            seen = post.provenance.fetched_at
            first, last = summary.sites.get(post.site, (seen, seen))
            summary.sites[post.site] = (min(filter(None, (first, seen)), default=None),
                                        max(filter(None, (last, seen)), default=None))
            yield view.record(post, split)
    except FilterError as exc:
        raise ExportError(str(exc)) from None


def write_jsonl(items: Iterator[dict], out: Path | str, progress: Callable[[int], None]) -> None:
    stream = sys.stdout if str(out) == "-" else open(out, "w", encoding="utf-8")
    try:
        for count, item in enumerate(items, 1):
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
            progress(count)
    finally:
        if stream is not sys.stdout:
            stream.close()


POST_FIELDS = ("id", "url", "site", "title", "author", "published", "language", "platform", "split", "text",
               "capture_url", "fetched_at", "warc_file", "warc_offset", "warc_record_id", "normalizer")
COMMENT_FIELDS = ("id", "post_id", "parent_id", "author", "published", "text", "is_spam", "duplicate_of", "kind",
                  "capture_url", "fetched_at", "warc_file", "warc_offset", "warc_record_id", "normalizer")


def _flat(items: Iterator[dict]) -> Iterator[tuple[dict, list[dict]]]:
    for item in items:
        yield ({k: item[k] for k in POST_FIELDS},
               [{"post_id": item["id"], **{k: c[k] for k in COMMENT_FIELDS if k != "post_id"}} for c in item["comments"]])


def write_csv(items: Iterator[dict], out: Path, progress: Callable[[int], None]) -> None:
    """posts.csv and comments.csv in the folder ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "posts.csv", "w", encoding="utf-8", newline="") as p, \
            open(out / "comments.csv", "w", encoding="utf-8", newline="") as c:
        posts, comments = csv.DictWriter(p, POST_FIELDS), csv.DictWriter(c, COMMENT_FIELDS)
        posts.writeheader()
        comments.writeheader()
        for count, (post, thread) in enumerate(_flat(items), 1):
            posts.writerow(post)
            comments.writerows(thread)
            progress(count)


def write_parquet(items: Iterator[dict], out: Path, progress: Callable[[int], None]) -> None:
    """posts.parquet and comments.parquet in the folder ``out``."""
    pa, pq = _arrow()
    from .schema import comment_schema, post_schema

    out.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(out / "posts.parquet", post_schema(pa)) as posts, \
            pq.ParquetWriter(out / "comments.parquet", comment_schema(pa)) as comments:
        batch = _Batch()
        for count, (post, thread) in enumerate(_flat(items), 1):
            progress(count)
            if batch.add((post, thread), 1 + len(thread)):
                _write_flat(pa, posts, comments, batch.take())
        _write_flat(pa, posts, comments, batch.take())


class _Batch:
    """Records held for one Parquet row group: ROW_GROUP rows (a post and each comment count one), so
    memory stays flat however long the threads."""

    def __init__(self) -> None:
        self.items: list = []
        self.rows = 0

    def add(self, item, rows: int) -> bool:
        """Hold ``item``; True when the batch is full."""
        self.items.append(item)
        self.rows += rows
        return self.rows >= ROW_GROUP

    def take(self) -> list:
        items, self.items, self.rows = self.items, [], 0
        return items


def _write_flat(pa, posts, comments, batch) -> None:
    if not batch:
        return
    posts.write_table(pa.Table.from_pylist([p for p, _ in batch], schema=posts.schema))
    rows = [c for _, thread in batch for c in thread]
    if rows:
        comments.write_table(pa.Table.from_pylist(rows, schema=comments.schema))


def write_hf(items: Iterator[dict], out: Path, progress: Callable[[int], None]) -> list[str]:
    """data/<split>.parquet in the folder ``out``, one record per post with its thread nested; returns
    the splits written."""
    pa, pq = _arrow()
    from .schema import record_schema

    (out / "data").mkdir(parents=True, exist_ok=True)
    schema = record_schema(pa)
    writers: dict = {}
    batches: dict[str, _Batch] = {}

    def flush(split: str) -> None:
        if split not in writers:
            writers[split] = pq.ParquetWriter(out / "data" / f"{split}.parquet", schema)
        writers[split].write_table(pa.Table.from_pylist(batches[split].take(), schema=schema))

    try:
        for count, item in enumerate(items, 1):
            progress(count)
            if batches.setdefault(item["split"], _Batch()).add(item, 1 + len(item["comments"])):
                flush(item["split"])
        for split, batch in batches.items():
            if batch.items:
                flush(split)
    finally:
        for writer in writers.values():
            writer.close()
    return [name for name, _ in SPLITS if name in writers]


def save_to_disk(out: Path, splits: list[str]) -> None:
    """The hf folder also as ``datasets.save_to_disk`` writes it, for ``datasets.load_from_disk(out)``."""
    try:
        import datasets
    except ImportError:
        raise ExportError("--save-to-disk needs the datasets library: pip install 'therapy-archive[datasets]'") from None
    datasets.disable_progress_bars()
    loaded = datasets.DatasetDict({split: datasets.Dataset.from_parquet(str(out / "data" / f"{split}.parquet"))
                                   for split in splits})
    loaded.save_to_disk(str(out))


def _arrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet and hf exports need pyarrow: pip install 'therapy-archive[datasets]'") from None
    return pa, pq

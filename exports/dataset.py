"""Datasets from archive.db: one row per post and per comment, each with the WARC record it came from.

Rows stream from SQLite to the file; nothing is held in memory but one row. Commenters' URLs are left
out (a researcher's dataset should not be a list of people's homepages); names and texts stay.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterator

import sqlite_utils

COLUMNS = ("type", "id", "post_id", "parent_id", "url", "site", "title", "author", "published", "text",
           "language", "platform", "kind", "is_spam", "spam_reason", "duplicate_of", "fetched_at", "warc_file",
           "warc_offset", "warc_record_id")

_ROWS = """
select 'post' as type, p.id as id, p.id as post_id, null as parent_id, p.url as url, s.url as site,
       p.title as title, p.author as author, p.published as published, p.text as text, p.language as language,
       p.platform as platform, null as kind, null as is_spam, null as spam_reason, null as duplicate_of,
       c.fetched_at as fetched_at, c.warc_file as warc_file, c.warc_offset as warc_offset,
       c.warc_record_id as warc_record_id
from posts p join sites s on s.id = p.site left join captures c on c.id = p.capture_id
union all
select 'comment', m.id, m.post_id, m.parent_id, p.url, s.url, p.title, m.author, m.published, m.text,
       p.language, p.platform, m.kind, m.is_spam, m.spam_reason, m.duplicate_of, c.fetched_at, c.warc_file,
       c.warc_offset, c.warc_record_id
from comments m join posts p on p.id = m.post_id join sites s on s.id = p.site
left join captures c on c.id = m.capture_id
order by post_id, type desc, published, id
"""

FORMATS = ("jsonl", "csv", "parquet", "hf")


class ExportError(Exception):
    """The export cannot be written as asked."""


def rows(db: sqlite_utils.Database) -> Iterator[dict]:
    """Every post, then its comments, as flat rows with provenance."""
    cursor = db.execute(_ROWS)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        if row["is_spam"] is not None:
            row["is_spam"] = bool(row["is_spam"])
        yield row


def export(db: sqlite_utils.Database, fmt: str, out: str | Path) -> int:
    """Write the dataset to ``out`` in ``fmt``; returns the number of rows."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "jsonl":
            return _jsonl(db, out)
        if fmt == "csv":
            return _csv(db, out)
        return _arrow(db, out, fmt)
    except OSError as exc:
        raise ExportError(f"cannot write {out} ({exc.strerror})") from None


def _jsonl(db, out: Path) -> int:
    count = 0
    with open(out, "w", encoding="utf-8") as f:
        for row in rows(db):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _csv(db, out: Path) -> int:
    count = 0
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows(db):
            writer.writerow(row)
            count += 1
    return count


def _arrow(db, out: Path, fmt: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(f"--format {fmt} needs pyarrow: pip install 'therapy-archive[datasets]'") from None
    schema = pa.schema([(name, pa.int64() if name == "warc_offset" else pa.bool_() if name == "is_spam" else pa.string())
                        for name in COLUMNS])
    target = out / "data.parquet" if fmt == "hf" else out
    if fmt == "hf":
        out.mkdir(parents=True, exist_ok=True)
    count = 0
    with pq.ParquetWriter(target, schema) as writer:
        batch: list[dict] = []
        for row in rows(db):
            batch.append(row)
            if len(batch) == 1000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    if fmt == "hf":  # a folder `datasets.load_dataset(path)` reads: the data and its card
        (out / "README.md").write_text(_DATASET_CARD.format(rows=count), encoding="utf-8")
    return count


_DATASET_CARD = """---
configs:
- config_name: default
  data_files: data.parquet
---
# therapy-archive export

{rows} rows: blog posts (`type: post`) and their comments (`type: comment`, `parent_id` for threads),
cleaned by therapy-archive. Each row names the WARC record it was extracted from (`warc_file`,
`warc_offset`, `warc_record_id`). Spam comments are kept and flagged (`is_spam`, `spam_reason`);
repeats point at their first copy (`duplicate_of`). Commenters' URLs are not included.
"""

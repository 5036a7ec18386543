"""The export's column types, as docs/dataset-schema.md describes them."""

from __future__ import annotations

_PROVENANCE = (("capture_url", "string"), ("fetched_at", "string"), ("warc_file", "string"),
               ("warc_offset", "int64"), ("warc_record_id", "string"), ("normalizer", "string"))
_POST = (("id", "string"), ("url", "string"), ("site", "string"), ("title", "string"), ("author", "string"),
         ("published", "string"), ("language", "string"), ("platform", "string"), ("split", "string"),
         ("text", "string"))
_COMMENT = (("id", "string"), ("parent_id", "string"), ("author", "string"), ("published", "string"),
            ("text", "string"), ("is_spam", "bool_"), ("duplicate_of", "string"), ("kind", "string"))


def _fields(pa, columns) -> list:
    return [pa.field(name, getattr(pa, kind)()) for name, kind in columns]


def post_schema(pa):
    return pa.schema(_fields(pa, _POST + _PROVENANCE))


def comment_schema(pa):
    return pa.schema(_fields(pa, (("id", "string"), ("post_id", "string")) + _COMMENT[1:] + _PROVENANCE))


def record_schema(pa):
    """A post with its thread nested: the hf and JSONL record."""
    comment = pa.struct(_fields(pa, _COMMENT + _PROVENANCE))
    return pa.schema(_fields(pa, _POST + _PROVENANCE) + [pa.field("comments", pa.list_(comment))])

"""The archive: WARC files (the raw captures) and archive.db (the cleaned, searchable rows)."""

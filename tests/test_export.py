"""export: the dataset a researcher takes away, in each format, loaded back as they would load it."""

from __future__ import annotations

import csv
import json

import pytest

from crawler.demo.content import POSTS

from .conftest import assert_one_line_error, query, run_cli

N_COMMENTS = sum(len(p.comments) for p in POSTS)


def test_jsonl_has_every_post_and_comment_with_provenance(demo_archive, tmp_path):
    out = tmp_path / "data.jsonl"
    result = run_cli("export", "--format", "jsonl", "--out", str(out), "--archive", str(demo_archive))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(r["type"] == "post" for r in rows) == len(POSTS)
    assert sum(r["type"] == "comment" for r in rows) == N_COMMENTS
    for row in rows:
        (record_id,) = query(demo_archive, "select warc_record_id from captures where warc_file = ? and warc_offset = ?",
                             (row["warc_file"], row["warc_offset"]))[0]
        assert record_id == row["warc_record_id"]
    assert "author_url" not in rows[0] and all("example.net/priya" not in json.dumps(r) for r in rows)
    spam = [r for r in rows if r["type"] == "comment" and r["is_spam"]]
    assert [r["author"] for r in spam] == ["Julie"] and spam[0]["spam_reason"]


def test_csv_and_parquet_and_hf_dataset(demo_archive, tmp_path):
    rows = {}
    for fmt, out in (("csv", tmp_path / "d.csv"), ("parquet", tmp_path / "d.parquet"), ("hf", tmp_path / "hf")):
        result = run_cli("export", "--format", fmt, "--out", str(out), "--archive", str(demo_archive))
        assert result.returncode == 0, result.stderr
        rows[fmt] = out
    with open(rows["csv"], encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert len(table) == len(POSTS) + N_COMMENTS
    assert any("\n" in r["text"] for r in table)  # multi-line comments survive CSV quoting

    import datasets
    import pyarrow.parquet as pq

    assert pq.read_table(rows["parquet"]).num_rows == len(POSTS) + N_COMMENTS
    loaded = datasets.load_dataset(str(rows["hf"]), split="train")
    assert loaded.num_rows == len(POSTS) + N_COMMENTS
    assert set(loaded.column_names) >= {"type", "text", "parent_id", "warc_record_id", "is_spam"}


@pytest.mark.parametrize("args, message", [
    (["--format", "xml", "--out", "x"], "Invalid value"),
])
def test_bad_export_arguments(demo_archive, args, message):
    assert_one_line_error(run_cli("export", *args, "--archive", str(demo_archive)), message)


def test_export_to_an_unwritable_place(demo_archive, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("export", "--format", "jsonl", "--out", str(blocker / "data.jsonl"), "--archive", str(demo_archive))
    assert_one_line_error(result, "cannot write")


def test_an_existing_output_is_kept_unless_forced(demo_archive, tmp_path):
    out = tmp_path / "data.jsonl"
    out.write_text("a researcher's earlier export\n")
    assert_one_line_error(run_cli("export", "--format", "jsonl", "--out", str(out), "--archive", str(demo_archive)),
                          "exists", "--force")
    assert out.read_text() == "a researcher's earlier export\n"
    forced = run_cli("export", "--format", "jsonl", "--out", str(out), "--force", "--archive", str(demo_archive))
    assert forced.returncode == 0 and out.read_text().count("\n") > 10

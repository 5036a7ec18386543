"""export: the dataset a researcher takes away, private by default, in each format, loaded back as they would
load it: one post a line with its thread, commenters under stable pseudonyms, personal data replaced,
spam and withdrawn comments left out, every record pointing at its WARC record, the same bytes each time."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3

import pytest

from archive.records import Comment, Post
from archive.store import Store
from crawler.demo.content import POSTS

from .conftest import assert_one_line_error, query, run_cli

COMMENTERS = {c.author for p in POSTS for c in p.comments}
KEPT = sum(1 for p in POSTS for c in p.comments if not c.spam and c.duplicate_of is None)


def export(archive, tmp_path, fmt="jsonl", *args, name=None):
    out = tmp_path / (name or f"out-{fmt}")
    result = run_cli("export", "--format", fmt, "--out", str(out), "--archive", str(archive), *args)
    assert result.returncode == 0, result.stderr
    return out


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture()
def demo_copy(demo_archive, tmp_path):
    """The demo archive, copied: exports keep their pseudonym key in the archive folder."""
    copy = tmp_path / "archive"
    shutil.copytree(demo_archive, copy, ignore=shutil.ignore_patterns(".lock"))
    return copy


def test_jsonl_is_a_post_a_line_with_its_thread_private_and_traceable(demo_copy, tmp_path):
    records = lines(export(demo_copy, tmp_path))
    assert len(records) == len(POSTS) and sum(len(r["comments"]) for r in records) == KEPT
    text = json.dumps(records, ensure_ascii=False)
    assert not any(f'"{name}"' in text for name in COMMENTERS - {p.author for p in POSTS})  # no commenter by name
    assert "example.net/priya" not in text and "author_url" not in text  # commenters' websites never leave
    pseudonyms = {c["author"] for r in records for c in r["comments"]}
    assert all(p.startswith("person-") for p in pseudonyms)
    # one person, one pseudonym: Maya Lindqvist answers on two posts
    hers = {row[0] for row in query(demo_copy, "select id from comments where author = 'Maya Lindqvist'")}
    maya = [c["author"] for r in records for c in r["comments"] if c["id"] in hers]
    assert len(maya) >= 2 and len(set(maya)) == 1
    for record in records:  # each post and comment names the WARC record it was read from
        for row in [record, *record["comments"]]:
            assert query(demo_copy, "select warc_record_id, url from captures where warc_file = ? and warc_offset = ?",
                         (row["warc_file"], row["warc_offset"])) == [(row["warc_record_id"], row["capture_url"])]
            assert row["normalizer"].startswith("therapy-archive ")
        assert record["split"] in {"train", "validation", "test"}
        ids = {c["id"] for c in record["comments"]}
        assert all(c["parent_id"] in ids | {None} for c in record["comments"])  # threads nest within the post


def test_spam_and_repeats_only_when_asked_and_then_flagged(demo_copy, tmp_path):
    records = lines(export(demo_copy, tmp_path, "jsonl", "--include-spam"))
    comments = [c for r in records for c in r["comments"]]
    assert len(comments) == sum(len(p.comments) for p in POSTS)
    assert sum(c["is_spam"] for c in comments) == 1 and sum(c["duplicate_of"] is not None for c in comments) == 1


def test_the_same_export_gives_the_same_bytes_and_a_new_key_new_pseudonyms(demo_copy, tmp_path):
    first = export(demo_copy, tmp_path, name="a.jsonl").read_bytes()
    assert export(demo_copy, tmp_path, name="b.jsonl").read_bytes() == first
    parquet = [export(demo_copy, tmp_path, "parquet", name=n) for n in ("p1", "p2")]
    assert all((parquet[0] / f).read_bytes() == (parquet[1] / f).read_bytes() for f in ("posts.parquet", "comments.parquet"))
    rotated = lines(export(demo_copy, tmp_path, "jsonl", "--new-pseudonym-key", name="c.jsonl"))
    before = {c["id"]: c["author"] for r in map(json.loads, first.decode().splitlines()) for c in r["comments"]}
    assert all(before[c["id"]] != c["author"] for r in rotated for c in r["comments"] if c["author"])


def test_standard_output_and_an_existing_output(demo_copy, tmp_path):
    result = run_cli("export", "--format", "jsonl", "--out", "-", "--archive", str(demo_copy))
    assert result.returncode == 0 and len(result.stdout.splitlines()) == len(POSTS)
    assert "wrote 5 posts" in result.stderr  # messages on stderr, data on stdout
    assert_one_line_error(run_cli("export", "--format", "csv", "--out", "-", "--archive", str(demo_copy)),
                          "standard output")
    out = tmp_path / "data.jsonl"
    out.write_text("a researcher's earlier export\n")
    assert_one_line_error(run_cli("export", "--format", "jsonl", "--out", str(out), "--archive", str(demo_copy)),
                          "exists", "--force")
    assert out.read_text() == "a researcher's earlier export\n"
    forced = run_cli("export", "--format", "jsonl", "--out", str(out), "--force", "--archive", str(demo_copy))
    assert forced.returncode == 0 and out.read_text().count("\n") == len(POSTS)


def test_csv_and_parquet_are_posts_and_comments_joined_by_post_id(demo_copy, tmp_path):
    import pyarrow.parquet as pq

    folder = export(demo_copy, tmp_path, "csv")
    with open(folder / "posts.csv", encoding="utf-8", newline="") as f:
        posts = list(csv.DictReader(f))
    with open(folder / "comments.csv", encoding="utf-8", newline="") as f:
        comments = list(csv.DictReader(f))
    assert len(posts) == len(POSTS) and len(comments) == KEPT
    assert {c["post_id"] for c in comments} <= {p["id"] for p in posts}
    assert any("\n" in c["text"] for c in comments)  # multi-line comments survive CSV quoting
    folder = export(demo_copy, tmp_path, "parquet")
    table = pq.read_table(folder / "comments.parquet")
    assert table.num_rows == KEPT and table.schema.field("is_spam").type == "bool"
    assert set(table.column("post_id").to_pylist()) <= set(pq.read_table(folder / "posts.parquet").column("id").to_pylist())


def test_hf_folder_loads_offline_both_ways_with_its_card(demo_copy, tmp_path, monkeypatch):
    import datasets

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    folder = export(demo_copy, tmp_path, "hf", "--license", "cc-by-nc-4.0", "--save-to-disk")
    loaded = datasets.load_dataset(str(folder))
    assert sum(split.num_rows for split in loaded.values()) == len(POSTS)
    assert sum(len(r["comments"]) for split in loaded.values() for r in split) == KEPT
    from_disk = datasets.load_from_disk(str(folder))
    assert sorted(from_disk) == sorted(loaded) and sum(s.num_rows for s in from_disk.values()) == len(POSTS)
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "license: cc-by-nc-4.0" in card and "- en" in card and "n<1K" in card
    assert "## Sensitive content" in card and f"{len(POSTS)} posts and {KEPT} comments" in card
    assert "2 spam or repeated comments" in card


def test_no_redact_is_loud_and_the_card_says_so(demo_copy, tmp_path):
    out = tmp_path / "hf"
    result = run_cli("export", "--format", "hf", "--out", str(out), "--no-redact", "--archive", str(demo_copy))
    assert result.returncode == 0 and "--no-redact" in result.stderr
    assert "NOT REDACTED" in (out / "README.md").read_text(encoding="utf-8")


BLOG, MIRROR = "https://calm.example.org/", "https://mirror.example.net/"
SHARED = " ".join(f"Sentence {i} about waiting rooms, silence and what a first session asks of people." for i in range(12))


@pytest.fixture()
def made_archive(tmp_path):
    """Personal data in comments, a post syndicated to a second host, a comment later withdrawn."""
    (tmp_path / "made").mkdir()
    store = Store.in_folder(tmp_path / "made")
    post = dict(title="Waiting", author="Nora", language="en", platform="wordpress", comments_source="inline",
                capture_id=None, seen_at="2024-01-01T00:00:00Z")
    store.write([
        Post(url=f"{BLOG}waiting/", site=BLOG, published="2021-03-01", text=SHARED, **post, comments=(
            Comment("c-1", None, "Jonas Berg", "2021-03-02", "Write to me at jonas.berg@example.com any time."),
            Comment("c-2", "c-1", "Nora", "2021-03-03", "Thank you, Jonas Berg. Take care."),
            Comment("c-3", None, "Ana", "2021-03-04", "This comment was later withdrawn."),
            Comment("c-4", "c-3", "Nora", "2021-03-05", "I am sorry you felt you had to go."),
        )),
        Post(url=f"{MIRROR}waiting/", site=MIRROR, published="2021-03-05", text=SHARED + " Reposted.", **post),
        Post(url=f"{BLOG}short/", site=BLOG, published="2022-05-01", text="Too short.", **post),
    ])
    store.db.execute("update comments set removed_at = '2024-02-01T00:00:00Z' where native_id = 'c-3'")
    store.db.conn.commit()
    store.close()
    return tmp_path / "made"


def test_personal_data_withdrawn_comments_and_copies_are_left_out(made_archive, tmp_path):
    records = lines(export(made_archive, tmp_path))
    assert [r["url"] for r in records].count(f"{MIRROR}waiting/") + [r["url"] for r in records].count(
        f"{BLOG}waiting/") == 1  # the syndicated copy is counted once
    comments = [c for r in records for c in r["comments"]]
    assert [c["text"] for c in comments if "withdrawn" in c["text"]] == []
    text = json.dumps(comments)
    assert "jonas.berg@example.com" not in text and "[EMAIL]" in text
    jonas = next(c["author"] for c in comments if "[EMAIL]" in c["text"])
    assert f"Thank you, {jonas}." in text and "Jonas Berg" not in text  # his name in a reply: his pseudonym
    reply = next(c for c in comments if "sorry" in c["text"])
    assert reply["parent_id"] is None  # it answered the withdrawn comment: now it answers the post
    assert run_cli("verify", str(tmp_path / "out-jsonl"), "--archive", str(made_archive)).returncode == 0
    kept = lines(export(made_archive, tmp_path, "jsonl", "--keep-near-duplicates", "--include-removed", name="all"))
    assert len(kept) == 3 and any("withdrawn" in c["text"] for r in kept for c in r["comments"])


def test_filters_and_splits(made_archive, tmp_path):
    def urls(*args, name):
        return sorted(r["url"] for r in lines(export(made_archive, tmp_path, "jsonl", "--keep-near-duplicates", *args,
                                                      name=name)))

    assert urls("--site", "mirror.example.net", name="s") == [f"{MIRROR}waiting/"]
    assert urls("--since", "2022", name="d") == [f"{BLOG}short/"]
    assert urls("--until", "2021-03-01", name="u") == [f"{BLOG}waiting/"]
    assert urls("--min-words", "5", name="m") == [f"{BLOG}waiting/", f"{MIRROR}waiting/"]
    assert urls("--with-comments-only", name="w") == [f"{BLOG}waiting/"]
    by_site = lines(export(made_archive, tmp_path, "jsonl", "--keep-near-duplicates", "--split-by", "site", "--seed", "7",
                           name="site"))
    assert len({r["split"] for r in by_site if r["site"] == BLOG}) == 1  # a whole site in one split
    again = lines(export(made_archive, tmp_path, "jsonl", "--keep-near-duplicates", "--split-by", "site", "--seed", "7",
                         name="again"))
    assert [r["split"] for r in again] == [r["split"] for r in by_site]
    assert_one_line_error(run_cli("export", "--format", "jsonl", "--out", str(tmp_path / "x"), "--site", "nowhere.org",
                                  "--archive", str(made_archive)), "no site in the archive matches")


def test_export_to_an_unwritable_place(demo_copy, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("export", "--format", "jsonl", "--out", str(blocker / "data.jsonl"), "--archive", str(demo_copy))
    assert_one_line_error(result, "cannot write")


def test_bad_export_arguments(demo_copy):
    assert_one_line_error(run_cli("export", "--format", "xml", "--out", "x", "--archive", str(demo_copy)),
                          "Invalid value")


def test_the_pseudonym_key_stays_in_the_archive_folder(demo_copy, tmp_path):
    export(demo_copy, tmp_path)
    key = demo_copy / "pseudonym.key"
    assert key.is_file() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert key.read_text().strip() not in (tmp_path / "out-jsonl").read_text()
    assert sqlite3.connect(demo_copy / "archive.db").execute("select count(*) from posts").fetchone()[0] == len(POSTS)


def test_verify_finds_a_tampered_row_and_a_damaged_warc(demo_copy, tmp_path):
    for fmt in ("jsonl", "csv", "parquet", "hf"):
        out = export(demo_copy, tmp_path, fmt)
        result = run_cli("verify", str(out), "--archive", str(demo_copy))
        assert result.returncode == 0 and "all rows match" in result.stderr, (fmt, result.stdout, result.stderr)
    out = tmp_path / "out-jsonl"
    records = lines(out)
    edited, moved = [i for i, r in enumerate(records) if r["comments"]][:2]
    records[edited]["comments"][0]["text"] += " (edited)"
    records[moved]["warc_offset"] += 1
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run_cli("verify", str(out), "--archive", str(demo_copy))
    assert result.returncode == 1 and "3 rows no longer match" in result.stderr
    reported = result.stdout.splitlines()
    assert f"comment {records[edited]['comments'][0]['id']}: text differ from the archive" in reported
    assert f"post {records[moved]['id']}: warc_offset differ from the archive" in reported
    # and the offset it names now holds no record, or not that one
    assert any(line.startswith(f"post {records[moved]['id']}: ") and "record" in line for line in reported)

    fresh = export(demo_copy, tmp_path, name="fresh.jsonl")
    warc = demo_copy / "warc" / lines(fresh)[0]["warc_file"]
    data = bytearray(warc.read_bytes())
    offset = lines(fresh)[0]["warc_offset"]
    data[offset + 40: offset + 60] = bytes(20)  # inside the post's gzip member
    warc.write_bytes(bytes(data))
    result = run_cli("verify", str(fresh), "--archive", str(demo_copy))
    assert result.returncode == 1 and f"post {lines(fresh)[0]['id']}" in result.stdout

"""The commands for datasets and the people in them: export, verify and forget."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

from .cli_options import archive_option, read_archive


@click.command()
@click.option("--format", "fmt", required=True, type=click.Choice(["jsonl", "csv", "parquet", "hf"]),
              help="jsonl: a post a line, its thread nested; csv, parquet: posts and comments tables in a folder; "
                   "hf: a Hugging Face dataset folder with its card.")
@click.option("--out", required=True, help="A file (jsonl; - for standard output) or a folder (csv, parquet, hf).")
@archive_option
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--site", help="Only this site (a host, or the start of its URL).")
@click.option("--since", metavar="DATE", help="Posts published on or after DATE (YYYY[-MM[-DD]], UTC).")
@click.option("--until", metavar="DATE", help="Posts published on or before DATE.")
@click.option("--language", help="Only posts in this language (en, de, ...).")
@click.option("--min-words", default=0, show_default=True, type=click.IntRange(min=0), help="Leave out shorter posts.")
@click.option("--with-comments-only", is_flag=True, help="Leave out posts without comments.")
@click.option("--include-spam", is_flag=True, help="Keep spam and repeated comments (flagged).")
@click.option("--include-removed", is_flag=True, help="Keep comments a later crawl found gone from their site.")
@click.option("--keep-near-duplicates", is_flag=True, help="Keep posts that repeat another's text (MinHash).")
@click.option("--split-by", type=click.Choice(["post", "site"]), default="post", show_default=True,
              help="What train/validation/test (80/10/10) divide: posts, or whole sites.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the splits.")
@click.option("--license", "license_id", default="other", show_default=True,
              help="Licence id for the dataset card (cc-by-4.0, cc-by-nc-4.0, ...): yours to choose.")
@click.option("--pseudonymize-authors", is_flag=True, help="Post authors under pseudonyms too.")
@click.option("--new-pseudonym-key", is_flag=True, help="Make a new pseudonym key: every pseudonym changes.")
@click.option("--no-redact", is_flag=True, help="Keep emails, phone numbers, addresses and handles in the text.")
@click.option("--save-to-disk", is_flag=True, help="hf: also write what datasets.load_from_disk reads.")
def export(fmt, out, archive_dir, force, site, since, until, language, min_words, with_comments_only, include_spam,
           include_removed, keep_near_duplicates, split_by, seed, license_id, pseudonymize_authors, new_pseudonym_key,
           no_redact, save_to_disk) -> None:
    """Write a dataset fit to share: commenters under stable pseudonyms, emails, phone numbers, addresses
    and handles in the text replaced by placeholders, spam and comments withdrawn from their site left
    out, and every post and comment naming the WARC record it was read from."""
    from exports.dataset import ExportError, Plan
    from exports.private_view import Privacy
    from exports.run import ExportRequest
    from exports.run import export as write_dataset
    from exports.threads import Selection

    if out != "-" and Path(out).exists() and not force:
        raise click.ClickException(f"{out} exists; choose another --out, or add --force to replace it")
    if no_redact:
        click.echo("warning: --no-redact: emails, phone numbers, addresses and handles stay in the text; the "
                   "dataset card says so. Do not publish this export.", err=True)
    request = ExportRequest(
        fmt=fmt, out=out, license=license_id, save_to_disk=save_to_disk, new_pseudonym_key=new_pseudonym_key,
        privacy=Privacy(redact=not no_redact, pseudonymize_authors=pseudonymize_authors),
        plan=Plan(Selection(site=site, since=since, until=until, language=language, min_words=min_words,
                            with_comments_only=with_comments_only, include_spam=include_spam,
                            include_removed=include_removed),
                  keep_near_duplicates=keep_near_duplicates, split_by=split_by, seed=seed))
    conn = read_archive(archive_dir)
    try:
        with _export_progress() as progress:
            summary = write_dataset(conn, archive_dir, request, progress)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        conn.close()
    for note in summary.notes:
        click.echo(f"warning: {note}", err=True)
    left = summary.left_out
    click.echo(f"wrote {summary.posts} posts and {summary.comments} comments to {out}; left out "
               f"{left.spam_comments} spam or repeated and {left.removed_comments} removed comments, "
               f"{summary.near_duplicates} near-duplicate posts", err=True)


@contextmanager
def _export_progress():
    """Posts written so far, on standard error every few seconds."""
    import time

    last = [time.monotonic()]

    def progress(posts: int) -> None:
        if time.monotonic() - last[0] >= 5:
            last[0] = time.monotonic()
            click.echo(f"exported {posts:,} posts...", err=True)

    yield progress


@click.command()
@click.argument("export_path", metavar="EXPORT", type=click.Path(exists=True, path_type=Path))
@archive_option
def verify(export_path, archive_dir) -> None:
    """Check an export (a jsonl file; a csv, parquet or hf folder) row by row against the archive and the WARC
    records it names: prints each row that no longer matches, and exits 1 if any."""
    from exports.verify import VerifyError
    from exports.verify import verify as check_export

    conn = read_archive(archive_dir)
    try:
        result = check_export(conn, archive_dir, export_path)
    except VerifyError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        conn.close()
    for mismatch in result.mismatches:
        click.echo(f"{mismatch.row}: {mismatch.reason}")
    checked = f"{result.posts} posts and {result.comments} comments against {result.warc_records} WARC records"
    if result.mismatches:
        raise click.ClickException(f"{len(result.mismatches)} rows no longer match ({checked})")
    click.echo(f"all rows match: {checked}", err=True)


@click.command()
@click.option("--author", help="A name (any case): their comments, and their posts with the comments on them.")
@click.option("--url", help="A post's URL (with its comment pages), or one comment's own address (its #anchor).")
@click.option("--site", help="A host (example.org, www. aside): every post and comment of its sites.")
@archive_option
@click.option("--note", help="Why, for the record (a request's date or reference).")
@click.option("--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Wait this long for a running crawl of the archive to finish.  [default: 0]")
def forget(author, url, site, archive_dir, note, wait) -> None:
    """Remove a person, a post or a site from archive.db, and keep them out of every later crawl,
    reprocess and ingest (a tombstone in archive.db). The WARC files are not changed: README, Forgetting."""
    from archive.forget import forget as record
    from archive.lock import ArchiveBusy
    from archive.reader import UnreadableArchive
    from archive.tombstones import BadTombstone

    given = [(kind, value) for kind, value in (("author", author), ("url", url), ("site", site)) if value is not None]
    if len(given) != 1:
        raise click.ClickException("give exactly one of --author NAME, --url URL, --site HOST")
    kind, value = given[0]
    try:
        done = record(archive_dir, kind, value, note, wait)
    except (ArchiveBusy, UnreadableArchive, BadTombstone) as exc:
        raise click.ClickException(str(exc)) from None
    value = " ".join(value.split())
    if not done.removed:
        since = f"; forgotten already, since {done.tombstone.created_at}" if done.already else \
            "; recorded, so future crawls leave it out"
        click.echo(f"nothing in the archive matches --{kind} {value!r}{since}", err=True)
        return
    removed = done.removed
    what = {"author": f"by {value}", "url": f"at {value}", "site": f"of {value}"}[kind]
    counts = [_plural(count, noun) for count, noun in ((removed.comments, "comment"), (removed.posts, "post")) if count]
    them = "it" if removed.comments + removed.posts == 1 else "them"
    click.echo(f"forgot {' and '.join(counts)} {what}; later crawls, reprocess and ingest leave {them} out", err=True)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"

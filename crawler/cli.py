"""``therapy-archive``: the command group, and the commands that crawl and read WARC files (crawl, extract,
reprocess, ingest, demo); the others live in ``cli_reading`` and ``cli_datasets``. Each command is a thin
layer over a library call."""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .cli_datasets import export, forget, verify
from .cli_options import archive_option, read_archive, workers_option
from .cli_reading import search, serve, show, stats
from .exit_status import EXIT_ARCHIVE_FAILED, EXIT_INTERRUPTED, EXIT_SOME_ROOTS_FAILED, EXIT_USER_ERROR
from .exit_status import epilog as exit_status_epilog
from .version import version_option


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=exit_status_epilog())
@version_option()
def cli() -> None:
    """Crawl therapy blogs and their comment threads into WARC files and a searchable SQLite archive."""


def _parse_overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--seeds", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="File with one blog URL a line (# comments), each optionally followed by platform=, budget=, "
                   "include=, exclude=; - reads standard input.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), is_eager=True,  # read before --archive
              help="A therapy-archive.toml project: sites with their settings, archive, contact, Scrapy settings "
                   "[default: ./therapy-archive.toml, if there is one].")
@archive_option
@click.option("--max-pages", type=click.IntRange(min=1), metavar="N",
              help="Archive exactly N responses, then stop. Every response written to the WARC counts: pages, "
                   "robots.txt, sitemaps, feeds, and on a re-crawl the revisit records of unchanged pages; "
                   "responses still in flight are dropped, not archived.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST[:PORT]",
              help="A host a redirect may lead to besides the roots' own (a blog moved to www., a CDN).")
@click.option("--due", is_flag=True,
              help="Only the sites whose every= interval has passed since their last complete crawl (for cron).")
@click.option("--wait", "wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Wait this long for another crawl of the same archive to finish.  [default: 0]")
@click.option("--redis", "redis_url", metavar="redis://HOST:PORT/DB",
              help="Share one frontier with the workers of the same --job on this Redis (scrapy-redis); each "
                   "worker writes its own --archive, merged afterwards with `ingest`.")
@click.option("--job", default=None, metavar="NAME",
              help="With --redis: the crawl the workers share.  [default: today's UTC date]")
@workers_option
@click.option("--quiet", is_flag=True, help="No progress: errors and the final summary only (for cron).")
@click.option("--verbose", is_flag=True, help="Scrapy's own log at INFO level.")
def crawl(urls, seeds, config, archive_dir, max_pages, overrides, allow_hosts, due, wait, redis_url, job, workers,
          quiet, verbose) -> None:
    """Crawl the blogs under URLS (and a seeds file or a project file) into the archive."""
    from archive.lock import ArchiveBusy
    from archive.store import UnreadableArchive

    from .contact import NO_CONTACT, contact_of
    from .distributed import RedisUnavailable
    from .run import SettingError, crawl_settings, run_crawl
    from .project import load_project, project_settings
    from .seeds import SeedsError, read_seeds, seeds_source, site
    from archive.lock import ArchiveNotWritable

    try:
        sites = [site(u) for u in urls]
        project = load_project(config)  # --archive took its archive already
        from_project = project_settings(project)
        if project is not None and not project.sites and config:
            raise SeedsError(f"config {config} has no [[site]] tables and no seeds file")
        if project is not None and (config or not (urls or seeds)):  # a project found here: its sites when none given
            sites += project.sites
        if seeds:
            from_file = read_seeds(seeds)
            if not from_file:
                raise SeedsError(f"{seeds_source(seeds)} has no URLs (one URL a line, # for comments)")
            sites += from_file
        if not sites:
            raise SeedsError("no blog URLs to crawl: give URLs, --seeds FILE, or [[site]] tables in "
                             "therapy-archive.toml")
        if due:
            sites = _due_sites(sites, archive_dir)
            if not sites:
                return
        overrides = {**from_project, **_parse_overrides(overrides), "ARCHIVE_LOCK_WAIT": str(wait)}
        if workers:
            overrides["CLEAN_WORKERS"] = str(workers)
        if allow_hosts:
            overrides["ALLOWED_REDIRECT_HOSTS"] = ",".join(h.lower() for h in allow_hosts)
        if redis_url:
            from datetime import datetime, timezone

            from .distributed import check_redis, redis_settings

            check_redis(redis_url)
            overrides.update(redis_settings(redis_url, job or datetime.now(timezone.utc).strftime("%Y-%m-%d")))
        settings = crawl_settings(archive_dir, overrides, max_pages=max_pages, quiet=quiet,
                                  log_level="INFO" if verbose else "WARNING")
        if contact_of(settings) is None:
            click.echo(f"warning: {NO_CONTACT}", err=True)
            logging.getLogger("crawler.contact").setLevel(logging.CRITICAL)  # said once, here, not again in the log
        result = run_crawl(sites, archive_dir, settings)
    except (SeedsError, ArchiveBusy, ArchiveNotWritable, UnreadableArchive, SettingError, RedisUnavailable) as exc:
        raise click.ClickException(str(exc)) from None

    for url, message in result.errors:
        click.echo(f"error: {url}: {message}", err=True)
    click.echo(
        f"crawled {result.pages} pages in {result.seconds:.1f} s ({result.pages_per_second:.1f} pages/s): "
        f"{result.posts} posts, {result.comments} comments, {len(result.errors)} errors -> {archive_dir}",
        err=True,
    )
    if result.stopped_at_limit:
        click.echo(_limit_line(result), err=True)
    if result.changes is not None:
        for line in _change_lines(result.changes, result.warc_bytes):
            click.echo(line, err=True)
    if result.left_alone:
        click.echo(f"left alone: {result.left_alone} pages of old posts read lately (RECHECK_OLD_EVERY_DAYS)",
                   err=True)
    from .progress_view import print_summary_table

    print_summary_table(result, sys.stderr)
    sys.exit(_crawl_status(result))


def _due_sites(sites, archive_dir: Path):
    """The sites ``--due`` crawls now; when none, one line saying which is next, and when."""
    from archive.store import Store

    from .schedule import in_words, last_crawls, schedule

    last = {}
    if (archive_dir / "archive.db").exists():
        store = Store.read_only(archive_dir)
        try:
            last = last_crawls(store)
        finally:
            store.close()
    plan = schedule(sites, last)
    if not plan.due and plan.next_site is not None:
        from datetime import datetime, timezone

        wait = in_words(plan.next_at - datetime.now(timezone.utc))
        click.echo(f"nothing due: next is {plan.next_site.url} in {wait} "
                   f"({plan.next_at.isoformat(timespec='minutes')})", err=True)
    return plan.due


def _change_lines(changes, warc_bytes: int) -> list[str]:
    """What the crawl changed, in all and per site (for the summary, and cron mail)."""
    def counts(c: dict) -> str:
        return (f"{c.get('new_posts', 0)} new posts, {c.get('new_comments', 0)} new comments, "
                f"{c.get('edited_posts', 0)} edited posts, {c.get('removed_comments', 0)} comments gone")

    share = f" ({changes.revisits / changes.responses:.0%})" if changes.responses else ""
    lines = [f"changes: {counts(changes.as_row())}; {changes.revisits} of {changes.responses} responses "
             f"unchanged{share}; {warc_bytes:,} WARC bytes"]
    if len(changes.sites) > 1:
        lines += [f"  {site}: {counts(site_changes)}" for site, site_changes in sorted(changes.sites.items())]
    return lines


def _limit_line(result) -> str:
    """A crawl cut short by ``--max-pages``: said so, and what to do when it stopped too soon."""
    limit = result.max_responses
    if result.posts == 0 and not result.left_alone:
        return f"stopped at --max-pages {limit} before any post page was read; raise --max-pages"
    return f"stopped at --max-pages {limit}: {limit} responses archived, the rest not fetched"


def _crawl_status(result) -> int:
    """The exit status of a finished crawl, after one line saying why it is not 0."""
    def say(message: str) -> None:
        click.echo(f"Error: {message}", err=True)

    unreached = [root for root in result.roots if root not in result.reached_roots]
    if result.stopped_at_limit:  # a root the limit came before is not a failure; one that failed is
        failed = {url for url, _ in result.errors}
        unreached = [root for root in unreached if root in failed]
    if result.archive_failure:
        say(f"{result.archive_failure}; the crawl stopped there, and what was archived before is intact")
        return EXIT_ARCHIVE_FAILED
    if result.finish_reason == "shutdown":
        say("interrupted: the crawl stopped early; what was fetched so far is archived")
        return EXIT_INTERRUPTED
    if result.shared_frontier:  # --redis: the roots and posts may be another worker's; its failures are its own
        return 0
    if len(unreached) == len(result.roots):
        say(f"could not fetch any root: {', '.join(unreached)}")
        return 1
    if result.posts == 0 and not result.left_alone and not result.stopped_at_limit:
        say(f"no blog posts found under {', '.join(result.roots)} (is it a blog?)")
        return 1
    if unreached:
        say(f"{len(unreached)} of {len(result.roots)} roots could not be fetched: {', '.join(unreached)}")
        return EXIT_SOME_ROOTS_FAILED
    return 0


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--url", help="The page's URL (links and ids are resolved against it).")
@click.option("--jsonl", is_flag=True, help="One JSON object a line, each with its source file.")
def extract(files, url, jsonl) -> None:
    """Run the normalizer on saved pages and print the extract JSON. No network.

    FILES: saved HTML, text captures (.txt, a reader view or a text-browser dump), or WARC / WET files
    (every response and conversion record in them, one JSON object a line); ``-`` reads standard input.
    """
    from .normalize import NotHTML, extract_document

    failed = 0
    documents = [doc for path in files for doc in _documents(path, url)]
    for source, page_url, content_type, data in documents:
        if data is None:
            click.echo(f"error: cannot read {source} ({page_url})", err=True)
            failed += 1
            continue
        try:
            result = extract_document(data, page_url, content_type=content_type)
        except NotHTML as exc:
            click.echo(f"error: {source} is neither HTML nor text ({exc})", err=True)
            failed += 1
            continue
        document = result.to_json()
        if jsonl or len(documents) > 1 or "#" in source:
            click.echo(json.dumps(dict(document, source=source), ensure_ascii=False))
        else:
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


def _documents(path: Path, url: str | None):
    """``(source, url, content_type, bytes)`` of each document in one input; bytes None if unreadable."""
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as stream:
                head = stream.read(4096)
            if head[:5] == b"WARC/" or (head[:2] == b"\x1f\x8b" and _gunzip_head(head).startswith(b"WARC/")):
                yield from _warc_documents(path, url)
                return
            data = path.read_bytes()
    except OSError as exc:
        yield str(path), exc.strerror, None, None
        return
    page_url = url or ("stdin:" if str(path) == "-" else path.resolve().as_uri())
    yield str(path), page_url, "text/plain" if path.suffix.lower() == ".txt" else None, data


def _warc_documents(path: Path, url: str | None):
    """Pages in a WARC or WET file: HTML and text responses with a body, and text conversions."""
    from archive.warc_reader import documents

    number = found = 0
    with open(path, "rb") as stream:
        try:
            for number, (record_url, content_type, body) in enumerate(documents(stream), 1):
                kind = content_type.split(";")[0].strip().lower()
                if body.strip() and kind in _PAGE_TYPES and not record_url.endswith("/robots.txt"):
                    found += 1
                    yield f"{path}#{number}", url or record_url, content_type, body
        except Exception as exc:  # noqa: BLE001 - warcio raises whatever its parse meets in a corrupt record
            yield f"{path}#{number + 1}", f"unreadable WARC record: {type(exc).__name__}: {exc}", None, None
            return
    if not found:
        yield str(path), "no HTML or text page in this WARC file", None, None


_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _gunzip_head(data: bytes) -> bytes:
    import zlib

    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 16)
    except zlib.error:
        return b""


@cli.command()
@archive_option
@workers_option
def reprocess(archive_dir, workers) -> None:
    """Rebuild archive.db from the WARC files alone, with the current normalizer."""
    from archive.lock import ArchiveBusy
    from archive.stats import warc_files

    from .reprocess import reprocess as rebuild

    files = warc_files(archive_dir)
    if not files:
        raise click.ClickException(f"no WARC files in {archive_dir}/warc to rebuild from")
    try:
        with _file_progress(files, "rebuilding") as progress:
            result = rebuild(archive_dir, progress, workers)
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"rebuilt {archive_dir}/archive.db from {result.files} WARC files: {result.responses} responses, "
               f"{result.posts} posts, {result.comments} comments ({result.records_per_second:,.0f} records/s)",
               err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@archive_option
@workers_option
def ingest(files, archive_dir, workers) -> None:
    """Add WARC or WET files captured elsewhere (wget, Browsertrix, Common Crawl, another worker).

    The files are copied into the archive's warc folder and read through the crawl's own handlers; a
    file already in the archive is skipped, so ingesting twice adds nothing."""
    from archive.lock import ArchiveBusy, ArchiveNotWritable

    from .ingest import NotAWarc, ingest as add

    try:
        with _file_progress(list(files), "ingesting") as progress:
            result = add(list(files), archive_dir, progress, workers)
    except (NotAWarc, ArchiveBusy, ArchiveNotWritable) as exc:
        raise click.ClickException(str(exc)) from None
    for path in result.already:
        click.echo(f"{path}: already in the archive; skipped", err=True)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"ingested {len(result.added)} files into {archive_dir}: {result.responses} responses, "
               f"{result.posts} new posts, {result.comments} new comments "
               f"({result.records_per_second:,.0f} records/s)", err=True)


@contextmanager
def _file_progress(files: list[Path], label: str):
    """A progress bar over the files' bytes on a terminal (nothing when piped); yields the callback."""
    if not sys.stderr.isatty():
        yield None
        return
    sizes = {path: path.stat().st_size if path.is_file() else 0 for path in files}
    done: dict[Path, int] = {}
    with click.progressbar(length=sum(sizes.values()) or 1, label=label, file=sys.stderr,
                           show_eta=True) as bar:
        def progress(path: Path, read: int) -> None:
            step = min(read, sizes.get(path, read)) - done.get(path, 0)
            if step > 0:
                done[path] = done.get(path, 0) + step
                bar.update(step)

        yield progress


@cli.command()
@click.option("--archive", "archive_dir", default="demo-archive", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Archive folder for the demo crawl.")
@click.option("--query", default="repair", show_default=True, help="What to search for at the end.")
@click.option("--port", default=0, type=click.IntRange(min=0, max=65535),
              help="Serve the demo blog on this port of 127.0.0.1.  [default: any free port]")
@click.option("--serve-only", is_flag=True,
              help="Only serve the demo blog: print its address, then serve until Ctrl-C or SIGTERM.")
def demo(archive_dir, query, port, serve_only) -> None:
    """Serve the bundled demo blog on 127.0.0.1, crawl it, and search the archive. No internet needed."""
    from archive.search import search as run_search

    from .demo.server import PortUnavailable, start_demo_blog
    from .run import crawl_settings, run_crawl

    try:
        server = start_demo_blog(port)
    except PortUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"demo blog: {server.base_url} (a therapy blog in classic WordPress markup)", err=True)
    if serve_only:  # a blog to try the crawl on: its address is the data
        import threading

        click.echo(server.base_url)
        try:
            threading.Event().wait()  # until Ctrl-C (KeyboardInterrupt) or a signal ends the process
        finally:
            server.stop()
    # our own server on loopback: no politeness delays needed
    fast = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "false", "LISTING_MAX_PAGE": "3"}
    try:
        result = run_crawl([server.base_url], archive_dir, crawl_settings(archive_dir, fast, quiet=True))
    finally:
        server.stop()
    click.echo(f"archived {result.posts} posts and {result.comments} comments from {result.pages} pages "
               f"into {archive_dir}/ (warc/ + archive.db)", err=True)
    conn = read_archive(archive_dir)
    try:
        hits = run_search(conn, query, limit=5)
    finally:
        conn.close()
    click.echo(f"\nsearch {query!r}:", err=True)  # a heading: the hits below are the data
    for number, hit in enumerate(hits, 1):
        snippet = hit.highlighted("*", "*").replace("\n", " ")
        click.echo(f"{number}. [{hit.type}] {hit.title} — {hit.author}\n   {hit.url}\n   {snippet}")


for command in (search, show, stats, serve, export, verify, forget):
    cli.add_command(command)


def main() -> None:
    """Console entry point: user errors exit 1 with one line on stderr, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.ClickException as exc:  # usage errors too: 2 is crawl's "some roots failed"
        exc.show()
        sys.exit(EXIT_USER_ERROR)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USER_ERROR)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)

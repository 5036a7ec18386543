"""The commands that read the archive: search, show, stats and serve. They open archive.db read-only and
import little, so that they start fast."""

from __future__ import annotations

import json
import sys

import click

from .cli_options import archive_option, read_archive


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@archive_option
@click.option("--site", help="Only this site: a host (example.org) or the start of its URL.")
@click.option("--author", help="Only posts and comments by this name (any case).")
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY[-MM[-DD]], UTC).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (the whole year, month or day).")
@click.option("--type", "kind", type=click.Choice(["post", "comment"]), help="Only posts, or only comments.")
@click.option("--platform", help="Only posts on this platform (wordpress, blogger, substack, ...).")
@click.option("--language", help="Only posts in this language (en, de, ...).")
@click.option("--include-spam", is_flag=True, help="Show spam and repeated comments too, marked.")
@click.option("--sort", type=click.Choice(["rank", "date"]), default="rank", show_default=True,
              help="Best first, or newest first.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1, max=100_000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0, max=10_000_000),
              help="Skip this many hits (the next page: --offset 20).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
def search(query, archive_dir, site, author, since, until, kind, platform, language, include_spam, sort, limit,
           offset, as_json, as_csv) -> None:
    """Full-text search over posts and comments, best first.

    QUERY: words, "phrases", OR, -word (or NOT word), prefix*, NEAR(a b, 5); filters may be typed in it
    too, as author:"Daniel Okafor", site:example.org, type:comment, since:2021, until:2022-06. Quote the
    whole query for the shell, or give its words as they are: search grief -divorce."""
    from archive.search import SearchQueryError
    from archive.search import search as run_search
    from archive.search_filters import SearchFilters

    from .terminal import print_hits, write_csv, write_json_lines

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    unknown = next((word for word in query if word.startswith("--")), None)
    if unknown:  # -word excludes a word; --word is a mistyped option
        raise click.UsageError(f"no such option: {unknown}")
    query = " ".join(query)  # unquoted words, -words included, as one query
    filters = SearchFilters(site=site, author=author, since=since, until=until, type=kind, platform=platform,
                            language=language, include_spam=include_spam)
    conn = read_archive(archive_dir)
    try:
        hits = run_search(conn, query, limit=limit, offset=offset, filters=filters, sort=sort)
    except SearchQueryError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        conn.close()
    if as_json or as_csv:
        (write_csv if as_csv else write_json_lines)(hits, sys.stdout)
        return
    if not hits:
        click.echo(f"no matches for {query!r}" + (" on this page (try a smaller --offset)" if offset else ""), err=True)
    print_hits(hits, offset=offset)


@click.command()
@click.argument("post")
@archive_option
def show(post, archive_dir) -> None:
    """One post (by URL or id) with its whole comment thread: replies indented under what they answer,
    spam and duplicates marked, each with the WARC record it was read from."""
    from archive.thread import NoSuchPost, post_thread

    from .terminal import print_thread

    conn = read_archive(archive_dir)
    try:
        thread = post_thread(conn, post)
    except NoSuchPost as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        conn.close()
    print_thread(thread)


@click.command()
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.option("--history", is_flag=True, help="One line per crawl: when, how it ended, what it changed.")
def stats(archive_dir, as_json, history) -> None:
    """What the archive holds: sites, posts, comments, spam, captures, WARC files."""
    from archive.stats import archive_stats, crawl_history

    conn = read_archive(archive_dir)
    try:
        counts = archive_stats(conn, archive_dir)
        crawls = crawl_history(conn) if history else []
    finally:
        conn.close()
    if history:
        if as_json:
            for crawl in crawls:
                click.echo(json.dumps(crawl))
            return
        click.echo("started                    status     pages  new posts  new comments  edited  gone  "
                   "unchanged  WARC bytes")
        for c in crawls:
            click.echo(f"{c['started_at'] or '':<25}  {(c['status'] or '')[:9]:<9}  {c['pages'] or 0:>5}  "
                       f"{c['new_posts'] or 0:>9}  {c['new_comments'] or 0:>12}  {c['edited_posts'] or 0:>6}  "
                       f"{c['removed_comments'] or 0:>4}  {c['revisits'] or 0:>9}  {c['warc_bytes'] or 0:>10,}")
        return
    if as_json:
        click.echo(json.dumps(counts))
        return
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        click.echo(f"{key.replace('_', ' '):<{width}}  {value:,}")


@click.command()
@archive_option
@click.option("--port", default=8001, show_default=True, type=click.IntRange(min=0, max=65535),
              help="Port on 127.0.0.1 (0: any free port).")
def serve(archive_dir, port) -> None:
    """Browse, facet and search the archive in Datasette on 127.0.0.1, read-only, until Ctrl-C.

    Needs the serve extra: pip install 'therapy-archive[serve]'."""
    from archive.reader import UnreadableArchive
    from archive.serve import ArchiveServer, PortInUse

    try:
        server = ArchiveServer(archive_dir, port)
    except (UnreadableArchive, PortInUse) as exc:
        raise click.ClickException(str(exc)) from None
    try:
        import datasette  # noqa: F401 - an optional dependency: say how to get it
    except ImportError:
        server.close()
        raise click.ClickException("serve needs Datasette: pip install 'therapy-archive[serve]'") from None
    click.echo(f"serving {archive_dir}/archive.db read-only at {server.url} (Ctrl-C stops)", err=True)
    server.run()
    click.echo("stopped", err=True)

"""How a crawl's progress and summary look: a live per-site table on a terminal (rich, in colour unless
NO_COLOR is set), plain aligned text when stderr is a pipe or a cron mail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from .urls import host_of

if TYPE_CHECKING:
    from .progress import SiteProgress
    from .run import CrawlResult

SUMMARY_COLUMNS = ("site", "pages", "new posts", "new comments", "errors", "bytes", "time")


@dataclass(frozen=True)
class SummaryRow:
    """One line of the summary table: a site, or the whole crawl (``site == "total"``)."""

    site: str
    pages: int
    new_posts: int
    new_comments: int
    errors: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0

    def cells(self) -> tuple[str, ...]:
        return (self.site, str(self.pages), str(self.new_posts), str(self.new_comments), error_text(self.errors),
                f"{self.bytes:,}", f"{self.seconds:.1f} s")


def error_text(errors: dict[str, int]) -> str:
    """``2 HTTP 4xx, 1 timeout``, most frequent first; ``0`` when there were none."""
    shown = sorted(((count, kind) for kind, count in errors.items() if count), key=lambda x: (-x[0], x[1]))
    return ", ".join(f"{count} {kind}" for count, kind in shown) or "0"


def summary_rows(result: CrawlResult) -> list[SummaryRow]:
    """A row per site the crawl reached, then the total. New posts and comments are what the archive
    gained (``CrawlResult.changes``); pages, errors and bytes what the crawl met on the way."""
    changed = {host_of(url): counts for url, counts in (result.changes.sites if result.changes else {}).items()}
    progress = {s.host: s for s in result.sites}
    rows = []
    for host in sorted(set(progress) | set(changed)):
        site, new = progress.get(host), changed.get(host, {})
        rows.append(SummaryRow(host, site.pages if site else 0, new.get("new_posts", 0), new.get("new_comments", 0),
                               dict(site.errors) if site else {}, site.bytes if site else 0,
                               site.seconds if site else 0.0))
    errors: dict[str, int] = {}
    for row in rows:
        for kind, count in row.errors.items():
            errors[kind] = errors.get(kind, 0) + count
    rows.append(SummaryRow("total", result.pages, sum(r.new_posts for r in rows), sum(r.new_comments for r in rows),
                           errors, sum(r.bytes for r in rows), result.seconds))
    return rows


def plain_table(rows: list[SummaryRow]) -> str:
    """The rows as aligned text: names left, numbers right."""
    table = [SUMMARY_COLUMNS] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(SUMMARY_COLUMNS))]
    return "\n".join("  ".join(cell.ljust(w) if i in (0, 4) else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(line, widths))).rstrip() for line in table)


def print_summary_table(result: CrawlResult, stream: TextIO) -> None:
    """The summary table: rich on a terminal, plain aligned text otherwise."""
    rows = summary_rows(result)
    if not stream.isatty():
        print(plain_table(rows), file=stream, flush=True)
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False, collapse_padding=True)
    for i, name in enumerate(SUMMARY_COLUMNS):
        table.add_column(name, justify="left" if i in (0, 4) else "right", no_wrap=True)
    for row in rows:
        cells = list(row.cells())
        if row.errors:
            cells[4] = f"[red]{cells[4]}[/red]"
        table.add_row(*cells, style="bold" if row.site == "total" else None, end_section=row is rows[-2])
    _console(stream).print(table)


def _console(stream: TextIO):
    """A rich console on ``stream``: colour only on a terminal, none when NO_COLOR is set (rich reads it)."""
    from rich.console import Console

    return Console(file=stream, highlight=False)


def live_table(counts: dict, sites: list[SiteProgress]):
    """A line per site (pages, posts, comments, errors, pages/s, its politeness delay) and the totals."""
    from rich.table import Table

    table = Table(box=None, header_style="bold cyan", pad_edge=False, collapse_padding=True)
    for i, name in enumerate(("site", "pages", "posts", "comments", "errors", "pages/s", "delay", "queued")):
        table.add_column(name, justify="left" if i == 0 else "right", no_wrap=True)
    for site in sites:
        errors = f"[red]{site.error_count}[/red]" if site.error_count else "0"
        table.add_row(site.host, str(site.pages), str(site.posts), str(site.comments), errors,
                      f"{site.pages_per_second:.1f}", f"{site.delay:.2f} s", str(site.queued),
                      end_section=site is sites[-1])
    errors = sum(site.error_count for site in sites)  # robots-forbidden too, as in the summary table
    table.add_row("total", str(counts["pages"]), str(counts["posts"]), str(counts["comments"]),
                  f"[red]{errors}[/red]" if errors else "0", f"{counts['pages_per_second']:.1f}",
                  "", "", style="bold")
    return table


class LiveView:
    """The live table, redrawn in place by ``update`` (called on the crawl's timer, not a thread of its own:
    the counters it reads are only ever touched from the reactor's thread)."""

    def __init__(self, stream: TextIO) -> None:
        from rich.live import Live

        self.live = Live(console=_console(stream), auto_refresh=False, transient=True)

    def start(self, counts: dict, sites: list[SiteProgress]) -> None:
        self.live.start()
        self.update(counts, sites)

    def update(self, counts: dict, sites: list[SiteProgress]) -> None:
        self.live.update(live_table(counts, sites), refresh=True)

    def stop(self, counts: dict, sites: list[SiteProgress]) -> None:
        self.update(counts, sites)
        self.live.stop()

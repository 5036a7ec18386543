"""How search hits and threads look: on a terminal in colour, plain when piped (or with NO_COLOR), as
JSON lines or CSV for other tools. Crawled text is stripped of control characters before it is printed."""

from __future__ import annotations

import csv
import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

import click

from archive.search import for_terminal

if TYPE_CHECKING:
    from archive.search import Hit
    from archive.thread import PostThread

CSV_FIELDS = ("type", "title", "author", "published_utc", "site", "url", "post_url", "depth", "reply_to",
              "is_spam", "duplicate_of", "removed_at", "snippet_text", "rank", "id", "warc_file", "warc_offset",
              "warc_record_id")


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def print_hits(hits: list[Hit], *, offset: int = 0) -> None:
    """Numbered hits: type, title, byline, the address to open, the place in the thread, the snippet."""
    colour = wants_colour(sys.stdout)
    for number, hit in enumerate(hits, offset + 1):
        start, end = (click.style("", bold=True, fg="yellow", reset=False), click.style("", reset=True)) \
            if colour else ("*", "*")
        byline = ", ".join(for_terminal(x) for x in (hit.author, _day(hit.published_utc or hit.published)) if x)
        title = for_terminal(hit.title) or "(untitled)"
        marks = "".join(f" [{mark}]" for mark in _marks(hit))
        heading = f"{number}. [{hit.type}] {title}" + (f" — {byline}" if byline else "")
        click.echo(click.style(heading, bold=True) + click.style(marks, fg="red") if colour else heading + marks)
        click.echo(f"   {for_terminal(hit.url)}")
        if hit.type == "comment":
            place = f"reply to {for_terminal(hit.reply_to) or 'a comment'}, depth {hit.depth}" if hit.parent_id \
                else "on the post"
            click.echo(f"   {place} · {for_terminal(hit.site)}")
        click.echo(f"   {hit.highlighted(start, end).replace(chr(10), ' ')}")


def _marks(hit: Hit) -> list[str]:
    return [mark for mark, shown in (("spam", hit.is_spam), ("duplicate", hit.duplicate_of),
                                     ("gone from the site", hit.removed_at)) if shown]


def _day(value: str | None) -> str:
    return (value or "")[:10]


def write_json_lines(hits: list[Hit], out: TextIO) -> None:
    for hit in hits:
        out.write(json.dumps(hit.to_json(), ensure_ascii=False) + "\n")


def write_csv(hits: list[Hit], out: TextIO) -> None:
    """One row a hit, with a header; the snippet as plain text."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for hit in hits:
        data = hit.to_json()
        data["snippet_text"] = hit.highlighted("", "")
        data["is_spam"] = int(hit.is_spam)
        writer.writerow(["" if data.get(name) is None else data[name] for name in CSV_FIELDS])


def print_thread(thread: PostThread) -> None:
    """A post, then its comments indented under what they answer, each with its marks and WARC record."""
    colour = wants_colour(sys.stdout)
    byline = ", ".join(for_terminal(x) for x in (thread.author, _day(thread.published)) if x)
    title = for_terminal(thread.title) or "(untitled)"
    click.echo(click.style(title, bold=True) if colour else title)
    click.echo(f"{for_terminal(thread.url)}" + (f" — {byline}" if byline else "") + f"  [{thread.capture}]")
    click.echo("")
    click.echo(for_terminal(thread.text) or "(no text)")
    click.echo(f"\n{len(thread.comments)} comments")
    for comment in thread.comments:
        indent = "    " * comment.depth
        marks = [f"spam: {comment.spam_reason}" if comment.is_spam else "",
                 "duplicate" if comment.duplicate_of else "", comment.kind if comment.kind != "comment" else "",
                 "gone from the site" if comment.removed_at else ""]
        heading = ", ".join(for_terminal(x) for x in (comment.author or "(anonymous)", comment.published or "") if x)
        shown = "".join(f" [{mark}]" for mark in marks if mark)
        click.echo(f"\n{indent}- " + (click.style(heading, bold=True) + click.style(shown, fg="red") if colour
                                      else heading + shown) + f"  [{comment.capture}]")
        for line in for_terminal(comment.text).splitlines():
            click.echo(f"{indent}  {line}" if line else "")

"""One export, from the archive folder to the files: the records, their writer, and for ``hf`` the card."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .card import dataset_card
from .dataset import (FORMATS, ExportError, Plan, Summary, records, save_to_disk, write_csv, write_hf, write_jsonl,
                      write_parquet)
from .private_view import Privacy, PrivateView
from .pseudonyms import KEY_FILE, PseudonymKeyError, Pseudonyms, archive_key, one_off_key


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    out: Path | str  # a file (jsonl; "-" for standard output) or a folder (csv, parquet, hf)
    plan: Plan = Plan()
    privacy: Privacy = Privacy()
    license: str = "other"  # an SPDX-like id the dataset card's header carries (cc-by-4.0, ...)
    save_to_disk: bool = False  # hf: also what datasets.load_from_disk reads
    new_pseudonym_key: bool = False


def export(db: sqlite3.Connection, archive_dir: str | Path, request: ExportRequest,
           progress: Callable[[int], None] = lambda posts: None) -> Summary:
    """Write the dataset ``request`` asks for; returns what it wrote and left out."""
    if request.fmt not in FORMATS:
        raise ExportError(f"unknown format {request.fmt!r} (one of {', '.join(FORMATS)})")
    if str(request.out) == "-" and request.fmt != "jsonl":
        raise ExportError("only --format jsonl can be written to standard output (--out -)")
    summary = Summary()
    try:
        pseudonyms = Pseudonyms(archive_key(archive_dir, rotate=request.new_pseudonym_key))
    except PseudonymKeyError as exc:
        if not Path(archive_dir, KEY_FILE).exists() and not request.new_pseudonym_key:
            pseudonyms = Pseudonyms(one_off_key())  # a read-only archive: private still, not stable
            summary.notes.append(f"{exc.args[0].split(';')[0]}: this export's pseudonyms are made with a one-off "
                                 "key and will not match those of other exports")
        else:
            raise ExportError(str(exc)) from None
    items = records(db, request.plan, PrivateView(request.privacy, pseudonyms, summary.privacy), summary)
    out = Path(request.out)
    try:
        if request.fmt == "jsonl":
            if str(request.out) != "-":
                out.parent.mkdir(parents=True, exist_ok=True)
            write_jsonl(items, request.out, progress)
        elif request.fmt == "csv":
            write_csv(items, out, progress)
        elif request.fmt == "parquet":
            write_parquet(items, out, progress)
        else:
            splits = write_hf(items, out, progress)
            (out / "README.md").write_text(dataset_card(summary, request.privacy, request.license, splits),
                                           encoding="utf-8")
            if request.save_to_disk:
                save_to_disk(out, splits)
    except BrokenPipeError:
        raise  # standard output's reader stopped reading (| head): click ends the command quietly
    except OSError as exc:
        raise ExportError(f"cannot write {out} ({exc.strerror or exc})") from None
    return summary

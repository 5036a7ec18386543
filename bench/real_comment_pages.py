"""Comment threads on real pages saved by others, scored against gold written by reading each page.

    python3 bench/real_comment_pages.py [--set dev|held-out|all] [--pages NAME ...] [-v]

Pages: ../shared/benchmarks/real-comment-pages/pages/ (58 real pages, no gold of their own). Gold:
bench/real_comment_pages/gold/NAME.json, written by people reading the rendered pages, never from this
project's output. The pages are split in two by name: ``dev`` (first half in sorted order) may be
looked at when improving the finder; ``held-out`` (second half) is only ever scored.

A predicted comment matches a gold one when its text opens with the gold's ``text_start`` (case,
punctuation and spacing ignored; the first 40 characters); a pingback printed without an excerpt is
matched by its source title. Reported: comments found / gold, precision,
recall and F1 over all comments; among matched comments, the share with the right parent, the right
author and the right date; pages that invent comments where the gold has none.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "benchmarks" / "real-comment-pages" / "pages"
GOLD = Path(__file__).resolve().parent / "real_comment_pages" / "gold"
sys.path.insert(0, str(ROOT))

from crawler.normalize import extract  # noqa: E402

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def norm(text: str | None) -> str:
    return _NOT_WORD.sub("", (text or "").lower())


def gold_pages(which: str) -> list[str]:
    names = sorted(p.name[: -len(".json")] for p in GOLD.glob("*.json"))
    half = len(names) // 2
    return {"dev": names[:half], "held-out": names[half:], "all": names}[which]


def match(predicted: list, gold: list[dict]) -> dict[int, int]:
    """gold index -> predicted index, one to one, in page order."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    # a pingback is known by its source (its title is its author; some themes print no excerpt)
    texts = [norm(c.text) or (norm(c.author) if c.kind != "comment" else "") for c in predicted]
    for g, comment in enumerate(gold):
        start = norm(comment["text_start"])[:40]
        for p, text in enumerate(texts):
            if p not in used and start and (text.startswith(start) or start in text[:300]):
                pairs[g] = p
                used.add(p)
                break
    return pairs


def score_page(name: str) -> dict:
    gold = json.loads((GOLD / f"{name}.json").read_text())
    data = gzip.open(PAGES / f"{name}.html.gz", "rb").read()
    predicted = extract(data, "https://example.org/post/").comments
    expected = gold["comments"]
    pairs = match(predicted, expected)
    back = {p: g for g, p in pairs.items()}
    ids = {c.id: i for i, c in enumerate(predicted)}
    parents = authors = dates = 0
    for g, p in pairs.items():
        want_parent = expected[g]["parent"]
        got_parent = ids.get(predicted[p].parent_id)
        parents += (want_parent is None and got_parent is None) or (
            got_parent is not None and back.get(got_parent) == want_parent)
        authors += norm(predicted[p].author) == norm(expected[g]["author"])
        dates += (expected[g].get("published") or "")[:10] == (predicted[p].published or "")[:10]
    return {"page": name, "gold": len(expected), "found": len(predicted), "matched": len(pairs),
            "parents": parents, "authors": authors, "dates": dates}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="all", choices=("dev", "held-out", "all"))
    parser.add_argument("--pages", nargs="*")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    names = args.pages or gold_pages(args.set)
    started = time.perf_counter()
    rows = [score_page(name) for name in names]
    elapsed = time.perf_counter() - started
    total = {key: sum(r[key] for r in rows) for key in ("gold", "found", "matched", "parents", "authors", "dates")}
    invented = [r["page"] for r in rows if r["gold"] == 0 and r["found"]]
    for r in rows:
        if args.verbose or r["matched"] != r["gold"] or r["found"] != r["gold"]:
            print(f"{r['page'][:48]:48} gold {r['gold']:3} found {r['found']:3} matched {r['matched']:3} "
                  f"parents {r['parents']:3} authors {r['authors']:3} dates {r['dates']:3}")
    precision = total["matched"] / total["found"] if total["found"] else 1.0
    recall = total["matched"] / total["gold"] if total["gold"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    matched = max(total["matched"], 1)
    print(f"set {args.set}: {len(rows)} pages, comments found {total['matched']}/{total['gold']} "
          f"(predicted {total['found']}), precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}; "
          f"parents {total['parents'] / matched:.3f}, authors {total['authors'] / matched:.3f}, "
          f"dates {total['dates'] / matched:.3f}; pages with invented comments: {len(invented)}; "
          f"{len(rows) / elapsed:.1f} pages/s")
    for page in invented:
        print(f"  invented: {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Posts and comment threads on the labelled blog fixtures (tests/fixtures/*/), beside trafilatura.

    python3 bench/blog_fixtures.py

Per system, over every fixture page with its gold: body F1 (4-gram shingles, the article-extraction
scorer's metric), boilerplate leaks (gold ``must_not_contain`` phrases found in the text or comments),
comment F1 (all comments of a page as one text, the same metric: trafilatura keeps comments as text),
comment author and parent accuracy and spam F1 (structure trafilatura does not give), and post
title/author/date accuracy. trafilatura runs with include_comments=True and with_metadata=True.
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "benchmarks" / "article-extraction" / "score.py"
spec = importlib.util.spec_from_file_location("article_score", SCORER)
scorer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scorer)


def ours(html: bytes, url: str) -> dict:
    from crawler.normalize import extract

    r = extract(html, url)
    return {"text": r.text, "comments": r.comments, "title": r.title, "author": r.author, "published": r.published}


def trafilatura_system(html: bytes, url: str) -> dict:
    import trafilatura

    raw = trafilatura.extract(html.decode("utf-8"), url=url, output_format="json", include_comments=True,
                              with_metadata=True)
    data = json.loads(raw) if raw else {}
    return {"text": data.get("text") or "", "comments": data.get("comments") or "", "title": data.get("title"),
            "author": data.get("author"), "published": data.get("date")}


def comment_text(comments) -> str:
    return comments if isinstance(comments, str) else "\n\n".join(c.text for c in comments)


def evaluate(system, pages) -> dict:
    body, thread, leaks, meta_hits, meta_total = [], [], 0, 0, 0
    author_ok = parent_ok = structured = 0
    spam = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    started = time.perf_counter()
    for html, gold in pages:
        got = system(html, gold["url"])
        body.append(scorer.page_counts(gold["text"], got["text"], 4))
        gold_thread = "\n\n".join(c["text"] for c in gold["comments"])
        if gold_thread or comment_text(got["comments"]):
            thread.append(scorer.page_counts(gold_thread, comment_text(got["comments"]), 4))
        everything = got["text"] + "\n" + comment_text(got["comments"])
        leaks += sum(phrase in everything for phrase in gold.get("must_not_contain", []))
        for key in ("title", "author"):
            if gold.get(key):
                meta_total += 1
                meta_hits += got[key] == gold[key]
        if gold.get("published"):
            meta_total += 1
            meta_hits += (got["published"] or "")[:10] == gold["published"][:10]
        if not isinstance(got["comments"], str):
            found = {c.id: c for c in got["comments"]}
            for c in gold["comments"]:
                structured += 1
                mine = found.get(c["id"])
                author_ok += mine is not None and mine.author == c["author"]
                parent_ok += mine is not None and mine.parent_id == c["parent_id"]
                flagged = mine is not None and mine.is_spam
                outcome = ("tp" if c["is_spam"] else "fp") if flagged else ("fn" if c["is_spam"] else "tn")
                spam[outcome] += 1
    seconds = time.perf_counter() - started
    precision = spam["tp"] / max(spam["tp"] + spam["fp"], 1)
    recall = spam["tp"] / max(spam["tp"] + spam["fn"], 1)
    return {
        "body_f1": scorer.aggregate(body)["f1"], "leaks": leaks, "comment_f1": scorer.aggregate(thread)["f1"],
        "author_acc": author_ok / structured if structured else 0.0,
        "parent_acc": parent_ok / structured if structured else 0.0,
        "spam_f1": 2 * precision * recall / (precision + recall) if structured and precision + recall else 0.0,
        "meta_acc": meta_hits / meta_total, "pages_per_second": len(pages) / seconds,
    }


def main() -> None:
    pages = []
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/*.html")):
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if "text" in gold:
            pages.append((path.read_bytes(), gold))
    print(f"{len(pages)} pages, {sum(len(g['comments']) for _, g in pages)} gold comments\n")
    print("| system | body F1 | boilerplate leaks | comment F1 | comment author acc. | parent acc. | spam F1 "
          "| title/author/date acc. | pages/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, system in (("therapy-archive", ours), ("trafilatura 2.3.1", trafilatura_system)):
        system(*[pages[0][0], pages[0][1]["url"]])  # warm-up: imports and model loads are not per page
        r = evaluate(system, pages)
        print(f"| {name} | {r['body_f1']:.3f} | {r['leaks']} | {r['comment_f1']:.3f} | {r['author_acc']:.3f} "
              f"| {r['parent_acc']:.3f} | {r['spam_f1']:.3f} | {r['meta_acc']:.3f} | {r['pages_per_second']:.0f} |")


if __name__ == "__main__":
    main()

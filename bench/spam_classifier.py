"""Precision and recall of the comment-spam classifier on its labelled sets.

    python3 bench/spam_classifier.py

comments.jsonl: the development set (seed comments, hand-written spam by category, ham written to sound
like spam). heldout.jsonl: written afterwards, to see how the rules carry over to unseen phrasing.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from crawler.normalize.spam import classify

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "spam"


def score(name: str) -> None:
    rows = [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()]
    counts = Counter()
    for row in rows:
        flagged = classify(row["text"], row["author"], row["author_url"]).is_spam
        counts[("tp" if row["is_spam"] else "fp") if flagged else ("fn" if row["is_spam"] else "tn")] += 1
    precision = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
    recall = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    spam = counts["tp"] + counts["fn"]
    print(f"| {name} | {len(rows)} ({spam} spam) | {precision:.3f} | {recall:.3f} | {f1:.3f} |")


if __name__ == "__main__":
    print("| set | comments | precision | recall | F1 |\n| --- | --- | --- | --- | --- |")
    score("comments.jsonl")
    score("heldout.jsonl")

"""Redaction quality and speed: exports/redact.py over the hand-labelled sentences in
tests/redaction_cases.py, beside a naive regex baseline (a common e-mail pattern, a run of 8 or more
digits and separators as a phone number, @word as a handle).

    python3 bench/redaction.py [--seconds 3]

Quality is span-level. Each placeholder in a case's expected text is a span of the original text (found
by matching the expected text, its placeholders as wildcards, against the original); so is each
placeholder in the redactor's output. A predicted span is correct when it covers an expected span of the
same label; an expected span is found when a predicted span of its label covers it. "exact" counts the
predicted spans whose boundaries are the expected ones. Placeholders already in the original are left out.

Speed is characters per second over a realistic mix: the labelled sentences and plain therapy-blog prose
(most of what an export holds has nothing to redact), joined into comment-sized texts.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exports.redact import LABELS, NAME, redact  # noqa: E402
from tests.redaction_cases import CASES, Case  # noqa: E402

_PLACEHOLDER = re.compile(r"\[(%s)\]" % "|".join(LABELS))


def spans(original: str, redacted: str, names: dict | None) -> set[tuple[int, int, str]]:
    """The spans of ``original`` that ``redacted`` replaced, with their labels: placeholders and the
    replacements of ``names`` become lazy groups of a pattern matched against the original."""
    pieces = [_PLACEHOLDER.pattern] + [re.escape(r) for r in sorted(set((names or {}).values()), key=len, reverse=True)]
    token = re.compile("|".join(pieces))
    pattern, labels, at = [], [], 0
    for m in token.finditer(redacted):
        pattern += [re.escape(redacted[at:m.start()]), "(.+?)"]
        labels.append(m.group(1) or NAME)
        at = m.end()
    pattern.append(re.escape(redacted[at:]))
    m = re.fullmatch("".join(pattern), original, re.DOTALL)
    if m is None:
        raise ValueError(f"cannot align {redacted!r} with {original!r}")
    return {(m.start(i + 1), m.end(i + 1), label) for i, label in enumerate(labels)
            if m.group(i + 1) != f"[{label}]"}


def score(predict, cases: list[Case]) -> dict[str, Counter]:
    """Per label: expected spans, predicted spans, correct predictions, found expectations, exact ones."""
    tally: dict[str, Counter] = {}
    for case in cases:
        gold = spans(case.text, case.expected, case.names)
        pred = spans(case.text, predict(case.text, case.names), case.names)
        for start, end, label in gold:
            t = tally.setdefault(label, Counter())
            t["expected"] += 1
            t["found"] += any(ps <= start and pe >= end and pl == label for ps, pe, pl in pred)
        for start, end, label in pred:
            t = tally.setdefault(label, Counter())
            t["predicted"] += 1
            t["correct"] += any(ps <= gs and pe >= ge and label == gl
                                for ps, pe, gs, ge, gl in ((start, end, *g) for g in gold))
            t["exact"] += (start, end, label) in gold
    return tally


_NAIVE = [(re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[EMAIL]"),
          (re.compile(r"\+?\d[\d\s().-]{6,}\d"), "[PHONE]"),
          (re.compile(r"(?<![\w\[])@\w+"), "[HANDLE]")]


def naive(text: str, names: dict | None) -> str:
    """The baseline: patterns a first attempt would use; names replaced as given, like the redactor."""
    for pattern, placeholder in _NAIVE:
        text = pattern.sub(placeholder, text)
    for name, replacement in sorted((names or {}).items(), key=lambda kv: -len(kv[0])):
        if len(name) > 2:
            text = re.sub(r"(?<!\w)%s(?!\w)" % re.escape(name), replacement, text, flags=re.IGNORECASE)
    return text


def table(tally: dict[str, Counter]) -> list[str]:
    rows = ["| label | expected | predicted | precision | recall | exact boundaries |", "|---|---:|---:|---:|---:|---:|"]
    total = Counter()
    for label in [*LABELS, NAME, "all"]:
        t = total if label == "all" else tally.get(label, Counter())
        if label != "all":
            total.update(t)
        p = t["correct"] / t["predicted"] if t["predicted"] else 1.0
        r = t["found"] / t["expected"] if t["expected"] else 1.0
        rows.append(f"| {label} | {t['expected']} | {t['predicted']} | {p:.3f} | {r:.3f} | "
                    f"{t['exact']}/{t['predicted']} |")
    return rows


_PROSE = (
    "I have been seeing my therapist for about two years now, and the thing I keep coming back to is how "
    "slowly trust builds. The first months I mostly talked about work, about my sister, about sleep. "
    "It was only in the winter of 2022 that I could say what happened when I was nine. ",
    "Thank you for writing this. Your post about the 50-minute hour made me laugh and then cry, because "
    "I also spend the last 5 minutes watching the clock. ",
    "We tried CBT first (12 sessions, $90 each with the sliding scale) and then EMDR, which helped more "
    "with the nightmares. Dr. Lee was patient with me the whole time. ",
)


def mix(cases: list[Case]) -> list[str]:
    """Comment-sized texts: three sentences of plain prose for each labelled sentence, as in a thread
    where most comments hold nothing to redact."""
    return [_PROSE[i % 3] + case.text + " " + _PROSE[(i + 1) % 3] + _PROSE[(i + 2) % 3]
            for i, case in enumerate(cases)]


def throughput(run, texts: list[str], seconds: float) -> float:
    chars, done, started = sum(map(len, texts)), 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            run(text)
        done += chars
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long each speed run lasts")
    args = parser.parse_args()
    ours = score(lambda text, names: redact(text, names).text, CASES)
    peer = score(naive, CASES)
    misses = sum(1 for c in CASES if c.miss)
    print(f"{len(CASES)} labelled cases ({misses} marked as known misses); span-level, a prediction is correct "
          "when it covers an expected span of its label\n")
    print("exports/redact.py\n")
    print("\n".join(table(ours)))
    print("\nnaive regex baseline\n")
    print("\n".join(table(peer)))
    texts = mix(CASES)
    redact(texts[0])  # phonenumbers loads its metadata on first use
    ours_speed = throughput(redact, texts, args.seconds)
    peer_speed = throughput(lambda t: naive(t, None), texts, args.seconds)
    plain = [_PROSE[i % 3] * 3 for i in range(300)]
    plain_speed = throughput(redact, plain, args.seconds)
    print(f"\nthroughput: {ours_speed:,.0f} chars/s on the mix ({len(texts)} texts, mean "
          f"{sum(map(len, texts)) // len(texts)} chars), {plain_speed:,.0f} chars/s on plain prose; "
          f"naive baseline {peer_speed:,.0f} chars/s (ratio {ours_speed / peer_speed:.3f})")
    print("command: python3 bench/redaction.py --seconds", args.seconds)


if __name__ == "__main__":
    main()

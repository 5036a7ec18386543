"""Body extraction on the 181-page article-extraction benchmark, beside trafilatura in the same run.

    python3 bench/article_extraction.py [--passes 3] [--out bench/out]

Each extractor runs in its own fresh Python process, one after another, over all pages decoded to str
in memory; the timer wraps only the extraction call. Predictions are scored with the benchmark's own
score.py (../shared/benchmarks/article-extraction/score.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "benchmarks" / "article-extraction"

SYSTEMS = {
    "therapy-archive": "therapy-archive extract_text(html, url).text",
    "trafilatura": "trafilatura.extract(html) (defaults)",
    "trafilatura-precision": "trafilatura.extract(html, favor_precision=True)",
}


def load_pages() -> list[tuple[str, str, str]]:
    gold = json.loads((BENCH / "ground-truth.json").read_text())
    pages = []
    for path in sorted((BENCH / "html").glob("*.html.gz")):
        page_id = path.name.split(".")[0]
        pages.append((page_id, gold[page_id].get("url") or "", gzip.open(path, "rb").read().decode("utf-8")))
    return pages


def extractor(system: str):
    if system == "therapy-archive":
        from crawler.normalize import extract_text

        return lambda html, url: extract_text(html, url).text
    import trafilatura

    options = {"favor_precision": True} if system == "trafilatura-precision" else {}
    return lambda html, url: trafilatura.extract(html, **options) or ""


def run_one(system: str, passes: int, out: Path) -> None:
    """Child process: run one system over every page ``passes`` times; write predictions and timings."""
    pages = load_pages()
    call = extractor(system)
    totals, per_page = [], {page_id: [] for page_id, _, _ in pages}
    predictions = {}
    for number in range(passes):
        total = 0.0
        for page_id, url, html in pages:
            started = time.perf_counter()
            text = call(html, url)
            elapsed = time.perf_counter() - started
            total += elapsed
            per_page[page_id].append(elapsed)
            if number == 0:
                predictions[page_id] = text
        totals.append(total)
    with open(out / f"{system}.jsonl", "w") as f:
        for page_id, text in predictions.items():
            f.write(json.dumps({"id": page_id, "text": text}, ensure_ascii=False) + "\n")
    medians = sorted(statistics.median(v) * 1000 for v in per_page.values())
    timing = {
        "pages_per_second": len(pages) / statistics.median(totals),
        "min": len(pages) / max(totals), "max": len(pages) / min(totals),
        "p50_ms": medians[len(medians) // 2], "p95_ms": medians[int(len(medians) * 0.95)], "max_ms": medians[-1],
    }
    (out / f"{system}.timing.json").write_text(json.dumps(timing))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--system", choices=SYSTEMS, help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--only", nargs="*", choices=SYSTEMS, default=list(SYSTEMS))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.system:
        run_one(args.system, args.passes, args.out)
        return
    for system in args.only:
        subprocess.run([sys.executable, __file__, "--system", system, "--passes", str(args.passes),
                        "--out", str(args.out)], check=True, cwd=ROOT)
    scores = subprocess.run(
        [sys.executable, BENCH / "score.py", *[args.out / f"{s}.jsonl" for s in args.only], "--bootstrap", "0",
         "--json", args.out / "scores.json"], capture_output=True, text=True, check=True)
    print(scores.stdout)
    print("| extractor | call | pages/s (min–max) | ms/page p50 | p95 | max |")
    print("| --- | --- | --- | --- | --- | --- |")
    for system in args.only:
        t = json.loads((args.out / f"{system}.timing.json").read_text())
        print(f"| {system} | {SYSTEMS[system]} | {t['pages_per_second']:.0f} ({t['min']:.0f}–{t['max']:.0f}) "
              f"| {t['p50_ms']:.1f} | {t['p95_ms']:.1f} | {t['max_ms']:.0f} |")


if __name__ == "__main__":
    main()

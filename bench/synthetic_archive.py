"""A realistic synthetic archive for the search and export benchmarks: sites, posts and threaded comments
written through the project's own schema (``ensure_schema``), the FTS indexes filled by its own triggers.

Words are drawn with a Zipf distribution (s = 1.05) from a vocabulary of about 30,000 tokens: English
function words at the head, therapy words among the frequent ones, made-up words in the long tail, and a
few stock phrases ("leave a reply", "first session") in some comments, as blogs repeat them.

    python3 bench/synthetic_archive.py --comments 1000000 --out /tmp/synthetic-1m

Rows go in with ``executemany`` in one transaction, the FTS indexes rebuilt at the end: about a minute
of CPU for a million comments. numpy draws the words (it comes with py3langid, a dependency already).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.store import DB_NAME, ensure_schema, stable_id  # noqa: E402

VOCABULARY_SIZE = 30_000
ZIPF_EXPONENT = 1.05
COMMENTS_PER_POST = 50
POSTS_PER_SITE = 100
CHUNK = 20_000  # comments generated and written at a time: memory stays flat at a million

FUNCTION_WORDS = (
    "the of and to a in that i it is was for you with my on as but this be have not are at so me they he "
    "we all what can about just like from there one if or do by your his had her when more would out how "
    "our been will up who them were some no she an time think really know feel people because very much "
    "also even only said then any now years other first after way than over those these back well"
).split()
THERAPY_WORDS = (
    "therapy therapist session sessions anxiety depression grief trauma healing kindness repair shame "
    "counselling client clients feelings boundaries attachment mindfulness self compassion loss recovery "
    "panic relationship relationships childhood mother father family anger fear hope trust vulnerable "
    "vulnerability support listening presence silence process ending endings memory body breath sleep "
    "medication diagnosis supervision countertransference transference empathy inner child worry burnout "
    "loneliness connection safe safety parenting divorce couples addiction sober journaling nervous"
).split()
PHRASES = ("leave a reply", "first session", "thank you for sharing", "inner child", "self compassion",
           "my therapist said", "the therapeutic relationship", "this resonated with me")
FIRST_NAMES = ("Nora Julie Maya Sam Alex Priya Tom Ana Lena Omar Ruth Kai Ines Ben Zoe Marta Ivan Chloe Raj "
               "Sara Leo Mia Jon Eva Noor Hugo Ada Finn Lucia Theo").split()


@dataclass(frozen=True)
class Built:
    path: Path
    sites: int
    posts: int
    comments: int
    seconds: float


def vocabulary() -> list[str]:
    """The tokens by rank: function words first, therapy words among the frequent, then made-up words."""
    onsets = "b c d f g h j k l m n p r s t v w z br cl dr fl gr pl st tr sh ch th".split()
    nuclei = "a e i o u ai ea ou ie".split()
    codas = ["", "n", "r", "s", "t", "l", "m", "nd", "st", "ng"]
    syllables = [o + n + c for o in onsets for n in nuclei for c in codas]
    taken = set(FUNCTION_WORDS) | set(THERAPY_WORDS)
    made_up = sorted({first + second for first in syllables for second in syllables[::7]} - taken)
    np.random.default_rng(0).shuffle(made_up)  # else the frequent made-up words would all start alike
    made_up_words, therapy = iter(made_up), iter(THERAPY_WORDS)
    words = list(FUNCTION_WORDS)
    # one therapy word in every six ranks from rank 60 on: frequent, but not as frequent as "the"
    for rank in range(len(words), VOCABULARY_SIZE):
        word = next(therapy, None) if rank >= 60 and rank % 6 == 0 else None
        words.append(word or next(made_up_words))
    return words


class _Writer:
    """Draws the text and writes rows; one random generator, so a seed gives the same archive."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = np.array(vocabulary(), dtype=object)
        weights = 1.0 / np.arange(1, len(self.words) + 1) ** ZIPF_EXPONENT
        self.cumulative = np.cumsum(weights / weights.sum())

    def texts(self, count: int, median_words: float) -> list[str]:
        lengths = np.clip(self.rng.lognormal(np.log(median_words), 0.8, count), 3, median_words * 12).astype(int)
        ranks = np.searchsorted(self.cumulative, self.rng.random(int(lengths.sum())))
        drawn = self.words[np.minimum(ranks, len(self.words) - 1)]
        phrased = self.rng.random(count) < 0.08
        texts, start = [], 0
        for length, with_phrase in zip(lengths.tolist(), phrased.tolist()):
            words = drawn[start:start + length].tolist()
            start += length
            if with_phrase:
                words.insert(int(self.rng.integers(0, length)), PHRASES[int(self.rng.integers(len(PHRASES)))])
            words[0] = words[0].capitalize()
            texts.append(" ".join(words) + ".")
        return texts

    def dates(self, count: int) -> list[str]:
        days = self.rng.integers(0, 16 * 365, count)
        return [str(np.datetime64("2010-01-01") + int(d)) for d in days]


def build(folder: str | Path, comments: int, seed: int = 11, triggers: bool = False) -> Built:
    """Write ``folder/archive.db`` holding ``comments`` comments (and posts and sites in proportion).

    The FTS indexes are rebuilt once the rows are in (``triggers``: filled row by row through the store's
    triggers, as a crawl fills them; several times slower)."""
    import sqlite_utils

    started = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_NAME
    for stale in (path, folder / f"{DB_NAME}-wal", folder / f"{DB_NAME}-shm"):
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma journal_mode = off")  # one transaction, thrown away on failure: no journal needed
    conn.execute("pragma synchronous = off")
    ensure_schema(sqlite_utils.Database(conn))
    writer = _Writer(seed)
    posts = max(1, comments // COMMENTS_PER_POST)
    sites = max(1, posts // POSTS_PER_SITE)
    conn.execute("begin")
    inserts = _drop_insert_triggers(conn, triggers)
    site_ids = _write_sites(conn, sites)
    post_ids = _write_posts(conn, writer, posts, site_ids)
    _write_comments(conn, writer, comments, post_ids)
    for table in ("posts", "comments"):  # FTS5's own command: the index the triggers would have made
        conn.execute(f"insert into {table}_fts ({table}_fts) values ('rebuild')")
    for sql in inserts:
        conn.execute(sql)
    conn.execute("commit")
    conn.execute("pragma journal_mode = wal")  # as the store leaves it
    conn.close()
    return Built(path, sites, posts, comments, time.perf_counter() - started)


def _drop_insert_triggers(conn: sqlite3.Connection, triggers: bool) -> list[str]:
    """Unless ``triggers``, drop the store's FTS insert triggers for the load and return their SQL.

    Each row a trigger sends to FTS5 opens a statement savepoint, and FTS5 writes its pending terms out at
    every savepoint: a million comments through the triggers take minutes, a rebuild seconds."""
    if triggers:
        return []
    found = conn.execute("select name, sql from sqlite_master where type = 'trigger' and name in "
                         "('posts_ai', 'comments_ai')").fetchall()
    for name, _ in found:
        conn.execute(f"drop trigger {name}")
    return [sql for _, sql in found]


def _write_sites(conn: sqlite3.Connection, count: int) -> list[str]:
    urls = [f"https://blog-{n}.example.org/" for n in range(count)]
    conn.executemany("insert into sites (id, url, platform, first_crawled, last_crawled) values (?, ?, ?, ?, ?)",
                     [(stable_id(u), u, "wordpress", "2026-01-01T00:00:00+00:00", "2026-11-29T00:00:00+00:00")
                      for u in urls])
    return [stable_id(u) for u in urls]


def _write_posts(conn: sqlite3.Connection, writer: _Writer, count: int, site_ids: list[str]) -> list[str]:
    ids = []
    for start in range(0, count, CHUNK // 10):
        numbers = range(start, min(count, start + CHUNK // 10))
        texts = writer.texts(len(numbers), 450)
        titles = writer.texts(len(numbers), 5)
        dates = writer.dates(len(numbers))
        rows, captures = [], []
        for number, text, title, date in zip(numbers, texts, titles, dates):
            site = site_ids[number % len(site_ids)]
            url = f"https://blog-{number % len(site_ids)}.example.org/{date[:4]}/{number}/"
            post_id, capture_id = stable_id(url), f"<urn:uuid:{number:032x}>"
            ids.append(post_id)
            captures.append((capture_id, url, 200, f"{date}T12:00:00Z", "text/html", "synthetic.warc.gz",
                             number * 9000, 9000, capture_id))
            rows.append((post_id, url, site, title.rstrip("."), f"{FIRST_NAMES[number % len(FIRST_NAMES)]}",
                         date, text, "en", "wordpress", "inline", stable_id(text), f"{date}T12:00:00Z",
                         "2026-11-29T00:00:00Z", capture_id))
        conn.executemany("insert into captures (id, url, status, fetched_at, content_type, warc_file, "
                         "warc_offset, warc_length, warc_record_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", captures)
        conn.executemany("insert into posts (id, url, site, title, author, published, text, language, platform, "
                         "comments_source, content_hash, first_seen, last_seen, capture_id) "
                         "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return ids


def _write_comments(conn: sqlite3.Connection, writer: _Writer, count: int, post_ids: list[str]) -> None:
    # threads of uneven length: a few posts draw hundreds of comments, most a handful
    weights = writer.rng.lognormal(0, 1.2, len(post_ids))
    per_post = writer.rng.multinomial(count, weights / weights.sum())
    owners = np.repeat(np.arange(len(post_ids)), per_post)
    authors = [f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {n}" for n in range(max(50, count // 20))]
    author_ranks = np.minimum(writer.rng.zipf(1.3, count), len(authors)) - 1
    position, last_post, thread = 0, -1, []
    for start in range(0, count, CHUNK):
        end = min(count, start + CHUNK)
        texts, dates = writer.texts(end - start, 35), writer.dates(end - start)
        replies = writer.rng.random(end - start)
        rows = []
        for offset, number in enumerate(range(start, end)):
            post = int(owners[number])
            if post != last_post:
                position, last_post, thread = 0, post, []
            comment_id = stable_id(post_ids[post], f"c-{number}")
            # four in ten reply to an earlier comment of the thread
            parent = thread[int(replies[offset] * 1e6) % len(thread)] if thread and replies[offset] < 0.4 else None
            spam = replies[offset] > 0.97
            rows.append((comment_id, post_ids[post], f"c-{number}", parent, authors[author_ranks[number]],
                         dates[offset], texts[offset], int(spam), "links" if spam else None,
                         "pingback" if 0.96 < replies[offset] <= 0.965 else "comment", position,
                         "2026-11-29T00:00:00Z", "2026-11-29T00:00:00Z"))
            thread.append(comment_id)
            position += 1
        conn.executemany("insert into comments (id, post_id, native_id, parent_id, author, published, text, is_spam, "
                         "spam_reason, kind, position, first_seen, last_seen) "
                         "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True, help="Archive folder (archive.db is replaced).")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--triggers", action="store_true", help="Fill the FTS indexes row by row, as a crawl.")
    options = parser.parse_args()
    built = build(options.out, options.comments, options.seed, options.triggers)
    print(f"{built.path}: {built.sites:,} sites, {built.posts:,} posts, {built.comments:,} comments in "
          f"{built.seconds:.1f} s ({built.path.stat().st_size / 1e6:,.0f} MB)")


if __name__ == "__main__":
    main()

"""A realistic synthetic archive for the search and export benchmarks: sites, posts and threaded comments
written through the project's own schema (``ensure_schema``), the FTS indexes filled by its own triggers.

Words are drawn with a Zipf distribution (s = 1.05) from a vocabulary of about 30,000 tokens: English
function words at the head, therapy words among the frequent ones, made-up words in the long tail, and a
few stock phrases ("leave a reply", "first session") in some comments, as blogs repeat them.

Sites are of uneven size (the largest holds about a fifth of the posts) and platform; posts are dated over
sixteen years and printed with their site's UTC offset (a few with a bare date), comments come after their
post (most within weeks), each with its own #comment address; about 5% of comments are spam, 0.5% repeat
the comment before them, 1% of posts are spam. ``published_utc`` is what the store's ``to_utc`` makes.

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

# written beside archive.db; a benchmark reuses an archive only when it matches (raise it when the rows change)
BUILD_VERSION = 2
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
PLATFORMS = ("wordpress", "wordpress", "wordpress", "blogger", "substack", "ghost")
# offsets sites print their dates with, in minutes east of UTC
OFFSETS = (0, 0, 60, 120, -300, -240, -480, 330, 600, -180)
START = np.datetime64("2010-01-01T00:00:00", "s")
SPAN = 16 * 365 * 86400  # seconds of posting
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


def stamps(utc: np.ndarray, offsets: np.ndarray) -> tuple[list[str], list[str]]:
    """``published`` as a site prints it (local time and its offset, ``Z`` for UTC) and ``published_utc``
    as ``archive.timestamps.to_utc`` makes it, for seconds since START in UTC and offsets in minutes."""
    moments = START + utc.astype("timedelta64[s]")
    local = np.datetime_as_string(moments + (offsets * 60).astype("timedelta64[s]"), unit="s")
    in_utc = np.datetime_as_string(moments, unit="s")
    marks = ["Z" if o == 0 else f"{'+' if o > 0 else '-'}{abs(o) // 60:02d}:{abs(o) % 60:02d}" for o in range(-720, 841)]
    published = [f"{text}{marks[o + 720]}" for text, o in zip(local.tolist(), offsets.tolist())]
    return published, [f"{text}Z" for text in in_utc.tolist()]


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


@dataclass
class _Posts:
    """What the comments need of the posts written: ids, URLs, dates (seconds since START, UTC) and the
    offset their site prints."""

    ids: list[str]
    urls: list[str]
    utc: np.ndarray
    offsets: np.ndarray


def build(folder: str | Path, comments: int, seed: int = 11, triggers: bool = False) -> Built:
    """Write ``folder/archive.db`` holding ``comments`` comments (and posts and sites in proportion).

    The FTS indexes are rebuilt once the rows are in (``triggers``: filled row by row through the store's
    triggers, as a crawl fills them; several times slower)."""
    import sqlite_utils

    started = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_NAME
    for stale in (path, folder / f"{DB_NAME}-wal", folder / f"{DB_NAME}-shm", folder / BUILD_FILE):
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma journal_mode = off")  # one transaction, thrown away on failure: no journal needed
    conn.execute("pragma synchronous = off")
    ensure_schema(sqlite_utils.Database(conn))
    writer = _Writer(seed)
    posts = max(1, comments // COMMENTS_PER_POST)
    sites = max(3, posts // POSTS_PER_SITE)
    conn.execute("begin")
    inserts = _drop_insert_triggers(conn, triggers)
    site_offsets = _write_sites(conn, writer, sites)
    written = _write_posts(conn, writer, posts, site_offsets)
    _write_comments(conn, writer, comments, written)
    for table in ("posts", "comments"):  # FTS5's own command: the index the triggers would have made
        conn.execute(f"insert into {table}_fts ({table}_fts) values ('rebuild')")
    for sql in inserts:
        conn.execute(sql)
    conn.execute("commit")
    conn.execute("pragma journal_mode = wal")  # as the store leaves it
    conn.close()
    (folder / BUILD_FILE).write_text(build_key(comments, seed))
    return Built(path, sites, posts, comments, time.perf_counter() - started)


BUILD_FILE = "synthetic-build.txt"


def build_key(comments: int, seed: int = 11) -> str:
    """What ``build`` writes to BUILD_FILE: an archive is reused only when this matches."""
    return f"version {BUILD_VERSION}, {comments} comments, seed {seed}\n"


def is_built(folder: str | Path, comments: int, seed: int = 11) -> bool:
    """``folder`` holds the archive ``build(folder, comments, seed)`` makes with this version."""
    marker = Path(folder) / BUILD_FILE
    return (Path(folder) / DB_NAME).exists() and marker.exists() and marker.read_text() == build_key(comments, seed)


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


def site_url(number: int) -> str:
    return f"https://blog-{number}.example.org/"


def _write_sites(conn: sqlite3.Connection, writer: _Writer, count: int) -> np.ndarray:
    """The sites, each on a platform, printing dates with one UTC offset; returns the offsets."""
    offsets = np.array(OFFSETS)[writer.rng.integers(0, len(OFFSETS), count)]
    conn.executemany("insert into sites (id, url, platform, first_crawled, last_crawled) values (?, ?, ?, ?, ?)",
                     [(stable_id(site_url(n)), site_url(n), PLATFORMS[n % len(PLATFORMS)], "2026-01-01T00:00:00+00:00",
                       "2026-11-29T00:00:00+00:00") for n in range(count)])
    return offsets


def _write_posts(conn: sqlite3.Connection, writer: _Writer, count: int, site_offsets: np.ndarray) -> _Posts:
    # sites of uneven size: blog-0 the largest (about a fifth of the posts at 200 sites)
    weights = 1.0 / np.arange(1, len(site_offsets) + 1) ** 0.9
    owners = writer.rng.choice(len(site_offsets), count, p=weights / weights.sum())
    utc = np.sort(writer.rng.integers(0, SPAN, count))
    offsets = site_offsets[owners]
    written = _Posts([], [], utc, offsets)
    step = CHUNK // 10
    for start in range(0, count, step):
        numbers = range(start, min(count, start + step))
        texts, titles = writer.texts(len(numbers), 450), writer.texts(len(numbers), 5)
        published, published_utc = stamps(utc[start:numbers.stop], offsets[start:numbers.stop])
        bare = writer.rng.random(len(numbers)) < 0.03  # a date without a time, as some themes print it
        spam = writer.rng.random(len(numbers)) < 0.01
        rows, captures = [], []
        for i, number in enumerate(numbers):
            site = int(owners[number])
            date, date_utc = (published[i][:10], published[i][:10]) if bare[i] else (published[i], published_utc[i])
            url = f"{site_url(site)}{date[:4]}/{date[5:7]}/post-{number}/"
            post_id, capture_id = stable_id(url), f"<urn:uuid:{number:032x}>"
            written.ids.append(post_id)
            written.urls.append(url)
            captures.append((capture_id, url, 200, published_utc[i], "text/html", "synthetic.warc.gz",
                             number * 9000, 9000, capture_id))
            rows.append((post_id, url, stable_id(site_url(site)), titles[i].rstrip("."),
                         FIRST_NAMES[site % len(FIRST_NAMES)], date, date_utc, texts[i],
                         "de" if site % 11 == 5 else "en", PLATFORMS[site % len(PLATFORMS)], "inline",
                         stable_id(texts[i]), int(spam[i]), "2026-01-01T00:00:00Z", "2026-11-29T00:00:00Z", capture_id))
        conn.executemany("insert into captures (id, url, status, fetched_at, content_type, warc_file, "
                         "warc_offset, warc_length, warc_record_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", captures)
        conn.executemany("insert into posts (id, url, site, title, author, published, published_utc, text, language, "
                         "platform, comments_source, content_hash, is_spam, first_seen, last_seen, capture_id) "
                         "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return written


def _write_comments(conn: sqlite3.Connection, writer: _Writer, count: int, posts: _Posts) -> None:
    # threads of uneven length: a few posts draw hundreds of comments, most a handful
    weights = writer.rng.lognormal(0, 1.2, len(posts.ids))
    per_post = writer.rng.multinomial(count, weights / weights.sum())
    owners = np.repeat(np.arange(len(posts.ids)), per_post)
    authors = [f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {n}" for n in range(max(50, count // 20))]
    author_ranks = np.minimum(writer.rng.zipf(1.3, count), len(authors)) - 1
    # most comments come within weeks of their post, some years later
    delays = np.minimum(writer.rng.lognormal(np.log(3 * 86400), 1.6, count), 4 * 365 * 86400).astype(np.int64)
    utc = np.minimum(posts.utc[owners] + delays, SPAN + 300 * 86400)  # none after the crawl (2026-11)
    position, last_post, thread = 0, -1, []
    for start in range(0, count, CHUNK):
        end = min(count, start + CHUNK)
        texts = writer.texts(end - start, 35)
        published, published_utc = stamps(utc[start:end], posts.offsets[owners[start:end]])
        draws = writer.rng.random(end - start)
        rows = []
        for i, number in enumerate(range(start, end)):
            post = int(owners[number])
            if post != last_post:
                position, last_post, thread = 0, post, []
            comment_id = stable_id(posts.ids[post], f"c-{number}")
            # four in ten reply to an earlier comment of the thread
            parent = thread[int(draws[i] * 1e6) % len(thread)] if thread and draws[i] < 0.4 else None
            spam = draws[i] > 0.95
            repeat = thread[-1] if thread and 0.94 < draws[i] <= 0.945 else None
            text = rows[-1][8] if repeat and rows and rows[-1][0] == repeat else texts[i]
            rows.append((comment_id, posts.ids[post], f"c-{number}", parent, authors[author_ranks[number]],
                         published[i], published_utc[i], f"{posts.urls[post]}#comment-{number}", text, int(spam),
                         "links" if spam else None, repeat, "pingback" if 0.93 < draws[i] <= 0.935 else "comment",
                         position, "2026-11-29T00:00:00Z", "2026-11-29T00:00:00Z"))
            thread.append(comment_id)
            position += 1
        conn.executemany("insert into comments (id, post_id, native_id, parent_id, author, published, published_utc, "
                         "url, text, is_spam, spam_reason, duplicate_of, kind, position, first_seen, last_seen) "
                         "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


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

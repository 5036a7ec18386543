"""Start an engine from tests/engines/ (or tests/wordpress/), and compare an archive with the truth the
engine reports (its manifest.json). Shared by tests/test_engines.py and bench/engines.py."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Engine:
    """One running engine: where it answers, its truth, and how to stop it."""

    name: str
    base_url: str
    manifest: dict
    stop: list[str]
    env: dict

    def shutdown(self) -> None:
        subprocess.run(self.stop, env=self.env, capture_output=True, timeout=120)


def start_engine(name: str, **variant: str) -> Engine:
    """Start ``name`` (a folder of tests/engines, or ``wordpress``) on a free port in a fresh state folder."""
    state = tempfile.mkdtemp(prefix=f"ta-{name[:4]}-", dir="/tmp")  # short: MariaDB's socket lives there
    port = str(free_port())
    if name == "wordpress":
        folder = TESTS / "wordpress"
        env = {**os.environ, "WP_STATE": state, "WP_PORT": port, **variant}
    else:
        folder = TESTS / "engines" / name
        env = {**os.environ, "ENGINE_STATE": state, "ENGINE_PORT": port, "ISSO_PORT": str(free_port()), **variant}
    started = subprocess.run(["bash", str(folder / "start.sh")], env=env, capture_output=True, text=True,
                             timeout=1200)
    if started.returncode != 0:
        raise RuntimeError(f"{name} did not start:\n{started.stderr[-3000:]}")
    manifest = json.loads((Path(state) / "manifest.json").read_text())
    if name == "wordpress":
        manifest = from_wordpress(manifest)
    return Engine(name, started.stdout.strip().splitlines()[-1], manifest,
                  ["bash", str(folder / "stop.sh"), "--purge"], env)


def from_wordpress(wp: dict) -> dict:
    """tests/wordpress's manifest in the engines' shape."""
    urls = {p["id"]: p["url"] for p in wp["posts"]}
    return {
        "engine": f"wordpress ({wp.get('theme', 'twentytwentythree')}, REST {wp.get('rest', 'open')})",
        "posts": [{"url": p["url"], "title": p["title"], "author": p["author"], "published": p["date"],
                   "text": p["text"]} for p in wp["posts"]],
        "comments": [{"id": str(c["id"]), "post_url": urls[c["post_id"]],
                      "parent_id": str(c["parent_id"]) if c["parent_id"] else None,
                      "author": c["author"], "published": c["date"], "text": c["text"],
                      "kind": c.get("type", "comment")} for c in wp["comments"]],
        "absent_comments": [{"post_url": urls.get(c.get("post_id"), ""), "text": c["text"]}
                            for c in wp.get("hidden_comments", [])],
        "not_posts": [p["url"] for p in wp.get("pages", [])],
    }


def norm(text: str | None) -> str:
    """Case, punctuation, quotes and spacing ignored (a classic theme prints ' where a block theme prints ’)."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text or "").lower()).strip()


@dataclass
class Score:
    """An archive against an engine's truth."""

    posts_truth: int = 0
    posts_found: int = 0
    posts_extra: list[str] = field(default_factory=list)  # archived as posts, but not posts
    empty_posts: int = 0  # rows with neither title nor text
    titles: int = 0
    bodies: int = 0
    comments_truth: int = 0
    comments_archived: int = 0
    comments_found: int = 0
    parents: int = 0
    authors: int = 0
    dates: int = 0
    leaked: int = 0  # pending, spam or deleted comments that reached the archive
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # matched comments with a wrong parent, author or date

    @property
    def precision(self) -> float:
        return self.comments_found / self.comments_archived if self.comments_archived else 1.0

    @property
    def recall(self) -> float:
        return self.comments_found / self.comments_truth if self.comments_truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _rows(archive: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(archive / "archive.db") as conn:
        return conn.execute(sql).fetchall()


def score(archive: Path, manifest: dict) -> Score:
    result = Score()
    posts = {url: (title, text) for url, title, text in _rows(archive, "select url, title, text from posts")}
    truth_posts = {p["url"]: p for p in manifest["posts"]}
    result.posts_truth = len(truth_posts)
    result.posts_found = len(set(posts) & set(truth_posts))
    result.posts_extra = sorted(set(posts) & set(manifest.get("not_posts", [])))
    result.empty_posts = sum(1 for title, text in posts.values() if not (title or "").strip() and not (text or "").strip())
    for url, post in truth_posts.items():
        if url in posts:
            result.titles += norm(posts[url][0]) == norm(post["title"])
            result.bodies += norm(post["text"])[:200] in norm(posts[url][1])
    archived = _rows(archive, """select p.url, c.id, c.parent_id, c.author, c.published, c.text, c.kind
                                 from comments c join posts p on p.id = c.post_id order by c.position""")
    result.comments_archived = len(archived)
    result.comments_truth = len(manifest["comments"])
    by_text: dict[tuple[str, str], list[tuple]] = {}
    for row in archived:
        by_text.setdefault((row[0], _key(row[6], row[3], row[5])), []).append(row)
    row_of: dict[str, tuple] = {}  # truth comment id -> archived row
    for comment in manifest["comments"]:
        key = _key(comment.get("kind", "comment"), comment["author"], comment["text"])
        candidates = by_text.get((comment["post_url"], key), [])
        if candidates:
            row_of[comment["id"]] = candidates.pop(0)
        else:
            result.misses.append(f"{comment['post_url']} #{comment['id']} {comment['author']}: {comment['text'][:60]!r}")
    result.comments_found = len(row_of)
    for comment in manifest["comments"]:
        row = row_of.get(comment["id"])
        if row is None:
            continue
        parent = row_of.get(comment["parent_id"]) if comment["parent_id"] else None
        checks = {
            "parent": (row[2] is None) if comment["parent_id"] is None else (parent is not None and row[2] == parent[1]),
            "author": norm(row[3]) == norm(comment["author"]),
            # a classic theme prints a pingback as its title alone: no date to read
            "date": _same_time(row[4], comment["published"]) or (row[6] != "comment" and row[4] is None),
        }
        result.parents += checks["parent"]
        result.authors += checks["author"]
        result.dates += checks["date"]
        for name, right in checks.items():
            if not right:
                result.wrong.append(f"#{comment['id']} {name}: archived {row[2 if name == 'parent' else 3 if name == 'author' else 4]!r}, "
                                    f"engine {comment['parent_id' if name == 'parent' else 'author' if name == 'author' else 'published']!r}")
    archived_texts = {norm(row[5])[:120] for row in archived}
    result.leaked = sum(1 for c in manifest.get("absent_comments", []) if norm(c["text"])[:120] in archived_texts)
    return result


def _key(kind: str, author: str | None, text: str) -> str:
    """Comments are known by their text; pingbacks by their source (some themes show no excerpt)."""
    return "ping:" + norm(author) if kind in ("pingback", "trackback") else norm(text)[:120]


def _same_time(got: str | None, want: str | None) -> bool:
    """The same day and, where both give one, the same minute of local time (offsets differ by engine)."""
    if not got or not want:
        return not got and not want
    if got[:10] != want[:10]:
        return False
    return len(got) < 16 or len(want) < 16 or got[11:16] == want[11:16]

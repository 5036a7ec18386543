"""The Isso fixture's Python side, run by start.sh with the engine's own interpreter (stdlib only).

  fixture.py content  STATE BASE          Markdown sources for Pelican from ../../wordpress/content.json
  fixture.py seed     STATE BASE ISSO     comments through Isso's HTTP API, once per state folder
  fixture.py manifest STATE BASE ISSO     $STATE/manifest.json, read back from Pelican and Isso
  fixture.py verify   STATE BASE ISSO     API counts against the database and the seeding plan

BASE is the site (http://127.0.0.1:8092), ISSO the comment server (http://127.0.0.1:8093).
"""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import sys
import unicodedata
import urllib.error
import urllib.request
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
CONTENT = HERE.parent.parent / "wordpress" / "content.json"

# The five posts of the site, in content.json's words. Their comments are seeded with content.json's
# authors, texts and dates: "approved" ones are activated by the owner, "hold" and "spam" ones stay in
# Isso's moderation queue (Isso has no spam folder), "trash" ones are deleted by their own author.
POSTS = ["the-intimacy-of-genuine-kindness", "what-happens-in-a-first-session", "when-therapy-ends",
         "silence-in-the-consulting-room", "repair-after-a-rupture"]
# Two comments borrowed from a post this site does not have, so that each fate occurs:
# (target post, key in the source post, parent key in the target post or None, date override or None)
BORROWED = [("silence-in-the-consulting-room", "x3", "s3", None),             # a pending reply
            ("repair-after-a-rupture", "x2", None, "2024-01-17 10:02:00")]     # shown, then deleted
FATE = {"approved": "publish", "hold": "pending", "spam": "pending", "trash": "delete"}
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0"


def log(msg: str) -> None:
    print(f"[isso-fixture] {msg}", file=sys.stderr, flush=True)


def die(msg: str) -> None:
    log(f"error: {msg}")
    sys.exit(1)


# ------------------------------------------------------------------------------------------ plain text
# Same rules as the crawler's text (crawler/normalize/text.py), written again here so that the truth
# does not come from the code under test: paragraphs separated by one blank line, <br> a newline.
_BLOCK = set("""address article aside blockquote dd details div dl dt fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul""".split())
_SKIP = set("script style noscript template svg math iframe object embed button select textarea input head".split())
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.out.append("\x01")
        elif tag in _BLOCK:
            self.out.append("\x00")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.out.append("\x01")
        elif tag in _BLOCK:
            self.out.append("\x00")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.out.append("\x00")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(markup: str | None) -> str:
    if not markup:
        return ""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    paragraphs = []
    for block in "".join(parser.out).split("\x00"):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\x01")]
        text = "\n".join(lines).strip("\n ")
        paragraphs += [part for part in re.split(r"\n{2,}", text) if part]
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs))


# ------------------------------------------------------------------------------------------ content
def load_content() -> dict:
    return json.loads(CONTENT.read_text(encoding="utf-8"))


def utc_iso(created: float) -> str:
    """Isso's `created` (a UNIX time, float) as ISO 8601 UTC, whole seconds."""
    return datetime.fromtimestamp(int(created), timezone.utc).isoformat()


def cmd_content(state: Path, base: str) -> None:
    data = load_content()
    users = {u["login"]: u for u in data["users"]}
    posts = {p["slug"]: p for p in data["posts"]}
    out = state / "content"
    (out / "pages").mkdir(parents=True, exist_ok=True)

    def link(match: re.Match) -> str:   # <a href="{base}/2020/11/slug/">text</a> -> Pelican's {filename} link
        href, text = match.group(1), match.group(2)
        slug = href.rstrip("/").rsplit("/", 1)[-1]
        target = f"{{filename}}/{slug}.md" if slug in POSTS else href.replace("{base}", base)
        return f"[{text}]({target})"

    for slug in POSTS:
        p = posts[slug]
        body = []
        for tag, text in p["blocks"]:
            text = re.sub(r'<a href="([^"]+)">(.*?)</a>', link, text)
            body.append(f"## {text}" if tag == "h2" else text)
        head = [f"Title: {p['title']}", f"Date: {p['date']}", f"Author: {users[p['author']]['display']}",
                f"Category: {p['categories'][0]}", f"Tags: {', '.join(p['tags'])}", f"Slug: {slug}"]
        (out / f"{slug}.md").write_text("\n".join(head) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    about = ["Title: About", "Slug: about", "", *[x + "\n" for x in data["about"]]]
    (out / "pages" / "about.md").write_text("\n".join(about), encoding="utf-8")
    log(f"wrote {len(POSTS)} posts and the About page to {out}")


def plan() -> list[dict]:
    """Every comment to seed, per post in date order: key, post slug, parent key, fate, date, text..."""
    data = load_content()
    posts = {p["slug"]: p for p in data["posts"]}
    by_key = {c["key"]: c for p in data["posts"] for c in p["comments"]}
    items = []
    for slug in POSTS:
        mine = [dict(c, post=slug) for c in posts[slug]["comments"] if c["type"] == "comment"]
        for target, key, parent, date in BORROWED:
            if target == slug:
                mine.append(dict(by_key[key], post=slug, parent=parent, date=date or by_key[key]["date"]))
        mine.sort(key=lambda c: c["date"])
        items += [dict(c, fate=FATE[c["status"]]) for c in mine]
    return items


# ------------------------------------------------------------------------------------------ HTTP
def request(method: str, url: str, body: dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": UA, **(headers or {})})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get_json(url: str):
    status, _, body = request("GET", url)
    if status != 200:
        die(f"GET {url}: HTTP {status}: {body[:300]!r}")
    return json.loads(body)


def thread_ids(state: Path) -> dict[str, dict]:
    """slug -> Pelican's article record (url, isso_thread, ...)."""
    truth = json.loads((state / "pelican-truth.json").read_text(encoding="utf-8"))
    return {a["slug"]: a for a in truth["articles"]}


# ------------------------------------------------------------------------------------------ seed
def cmd_seed(state: Path, base: str, isso: str) -> None:
    done = state / "seeded.json"
    if done.exists():
        log("already seeded")
        return
    articles = thread_ids(state)
    tz = ZoneInfo(load_content()["timezone"])
    items = plan()
    ips: dict[str, str] = {}
    ids: dict[str, int] = {}
    cookies: dict[str, str] = {}
    isso_log = state / "isso.log"
    for c in items:
        art = articles[c["post"]]
        # each visitor from their own /24 (Isso's guard counts per anonymised /24), as a reverse proxy
        # listed in [server] trusted-proxies would report them
        n = ips.setdefault(c["author"], str(len(ips)))
        ip = f"198.18.{int(n) % 256}.{17 + int(n) // 256}"
        body = {"text": c["text"], "author": c["author"], "email": c["email"] or None,
                "website": c["url"].replace("{base}", base) or None,
                "parent": ids[c["parent"]] if c["parent"] else None,
                "title": art["title"], "notification": 0}
        url = f"{isso}/new?uri={quote(art['isso_thread'], safe='')}"
        status, headers, raw = request("POST", url, body, {
            "Origin": base, "Referer": art["url"], "X-Forwarded-For": ip, "Accept": "application/json"})
        if status not in (201, 202):
            die(f"POST {url} for {c['key']}: HTTP {status}: {raw[:300]!r}")
        rv = json.loads(raw)
        ids[c["key"]] = rv["id"]
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            if name == str(rv["id"]):
                cookies[c["key"]] = rest.split(";", 1)[0]
        if status != 202:
            die(f"comment {c['key']} was published at once (HTTP {status}): is [moderation] enabled?")
    log(f"posted {len(items)} comments (all held for moderation)")

    # the owner activates comments with the links Isso's stdout notifier writes to its log
    links = dict((int(m.group(2)), m.group(1)) for m in
                 re.finditer(r"Activate comment: (\S+/id/(\d+)/activate/\S+)", isso_log.read_text(encoding="utf-8")))
    activated = 0
    for c in items:
        if c["fate"] in ("publish", "delete"):
            link = links.get(ids[c["key"]]) or die(f"no activation link for comment {ids[c['key']]} in {isso_log}")
            status, _, raw = request("POST", link)
            if status != 200:
                die(f"activating {c['key']}: HTTP {status}: {raw[:200]!r}")
            activated += 1
    log(f"activated {activated} comments from the moderation links in {isso_log.name}")

    # their authors delete the "trash" ones within the edit window (max-age), with the cookie Isso gave
    deleted = []
    for c in items:
        if c["fate"] == "delete":
            cid = ids[c["key"]]
            status, _, raw = request("DELETE", f"{isso}/id/{cid}", None, {
                "Cookie": f"{cid}={cookies[c['key']]}", "Origin": base, "Content-Type": "application/json"})
            if status != 200:
                die(f"deleting {c['key']} ({cid}): HTTP {status}: {raw[:200]!r}")
            deleted.append(cid)
    log(f"deleted {len(deleted)} comment(s) as their author: {deleted}")

    # Isso stamps `created` with the time of the POST; give the comments content.json's dates (the
    # blog's local time), as `isso import` does for migrated comments
    with sqlite3.connect(state / "comments.db", timeout=30) as db:
        for c in items:
            when = datetime.strptime(c["date"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz).timestamp()
            db.execute("UPDATE comments SET created = ? WHERE id = ?", (when, ids[c["key"]]))
    log("backdated the comments to content.json's dates")

    record = [{"key": c["key"], "id": ids[c["key"]], "post": c["post"], "post_url": articles[c["post"]]["url"],
               "author": c["author"], "fate": c["fate"], "status": c["status"], "text": c["text"]} for c in items]
    tmp = done.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, done)


# ------------------------------------------------------------------------------------------ manifest
def visible(isso: str, uri: str) -> list[dict]:
    """The whole thread as the API gives it to anyone (no limit: every top-level comment and reply)."""
    data = get_json(f"{isso}/?uri={quote(uri, safe='')}")
    flat = []
    for top in data.get("replies", []):
        flat.append(top)
        flat += top.get("replies", [])
    return flat


def versions() -> str:
    from importlib.metadata import version
    return f"Pelican {version('pelican')} + Isso {version('isso')}"


def not_posts(state: Path, base: str, post_urls: set[str]) -> list[str]:
    out = []
    root = state / "output"
    for f in sorted(root.rglob("*.html")):
        rel = f.relative_to(root).as_posix()
        url = f"{base}/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        if url not in post_urls:
            out.append(url)
    return out


def cmd_manifest(state: Path, base: str, isso: str) -> None:
    truth = json.loads((state / "pelican-truth.json").read_text(encoding="utf-8"))
    seeded = json.loads((state / "seeded.json").read_text(encoding="utf-8"))
    posts, comments, absent = [], [], []
    db = sqlite3.connect(f"file:{state / 'comments.db'}?mode=ro", uri=True, timeout=30)
    for a in sorted(truth["articles"], key=lambda a: a["published"]):
        posts.append({"url": a["url"], "title": a["title"], "author": a["author"], "published": a["published"],
                      "text": html_text(a["html"]), "isso_thread": a["isso_thread"]})
        for c in visible(isso, a["isso_thread"]):
            if c["mode"] != 1:        # 4: deleted but still referenced by replies (none in this fixture)
                continue
            comments.append({"id": str(c["id"]), "post_url": a["url"],
                             "parent_id": str(c["parent"]) if c["parent"] is not None else None,
                             "author": html.unescape(c["author"]) if c["author"] else None,
                             "published": utc_iso(c["created"]), "text": html_text(c["text"])})
        for cid, text, mode in db.execute(
                "SELECT c.id, c.text, c.mode FROM comments c JOIN threads t ON c.tid = t.id "
                "WHERE t.uri = ? AND c.mode != 1 ORDER BY c.id", (a["isso_thread"],)):
            absent.append({"id": str(cid), "post_url": a["url"], "text": text.strip(),
                           "why": "pending" if mode == 2 else "deleted"})
    db.close()
    for s in seeded:   # deleted without replies: Isso removed the row, so only the seeding record knows
        if s["fate"] == "delete":
            absent.append({"id": str(s["id"]), "post_url": s["post_url"], "text": s["text"], "why": "deleted"})
    post_urls = {p["url"] for p in posts}
    manifest = {"engine": versions(), "base_url": base + "/", "isso_url": isso + "/",
                "posts": posts, "comments": comments, "absent_comments": absent,
                "not_posts": not_posts(state, base, post_urls)}
    tmp = state / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, state / "manifest.json")
    log(f"manifest: {len(posts)} posts, {len(comments)} comments, {len(absent)} absent, "
        f"{len(manifest['not_posts'])} other pages")


def cmd_verify(state: Path, base: str, isso: str) -> None:
    """Each thread's API answer against the database and (at least) what the seeding published."""
    articles = thread_ids(state)
    seeded = json.loads((state / "seeded.json").read_text(encoding="utf-8"))
    db = sqlite3.connect(f"file:{state / 'comments.db'}?mode=ro", uri=True, timeout=30)
    bad = []
    for slug in POSTS:
        uri = articles[slug]["isso_thread"]
        data = get_json(f"{isso}/?uri={quote(uri, safe='')}")
        api = len(data["replies"]) + sum(len(r["replies"]) for r in data["replies"])
        (in_db,) = db.execute("SELECT COUNT(*) FROM comments c JOIN threads t ON c.tid = t.id "
                              "WHERE t.uri = ? AND c.mode IN (1, 4)", (uri,)).fetchone()
        planned = sum(1 for s in seeded if s["post"] == slug and s["fate"] == "publish")
        ok = api == in_db == data["total_replies"] and api >= planned
        log(f"{'ok ' if ok else 'BAD'} {uri}: API {api} (total_replies {data['total_replies']}), "
            f"database {in_db}, seeded visible {planned}")
        if not ok:
            bad.append(uri)
    db.close()
    if bad:
        die(f"counts disagree for {bad}")


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        die(__doc__)
    cmd, state, base = argv[0], Path(argv[1]), argv[2].rstrip("/")
    isso = argv[3].rstrip("/") if len(argv) > 3 else ""
    {"content": lambda: cmd_content(state, base), "seed": lambda: cmd_seed(state, base, isso),
     "manifest": lambda: cmd_manifest(state, base, isso), "verify": lambda: cmd_verify(state, base, isso)}[cmd]()


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Checks a running fixture against its manifest, the way a visitor sees it (stdlib only):
every post page answers and names its title and author; every comment of the manifest is on its post's page,
in a box id="c<ID>" nested inside its parent's box, with its author and its text; no absent comment's text is
there (a removed one may leave its "This comment has been removed." box); hidden posts answer 404.
  python3 verify.py [STATE_DIR]      (default $ENGINE_STATE or /tmp/django_blog-state)
"""
import html
import json
import os
import re
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser


class Boxes(HTMLParser):
    """Finds each <div id="cNN"> and the nearest enclosing comment box (its parent in the page)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.parent_of = [], {}

    def handle_starttag(self, tag, attrs):
        if tag != "div":
            return
        cid = dict(attrs).get("id") or ""
        m = re.fullmatch(r"c(\d+)", cid)
        if m:
            enclosing = next((c for c in reversed(self.stack) if c), None)
            self.parent_of[m.group(1)] = enclosing
        self.stack.append(m.group(1) if m else None)

    def handle_endtag(self, tag):
        if tag == "div" and self.stack:
            self.stack.pop()


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


def main():
    state = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ENGINE_STATE", "/tmp/django_blog-state")
    m = json.load(open(os.path.join(state, "manifest.json"), encoding="utf-8"))
    problems, pages = [], {}
    for p in m["posts"]:
        status, page = fetch(p["url"])
        if status != 200:
            problems.append(f"{p['url']}: HTTP {status}")
            continue
        pages[p["url"]] = page
        text = norm(html.unescape(re.sub(r"<[^>]+>", " ", page)))
        for needle in (p["title"], p["author"], p["text"].split("\n\n")[0]):
            if norm(needle) not in text:
                problems.append(f"{p['url']}: {needle[:40]!r} not on the page")
    boxes = {}
    for url, page in pages.items():
        b = Boxes()
        b.feed(page)
        boxes[url] = b.parent_of
    for c in m["comments"]:
        page = pages.get(c["post_url"], "")
        parents = boxes.get(c["post_url"], {})
        if c["id"] not in parents:
            problems.append(f"comment {c['id']}: no box on {c['post_url']}")
            continue
        if parents[c["id"]] != c["parent_id"]:
            problems.append(f"comment {c['id']}: nested in {parents[c['id']]}, manifest says parent {c['parent_id']}")
        text = norm(html.unescape(re.sub(r"<[^>]+>", " ", page)))
        for needle in (c["author"], c["text"]):
            if norm(needle) not in text:
                problems.append(f"comment {c['id']}: {needle[:40]!r} not on its page")
    for c in m["absent_comments"]:
        text = norm(html.unescape(re.sub(r"<[^>]+>", " ", pages.get(c["post_url"], ""))))
        if norm(c["text"]) in text:
            problems.append(f"absent comment {c['id']} ({c['why']}) is visible")
        if (c["id"] in boxes.get(c["post_url"], {})) != c["placeholder_shown"]:
            problems.append(f"absent comment {c['id']}: placeholder box shown is not {c['placeholder_shown']}")
    for h in m.get("hidden_posts", []):
        status, _ = fetch(h["url"])
        if status != 404:
            problems.append(f"hidden post {h['url']}: HTTP {status}, not 404")
    for u in m["not_posts"]:
        status, _ = fetch(u)
        if status != 200:
            problems.append(f"not_post {u}: HTTP {status}")
    print(f"{len(m['posts'])} posts, {len(m['comments'])} comments, {len(m['absent_comments'])} absent, "
          f"{len(m['not_posts'])} other pages checked: {len(problems)} problem(s)")
    for line in problems:
        print("  " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

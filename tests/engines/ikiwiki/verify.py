#!/usr/bin/python3
"""Checks the served site against manifest.json (stdlib only).

    verify.py [MANIFEST]      (default: $ENGINE_STATE/manifest.json or /tmp/ikiwiki-state/manifest.json)

- every post URL answers 200, is linked from the posts archive page, and shows the post's text;
- every comment's text, author and date-less identity (its anchor id) is inside that post's page, in the
  <div class="comment" id="..."> of that id;
- no absent comment's text appears on any page of the manifest (posts and not_posts) or in any feed.
Exits 1 on the first kind of failure it finds, after printing all of them.
"""
import html
import json
import os
import re
import sys
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read().decode("utf-8")


def plain(s):
    s = re.sub(r"<!--.*?-->", "", s, flags=re.S)
    s = re.sub(r"</?(?:a|span|em|strong|b|i|code|time|abbr|small|sup|sub)\b[^>]*>", "", s, flags=re.I)  # inline: no space
    s = re.sub(r"<[^>]+>", " ", s)
    return re.sub(r"\s+", " ", html.unescape(s).replace("\xa0", " ")).strip()


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("ENGINE_STATE", "/tmp/ikiwiki-state"), "manifest.json")
    m = json.load(open(path, encoding="utf-8"))
    bad = []
    pages = {}
    for url in [p["url"] for p in m["posts"]] + m["not_posts"]:
        status, body = fetch(url)
        if status != 200:
            bad.append(f"{url}: HTTP {status}")
        pages[url] = body
    archive = pages.get(m["base_url"] + "posts/", "")
    for p in m["posts"]:
        body = pages[p["url"]]
        rel = p["url"][len(m["base_url"]) - 1:]                      # /posts/slug/
        if rel.rsplit("/", 2)[-2] + "/" not in archive:
            bad.append(f"{p['url']}: not linked from the posts archive")
        for para in p["text"].split("\n\n"):
            if norm(para) not in plain(body):
                bad.append(f"{p['url']}: post paragraph missing: {para[:60]!r}")
    shown = 0
    for c in m["comments"]:
        body = pages[c["post_url"]]
        mm = re.search(r'<div class="comment" id="%s">(.*?)<div style="clear: both"></div>' % re.escape(c["id"]), body, re.S)
        if not mm:
            bad.append(f"{c['id']}: no comment block with this id on {c['post_url']}")
            continue
        block = plain(mm.group(1))
        if norm(c["text"]) not in block:
            bad.append(f"{c['id']}: text not in its block: {c['text'][:60]!r}")
        if f"Comment by {c['author']}" not in block:
            bad.append(f"{c['id']}: author {c['author']!r} not in its block")
        shown += 1
    leaked = 0
    feeds = []
    for url, body in pages.items():
        feeds += [urllib.parse.urljoin(url, h) for h in re.findall(r'<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*href="([^"]+)"', body)]
    for url in sorted(set(feeds)):
        pages[url] = fetch(url)[1]
    for a in m["absent_comments"]:
        for url, body in pages.items():
            if norm(a["text"]) in plain(body) or norm(a["text"]) in plain(html.unescape(body)):
                bad.append(f"absent comment {a['id']} ({a['why']}) is visible on {url}")
                leaked += 1
    print(f"pages fetched: {len(pages)} ({len(set(feeds))} feeds); posts {len(m['posts'])}; "
          f"comments found in their block: {shown}/{len(m['comments'])}; absent comments leaked: {leaked}/{len(m['absent_comments'])}")
    for b in bad:
        print("FAIL", b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    import urllib.parse
    main()

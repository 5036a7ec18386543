#!/usr/bin/python3
"""Writes the source tree of an ikiwiki blog, the way ikiwiki itself would hold it.

    seed.py CONTENT_JSON SRCDIR

- Starts from ikiwiki's own example blog (/usr/share/ikiwiki/examples/blog, what `auto-blog.setup`
  copies in), drops its two example posts and adds five therapy posts from tests/wordpress/content.json
  as posts/<slug>.mdwn with [[!meta title/author/date]] and [[!tag]] directives, their tag pages
  (tags/<tag>.mdwn, as tag_autocreate would write them) and an About page.
- Comments are files posts/<slug>/comment_<N>_<md5>._comment holding one [[!comment ...]] directive,
  written exactly as IkiWiki::Plugin::comments::editcomment() writes them (same field order, same
  escaping, date in UTC "%Y-%m-%dT%H:%M:%SZ", md5 of the directive text, N = comments so far + 1).
  Anonymous commenters carry ip/claimedauthor/url (comments_allowauthor); the blog's authors are
  signed-in users (username=...).
- Comments the site must NOT show: the ones WordPress held/marked spam are stored where moderation
  keeps them (.ikiwiki/transient/<page>/comment_1_<md5>._comment_pending), and one comment sits
  under about/, a page outside comments_pagespec, so ikiwiki never renders it.
File mtimes are set to the content's dates so the pages' "Last edited" lines are stable.
Refuses to run on a SRCDIR that already has posts (start.sh seeds once).
"""
import hashlib
import json
import os
import re
import shutil
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

EXAMPLE = "/usr/share/ikiwiki/examples/blog"
SLUGS = [  # five posts; the two left out are the comment-closed one and the one with 60 comments
    "the-intimacy-of-genuine-kindness",
    "what-happens-in-a-first-session",
    "when-therapy-ends",
    "silence-in-the-consulting-room",
    "repair-after-a-rupture",
]
FIXED_MTIME = datetime(2024, 2, 1, 12, 0, tzinfo=timezone.utc).timestamp()   # pages that are not posts


def main(content_json, src):
    data = json.load(open(content_json, encoding="utf-8"))
    tz = ZoneInfo(data["timezone"])               # WordPress dates are local to this zone
    users = {u["login"]: u for u in data["users"]}
    posts = {p["slug"]: p for p in data["posts"]}

    if os.path.isdir(os.path.join(src, "posts")) and os.listdir(os.path.join(src, "posts")):
        sys.exit(f"seed.py: {src}/posts already exists; not seeding twice")
    os.makedirs(src, exist_ok=True)
    for name in os.listdir(EXAMPLE):              # ikiwiki's example blog, as auto-blog.setup does
        s, d = os.path.join(EXAMPLE, name), os.path.join(src, name)
        if os.path.isdir(s):
            shutil.copytree(s, d, dirs_exist_ok=True)
        else:
            shutil.copyfile(s, d)
    for name in os.listdir(os.path.join(src, "posts")):   # first_post.mdwn, second_post.mdwn
        os.remove(os.path.join(src, "posts", name))

    def local(s):  # "2019-03-14 09:30:00" (local time in the blog's zone) -> aware datetime
        return datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz)

    def write(rel, text, when=None, base=src):
        path = os.path.join(base, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        t = when.timestamp() if when else FIXED_MTIME
        os.utime(path, (t, t))

    # ------------------------------------------------------------------ pages around the posts
    about = "[[!meta title=\"About\"]]\n\n" + "\n\n".join(data["about"]) + "\n"
    write("about.mdwn", about)
    with open(os.path.join(src, "sidebar.mdwn"), "a", encoding="utf-8") as f:
        f.write("\n[[About|about]]\n")
    os.utime(os.path.join(src, "sidebar.mdwn"), (FIXED_MTIME, FIXED_MTIME))
    with open(os.path.join(src, "index.mdwn"), encoding="utf-8") as f:
        index = f.read()
    index = f"[[!meta title=\"{data['site_title']}\"]]\n\n{data['tagline']}\n\n" + index
    index = index.rstrip("\n") + " Read more [[about this blog|about]].\n"
    write("index.mdwn", index)
    for name in ("posts.mdwn", "archives.mdwn", "comments.mdwn", "tags.mdwn"):
        p = os.path.join(src, name)
        os.utime(p, (FIXED_MTIME, FIXED_MTIME))

    # ------------------------------------------------------------------ posts
    def body(text):
        # the one internal link in the posts: <a href="{base}/2020/11/when-therapy-ends/">..</a> -> wikilink
        def link(m):
            slug = m.group(1)
            return f"[[{m.group(2)}|{slug}]]" if slug in SLUGS else m.group(2)
        text = re.sub(r'<a href="\{base\}/\d{4}/\d{2}/([^/"]+)/">([^<]*)</a>', link, text)
        return text.replace("\u00a0", " ")

    for slug in SLUGS:
        p = posts[slug]
        when = local(p["date"])
        author = users[p["author"]]["display"]
        lines = [
            f'[[!meta title="""{p["title"]}"""]]',
            f'[[!meta author="{author}"]]',
            f'[[!meta date="{when.strftime("%Y-%m-%d %H:%M:%S %z")}"]]',
            "",
        ]
        for kind, text in p["blocks"]:
            lines += [("## " if kind == "h2" else "") + body(text), ""]
        tags = [t.replace(" ", "_") for t in p["tags"]]
        lines.append(f"[[!tag {' '.join(tags)}]]")
        for tag in tags:   # what tag_autocreate would make from autotag.tmpl, but with a stable mtime
            write(f"tags/{tag}.mdwn", f'[[!meta title="pages tagged {tag.replace("_", " ")}"]]\n\n'
                  f'[[!inline pages="tagged({tag})" actions="no" archive="yes"\nfeedshow=10]]\n')
        write(f"posts/{slug}.mdwn", "\n".join(lines) + "\n", when)

        # -------------------------------------------------------------- comments on it
        number = {}   # WordPress key -> ikiwiki comment number, for "Re: comment N" subjects
        n = 0
        shown = [c for c in p["comments"] if c["type"] == "comment" and c["status"] == "approved"]
        held = [c for c in p["comments"] if c["type"] == "comment" and c["status"] in ("hold", "spam")]
        for i, c in enumerate(sorted(shown, key=lambda c: c["date"])):
            n += 1
            number[c["key"]] = n
            subject = f"Re: comment {number[c['parent']]}" if c["parent"] in number else f"comment {n}"
            directive = comment_directive(c, users, subject, local(c["date"]), ip=f"198.51.100.{10 + i}")
            name = f"posts/{slug}/comment_{n}_{md5(directive)}._comment"
            write(name, directive, local(c["date"]))
        for i, c in enumerate(held):           # the moderation queue: ikiwiki's transient underlay
            directive = comment_directive(c, users, f"comment {n + 1}", local(c["date"]), ip=f"203.0.113.{20 + i}")
            # unique_comment_location() counts only ._comment files there: always comment_1_<md5>
            name = f"posts/{slug}/comment_1_{md5(directive)}._comment_pending"
            write(name, directive, local(c["date"]), base=os.path.join(src, ".ikiwiki", "transient"))

    # a comment on the About page: stored like any comment, but about is outside comments_pagespec
    extra = [c for c in posts["why-kindness-and-connection-matter"]["comments"] if c["key"] == "x3"][0]
    directive = comment_directive(extra, users, "comment 1", local(extra["date"]), ip="203.0.113.77")
    write(f"about/comment_1_{md5(directive)}._comment", directive, local(extra["date"]))


def md5(s):
    return hashlib.md5(s.encode("utf-8")).hexdigest()


def comment_directive(c, users, subject, when, ip):
    """The text editcomment() would store for this comment (see IkiWiki/Plugin/comments.pm)."""
    esc = lambda s: s.replace('"', "&quot;")
    out = "[[!comment format=mdwn\n"
    if c.get("user"):                        # a signed-in user of the wiki (the post's author)
        out += f' username="{esc(c["user"])}"\n'
    else:                                    # anonymous, with the name/url fields of the form
        out += f' ip="{ip}"\n'
        if c["author"] and c["author"] != "Anonymous":
            out += f' claimedauthor="{esc(c["author"])}"\n'
        if c.get("url"):
            out += f' url="{esc(c["url"])}"\n'
    out += f' subject="{esc(subject)}"\n'
    out += f' date="{when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}"\n'
    text = c["text"].replace("\r\n", "\n").replace("\r", "\n").replace('"', '\\"')
    out += f' content="""\n{text}\n"""]]\n'
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: seed.py CONTENT_JSON SRCDIR")
    main(sys.argv[1], sys.argv[2])

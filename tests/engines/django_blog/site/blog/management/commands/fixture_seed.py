"""Seeds the blog once from tests/wordpress/content.json through Django's ORM and the comments framework.

  manage.py fixture_seed --content PATH --domain 127.0.0.1:8091

Five therapy posts (and one draft), their authors, the About flatpage, and threaded comments saved as
django-comments-xtd XtdComment objects (the model computes thread_id/level/order itself from parent_id).
A post's comments are the approved ones of content.json (pingbacks have no Django counterpart), plus a few
the site must not show: 'hold' and 'spam' become is_public=False, 'trash' becomes is_removed=True, which
is what django_comments' moderator "delete" does. The Site's domain is (re)set on every run, since the
sitemap, the feeds and the comment permalinks build absolute URLs from it. A no-op once seeded.
"""
import hashlib
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from blog.models import Post

SITE_NAME = "The Attuned Room"
# Which posts of content.json, and for a long thread which of its comments (None: all of them).
POSTS = {
    "the-intimacy-of-genuine-kindness": None,
    "what-happens-in-a-first-session": None,
    "when-therapy-ends": None,
    "silence-in-the-consulting-room": None,
    "why-kindness-and-connection-matter": ["c3", "r3", "r4", "c7", "r8", "r9", "c19", "r21", "x1", "x2", "x3"],
}
DRAFTS = ["notes-on-supervision"]


class Command(BaseCommand):
    help = "Seed the fixture blog from content.json (once) and set the Site domain."

    def add_arguments(self, parser):
        parser.add_argument("--content", required=True)
        parser.add_argument("--domain", required=True, help="host:port the site is served on")

    def handle(self, *args, content, domain, **options):
        site, _ = Site.objects.update_or_create(id=1, defaults={"domain": domain, "name": SITE_NAME})
        if Post.objects.exists():
            self.stdout.write("already seeded")
            return
        with open(content, "rb") as f:
            raw = f.read()
        data = json.loads(raw)
        with transaction.atomic():
            self.seed(data, site)
        self.stdout.write(f"seeded from content.json sha1 {hashlib.sha1(raw).hexdigest()}")

    def seed(self, data, site):
        tz = ZoneInfo(data["timezone"])
        when = lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz)  # noqa: E731

        # ---- authors: they moderate comments, as a blog's authors do
        can_moderate = Permission.objects.get(content_type__app_label="django_comments", codename="can_moderate")
        users = {}
        for u in data["users"]:
            user = User.objects.create_user(u["login"], u["email"], f"fixture-{u['login']}",
                                            first_name=u["first"], last_name=u["last"])
            user.user_permissions.add(can_moderate)
            users[u["login"]] = user
        by_login = {u["login"]: u for u in data["users"]}

        # ---- the About page
        about = FlatPage.objects.create(url="/about/", title="About",
                                        content="\n".join(f"<p>{p}</p>" for p in data["about"]))
        about.sites.add(site)

        # ---- posts and their comments
        posts = {p["slug"]: p for p in data["posts"] + data["hidden_posts"]}
        missing = [s for s in list(POSTS) + DRAFTS if s not in posts]
        if missing:
            raise CommandError(f"content.json has no post {', '.join(missing)}")
        ct = ContentType.objects.get_for_model(Post)
        ip = 10
        for slug, keys in POSTS.items():
            p = posts[slug]
            post = Post.objects.create(
                title=p["title"], slug=slug, author=users[p["author"]], published=when(p["date"]),
                body=markdown_body(p["blocks"]), status=Post.Status.PUBLISHED,
                allow_comments=p.get("comment_status", "open") == "open")
            comments = [c for c in p["comments"] if c["type"] == "comment"]
            if keys is not None:
                by_key = {c["key"]: c for c in comments}
                absent = [k for k in keys if k not in by_key]
                if absent:
                    raise CommandError(f"{slug}: content.json has no comment {', '.join(absent)}")
                comments = [by_key[k] for k in keys]
            ids = {}
            for c in comments:
                if c["parent"] and c["parent"] not in ids:
                    raise CommandError(f"{slug}: comment {c['key']} answers {c['parent']}, which is not seeded before it")
                user = users.get(c["user"]) if c["user"] else None
                comment = XtdComment(
                    content_type=ct, object_pk=str(post.pk), site=site, user=user,
                    user_name=c["author"], user_email=c["email"],
                    user_url=(by_login[c["user"]]["url"] if user else c["url"]) or "",
                    comment=c["text"], submit_date=when(c["date"]), ip_address=f"192.0.2.{ip % 250}",
                    is_public=c["status"] in ("approved", "trash"), is_removed=False,
                    parent_id=ids[c["parent"]] if c["parent"] else 0,
                )
                ip += 1
                comment.save()   # XtdComment.save() threads it: thread_id, parent_id, level, order
                ids[c["key"]] = comment.pk
                if c["status"] == "trash":   # as django_comments.views.moderation.perform_delete leaves it
                    CommentFlag.objects.create(user=post.author, comment=comment, flag=CommentFlag.MODERATOR_DELETION)
                    comment.is_removed = True
                    comment.save()
        for slug in DRAFTS:
            p = posts[slug]
            Post.objects.create(title=p["title"], slug=slug, author=users[p["author"]], published=when(p["date"]),
                                body=markdown_body(p["blocks"]), status=Post.Status.DRAFT)


def markdown_body(blocks):
    out = []
    for tag, text in blocks:
        out.append(f"## {text}" if tag == "h2" else text)
    return "\n\n".join(out)

"""Prints the ground truth as JSON, read back from the blog's SQLite database through the ORM.

  manage.py fixture_manifest --base-url http://127.0.0.1:8091/

Posts: the published ones, with the URL the site links them under and their body as plain text (the Markdown
rendered to HTML, as the post page shows it, then reduced to text). Comments: every XtdComment that the post
page shows (is_public, not is_removed, and every ancestor shown too), with the engine's id and parent id
(django-comments-xtd stores parent_id == id for a top-level comment; that is null here), the name the page
shows (a registered user's full name, else user_name), submit_date in the site's time zone, and the stored
comment text (plain text: the package's template prints it escaped, newlines included, without <br>).
"""
import html
import json
import re

import django
import django_comments_xtd
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment, max_thread_level_for_content_type

from blog.models import Post
from blog.templatetags.blog_extras import markdown_to_html


def plain(markup):
    markup = re.sub(r"[ \t\r\n\f]+", " ", markup)
    markup = re.sub(r"(?i) *<br */?> *", "\n", markup)
    markup = re.sub(r"(?i)</(p|h[1-6]|li|blockquote|div|pre|ul|ol)>", "\n\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def iso(dt):
    return timezone.localtime(dt).isoformat()


class Command(BaseCommand):
    help = "Print the fixture's ground truth (manifest.json) from the database."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True)

    def handle(self, *args, base_url, **options):
        base = base_url.rstrip("/")
        ct = ContentType.objects.get_for_model(Post)
        max_level = max_thread_level_for_content_type(ct)
        posts, comments, absent, reply_pages = [], [], [], []
        for post in Post.objects.published().select_related("author").order_by("published", "pk"):
            url = base + post.get_absolute_url()
            qs = XtdComment.norel_objects.filter(content_type=ct, object_pk=str(post.pk), site_id=settings.SITE_ID)
            rows = list(qs.select_related("user").order_by("thread_id", "order"))
            shown = {}
            for c in rows:   # parents come first in (thread_id, order)
                top = c.parent_id == c.pk
                parent_shown = top or shown.get(c.parent_id, False)
                shown[c.pk] = c.is_public and not c.is_removed and parent_shown
                base_fields = {"id": str(c.pk), "post_url": url, "parent_id": None if top else str(c.parent_id),
                               "author": c.name, "published": iso(c.submit_date), "text": c.comment}
                if shown[c.pk]:
                    comments.append(base_fields | {
                        "depth": c.level + 1, "url": f"{url}#c{c.pk}", "user_name": c.user_name,
                        "author_url": c.url or None, "registered_user": c.user.get_username() if c.user_id else None,
                        "permalink": base + c.get_absolute_url("#c%(id)s"),
                    })
                    if c.level < max_level:
                        reply_pages.append(base + c.get_reply_url())
                else:
                    why = ("removed" if c.is_removed else "not_public" if not c.is_public else "parent_hidden")
                    absent.append(base_fields | {
                        "why": why,
                        # a removed comment still leaves its box: name, date, "This comment has been removed."
                        "placeholder_shown": c.is_removed and c.is_public and parent_shown,
                    })
            posts.append({
                "id": post.pk, "url": url, "title": post.title, "slug": post.slug,
                "author": post.author.get_full_name(), "published": iso(post.published),
                "comment_count": sum(1 for c in rows if shown[c.pk]),
                "allow_comments": post.allow_comments, "text": plain(markdown_to_html(post.body)),
            })
        pages = (Post.objects.published().count() + 2) // 3
        not_posts = [base + "/"] + [f"{base}/?page={n}" for n in range(1, pages + 1)]   # the pager links ?page=1 too
        not_posts += [base + fp.url for fp in FlatPage.objects.order_by("url")] + reply_pages
        hidden_posts = [{"title": p.title, "status": p.status, "url": base + p.get_absolute_url()}
                        for p in Post.objects.exclude(pk__in=Post.objects.published()).order_by("pk")]
        out = {
            "engine": f"Django {django.get_version()} + django-comments-xtd {django_comments_xtd.get_version()}"
                      f" (django-contrib-comments {version('django-contrib-comments')})",
            "generated_from": "SQLite via the Django ORM (blog.Post, django_comments_xtd.XtdComment)",
            "base_url": base + "/",
            "site": {"title": "The Attuned Room", "time_zone": settings.TIME_ZONE, "posts_per_page": 3,
                     "comments_max_thread_level": max_level, "comment_template": "django_comments_xtd/comment_tree.html"},
            "urls": {"feed": base + reverse("post_feed"), "comments_feed": base + reverse("comment_feed"),
                     "sitemap": base + "/sitemap.xml", "robots": base + "/robots.txt"},
            "counts": {"posts": len(posts), "comments": len(comments), "absent_comments": len(absent),
                       "hidden_posts": len(hidden_posts)},
            "posts": posts,
            "comments": comments,
            "absent_comments": absent,
            "not_posts": not_posts,
            "hidden_posts": hidden_posts,
        }
        self.stdout.write(json.dumps(out, indent=1, ensure_ascii=False))


def version(dist):
    from importlib.metadata import version as v
    return v(dist)

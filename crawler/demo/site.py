"""The demo blog as a classic WordPress theme renders it: real markup, real boilerplate, real traps.

``DemoSite(base).respond(path)`` returns ``(status, content_type, body)`` for any request path.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from urllib.parse import parse_qs, urlsplit

from .content import COMMENT_THREADS_PER_PAGE, POSTS, POSTS_PER_PAGE, PRIVATE_PATH, SITE_TITLE, DemoComment, DemoPost

SEO_TAIL = (
    " Complement your reading by visiting this recommended external resource. There, you’ll find additional "
    "and valuable information to expand your knowledge of the topic. Investigate this useful research, check it out!"
)
SEO_LINKS = (
    "<p>Learn more by visiting the related posts we’ve selected:</p>"
    '<ul><li><a href="https://spam.example.com/1">Look into this helpful content</a></li>'
    '<li><a href="https://spam.example.com/2">Visit this useful document</a></li></ul>'
)


def _long_date(iso: str) -> str:
    d = datetime.fromisoformat(iso)
    return f"{d:%B} {d.day}, {d.year} at {d.strftime('%I:%M %p').lstrip('0').lower()}"


def _p(text: str) -> str:
    return "<p>" + escape(text).replace("\n", "<br />\n") + "</p>"


def threads(post: DemoPost) -> list[list[DemoComment]]:
    """Top-level comments with their descendants, in order (WordPress pages comments by thread)."""
    children: dict[int | None, list[DemoComment]] = {}
    for comment in post.comments:
        children.setdefault(comment.parent, []).append(comment)

    def walk(comment):
        yield comment
        for child in children.get(comment.id, []):
            yield from walk(child)

    return [list(walk(top)) for top in children.get(None, [])]


def comment_pages(post: DemoPost, per_page: int = COMMENT_THREADS_PER_PAGE) -> list[list[DemoComment]]:
    """The comments shown on each comment page, ``per_page`` threads a page (0: all on one page)."""
    tops = threads(post)
    per_page = per_page or max(len(tops), 1)
    pages = [tops[i:i + per_page] for i in range(0, len(tops), per_page)]
    return [[c for thread in page for c in thread] for page in pages] or [[]]


class DemoSite:
    """``comment_threads_per_page=0`` shows every comment on the post's page, with permalinks to the post:
    WordPress's "Break comments into pages" turned off."""

    def __init__(self, base_url: str, *, comment_threads_per_page: int = COMMENT_THREADS_PER_PAGE) -> None:
        self.base = base_url.rstrip("/")
        self.comment_threads_per_page = comment_threads_per_page

    # --- chrome shared by every page -------------------------------------------------------------------
    def _page(self, title: str, body_class: str, main: str, head: str = "") -> str:
        months = dict.fromkeys((p.path[:9], p.date[:7]) for p in POSTS)  # WordPress lists each month once
        archives = "".join(f'<li><a href="{path}">{month}</a></li>' for path, month in months)
        return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>{escape(title)} – {SITE_TITLE}</title>
<meta name="generator" content="WordPress 6.4.3">
<link rel="https://api.w.org/" href="{self.base}/wp-json/">
<link rel="alternate" type="application/rss+xml" title="{SITE_TITLE} » Feed" href="{self.base}/feed/">
<link rel="alternate" type="application/rss+xml" title="{SITE_TITLE} » Comments Feed" href="{self.base}/comments/feed/">
<link rel="stylesheet" href="{self.base}/wp-content/themes/classic/style.css">
{head}</head>
<body class="{body_class}">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{SITE_TITLE}</a></p>
<nav class="primary-navigation"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li>
<li><a href="/wp-login.php">Log in</a></li></ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">{main}</main>
<aside id="secondary" class="widget-area"><section class="widget widget_search"><form action="/"><input name="s"></form></section>
<section class="widget widget_archive"><h2>Archives</h2><ul>{archives}</ul></section>
<section class="widget widget_calendar"><a href="/?m=202101">January 2021</a> <a href="/2021/01/14/">14</a></section>
<section class="widget widget_recent_comments"><ul><li class="recentcomments">Jonas on <a href="/2021/01/the-first-session/#comment-101">What Happens in a First Session</a></li></ul></section>
</aside></div>
<footer id="colophon" class="site-footer"><div class="cookie-notice">We use cookies. <a href="#accept">Accept</a></div>
<p>Proudly powered by WordPress</p></footer></div></body></html>"""

    # --- pages ---------------------------------------------------------------------------------------------
    def respond(self, target: str) -> tuple[int, str, bytes]:
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        html = "text/html; charset=UTF-8"
        if path == "/robots.txt":
            body = f"User-agent: *\nDisallow: /private/\nDisallow: /wp-admin/\n\nSitemap: {self.base}/sitemap.xml\n"
            return 200, "text/plain; charset=utf-8", body.encode()
        if path == "/sitemap.xml":
            return 200, "application/xml; charset=UTF-8", self.sitemap().encode()
        if path == "/feed/":
            return 200, "application/rss+xml; charset=UTF-8", self.feed().encode()
        if path == "/" and not query:
            return 200, html, self.listing(1).encode()
        match = re.fullmatch(r"/page/(\d+)/", path)
        if match:  # past the last page the theme still links "Older posts": an endless-pagination trap
            return 200, html, self.listing(int(match.group(1))).encode()
        match = re.fullmatch(r"/(author|category)/([\w-]+)/|/(\d{4})/(\d{2})/", path)
        if match:
            return 200, html, self.archive(match).encode()
        if path == "/about/":
            return 200, html, self.about().encode()
        if path.startswith("/private/"):
            return 200, html, self._page("Private", "page", "<p>Client notes that must never be archived.</p>").encode()
        match = re.fullmatch(r"(/.+/)comment-page-(\d+)/", path)
        post_path, comment_page = (match.group(1), int(match.group(2))) if match else (path, None)
        for post in POSTS:
            if post.path == post_path:
                return 200, html, self.post(post, comment_page).encode()
        return 404, html, self._page("Page not found", "error404", "<h1>Nothing here</h1>").encode()

    def listing(self, number: int) -> str:
        newest = sorted(POSTS, key=lambda p: p.date, reverse=True)
        shown = newest[(number - 1) * POSTS_PER_PAGE: number * POSTS_PER_PAGE]
        articles = "".join(
            f'<article class="post type-post"><h2 class="entry-title"><a href="{p.path}">{escape(p.title)}</a></h2>'
            f'<div class="entry-summary">{_p(p.paragraphs[0])}</div><a href="{p.path}">Continue reading</a></article>'
            for p in shown
        )
        nav = f'<nav class="navigation pagination"><a class="next page-numbers" href="/page/{number + 1}/">Older posts</a></nav>'
        classes = "home blog" if number == 1 else "blog paged paged-" + str(number)
        return self._page(SITE_TITLE, classes, articles + nav)

    def archive(self, match: re.Match) -> str:
        """Author, category and month archives: every matching post on one page."""
        if match.group(1) == "author":
            shown = [p for p in POSTS if p.author.split()[0].lower() == match.group(2)]
        elif match.group(1) == "category":
            shown = list(POSTS)
        else:
            shown = [p for p in POSTS if p.date[:7] == f"{match.group(3)}-{match.group(4)}"]
        articles = "".join(
            f'<article class="post type-post"><h2 class="entry-title"><a href="{p.path}">{escape(p.title)}</a></h2></article>'
            for p in shown
        )
        return self._page("Archives", "archive", articles)

    def about(self) -> str:
        body = (
            '<article class="page type-page"><h1 class="entry-title">About</h1><div class="entry-content">'
            "<p>Quiet Practice is written by two psychotherapists.</p>"
            f'<p><a href="{PRIVATE_PATH}">Client notes</a> · <a href="/2021/01/the-first-session/?replytocom=101#respond">Reply</a></p>'
            "</div></article>"
        )
        return self._page("About", "page-template-default page page-id-2", body)

    def post(self, post: DemoPost, comment_page: int | None) -> str:
        pages = comment_pages(post, self.comment_threads_per_page)
        page_number = comment_page or len(pages)  # like WordPress: the newest comment page by default
        shown = pages[page_number - 1] if 0 < page_number <= len(pages) else []
        paragraphs = [_p(t) for t in post.paragraphs]
        if post.seo_spam_tail:
            paragraphs[-1] = _p(post.paragraphs[-1] + SEO_TAIL) + SEO_LINKS
        author_slug = post.author.split()[0].lower()
        content = f"""<article id="post-{POSTS.index(post) + 10}" class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{escape(post.title)}</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n" href="/author/{author_slug}/">{escape(post.author)}</a></span></span>
<span class="posted-on"><a href="{post.path}" rel="bookmark"><time class="entry-date published" datetime="{post.date}">{_long_date(post.date)}</time></a></span></div></header>
<div class="entry-content">{''.join(paragraphs)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="{post.path}?share=twitter">Twitter</a></li><li><a href="{post.path}?share=facebook">Facebook</a></li></ul></div>
<div id="jp-post-flair"><div class="sharedaddy sd-like"><h3 class="sd-title">Like this:</h3><span>Like Loading…</span></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3></div></div></div>
<footer class="entry-footer">This entry was posted in <a href="/category/practice/">Practice</a>. Bookmark the <a href="{post.path}" rel="bookmark">permalink</a>.</footer>
<div class="author-bio"><h2 class="author-title">About {escape(post.author)}</h2><p>A psychotherapist in private practice.</p></div>
</article>{self.comments(post, shown, page_number, len(pages))}"""
        head = f'<link rel="canonical" href="{self.base}{post.path}">'
        return self._page(post.title, "post-template-default single single-post single-format-standard", content, head)

    def comments(self, post: DemoPost, shown: list[DemoComment], page: int, pages: int) -> str:
        by_id = {c.id: c for c in shown}
        children: dict[int | None, list[DemoComment]] = {}
        for comment in shown:
            children.setdefault(comment.parent if comment.parent in by_id else None, []).append(comment)

        permalink = f"{post.path}comment-page-{page}/" if self.comment_threads_per_page else post.path

        def render(comment: DemoComment, depth: int) -> str:
            name = escape(comment.author)
            if comment.author_url:
                name = f'<a href="{comment.author_url}" class="url" rel="ugc external nofollow">{name}</a>'
            kids = children.get(comment.id, [])
            nested = f'<ol class="children">{"".join(render(k, depth + 1) for k in kids)}</ol>' if kids else ""
            return f"""<li id="comment-{comment.id}" class="{comment.kind} even depth-{depth}">
<article id="div-comment-{comment.id}" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><img alt="" src="/avatar.png" class="avatar avatar-60" height="60" width="60"> <b class="fn">{name}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{permalink}#comment-{comment.id}"><time datetime="{comment.date}">{_long_date(comment.date)}</time></a></div>
</footer><div class="comment-content">{_p(comment.text)}</div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{post.path}?replytocom={comment.id}#respond">Reply</a></div>
</article>{nested}</li>"""

        listed = "".join(render(c, 1) for c in children.get(None, []))
        nav = ""
        if page > 1:
            nav += f'<div class="nav-previous"><a href="{post.path}comment-page-{page - 1}/#comments">Older comments</a></div>'
        if page < pages:
            nav += f'<div class="nav-next"><a href="{post.path}comment-page-{page + 1}/#comments">Newer comments</a></div>'
        count = len(post.comments)
        title = f'<h2 class="comments-title">{count} replies to “{escape(post.title)}”</h2>' if count else ""
        return f"""<div id="comments" class="comments-area">{title}<ol class="comment-list">{listed}</ol>
<nav class="navigation comment-navigation">{nav}</nav>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Fill in your details below or click an icon to log in:</p>
<div class="comment-form-service">You are commenting using your WordPress.com account. ( <a href="/wp-login.php?action=logout">Log Out</a> / <a href="#">Change</a> )</div>
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>
<p class="math-captcha">2 + three = <input name="mc-value" size="2"></p>
<p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
<p class="form-submit"><input name="submit" type="submit" value="Post Comment"></p></form></div></div>"""

    def sitemap(self) -> str:
        urls = [f"{self.base}{p.path}" for p in POSTS] + [f"{self.base}/about/"]
        entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'

    def feed(self) -> str:
        items = "".join(f"<item><title>{escape(p.title)}</title><link>{self.base}{p.path}</link></item>" for p in POSTS)
        return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{SITE_TITLE}</title>{items}</channel></rss>'

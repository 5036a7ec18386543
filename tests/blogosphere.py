"""A local blogosphere: one site per platform, each on its own port of 127.0.0.1, serving its platform's
URL layout, feeds and JSON APIs (real field names, real paging) and knowing its own ground truth.

Pages come from tests/fixtures/build_platform_fixtures.py; threads come from the same content, served
the way each platform serves them when the page does not carry them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qs, urlsplit

from crawler.demo.server import DemoServer
from tests.fixtures import build_platform_fixtures as fx

POSTS = fx.CONTENT["posts"][:4]


@dataclass
class Truth:
    posts: set[str] = field(default_factory=set)  # post URLs (on 127.0.0.1)
    comments: dict[str, list[tuple]] = field(default_factory=dict)  # post URL -> [(id, parent_id, author, text)]
    external: dict[str, str] = field(default_factory=dict)  # post URL -> thread prefix
    forbidden: tuple[str, ...] = ("/private/",)  # robots.txt disallows these
    trap_prefix: str = "/calendar/"  # endless calendar pages


def _query(handler) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}


def _html(body: str, status: int = 200):
    return status, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def _json(data, headers=None):
    return 200, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}, json.dumps(data).encode()


def _xml(text: str, kind: str = "application/atom+xml"):
    return 200, {"Content-Type": f"{kind}; charset=UTF-8"}, text.encode()


def _robots(delay: float | None = None):
    lines = "User-agent: *\nDisallow: /private/\n" + (f"Crawl-delay: {delay}\n" if delay else "")
    return lambda handler: (200, {"Content-Type": "text/plain"}, lines.encode())


def _calendar(handler):
    """A calendar that always links the next month: followed only as far as the trap guards allow."""
    month = int(handler.path.rstrip("/").rsplit("/", 1)[-1] or 0)
    return _html(f'<html><body class="archive"><a href="/calendar/{month + 1}/">next month</a></body></html>')


def _home(links: list[str], head: str = "", extra: str = "") -> str:
    items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}<meta property="og:type" content="website">'
            f'</head><body class="home blog"><ul>{items}</ul><a href="/private/notes/">notes</a>'
            f'<a href="/calendar/1/">calendar</a>{extra}</body></html>')


def _plain_page(handler):
    """Every other page a site links to (about, author, tag pages): real, but no post."""
    return _html('<html><head><meta property="og:type" content="website"></head><body><p>About this blog.</p></body></html>')


def _serve(routes) -> DemoServer:
    return DemoServer(routes={"*": _plain_page, **routes}, with_blog=False).start()


def _route_post(routes, path: str, html: str) -> None:
    routes[path] = lambda handler, html=html: _html(html)


def _expected_comments(post, limit, spam, id_of, pingbacks=True):
    comments = fx.comments_of(post, limit, spam=spam, pingbacks=pingbacks)
    by_key = {c["key"]: c for c in comments}
    return comments, [(id_of(c), id_of(by_key[c["parent_key"]]) if c["parent_key"] else None, c["author"], c["text"])
                      for c in fx.thread_order(comments)]


# --- Substack: /api/v1/archive + /api/v1/post/ID/comments ----------------------------------------------
def substack_site() -> tuple[DemoServer, Truth]:
    server, truth, archive, threads = _serve({}), Truth(), [], {}
    routes = server.routes
    base = server.base_url.rstrip("/")
    for number, post in enumerate(POSTS, 1):
        html, _ = fx.api_platform_page(post, "substack")
        path = f"/p/{post['slug']}"
        _route_post(routes, path, html)
        archive.append({"id": 1000 + number, "slug": post["slug"], "title": post["title"],
                        "canonical_url": base + path, "post_date": post["date"].replace(" ", "T") + ".000Z"})
        comments, expected = _expected_comments(post, 8, False, lambda c: f"c-{c['n']}", pingbacks=False)
        children: dict = {}
        for c in comments:
            children.setdefault(c["parent_key"], []).append(c)

        def node(c):
            return {"id": c["n"], "name": c["author"], "body": c["text"], "date": c["date"].replace(" ", "T") + ".000Z",
                    "deleted": False, "children": [node(k) for k in children.get(c["key"], [])]}

        threads[1000 + number] = {"comments": [node(c) for c in children.get(None, [])]}
        truth.posts.add(base + path)
        truth.comments[base + path] = expected

    def api_archive(handler):
        q = _query(handler)
        offset, limit = int(q.get("offset", 0)), min(int(q.get("limit", 12)), 3)  # pages of 3, to exercise paging
        return _json(archive[offset:offset + limit])

    def api_comments(handler):
        post_id = int(handler.path.split("/")[4])
        return _json(threads[post_id])

    routes.update({"/": lambda h: _html(_home([], head='<link rel="preconnect" href="https://substackcdn.com">')),
                   "/robots.txt": _robots(), "/api/v1/archive": api_archive})
    for post_id in threads:
        routes[f"/api/v1/post/{post_id}/comments"] = api_comments
    return server, truth


# --- Blogger: /feeds/posts/default + /feeds/POSTID/comments/default --------------------------------------
def blogger_site() -> tuple[DemoServer, Truth]:
    server, truth, entries, feeds = _serve({}), Truth(), [], {}
    routes = server.routes
    base = server.base_url.rstrip("/")
    for number, post in enumerate(POSTS, 1):
        html, gold = fx.blogger_page(post, inline_comments=False)
        path = urlsplit(gold["url"]).path
        _route_post(routes, path, html)
        post_id = 4400 + number
        comments, expected = _expected_comments(post, 10, True, lambda c: f"c-{5719850000 + c['n']}", pingbacks=False)
        entries.append(f"<entry><id>tag:blogger.com,1999:blog-1.post-{post_id}</id><title>{escape(post['title'])}</title>"
                       f"<link rel='replies' type='application/atom+xml' href='{base}/feeds/{post_id}/comments/default'/>"
                       f"<link rel='alternate' type='text/html' href='{base}{path}'/></entry>")
        by_key = {c["key"]: c for c in comments}
        items = []
        for c in comments:
            related = (f"<link rel='related' href='{base}/feeds/{post_id}/comments/default/{5719850000 + by_key[c['parent_key']]['n']}'/>"
                       if c["parent_key"] else "")
            uri = f"<uri>{escape(c['url'])}</uri>" if c["url"] else ""
            items.append(f"<entry><id>tag:blogger.com,1999:blog-1.post-{5719850000 + c['n']}</id>"
                         f"<published>{c['date'].replace(' ', 'T')}.000-08:00</published>"
                         f"<content type='html'>{escape(fx.paragraphs(c['text']))}</content>"
                         f"<author><name>{escape(c['author'])}</name>{uri}</author>{related}</entry>")
        feeds[post_id] = items
        truth.posts.add(base + path)
        truth.comments[base + path] = expected

    def feed(items, self_url, start, size):
        page = items[start - 1:start - 1 + size]
        more = f"<link rel='next' href='{self_url}?start-index={start + size}&amp;max-results={size}'/>" \
            if start - 1 + size < len(items) else ""
        return _xml(f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>{more}{''.join(page)}</feed>")

    def posts_feed(handler):
        q = _query(handler)
        return feed(entries, f"{base}/feeds/posts/default", int(q.get("start-index", 1)), 2)  # 2 a page: paging

    def comments_feed(handler):
        q = _query(handler)
        post_id = int(handler.path.split("/")[2])
        return feed(feeds[post_id], f"{base}/feeds/{post_id}/comments/default", int(q.get("start-index", 1)), 4)

    routes.update({"/": lambda h: _html(_home([], head="<meta content='blogger' name='generator'/>")),
                   "/robots.txt": _robots(), "/feeds/posts/default": posts_feed})
    for post_id in feeds:
        routes[f"/feeds/{post_id}/comments/default"] = comments_feed
    return server, truth


# --- WordPress whose theme loads comments from the REST API; one post with Disqus ----------------------------
def wordpress_rest_site(crawl_delay: float) -> tuple[DemoServer, Truth]:
    server, truth, rest = _serve({}), Truth(), {}
    routes = server.routes
    base = server.base_url.rstrip("/")
    host = urlsplit(base).netloc
    links = []
    for number, post in enumerate(POSTS, 1):
        html, gold = fx.wordpress_page(post, host, hosted=False, inline_comments=False, post_id=number)
        html = html.replace(f"https://{host}", base)
        path = urlsplit(gold["url"]).path
        if number == 4:  # this one's thread lives on Disqus
            html = html.replace("</body>", '<div id="disqus_thread"></div><script>var disqus_shortname = "attunedroom";'
                                          f' this.page.identifier = "post-{number}";</script></body>')
            truth.external[base + path] = "disqus:attunedroom/post-4 (not captured)"
        else:
            comments, expected = _expected_comments(post, 12, True, lambda c: f"c-{c['n']}")
            rest[number] = [{"id": c["n"], "post": number, "parent": next((p["n"] for p in comments if p["key"] == c["parent_key"]), 0),
                             "author_name": c["author"], "author_url": c["url"] or "",
                             "date": c["date"].replace(" ", "T"), "date_gmt": c["date"].replace(" ", "T"),
                             "content": {"rendered": fx.paragraphs(c["text"])}, "type": "comment"}
                            for c in comments if c["kind"] == "comment"]
            truth.comments[base + path] = [e for e in expected
                                           if e[0] in {f"c-{r['id']}" for r in rest[number]}]
        _route_post(routes, path, html)
        links.append(path)
        truth.posts.add(base + path)

    def rest_comments(handler):
        q = _query(handler)
        items = rest.get(int(q["post"]), [])
        per_page, page = min(int(q.get("per_page", 10)), 5), int(q.get("page", 1))  # 5 a page: paging
        pages = max(1, -(-len(items) // per_page))
        return _json(items[(page - 1) * per_page: page * per_page], {"X-WP-Total": str(len(items)), "X-WP-TotalPages": str(pages)})

    sitemap = "".join(f"<url><loc>{base}{link}</loc></url>" for link in links)
    routes.update({
        "/": lambda h: _html(_home(links, head='<meta name="generator" content="WordPress 6.4.3">',
                                   extra='<a href="/media/42">photo</a>')),
        "/robots.txt": _robots(crawl_delay),
        "/wp-sitemap.xml": lambda h: _xml(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemap}</urlset>', "application/xml"),
        "/wp-json/wp/v2/comments": rest_comments,
        # an image behind a URL without an extension: only its headers say what it is
        "/media/42": lambda h: (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" + bytes(50_000)),
    })
    for month in range(1, 200):
        routes[f"/calendar/{month}/"] = _calendar
    return server, truth


# --- Ghost, Squarespace, Medium, Psychology Today: posts from feeds and listings; threads elsewhere ---------
def listing_sites() -> list[tuple[str, DemoServer, Truth]]:
    sites = []
    for platform in ("ghost", "squarespace", "medium", "psychologytoday"):
        server, truth = _serve({}), Truth()
        routes = server.routes
        base = server.base_url.rstrip("/")
        paths = []
        for post in POSTS:
            html, gold = fx.api_platform_page(post, platform)
            path = urlsplit(gold["url"]).path
            _route_post(routes, path, html)
            paths.append(path)
            truth.posts.add(base + path)
            if platform == "ghost":  # the members API answers: the thread is captured
                ghost_id = f"65f1c0de{sum(map(ord, post['slug'])):08x}"
                html = html.replace('data-ghost-comments="https://attunedroom.ghost.io/"', f'data-ghost-comments="{base}/"')
                _route_post(routes, path, html)
                comments, expected = _expected_comments(post, 6, False, lambda c: f"c-{c['n']}", pingbacks=False)
                children: dict = {}
                for c in comments:
                    children.setdefault(c["parent_key"], []).append(c)

                def ghost_node(c, children=children):
                    return {"id": str(c["n"]), "html": fx.paragraphs(c["text"]), "status": "published",
                            "created_at": c["date"].replace(" ", "T") + ".000Z", "member": {"name": c["author"]},
                            "replies": [ghost_node(k) for k in children.get(c["key"], [])]}

                tops = [ghost_node(c) for c in children.get(None, [])]

                def members_api(handler, tops=tops):
                    page = int(_query(handler).get("page", 1))
                    shown = tops[(page - 1) * 2: page * 2]  # two threads a page: exercise paging
                    more = page * 2 < len(tops)
                    return _json({"comments": shown, "meta": {"pagination": {"page": page, "next": page + 1 if more else None}}})

                routes[f"/members/api/comments/post/{ghost_id}/"] = members_api
                truth.comments[base + path] = expected
                truth.external[base + path] = "ghost-api (captured)"
            elif platform != "psychologytoday":
                truth.external[base + path] = f"{platform}-api (not captured)"
        rss = "".join(f"<item><title>x</title><link>{base}{p}</link></item>" for p in paths)
        rss_doc = f'<?xml version="1.0"?><rss version="2.0"><channel>{rss}</channel></rss>'
        if platform == "ghost":
            routes["/"] = lambda h: _html(_home([], head='<meta name="generator" content="Ghost 5.82">'))
            routes["/rss/"] = lambda h, doc=rss_doc: _xml(doc, "application/rss+xml")
        elif platform == "squarespace":
            items = [{"id": str(i), "fullUrl": p, "title": "x"} for i, p in enumerate(paths)]

            head = '<script src="https://static1.squarespace.com/static/x/site-bundle.js"></script>'

            def collection(handler, items=items, head=head):
                if _query(handler).get("format") != "json":
                    return _html(_home([], head=head))
                offset = int(_query(handler).get("offset", 0))
                page = items[offset:offset + 2]
                nxt = {"nextPage": True, "nextPageUrl": f"/blog?offset={offset + 2}"} if offset + 2 < len(items) else {"nextPage": False}
                return _json({"items": page, "pagination": nxt})

            routes["/blog"] = collection
        elif platform == "medium":
            routes["/"] = lambda h: _html(_home([], head='<meta property="al:ios:app_name" content="Medium">'))
            routes["/feed"] = lambda h, doc=rss_doc: _xml(doc, "application/rss+xml")
        else:  # a magazine's author blog: listing pages ?page=N, two posts each
            def listing(handler, paths=paths):
                number = int(_query(handler).get("page", 0))
                shown = paths[number * 2:number * 2 + 2]
                more = f'<a href="/us/blog/the-attuned-room?page={number + 1}">Next</a>' if number * 2 + 2 < len(paths) else ""
                return _html(_home(shown, head='<meta property="og:site_name" content="Psychology Today">', extra=more))

            routes["/"] = lambda h: _html(_home(["/us/blog/the-attuned-room"],
                                                head='<meta property="og:site_name" content="Psychology Today">'))
            routes["/us/blog/the-attuned-room"] = listing
        routes["/robots.txt"] = _robots()
        for month in range(1, 200):
            routes[f"/calendar/{month}/"] = _calendar
        sites.append((platform, server, truth))
    return sites

"""The blog spider's platform-specific sources: APIs and feeds that list posts and carry comments the
post pages do not. Parsing lives in ``crawler.sources``; this module only requests and hands over."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import scrapy

from crawler.items import ExternalThreadItem, ThreadItem
from crawler.normalize.threads import finish_comments
from crawler.sources import blogger, ghost, isso, substack, wordpress_rest
from crawler.sources.widgets import external_thread



class PlatformSources:
    """Mixed into BlogSpider: ``self._follow``, ``self.on_error`` and ``self.parse_page`` come from it."""

    def platform_start(self, response, platform: str):
        """Requests a platform's own post listings offer, once its root page is known."""
        root = response.meta["root"]
        if platform == "substack":
            yield from self._api(root, substack.archive_url(root), self.parse_substack_archive, offset=0)
        elif platform == "blogger":
            yield from self._api(root, blogger.posts_feed_url(root), self.parse_blogger_posts)
        elif platform == "ghost":  # optional sources: a theme may have neither
            yield from self._api(root, urljoin(root, "/rss/"), self.parse_feed, probe=True)
            yield from self._api(root, urljoin(root, "/sitemap-posts.xml"), self.parse_sitemap, probe=True)
        elif platform == "squarespace":
            yield from self._api(root, _with_query(response.url, "format=json"), self.parse_squarespace_collection,
                                 probe=True)
        elif platform == "medium":
            yield from self._api(root, _medium_feed(response.url), self.parse_feed, probe=True)

    def post_sources(self, response, page):
        """Comments a post page points to but does not hold: WordPress REST, and widgets."""
        root = response.meta["root"]
        post_url = response.meta.get("post_url") or self.post_key(page, response)
        if page.platform in ("wordpress", "wordpress.com") and not page.comments and page.comments_source != "disqus":
            post_id = wordpress_rest.post_id_from_page(
                response.xpath("//link[@rel='alternate'][contains(@type,'json')]/@href | //link[@rel='shortlink']/@href").getall())
            if post_id:
                yield from self._api(root, wordpress_rest.comments_url(root, post_id), self.parse_wordpress_comments,
                                post_url=post_url, post_id=post_id, page=1)
        thread = external_thread(page, "\n".join(response.xpath("//script/text() | //script/@src").getall()), post_url)
        if thread:
            yield ExternalThreadItem(root=root, post_url=post_url, thread=thread)
        if page.comments_source == "ghost-api":  # the members API answers anonymous readers: try it
            target = ghost.widget_target([script.attrib for script in response.xpath("//script[@src]")], response.url)
            if target:
                site, ghost_id = target
                yield from self._api(root, ghost.comments_url(site, ghost_id), self.parse_ghost_comments,
                                     post_url=post_url, site=site, ghost_id=ghost_id, probe=True)

        if page.comments_source == "isso":  # a self-hosted server, often on another host: named by the page
            thread = response.xpath("//*[@id='isso-thread']")
            target = isso.widget_target([script.attrib for script in response.xpath("//script")],
                                        thread[0].attrib if thread else None, response.url)
            if target:
                endpoint, uri = target
                yield from self._api(root, isso.thread_url(endpoint, uri), self.parse_isso_comments, widget=True,
                                     post_url=post_url, endpoint=endpoint, thread=uri, offset=0)

    # --- Substack ---------------------------------------------------------------------------------------
    def parse_substack_archive(self, response):
        root = response.meta["root"]
        posts, next_url = substack.parse_archive(response.body, root, response.meta["offset"])
        self.listings.learn("parse_substack_archive", response.url, response.body, root=root,
                            offset=response.meta["offset"])
        for post in posts:
            yield from self._follow(response, post.url, self.parse_page, priority=60)
            yield from self._api(root, post.comments_url, self.parse_thread, post_url=post.url, source="substack-api",
                            parser="substack")
        if next_url:
            yield from self._api(root, next_url, self.parse_substack_archive, offset=response.meta["offset"] + len(posts))

    # --- Blogger ----------------------------------------------------------------------------------------
    def parse_blogger_posts(self, response):
        root = response.meta["root"]
        posts, next_url = blogger.parse_posts(response.body)
        self.listings.learn("parse_blogger_posts", response.url, response.body)
        for post in posts:
            yield from self._follow(response, post.url, self.parse_page, priority=60)
            if post.comments_url:
                yield from self._api(root, post.comments_url, self.parse_thread, post_url=post.url, source="blogger-feed",
                                parser="blogger")
        if next_url:
            yield from self._api(root, next_url, self.parse_blogger_posts)

    # --- WordPress REST ---------------------------------------------------------------------------------
    def parse_wordpress_comments(self, response):
        meta = response.meta
        total = int(response.headers.get(b"X-WP-TotalPages", b"1") or 1)
        page = wordpress_rest.parse_comments(response.body, meta["root"], meta["post_id"], meta["page"], total)
        yield self._thread_item(response, page.comments, "wordpress-rest")
        if page.next_url:
            yield from self._api(meta["root"], page.next_url, self.parse_wordpress_comments, post_url=meta["post_url"],
                            post_id=meta["post_id"], page=meta["page"] + 1)

    # --- Ghost -------------------------------------------------------------------------------------------
    def parse_ghost_comments(self, response):
        meta = response.meta
        page = ghost.parse_comments(response.body, meta["site"], meta["ghost_id"])
        yield self._thread_item(response, page.comments, "ghost-api")
        yield ExternalThreadItem(root=meta["root"], post_url=meta["post_url"], thread="ghost-api (captured)")
        if page.next_url:
            yield from self._api(meta["root"], page.next_url, self.parse_ghost_comments, post_url=meta["post_url"],
                                 site=meta["site"], ghost_id=meta["ghost_id"], probe=True)
        for comment_id in ghost.hidden_replies(response.body):
            yield from self._api(meta["root"], ghost.replies_url(meta["site"], comment_id), self.parse_ghost_replies,
                                 post_url=meta["post_url"], site=meta["site"], comment_id=comment_id, probe=True)

    def parse_ghost_replies(self, response):
        meta = response.meta
        page = ghost.parse_replies(response.body, meta["site"], meta["comment_id"])
        yield self._thread_item(response, page.comments, "ghost-api")
        if page.next_url:
            yield from self._api(meta["root"], page.next_url, self.parse_ghost_replies, post_url=meta["post_url"],
                                 site=meta["site"], comment_id=meta["comment_id"], probe=True)

    # --- Isso ----------------------------------------------------------------------------------------------
    def parse_isso_comments(self, response):
        meta = response.meta
        endpoint, uri, offset = meta["endpoint"], meta["thread"], meta["offset"]
        page = isso.parse_thread(response.body, endpoint, uri, offset)
        yield self._thread_item(response, page.comments, "isso-api")
        follow = [page.next_url] if page.next_url else []
        if "&parent=" not in response.url:  # replies a top-level answer left out come from their own pages
            follow += isso.hidden_reply_urls(response.body, endpoint, uri)
        for url in follow:
            yield from self._api(meta["root"], url, self.parse_isso_comments, widget=True, post_url=meta["post_url"],
                                 endpoint=endpoint, thread=uri, offset=int(url.split("&offset=")[1].split("&")[0]))

    # --- Squarespace ------------------------------------------------------------------------------------
    def parse_squarespace_collection(self, response):
        root = response.meta["root"]
        try:
            data = json.loads(response.body)
        except ValueError:  # not a collection page: the root is not the blog's own listing
            return
        for url in self.listings.learn("parse_squarespace_collection", response.url, response.body, root=root):
            yield from self._follow(response, url, self.parse_page, priority=60)
        pagination = (data.get("pagination") or {}) if isinstance(data, dict) else {}
        if pagination.get("nextPage") and pagination.get("nextPageUrl"):
            yield from self._api(root, _with_query(urljoin(root, pagination["nextPageUrl"]), "format=json"),
                            self.parse_squarespace_collection)

    # --- shared -----------------------------------------------------------------------------------------
    def parse_thread(self, response):
        parser = {"substack": substack.parse_comments, "blogger": blogger.parse_comments}[response.meta["parser"]]
        page = parser(response.body)
        yield self._thread_item(response, page.comments, response.meta["source"])
        if page.next_url:
            yield from self._api(response.meta["root"], page.next_url, self.parse_thread, post_url=response.meta["post_url"],
                            source=response.meta["source"], parser=response.meta["parser"])

    def _thread_item(self, response, comments, source: str) -> ThreadItem:
        post_url = response.meta["post_url"]
        comments = finish_comments(comments)
        self.comments_seen.update((post_url, c.id) for c in comments)
        return ThreadItem(root=response.meta["root"], post_url=post_url, comments=comments,
                          capture_id=response.meta.get("capture_id"), source=source)

    def _api(self, root: str, url: str, callback, *, widget: bool = False, **meta):
        """A feed or API request: not a page, so no page trap rules, but the site's host and budget.
        ``widget``: a comment server the site's own page names, which may live on another host."""
        if self.admit(url, root, any_host=widget):
            yield scrapy.Request(url, callback=callback, errback=self.on_error, meta={"root": root, **meta},
                                 priority=75)


def _with_query(url: str, extra: str) -> str:
    return url + ("&" if urlsplit(url).query else "?") + extra


def _medium_feed(url: str) -> str:
    """medium.com/@user -> medium.com/feed/@user; a publication's own domain -> /feed."""
    parts = urlsplit(url)
    first = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
    if parts.netloc.endswith("medium.com") and first:
        return f"{parts.scheme}://{parts.netloc}/feed/{first}"
    return f"{parts.scheme}://{parts.netloc}/feed"

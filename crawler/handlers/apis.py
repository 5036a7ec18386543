"""Handlers for platform APIs and comment servers: where posts are listed and comments kept besides the
pages (Substack, Blogger, Squarespace, the WordPress REST API, Ghost's members API, Isso)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from archive.records import ExternalThread, Thread
from crawler.normalize import Extract
from crawler.normalize.model import ListedPost
from crawler.normalize.threads import finish_comments
from crawler.sources import blogger, ghost, isso, squarespace, substack, wordpress_rest
from crawler.sources.feeds import parse_feed
from crawler.urls import post_key

from .model import CrawlState, FollowUp, Outcome, Response

API_PRIORITY = 75


def platform_sources(response: Response, platform: str) -> list[FollowUp]:
    """The listings a platform offers besides its pages, asked for once its root page is read."""
    root = response.root
    if platform == "substack":
        return [_api(root, substack.archive_url(root), "substack-archive", offset="0")]
    if platform == "blogger":
        return [_api(root, blogger.posts_feed_url(root), "blogger-posts")]
    if platform == "ghost":  # optional sources: a theme may have neither
        return [_api(root, urljoin(root, "/rss/"), "feed", optional=True),
                _api(root, urljoin(root, "/sitemap-posts.xml"), "sitemap", optional=True)]
    if platform == "squarespace":
        return [_api(root, _with_query(response.url, "format=json"), "squarespace-collection", optional=True)]
    if platform == "medium":
        return [_api(root, _medium_feed(response.url), "feed", optional=True)]
    return []


def comment_sources(response: Response, page: Extract) -> list[FollowUp]:
    """Comments a post page points to but does not hold: the WordPress REST API and comment widgets."""
    root, embeds = response.root, page.embeds
    post_url = post_key(response.url, page.canonical_url)
    follow = []
    if page.platform in ("wordpress", "wordpress.com") and not page.comments and page.comments_source != "disqus" \
            and embeds.wordpress_post_id:
        follow.append(_api(root, wordpress_rest.comments_url(root, embeds.wordpress_post_id), "wordpress-comments",
                           post_url=post_url, post_id=embeds.wordpress_post_id, page="1"))
    if page.comments_source == "ghost-api" and embeds.ghost:  # the members API answers anonymous readers
        site, ghost_id = embeds.ghost
        follow.append(_api(root, ghost.comments_url(site, ghost_id), "ghost-comments", optional=True,
                           post_url=post_url, site=site, ghost_id=ghost_id))
    if page.comments_source == "isso" and embeds.isso:  # a self-hosted server, often on another host
        endpoint, uri = embeds.isso
        follow.append(_api(root, isso.thread_url(endpoint, uri), "isso-comments", scope="widget",
                           post_url=post_url, endpoint=endpoint, thread=uri, offset="0"))
    return follow


# --- listings ---------------------------------------------------------------------------------------------
def substack_archive(response: Response, state: CrawlState) -> Outcome:
    root, offset = response.root, int(response.context.get("offset") or 0)
    posts, next_url = substack.parse_archive(response.body, root, offset)
    state.listings.add_all(response.url, [(post.url, ListedPost(source="api")) for post in posts])
    follow = []
    for post in posts:
        follow.append(FollowUp(post.url, "page", {"root": root}, priority=60))
        follow.append(_api(root, post.comments_url, "thread", post_url=post.url, source="substack-api",
                           parser="substack"))
    if next_url:
        follow.append(_api(root, next_url, "substack-archive", offset=str(offset + len(posts))))
    return Outcome(follow=follow)


def blogger_posts(response: Response, state: CrawlState) -> Outcome:
    root = response.root
    posts, next_url = blogger.parse_posts(response.body)
    state.listings.add_all(response.url, parse_feed(response.body))  # the feed carries each post's text
    follow = []
    for post in posts:
        follow.append(FollowUp(post.url, "page", {"root": root}, priority=60))
        if post.comments_url:
            follow.append(_api(root, post.comments_url, "thread", post_url=post.url, source="blogger-feed",
                               parser="blogger"))
    if next_url:
        follow.append(_api(root, next_url, "blogger-posts"))
    return Outcome(follow=follow)


def squarespace_collection(response: Response, state: CrawlState) -> Outcome:
    root = response.root
    posts, next_page = squarespace.parse_collection(response.body, root)
    urls = state.listings.add_all(response.url, posts)
    follow = [FollowUp(url, "page", {"root": root}, priority=60) for url in urls]
    if next_page:
        follow.append(_api(root, _with_query(next_page, "format=json"), "squarespace-collection"))
    return Outcome(follow=follow)


# --- comment threads --------------------------------------------------------------------------------------
THREAD_PARSERS = {"substack": substack.parse_comments, "blogger": blogger.parse_comments}


def thread(response: Response, state: CrawlState) -> Outcome:
    context = response.context
    page = THREAD_PARSERS[context["parser"]](response.body)
    follow = [_api(response.root, page.next_url, "thread", **_keep(context, "post_url", "source", "parser"))] \
        if page.next_url else []
    return Outcome([_thread(response, page.comments, context["source"])], follow)


def wordpress_comments(response: Response, state: CrawlState) -> Outcome:
    context = response.context
    number = int(context["page"])
    total = int(response.headers.get("x-wp-totalpages", "1") or 1)
    page = wordpress_rest.parse_comments(response.body, response.root, context["post_id"], number, total)
    follow = [_api(response.root, page.next_url, "wordpress-comments", **_keep(context, "post_url", "post_id"),
                   page=str(number + 1))] if page.next_url else []
    return Outcome([_thread(response, page.comments, "wordpress-rest")], follow)


def ghost_comments(response: Response, state: CrawlState) -> Outcome:
    context = response.context
    site, post_url = context["site"], context["post_url"]
    page = ghost.parse_comments(response.body, site, context["ghost_id"])
    records = [_thread(response, page.comments, "ghost-api"),
               ExternalThread(post_url, response.root, "ghost-api (captured)", response.fetched_at)]
    follow = [_api(response.root, page.next_url, "ghost-comments", optional=True,
                   **_keep(context, "post_url", "site", "ghost_id"))] if page.next_url else []
    follow += [_api(response.root, ghost.replies_url(site, comment_id), "ghost-replies", optional=True,
                    post_url=post_url, site=site, comment_id=comment_id)
               for comment_id in ghost.hidden_replies(response.body)]
    return Outcome(records, follow)


def ghost_replies(response: Response, state: CrawlState) -> Outcome:
    context = response.context
    page = ghost.parse_replies(response.body, context["site"], context["comment_id"])
    follow = [_api(response.root, page.next_url, "ghost-replies", optional=True,
                   **_keep(context, "post_url", "site", "comment_id"))] if page.next_url else []
    return Outcome([_thread(response, page.comments, "ghost-api")], follow)


def isso_comments(response: Response, state: CrawlState) -> Outcome:
    context = response.context
    endpoint, uri = context["endpoint"], context["thread"]
    page = isso.parse_thread(response.body, endpoint, uri, int(context.get("offset") or 0))
    urls = [page.next_url] if page.next_url else []
    if "&parent=" not in response.url:  # replies a top-level answer left out come from their own pages
        urls += isso.hidden_reply_urls(response.body, endpoint, uri)
    follow = [_api(response.root, url, "isso-comments", scope="widget", **_keep(context, "post_url", "endpoint", "thread"),
                   offset=url.split("&offset=")[1].split("&")[0]) for url in urls]
    return Outcome([_thread(response, page.comments, "isso-api")], follow)


# --- shared ------------------------------------------------------------------------------------------------
def _thread(response: Response, comments, source: str) -> Thread:
    return Thread(response.context["post_url"], response.root, tuple(finish_comments(comments)),
                  response.capture_id, response.fetched_at, source)


def _api(root: str, url: str, handler: str, *, scope: str = "api", optional: bool = False, **context: str) -> FollowUp:
    """A feed or API request: not a page, so no page trap rules, but the site's host and budget."""
    return FollowUp(url, handler, {"root": root, **context}, priority=API_PRIORITY, scope=scope, optional=optional)


def _keep(context, *names: str) -> dict[str, str]:
    return {name: context[name] for name in names}


def _with_query(url: str, extra: str) -> str:
    return url + ("&" if urlsplit(url).query else "?") + extra


def _medium_feed(url: str) -> str:
    """medium.com/@user -> medium.com/feed/@user; a publication's own domain -> /feed."""
    parts = urlsplit(url)
    first = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
    if parts.netloc.endswith("medium.com") and first:
        return f"{parts.scheme}://{parts.netloc}/feed/{first}"
    return f"{parts.scheme}://{parts.netloc}/feed"

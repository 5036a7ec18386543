"""The generic thread finder: threads in markup no platform selector knows come out as records, and the
comment-like furniture of real pages (listings, related posts, author bios, recent-comments widgets,
forum navigation) gives none. These pages are regression tests written here; the finder's quality is
measured on engines and pages built by others (tests/test_engines.py, bench/real_comment_pages.py)."""

from __future__ import annotations

import pytest

from crawler.normalize import extract

BODY = ("<p>Silence in therapy is not empty. It is full of what has not yet been said, and a therapist learns "
        "to wait for it without filling the room with words of their own.</p>" * 2)


def page(thread: str, *, head: str = "", before: str = "") -> bytes:
    return (f"<html><head><title>On Silence | A Blog</title>{head}</head><body>{before}"
            f"<main><article><h1>On Silence</h1><div class='text'>{BODY}</div></article>{thread}</main>"
            "</body></html>").encode("utf-8")


def found(html: bytes) -> list[tuple]:
    result = extract(html, "https://blog.example.org/2021/03/on-silence/")
    by_id = {c.id: c for c in result.comments}
    return [(c.author, c.published[:10] if c.published else None, c.text,
             by_id[c.parent_id].author if c.parent_id else None) for c in result.comments]


THREADS = {
    "plain custom blog": """<h2>3 Comments</h2><ul class="comment-list">
        <li class="comment"><span class="comment-author">Jürgen</span> <span class="comment-date">12. März 2021</span>
          <div class="comment-text"><p>Danke für diesen Text.</p></div>
          <ul class="replies"><li class="comment"><span class="comment-author">Ana</span>
            <span class="comment-date">13. März 2021</span><div class="comment-text"><p>Thank you.</p></div></li></ul></li>
        <li class="comment"><span class="comment-author">Bea</span> <span class="comment-date">14. März 2021</span>
          <div class="comment-text"><p>I sat in silence once.</p></div></li></ul>""",
    "Disqus rendered into the saved page": """<div id="disqus_thread"><ul id="post-list" class="post-list">
        <li class="post" id="post-101"><div class="post-content"><header class="comment__header"><span class="post-byline">
          <span class="author"><a href="https://disqus.com/by/j/">Jürgen</a></span></span><span class="post-meta">
          <a class="time-ago" href="#comment-101" title="Friday, March 12, 2021 9:00 AM">3 years ago</a></span></header>
          <div class="post-message"><p>Danke für diesen Text.</p></div><footer><menu><li class="reply"><a>Reply</a></li>
          </menu></footer></div>
          <ul class="children"><li class="post" id="post-102"><div class="post-content"><header class="comment__header">
            <span class="post-byline"><span class="author"><a href="https://disqus.com/by/a/">Ana</a></span></span>
            <span class="post-meta"><a class="time-ago" href="#comment-102" title="Saturday, March 13, 2021 9:00 AM">3 years
            ago</a></span></header><div class="post-message"><p>Thank you.</p></div></div></li></ul></li>
        <li class="post" id="post-103"><div class="post-content"><header class="comment__header"><span class="post-byline">
          <span class="author"><a href="https://disqus.com/by/b/">Bea</a></span></span><span class="post-meta">
          <a class="time-ago" href="#comment-103" title="Sunday, March 14, 2021 9:00 AM">3 years ago</a></span></header>
          <div class="post-message"><p>I sat in silence once.</p></div></div></li></ul></div>""",
    "Substack thread rendered into the saved page": """<div class="comments-page"><div class="comment-list">
        <div class="comment-list-item"><div class="comment" id="comment-7001"><div class="comment-meta">
          <span class="commenter-name"><a href="https://substack.com/@j">Jürgen</a></span>
          <a class="comment-date" href="/p/on-silence/comment/7001"><time datetime="2021-03-12T09:00:00.000Z">Mar 12, 2021</time></a>
          </div><div class="comment-body"><p>Danke für diesen Text.</p></div><div class="comment-actions"><span>Reply</span></div></div>
          <div class="comment-list-items"><div class="comment-list-item"><div class="comment" id="comment-7002">
            <div class="comment-meta"><span class="commenter-name"><a href="https://substack.com/@a">Ana</a></span>
            <a class="comment-date" href="/p/on-silence/comment/7002"><time datetime="2021-03-13T09:00:00.000Z">Mar 13, 2021</time></a>
            </div><div class="comment-body"><p>Thank you.</p></div></div></div></div></div>
        <div class="comment-list-item"><div class="comment" id="comment-7003"><div class="comment-meta">
          <span class="commenter-name"><a href="https://substack.com/@b">Bea</a></span>
          <a class="comment-date" href="/p/on-silence/comment/7003"><time datetime="2021-03-14T09:00:00.000Z">Mar 14, 2021</time></a>
          </div><div class="comment-body"><p>I sat in silence once.</p></div></div></div></div></div>""",
    "Squarespace thread rendered into the saved page": """<div class="squarespace-comments"><div class="comment-list">
        <div class="comment" data-comment-id="a1"><div class="comment-body"><div class="comment-header">
          <span class="comment-author"><a href="https://j.example">Jürgen</a></span>
          <span class="comment-date">March 12, 2021</span></div><div class="comment-text">Danke für diesen Text.</div>
          <div class="comment-actions"><a class="reply">Reply</a> <a class="like">Like</a></div></div>
          <div class="comment-replies"><div class="comment" data-comment-id="a2"><div class="comment-body">
            <div class="comment-header"><span class="comment-author">Ana</span><span class="comment-date">March 13, 2021</span>
            </div><div class="comment-text">Thank you.</div></div></div></div></div>
        <div class="comment" data-comment-id="a3"><div class="comment-body"><div class="comment-header">
          <span class="comment-author">Bea</span><span class="comment-date">March 14, 2021</span></div>
          <div class="comment-text">I sat in silence once.</div></div></div></div></div>""",
    "flat thread with depth classes (LiveJournal style)": """<div id="comments"><h3>Comments</h3>
        <div class="b-tree-twig b-tree-twig-1" style="margin-left:0px"><div class="comment depth-1" id="t101">
          <span class="comment-poster"><a class="i-ljuser-username">Jürgen</a></span> <span class="comment-datetime">2021-03-12 09:00</span>
          <div class="comment-text">Danke für diesen Text.</div></div></div>
        <div class="b-tree-twig b-tree-twig-2" style="margin-left:30px"><div class="comment depth-2" id="t102">
          <span class="comment-poster"><a class="i-ljuser-username">Ana</a></span> <span class="comment-datetime">2021-03-13 09:00</span>
          <div class="comment-text">Thank you.</div></div></div>
        <div class="b-tree-twig b-tree-twig-1" style="margin-left:0px"><div class="comment depth-1" id="t103">
          <span class="comment-poster"><a class="i-ljuser-username">Bea</a></span> <span class="comment-datetime">2021-03-14 09:00</span>
          <div class="comment-text">I sat in silence once.</div></div></div></div>""",
    "schema.org Comment microdata": """<section>
        <div itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="c1">
          <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jürgen</span></span>
          <meta itemprop="dateCreated" content="2021-03-12"><p itemprop="text">Danke für diesen Text.</p>
          <div itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="c2">
            <span itemprop="author">Ana</span><time itemprop="dateCreated" datetime="2021-03-13">13 March</time>
            <p itemprop="text">Thank you.</p></div></div>
        <div itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="c3">
          <span itemprop="author">Bea</span><meta itemprop="dateCreated" content="2021-03-14">
          <p itemprop="text">I sat in silence once.</p></div></section>""",
    "microformats h-cite with u-in-reply-to": """<div class="h-entry">
        <div class="p-comment h-cite" id="c1"><a class="p-author h-card" href="https://j.example">Jürgen</a>
          <time class="dt-published" datetime="2021-03-12T09:00:00+00:00">12 March</time>
          <a class="u-url" href="#c1">#</a><div class="e-content">Danke für diesen Text.</div></div>
        <div class="p-comment h-cite" id="c2"><a class="p-author h-card" href="https://a.example">Ana</a>
          <a class="u-in-reply-to" href="#c1">in reply</a><a class="u-url" href="#c2">#</a>
          <time class="dt-published" datetime="2021-03-13T09:00:00+00:00">13 March</time>
          <div class="e-content">Thank you.</div></div>
        <div class="p-comment h-cite" id="c3"><a class="p-author h-card" href="https://b.example">Bea</a>
          <time class="dt-published" datetime="2021-03-14T09:00:00+00:00">14 March</time>
          <a class="u-url" href="#c3">#</a><div class="e-content">I sat in silence once.</div></div></div>""",
}
EXPECTED = [("Jürgen", "2021-03-12", "Danke für diesen Text.", None), ("Ana", "2021-03-13", "Thank you.", "Jürgen"),
            ("Bea", "2021-03-14", "I sat in silence once.", None)]


@pytest.mark.parametrize("name", THREADS)
def test_a_thread_in_markup_no_selector_knows(name):
    assert found(page(THREADS[name])) == EXPECTED


def test_json_ld_comment_arrays():
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting", '
          '"headline": "On Silence", "comment": [{"@type": "Comment", "author": {"@type": "Person", "name": "Jürgen"}, '
          '"dateCreated": "2021-03-12", "text": "Danke für diesen Text.", "comment": [{"@type": "Comment", '
          '"author": "Ana", "dateCreated": "2021-03-13", "text": "Thank you."}]}, {"@type": "Comment", '
          '"author": {"name": "Bea"}, "dateCreated": "2021-03-14", "text": "I sat in silence once."}]}</script>')
    assert found(page("", head=ld)) == EXPECTED


FURNITURE = {
    "related posts": """<section class="related-posts"><h3>Related</h3><ul>
        <li class="related-post"><a href="/a/">On Waiting</a> <span class="author">Ana</span> <time>March 1, 2021</time>
          <p>Waiting is an art.</p></li>
        <li class="related-post"><a href="/b/">On Listening</a> <span class="author">Bea</span> <time>March 2, 2021</time>
          <p>Listening is an art.</p></li></ul></section>""",
    "author bio": """<div class="author-box"><span class="author-name">Nora Whitfield</span>
        <time>March 1, 2021</time><p>Nora is a psychotherapist in Chicago.</p></div>""",
    "recent comments widget": """<aside id="secondary" class="widget-area"><section id="recent-comments-2"
        class="widget widget_recent_comments"><h2 class="widget-title">Recent Comments</h2><ul id="recentcomments">
        <li class="recentcomments"><span class="comment-author-link">Bob</span> on <a href="/x/#comment-3">Another post</a></li>
        <li class="recentcomments"><span class="comment-author-link">Al</span> on <a href="/y/#comment-4">Post two</a></li>
        </ul></section></aside>""",
    "forum navigation": """<nav class="forum-nav"><ul><li class="thread"><a href="/t/1">Anxiety at night</a>
        <span class="user">Ana</span> <span class="date">12.03.2021</span> <span>4 replies</span></li>
        <li class="thread"><a href="/t/2">Finding a therapist</a> <span class="user">Bea</span>
        <span class="date">13.03.2021</span> <span>9 replies</span></li></ul></nav>""",
    "empty comment form": """<div id="comments" class="comments-area"><div id="respond" class="comment-respond">
        <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><form id="commentform" class="comment-form">
        <p class="comment-notes">Your email address will not be published.</p><p class="comment-form-author">
        <label for="author">Name</label><input id="author" name="author"></p><p class="comment-form-comment">
        <label for="comment">Comment</label><textarea id="comment"></textarea></p></form></div></div>""",
    "hidden comment template": """<div class="comments-list"><div class="dummy-comment hidden">
        <div class="comment"><span class="comment-author">Unnamed</span><span class="comment-date">01.01.2020</span>
        <div class="comment-text">template</div></div><div class="comment"><span class="comment-author">Unnamed</span>
        <span class="comment-date">01.01.2020</span><div class="comment-text">template</div></div></div></div>""",
}


@pytest.mark.parametrize("name", FURNITURE)
def test_comment_like_furniture_gives_no_comments(name):
    assert found(page(FURNITURE[name])) == []


def test_a_listing_of_excerpts_is_no_thread():
    teasers = "".join(f"""<article class="post hentry"><h2 class="entry-title"><a href="/2021/0{i}/p{i}/">Post {i}</a></h2>
        <span class="author">Nora</span> <time datetime="2021-0{i}-01">March {i}, 2021</time><p>Excerpt {i} of a post
        about therapy and the room.</p></article>""" for i in range(1, 5))
    html = f"<html><head><title>A Blog</title></head><body><main>{teasers}</main></body></html>".encode()
    result = extract(html, "https://blog.example.org/")
    assert result.page_type == "listing" and result.comments == []


def test_a_page_of_recent_comments_on_other_posts_is_no_thread():
    items = "".join(f"""<div class="comment" id="comment-{i}"><div class="comment-subject">
        <a href="/posts/p{i}/#comment-{i}">comment {i}</a></div><div class="inlinecontent">Comment {i} on post {i}.</div>
        <div class="comment-header">Comment by <span class="author">Reader {i}</span> &mdash;
        <span class="date">Tue Sep 2{i} 13:27:00 2019</span></div></div>""" for i in range(1, 4))
    html = f"<html><head><title>Recent comments</title></head><body><h1>Recent comments</h1>{items}</body></html>"
    assert extract(html.encode(), "https://blog.example.org/comments/").comments == []


@pytest.mark.parametrize("declared", ['<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', ""])
def test_a_windows_1252_page_gives_the_same_thread(declared):
    html = page(THREADS["plain custom blog"], head=declared).decode("utf-8").encode("windows-1252")
    assert found(html) == EXPECTED


def test_pingbacks_printed_without_a_comment_id_are_kept():
    thread = """<div id="comments"><ol class="commentlist">
        <li id="comment-7" class="comment"><div class="comment-author"><cite class="fn">Ana</cite></div>
          <div class="comment-meta"><a href="#comment-7">March 13, 2021</a></div><p>Thank you.</p></li>
        <li class="post pingback"><p>Pingback: <a class="url" rel="external nofollow ugc"
          href="https://other.example/a-reply/">A reply on another blog | Other</a></p></li>
        <li class="post pingback"><p>Pingback: <a class="url" href="https://third.example/x/">Third | Blog</a></p></li>
        </ol></div>"""
    html = page(thread, head='<meta name="generator" content="WordPress 6.4">')
    comments = extract(html, "https://blog.example.org/2021/03/on-silence/").comments
    assert [(c.kind, c.author, c.author_url) for c in comments] == [
        ("comment", "Ana", None), ("pingback", "A reply on another blog | Other", "https://other.example/a-reply/"),
        ("pingback", "Third | Blog", "https://third.example/x/")]
    assert len({c.id for c in comments}) == 3


def test_layout_classes_on_the_page_are_no_sidebar():
    html = page(THREADS["plain custom blog"]).replace(b"<body>", b'<body class="page no-sidebars">')
    html = html.replace(b"<main>", b'<main><div class="layout has-sidebar">').replace(b"</main>", b"</div></main>")
    assert found(html) == EXPECTED

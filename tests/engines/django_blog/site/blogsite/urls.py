from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView
from django_comments.feeds import LatestCommentFeed

from blog.feeds import LatestPostsFeed
from blog.sitemaps import PostSitemap, StaticViewSitemap

sitemaps = {"posts": PostSitemap, "static": StaticViewSitemap}

urlpatterns = [
    path("", include("blog.urls")),
    path("about/", flatpage_views.flatpage, {"url": "/about/"}, name="about"),
    path("feed/", LatestPostsFeed(), name="post_feed"),
    path("feed/comments/", LatestCommentFeed(), name="comment_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("comments/", include("django_comments_xtd.urls")),
    path("admin/", admin.site.urls),
]

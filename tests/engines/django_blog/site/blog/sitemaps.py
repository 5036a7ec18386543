from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Post


class PostSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Post.objects.published()

    def lastmod(self, obj):
        return obj.published


class StaticViewSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return ["blog:post_list", "about"]

    def location(self, item):
        return reverse(item)

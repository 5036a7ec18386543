from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Rss201rev2Feed

from .models import Post
from .templatetags.blog_extras import markdown_to_html


class LatestPostsFeed(Feed):
    feed_type = Rss201rev2Feed
    title = "The Attuned Room"
    link = reverse_lazy("blog:post_list")
    description = "Notes on psychotherapy, kindness and connection"

    def items(self):
        return Post.objects.published().select_related("author")[:10]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return markdown_to_html(item.body)

    def item_author_name(self, item):
        return item.author.get_full_name()

    def item_pubdate(self, item):
        return item.published

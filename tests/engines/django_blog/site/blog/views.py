from django.views.generic import DateDetailView, ListView

from .models import Post


class PostListView(ListView):
    queryset = Post.objects.published().select_related("author")
    paginate_by = 3
    template_name = "blog/post_list.html"


class PostDetailView(DateDetailView):
    queryset = Post.objects.published().select_related("author")
    date_field = "published"
    month_format = "%m"
    template_name = "blog/post_detail.html"

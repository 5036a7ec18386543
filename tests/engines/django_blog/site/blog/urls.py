from django.urls import path

from . import views

app_name = "blog"
urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("blog/<int:year>/<str:month>/<str:day>/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
]

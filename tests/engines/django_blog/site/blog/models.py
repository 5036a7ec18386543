from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED, published__lte=timezone.now())


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique_for_date="published")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="blog_posts")
    published = models.DateTimeField(default=timezone.now)
    body = models.TextField(help_text="Markdown")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    allow_comments = models.BooleanField("allow comments", default=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        day = timezone.localtime(self.published)
        return reverse("blog:post_detail", kwargs={
            "year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": self.slug})

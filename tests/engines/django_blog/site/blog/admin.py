from django.contrib import admin

from .models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "published", "status"]
    list_filter = ["status", "published", "author"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published"

import markdown as md
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def markdown_to_html(text):
    return md.markdown(text, output_format="html")


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(markdown_to_html(text))

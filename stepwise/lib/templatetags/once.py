"""``{% one_time_token %}``: the hidden one-time token of a create form that is only a button
(copy a template, start a new version), where no form object is drawn."""

from uuid import uuid4

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def one_time_token() -> SafeString:
    return format_html('<input type="hidden" name="token" value="{}">', uuid4())

"""``{% menu_items %}``: the site menu's items (``lib/_menu_items.html``), which ``base.html``
shows twice (in a row on wide screens, folded on narrow ones), rendered once per page."""

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_items(context: Context) -> SafeString:
    # The render context lives as long as this one rendering of the page.
    rendered = context.render_context.get("menu_items")
    if rendered is None:
        engine = context.template.engine  # type: ignore[union-attr]  # set while a template renders
        rendered = engine.get_template("lib/_menu_items.html").render(context)
        context.render_context["menu_items"] = rendered
    return rendered

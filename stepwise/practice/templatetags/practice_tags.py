"""``{% practice_standing person as standing %}``: where the executive stands in their 12-step
practice, for the line on their coach's engagement page (one query, on that page only)."""

from typing import TYPE_CHECKING

from django import template

from stepwise.practice.selectors import Standing, standing

if TYPE_CHECKING:
    from stepwise.users.models import User

register = template.Library()


@register.simple_tag
def practice_standing(person: "User") -> Standing:
    return standing(person)

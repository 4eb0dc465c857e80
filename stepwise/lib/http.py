"""Typing help for views behind ``@login_required``: their request always has a real user."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from stepwise.users.models import User


class AuthedRequest(HttpRequest):
    user: "User"

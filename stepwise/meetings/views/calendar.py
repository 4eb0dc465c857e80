"""Step 5: calendar pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""Step 5: sessions pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""Step 5: messages pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

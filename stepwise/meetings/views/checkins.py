"""Step 5: checkins pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

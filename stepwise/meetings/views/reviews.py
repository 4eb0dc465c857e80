"""Step 5: reviews pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

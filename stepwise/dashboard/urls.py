from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("engagements/<uuid:public_id>/", views.engagement_detail, name="engagement_detail"),
]
